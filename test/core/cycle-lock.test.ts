/**
 * A submitted tab's entries are held (issue 15, Deliver 1): the sidebar refuses the department's changes until a
 * 差戻し, a coordinator corrects with a reason only (事務局修正, recorded in 変更履歴 and 確認履歴), and a change made in
 * the file after 提出 (as in Excel) is found against the 照合値 by the board and refused by 確認, as is a tab with errors.
 * On the demo plan in memory, through the core jobs every shell calls.
 */
import { calendarDate } from '../../src/core/calendar';
import { changedSince, confirmTab, cycleStatus, entryCheck, readReviewLog, returnTab, REVIEW_HEADERS, type CycleActing } from '../../src/core/cycle';
import { readDeptTab } from '../../src/core/layout/department';
import { deptForm, saveForm } from '../../src/core/sidebar/service';
import type { DeptForm, FormChange, FormRow } from '../../src/core/sidebar/types';
import { parseA1 } from '../../src/core/workbook';
import type { MemoryWorkbook } from '../support/memory-workbook';
import { demoBook } from '../support/plans';

const COORD = 'kikaku@city.example.lg.jp';
const KOHO = 'koho@city.example.lg.jp';
const DEPT = '広報課';
const at = (day: number) => ({ now: calendarDate(2021, 5, day, 9, 0, 0), user: KOHO });
const coord = (day = 20): CycleActing => ({ actor: { now: calendarDate(2021, 5, day, 10, 0, 0), user: COORD } });

function book(): MemoryWorkbook {
  const b = demoBook();
  b.type('設定', b.find('設定', '調整担当者メール').row, 2, COORD);
  const header = b.find('設定', '入力担当者メール');
  b.type('設定', header.row + 1, 1, DEPT).type('設定', header.row + 1, 2, KOHO);
  return b;
}

const change = (row: FormRow, field: FormChange['field'], after: string): FormChange => ({ no: row.no, name: row.name, field, before: row[field].text, after });

/** 広報課 submits from the sidebar (with a 要因 where 提出 needs one). */
function submit(b: MemoryWorkbook): DeptForm {
  const form = deptForm(b, DEPT, KOHO);
  const changes = form.rows.filter((r) => r.causeNeeded).map((r) => change(r, 'cause', '周知が遅れたため'));
  const result = saveForm(b, { dept: DEPT, fiscalYear: 2020, changes, submit: true }, at(10));
  expect(result).toMatchObject({ status: 'saved', form: { state: '提出済', locked: true, canCorrect: false } });
  return result.form;
}

const review = (b: MemoryWorkbook) => readReviewLog(b.readSheet('確認履歴')).records;
const board = (b: MemoryWorkbook) => cycleStatus(b, 2020).departments.find((d) => d.dept === DEPT)!;

