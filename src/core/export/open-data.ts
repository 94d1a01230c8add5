/**
 * The open data (公表) table: one row per indicator × fiscal year, exactly the rows of 達成状況 and `rollup --json`
 * (Analysis.rows; a year with neither 予定 nor 実績 has no row there, so none here). Nothing is computed again: every
 * figure is the SummaryRow's, and readOpenData turns a written table back into the same figures for the round trip.
 *
 * Conventions of Japanese municipal open data, where they apply (デジタル庁「自治体標準オープンデータセット」, formerly
 * 「推奨データセット」, https://data-gov.note.jp/n/nccb915e9d43a; 総務省「オープンデータ化支援研修」):
 * - 全国地方公共団体コード (6 digits, text so its leading zero stays) as the first column, so many cities' files stack;
 * - one value per cell, numbers as plain numbers (no 「件」, no thousands separators, the rate as a ratio 1 = 100%);
 * - 和暦 only as text, next to the 西暦 year as a number;
 * - a blank cell (null) for no value, never 「-」 or 0.
 * The file encodings (UTF-8 with a BOM for CSV) are the shell's (src/node/open-data-files.ts).
 */
import type { Analysis, SummaryRow } from '../analyze';
import { UserError } from '../errors';
import { NO_GRADE } from '../grades';
import { analyzePlan, blocking } from '../jobs';
import { indicatorKey, type Direction, type Finding, type Settings } from '../model';
import { eraLabel, formatFiscalYear } from '../parse/fiscal-year';
import { UNGRADED_MEANING } from '../report/labels';
import type { WorkbookPort } from '../workbook';
import { fromFormulaSafe } from './formula-safe';

/** How a column is stored: text (Parquet UTF8), a number (DOUBLE) or a whole number (INT32: No. and the year). */
export type OpenDataType = 'text' | 'number' | 'integer';

export const OPEN_DATA_COLUMNS = [
  { name: '団体コード', type: 'text', meaning: '全国地方公共団体コード（6桁、検査数字付き）。「設定」にないときは空欄' },
  { name: '計画名', type: 'text', meaning: '「設定」の計画名' },
  { name: 'No', type: 'integer', meaning: 'アクションプランの番号（計画マスタの No.）' },
  { name: '基本方針', type: 'text', meaning: '計画マスタの基本方針' },
  { name: '取組', type: 'text', meaning: '計画マスタの取組' },
  { name: 'アクションプラン', type: 'text', meaning: 'アクションプラン名' },
  { name: '指標', type: 'text', meaning: '評価指標の名前' },
  { name: '単位', type: 'text', meaning: '予定・実績の単位（%、件など）' },
  { name: '方向', type: 'text', meaning: '増加（多いほど良い）・減少（少ないほど良い）・維持' },
  { name: '年度(西暦)', type: 'integer', meaning: '会計年度（4月〜翌3月）の西暦。2020 は 2020年4月〜2021年3月' },
  { name: '年度(和暦)', type: 'text', meaning: '同じ年度の和暦（令和2年度など）' },
  { name: '予定', type: 'number', meaning: 'その年度の目標値（数値）。数値でない予定（「-」など）は空欄' },
  { name: '実績', type: 'number', meaning: 'その年度の実績値（数値。累計の指標は累計）。未測定・未入力などは空欄' },
  { name: '達成率', type: 'number', meaning: '達成率を比率で（1 = 100%、丸めなし、上限なし）。計算できないときは空欄' },
  { name: '評価', type: 'text', meaning: '達成率から決まる評価（A〜D など「設定」の評価基準）。評価なしは空欄' },
  { name: '状態', type: 'text', meaning: '評価済、または評価なしの区分（未測定・未入力・対象外・中止・完了・目標なし・算定不能・入力エラー・目標エラー）' },
  { name: '評価なしの理由', type: 'text', meaning: '評価なしの区分の意味。評価済のときは空欄' },
] as const satisfies readonly { name: string; type: OpenDataType; meaning: string }[];

export type OpenDataColumn = (typeof OPEN_DATA_COLUMNS)[number];
export type OpenDataValue = string | number | null;
export const OPEN_DATA_HEADERS: readonly string[] = OPEN_DATA_COLUMNS.map((c) => c.name);

export interface OpenDataTable {
  /** Column names, in order (OPEN_DATA_HEADERS). */
  headers: readonly string[];
  /** Text as text, numbers as numbers, null for a blank: what every file format writes. */
  rows: OpenDataValue[][];
  /** The fiscal years the rows cover, and the findings of the analysis (errors are counted in the message). */
  years: number[];
  findings: Finding[];
  settings: Settings;
}

