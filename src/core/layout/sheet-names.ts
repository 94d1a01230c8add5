/** Sheet names are part of the product's file format (README, "The workbook"). */
export const SHEET = {
  settings: '設定',
  master: '計画マスタ',
  summary: '達成状況',
  findings: '検証結果',
  log: '変更履歴',
} as const;

/** Sheets the add-in owns; a department tab can never take one of these names. */
export const RESERVED_SHEETS: readonly string[] = Object.values(SHEET);
