/**
 * 年度確定 (generated; coordinators only): one row per closing or reopening of a fiscal year, never rewritten
 * but appended to. A year is closed when its latest row says 確定. Kept apart from 設定, which people edit by hand.
 */
import type { Finding } from '../model';
import { formatFiscalYear, parseFiscalYear } from '../parse/fiscal-year';
import type { Scalar, SheetData, SheetEditors, SheetOutput } from '../workbook';
import { SHEET } from './sheet-names';
import { clipText, findHeaderRow, textAt } from './table';

export const YEAR_CLOSE_HEADERS = ['年度', '操作', '日時', '実行者', '理由', '控えシート'] as const;
export type YearCloseAct = '確定' | '解除';

export interface YearCloseRecord {
  fy: number;
  act: YearCloseAct;
  at: string;
  by: string;
  reason: string;
  snapshot: string;
}

const FIELDS = YEAR_CLOSE_HEADERS.map((header) => ({ header, required: header === '年度' || header === '操作' }));

export function readYearClose(sheet: SheetData | undefined): { records: YearCloseRecord[]; findings: Finding[] } {
  if (!sheet) return { records: [], findings: [] };
  const findings: Finding[] = [];
  const header = findHeaderRow(sheet.values, FIELDS, 10, 2);
  if (!header || header.missing.length) {
    findings.push({ severity: 'error', code: 'year-close-header', sheet: sheet.name, cell: 'A1', indicator: '', message: `「${SHEET.yearClose}」の見出し（${YEAR_CLOSE_HEADERS.join('・')}）が見つかりません。確定済みの年度を読めません` });
    return { records: [], findings };
  }
  const col = (h: string) => header.cols.get(h);
  const records: YearCloseRecord[] = [];
  for (let r = header.row + 1; r <= sheet.values.length; r++) {
    const yearText = textAt(sheet.values, r, col('年度'));
    const act = textAt(sheet.values, r, col('操作'));
    if (!yearText && !act) continue;
    const { fy } = parseFiscalYear(yearText);
    if (fy === null || (act !== '確定' && act !== '解除')) {
      findings.push({ severity: 'error', code: 'year-close-row', sheet: sheet.name, cell: `A${r}`, indicator: '', message: `${r}行目を読めません（年度「${yearText}」、操作「${act}」）。確定・解除はメニューから行ってください` });
      continue;
    }
    records.push({ fy, act, at: textAt(sheet.values, r, col('日時')), by: textAt(sheet.values, r, col('実行者')), reason: textAt(sheet.values, r, col('理由')), snapshot: textAt(sheet.values, r, col('控えシート')) });
  }
  return { records, findings };
}

/** Years whose latest act is 確定, ascending. */
export function closedYears(records: readonly YearCloseRecord[]): number[] {
  const last = new Map<number, YearCloseAct>();
  for (const r of records) last.set(r.fy, r.act);
  return [...last].filter(([, act]) => act === '確定').map(([fy]) => fy).sort((a, b) => a - b);
}

export function yearCloseSheet(records: readonly YearCloseRecord[], editors: SheetEditors): SheetOutput {
  const values: Scalar[][] = [
    ['年度確定の記録（メニューの「年度確定」「年度確定の解除」で追記されます。編集しないでください）'],
    [...YEAR_CLOSE_HEADERS],
    ...records.map((r) => [formatFiscalYear(r.fy), r.act, r.at, r.by, clipText(r.reason), r.snapshot]),
  ];
  return {
    name: SHEET.yearClose,
    values,
    // Every cell is text: a reason someone typed is never read as a formula.
    numberFormats: [{ range: { row: 3, col: 1, numRows: Math.max(records.length, 1), numCols: YEAR_CLOSE_HEADERS.length }, format: '@' }],
    styles: [
      { range: { row: 1, col: 1, numRows: 1, numCols: 1 }, style: 'title' },
      { range: { row: 2, col: 1, numRows: 1, numCols: YEAR_CLOSE_HEADERS.length }, style: 'header' },
    ],
    frozenRows: 2,
    columnWidths: [10, 6, 20, 28, 40, 22],
    // No cell for people: in .xlsx the whole sheet is locked; in Sheets only `editors` (the coordinators) may edit.
    editableRanges: [],
    editors,
  };
}
