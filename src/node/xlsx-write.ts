/** Writing one SheetOutput onto an exceljs worksheet: values, formats, styles, links, notes, validation, protection. */
import ExcelJS from 'exceljs';
import { gradeColor } from '../core/grades';
import { a1, type CellRange, type CellStyle, type Scalar, type SheetOutput } from '../core/workbook';

/** Inverse of fromSheetDate: the local wall-clock time becomes the serial exceljs writes (it uses UTC). */
export function toSheetDate(d: Date): Date {
  return new Date(
    Date.UTC(
      d.getFullYear(),
      d.getMonth(),
      d.getDate(),
      d.getHours(),
      d.getMinutes(),
      d.getSeconds(),
      d.getMilliseconds(),
    ),
  );
}

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };

/** What each CellStyle adds to a cell's style; later entries merge over earlier ones. */
const STYLES: Record<CellStyle, Partial<ExcelJS.Style>> = {
  title: { font: { bold: true, size: 14 } },
  header: {
    font: { bold: true },
    fill: solid('FFD9D9D9'),
    border: { top: thin, left: thin, bottom: thin, right: thin },
  },
  readonly: { fill: solid('FFF2F2F2') },
  editable: { fill: solid('FFFFF9E0') },
  section: { font: { bold: true } },
};

/** Excel's limits: a list literal and an input prompt may hold at most 255 characters. */
const MAX_LIST_CHARS = 255;
const MAX_PROMPT_CHARS = 255;

function forEachCell(ws: ExcelJS.Worksheet, range: CellRange, fn: (cell: ExcelJS.Cell) => void): void {
  for (let r = range.row; r < range.row + range.numRows; r++) {
    const row = ws.getRow(r);
    for (let c = range.col; c < range.col + range.numCols; c++) fn(row.getCell(c));
  }
}

function rangeRef(range: CellRange): string {
  return `${a1(range.row, range.col)}:${a1(range.row + range.numRows - 1, range.col + range.numCols - 1)}`;
}

/** Merges a partial style into a cell, always through fresh objects (exceljs shares style objects). */
function mergeStyle(cell: ExcelJS.Cell, add: Partial<ExcelJS.Style>): void {
  const old = cell.style ?? {};
  const next: Partial<ExcelJS.Style> = { ...old, ...add };
  if (add.font) next.font = { ...old.font, ...add.font };
  if (add.protection) next.protection = { ...old.protection, ...add.protection };
  cell.style = next;
}

function writeValue(cell: ExcelJS.Cell, v: Scalar): void {
  if (v === '' || v === null || v === undefined) return;
  if (v instanceof Date) cell.value = toSheetDate(v);
  // Non-finite numbers have no cell form; write them as visible text.
  else if (typeof v === 'number' && !Number.isFinite(v)) cell.value = String(v);
  // A string stays a string even when it starts with '=' (exceljs never parses strings as formulas).
  else cell.value = v;
}

function prompt(text: string): string {
  return text.length <= MAX_PROMPT_CHARS ? text : `${text.slice(0, MAX_PROMPT_CHARS - 1)}…`;
}

/**
 * Input help as a validation of type 'any' (no `type` attribute in the XML), which Excel and LibreOffice open;
 * with a maximum length, a text-length rule that only warns (the value is kept either way).
 */
function helpValidation(text: string, maxLength?: number): ExcelJS.DataValidation {
  const help = { allowBlank: true, showInputMessage: true, prompt: prompt(text) };
  if (maxLength === undefined) return { type: 'any', ...help } as unknown as ExcelJS.DataValidation;
  return {
    type: 'textLength',
    operator: 'lessThanOrEqual',
    formulae: [maxLength],
    ...help,
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '長すぎる入力',
    error: `${maxLength}文字を超えています。補足はコメント欄に書いてください`,
  };
}

/** A list validation, or only its help text when the list can't be written as an Excel list literal. */
function listValidation(values: string[], helpText: string): ExcelJS.DataValidation {
  const literal = `"${values.join(',')}"`;
  const fits = literal.length - 2 <= MAX_LIST_CHARS && values.every((v) => !/[,"]/.test(v));
  if (!fits) return helpValidation(helpText);
  return {
    type: 'list',
    formulae: [literal],
    allowBlank: true,
    showErrorMessage: false,
    showInputMessage: helpText !== '',
    prompt: helpText === '' ? undefined : prompt(helpText),
  };
}

/** One "cell equals grade" rule per grade, coloured by rank (differential styles use bgColor for solid fills). */
function gradeRules(grades: string[]): ExcelJS.ConditionalFormattingRule[] {
  return grades.map((grade, i) => {
    const argb = `FF${gradeColor(i, grades.length)}`;
    return {
      type: 'cellIs',
      operator: 'equal',
      formulae: [`"${grade.replace(/"/g, '""')}"`],
      priority: i + 1,
      style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb }, fgColor: { argb } } },
    };
  });
}

