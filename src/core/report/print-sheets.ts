/**
 * The report as sheets laid out for A4 portrait printing (issue 14, item 3): 表紙・概要 (the cover and the summary's
 * tables) and 報告書 (a block per action plan, like the PDF's plan page, then the plans without a page). Pure: every
 * text is the model's own, placed in cells; the .xlsx writer (src/node/report/xlsx.ts) and the Sheets 報告書 both
 * write these outputs. The sheets are at most REPORT_PAGE.widthUnits wide, so nothing depends on fit-to-width.
 */
import { eraLabel } from '../parse/fiscal-year';
import { displayWidth } from '../text-width';
import { CHART_STYLE } from './chart';
import type { ReportCountTable, ReportIndicator, ReportModel, ReportPlanPage } from './model';
import type { ReportSheetOutput } from './print-layout';
import { PrintSheetBuilder, REPORT_PAGE, type Cell } from './print-builder';

export const COVER_SHEET = '表紙・概要';
export const PLANS_SHEET = '報告書';

/**
 * The chart as placed on the sheet: CHART_STYLE's SVG shown smaller (a page holds a plan with two indicators), narrow
 * enough that two sit side by side on the plan sheet (a revised indicator's versions: 3 columns each, columnPx).
 */
const CHART_WIDTH_PX = 296;
const CHART_HEIGHT_PX = Math.round((CHART_STYLE.height * CHART_WIDTH_PX) / CHART_STYLE.width);

/**
 * A column's width in pixels as a spreadsheet draws it (about 7 px a unit and 5 of padding; Sheets draws 8 a unit,
 * wider), for what sits beside a chart: the first column wholly right of it.
 */
const columnPx = (units: number) => units * 7 + 5;
/** Texts beside a chart need this many units at least (the 達成見込み's basis in about eight lines), else they go under. */
const MIN_BESIDE_UNITS = 30;

const half = (x: number) => Math.floor(x * 2) / 2;
const widest = (texts: string[]) => Math.max(0, ...texts.map(displayWidth));

export function reportPrintSheets(model: ReportModel): ReportSheetOutput[] {
  return [coverSheet(model), plansSheet(model)];
}

// ---- 表紙・概要 ----

/** Key column as wide as the longest label (within limits), the counts sharing the rest; at least 5 columns. */
function coverWidths(model: ReportModel): number[] {
  const tables = model.summary.counts;
  const counts = (tables[0]?.columns.length ?? 0) + 1;
  const cols = Math.max(counts, 4);
  const labels = tables.flatMap((t) => [t.keyHeader, ...t.lines.map((l) => l.label)]);
  const key = Math.min(Math.max(widest(labels) + 2, 16), 28);
  const each = Math.min(half((REPORT_PAGE.widthUnits - key) / cols), 12);
  return [key, ...Array.from({ length: cols }, () => each)];
}

