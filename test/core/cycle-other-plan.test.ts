/**
 * The cycle works for any plan (issue 15 item 7): another city's plan (北浜市, FY2024–2028, evaluation year 2025,
 * its own departments and grade scale), no 所属長 step, and a department with two 入力担当者 where either may submit —
 * one submits, the coordinator returns one indicator, the other fixes and submits again, the coordinator confirms.
 * Everything goes through the same core jobs the shells call (the sidebar's saveForm, confirmTab, returnTab,
 * cycleStatus, closeYear) over an in-memory workbook.
 */
import { calendarDate } from '../../src/core/calendar';
import { closeLine } from '../../src/core/cycle/board-text';
import { confirmTab, cycleStatus, readReviewLog, returnTab, type CycleActing } from '../../src/core/cycle';
import { initWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { readSettings } from '../../src/core/layout/settings';
import { authorize } from '../../src/core/roles';
import { deptForm, saveForm } from '../../src/core/sidebar/service';
import type { Field } from '../../src/core/sidebar/types';
import { closeYear, UnconfirmedError } from '../../src/core/year-lock';
import { MemoryWorkbook } from '../support/memory-workbook';
import { otherCity } from '../support/plans';

const COORD = 'dx-kanri@kitahama.example.lg.jp';
const DX_A = 'dx-a@kitahama.example.lg.jp';
const DX_B = 'dx-b@kitahama.example.lg.jp';
const JINJI = 'jinji@kitahama.example.lg.jp';
const DEPT = 'DX推進課';
const at = (day: number) => calendarDate(2026, 5, day, 10, 0, 0);
const as = (user: string, day: number): CycleActing => ({ actor: { now: at(day), user } });

function book(): MemoryWorkbook {
  const b = new MemoryWorkbook();
  initWorkbook(b, { ...otherCity, settings: { ...otherCity.settings, coordinators: [COORD], editors: { [DEPT]: [DX_A, DX_B], 人事課: [JINJI] } } });
  setupDepartmentTabs(b);
  return b;
}

/** A person saves (and maybe submits) from the sidebar's form, after the shell's role check. */
function enter(b: MemoryWorkbook, user: string, day: number, values: [name: string, field: Field, text: string][], submit: boolean) {
  const settings = readSettings(b.readSheet('設定')).settings!;
  authorize(settings, user, { kind: 'dept', dept: DEPT });
  const form = deptForm(b, DEPT);
  const changes = values.map(([name, field, after]) => {
    const row = form.rows.find((r) => r.name === name)!;
    return { no: row.no, name, field, before: row[field].text, after };
  });
  return saveForm(b, { dept: DEPT, fiscalYear: form.fiscalYear, changes, submit }, as(user, day).actor);
}

const mine = (b: MemoryWorkbook, year: number | null = null) => cycleStatus(b, year).departments.find((d) => d.dept === DEPT)!;

test('another plan, no 所属長 step, two 入力担当者: either submits, a return per indicator, resubmit, confirm; 年度確定 waits for the rest', () => {
  const b = book();
  const start = cycleStatus(b, null);
  expect(start).toMatchObject({ fiscalYear: 2025, evaluationYear: 2025, headStep: false, inUse: false, unconfirmed: [] });
  expect(start.years.map((y) => y.label)).toEqual(['2024年度', '2025年度', '2026年度', '2027年度', '2028年度']);
  expect(start.departments.map((d) => d.dept)).toEqual(['教育総務課', '人事課', '広聴課', DEPT]);
  expect(mine(b)).toMatchObject({ state: '入力中', filled: 0, total: 2, indicators: [{ no: 4, name: '移行システム数' }, { no: 5, name: '運用経費' }] });

  // The first 入力担当者 submits with one entry of two.
  expect(enter(b, DX_A, 10, [['移行システム数', 'actual', '7システム']], true).status).toBe('saved');
  expect(mine(b)).toMatchObject({ state: '提出済', filled: 1, total: 2 });
  // Someone of another department may neither enter here nor confirm; an 入力担当者 cannot confirm their own tab.
  expect(() => enter(b, JINJI, 11, [['運用経費', 'actual', '1千円']], false)).toThrow('「DX推進課」の実績を保存できるのは');
  expect(() => confirmTab(b, { dept: DEPT, year: null }, as(JINJI, 11))).toThrow('調整担当者だけです');
  expect(() => confirmTab(b, { dept: DEPT, year: null }, as(DX_A, 11))).toThrow('調整担当者だけです');

  // The coordinator returns 運用経費 only.
  const back = returnTab(b, { dept: DEPT, year: null, reason: '運用経費が未入力です', indicators: [{ no: 5 }] }, as(COORD, 12));
  expect(back).toMatchObject({ fiscalYear: 2025, from: '提出済', to: '差戻し' });
  expect(mine(b)).toMatchObject({ state: '差戻し', returns: [{ no: 5, indicator: '運用経費', reason: '運用経費が未入力です', by: COORD }] });
  expect(deptForm(b, DEPT).submitted).toBe(false);

  // The other 入力担当者 fixes it and submits again.
  expect(enter(b, DX_B, 13, [['運用経費', 'actual', '11,500千円']], true).status).toBe('saved');
  expect(mine(b)).toMatchObject({ state: '提出済', filled: 2, returns: [] });

  // No 所属長 step in this plan: the coordinator confirms straight from 提出済.
  expect(confirmTab(b, { dept: DEPT, year: null }, as(COORD, 14))).toMatchObject({ from: '提出済', to: '確認済' });
  const s = cycleStatus(b, null);
  expect(s.unconfirmed).toEqual(['教育総務課', '人事課', '広聴課']);
  expect(closeLine(s)).toBe('年度確定はまだできません。確認済みでない部門: 教育総務課・人事課・広聴課（3部門）');

  const records = readReviewLog(b.readSheet('確認履歴')).records;
  expect(records.map((r) => [r.by, r.dept, r.fy, r.act, r.from, r.to])).toEqual([
    [DX_A, DEPT, 2025, '提出', '入力中', '提出済'],
    [COORD, DEPT, 2025, '差戻し', '提出済', '差戻し'],
    [DX_B, DEPT, 2025, '提出', '差戻し', '提出済'],
    [COORD, DEPT, 2025, '確認', '提出済', '確認済'],
  ]);
  // The return's reason stays in the trail after the fix.
  expect(records[1]).toMatchObject({ no: 5, indicator: '運用経費', reason: '運用経費が未入力です' });

  // 年度確定 waits for the other three departments, naming each with its state.
  let refused: unknown;
  try {
    closeYear(b, 2025, as(COORD, 15).actor);
  } catch (e) {
    refused = e;
  }
  expect(refused).toBeInstanceOf(UnconfirmedError);
  expect((refused as UnconfirmedError).departments).toEqual([
    { dept: '教育総務課', state: '入力中' }, { dept: '人事課', state: '入力中' }, { dept: '広聴課', state: '入力中' },
  ]);
  expect((refused as Error).message).toContain('・広聴課（入力中）');
  expect((refused as Error).message).not.toContain(`・${DEPT}`);

  // Another year of this plan has its own, untouched cycle.
  expect(cycleStatus(b, 2026)).toMatchObject({ fiscalYear: 2026, inUse: false, unconfirmed: [] });
  expect(mine(b, 2026).state).toBe('入力中');
});
