/** Department tabs from the master: created, updated, and never losing an entry. */
import { UserError } from '../../src/core/errors';
import { rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { readDeptTab } from '../../src/core/layout/department';
import { maxOf } from '../../src/core/workbook';
import { actualCell, otherCityBook } from '../support/plans';

const period = { firstYear: 2024, lastYear: 2028 };

test('a tab lists its indicators with targets copied from the master, entry cells editable', () => {
  const book = otherCityBook();
  const tab = readDeptTab(book.readSheet('DX推進課')!, period)!;
  expect(tab.rows.map((r) => [r.no, r.name, r.unit])).toEqual([[4, '移行システム数', 'システム'], [5, '運用経費', '千円']]);
  expect(tab.years).toEqual([2024, 2025, 2026, 2027, 2028]);
  expect(tab.rows[0].targets.get(2025)?.value).toBe(6);
  expect(tab.submitted).toBe(false);
  const out = book.outputs.get('DX推進課')!;
  const { row, col } = actualCell(book, 'DX推進課', '運用経費', 2025);
  const inside = (r: { row: number; col: number; numRows: number; numCols: number }) =>
    row >= r.row && row < r.row + r.numRows && col >= r.col && col < r.col + r.numCols;
  expect(out.editableRanges!.some(inside)).toBe(true);
  const targetCol = book.find('DX推進課', '2025年度 予定').col;
  expect(out.editableRanges!.some((r) => targetCol >= r.col && targetCol < r.col + r.numCols)).toBe(false);
  expect(out.helpTexts!.some((h) => inside(h.range))).toBe(true);
});

test('setup again keeps entries, comments, number formats and the submission, and follows master changes', () => {
  const book = otherCityBook();
  const a = actualCell(book, '人事課', '年間残業時間', 2025);
  book.type('人事課', a.row, a.col, 0.5, '0.0%');
  book.type('人事課', a.row, a.col + 1, '前年度比で改善');
  const status = book.find('人事課', '未提出');
  book.type('人事課', status.row, status.col, '提出済');
  // The master gains an indicator for 人事課 above the existing one.
  const last = book.readSheet('計画マスタ')!.values.length;
  const r2 = book.find('計画マスタ', '年間残業時間').row;
  book.readSheet('計画マスタ')!.values[r2 - 1].forEach((v, c) => book.type('計画マスタ', last + 1, c + 1, v));
  book.type('計画マスタ', last + 1, 5, '有給取得率');

  const result = setupDepartmentTabs(book);
  expect(result.created).toEqual([]);
  expect(result.updated).toContain('人事課');
  expect(result.keptEntries).toBe(2);
  const tab = readDeptTab(book.readSheet('人事課')!, period)!;
  expect(tab.rows.map((r) => r.name)).toEqual(['年間残業時間', '有給取得率']);
  const kept = tab.rows[0].actuals.get(2025)!;
  expect(kept).toMatchObject({ value: 0.5, format: '0.0%' });
  expect(tab.rows[0].comments.get(2025)?.value).toBe('前年度比で改善');
  expect(tab.submitted).toBe(true);
});

test('an entry for an indicator the master moved to another department stays in the tab, with a note', () => {
  const book = otherCityBook();
  const a = actualCell(book, 'DX推進課', '運用経費', 2025);
  book.type('DX推進課', a.row, a.col, '13,000千円');
  const m = book.find('計画マスタ', '運用経費');
  book.type('計画マスタ', m.row, book.find('計画マスタ', '報告部門').col, '人事課');
  setupDepartmentTabs(book);
  const tab = readDeptTab(book.readSheet('DX推進課')!, period)!;
  expect(tab.rows.map((r) => r.name)).toEqual(['移行システム数', '運用経費']);
  expect(tab.rows[1].actuals.get(2025)?.value).toBe('13,000千円');
  expect(book.outputs.get('DX推進課')!.notes).toEqual([{ row: tab.rows[1].row, col: 1, text: expect.stringContaining('入力は残しています') }]);
  expect(readDeptTab(book.readSheet('人事課')!, period)!.rows.map((r) => r.name)).toEqual(['年間残業時間', '運用経費']);
  const { analysis } = rollupWorkbook(book);
  expect(analysis.findings).toContainEqual(expect.objectContaining({ code: 'wrong-tab', sheet: 'DX推進課', severity: 'error', message: expect.stringContaining('人事課') }));
});

test('entries of years the plan no longer covers are kept', () => {
  const book = otherCityBook();
  const a = actualCell(book, '人事課', '年間残業時間', 2024);
  book.type('人事課', a.row, a.col, '49,000時間');
  const first = book.find('設定', '計画期間（開始年度）');
  book.type('設定', first.row, 2, 2025);
  setupDepartmentTabs(book);
  expect(book.find('人事課', '2024年度 実績')).toBeTruthy();
  const tab = readDeptTab(book.readSheet('人事課')!, { firstYear: 2024, lastYear: 2028 })!;
  expect(tab.rows[0].actuals.get(2024)?.value).toBe('49,000時間');
});

test('a sheet named like a department but not shaped like a tab is not overwritten', () => {
  const book = otherCityBook();
  book.setSheet('人事課', [['メモ'], ['大事なこと']]);
  expect(() => setupDepartmentTabs(book)).toThrow(UserError);
  expect(() => setupDepartmentTabs(book)).toThrow(/人事課.*失わない/);
  expect(book.cell('人事課', 2, 1)).toBe('大事なこと');
});

test('setup refuses a workbook that is not a plan workbook', () => {
  const book = otherCityBook().deleteSheet('計画マスタ');
  expect(() => setupDepartmentTabs(book)).toThrow(/進捗管理のブックではありません/);
});

test('a renamed or duplicated year column with entries stops setup before anything is lost', () => {
  const book = otherCityBook();
  const a = actualCell(book, '人事課', '年間残業時間', 2025);
  book.type('人事課', a.row, a.col, '46,000時間');
  // Someone renamed the header of that column.
  const header = book.find('人事課', '2025年度 実績');
  book.type('人事課', header.row, header.col, '2025 実績（修正）');
  const writes = book.writes;
  expect(() => setupDepartmentTabs(book)).toThrow(/シート「人事課」の[A-Z]+列（見出し「2025 実績（修正）」）の見出しを読めないため、入力を失わないよう/);
  expect(book.writes).toBe(writes);
  expect(book.cell('人事課', a.row, a.col)).toBe('46,000時間');
});

test('a column someone added with content stops setup; an empty one does not', () => {
  const book = otherCityBook();
  const tab = readDeptTab(book.readSheet('人事課')!, period)!;
  const width = Math.max(...book.readSheet('人事課')!.values.map((r) => r.length));
  book.type('人事課', tab.headerRow, width + 1, '担当者');
  expect(() => setupDepartmentTabs(book)).not.toThrow();
  book.type('人事課', tab.headerRow, width + 1, '担当者');
  book.type('人事課', tab.headerRow + 1, width + 1, '山田');
  expect(() => setupDepartmentTabs(book)).toThrow(/見出し「担当者」/);
});

test('maxOf handles more values than Math.max can take as arguments', () => {
  const many = Array.from({ length: 300_000 }, (_, i) => i % 1000);
  expect(maxOf(many)).toBe(999);
  expect(maxOf([], 1)).toBe(1);
  expect(() => Math.max(...Array.from({ length: 3_000_000 }, () => 1))).toThrow(RangeError);
});
