/**
 * 新年度の準備 in the core, on the demo plan in memory: after 年度確定 of 2020, 評価年度 moves to 2021, every entry on
 * the department tabs stays cell by cell, 提出状況 goes back to 未提出 (recorded), the new year starts 入力中, 予定
 * missing for 2021 are warnings on their 計画マスタ cells, and what 2020 left open is listed. Refusals write nothing.
 */
import { calendarDate } from '../../src/core/calendar';
import { cycleStatus, returnTab, type CycleActing } from '../../src/core/cycle';
import { prepareNextYear } from '../../src/core/cycle/next-year';
import { rollupWorkbook } from '../../src/core/jobs';
import { readDeptTab } from '../../src/core/layout/department';
import { isActive, readMaster } from '../../src/core/layout/master';
import { readSettings } from '../../src/core/layout/settings';
import { a1, type Scalar } from '../../src/core/workbook';
import { closeYear } from '../../src/core/year-lock';
import { demoBook, otherCityBook } from '../support/plans';
import type { MemoryWorkbook } from '../support/memory-workbook';

const KIKAKU = { now: calendarDate(2021, 4, 1, 9, 0, 0), user: 'kikaku@city.example.lg.jp' };
const CLOSING = { now: calendarDate(2021, 3, 31, 17, 0, 0), user: 'kikaku@city.example.lg.jp' };
const CLI: CycleActing = { actor: { now: calendarDate(2021, 3, 20, 9, 0, 0), user: 'taro' }, commandLine: true };
const TABS = ['情報政策室', '税制課', '市民課', '広報課', '中央図書館', '教育センター', 'まなびの支援課', '危機管理室', '法制室'];

const settingsOf = (b: MemoryWorkbook) => readSettings(b.readSheet('設定')).settings!;
const valuesOf = (b: MemoryWorkbook, name: string): Scalar[][] => b.readSheet(name)!.values;

/** A department marks its tab 提出済 with a date, in the sheet itself. */
function submit(b: MemoryWorkbook, dept: string, date: string): { status: { row: number; col: number }; date: { row: number; col: number } } {
  const label = b.find(dept, '提出状況');
  b.type(dept, label.row, label.col + 1, '提出済').type(dept, label.row, label.col + 3, date);
  return { status: { row: label.row, col: label.col + 1 }, date: { row: label.row, col: label.col + 3 } };
}

/** Every cell of a tab but its submission line's two values. */
function withoutSubmission(values: Scalar[][], cells: { row: number; col: number }[]): Scalar[][] {
  return values.map((r, i) => r.map((v, j) => (cells.some((c) => c.row === i + 1 && c.col === j + 1) ? '(submission)' : v)));
}

test('after 2020 is closed: 評価年度 2021, every past entry kept, 提出状況 reset and recorded, the new year 入力中', () => {
  const b = demoBook();
  const zei = submit(b, '税制課', '2021/03/10');
  const koho = submit(b, '広報課', '2021/03/12');
  // A person's own mark on a 2020 entry, which the rewrite must keep.
  const kept = { row: b.find('広報課', '閲覧者数').row, col: b.find('広報課', '2020年度 コメント').col };
  b.type('広報課', kept.row, kept.col, '集計方法を変更');
  closeYear(b, 2020, CLOSING);
  const before = new Map(TABS.map((t) => [t, valuesOf(b, t)]));
  const rolled = rollupWorkbook(b).analysis.rows.filter((r) => r.fiscalYear === 2020);
  const logged = b.changeLog.length;

  const result = prepareNextYear(b, KIKAKU);
  expect(result).toMatchObject({ from: 2020, to: 2021, moved: true, reset: ['税制課', '広報課'], pending: [] });
  expect(result.tabs).toEqual(TABS);
  expect(settingsOf(b).evaluationYear).toBe(2021);
  // The demo's 評価年度 was the number 2020: it stays a bare year.
  expect(b.cell('設定', b.find('設定', '評価年度').row, 2)).toBe('2021');

  for (const t of TABS) {
    const cells = t === '税制課' ? [zei.status, zei.date] : t === '広報課' ? [koho.status, koho.date] : [];
    expect(withoutSubmission(valuesOf(b, t), cells)).toEqual(withoutSubmission(before.get(t)!, cells));
  }
  for (const sub of [zei, koho]) {
    const tab = sub === zei ? '税制課' : '広報課';
    expect(b.cell(tab, sub.status.row, sub.status.col)).toBe('未提出');
    expect(b.cell(tab, sub.date.row, sub.date.col)).toBe('');
  }
  expect(b.cell('広報課', kept.row, kept.col)).toBe('集計方法を変更');

  expect(b.changeLog.slice(logged)).toEqual([
    ['2021/04/01 09:00:00', 'kikaku@city.example.lg.jp', '設定', a1(b.find('設定', '評価年度').row, 2), '2020', '2021', '新年度の準備'],
    ['2021/04/01 09:00:00', 'kikaku@city.example.lg.jp', '税制課', a1(zei.status.row, zei.status.col), '提出済', '未提出', '新年度の準備'],
    ['2021/04/01 09:00:00', 'kikaku@city.example.lg.jp', '税制課', a1(zei.date.row, zei.date.col), '2021/03/10', '', '新年度の準備'],
    ['2021/04/01 09:00:00', 'kikaku@city.example.lg.jp', '広報課', a1(koho.status.row, koho.status.col), '提出済', '未提出', '新年度の準備'],
    ['2021/04/01 09:00:00', 'kikaku@city.example.lg.jp', '広報課', a1(koho.date.row, koho.date.col), '2021/03/12', '', '新年度の準備'],
  ]);

  const board = cycleStatus(b, null);
  expect(board.fiscalYear).toBe(2021);
  expect(board.departments.map((d) => d.state)).toEqual(board.departments.map(() => '入力中'));
  expect(cycleStatus(b, 2020).departments.every((d) => d.state === '確定')).toBe(true);
  // 2020 as published: the same figures, and its cells still locked on the tabs.
  expect(rollupWorkbook(b).analysis.rows.filter((r) => r.fiscalYear === 2020)).toEqual(rolled);
  const tab = b.outputs.get('広報課')!;
  const open = (col: number) => tab.editableRanges!.some((r) => col >= r.col && col < r.col + r.numCols && kept.row >= r.row && kept.row < r.row + r.numRows);
  expect(open(b.find('広報課', '2020年度 実績').col)).toBe(false);
  expect(open(b.find('広報課', '2021年度 実績').col)).toBe(true);
  expect(result.message).toMatch(/^新年度の準備をしました。「設定」の評価年度を2020年度から2021年度にしました。\n2部門（税制課・広報課）の提出状況を「未提出」に戻しました/);
});

