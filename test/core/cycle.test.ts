/**
 * The yearly cycle in the core, on the demo plan in memory: the state machine (derived from 提出状況 and 確認履歴),
 * who may move each step (設定's 入力担当者, 所属長メール and 調整担当者), what 確認履歴 and 変更履歴 record, returns per
 * indicator, and 年度確定 waiting for 確認済 once the cycle is in use (with the override's reason recorded).
 */
import { calendarDate } from '../../src/core/calendar';
import {
  confirmTab, cycleStatus, deriveState, readReviewLog, recordSubmission, returnTab, REVIEW_HEADERS,
  type CycleActing, type ReviewRecord,
} from '../../src/core/cycle';
import { readSettings } from '../../src/core/layout/settings';
import { readYearClose } from '../../src/core/layout/year-close';
import { closeYear, reopenYear } from '../../src/core/year-lock';
import { analyzePlan } from '../../src/core/jobs';
import { parseA1 } from '../../src/core/workbook';
import { demoBook, otherCityBook } from '../support/plans';
import type { MemoryWorkbook } from '../support/memory-workbook';

const COORD = 'kikaku@city.example.lg.jp';
const ZEISEI = 'zeisei@city.example.lg.jp';
const HEAD = 'zeisei-kacho@city.example.lg.jp';
const at = (day: number, hour = 9) => calendarDate(2021, 5, day, hour, 0, 0);
const as = (user: string, day = 20): CycleActing => ({ actor: { now: at(day), user } });
const CLI: CycleActing = { actor: { now: at(21), user: 'taro' }, commandLine: true };

/** The demo with coordinators, 税制課's 入力担当者 and 所属長, and 所属長確認 on or off in 設定. */
function book(headStep: boolean): MemoryWorkbook {
  const b = demoBook();
  const coordRow = b.find('設定', '調整担当者メール').row;
  b.type('設定', coordRow, 2, COORD);
  const header = b.find('設定', '入力担当者メール');
  b.type('設定', header.row, 4, '所属長メール');
  b.type('設定', header.row + 1, 1, '税制課').type('設定', header.row + 1, 2, ZEISEI).type('設定', header.row + 1, 4, HEAD);
  b.type('設定', 11, 1, '所属長確認').type('設定', 11, 2, headStep ? '使う' : '使わない');
  return b;
}

/** A department marks its tab 提出済 in the tab itself (the 提出状況 cell), as people do in the sheet. */
function submit(b: MemoryWorkbook, dept: string, date = '2021/05/10'): void {
  const label = b.find(dept, '提出状況');
  b.type(dept, label.row, label.col + 1, '提出済').type(dept, label.row, label.col + 3, date);
}

const reviewRows = (b: MemoryWorkbook) => readReviewLog(b.readSheet('確認履歴')).records;
const stateOf = (b: MemoryWorkbook, dept: string, year: number | null = 2020) => cycleStatus(b, year).departments.find((d) => d.dept === dept)!;

const rec = (act: ReviewRecord['act'], to: ReviewRecord['to']): ReviewRecord => ({ at: '', by: '', dept: 'x', fy: 2020, act, from: '入力中', to, no: null, indicator: '', reason: '' });

