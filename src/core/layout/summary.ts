/** 達成状況 (generated): per indicator and year, then counts, submissions and the plans without figures. */
import type { Analysis, SummaryRow } from '../analyze';
import { countRows, type CountLine, type Counts } from '../counts';
import { DIRECTION_COLUMNS, countDirections } from '../direction';
import { EXPECTED_RATIO_SCALE, EXPECTED_RATIO_SCALE_NAME, NO_GRADE } from '../grades';
import { indicatorKey, type GradeBand, type Settings } from '../model';
import { formatFiscalYear, splitFiscalYearPrefix } from '../parse/fiscal-year';
import { a1, type Scalar, type SheetData, type SheetOutput } from '../workbook';
import { DEFAULT_OUTLOOK_CUT, NOT_COMPUTABLE, OUTLOOK_CLASSES, planOutlook, type IndicatorOutlookRecord } from '../outlook';
import { SUBMITTED, NOT_SUBMITTED } from './department';
import { computedFormat, figureFormat } from './figure-formats';
import { SHEET } from './sheet-names';
import { cellAt, clipText, findHeaderRow, textAt, type FieldSpec } from './table';

const ROW_FIELDS = {
  no: 'No.', policy: '基本方針', theme: '取組', actionPlan: 'アクションプラン', indicator: '指標名', department: '報告部門',
  fiscalYear: '年度', target: '目標', actual: '実績', unit: '単位', rate: '達成率', grade: '評価', status: '状態', note: '備考',
  cause: '要因', direction: '今後の方向性', entry: '入力セル', expected: '期待値', expectedRatio: '期待値比', expectedGrade: '期待値比の評価',
  projected: '最終年度見込み', outlookClass: '達成見込み', outlookBasis: '見込みの根拠',
} as const;
const HEADERS = Object.values(ROW_FIELDS);
/** Columns a 達成状況 written before them (a closed year's snapshot) does not have. */
const LATER_FIELDS: readonly string[] = [
  ROW_FIELDS.cause, ROW_FIELDS.direction, ROW_FIELDS.expected, ROW_FIELDS.expectedRatio, ROW_FIELDS.expectedGrade, ROW_FIELDS.projected, ROW_FIELDS.outlookClass, ROW_FIELDS.outlookBasis,
];
const col = (k: keyof typeof ROW_FIELDS) => HEADERS.indexOf(ROW_FIELDS[k]) + 1;

export function scaleText(scale: readonly GradeBand[]): string {
  return scale
    .map((b) => `${b.grade} ${b.label}${b.min === null ? '' : ` ${Math.round(b.min * 1e6) / 1e4}%以上`}`)
    .join('・');
}


/** A grid being built top to bottom, with the styles and extras of each block. */
class Builder {
  values: Scalar[][] = [];
  styles: NonNullable<SheetOutput['styles']> = [];
  numberFormats: NonNullable<SheetOutput['numberFormats']> = [];
  links: NonNullable<SheetOutput['links']> = [];
  gradeRanges: NonNullable<SheetOutput['gradeRanges']> = [];
  get next(): number {
    return this.values.length + 1;
  }
  push(row: Scalar[], style?: 'title' | 'header' | 'section'): number {
    const r = this.next;
    // Names and entries come from people's cells; a 50,000-character one must not make the write fail.
    this.values.push(row.map((v) => (typeof v === 'string' ? clipText(v) : v)));
    if (style) this.styles.push({ range: { row: r, col: 1, numRows: 1, numCols: Math.max(row.length, 1) }, style });
    return r;
  }
  blank(): void {
    this.values.push([]);
  }
}