describe('the department after 提出', () => {
  test('is refused by the sidebar until a 差戻し, and the tab is locked then opened', () => {
    const b = book();
    const open = deptForm(b, DEPT, KOHO);
    expect(open).toMatchObject({ state: '入力中', locked: false, lockReason: '', canCorrect: false, tabReturns: [] });
    const form = submit(b);
    expect(form.lockReason).toBe(`「${DEPT}」の2020年度は「提出済」のため、実績・コメント・要因・今後の方向性は変更できません。直す必要があれば、調整担当者（${COORD}）に差戻しを頼んでください`);
    const lock = b.locks.get(`${DEPT} 2020`)!;
    expect(lock).toMatchObject({ locked: true, editors: [COORD] });
    // The lock covers every 2020 entry cell of the tab and nothing else.
    const cells = form.rows.flatMap((r) => [r.actual.cell, r.comment.cell, r.cause.cell, r.direction.cell]).map((c) => parseA1(c)!);
    const inLock = (c: { row: number; col: number }) => lock.ranges.some((r) => c.row >= r.row && c.row < r.row + r.numRows && c.col >= r.col && c.col < r.col + r.numCols);
    expect(cells.filter((c) => !inLock(c))).toEqual([]);
    const area = lock.ranges.reduce((n, r) => n + r.numRows * r.numCols, 0);
    expect(area).toBe(cells.length);
    // 提出 recorded with the 照合値 of what was submitted.
    const submitted = review(b).filter((r) => r.act === '提出');
    expect(submitted).toHaveLength(1);
    expect(submitted[0].check).toMatch(/^v1:/);

    const row = form.rows[0];
    const written = b.textWrites.length;
    expect(() => saveForm(b, { dept: DEPT, fiscalYear: 2020, changes: [change(row, 'actual', '999人')], submit: false }, at(11)))
      .toThrow(/「提出済」のため.*変更できません.*調整担当者（kikaku@city\.example\.lg\.jp）に差戻しを頼んでください/);
    expect(() => saveForm(b, { dept: DEPT, fiscalYear: 2020, changes: [change(row, 'comment', '追記')], submit: false }, at(11))).toThrow(/変更できません/);
    expect(() => saveForm(b, { dept: DEPT, fiscalYear: 2020, changes: [], submit: true }, at(11))).toThrow(/もう一度提出するには、調整担当者に差戻しを頼んでください/);
    expect(b.textWrites.length).toBe(written);

    // Returned for one indicator: the reason shows next to it, the lock goes, and the department saves again.
    returnTab(b, { dept: DEPT, year: 2020, reason: '閲覧者数の根拠を書いてください', indicators: [{ no: row.no, name: row.name }] }, coord());
    expect(b.locks.has(`${DEPT} 2020`)).toBe(false);
    const back = deptForm(b, DEPT, KOHO);
    expect(back).toMatchObject({ state: '差戻し', locked: false, tabReturns: [] });
    expect(back.rows.find((r) => r.name === row.name)!.returns).toEqual(['閲覧者数の根拠を書いてください']);
    expect(back.rows.filter((r) => r.name !== row.name).flatMap((r) => r.returns)).toEqual([]);
    const saved = saveForm(b, { dept: DEPT, fiscalYear: 2020, changes: [change(back.rows[0], 'comment', '根拠: アクセス解析')], submit: false }, at(12));
    expect(saved).toMatchObject({ status: 'saved', saved: 1 });
    // A return of the whole tab shows as the tab's.
    returnTab(b, { dept: DEPT, year: 2020, reason: '全体を見直してください' }, coord(21));
    expect(deptForm(b, DEPT, KOHO).tabReturns).toEqual(['全体を見直してください']);
  });
});

describe('事務局修正', () => {
  test('a coordinator corrects a submitted tab only with a reason; it is recorded and the state stays', () => {
    const b = book();
    const form = submit(b);
    const asCoord = deptForm(b, DEPT, COORD);
    expect(asCoord).toMatchObject({ state: '提出済', locked: false, canCorrect: true });
    const row = asCoord.rows[0];
    // One more in the last digit: the same grade, so no 要因 becomes due.
    const fixed = row.actual.text.replace(/(\d)(\D*)$/, (_, d: string, rest: string) => `${(Number(d) + 1) % 10}${rest}`);
    expect(fixed).not.toBe(row.actual.text);
    const fix = [change(row, 'actual', fixed)];
    expect(() => saveForm(b, { dept: DEPT, fiscalYear: 2020, changes: fix, submit: false }, { ...at(12), user: COORD }))
      .toThrow(/事務局修正）には理由が必要です/);
    expect(() => saveForm(b, { dept: DEPT, fiscalYear: 2020, changes: fix, submit: false, correctionReason: '  ' }, { ...at(12), user: COORD })).toThrow(/理由が必要です/);
    const log = b.changeLog.length;

    const saved = saveForm(b, { dept: DEPT, fiscalYear: 2020, changes: fix, submit: false, correctionReason: '集計表の転記誤り' }, { ...at(12), user: COORD });
    expect(saved).toMatchObject({ status: 'saved', saved: 1, form: { state: '提出済', canCorrect: true } });
    expect(saved.form.rows[0].actual.text).toBe(fixed);
    expect(b.changeLog.slice(log)).toEqual([[expect.any(String), COORD, DEPT, row.actual.cell, row.actual.text, fixed, '事務局修正（理由: 集計表の転記誤り）']]);
    const corrections = review(b).filter((r) => r.act === '事務局修正');
    expect(corrections).toMatchObject([{ by: COORD, dept: DEPT, from: '提出済', to: '提出済', reason: `集計表の転記誤り（修正したセル: ${row.actual.cell}）` }]);
    // The correction is what the entries are now held to: not a change after 提出, and 確認 goes through.
    expect(board(b)).toMatchObject({ state: '提出済', changed: [], changedNote: '' });
    expect(form.rows[0].actual.cell).toBe(row.actual.cell);
    expect(confirmTab(b, { dept: DEPT, year: 2020 }, coord())).toMatchObject({ from: '提出済', to: '確認済' });
  });
});

