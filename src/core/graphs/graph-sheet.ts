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
import { formatFiscalYear } from '../parse/fiscal-year';
import { figureFormat } from '../layout/figure-formats';
import { SERIES_COLORS } from '../report/chart';
import { a1, SHEETS_ROW_PX, type Scalar, type SheetChart, type SheetData, type SheetOutput } from '../workbook';
import type { Trajectory } from './trajectories';
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


/** 指標, 単位, 方向 and the two sparklines, before the year columns. */
const TRAJECTORY_COLS = 5;

/** A SPARKLINE over a row's cells: 予定 as a line, 実績 as columns (an empty year is no column), on one shared scale. */
function sparkline(source: { row: number; col: number; numCols: number }, kind: 'line' | 'column', color: string, min: number, max: number): string {
  const range = `${a1(source.row, source.col)}:${a1(source.row, source.col + source.numCols - 1)}`;
  return `=SPARKLINE(${range},{"charttype","${kind}";"ymin",${min};"ymax",${max};"color","${color}"})`;
}

/**
 * 「指標別の推移」: per indicator its 予定 and 実績 by year (numbers; empty where a year has none), 「少ないほど良い」 for
 * 減少, and in Sheets two sparklines on the same scale, 予定 as a line and 実績 as columns.
 */
function trajectoryTable(values: Scalar[][], styles: NonNullable<SheetOutput['styles']>, formats: NonNullable<SheetOutput['numberFormats']>, rows: readonly Trajectory[], years: readonly number[]): NonNullable<SheetOutput['sparklines']> {
  const sparklines: NonNullable<SheetOutput['sparklines']> = [];
  const top = values.length + 2;
  const labels = years.map((y) => formatFiscalYear(y));
  values.push([], ['指標別の推移（予定は線、実績は棒。空欄の年度は値なし）'], ['指標', '単位', '方向', '予定の推移', '実績の推移', ...labels.map((l) => `${l} 予定`), ...labels.map((l) => `${l} 実績`)]);
  styles.push({ range: { row: top, col: 1, numRows: 1, numCols: 1 }, style: 'section' }, { range: { row: top + 1, col: 1, numRows: 1, numCols: TRAJECTORY_COLS + 2 * years.length }, style: 'header' });
  const first = { plan: TRAJECTORY_COLS + 1, actual: TRAJECTORY_COLS + 1 + years.length };
  for (const t of rows) {
    const row = values.length + 1;
    values.push([`No.${t.no} ${t.indicator}`, t.unit, t.decrease ? '少ないほど良い' : '', '', '', ...t.targets.map((v) => v ?? ''), ...t.actuals.map((v) => v ?? '')]);
    [...t.targets, ...t.actuals].forEach((v, i) => {
      if (v !== null) formats.push({ range: { row, col: first.plan + i, numRows: 1, numCols: 1 }, format: figureFormat(v) });
    });
    const numbers = [...t.targets, ...t.actuals].filter((v): v is number => v !== null && Number.isFinite(v));
    if (!numbers.length) continue;
    const min = Math.min(0, ...numbers);
    const max = Math.max(...numbers) === min ? min + 1 : Math.max(...numbers);
    if (t.targets.some((v) => v !== null)) sparklines.push({ row, col: 4, formula: sparkline({ row, col: first.plan, numCols: years.length }, 'line', SERIES_COLORS.target, min, max) });
    if (t.actuals.some((v) => v !== null)) sparklines.push({ row, col: 5, formula: sparkline({ row, col: first.actual, numCols: years.length }, 'column', SERIES_COLORS.actual, min, max) });
  }
  return sparklines;
}

export function graphSheet(title: string, graphs: readonly GradeGraph[], lines: { rows: readonly Trajectory[]; years: readonly number[] } = { rows: [], years: [] }): GraphSheet {
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
    for (let r = rowsUsed; r < Math.ceil(heightPx / SHEETS_ROW_PX) + 1; r++) values.push([]);
  }
  const numberFormats: NonNullable<SheetOutput['numberFormats']> = [];
  const sparklines = lines.rows.length ? trajectoryTable(values, styles, numberFormats, lines.rows, lines.years) : [];
  return {
    output: {
      // The first column holds the tables' categories and the indicators; the 4th and 5th the sparklines; the rest the
      // counts and the years (wide enough for 「2019年度 予定」 and 「もう少しの努力で…」 to be read in part at least).
      name: SHEET.graphs, values, styles, ...(numberFormats.length ? { numberFormats } : {}),
      columnWidths: [28, 10, 14, 14, 14, ...Array<number>(Math.max(width, TRAJECTORY_COLS + 2 * lines.years.length) - 5).fill(14)],
      graphs: placed.map(({ kind, title, data, colors, row, col, widthPx, heightPx }) => ({ kind, title, data, colors, row, col, widthPx, heightPx })),
      ...(sparklines.length ? { sparklines } : {}),
    },
    graphs: placed,
  };
}