describe('the state machine', () => {
  test('derived from 年度確定, the 提出状況 cell and the last moving record', () => {
    expect(deriveState({ closed: false, submittedCell: false, records: [] })).toBe('入力中');
    expect(deriveState({ closed: false, submittedCell: true, records: [] })).toBe('提出済');
    expect(deriveState({ closed: false, submittedCell: true, records: [rec('所属長確認', '所属長確認済')] })).toBe('所属長確認済');
    expect(deriveState({ closed: false, submittedCell: true, records: [rec('確認', '確認済')] })).toBe('確認済');
    // A return clears 提出済; marked 提出済 again, the tab was submitted again.
    expect(deriveState({ closed: false, submittedCell: false, records: [rec('差戻し', '差戻し')] })).toBe('差戻し');
    expect(deriveState({ closed: false, submittedCell: true, records: [rec('差戻し', '差戻し')] })).toBe('提出済');
    // Someone set 未提出 by hand after a confirmation: the tab is being edited.
    expect(deriveState({ closed: false, submittedCell: false, records: [rec('確認', '確認済')] })).toBe('入力中');
    // Records of 年度確定 do not move the tab; a closed year is 確定.
    expect(deriveState({ closed: false, submittedCell: true, records: [rec('確認', '確認済'), rec('確定の解除', '確認済')] })).toBe('確認済');
    expect(deriveState({ closed: true, submittedCell: false, records: [] })).toBe('確定');
    // A year other than the one under evaluation: the cell does not speak for it.
    expect(deriveState({ closed: false, submittedCell: null, records: [rec('提出', '提出済')] })).toBe('提出済');
  });

  test('設定 reads 所属長確認 and the 所属長メール column', () => {
    const on = readSettings(book(true).readSheet('設定')).settings!;
    expect(on.headStep).toBe(true);
    expect(on.heads!.get('税制課')).toEqual([HEAD]);
    expect(on.editors.get('税制課')).toEqual([ZEISEI]);
    expect(readSettings(book(false).readSheet('設定')).settings!.headStep).toBe(false);
    expect(readSettings(demoBook().readSheet('設定')).settings!.headStep).toBe(false);
  });
});

