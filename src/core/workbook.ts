/**
 * The one small interface between the core and its shells (.xlsx on Node, SpreadsheetApp in Apps Script).
 * A job reads every sheet it needs once, computes in memory, and writes each output sheet once.
 */

/** A cell value as spreadsheets hand it over. Empty cells are '' (as in Sheets' getValues). */
export type Scalar = string | number | boolean | Date;

/** The used range of a sheet, starting at A1. Rows may be ragged; a missing cell is empty. */
export interface SheetData {
  name: string;
  values: Scalar[][];
  /**
   * Number formats per cell, same shape as values ('' or missing = general), or a function that fetches them
   * the first time they are needed (in Sheets that costs a call, and only a number cell needs its format).
   * The core uses them to read what a person typed: 0.307 formatted as `0.0%` was typed as 30.7%.
   * Read them through numberFormatAt.
   */
  formats?: string[][] | (() => string[][]);
}

/** Google Sheets' default row height in pixels: how many rows a chart of a given height covers. */
export const SHEETS_ROW_PX = 21;

/** A 1-based rectangle, as in Sheets' getRange(row, column, numRows, numColumns). */
export interface CellRange {
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

/** A text for a 1-based cell (a note, or a value people typed). */
export interface CellText {
  row: number;
  col: number;
  text: string;
}

/** How a generated cell should look; shells map these to their own styling. */
export type CellStyle = 'title' | 'header' | 'readonly' | 'editable' | 'section';

/**
 * Who may edit a sheet, for shells that know people (Sheets); others ignore it. The spreadsheet's owner and the
 * person running the add-in can always edit: Sheets never removes them from a protection.
 */
export interface SheetEditors {
  /** May edit the whole sheet (coordinators). Empty: nobody else. */
  sheet: string[];
  /** May also edit the sheet's editableRanges (a department's 入力担当者); nobody but `sheet` when absent. */
  entries?: string[];
}

/**
 * Cells of the sheet an output replaces that went to new places: each old row in `rows` and old column in `cols`
 * (pairs of from → to, 1-based) went to the paired new row and column. A shell keeps what people added to those
 * cells that the output does not say (their notes, fill and font), so a rebuilt department tab keeps them where the
 * rows and year columns moved. Cells in no block are not carried.
 */
export interface CarryBlock {
  rows: [from: number, to: number][];
  cols: [from: number, to: number][];
  /**
   * New columns of this block whose cells keep their formula (people's entries, 実績 and コメント), where the output
   * writes the value the formula had; elsewhere a formula is ours or not kept.
   */
  formulaCols?: number[];
  /** A width people gave one of `cols` (not the one the output sets) stays with that column. */
  widths?: boolean;
}

/** Each cell the blocks carry: where it was, where it went, and whether its formula goes with it. */
export function* carriedCells(carry: readonly CarryBlock[]): Generator<{ from: { row: number; col: number }; to: { row: number; col: number }; formula: boolean }> {
  for (const block of carry) {
    const formulaCols = new Set(block.formulaCols ?? []);
    for (const [fromRow, toRow] of block.rows)
      for (const [fromCol, toCol] of block.cols)
        yield { from: { row: fromRow, col: fromCol }, to: { row: toRow, col: toCol }, formula: formulaCols.has(toCol) };
  }
}

/**
 * A chart over cells of its own sheet (the グラフ sheet): Sheets draws it natively; shells that cannot draw a chart
 * ignore it (the cells it reads are on the sheet either way).
 */
export interface SheetChart {
  kind: 'stackedBar';
  title: string;
  /** Header row (the category label and series names), then one row per bar, first column the categories. */
  data: CellRange;
  /** #RRGGBB per series, in the data's column order. */
  colors: string[];
  /** Top-left cell (1-based) and size. */
  row: number;
  col: number;
  widthPx: number;
  heightPx: number;
}

/** A sheet to be written whole: its content replaces everything on the sheet. */
export interface SheetOutput {
  name: string;
  values: Scalar[][];
  /** Number formats for ranges, e.g. `0.0%` for rates kept as ratios. */
  numberFormats?: { range: CellRange; format: string }[];
  styles?: { range: CellRange; style: CellStyle }[];
  /** Cells that link to another sheet's cell (findings point at the cell they are about). */
  links?: { row: number; col: number; sheet: string; cell: string }[];
  notes?: CellText[];
  /** Cells people edit. Everything else on the sheet is protected where the shell can protect. */
  editableRanges?: CellRange[];
  /** Who may edit (see SheetEditors); without it, the editable ranges are open to every editor of the file. */
  editors?: SheetEditors;
  /** Nobody edits it (a closed year's snapshot): locked whole, nobody given edit rights. */
  readOnly?: boolean;
  /** Drop-down lists with help text; the value itself is still checked by the parser, not by the list. */
  listValidations?: { range: CellRange; values: string[]; helpText: string }[];
  /** Input help shown on entry cells; a value longer than maxLength gets a warning (it is still kept). */
  helpTexts?: { range: CellRange; text: string; maxLength?: number }[];
  /** Ranges holding grades, coloured by the shell; `grades` lists the scale from best to worst. */
  gradeRanges?: { range: CellRange; grades: string[] }[];
  frozenRows?: number;
  columnWidths?: number[];
  /** Put the sheet at this 0-based position among the sheets when it is created. */
  position?: number;
  /** Where the replaced sheet's cells went, for what people added to them (CarryBlock). */
  carry?: CarryBlock[];
  hidden?: boolean;
  /**
   * Hidden so that the sheet's menu does not offer to show it (Excel's veryHidden; LibreOffice keeps it as hidden): a
   * file's stamp (files/stamp.ts). Shells without such a state hide the sheet, or ignore it.
   */
  veryHidden?: boolean;
  /** Charts the sheet holds; present (even empty) means the sheet's earlier charts go. */
  graphs?: SheetChart[];
  /**
   * Google Sheets' SPARKLINE formulas (`=SPARKLINE(G9:K9,{…})`) for cells the output leaves empty; a shell without
   * SPARKLINE (.xlsx: Excel has no such function) leaves the cells empty. The cells they read are on the sheet.
   */
  sparklines?: { row: number; col: number; formula: string }[];
}

export interface WriteOptions {
  /**
   * The shell may stop between sheets when its time runs short (Apps Script ends an execution after 6 minutes) and
   * say which are pending; the job then tells the person to run it again, which continues where this one stopped.
   * Only for sheets a later run rewrites the same way (department tabs). Without it, every sheet is written.
   */
  resumable?: boolean;
}

/** What a resumable writeSheets did; the sheets in neither list were already so from an unfinished earlier run. */
export interface WriteResult {
  /** Written by this call. */
  written: string[];
  /** Not written yet: the shell ran out of time. */
  pending: string[];
}

/** An append-only sheet of text rows with a fixed header (変更履歴, 確認履歴), created protected when missing. */
export interface AppendSheet {
  name: string;
  headers: readonly string[];
  /** Column widths in characters, as SheetOutput.columnWidths. */
  widths?: readonly number[];
}

export interface WorkbookPort {
  /** Sheet names in tab order. */
  sheetNames(): string[];
  /** Reads a sheet's used range; undefined when there is no such sheet. */
  readSheet(name: string): SheetData | undefined;
  /**
   * Creates or replaces each sheet's whole content, in order. One write per sheet. A shell without a time limit
   * writes them all and may return nothing (every output written).
   */
  writeSheets(outputs: SheetOutput[], options?: WriteOptions): WriteResult | void;
  /**
   * Puts the check's notes on cells of a sheet people edit, through withFindingNote: the check's earlier notes
   * are replaced, notes people wrote are kept, values are never touched. A sheet that does not exist is skipped.
   */
  setFindingNotes(sheet: string, notes: CellText[]): void;
  /**
   * Writes single cells of a sheet people edit (the sidebar's saves), each stored as exactly the text given:
   * never read as a formula, number or date. No other cell changes. A sheet that does not exist is an error.
   */
  writeTexts(sheet: string, cells: CellText[]): void;
  /**
   * Appends rows of text to 変更履歴 (change-log.ts), or to `sheet` when given (確認履歴, cycle/records.ts),
   * creating it with its header, protected, when missing. Earlier rows are never rewritten.
   */
  appendLog(rows: Scalar[][], sheet?: AppendSheet): void;
  /**
   * Sets who may edit an existing sheet, without touching its cells (e.g. after 設定 lists new coordinators).
   * The whole sheet is protected; a missing sheet is skipped. Shells that do not know people do nothing.
   */
  protectSheet(sheet: string, editors: SheetEditors): void;
  /**
   * The editors' addresses the platform refused while this workbook set protections (mistyped, not an account it
   * knows, blocked by a sharing policy): the rest were set and the job went on. Shells that know no people have none.
   */
  refusedEditors?(): string[];
  /**
   * Locks or opens one year's entry cells of a department tab (cycle/lock.ts): locked while the tab is submitted
   * (提出済 until a 差戻し), when only `editors` (the coordinators) may edit them. Sheets protects the cells; shells whose
   * users edit the file directly (an .xlsx) lock nothing, and a change after 提出 is detected instead (照合値).
   */
  lockEntries?(lock: EntryLock): void;
}

/** A year's entry cells of a department tab to lock or open (WorkbookPort.lockEntries). */
export interface EntryLock {
  sheet: string;
  fiscalYear: number;
  /** The year's 実績・コメント・要因・今後の方向性 cells of the tab. */
  ranges: CellRange[];
  locked: boolean;
  /** Who may still edit them while locked (the coordinators). */
  editors: string[];
}

/** Which outputs a writeSheets call wrote and left pending (a shell that returned nothing wrote them all). */
export function writeOutcome(outputs: readonly SheetOutput[], result: WriteResult | void): WriteResult {
  return result ?? { written: outputs.map((o) => o.name), pending: [] };
}

/**
 * The number format of a cell that holds a number ('' for any other cell: text is read as written). Formats a
 * shell hands over lazily are fetched once, on the first number cell.
 */
export function numberFormatAt(sheet: SheetData, row: number, col: number): string {
  if (typeof sheet.values[row - 1]?.[col - 1] !== 'number') return '';
  return sheetFormats(sheet)[row - 1]?.[col - 1] ?? '';
}

/** All of a sheet's number formats, fetching them (once) when the shell handed them over lazily. */
export function sheetFormats(sheet: SheetData): string[][] {
  if (typeof sheet.formats === 'function') sheet.formats = sheet.formats();
  return sheet.formats ?? [];
}

/** The largest of some numbers (at least `floor`). A loop: spreading 100,000+ values into Math.max overflows the stack. */
export function maxOf(values: Iterable<number>, floor = 0): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** True for an empty cell, whichever way a shell hands it over. */
export function isBlank(v: Scalar | null | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** Column number (1-based) to letters: 1 → A, 28 → AB. */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A1 notation of a 1-based cell. */
export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

/** A1 → 1-based row and column; undefined for anything that is not a single cell. */
export function parseA1(cell: string): { row: number; col: number } | undefined {
  const m = /^([A-Z]{1,3})([1-9]\d*)$/.exec(cell);
  if (!m) return undefined;
  const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { row: Number(m[2]), col };
}