function coverSheet(model: ReportModel): ReportSheetOutput {
  const b = new PrintSheetBuilder(COVER_SHEET, coverWidths(model));
  const { cover, summary } = model;
  b.piece();
  b.row([{ value: '', span: b.cols - 1 }, { value: cover.audienceLabel, style: 'section', align: 'right', border: true }]);
  b.blank(150);
  b.row([{ value: cover.planTitle, style: 'title', size: 'title', span: b.cols, align: 'center' }]);
  b.row([{ value: cover.reportTitle, style: 'title', size: 'title', span: b.cols, align: 'center' }]);
  b.blank(16);
  b.row([{ value: `評価対象年度　${cover.fiscalYearLabel}`, style: 'section', span: b.cols, align: 'center' }]);
  b.blank(220);
  b.row([{ value: `データの日付: ${cover.dataDateLabel}`, span: b.cols, align: 'center' }]);
  if (cover.coordinatorDept) b.row([{ value: cover.coordinatorDept, span: b.cols, align: 'center' }]);
  if (cover.contacts.length) b.row([{ value: `問い合わせ先: ${cover.contacts.join('、')}`, span: b.cols, align: 'center' }]);
  if (model.findingCounts)
    b.row([{ value: `庁内確認用: 検証結果 エラー ${model.findingCounts.errors}件・警告 ${model.findingCounts.warnings}件（各アクションプランの欄に記載）`, span: b.cols, align: 'center' }]);

  b.piece(true);
  b.text('評価結果の概要', 'title');
  for (const t of summary.counts) countTable(b, t);

  const gradeSpan = Math.max(1, Math.floor((b.cols - 1) / 2));
  b.piece();
  b.blank();
  b.text(`評価の区分（評価基準: ${summary.scaleName}）`, 'section');
  b.row([
    { value: '評価', style: 'header', align: 'center' },
    { value: '区分', style: 'header', span: gradeSpan },
    { value: '達成率', style: 'header', span: b.cols - 1 - gradeSpan },
  ]);
  const firstGrade = b.nextRow;
  for (const g of summary.grades)
    b.row([{ value: g.grade, border: true, align: 'center' }, { value: g.label, border: true, span: gradeSpan }, { value: g.range, border: true, span: b.cols - 1 - gradeSpan }]);
  summary.grades.forEach((_, i) => b.grades(firstGrade + i, 1, 1, summary.grades.map((g) => g.grade)));

  b.piece();
  b.blank();
  b.text('達成率の求め方', 'section');
  for (const s of summary.rateMethod) b.text(s);
  if (summary.ungradedReasons.length) {
    b.piece();
    b.blank();
    b.text('評価のない年度の理由', 'section');
    for (const s of summary.ungradedReasons) b.text(`・${s}`);
  }
  return b.build();
}

function countTable(b: PrintSheetBuilder, t: ReportCountTable): void {
  b.piece();
  b.blank();
  b.text(t.title, 'section');
  const pad = (cells: Cell[]) => [...cells, ...Array.from({ length: b.cols - cells.length }, () => ({ value: '' }))];
  b.row(pad([t.keyHeader, ...t.columnLabels, '合計'].map((value, i) => ({ value, style: 'header' as const, align: i ? ('center' as const) : undefined }))));
  for (const l of t.lines)
    b.row(pad([{ value: l.label, border: true }, ...[...l.counts, l.total].map((value) => ({ value, border: true }))]));
}

// ---- 報告書: one block per plan ----

/** Label column, then one column per fiscal year (at least 4, for the other plans' table), sharing the width. */
function planWidths(model: ReportModel): number[] {
  const years = Math.max(0, ...model.plans.flatMap((p) => p.indicators.map((i) => i.years.length)));
  const cols = Math.max(years, 4);
  const label = 17;
  const each = Math.min(half((REPORT_PAGE.widthUnits - label) / cols), 16);
  return [label, ...Array.from({ length: cols }, () => each)];
}

function plansSheet(model: ReportModel): ReportSheetOutput {
  const b = new PrintSheetBuilder(PLANS_SHEET, planWidths(model));
  b.text(model.header, undefined);
  b.repeatRowsSoFar();
  const grades = model.summary.grades.map((g) => g.grade);
  for (const p of model.plans) planBlock(b, p, grades);
  if (model.otherPlans.length) otherPlans(b, model);
  if (!model.plans.length && !model.otherPlans.length) {
    b.piece();
    b.text('（アクションプランはありません）');
  }
  return b.build();
}

function kv(b: PrintSheetBuilder, label: string, value: string): void {
  b.row([{ value: label, style: 'header' }, { value, border: true, span: b.cols - 1 }]);
}

/** Two short label–value pairs side by side (基本方針 and 取組, 主管部門 and 関係部門), one above the other when narrow. */
function kvPair(b: PrintSheetBuilder, [l1, v1]: [string, string], [l2, v2]: [string, string]): void {
  const first = Math.floor((b.cols - 2) / 2);
  if (first < 2) {
    kv(b, l1, v1);
    kv(b, l2, v2);
    return;
  }
  b.row([
    { value: l1, style: 'header' },
    { value: v1, border: true, span: first },
    { value: l2, style: 'header' },
    { value: v2, border: true, span: b.cols - 2 - first },
  ]);
}