describe('without 所属長確認', () => {
  test('submit, then a coordinator confirms: 提出済 → 確認済, recorded with who and when', () => {
    const b = book(false);
    expect(stateOf(b, '税制課').state).toBe('入力中');
    submit(b, '税制課');
    expect(recordSubmission(b, '税制課', 2020, as(ZEISEI, 10).actor)).toBe(true);
    // Submitting again while submitted records nothing more.
    expect(recordSubmission(b, '税制課', 2020, as(ZEISEI, 11).actor)).toBe(false);
    expect(stateOf(b, '税制課').state).toBe('提出済');
    const r = confirmTab(b, { dept: '税制課', year: 2020 }, as(COORD));
    expect(r).toMatchObject({ from: '提出済', to: '確認済' });
    expect(r.message).toBe('「税制課」の2020年度を確認しました（提出済 → 確認済）。');
    const status = stateOf(b, '税制課');
    expect(status).toMatchObject({ state: '確認済', returns: [], lastTransition: { act: '確認', by: COORD, at: '2021/05/20 09:00:00' } });
    expect(reviewRows(b).map((x) => [x.at, x.by, x.dept, x.fy, x.act, x.from, x.to])).toEqual([
      ['2021/05/10 09:00:00', ZEISEI, '税制課', 2020, '提出', '入力中', '提出済'],
      ['2021/05/20 09:00:00', COORD, '税制課', 2020, '確認', '提出済', '確認済'],
    ]);
    expect(b.readSheet('確認履歴')!.values[0]).toEqual([...REVIEW_HEADERS]);
  });

  test('refusals name the department and its state; only coordinators confirm and return', () => {
    const b = book(false);
    expect(() => confirmTab(b, { dept: '税制課', year: 2020 }, as(COORD))).toThrow('「税制課」の2020年度は「入力中」です。まだ提出されていないため確認できません');
    submit(b, '税制課');
    expect(() => confirmTab(b, { dept: '税制課', year: 2020 }, as(ZEISEI))).toThrow('確認済みにできるのは調整担当者だけです');
    expect(() => confirmTab(b, { dept: '税制課', year: 2020 }, as(''))).toThrow('調整担当者だけです（（不明）');
    expect(() => returnTab(b, { dept: '税制課', year: 2020, reason: '数値の確認' }, as(ZEISEI))).toThrow('差戻しは調整担当者だけが実行できます');
    expect(() => returnTab(b, { dept: '税制課', year: 2020, reason: '  ' }, as(COORD))).toThrow('差し戻す理由を入力してください');
    expect(() => confirmTab(b, { dept: '存在しない課', year: 2020 }, as(COORD))).toThrow('報告部門「存在しない課」の指標がありません');
    expect(() => confirmTab(b, { dept: '税制課', year: 2030 }, as(COORD))).toThrow('2030年度は計画期間');
    confirmTab(b, { dept: '税制課', year: 2020 }, as(COORD));
    expect(() => confirmTab(b, { dept: '税制課', year: 2020 }, as(COORD))).toThrow('「税制課」の2020年度は「確認済」です。すでに確認済みです');
    // Nothing refused was recorded.
    expect(reviewRows(b).map((x) => x.act)).toEqual(['確認']);
  });

  test('a return clears 提出済 and 提出日, keeps the reason after resubmission, and the command line says it acts as coordinator', () => {
    const b = book(false);
    submit(b, '税制課');
    const label = b.find('税制課', '提出状況');
    const r = returnTab(b, { dept: '税制課', year: 2020, reason: '課税証明の件数が前年度と桁違いです' }, CLI);
    expect(r.message).toContain('「税制課」の2020年度を差し戻しました（提出済 → 差戻し、理由: 課税証明の件数が前年度と桁違いです）');
    expect(r.message).toContain('コマンドラインは調整担当者として実行し');
    expect(b.cell('税制課', label.row, label.col + 1)).toBe('未提出');
    expect(b.cell('税制課', label.row, label.col + 3)).toBe('');
    expect(b.changeLog.slice(-2).map((row) => [row[2], row[4], row[5], row[6]])).toEqual([
      ['税制課', '提出済', '未提出', '差戻し'],
      ['税制課', '2021/05/10', '', '差戻し'],
    ]);
    let s = stateOf(b, '税制課');
    expect(s.state).toBe('差戻し');
    expect(s.returns).toEqual([expect.objectContaining({ by: 'taro（コマンドライン・調整担当者として）', reason: '課税証明の件数が前年度と桁違いです', no: null, from: '提出済', to: '差戻し' })]);
    // Fixed and submitted again: 提出済, the open reasons are answered, the record keeps them.
    submit(b, '税制課', '2021/05/25');
    s = stateOf(b, '税制課');
    expect(s.state).toBe('提出済');
    expect(s.returns).toEqual([]);
    expect(s.lastTransition).toMatchObject({ act: '差戻し', reason: '課税証明の件数が前年度と桁違いです' });
    expect(reviewRows(b).map((x) => x.reason)).toEqual(['課税証明の件数が前年度と桁違いです']);
    expect(confirmTab(b, { dept: '税制課', year: 2020 }, CLI).to).toBe('確認済');
  });

  test('a return per indicator names it; a wrong indicator is refused with the department’s list', () => {
    const b = book(false);
    submit(b, '税制課');
    returnTab(b, { dept: '税制課', year: 2020, reason: '単位を件にしてください', indicators: [{ no: 2 }] }, as(COORD));
    // More reasons may follow while the tab is returned.
    returnTab(b, { dept: '税制課', year: 2020, reason: 'コメントを補ってください', indicators: [{ no: 2, name: '課税証明' }] }, as(COORD, 21));
    const s = stateOf(b, '税制課');
    expect(s.state).toBe('差戻し');
    expect(s.returns.map((x) => [x.no, x.indicator, x.reason, x.from])).toEqual([
      [2, '課税証明', '単位を件にしてください', '提出済'],
      [2, '課税証明', 'コメントを補ってください', '差戻し'],
    ]);
    expect(() => returnTab(b, { dept: '税制課', year: 2020, reason: 'x', indicators: [{ no: 2, name: '住民票等' }] }, as(COORD))).toThrow(
      '「税制課」に No.2 住民票等 の指標がありません（「税制課」の指標: No.2 課税証明）',
    );
    expect(() => returnTab(b, { dept: '税制課', year: 2020, reason: 'x', indicators: [{ no: 99 }] }, as(COORD))).toThrow('No.99 の指標がありません');
  });

  test('a tab still 入力中 may be returned with the reasons to fix', () => {
    const b = book(false);
    const r = returnTab(b, { dept: '税制課', year: 2020, reason: '途中の入力に誤りがあります' }, as(COORD));
    expect(r).toMatchObject({ from: '入力中', to: '差戻し' });
    expect(stateOf(b, '税制課')).toMatchObject({ state: '差戻し', returns: [expect.objectContaining({ reason: '途中の入力に誤りがあります' })] });
    // Nothing was submitted, so no cell was written.
    expect(b.textWrites).toEqual([]);
  });
});

