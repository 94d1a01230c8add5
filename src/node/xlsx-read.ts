/** Reading an exceljs worksheet into the core's SheetData (values as Sheets' getValues hands them over). */
import ExcelJS from 'exceljs';
import type { Scalar, SheetData } from '../core/workbook';

type XformLink = { address: string; target?: string; rId?: string };
type XformCell = { address?: string; type: number };
type XformRow = { number: number; cells?: (XformCell | undefined)[]; height?: number };
type XformModel = {
  properties?: { defaultRowHeight?: number };
  hyperlinks?: XformLink[];
  relationships?: { Id: string; Type: string; Target: string }[];
  rows?: (XformRow | undefined)[];
};
type XformOptions = { comments?: Record<string, { comments?: { ref?: string }[] } | undefined> };

const COMMENTS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';

/**
 * exceljs 4.4.0 reads only hyperlinks that have a relationship; internal links (`location` only, as Excel writes
 * them) would be lost when the workbook is saved again. Give each one a relationship of its own before reading.
 */
function patchInternalLinkReading(): void {
  const sheetXform = require('exceljs/lib/xlsx/xform/sheet/worksheet-xform').prototype;
  if (sheetXform.__shinchokuLinkReading) return;
  sheetXform.__shinchokuLinkReading = true;
  const reconcile = sheetXform.reconcile as (model: XformModel, options: XformOptions) => void;
  sheetXform.reconcile = function (this: unknown, model: XformModel, options: XformOptions): void {
    (model.hyperlinks ?? []).forEach((link, i) => {
      if (link.rId || !link.target) return;
      link.rId = `shinchokuLocation${i}`;
      (model.relationships ??= []).push({ Id: link.rId, Type: '', Target: `#${link.target}` });
    });
    keepNotesOfAbsentCells(model, options);
    reconcile.call(this, model, options);
  };
}
patchInternalLinkReading();

/**
 * exceljs 4.4.0 attaches a note only to a cell that sheetData lists. LibreOffice does not list an empty cell that
 * has only a note, so such a note (a person's, on an empty cell) was dropped on reading and lost by the next
 * save. Give each note's cell an empty entry in sheetData before the notes are attached.
 */
function keepNotesOfAbsentCells(model: XformModel, options: XformOptions): void {
  const rel = (model.relationships ?? []).find((r) => r.Type === COMMENTS_REL);
  const notes = rel ? options.comments?.[rel.Target]?.comments : undefined;
  if (!notes?.length) return;
  const rows = (model.rows ??= []);
  for (const { ref } of notes) {
    const at = ref ? /^[A-Z]{1,3}([1-9]\d*)$/.exec(ref) : null;
    if (!ref || !at) continue;
    const number = Number(at[1]);
    let row = rows.find((r) => r?.number === number);
    // A row with no value is written only when it has a height (exceljs's streaming writer): the sheet's default.
    if (!row) rows.push((row = { number, cells: [], height: model.properties?.defaultRowHeight || 15 }));
    const cells = (row.cells ??= []);
    // A cell written without its r attribute takes the next column: leave such a row as it is.
    if (cells.some((c) => c && !c.address)) continue;
    if (!cells.some((c) => c?.address === ref)) cells.push({ address: ref, type: ExcelJS.ValueType.Null });
  }
}

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
