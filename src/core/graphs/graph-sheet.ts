/**
 * The グラフ sheet (issue 17 item 4): per graph a small table of its counts (a title row, a header row, a row per bar,
 * and 計) with the chart placed to its right, reading that table. Sheets draws a native stacked bar chart over the
 * table's cells; the .xlsx gets the same graph as an image (bar-chart.ts), since exceljs writes no charts. Rewritten
 * by every 集計, read by nobody: people may copy it; only the coordinators may edit it (the job gives its editors), as
 * 達成状況.
 */
import { SHEET } from '../layout/sheet-names';
import { cellText } from '../layout/table';
import type { Finding } from '../model';
import type { Scalar, SheetChart, SheetData, SheetOutput } from '../workbook';
import { barChartHeight, stackedBarSvg, BAR_CHART_STYLE } from './bar-chart';
import type { GradeGraph } from './grade-graphs';

export interface PlacedGraph extends SheetChart {
  graph: GradeGraph;
  /** The same chart as SVG, for shells that place an image. */
  svg: string;
}

export interface GraphSheet {
  output: SheetOutput;
  graphs: PlacedGraph[];
}

const NOTE = '「集計」のたびに書き直します（評価の件数は「達成状況」と同じです）。';

/**
 * Whether a sheet named グラフ is one a person made (not written by graphSheet: its second row is not ours). 集計
 * then leaves it as it is: a sheet of people's own is never replaced.
 */
export function graphSheetTaken(existing: SheetData | undefined): boolean {
  if (!existing) return false;
  return cellText(existing.values[1]?.[0] ?? '') !== NOTE;
}

/** The finding that says why 集計 did not write グラフ. */
export function graphSheetTakenFinding(): Finding {
  return {
    severity: 'warning', code: 'graph-sheet-taken', sheet: SHEET.graphs, cell: '', indicator: '',
    message: `「${SHEET.graphs}」シートは進捗が作ったシートではないため、書き換えませんでした。名前を変えると、次の集計で「${SHEET.graphs}」シートを作ります`,
  };
}

/** Sheets' default row height (px): how many rows a chart covers, so the next table starts below it. */
const ROW_PX = 21;

export function graphSheet(title: string, graphs: readonly GradeGraph[]): GraphSheet {
  const values: Scalar[][] = [[`${title} グラフ`], [NOTE]];
  const styles: SheetOutput['styles'] = [{ range: { row: 1, col: 1, numRows: 1, numCols: 1 }, style: 'title' }];
  const placed: PlacedGraph[] = [];
  let width = 1;
  for (const graph of graphs) {
    const top = values.length + 2;
    values.push([], [graph.title], [graph.categoryLabel, ...graph.series.map((s) => s.name), '計']);
    graph.categories.forEach((c, i) => {
      const counts = graph.series.map((s) => s.values[i]);
      values.push([c, ...counts, counts.reduce((a, b) => a + b, 0)]);
    });
    const cols = graph.series.length + 2;
    width = Math.max(width, cols);
    styles.push({ range: { row: top, col: 1, numRows: 1, numCols: 1 }, style: 'section' }, { range: { row: top + 1, col: 1, numRows: 1, numCols: cols }, style: 'header' });
    const heightPx = barChartHeight(graph);
    placed.push({
      kind: 'stackedBar',
      title: graph.title,
      colors: graph.series.map((s) => s.color),
      graph,
      data: { row: top + 1, col: 1, numRows: graph.categories.length + 1, numCols: graph.series.length + 1 },
      row: top,
      col: cols + 2,
      widthPx: BAR_CHART_STYLE.width,
      heightPx,
      svg: stackedBarSvg(graph),
    });
    // Room for the chart before the next table.
    const rowsUsed = values.length - top + 1;
    for (let r = rowsUsed; r < Math.ceil(heightPx / ROW_PX) + 1; r++) values.push([]);
  }
  return {
    output: {
      name: SHEET.graphs, values, styles, columnWidths: [28, ...Array<number>(width - 1).fill(8)],
      graphs: placed.map(({ kind, title, data, colors, row, col, widthPx, heightPx }) => ({ kind, title, data, colors, row, col, widthPx, heightPx })),
    },
    graphs: placed,
  };
}