describe('with 所属長確認', () => {
  test('the 所属長 confirms first, then a coordinator; neither can do the other’s step', () => {
    const b = book(true);
    submit(b, '税制課');
    expect(() => confirmTab(b, { dept: '税制課', year: 2020 }, as(COORD))).toThrow('「所属長確認」を使う設定のため、先に「税制課」の所属長（「設定」の所属長メール）の確認が必要です');
    expect(() => confirmTab(b, { dept: '税制課', year: 2020 }, CLI)).toThrow('コマンドラインは調整担当者として実行するため、所属長の確認はできません');
    expect(() => confirmTab(b, { dept: '税制課', year: 2020 }, as(ZEISEI))).toThrow('所属長');
    expect(confirmTab(b, { dept: '税制課', year: 2020 }, as(HEAD.toUpperCase()))).toMatchObject({ from: '提出済', to: '所属長確認済' });
    expect(stateOf(b, '税制課').state).toBe('所属長確認済');
    expect(() => confirmTab(b, { dept: '税制課', year: 2020 }, as(HEAD))).toThrow('確認済みにできるのは調整担当者だけです');
    expect(confirmTab(b, { dept: '税制課', year: 2020 }, as(COORD))).toMatchObject({ from: '所属長確認済', to: '確認済' });
    expect(cycleStatus(b, 2020)).toMatchObject({ headStep: true, inUse: true });
    expect(reviewRows(b).map((x) => [x.act, x.by])).toEqual([['所属長確認', HEAD.toUpperCase()], ['確認', COORD]]);
  });

  test('a 所属長 of another department cannot confirm this one', () => {
    const b = book(true);
    submit(b, '広報課');
    expect(() => confirmTab(b, { dept: '広報課', year: 2020 }, as(HEAD))).toThrow('先に「広報課」の所属長');
  });
});