export function summarySheet(analysis: Analysis, settings: Settings, counts: Counts = countRows(analysis.rows, settings.scale, settings.evaluationYear)): SheetOutput {
  const b = new Builder();
  b.push([`${settings.title || '計画'} 達成状況（評価年度: ${formatFiscalYear(settings.evaluationYear)}）`], 'title');
  b.push([`評価基準: ${settings.scaleName}（${scaleText(settings.scale)}）。達成率は目標に対する割合で、評価なしの行は理由ごとに数えています。期待値比の評価は${EXPECTED_RATIO_SCALE_NAME}（${scaleText(EXPECTED_RATIO_SCALE)}）です。`]);
  b.blank();

  const outlook = planOutlook(analysis, { cut: analysis.outlookRule?.cut });
  b.push(['指標別の達成状況'], 'section');
  b.push([...HEADERS], 'header');
  const first = b.next;
  const outlookRow = outlookRows(analysis.rows, settings.evaluationYear);
  const outlookOf = new Map(outlook.indicators.map((i) => [indicatorKey(i.no, i.indicator), i.outlook]));
  for (const r of analysis.rows) {
    const o = outlook.rows.get(r);
    const f = outlookRow.has(r) ? outlookOf.get(indicatorKey(r.no, r.indicator)) : undefined;
    const row = b.push([
      r.no, r.policy, r.theme, r.actionPlan, r.indicator, r.department, formatFiscalYear(r.fiscalYear),
      r.target ?? r.targetText, r.actual ?? r.actualText, r.unit, r.rate ?? '', r.grade, r.status, r.note,
      r.cause, r.direction, r.cell ? `${r.sheet}!${r.cell}` : '', o?.expected ?? '', o?.expectedRatio ?? '', o?.expectedGrade ?? '',
      f?.projectedFinal ?? '', f?.class ?? '', f ? `${f.basis}。${f.paceText}` : '',
    ]);
    if (f?.projectedFinal != null) b.numberFormats.push({ range: { row, col: col('projected'), numRows: 1, numCols: 1 }, format: computedFormat(f.projectedFinal) });
    if (r.cell) b.links.push({ row, col: col('entry'), sheet: r.sheet, cell: r.cell });
    for (const [key, v] of [['target', r.target], ['actual', r.actual]] as const)
      if (v !== null) b.numberFormats.push({ range: { row, col: col(key), numRows: 1, numCols: 1 }, format: figureFormat(v) });
    if (o?.expected != null) b.numberFormats.push({ range: { row, col: col('expected'), numRows: 1, numCols: 1 }, format: computedFormat(o.expected) });
  }
  const n = analysis.rows.length;
  if (n) {
    b.numberFormats.push({ range: { row: first, col: col('rate'), numRows: n, numCols: 1 }, format: '0.0%' });
    b.numberFormats.push({ range: { row: first, col: col('expectedRatio'), numRows: n, numCols: 1 }, format: '0.0%' });
    b.gradeRanges.push({ range: { row: first, col: col('grade'), numRows: n, numCols: 1 }, grades: settings.scale.map((g) => g.grade) });
    b.gradeRanges.push({ range: { row: first, col: col('expectedGrade'), numRows: n, numCols: 1 }, grades: EXPECTED_RATIO_SCALE.map((g) => g.grade) });
  } else {
    b.push(['（集計できる指標がありません）']);
  }
  b.blank();

  const countBlock = (title: string, head: string, lines: CountLine[]) => {
    b.push([title], 'section');
    b.push([head, ...counts.columns, '合計'], 'header');
    const start = b.next;
    for (const l of lines) b.push([l.key, ...counts.columns.map((c) => l.counts[c]), l.total]);
    if (lines.length) {
      const gradeCols = settings.scale.length;
      b.styles.push({ range: { row: start - 1, col: 2 + gradeCols, numRows: 1, numCols: counts.columns.length - gradeCols }, style: 'header' });
    } else b.push(['（なし）']);
    b.blank();
  };
  const fy = formatFiscalYear(settings.evaluationYear);
  countBlock('年度別の評価件数（評価なしは理由別）', '年度', counts.byYear);
  countBlock(`基本方針別の評価件数（${fy}）`, '基本方針', counts.byPolicy);
  countBlock(`取組別の評価件数（${fy}）`, '取組', counts.byTheme);
  countBlock(`部門別の評価件数（${fy}）`, '報告部門', counts.byDepartment);

  b.push([`基本方針別の今後の方向性（${fy}）`], 'section');
  b.push(['基本方針', ...DIRECTION_COLUMNS, '合計'], 'header');
  const directions = countDirections(analysis.rows.filter((r) => r.fiscalYear === settings.evaluationYear), (r) => r.policy || '（基本方針なし）');
  for (const l of directions) b.push([l.key, ...DIRECTION_COLUMNS.map((c) => l.counts[c]), l.total]);
  if (!directions.length) b.push(['（なし）']);
  b.blank();

  b.push([`提出状況（${fy}）`], 'section');
  b.push(['報告部門', '指標数', '実績入力済', '提出状況', '提出日', 'エラー件数'], 'header');
  for (const s of analysis.submissions) {
    const r = b.push([s.department, s.indicators, s.filled, s.hasTab ? (s.submitted ? SUBMITTED : NOT_SUBMITTED) : 'シートなし', s.submittedAt, s.errors]);
    if (s.hasTab) b.links.push({ row: r, col: 1, sheet: s.department, cell: 'A1' });
  }
  if (!analysis.submissions.length) b.push(['（なし）']);
  b.blank();

  // 中間見直し: each change with both definitions, so the series reads as one indicator (indicator-versions.ts).
  if (analysis.changes.length) {
    b.push(['指標の変更（中間見直し）'], 'section');
    b.push(['No.', 'アクションプラン', '変更年度', '変更', '改定前の指標', '改定前の単位', '改定前の定義（備考）', '改定前の適用年度', '改定後の指標', '改定後の単位', '改定後の定義（備考）', '改定後の適用年度', '改定根拠'], 'header');
    for (const c of analysis.changes)
      b.push([
        c.no, c.actionPlan, c.fiscalYear === null ? '（適用年度なし）' : formatFiscalYear(c.fiscalYear), c.text,
        c.before?.name ?? '（なし：指標の追加）', c.before?.unit ?? '', c.before?.definition ?? '', c.before?.range ?? '',
        c.after.name, c.after.unit, c.after.definition, c.after.range, c.basis || '（改定根拠なし）',
      ]);
    b.blank();
  }

  b.push(['集計対象外のアクションプラン'], 'section');
  b.push(['No.', 'アクションプラン', '状態', '備考'], 'header');
  for (const x of analysis.excluded) b.push([x.no, x.actionPlan, x.state, x.note]);
  if (!analysis.excluded.length) b.push(['（なし）']);
  b.blank();
  outlookCounts(b, outlook.indicators, settings, analysis.outlookRule?.cut);

  return {
    name: SHEET.summary,
    values: b.values,
    // Right after 設定 and 計画マスタ, before the department tabs.
    position: 2,
    styles: b.styles,
    numberFormats: b.numberFormats,
    links: b.links,
    gradeRanges: b.gradeRanges,
    frozenRows: 0,
    columnWidths: [6, 22, 14, 28, 24, 14, 12, 12, 12, 8, 10, 6, 10, 40, 40, 12, 16, 12, 10, 14, 14, 16, 60],
  };
}