describe('a change in the file after 提出 (an .xlsx edited in Excel)', () => {
  test('the board names the cell and 確認 refuses, naming it', () => {
    const b = book();
    const form = submit(b);
    expect(board(b)).toMatchObject({ state: '提出済', changed: [] });
    const cell = form.rows[0].comment.cell;
    const { row, col } = parseA1(cell)!;
    b.type(DEPT, row, col, 'あとから書き足した');
    expect(board(b)).toMatchObject({ state: '提出済', changed: [cell], changedNote: `提出後に変更されています（${DEPT}!${cell}）` });
    expect(() => confirmTab(b, { dept: DEPT, year: 2020 }, coord())).toThrow(new RegExp(`提出後に変更されています（${DEPT}!${cell}）。提出された内容ではないため確認できません`));
    expect(review(b).filter((r) => r.act === '確認')).toEqual([]);
    // Put back as submitted, it confirms.
    b.type(DEPT, row, col, form.rows[0].comment.text, '@');
    expect(confirmTab(b, { dept: DEPT, year: 2020 }, coord())).toMatchObject({ to: '確認済' });
  });

  test('the 照合値 names each changed cell, and a row added since counts with its entries', () => {
    const b = book();
    submit(b);
    const tab = () => readDeptTab(b.readSheet(DEPT)!, { firstYear: 2020, lastYear: 2025 })!;
    const check = entryCheck(tab(), 2020);
    expect(changedSince(check, tab(), 2020)).toEqual([]);
    const cells = tab().rows.map((r) => r.actuals.get(2020)!);
    b.type(DEPT, cells[0].row, cells[0].col, '1');
    b.type(DEPT, cells[1].row, cells[1].col, 1, '0.0%');
    expect(changedSince(check, tab(), 2020)).toEqual([cells[0], cells[1]].map((c) => `${String.fromCharCode(64 + c.col)}${c.row}`));
    expect(changedSince(check.slice(0, -1), tab(), 2020)).toBeNull();
    expect(changedSince(check.slice(0, 3 + 19), tab(), 2020)!.length).toBeGreaterThan(0);
  });

  test('a 確認履歴 made before 照合値 still reads, with rows appended since carrying it after 理由', () => {
    const b = book();
    const old = [...REVIEW_HEADERS.slice(0, -1)];
    expect(old).not.toContain('照合値');
    b.setSheet('確認履歴', [old, ['2021/05/01 09:00:00', COORD, DEPT, '2020年度', '差戻し', '入力中', '差戻し', '', '', '先に差戻し']]);
    submit(b);
    const rows = review(b);
    expect(rows.map((r) => r.act)).toEqual(['差戻し', '提出']);
    expect(rows[1].check).toMatch(/^v1:/);
  });
});

test('確認 refuses a tab with errors, naming its cells', () => {
  const b = book();
  const form = submit(b);
  const cell = form.rows[0].actual.cell;
  const { row, col } = parseA1(cell)!;
  // An entry the parser cannot read, typed into the file after 提出, then a correction brings it to 照合値 again.
  const saved = saveForm(b, { dept: DEPT, fiscalYear: 2020, changes: [change(form.rows[0], 'actual', 'たくさん')], submit: false, correctionReason: '確認用' }, { ...at(12), user: COORD });
  expect(saved.status).toBe('saved');
  expect(b.cell(DEPT, row, col)).toBe('たくさん');
  expect(board(b).errors).toBeGreaterThan(0);
  expect(() => confirmTab(b, { dept: DEPT, year: 2020 }, coord())).toThrow(new RegExp(`エラーが\\d+件あるため確認できません（${DEPT}!${cell}`));
});
