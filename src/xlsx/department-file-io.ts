/**
 * Department files as bytes, in the browser's file dialog (src/ui/files): a file built from the sheets the server
 * sent, and a chosen file read back into the sheets the server collects. The sheets are written and read by the same
 * exceljs code as the command line's (sheet-write.ts, sheet-read.ts), so a file made here holds what `shinchoku split`
 * writes and a file read here gives collect what `shinchoku collect` gives it.
 */
import ExcelJS from 'exceljs';
import type { UploadedFile } from '../core/files/exchange';
import { FILE_HEAD_BYTES, MAX_RETURNED_FILE_BYTES, returnedFileProblem, UNREADABLE_XLSX } from '../core/files/file-format';
import { sheetOutputFromWire, sheetToWire, type WireSheetOutput } from '../core/files/transfer';
import { readWorksheet } from './sheet-read';
import { writeOutput } from './sheet-write';

/** A new .xlsx holding these sheets, in order. */
export async function workbookBytes(sheets: readonly WireSheetOutput[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const wire of sheets) {
    const out = sheetOutputFromWire(wire);
    const ws = wb.addWorksheet(out.name);
    writeOutput(ws, out);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A chosen file as the server takes it: every sheet's values and formats, or why it cannot be a returned file. */
export async function readUploadedFile(name: string, bytes: ArrayBuffer): Promise<UploadedFile> {
  const head = new Uint8Array(bytes, 0, Math.min(FILE_HEAD_BYTES, bytes.byteLength));
  const problem = returnedFileProblem(name, head, bytes.byteLength);
  if (problem) return { name, problem };
  if (bytes.byteLength > MAX_RETURNED_FILE_BYTES)
    return { name, problem: `部門ファイルとしては大きすぎます（${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB。${MAX_RETURNED_FILE_BYTES / 1024 / 1024} MB まで）` };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes);
  } catch {
    return { name, problem: UNREADABLE_XLSX };
  }
  // A zip without a workbook part loads as an empty workbook; a real .xlsx has at least one sheet.
  if (!wb.worksheets.length) return { name, problem: UNREADABLE_XLSX };
  return { name, sheets: wb.worksheets.map((ws) => sheetToWire(readWorksheet(ws))) };
}
