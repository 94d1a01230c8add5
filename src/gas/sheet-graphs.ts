/**
 * A SheetOutput's graphs (the グラフ sheet) as native charts: a stacked bar chart over its own table, the grade colours
 * per series. Sources: Sheet.newChart / insertChart / getCharts / removeChart and EmbeddedChartBuilder
 * (reference/spreadsheet/ in the mirror); setOption passes Google Charts' configuration options and "doesn't
 * validate the option", so that Sheets' embedded bar chart honours `isStacked` and `colors` is assumed (listed in
 * docs/environment-check.md).
 */
import type { SheetChart } from '../core/workbook';

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
