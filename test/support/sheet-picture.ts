/**
 * A picture of a fake Sheets sheet as an HTML page, drawn from what a script wrote into the fakes (test/gas/fakes/),
 * not from what the core meant to write: so a screenshot of it also checks the shell's calls. Test support only.
 *
 * - The grid: column letters and row numbers, the fake's column widths and row heights, each cell's display value
 *   (getDisplayValues), background, font weight and colour; text runs over empty cells to its right, numbers sit
 *   right, as Sheets shows them.
 * - Each embedded chart (getCharts) at its anchor cell and offsets: read back from its range (first row: the bars'
 *   label and the series names; then a row per bar) and its options, and drawn with the project's own stacked bar
 *   SVG (src/core/graphs/bar-chart.ts). Only what drawGraphs builds is drawn: a horizontal BAR chart over one range on
 *   this sheet, one header row, isStacked true, a colour per series, width and height, the legend on top. Anything
 *   else throws rather than be drawn as a stacked chart anyway.
 * - Each =SPARKLINE cell: the formula parsed (its range, and the options array {"charttype",…;"ymin",…;"ymax",…;
 *   "color",…} as Google's SPARKLINE page documents it; exactly the options graph-sheet.ts writes, anything else
 *   throws), the range read from the fake and drawn in the cell: charttype line as a line, column as columns, on
 *   ymin..ymax, in the given colour. An empty cell keeps its place: no column, and a break in the line. Google's
 *   function list names an "empty" option ("zero" or "ignore") without saying which is the default, nor whether
 *   "ignore" breaks the line, joins its neighbours or drops the cell: a break is assumed (docs/environment-check.md).
 */
import { BAR_CHART_STYLE, barChartHeight, stackedBarSvg } from '../../src/core/graphs/bar-chart';
import type { GradeGraph } from '../../src/core/graphs/grade-graphs';
import { escapeXml, n } from '../../src/core/svg';
import { a1, columnLetters, parseA1 } from '../../src/core/workbook';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type EmbeddedChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;

/** Sheets' row-number column and column-letter row, in px. */
const HEADER = { width: 46, height: 21 } as const;
const FONT_STACK = `"${BAR_CHART_STYLE.fontFamily}", "Noto Sans CJK JP", sans-serif`;

export interface PictureOptions {
  /** @font-face sources (URLs the page can load) for the charts' font, regular and bold. */
  fonts?: { regular: string; bold: string };
}

/** A chart as the picture draws it, read back from the fake. */
export interface ChartPicture {
  anchor: string;
  offsetX: number;
  offsetY: number;
  width: number;
  height: number;
  graph: GradeGraph;
}

/** A SPARKLINE formula as parsed. */
export interface Sparkline {
  range: { row: number; col: number; numCols: number };
  charttype: 'line' | 'column';
  ymin: number;
  ymax: number;
  color: string;
}