function planBlock(b: PrintSheetBuilder, p: ReportPlanPage, grades: string[]): void {
  b.piece(true);
  // The block's head names the plan's No. (as the PDF's band does); the rows below give the rest.
  b.text(`No.${p.no}　${p.actionPlan}`, 'title');
  kvPair(b, ['基本方針', p.policy], ['取組', p.theme]);
  kv(b, 'アクションプラン', p.actionPlan);
  if (p.overview) kv(b, '概要', p.overview);
  if (p.purpose) kv(b, '目的', p.purpose);
  if (p.outcome) kv(b, '成果目標', p.outcome);
  kvPair(b, ['主管部門', p.ownerDepts], ['関係部門', p.relatedDepts]);
  // The first indicator stays with the plan's head; each further one is a piece of its own.
  p.indicators.forEach((ind, i) => {
    if (i > 0) b.piece();
    indicatorTable(b, ind, grades);
  });
  // The comments start a piece of their own; the short 「コメントはありません」 stays with the last indicator instead
  // (a page holding only it says nothing).
  if (p.comments.length) b.piece();
  b.blank();
  b.text('担当部門のコメント', 'section');
  if (!p.comments.length) b.text('（コメントはありません）');
  p.comments.forEach((c, i) => {
    if (i > 0) b.piece();
    b.text(`${c.yearLabel}　${c.department}（${c.indicator}）`, 'section');
    b.row([{ value: c.text, border: true, span: b.cols }]);
  });
  if (p.findings.length) {
    b.piece();
    b.blank();
    b.text('庁内確認事項（検証結果）', 'section');
    for (const f of p.findings) b.text(`・${f}`);
  }
}

/** A year's label in two lines, `令和2年度` over `（2020年度）` (wrapping alone may cut inside the parentheses). */
export function yearHead(label: string): string {
  return label.replace('（', '\n（');
}

/** `（単位: %　報告部門: 情報政策室　達成率: 実績÷目標）` */
const aboutText = (x: { unit: string; department: string; methodText: string }) => `（単位: ${x.unit || '−'}　報告部門: ${x.department}　達成率: ${x.methodText}）`;

function indicatorTable(b: PrintSheetBuilder, ind: ReportIndicator, grades: string[]): void {
  b.blank();
  if (!ind.versions.length) {
    b.text(`評価指標: ${ind.name}${aboutText(ind)}`, 'section');
    if (ind.description) b.text(ind.description);
  } else {
    // 中間見直し: each version with its years, as the plan document's 評価指標 cell gives them.
    b.text(`評価指標: ${ind.name}`, 'section');
    for (const v of ind.versions) b.text(`【${v.period}】${v.name}${aboutText(v)}${v.description ? `\n${v.description}` : ''}`);
  }
  for (const c of ind.changes) b.text(c);
  const years = ind.years;
  const rest = b.cols - 1 - years.length;
  const tail: Cell[] = rest > 0 ? [{ value: '', span: rest }] : [];
  b.row([{ value: '年度', style: 'header' }, ...years.map((y) => ({ value: yearHead(y.label), style: 'header' as const, align: 'center' as const })), ...tail]);
  const line = (label: string, f: (y: (typeof years)[number]) => string) =>
    b.row([{ value: label, style: 'header' }, ...years.map((y) => ({ value: f(y), border: true, align: 'right' as const })), ...tail]);
  if (ind.versions.length) line('指標', (y) => y.version);
  line('予定', (y) => y.target);
  line('実績', (y) => y.actual);
  line('達成率', (y) => y.rate);
  const gradeRow = line('評価', (y) => (y.status ? `${y.grade}（${y.status}）` : y.grade));
  if (years.length) b.grades(gradeRow, 2, years.length, grades);
  // 期待値 only when a year has one: a plan without a baseline keeps its table.
  if (ind.expectedRows) {
    line('期待値', (y) => y.expected);
    line('期待値比', (y) => y.expectedRatio);
  }
  for (const y of years.filter((y) => y.note)) b.text(`※ ${y.label}: ${y.note}`);
  chartsAndOutlook(b, ind);
}