/**
 * The row of each indicator that carries its 達成見込み: its row of the evaluation year, or its first row when it
 * has none that year (one row per indicator, so the sheet grows by no row for it).
 */
function outlookRows(rows: readonly SummaryRow[], year: number): Set<SummaryRow> {
  const chosen = new Map<string, SummaryRow>();
  for (const r of rows) {
    const k = indicatorKey(r.no, r.indicator);
    const cur = chosen.get(k);
    if (!cur || (r.fiscalYear === year && cur.fiscalYear !== year)) chosen.set(k, r);
  }
  return new Set(chosen.values());
}

/** Counts of 達成見込み (as of the evaluation year, outlook/) by 基本方針 and by 報告部門, 見込み算出不可 included. */
function outlookCounts(b: Builder, records: readonly IndicatorOutlookRecord[], settings: Settings, cut: number | undefined): void {
  const fy = formatFiscalYear(settings.evaluationYear);
  const cutText = `${Math.round((cut ?? DEFAULT_OUTLOOK_CUT) * 1000) / 10}%`;
  b.push([`達成見込みは${fy}までの実績から（見込み÷目標が100%以上「ほぼ達成できる」、${cutText}以上「もう少しの努力で達成できる」、それ未満「一層の努力が必要」）。指標ごとの見込みは上の表の評価年度の行（その年度の行がない指標は最初の行）にあります`]);
  const classes = [...OUTLOOK_CLASSES, NOT_COMPUTABLE];
  const countBy = (title: string, head: string, key: (r: IndicatorOutlookRecord) => string) => {
    b.push([title], 'section');
    b.push([head, ...classes, '合計'], 'header');
    const lines = new Map<string, number[]>();
    for (const r of records) {
      const k = key(r);
      const counts = lines.get(k) ?? classes.map(() => 0);
      counts[classes.indexOf(r.outlook.class)]! += 1;
      lines.set(k, counts);
    }
    for (const [k, counts] of lines) b.push([k, ...counts, counts.reduce((a, c) => a + c, 0)]);
    if (!lines.size) b.push(['（なし）']);
    b.blank();
  };
  countBy(`基本方針別の達成見込みの件数（${fy}）`, '基本方針', (r) => r.policy || '（基本方針なし）');
  countBy(`部門別の達成見込みの件数（${fy}）`, '報告部門', (r) => r.department);
}