function fail(where: string, why: string): never {
  throw new Error(`sheet picture: ${where}: ${why}`);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** One embedded chart as drawGraphs builds it, or a clear error naming what differs. */
export function readChart(sheet: Sheet, chart: EmbeddedChart): ChartPicture {
  const info = chart.getContainerInfo();
  const anchor = a1(info.getAnchorRow(), info.getAnchorColumn());
  const where = `the chart at ${anchor}`;
  const type: unknown = chart.modify().getChartType();
  if (type !== 'BAR') fail(where, `its type is ${String(type)}, and only a horizontal BAR chart is drawn`);
  const ranges = chart.getRanges();
  if (ranges.length !== 1) fail(where, `it has ${ranges.length} ranges, and one is drawn`);
  const range = ranges[0];
  if (range.getSheet().getSheetId() !== sheet.getSheetId()) fail(where, `its range ${range.getA1Notation()} is on another sheet`);
  if (chart.getNumHeaders() !== 1) fail(where, `its number of header rows is ${chart.getNumHeaders()}, not 1`);
  if (chart.getTransposeRowsAndColumns()) fail(where, 'its rows and columns are transposed');
  const o = chart.getOptions();
  const title = o.get('title');
  if (typeof title !== 'string' || !title) fail(where, 'the title option is missing');
  if (o.get('isStacked') !== true) fail(where, `isStacked is ${JSON.stringify(o.get('isStacked'))}, not true: it would not be a stacked chart`);
  const width = o.get('width');
  const height = o.get('height');
  if (!isCount(width) || !isCount(height) || !width || !height) fail(where, `width and height are ${JSON.stringify(width)} × ${JSON.stringify(height)}, not a size in px`);
  const legend = o.get('legend') as { position?: unknown } | null;
  if (legend?.position !== 'top') fail(where, `the legend option is ${JSON.stringify(legend)}, and the stacked bar SVG draws it on top`);

  const [header, ...rows] = range.getValues();
  if (!rows.length) fail(where, `its range ${range.getA1Notation()} has no row after the header`);
  if (header.length < 2 || !header.every((h) => typeof h === 'string' && h !== '')) fail(where, `its header row ${JSON.stringify(header)} is not a label and series names`);
  const names = header.slice(1) as string[];
  const colors = o.get('colors');
  if (!Array.isArray(colors) || colors.length !== names.length || !colors.every((c) => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c)))
    fail(where, `the colors option ${JSON.stringify(colors)} is not one #RRGGBB per series (${names.length})`);
  const categories = rows.map((r) => {
    if (typeof r[0] !== 'string' && typeof r[0] !== 'number') fail(where, `a bar's label ${JSON.stringify(r[0])} is not text`);
    return String(r[0]);
  });
  rows.forEach((r, i) => r.slice(1).forEach((v, j) => {
    if (!isCount(v)) fail(where, `the value ${JSON.stringify(v)} of ${names[j]} for ${categories[i]} is not a count`);
  }));
  const graph: GradeGraph = {
    title: title as string,
    categoryLabel: header[0] as string,
    categories,
    series: names.map((name, j) => ({ name, color: (colors as string[])[j], values: rows.map((r) => r[j + 1] as number) })),
  };
  // The bar SVG's height follows its bars; a chart set to another height would be drawn squeezed or stretched.
  const needed = barChartHeight(graph, { width: width as number, fontFamily: BAR_CHART_STYLE.fontFamily });
  if (needed !== height) fail(where, `its height option (${String(height)} px) is not the ${needed} px its ${categories.length} bars and legend take`);
  return { anchor, offsetX: info.getOffsetX(), offsetY: info.getOffsetY(), width: width as number, height: height as number, graph };
}

const SPARKLINE = /^=SPARKLINE\(([A-Z]{1,3}[1-9]\d*):([A-Z]{1,3}[1-9]\d*),\{(.*)\}\)$/;
const TOKEN = /\s*(?:"([^"]*)"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?))\s*/y;

/** Reads `{"key",value;"key",value;…}`'s inside: string keys, string or number values. */
function optionPairs(body: string, formula: string): [string, string | number][] {
  return body.split(';').map((pair) => {
    const parts = pair.split(',');
    if (parts.length !== 2) fail(formula, `the option ${JSON.stringify(pair)} is not a key and a value`);
    const [key, value] = parts.map((p) => {
      TOKEN.lastIndex = 0;
      const m = TOKEN.exec(p);
      if (!m || TOKEN.lastIndex !== p.length) fail(formula, `${JSON.stringify(p)} is neither a "string" nor a number`);
      return m![1] !== undefined ? m![1] : Number(m![2]);
    });
    if (typeof key !== 'string') fail(formula, `the option name ${String(key)} is not a string`);
    return [key as string, value];
  });
}

/** A SPARKLINE formula as graph-sheet.ts writes it (one row's range and four options); anything else throws. */
export function parseSparkline(formula: string): Sparkline {
  const m = SPARKLINE.exec(formula);
  if (!m) fail(formula, 'not a SPARKLINE over one range with an options array');
  const from = parseA1(m![1])!;
  const to = parseA1(m![2])!;
  if (from.row !== to.row || to.col < from.col) fail(formula, 'its range is not one row, left to right');
  const options = new Map<string, string | number>();
  for (const [k, v] of optionPairs(m![3], formula)) {
    if (options.has(k)) fail(formula, `the option "${k}" is given twice`);
    options.set(k, v);
  }
  const known = ['charttype', 'ymin', 'ymax', 'color'];
  for (const k of options.keys()) if (!known.includes(k)) fail(formula, `the option "${k}" is not drawn by the picture`);
  const charttype = options.get('charttype');
  const ymin = options.get('ymin');
  const ymax = options.get('ymax');
  const color = options.get('color');
  if (charttype !== 'line' && charttype !== 'column') fail(formula, `charttype ${JSON.stringify(charttype)} is not "line" or "column"`);
  if (typeof ymin !== 'number' || typeof ymax !== 'number' || !(ymax > ymin)) fail(formula, `ymin ${String(ymin)} and ymax ${String(ymax)} are not a scale`);
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) fail(formula, `color ${JSON.stringify(color)} is not #RRGGBB`);
  return {
    range: { row: from.row, col: from.col, numCols: to.col - from.col + 1 },
    charttype: charttype as 'line' | 'column', ymin: ymin as number, ymax: ymax as number, color: color as string,
  };
}

