/**
 * 報告書作成 in Sheets (issue 14, item 4): the core's print-ready sheets (core/report/job.ts) written through
 * the WorkbookPort (values, styles, notes, widths on a new sheet, frozen rows, grade colours, protection), then what
 * only a report has: row heights, merged cells, wrapping, borders, alignment, the titles' size, and one native line
 * chart per indicator over its numbers in hidden columns (core/report/chart-data.ts).
 *
 * Calls: a fixed number per sheet plus, per plan block, one mergeAcross per run of equally merged rows, a few row
 * height runs, and per chart 15 (builder, 7 options, insert) and on a rewrite 1 to remove the old one; never one per
 * cell. Measured in test/gas/report-sheet.test.ts.
 */
import { placeChartData, type ChartData } from '../core/report/chart-data';
import type { ReportSheetChart, ReportSheetOutput } from '../core/report/print-layout';
import { FONT_PT } from '../core/report/print-builder';
import { SHEETS_ROW_PX, type CellRange, type SheetOutput, type WorkbookPort } from '../core/workbook';
import { rangeA1 } from './protection';
import { widthRuns } from './sheet-layout';
import { SERIES_COLORS } from '../core/report/chart';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Pixels per character-width unit, as SheetsWorkbook sets widths (sheets-workbook.ts). */
const PX_PER_CHAR = 8;
/** The layout's heights are points; Sheets takes pixels ("The height in pixels", Sheet.setRowHeights) at 96 per inch. */
const pxOfPt = (pt: number) => Math.round((pt * 96) / 72);

/** The colours chart.ts draws 予定 and 実績 in, so the native chart reads like the PDF's. */
const SERIES_STYLE = {
  予定: { color: SERIES_COLORS.target, lineWidth: 2, pointSize: 0 },
  実績: { color: SERIES_COLORS.actual, lineWidth: 0, pointSize: 7 },
} as const;

export interface ReportWrite {
  sheets: string[];
  charts: number;
}

/** The part of a report sheet every WorkbookPort writes. */
function plainOutput(out: ReportSheetOutput, data: ChartData): SheetOutput {
  const { print: _print, charts: _charts, merges: _merges, wrapped: _wrapped, bordered: _bordered, alignments: _alignments, ...sheet } = out;
  return { ...sheet, values: data.values };
}

/**
 * Writes the report's sheets, replacing earlier ones of the same names with their charts: Sheet.clear() "clears the
 * sheet of content and formatting information" and says nothing of charts or merged cells, so both are removed here.
 */
export function writeReportSheets(ss: Spreadsheet, wb: WorkbookPort, outputs: ReportSheetOutput[]): ReportWrite {
  const placed = outputs.map((out) => ({ out, data: placeChartData(out), before: ss.getSheetByName(out.name) }));
  for (const { before } of placed) if (before) clearReportParts(before);
  wb.writeSheets(placed.map(({ out, data }) => plainOutput(out, data)));
  let charts = 0;
  for (const { out, data, before } of placed) {
    const sheet = before ?? ss.getSheetByName(out.name);
    if (!sheet) throw new Error(`報告書のシート「${out.name}」が書き込めませんでした`);
    layOut(sheet, out, data, !before);
    charts += drawCharts(sheet, data);
  }
  return { sheets: outputs.map((o) => o.name), charts };
}

/** Charts, merges and hidden columns of an earlier report on this sheet. */
function clearReportParts(sheet: Sheet): void {
  for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  const rows = sheet.getMaxRows();
  const cols = sheet.getMaxColumns();
  sheet.getRange(1, 1, rows, cols).breakApart();
  sheet.showColumns(1, cols);
}

/** Consecutive rows merged over the same columns, as one range each (Range.mergeAcross merges each row of a range). */
export function mergeRuns(merges: readonly CellRange[]): CellRange[] {
  const single = merges.filter((m) => m.numRows === 1).sort((a, b) => a.col - b.col || a.numCols - b.numCols || a.row - b.row);
  const runs: CellRange[] = [];
  for (const m of single) {
    const last = runs[runs.length - 1];
    if (last && last.col === m.col && last.numCols === m.numCols && last.row + last.numRows === m.row) last.numRows++;
    else runs.push({ ...m });
  }
  return [...runs, ...merges.filter((m) => m.numRows !== 1).map((m) => ({ ...m }))];
}

/**
 * Runs for Sheet.setRowHeights: the most common height over every row, then each run of rows of another height,
 * except rows of text taller than that: "By default, rows grow to fit cell contents" (Sheet.setRowHeights), so a
 * wrapped text or a title gets its room without a call of its own. What is left to set per plan block is the
 * spacers (shorter than a line) and the empty rows charts sit on.
 */
export function heightRuns(heights: readonly number[], hasText: (row: number) => boolean = () => false): { start: number; count: number; height: number }[] {
  if (!heights.length) return [];
  const tally = new Map<number, number>();
  for (const h of heights) tally.set(h, (tally.get(h) ?? 0) + 1);
  const common = [...tally].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  const wanted = heights.map((h, i) => (h > common && hasText(i + 1) ? common : h));
  const runs = [{ start: 1, count: wanted.length, height: common }];
  for (let i = 0; i < wanted.length; ) {
    let j = i;
    while (j + 1 < wanted.length && wanted[j + 1] === wanted[i]) j++;
    if (wanted[i] !== common) runs.push({ start: i + 1, count: j - i + 1, height: wanted[i]! });
    i = j + 1;
  }
  return runs;
}

