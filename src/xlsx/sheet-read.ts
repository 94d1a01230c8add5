/** Reading an exceljs worksheet into the core's SheetData (values as Sheets' getValues hands them over). Only exceljs's public API (see sheet-write.ts). */
import ExcelJS from 'exceljs';
import type { Scalar, SheetData } from '../core/workbook';

type RichText = { richText: { text: string }[] };

function isRichText(v: unknown): v is RichText {
  return typeof v === 'object' && v !== null && Array.isArray((v as RichText).richText);
}

/** Plain text of a string or rich-text value. */
function plainText(v: unknown): string {
  if (isRichText(v)) return v.richText.map((r) => r.text ?? '').join('');
  return v === null || v === undefined ? '' : String(v);
}

/** One exceljs cell value as a Scalar ('' when empty). */
export function toScalar(v: ExcelJS.CellValue | unknown): Scalar {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  // exceljs gives a date serial's wall clock in the UTC fields: already a calendar date (src/core/calendar.ts).
  if (v instanceof Date) return v;
  if (typeof v !== 'object') return String(v);
  if (isRichText(v)) return plainText(v);
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) return toScalar(o.result);
  if ('hyperlink' in o) return plainText(o.text);
  if ('error' in o) return String(o.error);
  if ('text' in o) return plainText(o.text);
  return '';
}

/** The used range from A1: rectangular, trailing empty rows and columns trimmed, '' for empty cells. */
export function readWorksheet(ws: ExcelJS.Worksheet): SheetData {
  const values: Scalar[][] = [];
  const formats: string[][] = [];
  let maxRow = 0;
  let maxCol = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      // The other cells of a merge report the master's value; they read as empty.
      if (cell.type === ExcelJS.ValueType.Merge) return;
      const v = toScalar(cell.value);
      if (v === '') return;
      (values[r - 1] ??= [])[c - 1] = v;
      (formats[r - 1] ??= [])[c - 1] = cell.numFmt ?? '';
      if (r > maxRow) maxRow = r;
      if (c > maxCol) maxCol = c;
    });
  });
  // Fill the holes of the sparse arrays so every row has maxCol cells.
  values.length = maxRow;
  formats.length = maxRow;
  for (let r = 0; r < maxRow; r++) {
    const vs = values[r] ?? [];
    const fs = formats[r] ?? [];
    for (let c = 0; c < maxCol; c++) {
      if (vs[c] === undefined) vs[c] = '';
      if (fs[c] === undefined) fs[c] = '';
    }
    values[r] = vs;
    formats[r] = fs;
  }
  return { name: ws.name, values, formats };
}