/** The per-indicator table read back from a 達成状況 sheet (a layout round trip, and comparing two runs). */
export interface SummaryRecord {
  no: number;
  indicator: string;
  department: string;
  fiscalYear: number;
  target: Scalar;
  actual: Scalar;
  unit: string;
  rate: number | null;
  grade: string;
  status: string;
  note: string;
}

export function readSummaryTable(sheet: SheetData): SummaryRecord[] {
  return (readSummaryRows(sheet) ?? []).map(({ row: _row, targetCell: _target, actualCell: _actual, entry: _entry, ...record }) => record);
}

/** A row of the table with where it sits: its row, the A1 of its 目標 and 実績 cells, and its 入力セル (`情報政策室!I4`). */
export interface SummaryRowRecord extends SummaryRecord {
  row: number;
  targetCell: string;
  actualCell: string;
  entry: string;
}

/** The per-indicator table with cell positions (a snapshot compared with the live tabs); null without its header. */
export function readSummaryRows(sheet: SheetData): SummaryRowRecord[] | null {
  const fields: FieldSpec[] = HEADERS.map((h) => ({ header: h, required: !LATER_FIELDS.includes(h) }));
  const header = findHeaderRow(sheet.values, fields, 30, HEADERS.length - LATER_FIELDS.length);
  if (header?.missing.length) return null;
  if (!header) return null;
  const v = sheet.values;
  // Columns as found, so a table read back does not depend on the writer's order.
  const at = (k: keyof typeof ROW_FIELDS) => header.cols.get(ROW_FIELDS[k]);
  const out: SummaryRowRecord[] = [];
  for (let r = header.row + 1; r <= v.length; r++) {
    const no = cellAt(v, r, at('no'));
    if (typeof no !== 'number') break;
    const rate = cellAt(v, r, at('rate'));
    out.push({
      no, indicator: textAt(v, r, at('indicator')), department: textAt(v, r, at('department')),
      fiscalYear: splitFiscalYearPrefix(textAt(v, r, at('fiscalYear')))?.fy ?? NaN,
      target: cellAt(v, r, at('target')), actual: cellAt(v, r, at('actual')), unit: textAt(v, r, at('unit')),
      rate: typeof rate === 'number' ? rate : null, grade: textAt(v, r, at('grade')) || NO_GRADE,
      status: textAt(v, r, at('status')), note: textAt(v, r, at('note')),
      row: r, targetCell: a1(r, at('target')!), actualCell: a1(r, at('actual')!), entry: textAt(v, r, at('entry')),
    });
  }
  return out;
}