/** The sparkline's values as read from the fake: numbers, null for an empty cell; other contents throw. */
function sparklineValues(sheet: Sheet, s: Sparkline, where: string): (number | null)[] {
  return sheet.getRange(s.range.row, s.range.col, 1, s.range.numCols).getValues()[0].map((v, i) => {
    if (v === '') return null;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return fail(where, `its cell ${a1(s.range.row, s.range.col + i)} holds ${JSON.stringify(v)}, not a number (the "nan" option is not drawn)`);
  });
}

/**
 * A sparkline as SVG, `w` × `h`. Marked for tests: data-index on each column, data-from/data-to on each run of the
 * line (a lone point between empty cells is a dot).
 */
export function sparklineSvg(s: Sparkline, values: readonly (number | null)[], w: number, h: number, cell: string): string {
  const pad = 2;
  const y = (v: number) => pad + ((h - 2 * pad) * (s.ymax - Math.min(Math.max(v, s.ymin), s.ymax))) / (s.ymax - s.ymin);
  const out = [`<svg class="sparkline" data-cell="${cell}" data-charttype="${s.charttype}" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`];
  if (s.charttype === 'column') {
    const slot = (w - 2 * pad) / values.length;
    values.forEach((v, i) => {
      if (v === null) return;
      const top = Math.min(y(v), y(0));
      out.push(`<rect data-index="${i}" x="${n(pad + i * slot + slot * 0.1)}" y="${n(top)}" width="${n(slot * 0.8)}" height="${n(Math.max(Math.abs(y(v) - y(0)), 0.5))}" fill="${s.color}"/>`);
    });
  } else {
    const x = (i: number) => (values.length === 1 ? w / 2 : pad + (i * (w - 2 * pad)) / (values.length - 1));
    let run: number[] = [];
    const flush = () => {
      if (run.length === 1) out.push(`<circle data-from="${run[0]}" data-to="${run[0]}" cx="${n(x(run[0]))}" cy="${n(y(values[run[0]]!))}" r="1.5" fill="${s.color}"/>`);
      else if (run.length) out.push(`<polyline data-from="${run[0]}" data-to="${run.at(-1)}" points="${run.map((i) => `${n(x(i))},${n(y(values[i]!))}`).join(' ')}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`);
      run = [];
    };
    values.forEach((v, i) => (v === null ? flush() : run.push(i)));
    flush();
  }
  out.push('</svg>');
  return out.join('');
}

/** Left edges of columns 1..cols+1 (and top edges of rows) in px, after the headers. */
function edges(count: number, size: (i: number) => number, start: number): number[] {
  const at = [start];
  for (let i = 1; i <= count; i++) at.push(at[i - 1] + size(i));
  return at;
}

/** How many columns (rows) from 1 reach `px`, given their sizes. */
function reach(px: number, size: (i: number) => number, start: number): number {
  let i = 0;
  for (let x = start; x < px; x += size(++i));
  return i;
}