describe('年度確定 and the cycle', () => {
  const depts = (b: MemoryWorkbook) => cycleStatus(b, 2020).departments.map((d) => d.dept);

  test('a year without any transition closes as before (the cycle is not in use)', () => {
    const b = book(false);
    expect(cycleStatus(b, 2020).inUse).toBe(false);
    expect(closeYear(b, 2020, as(COORD).actor).snapshot).toBe('達成状況_2020年度');
    expect(b.readSheet('確認履歴')).toBeUndefined();
  });

  test('once in use, closing refuses while a department is not 確認済, listing them with their state', () => {
    const b = book(false);
    submit(b, '税制課');
    returnTab(b, { dept: '税制課', year: 2020, reason: '要確認' }, as(COORD));
    submit(b, '広報課');
    const all = depts(b);
    expect(() => closeYear(b, 2020, as(COORD).actor)).toThrow(`2020年度を確定できません。確認済みでない部門が${all.length}部門あります`);
    try {
      closeYear(b, 2020, as(COORD).actor);
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('・税制課（差戻し）');
      expect(message).toContain('・広報課（提出済）');
      expect(message).toContain('・情報政策室（入力中）');
    }
    expect(b.readSheet('年度確定')).toBeUndefined();
    // Another year has no record: it is not held back.
    expect(closeYear(b, 2019, as(COORD).actor).fiscalYear).toBe(2019);
  });

  test('when every department is 確認済 it closes, recording 確定 per department; reopening records the way back', () => {
    const b = book(false);
    for (const dept of depts(b)) {
      submit(b, dept);
      // 確認 refuses a tab with errors: a 要因 where a submitted tab's grade needs one.
      for (const m of analyzePlan(b, '確認').causesMissing.filter((x) => x.department === dept)) b.type(dept, parseA1(m.cell)!.row, parseA1(m.cell)!.col, '周知が不足したため', '@');
      confirmTab(b, { dept, year: 2020 }, as(COORD));
    }
    closeYear(b, 2020, as(COORD, 31).actor);
    expect(cycleStatus(b, 2020).departments.every((d) => d.state === '確定')).toBe(true);
    const closing = reviewRows(b).filter((r) => r.act === '確定');
    expect(closing.map((r) => r.dept)).toEqual(depts(b));
    expect(closing.every((r) => r.from === '確認済' && r.to === '確定')).toBe(true);
    expect(readYearClose(b.readSheet('年度確定')).records[0].reason).toBe('');

    reopenYear(b, 2020, '数値の訂正', as(COORD, 31).actor);
    const back = reviewRows(b).filter((r) => r.act === '確定の解除');
    expect(back.map((r) => [r.from, r.to, r.reason])).toEqual(depts(b).map(() => ['確定', '確認済', '数値の訂正']));
    expect(stateOf(b, '税制課').state).toBe('確認済');
  });

  test('the override needs a reason and records it on 確認履歴, 年度確定 and 変更履歴', () => {
    const b = book(false);
    submit(b, '税制課');
    confirmTab(b, { dept: '税制課', year: 2020 }, as(COORD));
    expect(() => closeYear(b, 2020, as(COORD).actor, { forceReason: '  ' })).toThrow('確認済みでない部門');
    const r = closeYear(b, 2020, as(COORD, 31).actor, { forceReason: '議会報告の期限のため' });
    expect(r.message).toContain('のまま確定。理由: 議会報告の期限のため（確認履歴に記録しました）');
    const rows = reviewRows(b).filter((x) => x.act === '確定' || x.act === '確認なしで確定');
    expect(rows.find((x) => x.dept === '税制課')).toMatchObject({ act: '確定', from: '確認済', reason: '' });
    expect(rows.find((x) => x.dept === '広報課')).toMatchObject({ act: '確認なしで確定', from: '入力中', to: '確定', reason: '議会報告の期限のため' });
    const record = readYearClose(b.readSheet('年度確定')).records[0];
    expect(record.reason).toContain('広報課: 入力中');
    expect(record.reason).toContain('理由: 議会報告の期限のため');
    expect(String(b.changeLog[b.changeLog.length - 1][5])).toContain('議会報告の期限のため');
    // Closed: nothing moves until the year is reopened.
    expect(() => returnTab(b, { dept: '税制課', year: 2020, reason: 'x' }, as(COORD))).toThrow('「税制課」の2020年度は「確定」です（年度確定済み）。差戻しには、先に「年度確定の解除」が必要です');
  });

  test('a 確認履歴 someone broke stops the jobs instead of guessing states', () => {
    const b = book(false);
    returnTab(b, { dept: '税制課', year: 2020, reason: '要確認' }, as(COORD));
    b.type('確認履歴', 2, 5, '承認');
    expect(() => cycleStatus(b, 2020)).toThrow('2行目を読めません');
    expect(() => closeYear(b, 2020, as(COORD).actor)).toThrow('2行目を読めません');
  });
});

test('another city’s plan: its own departments and evaluation year, a past year from records only', () => {
  const b = otherCityBook();
  expect(cycleStatus(b, null)).toMatchObject({ fiscalYear: 2025, headStep: false, inUse: false });
  submit(b, '人事課');
  expect(confirmTab(b, { dept: '人事課', year: null }, CLI)).toMatchObject({ fiscalYear: 2025, from: '提出済', to: '確認済' });
  // 2024 is not the year under evaluation: 提出状況 does not speak for it, so only a recorded 提出 makes it submitted.
  expect(() => confirmTab(b, { dept: '人事課', year: 2024 }, CLI)).toThrow('「人事課」の2024年度は「入力中」です');
  expect(recordSubmission(b, '人事課', 2024, CLI.actor)).toBe(true);
  expect(confirmTab(b, { dept: '人事課', year: 2024 }, CLI).to).toBe('確認済');
  expect(cycleStatus(b, 2025).departments.map((d) => [d.dept, d.state])).toEqual([
    ['教育総務課', '入力中'], ['人事課', '確認済'], ['広聴課', '入力中'], ['DX推進課', '入力中'],
  ]);
});
