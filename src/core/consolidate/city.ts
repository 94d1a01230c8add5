/**
 * One city's book reduced to what consolidation needs (a few hundred rows): its 設定, its rows per indicator × year,
 * and what it lacks. The book itself is dropped by the caller as soon as this returns, so 100 cities never sit in
 * memory together.
 *
 * The numbers are recomputed with the project's own analysis (analyzePlan), not read from the city's 達成状況 sheet:
 * they are then exactly what that city's rollup gives from its entries today, even when its 達成状況 is stale or
 * missing. The 達成状況 sheet is still read, only to say whether the city has rolled up since its last entries
 * (its rows compared with the recomputed ones: an .xlsx keeps no reliable time per sheet, so "older than its entries"
 * means "says other numbers than its entries give now").
 */
import type { SummaryRow } from '../analyze';
import { analyzePlan } from '../jobs';
import { readSummaryRows, type SummaryRowRecord } from '../layout/summary';
import { SHEET } from '../layout/sheet-names';
import { formatFiscalYear } from '../parse/fiscal-year';
import type { WorkbookPort } from '../workbook';

/** A row of the stacked table: one indicator × fiscal year of one city, the fields of its 達成状況 row. */
export type CityRow = Pick<SummaryRow, 'no' | 'policy' | 'theme' | 'actionPlan' | 'indicator' | 'department' | 'fiscalYear' | 'target' | 'targetText' | 'actual' | 'actualText' | 'unit' | 'rate' | 'grade' | 'status'>;

/** Kinds of lack; the period one is added across cities (consolidate.ts), the others per city. */
export type LackKind = 'no-rollup' | 'stale-rollup' | 'year-open' | 'period-differs' | 'scale-differs' | 'code-duplicate' | 'no-code' | 'errors';

/** Short labels, for a table cell (the 不足 sheet has the full messages). */
export const LACK_LABEL: Record<LackKind, string> = {
  'no-rollup': '集計なし', 'stale-rollup': '集計が古い', 'year-open': '年度未確定', 'period-differs': '計画期間が異なる',
  'scale-differs': '評価基準が異なる', 'code-duplicate': 'コード重複', 'no-code': 'コードなし', errors: '入力エラー',
};

export interface Lack {
  kind: LackKind;
  /** Japanese, for the 不足 sheet and the terminal. */
  message: string;
}

export interface CityRecord {
  /** Where the book came from (its file name), to find it again. */
  source: string;
  /** 全国地方公共団体コード from 設定; '' when 設定 has none. */
  code: string;
  /** The municipality at the start of 計画名 (`吹田市第4期…` → 吹田市), else the source without its extension. */
  name: string;
  title: string;
  firstYear: number;
  lastYear: number;
  evaluationYear: number;
  scaleName: string;
  /** The grades of the city's scale, best first. */
  grades: string[];
  rows: CityRow[];
  lacks: Lack[];
}

export const NO_CODE = '団体コード未設定';

/** `吹田市第4期 情報化推進計画` → `吹田市`; a prefecture before it is kept (`大阪府吹田市`). '' when 計画名 does not start so. */
export function municipalityOfTitle(title: string): string {
  const m = /^\s*((?:[^\s都道府県]{1,4}[都道府県])?[^\s市区町村]{1,7}?[市区町村])/.exec(title);
  return m ? m[1] : '';
}

function cityRow(r: SummaryRow): CityRow {
  return {
    no: r.no, policy: r.policy, theme: r.theme, actionPlan: r.actionPlan, indicator: r.indicator, department: r.department,
    fiscalYear: r.fiscalYear, target: r.target, targetText: r.targetText, actual: r.actual, actualText: r.actualText,
    unit: r.unit, rate: r.rate, grade: r.grade, status: r.status,
  };
}

const rowKey = (no: number, indicator: string, fy: number) => `${no}\u0000${indicator}\u0000${fy}`;

/** Whether the 達成状況 written last says what the entries say now (same rows, grades, statuses and rates). */
function summaryAgrees(written: SummaryRowRecord[], now: readonly SummaryRow[]): boolean {
  if (written.length !== now.length) return false;
  const byKey = new Map(written.map((w) => [rowKey(w.no, w.indicator, w.fiscalYear), w]));
  return now.every((r) => {
    const w = byKey.get(rowKey(r.no, r.indicator, r.fiscalYear));
    if (!w || w.grade !== r.grade || w.status !== r.status) return false;
    if (w.rate === null || r.rate === null) return w.rate === r.rate;
    return Math.abs(w.rate - r.rate) < 1e-9;
  });
}

/**
 * Reads `book` once and reduces it. Throws the analysis' UserError when the book is not a plan workbook or its
 * 設定 is unusable (the caller lists the book with that message and goes on).
 */
export function readCity(book: WorkbookPort, source: string): CityRecord {
  const analysis = analyzePlan(book, '集約');
  const s = analysis.settings!;
  const code = (s.municipalityCode ?? '').trim();
  const lacks: Lack[] = [];
  const summary = book.readSheet(SHEET.summary);
  const written = summary ? readSummaryRows(summary) : null;
  if (!written) lacks.push({ kind: 'no-rollup', message: `「${SHEET.summary}」がありません（集計がまだです）` });
  else if (!summaryAgrees(written, analysis.rows))
    lacks.push({ kind: 'stale-rollup', message: `「${SHEET.summary}」が入力より古くなっています（集計し直してください。ここでは今の入力から計算しています）` });
  if (!analysis.closedYears.includes(s.evaluationYear))
    lacks.push({ kind: 'year-open', message: `評価年度（${formatFiscalYear(s.evaluationYear)}）が年度確定されていません` });
  if (!code) lacks.push({ kind: 'no-code', message: `「${SHEET.settings}」に全国地方公共団体コードがありません` });
  const errors = analysis.findings.filter((f) => f.severity === 'error').length;
  if (errors) lacks.push({ kind: 'errors', message: `入力チェックのエラーが ${errors}件あります（その行は評価なしで数えています）` });
  return {
    source,
    code,
    name: municipalityOfTitle(s.title) || source.replace(/^.*[\\/]/, '').replace(/\.xlsx$/i, ''),
    title: s.title,
    firstYear: s.firstYear,
    lastYear: s.lastYear,
    evaluationYear: s.evaluationYear,
    scaleName: s.scaleName,
    grades: s.scale.map((b) => b.grade),
    rows: analysis.rows.map(cityRow),
    lacks,
  };
}
