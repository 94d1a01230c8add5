/**
 * Writing SheetOutputs with exceljs: values, formats, styles, links, notes, validation, protection. One row-by-row
 * writer serves the in-memory Worksheet and the streaming WorksheetWriter (node/xlsx-stream.ts; node/xlsx-workbook.ts
 * picks), and the browser's file dialog (department-file-io.ts). Only exceljs's public API: the fixes to its
 * internals that Node applies are in node/exceljs-patches.ts (the browser's prebuilt exceljs has no such modules).
 */
import ExcelJS from 'exceljs';
import { isWholeDay } from '../core/calendar';
import { gradeColor } from '../core/grades';
import { a1, type CellRange, type CellStyle, type Scalar, type SheetOutput } from '../core/workbook';

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

const LINK_STYLE: Partial<ExcelJS.Style> = { font: { color: { argb: 'FF0563C1' }, underline: true } };

/** The fill colours and fonts this writer gives cells (people-additions.ts tells people's own from them). */
export const GENERATED_FILLS: readonly string[] = Object.values(STYLES).flatMap((s) => (s.fill?.type === 'pattern' && s.fill.fgColor?.argb ? [s.fill.fgColor.argb] : []));
export const GENERATED_FONTS: readonly Partial<ExcelJS.Font>[] = [undefined, ...Object.values(STYLES).map((s) => s.font)]
  .flatMap((f) => [f ?? {}, { ...f, ...LINK_STYLE.font }]);

/**
 * What a caller adds while an output's rows are written, after the output's own changes (people's additions kept on
 * a rebuilt sheet, people-additions.ts): column widths before the first row, then each row it has something for.
 */
export interface EmitExtra {
  /** The last row it changes. */
  lastRow: number;
  columns(ws: ExcelJS.Worksheet): void;
  has(row: number): boolean;
  row(row: ExcelJS.Row): void;
}
const UNLOCKED: Partial<ExcelJS.Style> = { protection: { locked: false } };

/** Excel's limits: a list literal and an input prompt may hold at most 255 characters. */
const MAX_LIST_CHARS = 255;
const MAX_PROMPT_CHARS = 255;

function rangeRef(range: CellRange): string {
  return `${a1(range.row, range.col)}:${a1(range.row + range.numRows - 1, range.col + range.numCols - 1)}`;
}

/**
 * Style objects shared between cells: equal styles are one object, never mutated (a change to a cell's style always
 * makes a new object). exceljs resolves every cell's style object to a style id when it saves, so a handful of
 * shared objects instead of one per cell keeps both the save and the memory small.
 */
class StyleCache {
  /** Ids of the style objects this cache made; any other object is keyed by its content. */
  private readonly ids = new WeakMap<object, string>();
  private readonly merged = new Map<string, Partial<ExcelJS.Style>>();
  private readonly addKeys = new WeakMap<object, string>();

  private keyOf(style: Partial<ExcelJS.Style>): string {
    const id = this.ids.get(style);
    if (id !== undefined) return id;
    return Object.keys(style).length === 0 ? '{}' : JSON.stringify(style);
  }

  private addKey(add: Partial<ExcelJS.Style>): string {
    let key = this.addKeys.get(add);
    if (key === undefined) this.addKeys.set(add, (key = JSON.stringify(add)));
    return key;
  }

  /** The old style with `add` merged over it (font and protection merged field by field). */
  merge(old: Partial<ExcelJS.Style>, add: Partial<ExcelJS.Style>): Partial<ExcelJS.Style> {
    const key = `${this.keyOf(old)}+${this.addKey(add)}`;
    let next = this.merged.get(key);
    if (!next) {
      next = { ...old, ...add };
      if (add.font) next.font = { ...old.font, ...add.font };
      if (add.protection) next.protection = { ...old.protection, ...add.protection };
      this.merged.set(key, next);
      this.ids.set(next, `#${this.merged.size}`);
    }
    return next;
  }
}

/** Merges a partial style into a cell through the sheet's shared style objects. */
function mergeStyle(cell: ExcelJS.Cell, add: Partial<ExcelJS.Style>, styles: StyleCache): void {
  cell.style = styles.merge(cell.style ?? {}, add);
}

/** The formats a date gets unless the output gives its cell one (Excel codes: `mm` next to `yyyy` is the month). */
const DATE_FORMAT = 'yyyy/mm/dd';
const DATE_TIME_FORMAT = 'yyyy/mm/dd h:mm:ss';