export function sheetPicture(sheet: Sheet, options: PictureOptions = {}): string {
  const colW = (c: number) => sheet.getColumnWidth(c);
  const rowH = (r: number) => sheet.getRowHeight(r);
  const charts = sheet.getCharts().map((c) => readChart(sheet, c));
  const lastRow = Math.max(sheet.getLastRow(), 1);
  const lastCol = Math.max(sheet.getLastColumn(), 1);
  // The grid reaches past the data to hold the charts (drawn over cells, as Sheets floats them), plus a margin
  const placeX = (c: ChartPicture) => edges(parseA1(c.anchor)!.col - 1, colW, HEADER.width).at(-1)! + c.offsetX;
  const placeY = (c: ChartPicture) => edges(parseA1(c.anchor)!.row - 1, rowH, HEADER.height).at(-1)! + c.offsetY;
  // (never past the sheet's own grid, which getRange refuses).
  const cols = Math.min(Math.max(lastCol, ...charts.map((c) => reach(placeX(c) + c.width, colW, HEADER.width))) + 1, sheet.getMaxColumns());
  const rows = Math.min(Math.max(lastRow, ...charts.map((c) => reach(placeY(c) + c.height, rowH, HEADER.height))) + 1, sheet.getMaxRows());
  const xs = edges(cols, colW, HEADER.width);
  const ys = edges(rows, rowH, HEADER.height);

  const range = sheet.getRange(1, 1, rows, cols);
  const shown = range.getDisplayValues();
  const values = range.getValues();
  const formulas = range.getFormulas();
  const backgrounds = range.getBackgrounds();
  const weights = range.getFontWeights();
  const colours = range.getFontColors();
  const aligns = range.getHorizontalAlignments();
  const empty = (r: number, c: number) => shown[r][c] === '' && formulas[r][c] === '';

  const out: string[] = [];
  const box = (x: number, y: number, w: number, h: number) => `left:${n(x)}px;top:${n(y)}px;width:${n(w)}px;height:${n(h)}px`;
  out.push(`<div class="corner" style="${box(0, 0, HEADER.width, HEADER.height)}"></div>`);
  for (let c = 1; c <= cols; c++) out.push(`<div class="col-head" style="${box(xs[c - 1], 0, colW(c), HEADER.height)}">${columnLetters(c)}</div>`);
  const alignOf = (i: number, j: number) => {
    const set = aligns[i][j];
    return set === 'left' || set === 'center' || set === 'right' ? set : typeof values[i][j] === 'number' ? 'right' : 'left';
  };
  for (let r = 1; r <= rows; r++) {
    const i = r - 1;
    out.push(`<div class="row-head" style="${box(0, ys[i], HEADER.width, rowH(r))}">${r}</div>`);
    // Left-aligned text runs over the empty cells to its right (Sheets' overflow): the last column it covers, and
    // no grid line inside the run.
    const runEnd: number[] = [];
    const inRun = new Set<number>();
    for (let c = 1; c <= cols; c++) {
      if (shown[i][c - 1] === '' || formulas[i][c - 1] !== '' || alignOf(i, c - 1) !== 'left') continue;
      let last = c;
      while (last < cols && empty(i, last)) inRun.add(last++);
      runEnd[c] = last;
    }
    for (let c = 1; c <= cols; c++) {
      const j = c - 1;
      const cell = a1(r, c);
      out.push(`<div class="cell${inRun.has(c) ? ' run' : ''}" data-cell="${cell}" style="${box(xs[j], ys[i], colW(c), rowH(r))};background:${escapeXml(backgrounds[i][j])}"></div>`);
      const formula = formulas[i][j];
      if (/^=\s*SPARKLINE\s*\(/i.test(formula)) {
        const s = parseSparkline(formula);
        const svg = sparklineSvg(s, sparklineValues(sheet, s, `the SPARKLINE in ${cell}`), colW(c) - 1, rowH(r) - 1, cell);
        out.push(`<div class="spark" style="${box(xs[j], ys[i], colW(c) - 1, rowH(r) - 1)}">${svg}</div>`);
        continue;
      }
      const text = shown[i][j];
      if (text === '') continue;
      const last = runEnd[c] ?? c;
      const style = [box(xs[j], ys[i], xs[last] - xs[j] - 1, rowH(r) - 1), `text-align:${alignOf(i, j)}`, `font-weight:${weights[i][j] === 'bold' ? 700 : 400}`, `color:${escapeXml(colours[i][j])}`];
      out.push(`<div class="text" data-text="${cell}" style="${style.join(';')}">${escapeXml(text)}</div>`);
    }
  }
  for (const c of charts) {
    const svg = stackedBarSvg(c.graph, { width: c.width, fontFamily: BAR_CHART_STYLE.fontFamily });
    out.push(`<div class="chart" data-anchor="${c.anchor}" data-title="${escapeXml(c.graph.title)}" style="${box(placeX(c), placeY(c), c.width, c.height)}">${svg}</div>`);
  }

  const face = options.fonts
    ? [['regular', 400], ['bold', 700]].map(([k, w]) => `@font-face{font-family:"${BAR_CHART_STYLE.fontFamily}";font-weight:${w};src:url("${options.fonts![k as 'regular' | 'bold']}")}`).join('')
    : '';
  const css = `${face}
*{box-sizing:border-box}body{margin:0;background:#fff;font-family:${FONT_STACK};font-size:13px}
.sheet{position:relative;background:#fff}
.sheet>div{position:absolute}
.corner,.col-head,.row-head{background:#f8f9fa;border-right:1px solid #c4c7c5;border-bottom:1px solid #c4c7c5;color:#444;font-size:11px;display:flex;align-items:center;justify-content:center}
.cell{border-right:1px solid #e2e3e3;border-bottom:1px solid #e2e3e3}.cell.run{border-right-color:transparent}
.text{padding:0 3px;line-height:20px;white-space:nowrap;overflow:hidden;z-index:1}
.spark{z-index:1}.spark svg{display:block}
.chart{z-index:2;box-shadow:0 0 0 1px #dadce0}.chart svg{display:block}`;
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${escapeXml(sheet.getName())}</title><style>${css}</style></head>`
    + `<body><div class="sheet" data-sheet="${escapeXml(sheet.getName())}" style="width:${xs[cols]}px;height:${ys[rows]}px">${out.join('')}</div></body></html>`;
}