/** An internal hyperlink target: `#'Sheet name'!A1`. */
export function linkTarget(sheet: string, cell: string): string {
  return `#'${sheet.replace(/'/g, "''")}'!${cell}`;
}

type XformLink = { address: string; target?: string; rId?: string; internal?: boolean };
type XformModel = { hyperlinks?: XformLink[]; rels?: { Id: string }[] };

/**
 * exceljs 4.4.0 writes a `#Sheet!A1` link as an external relationship plus `location="#Sheet!A1"`, which Excel
 * opens as `#Sheet!A1##Sheet!A1` (exceljs issue #3027). Write it the way Excel does instead:
 * `<hyperlink ref="B2" location="'Sheet'!A1"/>`, without a relationship.
 */
function patchInternalLinkWriting(): void {
  const sheetXform = require('exceljs/lib/xlsx/xform/sheet/worksheet-xform').prototype;
  const linkXform = require('exceljs/lib/xlsx/xform/sheet/hyperlink-xform').prototype;
  if (sheetXform.__shinchokuLinks) return;
  sheetXform.__shinchokuLinks = true;
  const prepare = sheetXform.prepare as (model: XformModel, options: unknown) => void;
  sheetXform.prepare = function (this: unknown, model: XformModel, options: unknown): void {
    prepare.call(this, model, options);
    const dropped = new Set<string>();
    for (const link of model.hyperlinks ?? []) {
      if (!link.target?.startsWith('#')) continue;
      if (link.rId) dropped.add(link.rId);
      link.rId = undefined;
      link.target = link.target.slice(1);
      link.internal = true;
    }
    if (model.rels) model.rels = model.rels.filter((r) => !dropped.has(r.Id));
  };
  const isInternal = linkXform.isInternalLink as (model: XformLink) => boolean;
  linkXform.isInternalLink = function (this: unknown, model: XformLink): boolean {
    return model.internal === true || isInternal.call(this, model);
  };
}
patchInternalLinkWriting();

/** Writes one output onto a fresh (empty) worksheet. */
export function writeOutput(ws: ExcelJS.Worksheet, out: SheetOutput): void {
  out.values.forEach((vals, i) => {
    if (vals.length === 0) return;
    const row = ws.getRow(i + 1);
    vals.forEach((v, j) => writeValue(row.getCell(j + 1), v));
  });
  for (const { range, format } of out.numberFormats ?? []) forEachCell(ws, range, (c) => mergeStyle(c, { numFmt: format }));
  for (const { range, style } of out.styles ?? []) forEachCell(ws, range, (c) => mergeStyle(c, STYLES[style]));
  for (const link of out.links ?? []) {
    const cell = ws.getCell(link.row, link.col);
    const shown = cell.value === null || cell.value === undefined ? `${link.sheet}!${link.cell}` : cell.text;
    cell.value = { text: shown, hyperlink: linkTarget(link.sheet, link.cell) };
    mergeStyle(cell, { font: { color: { argb: 'FF0563C1' }, underline: true } });
  }
  for (const { row, col, text } of out.notes ?? []) ws.getCell(row, col).note = text;
  // Help first, lists second: a cell holds one validation, and a list carries its own help text.
  for (const { range, text, maxLength } of out.helpTexts ?? []) {
    const dv = helpValidation(text, maxLength);
    forEachCell(ws, range, (c) => (c.dataValidation = dv));
  }
  for (const { range, values, helpText } of out.listValidations ?? []) {
    const dv = listValidation(values, helpText);
    forEachCell(ws, range, (c) => (c.dataValidation = dv));
  }
  for (const { range, grades } of out.gradeRanges ?? []) ws.addConditionalFormatting({ ref: rangeRef(range), rules: gradeRules(grades) });
  if (out.frozenRows && out.frozenRows > 0) {
    ws.views = [{ state: 'frozen', xSplit: 0, ySplit: out.frozenRows, topLeftCell: a1(out.frozenRows + 1, 1) }];
  }
  (out.columnWidths ?? []).forEach((w, i) => {
    if (w > 0) ws.getColumn(i + 1).width = w;
  });
  ws.state = out.hidden ? 'hidden' : 'visible';
  if (out.editableRanges) {
    for (const range of out.editableRanges) forEachCell(ws, range, (c) => mergeStyle(c, { protection: { locked: false } }));
    // No password; protect() sets sheetProtection synchronously (its Promise executor runs at once).
    void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
  }
}
