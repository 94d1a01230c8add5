/** Sheet names are part of the product's file format (README, "The workbook"). */
import { formatFiscalYear } from '../parse/fiscal-year';

export const SHEET = {
  settings: '設定',
  master: '計画マスタ',
  summary: '達成状況',
  findings: '検証結果',
  log: '変更履歴',
  yearClose: '年度確定',
  review: '確認履歴',
  /** The open data (公表) for download as CSV (export/open-data-sheet.ts). */
  openData: '公表データ',
  /** 評価 counts as charts (graphs/graph-sheet.ts), rewritten by every 集計. */
  graphs: 'グラフ',
} as const;

/** Sheets the add-in owns; a department tab can never take one of these names. */
export const RESERVED_SHEETS: readonly string[] = Object.values(SHEET);

/** 「達成状況_2023年度」, then 「達成状況_2023年度_2」… when the year was closed before (a snapshot is never replaced). */
export function snapshotName(fy: number, taken: readonly string[]): string {
  const base = `${SHEET.summary}_${formatFiscalYear(fy)}`;
  let name = base;
  for (let n = 2; taken.includes(name); n++) name = `${base}_${n}`;
  return name;
}

/** True for a name the add-in uses or may use for its own sheets (snapshots included). */
export function isReservedName(name: string): boolean {
  return RESERVED_SHEETS.includes(name) || name.startsWith(`${SHEET.summary}_`);
}

/**
 * The key under which a spreadsheet tells sheet names apart: Excel and Google Sheets compare them ignoring case
 * (`IT推進課` and `it推進課` are one tab), but not width (`IT課` and `ＩＴ課` are two) nor spaces.
 */
export function sheetNameKey(name: string): string {
  // Letter by letter, so a letter whose capital is longer (ß → SS) does not meet another name.
  return Array.from(name, (c) => (c.toUpperCase().length === 1 ? c.toUpperCase() : c)).join('');
}