/** The open data rows of an analysis, optionally of one fiscal year. */
export function openDataRows(analysis: Analysis, year?: number): OpenDataValue[][] {
  const settings = analysis.settings!;
  const direction = new Map<string, Direction>(analysis.indicators.map((i) => [indicatorKey(i.no, i.name), i.direction]));
  return analysis.rows
    .filter((r) => year === undefined || r.fiscalYear === year)
    .map((r) => rowOf(r, settings.municipalityCode ?? '', settings.title, direction.get(indicatorKey(r.no, r.indicator)) ?? ''));
}

function rowOf(r: SummaryRow, code: string, title: string, direction: string): OpenDataValue[] {
  const graded = r.status === '評価済';
  return [
    code || null, title || null, r.no, r.policy || null, r.theme || null, r.actionPlan || null, r.indicator || null,
    r.unit || null, direction || null, r.fiscalYear, eraLabel(r.fiscalYear), r.target, r.actual, r.rate,
    graded ? r.grade : null, r.status, graded ? null : UNGRADED_MEANING[r.status] ?? r.status,
  ];
}

/**
 * The open data of a plan workbook (nothing is written to it). A 全国地方公共団体コード that does not read stops the
 * export (a file with a wrong or missing code where one was meant would publish the city under no name); `year`
 * outside the plan period is refused.
 */
export function openDataOfWorkbook(book: WorkbookPort, year?: number): OpenDataTable {
  const analysis = analyzePlan(book, 'オープンデータを出力');
  const settings = analysis.settings!;
  const badCode = analysis.findings.filter((f) => f.code === 'bad-municipality-code' && f.severity === 'error');
  if (badCode.length) throw blocking(badCode, 'オープンデータを出力');
  if (year !== undefined && (year < settings.firstYear || year > settings.lastYear))
    throw new UserError(`${formatFiscalYear(year)}は計画期間（${settings.firstYear}〜${settings.lastYear}年度）の外です`);
  const rows = openDataRows(analysis, year);
  const years = [...new Set(rows.map((r) => r[9] as number))].sort((a, b) => a - b);
  return { headers: OPEN_DATA_HEADERS, rows, years, findings: analysis.findings, settings };
}

/** What a person reads after an export: how many rows, of which years, and what to look at first. */
export function openDataMessage(table: OpenDataTable, where: string): string {
  const errors = table.findings.filter((f) => f.severity === 'error').length;
  const code = table.rows[0]?.[0];
  const lines = [
    `${where}に ${table.rows.length}行（${table.years.map(formatFiscalYear).join('・') || '該当する年度なし'}）を書き出しました。`,
    ...(code ? [] : ['「設定」に全国地方公共団体コードがないため、団体コードの列は空欄です。']),
    ...(errors ? [`入力チェックのエラーが ${errors}件あります（その指標は状態が「入力エラー」などで、数値は空欄です）。公表の前に入力チェックで確認してください。`] : []),
  ];
  return lines.join('\n');
}

/** The 達成状況 figures of one open data row, as `rollup --json` gives them (for the round trip). */
export interface OpenDataFigures {
  no: number;
  indicator: string;
  fiscalYear: number;
  target: number | null;
  actual: number | null;
  unit: string;
  rate: number | null;
  grade: string;
  status: string;
}

/**
 * Reads rows written by any format back into figures: `header` as written, each row's cells as the reader gives them
 * (CSV: strings, '' for blank; Parquet: numbers and strings, null for blank). A missing column, or a number that
 * does not read, throws: a round trip that guesses could hide the very difference it is for. `csv`: the text cells
 * were made formula-safe (formula-safe.ts) and are read back without the added apostrophe.
 */
export function readOpenData(header: readonly string[], rows: readonly (readonly unknown[])[], options: { csv?: boolean } = {}): OpenDataFigures[] {
  const col = new Map(header.map((h, i) => [String(h).replace(/^\uFEFF/, ''), i]));
  const missing = OPEN_DATA_HEADERS.filter((h) => !col.has(h));
  if (missing.length) throw new UserError(`オープンデータの列「${missing.join('」「')}」がありません`);
  return rows.map((row, i) => {
    const at = (name: string) => row[col.get(name)!];
    const text = (name: string) => {
      const v = at(name) === null || at(name) === undefined ? '' : String(at(name));
      return options.csv ? fromFormulaSafe(v) : v;
    };
    const num = (name: string): number | null => {
      const v = at(name);
      if (v === null || v === undefined || v === '') return null;
      const n = Number(v);
      if (typeof v === 'string' && !/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v.trim())) throw new UserError(`${i + 2}行目の「${name}」の「${v}」は数値ではありません`);
      if (!Number.isFinite(n)) throw new UserError(`${i + 2}行目の「${name}」の「${String(v)}」は数値ではありません`);
      return n;
    };
    return {
      no: num('No')!, indicator: text('指標'), fiscalYear: num('年度(西暦)')!, target: num('予定'), actual: num('実績'),
      unit: text('単位'), rate: num('達成率'), grade: text('評価') || NO_GRADE, status: text('状態'),
    };
  });
}