function writeValue(cell: ExcelJS.Cell, v: Scalar): void {
  if (v === '' || v === null || v === undefined) return;
  // A calendar date (src/core/calendar.ts): exceljs writes its UTC fields as the serial's wall clock. Its date format
  // is set here: exceljs gives one only to a date whose style object it has not met on another cell, and styles are
  // shared (StyleCache), so a 提出日 styled like its neighbours would come back as a bare number.
  if (v instanceof Date) {
    cell.value = v;
    cell.style = { ...cell.style, numFmt: isWholeDay(v) ? DATE_FORMAT : DATE_TIME_FORMAT };
  }
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

/** One change to the cells of a row: columns col … col + numCols − 1 of that row. */
interface RowOp {
  col: number;
  numCols: number;
  apply: (cell: ExcelJS.Cell) => void;
}

/** The views and visibility of an output: the streaming writer needs them before the first row. */
export function sheetOptions(out: SheetOutput): { views: Partial<ExcelJS.WorksheetView>[]; state: ExcelJS.WorksheetState } {
  const views: Partial<ExcelJS.WorksheetView>[] = out.frozenRows && out.frozenRows > 0
    ? [{ state: 'frozen', xSplit: 0, ySplit: out.frozenRows, topLeftCell: a1(out.frozenRows + 1, 1) }]
    : [];
  return { views, state: out.veryHidden ? 'veryHidden' : out.hidden ? 'hidden' : 'visible' };
}

/**
 * Writes an output row by row onto a fresh worksheet (in-memory or streaming), committing each row once it is
 * complete; yields after each row so a caller can let the zip stream drain. Per cell, the changes apply in a fixed
 * order: value, number format, style, link, note, input help, list, unlocked.
 */
export function* emitOutput(ws: ExcelJS.Worksheet, out: SheetOutput, extra?: EmitExtra): Generator<void> {
  const styles = new StyleCache();
  const ops: RowOp[][] = [];
  const add = (range: CellRange, apply: RowOp['apply']) => {
    for (let r = range.row; r < range.row + range.numRows; r++) (ops[r] ??= []).push({ col: range.col, numCols: range.numCols, apply });
  };
  const one = (row: number, col: number) => ({ row, col, numRows: 1, numCols: 1 });
  for (const { range, format } of out.numberFormats ?? []) {
    const numFmt = { numFmt: format };
    add(range, (c) => mergeStyle(c, numFmt, styles));
  }
  for (const { range, style } of out.styles ?? []) add(range, (c) => mergeStyle(c, STYLES[style], styles));
  for (const link of out.links ?? [])
    add(one(link.row, link.col), (cell) => {
      const shown = cell.value === null || cell.value === undefined ? `${link.sheet}!${link.cell}` : cell.text;
      cell.value = { text: shown, hyperlink: linkTarget(link.sheet, link.cell) };
      mergeStyle(cell, LINK_STYLE, styles);
    });
  for (const { row, col, text } of out.notes ?? []) add(one(row, col), (cell) => (cell.note = text));
  // Help first, lists second: a cell holds one validation, and a list carries its own help text.
  for (const { range, text, maxLength } of out.helpTexts ?? []) {
    const dv = helpValidation(text, maxLength);
    add(range, (c) => (c.dataValidation = dv));
  }
  for (const { range, values, helpText } of out.listValidations ?? []) {
    const dv = listValidation(values, helpText);
    add(range, (c) => (c.dataValidation = dv));
  }
  for (const range of out.editableRanges ?? []) add(range, (c) => mergeStyle(c, UNLOCKED, styles));

  // Columns first: the streaming writer puts them before the first row.
  (out.columnWidths ?? []).forEach((w, i) => {
    if (w > 0) ws.getColumn(i + 1).width = w;
  });
  extra?.columns(ws);
  const last = Math.max(out.values.length, ops.length - 1, extra?.lastRow ?? 0);
  for (let r = 1; r <= last; r++) {
    const vals = out.values[r - 1] ?? [];
    const rowOps = ops[r];
    if (!vals.length && !rowOps && !extra?.has(r)) continue;
    const row = ws.getRow(r);
    vals.forEach((v, j) => writeValue(row.getCell(j + 1), v));
    for (const op of rowOps ?? []) for (let c = op.col; c < op.col + op.numCols; c++) op.apply(row.getCell(c));
    extra?.row(row);
    row.commit();
    yield;
  }
  for (const { range, grades } of out.gradeRanges ?? []) ws.addConditionalFormatting({ ref: rangeRef(range), rules: gradeRules(grades) });
  // No password; protect() sets sheetProtection synchronously (its Promise executor runs at once). A read-only
  // sheet (a closed year's snapshot) is locked whole.
  if (out.editableRanges || out.readOnly) void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
}

/** Writes one output onto a fresh (empty) in-memory worksheet. */
export function writeOutput(ws: ExcelJS.Worksheet, out: SheetOutput, extra?: EmitExtra): void {
  const { views, state } = sheetOptions(out);
  if (views.length) ws.views = views;
  ws.state = state;
  const rows = emitOutput(ws, out, extra);
  while (!rows.next().done);
}