test('a 2021 予定 removed from 計画マスタ is a warning on its cell; the job still runs', () => {
  const b = demoBook();
  const master = readMaster(b.readSheet('計画マスタ'), settingsOf(b));
  const active = master.indicators.filter(isActive);
  const withTarget = active.find((i) => i.targets.has(2021))!;
  const cell = withTarget.targets.get(2021)!;
  const untouched = prepareAfterClose(demoBook()).findings.filter((f) => f.code === 'next-year-no-target');
  expect(untouched.map((f) => f.indicator)).toEqual(active.filter((i) => !i.targets.has(2021)).map((i) => `No.${i.no} ${i.name}`));

  b.type('計画マスタ', cell.row, cell.col, '');
  const result = prepareAfterClose(b);
  const warnings = result.findings.filter((f) => f.code === 'next-year-no-target');
  expect(warnings).toHaveLength(untouched.length + 1);
  expect(warnings).toContainEqual({
    severity: 'warning', code: 'next-year-no-target', sheet: '計画マスタ', cell: a1(cell.row, cell.col), indicator: `No.${withTarget.no} ${withTarget.name}`,
    message: `No.${withTarget.no} ${withTarget.name}: 2021年度の予定がありません。計画マスタの「2021年度 予定」に入力し、部門シート作成・更新を実行してください（予定がないと評価できません）`,
  });
  // Every warning names a cell of the 2021 予定 column.
  expect(new Set(warnings.map((w) => w.cell.replace(/\d+$/, '')))).toEqual(new Set([a1(cell.row, cell.col).replace(/\d+$/, '')]));
  expect(settingsOf(b).evaluationYear).toBe(2021);
  expect(result.message).toContain(`${untouched.length + 1}件あります`);
});

function prepareAfterClose(b: MemoryWorkbook) {
  closeYear(b, 2020, CLOSING);
  return prepareNextYear(b, KIKAKU);
}