/**
 * The merges a sheet needs: a merged range that is wrapped, bordered or aligned. A single-line text merged only to
 * span the width looks the same unmerged, as Sheets lets a text overflow into the empty cells on its right (assumed:
 * the Sheets UI's behaviour for text that is not wrapped).
 */
export function neededMerges(out: ReportSheetOutput): CellRange[] {
  const key = (r: CellRange) => rangeA1(r);
  const shaped = new Set([...(out.wrapped ?? []), ...(out.bordered ?? []), ...(out.alignments ?? []).map((a) => a.range)].map(key));
  return (out.merges ?? []).filter((m) => shaped.has(key(m)));
}

/** One call per list of ranges (getRangeList), then `apply` once on it. */
function onRanges(sheet: Sheet, ranges: readonly CellRange[], apply: (list: GoogleAppsScript.Spreadsheet.RangeList) => void): void {
  if (ranges.length) apply(sheet.getRangeList(ranges.map(rangeA1)));
}

function layOut(sheet: Sheet, out: ReportSheetOutput, data: ChartData, created: boolean): void {
  // A new sheet got its widths from writeSheets; a report sheet's widths are the layout's on every run.
  if (!created) for (const r of widthRuns(out.columnWidths ?? [])) sheet.setColumnWidths(r.start, r.count, r.width * PX_PER_CHAR);
  // Rows the layout gives no height keep Sheets' default (21 px; the fakes' figure, assumed).
  const heights: number[] = [];
  for (const { row, height } of out.print.rowHeights ?? []) heights[row - 1] = pxOfPt(height);
  for (let i = 0; i < heights.length; i++) heights[i] ??= SHEETS_ROW_PX;
  // setRowHeights lets a row still grow to fit its cells ("By default, rows grow to fit cell contents"); the forced
  // variant would cut a text the layout's estimate made too short.
  const hasText = (row: number) => (out.values[row - 1] ?? []).some((v) => v !== '');
  for (const r of heightRuns(heights, hasText)) sheet.setRowHeights(r.start, r.count, r.height);

  const area = out.print.printArea;
  sheet.getRange(area.row, area.col, area.numRows, area.numCols).setVerticalAlignment('middle');
  const runs = mergeRuns(neededMerges(out));
  if (runs.length) for (const range of sheet.getRangeList(runs.map(rangeA1)).getRanges()) range.mergeAcross();
  onRanges(sheet, out.wrapped ?? [], (list) => list.setWrap(true));
  onRanges(sheet, out.bordered ?? [], (list) => list.setBorder(true, true, true, true, true, true));
  for (const horizontal of ['left', 'center', 'right'] as const)
    onRanges(sheet, (out.alignments ?? []).filter((a) => a.horizontal === horizontal).map((a) => a.range), (list) => list.setHorizontalAlignment(horizontal));
  onRanges(sheet, (out.styles ?? []).filter((s) => s.style === 'title').map((s) => s.range), (list) => list.setFontSize(FONT_PT.title));
  // The charts' numbers are not for print: hidden columns are not printed (assumed: Sheets prints what the sheet shows).
  if (data.hiddenCols) sheet.hideColumns(data.hiddenCols.first, data.hiddenCols.count);
}

/**
 * A line chart per indicator: 予定 as a line, 実績 as points, over its table (header row, then 年度 / 予定 / 実績 per
 * year). Sources: Sheet.newChart / insertChart and EmbeddedChartBuilder (reference/spreadsheet/); the table's columns
 * are hidden, which a chart skips unless told (ChartHiddenDimensionStrategy: SHOW_BOTH "does not skip hidden columns
 * or hidden rows"); setOption passes Google Charts' configuration options ("doesn't validate the option"): `series`
 * with lineWidth / pointSize / color per series (Google Charts, Customizing Lines and Points; that Sheets' embedded
 * chart honours them per series is assumed), and interpolateNulls false so an unmeasured year is a gap (Sheets API
 * BasicChartSpec.interpolateNulls, "gaps may appear … To eliminate these gaps set this to true").
 */
function drawCharts(sheet: Sheet, data: ChartData): number {
  if (!data.charts.length) return 0;
  const ranges = sheet.getRangeList(data.charts.map((c) => rangeA1(c.data))).getRanges();
  data.charts.forEach(({ chart }, i) => sheet.insertChart(lineChart(sheet, chart, ranges[i]!)));
  return data.charts.length;
}

function lineChart(sheet: Sheet, chart: ReportSheetChart, range: GoogleAppsScript.Spreadsheet.Range): GoogleAppsScript.Spreadsheet.EmbeddedChart {
  const series = Object.fromEntries(chart.series.map((s, i) => [i, SERIES_STYLE[s.name]]));
  return sheet
    .newChart()
    .setChartType(Charts.ChartType.LINE)
    .addRange(range)
    .setNumHeaders(1)
    .setHiddenDimensionStrategy(Charts.ChartHiddenDimensionStrategy.SHOW_BOTH)
    .setPosition(chart.row, chart.col, 0, 4)
    .setOption('title', chart.title)
    .setOption('width', chart.widthPx)
    .setOption('height', chart.heightPx)
    .setOption('legend', { position: 'bottom' })
    .setOption('interpolateNulls', false)
    .setOption('series', series)
    .setOption('vAxis', { title: chart.unit })
    .build();
}
