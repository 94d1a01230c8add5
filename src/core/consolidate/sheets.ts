/** The summary workbook's sheets: 一覧 (stacked rows), 団体別, 基本方針別, 年度別 and 不足. */
import { clipText } from '../layout/table';
import { formatFiscalYear } from '../parse/fiscal-year';
import type { Scalar, SheetOutput } from '../workbook';
import { NO_CODE, type CityRecord } from './city';
import type { Consolidation, CountLine } from './consolidate';

export const CONSOLIDATED_SHEET = { rows: '一覧', byCity: '団体別', byPolicy: '基本方針別', byYear: '年度別', lacks: '不足' } as const;

export const ROWS_HEADERS = [
  '団体コード', '団体名', '計画名', '評価年度', 'No.', '基本方針', '取組', 'アクションプラン', '指標名', '報告部門', '年度',
  '目標', '実績', '単位', '達成率', '評価', '状態',
] as const;

export const codeText = (c: CityRecord) => c.code || NO_CODE;

function sheet(name: string, title: string, head: readonly string[], rows: Scalar[][], widths: number[], extra: Partial<SheetOutput> = {}): SheetOutput {
  return {
    name,
    // People's names and entries: a huge one must not make the write fail.
    values: [[title], [...head], ...rows.map((r) => r.map((v) => (typeof v === 'string' ? clipText(v) : v)))],
    styles: [
      { range: { row: 1, col: 1, numRows: 1, numCols: 1 }, style: 'title' },
      { range: { row: 2, col: 1, numRows: 1, numCols: head.length }, style: 'header' },
    ],
    frozenRows: 2,
    columnWidths: widths,
    // Generated: nothing in it is for people to edit.
    editableRanges: [],
    ...extra,
  };
}

function countRows(lines: readonly CountLine[], columns: readonly string[], lead: (l: CountLine) => Scalar[]): Scalar[][] {
  return lines.map((l) => [...lead(l), ...columns.map((c) => l.counts[c] ?? 0), l.total]);
}

export function consolidationSheets(c: Consolidation): SheetOutput[] {
  const stacked: Scalar[][] = [];
  for (const { city } of c.byCity)
    for (const r of city.rows)
      stacked.push([
        codeText(city), city.name, city.title, formatFiscalYear(city.evaluationYear), r.no, r.policy, r.theme, r.actionPlan,
        r.indicator, r.department, formatFiscalYear(r.fiscalYear), r.target ?? r.targetText, r.actual ?? r.actualText, r.unit,
        r.rate ?? '', r.grade, r.status,
      ]);
  const rateCol = ROWS_HEADERS.indexOf('達成率') + 1;
  const cityHead = ['団体コード', '団体名', '計画名', '評価年度', '計画期間', ...c.columns, '合計', '不足'];
  const lackRows: Scalar[][] = [];
  for (const l of c.byCity) for (const lack of l.lacks) lackRows.push([codeText(l.city), l.city.name, l.city.source, lack.message]);
  for (const u of c.unreadable) lackRows.push(['', '', u.source, `読み込めません: ${u.message}`]);
  const cities = c.byCity.length;
  return [
    sheet(CONSOLIDATED_SHEET.rows, `指標別の達成状況（${cities}団体、各団体の計画期間の全年度）`, ROWS_HEADERS, stacked,
      [12, 12, 28, 10, 6, 22, 14, 28, 24, 14, 10, 12, 12, 8, 10, 6, 10],
      stacked.length ? { numberFormats: [{ range: { row: 3, col: rateCol, numRows: stacked.length, numCols: 1 }, format: '0.0%' }] } : {}),
    sheet(CONSOLIDATED_SHEET.byCity, `団体別の評価件数（各団体の評価年度）`, cityHead,
      c.byCity.map((l) => [
        codeText(l.city), l.city.name, l.city.title, formatFiscalYear(l.city.evaluationYear),
        `${formatFiscalYear(l.city.firstYear)}〜${formatFiscalYear(l.city.lastYear)}`, ...c.columns.map((k) => l.counts[k] ?? 0), l.total, l.lacks.length,
      ]),
      [12, 12, 28, 10, 20, ...c.columns.map(() => 8), 8, 6]),
    sheet(CONSOLIDATED_SHEET.byPolicy, `基本方針別の評価件数（全団体、各団体の評価年度）`, ['基本方針', ...c.columns, '合計'],
      countRows(c.byPolicy, c.columns, (l) => [l.key]), [28, ...c.columns.map(() => 8), 8]),
    sheet(CONSOLIDATED_SHEET.byYear, `年度別の評価件数（全団体）`, ['年度', ...c.columns, '合計'],
      countRows(c.byYear, c.columns, (l) => [l.key]), [10, ...c.columns.map(() => 8), 8]),
    sheet(CONSOLIDATED_SHEET.lacks, `団体ごとに不足していること（${lackRows.length}件）`, ['団体コード', '団体名', 'ファイル', '不足していること'],
      lackRows.length ? lackRows : [['', '', '', '（なし）']], [12, 12, 36, 80]),
  ];
}
