/**
 * Where a spreadsheet's native charts read their numbers (the Sheets 報告書, issue 14 item 4): a chart draws cells, so
 * each chart's 年度 / 予定 / 実績 go into a small table of numbers in columns right of the printed layout, which the
 * shell hides. The layout's own 予定・実績 cells are texts as written (`6,500件`, `未測定`), which a chart cannot draw.
 * A table is header row + one row per year, ending on the chart's own row, so it stays inside the sheet's rows;
 * tables whose rows would overlap go into further column groups. An unmeasured year is an empty cell: Sheets leaves a
 * gap for a missing value unless told to interpolate (Sheets API BasicChartSpec.interpolateNulls: "If some values in
 * a series are missing, gaps may appear in the chart … To eliminate these gaps set this to true"), never a zero.
 */
import type { CellRange, Scalar } from '../workbook';
import type { ReportSheetChart, ReportSheetOutput } from './print-layout';

/** Columns of one chart's table: 年度, then one per series. */
const TABLE_COLS = 3;

export interface PlacedChart {
  chart: ReportSheetChart;
  /** The chart's table: header row (年度・予定・実績) and one row per category, 1-based. */
  data: CellRange;
}

export interface ChartData {
  /** The output's values with the tables added right of the layout (the output itself is left unchanged). */
  values: Scalar[][];
  charts: PlacedChart[];
  /** The columns holding the tables, to hide (none without charts). */
  hiddenCols: { first: number; count: number } | null;
}

/** The layout's width: its values, widths, print area and charts, so no table covers a printed cell. */
function layoutWidth(out: ReportSheetOutput): number {
  const area = out.print.printArea;
  return Math.max(
    area.col + area.numCols - 1,
    out.columnWidths?.length ?? 0,
    ...out.values.map((r) => r.length),
    ...(out.merges ?? []).map((m) => m.col + m.numCols - 1),
  );
}

export function placeChartData(out: ReportSheetOutput): ChartData {
  if (!out.charts.length) return { values: out.values, charts: [], hiddenCols: null };
  // One empty column between the layout and the tables, so a text overflowing its cell is not cut by a table.
  const first = layoutWidth(out) + 2;
  const values = out.values.map((r) => [...r]);
  /** The next free row of each column group. */
  const freeFrom: number[] = [];
  const charts = out.charts.map((chart) => {
    const rows = chart.categories.length + 1;
    const top = Math.max(1, chart.row - rows + 1);
    let group = freeFrom.findIndex((free) => free <= top);
    if (group < 0) group = freeFrom.push(0) - 1;
    freeFrom[group] = top + rows;
    const col = first + group * TABLE_COLS;
    const table: Scalar[][] = [
      ['年度', ...chart.series.map((s) => s.name)],
      ...chart.categories.map((label, i) => [label, ...chart.series.map((s) => s.values[i] ?? '')]),
    ];
    table.forEach((line, i) => {
      const row = (values[top - 1 + i] ??= []);
      while (row.length < col - 1) row.push('');
      line.forEach((v, j) => (row[col - 1 + j] = v));
    });
    return { chart, data: { row: top, col, numRows: rows, numCols: 1 + chart.series.length } };
  });
  for (const row of values) for (let i = 0; i < row.length; i++) row[i] ??= '';
  return { values, charts, hiddenCols: { first: first - 1, count: 1 + freeFrom.length * TABLE_COLS } };
}