test('the open list: a return never answered, entries 未測定 or blank, and the year closed without 確認', () => {
  const b = demoBook();
  // 広報課 has not measured one indicator, 税制課 left one blank.
  const koho = { row: b.find('広報課', '閲覧者数').row, col: b.find('広報課', '2020年度 実績').col };
  b.type('広報課', koho.row, koho.col, '未測定');
  const zeiRow = readDeptTab(b.readSheet('税制課')!, settingsOf(b))!.rows[0];
  const zeiCell = zeiRow.actuals.get(2020)!;
  b.type('税制課', zeiCell.row, zeiCell.col, '');
  const depts = cycleStatus(b, 2020).departments.map((d) => d.dept);
  returnTab(b, { dept: '税制課', year: 2020, reason: '課税証明の件数を確認してください', indicators: [{ no: zeiRow.no, name: zeiRow.name }] }, CLI);
  closeYear(b, 2020, CLOSING, { forceReason: '議会報告の期限のため', commandLine: true });

  const { open, message } = prepareNextYear(b, KIKAKU);
  expect(open.fiscalYear).toBe(2020);
  expect(open.returns).toEqual([
    { dept: '税制課', reasons: [expect.objectContaining({ act: '差戻し', no: zeiRow.no, indicator: zeiRow.name, reason: '課税証明の件数を確認してください' })] },
  ]);
  expect(open.entries).toEqual([
    { dept: '税制課', entries: [{ no: zeiRow.no, indicator: zeiRow.name, cell: `税制課!${a1(zeiCell.row, zeiCell.col)}`, status: '未入力' }] },
    { dept: '広報課', entries: [{ no: 5, indicator: '閲覧者数', cell: `広報課!${a1(koho.row, koho.col)}`, status: '未測定' }] },
  ]);
  expect(open.unconfirmedYears).toHaveLength(1);
  expect(open.unconfirmedYears[0]).toMatchObject({ fiscalYear: 2020, by: 'kikaku@city.example.lg.jp', reason: '議会報告の期限のため' });
  // Every department of 2020 was waited for (none was 確認済); 税制課 had been returned.
  expect(open.unconfirmedYears[0].departments).toEqual(depts.map((dept) => ({ dept, state: dept === '税制課' ? '差戻し' : '入力中' })));
  expect(message).toContain('2020年度から残っていること:\n・差戻しに答えないまま確定した部門: 税制課\n    差戻しの理由（No.');
  expect(message).toContain(`広報課: No.5 閲覧者数（広報課!${a1(koho.row, koho.col)}、未測定）`);
  expect(message).toMatch(/・確認を待たずに確定した年度: 2020年度（[^\n]*、理由: 議会報告の期限のため。確認済みでなかった部門: 情報政策室（入力中）・税制課（差戻し）/);
});

describe('refusals write nothing', () => {
  function refused(b: MemoryWorkbook, message: string | RegExp) {
    const [writes, texts, logs] = [b.writes, b.textWrites.length, b.changeLog.length];
    const settings = valuesOf(b, '設定');
    expect(() => prepareNextYear(b, KIKAKU)).toThrow(message);
    expect([b.writes, b.textWrites.length, b.changeLog.length]).toEqual([writes, texts, logs]);
    expect(valuesOf(b, '設定')).toEqual(settings);
  }

  test('the year under evaluation is not closed', () => {
    refused(demoBook(), '新年度の準備ができません。評価年度の2020年度はまだ確定していません。2020年度の実績を確定してから新年度に進みます。先に「年度確定」（コマンドラインは shinchoku close-year）で2020年度を確定してください');
  });

  test('twice: the second run refuses, since 2021 is not closed yet', () => {
    const b = demoBook();
    prepareAfterClose(b);
    refused(b, '評価年度の2021年度はまだ確定していません');
    expect(settingsOf(b).evaluationYear).toBe(2021);
  });

  test('at the plan’s last year, closed or not: the plan has ended', () => {
    const b = demoBook();
    b.type('設定', b.find('設定', '評価年度').row, 2, '令和5年度');
    refused(b, /^新年度の準備ができません。評価年度の2023年度は計画期間の最後の年度です（「設定」の「計画期間（終了年度）」: 2023年度）。この計画は終わっています。/);
    closeYear(b, 2023, CLOSING);
    refused(b, 'この計画は終わっています');
  });

  test('設定 unreadable or 評価年度 empty', () => {
    const b = demoBook();
    const first = b.find('設定', '計画期間（開始年度）');
    b.type('設定', first.row, 2, 'そのうち');
    refused(b, /^新年度の準備ができません。次を直してください:\n・設定!B\d+: 「計画期間（開始年度）」/);
    const c = demoBook();
    closeYear(c, 2020, CLOSING);
    const row = c.find('設定', '評価年度').row;
    c.type('設定', row, 2, '');
    // Blank reads as the last year; the job says what is wrong instead.
    refused(c, `新年度の準備ができません。「設定」!B${row}の「評価年度」が空です。いま評価している年度を入力してください`);
  });
});

test('another plan: its own departments and years, a 評価年度 written as a label', () => {
  const b = otherCityBook();
  const row = b.find('設定', '評価年度').row;
  b.type('設定', row, 2, '令和6年度');
  const s = settingsOf(b);
  expect(s.evaluationYear).toBe(2024);
  closeYear(b, 2024, CLOSING);
  const result = prepareNextYear(b, KIKAKU);
  expect(result).toMatchObject({ from: 2024, to: 2025 });
  expect(b.cell('設定', row, 2)).toBe('2025年度');
  expect(settingsOf(b).evaluationYear).toBe(2025);
  const board = cycleStatus(b, null);
  expect(board.fiscalYear).toBe(2025);
  expect(board.departments.length).toBeGreaterThan(1);
  expect(board.departments.every((d) => d.state === '入力中')).toBe(true);
});
