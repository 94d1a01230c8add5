/**
 * 「公表データ」: the open data table as a sheet, which the coordinator downloads from Sheets as CSV (ファイル →
 * ダウンロード → カンマ区切り形式). The same rows as `shinchoku export`; text cells are formula-safe as in the CLI's CSV
 * (formula-safe.ts), because the downloaded file is what Excel opens. Blanks are empty cells; numbers stay numbers
 * with no number format (a 0.0% format would be downloaded as 「66.7%」, not as the ratio).
 */
import { sheetEditors } from '../roles';
import { SHEET } from '../layout/sheet-names';
import type { Scalar, SheetOutput, WorkbookPort } from '../workbook';
import { formulaSafeRows } from './formula-safe';
import { openDataMessage, openDataOfWorkbook, type OpenDataTable } from './open-data';

export function openDataSheet(table: OpenDataTable): SheetOutput {
  const values: Scalar[][] = [[...table.headers], ...formulaSafeRows(table.rows).map((r) => r.map((v) => v ?? ''))];
  return {
    name: SHEET.openData,
    values,
    styles: [{ range: { row: 1, col: 1, numRows: 1, numCols: table.headers.length }, style: 'header' }],
    frozenRows: 1,
  };
}

/** Writes 「公表データ」 (replacing the one before) in one call; nothing else in the book changes. */
export function writeOpenDataSheet(book: WorkbookPort): string {
  const table = openDataOfWorkbook(book);
  book.writeSheets([{ ...openDataSheet(table), editors: sheetEditors.coordinators(table.settings) }]);
  return `${openDataMessage(table, `「${SHEET.openData}」シート`)}\nCSV にするには、このシートを開いて「ファイル」→「ダウンロード」→「カンマ区切り形式（.csv）」を選んでください。`;
}
