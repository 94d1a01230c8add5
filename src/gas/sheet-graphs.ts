/**
 * A SheetOutput's graphs (the グラフ sheet) as native charts: a stacked bar chart over its own table, the grade colours
 * per series. Sources: Sheet.newChart / insertChart / getCharts / removeChart and EmbeddedChartBuilder
 * (reference/spreadsheet/ in the mirror); setOption passes Google Charts' configuration options and "doesn't
 * validate the option", so that Sheets' embedded bar chart honours `isStacked` and `colors` is assumed (listed in
 * docs/environment-check.md).
 */
import { a1, isBlank, type SheetChart, type SheetOutput } from '../core/workbook';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Replaces the sheet's charts (none to remove on a sheet this run created) with the output's graphs. */
export function drawGraphs(sheet: Sheet, graphs: readonly SheetChart[], created: boolean): void {
  if (!created) for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  for (const g of graphs) {
    const range = sheet.getRange(g.data.row, g.data.col, g.data.numRows, g.data.numCols);
    sheet.insertChart(
      sheet
        .newChart()
        .setChartType(Charts.ChartType.BAR)
        .addRange(range)
        .setNumHeaders(1)
        .setPosition(g.row, g.col, 0, 0)
        .setOption('title', g.title)
        .setOption('isStacked', true)
        .setOption('colors', g.colors)
        .setOption('width', g.widthPx)
        .setOption('height', g.heightPx)
        .setOption('legend', { position: 'top' })
        .build(),
    );
  }
}

/**
 * A SheetOutput's SPARKLINE cells, written after its values in one setFormulas over their bounding box (the グラフ
 * sheet's two columns). The box's other cells must be empty in the output, or setFormulas would blank them: a layout
 * that breaks this is a bug here, never a person's input, so it stops before writing. Assumed: SPARKLINE honours
 * charttype line / column with ymin, ymax and color (Google Sheets' function list), listed in docs/environment-check.md.
 */
export function writeSparklines(sheet: Sheet, cells: NonNullable<SheetOutput['sparklines']>, values: SheetOutput['values']): void {
  if (!cells.length) return;
  const top = Math.min(...cells.map((c) => c.row));
  const left = Math.min(...cells.map((c) => c.col));
  const bottom = Math.max(...cells.map((c) => c.row));
  const right = Math.max(...cells.map((c) => c.col));
  const grid = Array.from({ length: bottom - top + 1 }, () => Array<string>(right - left + 1).fill(''));
  for (const c of cells) grid[c.row - top][c.col - left] = c.formula;
  grid.forEach((line, i) => line.forEach((f, j) => {
    if (f === '' && !isBlank(values[top - 1 + i]?.[left - 1 + j]))
      throw new Error(`「${sheet.getName()}」のスパークラインの範囲（${a1(top, left)}:${a1(bottom, right)}）に値のあるセル ${a1(top + i, left + j)} があります`);
  }));
  sheet.getRange(top, left, grid.length, grid[0].length).setFormulas(grid);
}
