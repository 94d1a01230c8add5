/**
 * The グラフ sheet (issue 17 item 4): per graph a small table of its counts (a title row, a header row, a row per bar,
 * and 計) with the chart placed to its right, reading that table. Sheets draws a native stacked bar chart over the
 * table's cells; the .xlsx gets the same graph as an image (bar-chart.ts), since exceljs writes no charts. Rewritten
 * by every 集計, read by nobody: people may copy it, never type into it.
 */
import { SHEET } from '../layout/sheet-names';
import type { CellRange, Scalar, SheetOutput } from '../workbook';
import { barChartHeight, stackedBarSvg, BAR_CHART_STYLE } from './bar-chart';
import type { GradeGraph } from './grade-graphs';

export interface PlacedGraph {
  graph: GradeGraph;
  /** The table the chart reads: header row (category label, series names) and one row per bar; 計 is outside. */
  data: CellRange;
  /** The chart's top-left cell (1-based). */
  row: number;
  col: number;
  widthPx: number;
  heightPx: number;
  /** The same chart as SVG, for shells that place an image. */
  svg: string;
}

export interface GraphSheet {
  output: SheetOutput;
  graphs: PlacedGraph[];
}

/** Sheets' default row height (px): how many rows a chart covers, so the next table starts below it. */
const ROW_PX = 21;

export function graphSheet(title: string, graphs: readonly GradeGraph[]): GraphSheet {
  const values: Scalar[][] = [[`${title} グラフ`], ['「集計」のたびに書き直します（評価の件数は「達成状況」と同じです）。']];
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
    output: { name: SHEET.graphs, values, styles, readOnly: true, columnWidths: [28, ...Array<number>(width - 1).fill(8)] },
    graphs: placed,
  };
}
