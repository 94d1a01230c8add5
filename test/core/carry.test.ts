/**
 * SheetOutput.carry on department tabs (issue 13, item 4): where each old cell went when setup or 年度確定 rebuilds a
 * tab, so a shell keeps what people added to it (notes, look, entry formulas, widths) at the right place.
 */
import { demoMaster, demoSettings } from '../../src/core/demo/suita';
import { initWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { carriedCells, type SheetOutput } from '../../src/core/workbook';
import { MemoryWorkbook } from '../support/memory-workbook';
import { demoBook } from '../support/plans';

/** Where the old cell went, and whether its formula goes too (undefined: not carried). */
function destination(out: SheetOutput, row: number, col: number): { row: number; col: number; formula: boolean } | undefined {
  for (const { from, to, formula } of carriedCells(out.carry ?? [])) if (from.row === row && from.col === col) return { ...to, formula };
  return undefined;
}

test('a tab written again carries its cells in place, formulas only in 実績, コメント, 要因 and 今後の方向性, widths by the header', () => {
  const book = demoBook();
  const entry = book.find('税制課', '2020年度 実績');
  setupDepartmentTabs(book);
  const out = book.outputs.get('税制課')!;
  expect(destination(out, entry.row + 1, entry.col)).toEqual({ row: entry.row + 1, col: entry.col, formula: true });
  expect(destination(out, entry.row + 1, entry.col + 1)).toEqual({ row: entry.row + 1, col: entry.col + 1, formula: true });
  expect(destination(out, entry.row + 1, entry.col + 2)).toEqual({ row: entry.row + 1, col: entry.col + 2, formula: true });
  expect(destination(out, entry.row + 1, entry.col + 3)).toEqual({ row: entry.row + 1, col: entry.col + 3, formula: true });
  // The next year's 予定 is the master's again.
  expect(destination(out, entry.row + 1, entry.col + 4)?.formula).toBe(false);
  // 予定 is a copy of the master, 指標名 ours: their look and notes go along, never a formula.
  expect(destination(out, entry.row + 1, entry.col - 1)?.formula).toBe(false);
  expect(destination(out, entry.row + 1, 3)?.formula).toBe(false);
  // The submission line stays where it is; the header row carries the widths.
  expect(destination(out, 1, 4)).toEqual({ row: 1, col: 4, formula: false });
  expect(out.carry!.filter((b) => b.widths).flatMap((b) => b.rows)).toEqual([[entry.row, entry.row]]);
});

test('rows follow their indicator when the master adds one above, year columns follow their year when the period moves', () => {
  const book = demoBook();
  const entry = book.find('税制課', '2020年度 実績');
  // 申込み sits above 課税証明 in the master: reported by 税制課 now, it comes first on its tab.
  const master = book.readSheet('計画マスタ')!.values;
  const headers = master[0];
  const above = master.findIndex((r) => r[headers.indexOf('指標名')] === '申込み') + 1;
  book.type('計画マスタ', above, headers.indexOf('報告部門') + 1, '税制課');
  const start = book.find('設定', '計画期間（開始年度）');
  book.type('設定', start.row, start.col + 1, 2018);
  setupDepartmentTabs(book);
  const out = book.outputs.get('税制課')!;
  const to = destination(out, entry.row + 1, entry.col)!;
  expect(out.values[to.row - 1][2]).toBe('課税証明');
  expect(to.row).toBe(entry.row + 2);
  // 2018 comes first now: five columns (予定・実績・コメント・要因・今後の方向性) more before 2020.
  expect(to.col).toBe(entry.col + 5);
  expect(to.formula).toBe(true);
  // The new row was nobody's before: nothing is carried into it.
  expect([...carriedCells(out.carry!)].some((c) => c.to.row === entry.row + 1)).toBe(false);
});

test('a tab made for the first time carries nothing', () => {
  const book = new MemoryWorkbook();
  initWorkbook(book, { settings: demoSettings, master: demoMaster });
  setupDepartmentTabs(book);
  expect([...book.outputs.values()].filter((o) => o.carry)).toEqual([]);
});