/** The first column wholly right of a chart placed at `col`, or null when the chart does not fit the sheet's width. */
function columnAfterChart(widths: readonly number[], col: number): number | null {
  let px = 0;
  let end = col;
  while (end <= widths.length && px < CHART_WIDTH_PX) px += columnPx(widths[end++ - 1]!);
  return px < CHART_WIDTH_PX ? null : end;
}

/** The columns (1-based) where charts sit side by side from column 1, as many as fit the sheet's width. */
function chartColumns(widths: readonly number[], count: number): number[] {
  const cols: number[] = [];
  let col: number | null = 1;
  while (cols.length < count && col !== null && col <= widths.length) {
    const next = columnAfterChart(widths, col);
    if (next === null) break;
    cols.push(col);
    col = next;
  }
  return cols;
}

/**
 * The charts and the 達成見込み (PDF: report.typ does the same). One chart: the 達成見込み, its basis and pace beside
 * it, in the room right of the chart (the page keeps its height; one cell, so not in bold). A revised indicator's charts
 * side by side, as many as fit a row, the 達成見込み under them. Every row counts in the piece's height, so the page
 * breaks still fit (print-builder.ts).
 */
function chartsAndOutlook(b: PrintSheetBuilder, ind: ReportIndicator): void {
  const o = ind.outlook;
  const head = o ? `${o.label}: ${o.class}` : '';
  // Basis and pace in one paragraph, as 達成状況's 見込みの根拠 writes them.
  const body = o ? [o.basis, o.paceText].filter(Boolean).join('。') : '';
  const placed = chartColumns(b.widths, ind.charts.length);
  const perRow = Math.max(1, placed.length);
  const besideCol = ind.charts.length === 1 ? columnAfterChart(b.widths, 1) ?? b.cols + 1 : b.cols + 1;
  const beside = !!o && besideCol <= b.cols && b.unitsOf(besideCol, b.cols - besideCol + 1) >= MIN_BESIDE_UNITS;
  for (let first = 0; first < ind.charts.length; first += perRow) {
    const row = ind.charts.slice(first, first + perRow);
    // A row of charts after the first may go to the next page, with its titles.
    if (first > 0) b.piece();
    const colOf = (k: number) => placed[k] ?? 1;
    const spanOf = (k: number) => (k + 1 < row.length ? colOf(k + 1) : b.cols + 1) - colOf(k);
    if (row.some((c) => c.title)) b.row(row.map((c, k) => ({ value: c.title, span: spanOf(k) })));
    const texts: Cell[] = beside ? [{ value: '', span: besideCol - 1 }, { value: `${head}\n${body}`, span: b.cols - besideCol + 1 }] : [];
    b.charts(
      row.map((c, k) => ({
        col: colOf(k),
        widthPx: CHART_WIDTH_PX,
        heightPx: CHART_HEIGHT_PX,
        title: c.alt,
        categories: ind.years.map((y) => eraLabel(y.fiscalYear)),
        series: [
          { name: '予定' as const, values: c.targets },
          { name: '実績' as const, values: c.actuals },
        ],
        unit: c.unit,
        svg: c.svg,
      })),
      texts,
    );
  }
  if (o && !beside) {
    b.text(head, 'section');
    if (body) b.text(body);
  }
}

function otherPlans(b: PrintSheetBuilder, model: ReportModel): void {
  b.piece(true);
  b.text('個別のページがないアクションプラン（削除・統合・省略など）', 'title');
  const planSpan = Math.max(1, Math.floor((b.cols - 2) / 2));
  const reasonSpan = b.cols - 2 - planSpan;
  b.row([
    { value: 'No.', style: 'header' },
    { value: 'アクションプラン', style: 'header', span: planSpan },
    { value: '状態', style: 'header' },
    { value: '理由', style: 'header', span: reasonSpan },
  ]);
  for (const x of model.otherPlans) {
    b.piece();
    b.row([
      { value: `No.${x.no}`, border: true },
      { value: x.actionPlan, border: true, span: planSpan },
      { value: x.state, border: true },
      { value: x.reason, border: true, span: reasonSpan },
    ]);
  }
}
