/**
 * The WorkbookPort over SpreadsheetApp. Reading a sheet costs a fixed number of calls (its data range and values,
 * plus its number formats only when it holds a number that needs one) whatever its size; writing groups cells by format and style into RangeLists, so the number of
 * calls grows with the number of sheets and distinct styles, never with the number of rows.
 */
import { gradeColor } from '../core/grades';
import { UserError } from '../core/errors';
import { LOG_HEADERS } from '../core/layout/change-log';
import { withFindingNote } from '../core/layout/finding-notes';
import { SHEET } from '../core/layout/sheet-names';
import { a1, maxOf, type CellText, type CellRange, type CellStyle, type Scalar, type SheetData, type SheetEditors, type SheetOutput, type WorkbookPort } from '../core/workbook';
import { DESCRIPTIONS, describe, isProtectedCellError, protectFor } from './protection';
import { SheetIds } from './sheet-ids';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const BACKGROUNDS: Partial<Record<CellStyle, string>> = {
  header: '#d9d9d9',
  readonly: '#f2f2f2',
  editable: '#fff9e0',
};
const BOLD: readonly CellStyle[] = ['title', 'header', 'section'];

/** What Sheets reports as the number format of a cell nobody formatted (read as ''). */
const AUTOMATIC_FORMAT = '0.###############';

/** The most characters a Sheets cell holds. */
const MAX_CELL_CHARS = 50_000;

/** Pixel width of one character-width unit used in SheetOutput.columnWidths. */
const PX_PER_CHAR = 8;

export function rangeA1(r: CellRange): string {
  const end = a1(r.row + r.numRows - 1, r.col + r.numCols - 1);
  const start = a1(r.row, r.col);
  return start === end ? start : `${start}:${end}`;
}

/**
 * A string as Sheets must receive it to store it as that text: setValues parses strings like typed input, so
 * anything it would turn into a formula, number, boolean or date gets the quote prefix (which Sheets drops).
 */
export function asTypedText(s: string): string {
  if (s === '') return s;
  if (/^[=+\-@'\t\r]/.test(s)) return `'${s}`;
  if (/^[\s\d.,%+\-/:()¥$]+$/.test(s) || /^(true|false)$/i.test(s)) return `'${s}`;
  return s;
}

function hyperlink(sheetId: number, cell: string, text: Scalar): string {
  const label = String(text instanceof Date ? text.toISOString() : text).replace(/"/g, '""');
  return `=HYPERLINK("#gid=${sheetId}&range=${cell}","${label}")`;
}

/**
 * A sheet's values from A1 to its last row and column with data, in one call: getSheetValues with -1 is "equivalent
 * to getting the very last row or column that has data in the sheet" (Sheet reference). An empty sheet has no such
 * range; its data range (A1) is read instead.
 */
function wholeSheet(sheet: Sheet): Scalar[][] {
  try {
    const values = sheet.getSheetValues(1, 1, -1, -1) as Scalar[][];
    if (values.length && values[0].length) return values;
  } catch {
    // An empty sheet: see above.
  }
  return sheet.getDataRange().getValues() as Scalar[][];
}

/**
 * Runs a write on one sheet; Sheets refusing it because of a protection becomes a message that says why and
 * who can fix it (protections follow 設定 only after setup, which only someone already allowed can run).
 */
function guarded<T>(sheet: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (!isProtectedCellError(e)) throw e;
    throw new UserError(
      `シート「${sheet}」は保護されていて、このアカウントでは書き込めません。「${SHEET.settings}」で調整担当者や入力担当者を変えたばかりなら、` +
        `すでに編集できる調整担当者かスプレッドシートのオーナーが「部門シート作成・更新」を実行すると保護に反映されます`,
    );
  }
}

export class SheetsWorkbook implements WorkbookPort {
  /** Sheets in tab order with their names, read once (one call per sheet for its name). */
  private tabs: { name: string; sheet: Sheet }[] | null = null;
  /** Link ids, from the document's cache while the tab list is unchanged (see sheet-ids.ts). */
  private readonly ids = new SheetIds(() => this.all());
  /** The data extent of each sheet read, so its notes can be read and written without asking again. */
  private readonly extents = new Map<string, { rows: number; cols: number }>();

  constructor(private readonly ss: Spreadsheet) {}

  private all(): { name: string; sheet: Sheet }[] {
    this.tabs ??= this.ss.getSheets().map((sheet) => ({ name: sheet.getName(), sheet }));
    return this.tabs;
  }

  private byName(name: string): Sheet | undefined {
    return this.all().find((t) => t.name === name)?.sheet;
  }

  private idOf(name: string): number | undefined {
    return this.ids.of(name);
  }

  sheetNames(): string[] {
    return this.all().map((t) => t.name);
  }

  readSheet(name: string): SheetData | undefined {
    const sheet = this.byName(name);
    if (!sheet) return undefined;
    const values = wholeSheet(sheet);
    this.extents.set(name, { rows: values.length, cols: values[0]?.length ?? 0 });
    // An empty sheet's data range is A1 holding ''.
    if (values.length === 1 && values[0].length === 1 && values[0][0] === '') return { name, values: [], formats: [] };
    // Formats cost a call and matter only for number cells; entry cells are plain text, so most tabs never need them.
    const formats = () =>
      sheet.getRange(1, 1, values.length, values[0].length).getNumberFormats().map((row) => row.map((f) => (f === AUTOMATIC_FORMAT ? '' : f)));
    return { name, values, formats };
  }

  writeSheets(outputs: SheetOutput[]): void {
    // Create or clear every sheet first, so links can name the id of a sheet written in the same call.
    const targets = outputs.map((out) => ({ out, ...guarded(out.name, () => this.prepare(out)) }));
    for (const { out, sheet, created } of targets) guarded(out.name, () => this.write(sheet, out, created));
    this.ids.save(targets.filter((t) => t.created).map((t) => t.out.name));
  }

  /** Reads the sheet's notes once and writes them back once, only when the check changed any. */
  setFindingNotes(name: string, notes: CellText[]): void {
    const sheet = this.byName(name);
    if (!sheet) return;
    let extent = this.extents.get(name);
    if (!extent) {
      const data = sheet.getDataRange();
      extent = { rows: data.getNumRows(), cols: data.getNumColumns() };
    }
    const rows = maxOf(notes.map((n) => n.row), Math.max(1, extent.rows));
    const cols = maxOf(notes.map((n) => n.col), Math.max(1, extent.cols));
    const wanted = new Map(notes.map((n) => [`${n.row},${n.col}`, n.text]));
    const range = sheet.getRange(1, 1, rows, cols);
    let changed = false;
    const next = range.getNotes().map((line, i) =>
      line.map((note, j) => {
        const text = withFindingNote(note, wanted.get(`${i + 1},${j + 1}`));
        if (text !== note) changed = true;
        return text;
      }),
    );
    if (changed) range.setNotes(next);
  }

  /** Plain text first (one call for all cells), so Sheets stores `=…`, `1,730` or `2024/4/1` exactly as typed; then each value. */
  writeTexts(name: string, cells: CellText[]): void {
    const sheet = this.byName(name);
    if (!sheet) throw new UserError(`シート「${name}」がありません`);
    if (!cells.length) return;
    guarded(name, () => {
      sheet.getRangeList(cells.map(({ row, col }) => a1(row, col))).setNumberFormat('@');
      for (const { row, col, text } of cells) sheet.getRange(row, col).setValue(text);
    });
  }

  /** Appends below the last row in one write; the sheet is created with its header and protected when missing. */
  appendLog(rows: Scalar[][]): void {
    if (rows.length) guarded(SHEET.log, () => this.append(rows));
  }

  private append(rows: Scalar[][]): void {
    const width = LOG_HEADERS.length;
    let sheet = this.byName(SHEET.log);
    if (!sheet) {
      const tabs = this.all();
      sheet = this.ss.insertSheet(SHEET.log, tabs.length);
      tabs.push({ name: SHEET.log, sheet });
      sheet.getRange(1, 1, 1, width).setNumberFormat('@').setValues([[...LOG_HEADERS]]).setFontWeight('bold');
      sheet.setFrozenRows(1);
      // Warning-only until setup limits it to the people who save (protectSheet): a script runs as the person using
      // it, and whoever creates the sheet here does not know who else saves (platform-facts §6).
      sheet.protect().setDescription(DESCRIPTIONS.log).setWarningOnly(true);
    }
    const start = sheet.getLastRow() + 1;
    const last = start + rows.length - 1;
    if (sheet.getMaxRows() < last) sheet.insertRowsAfter(sheet.getMaxRows(), last - sheet.getMaxRows());
    const text = rows.map((r) => Array.from({ length: width }, (_, i) => (r[i] === undefined ? '' : String(r[i]))));
    // Plain text first: a logged `=IMPORTXML(…)` stays the text a person typed.
    sheet.getRange(start, 1, rows.length, width).setNumberFormat('@').setValues(text);
  }

  /** Who may edit an existing sheet, from 設定 (setup re-applies it to the add-in's sheets). */
  protectSheet(name: string, editors: SheetEditors): void {
    const sheet = this.byName(name);
    if (!sheet) return;
    guarded(name, () => protectFor(sheet, [], editors, name === SHEET.log ? DESCRIPTIONS.log : describe({ editors })));
  }

  private prepare(out: SheetOutput): { sheet: Sheet; created: boolean } {
    let sheet = this.byName(out.name);
    if (!sheet) {
      const tabs = this.all();
      const at = Math.min(out.position ?? tabs.length, tabs.length);
      sheet = this.ss.insertSheet(out.name, at);
      tabs.splice(at, 0, { name: out.name, sheet });
      return { sheet, created: true };
    }
    sheet.clear();
    sheet.clearNotes();
    sheet.getDataRange().clearDataValidations();
    sheet.clearConditionalFormatRules();
    for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)) p.remove();
    return { sheet, created: false };
  }

  private write(sheet: Sheet, out: SheetOutput, created: boolean): void {
    const width = maxOf(out.values.map((r) => r.length), 1);
    // Text-formatted cells keep a string as written; every other cell would parse it like typed input.
    const textCells = new Set<string>();
    for (const { range, format } of out.numberFormats ?? [])
      for (let r = range.row; r < range.row + range.numRows; r++)
        for (let c = range.col; c < range.col + range.numCols; c++)
          if (format === '@') textCells.add(`${r},${c}`);
          else textCells.delete(`${r},${c}`);
    const grid: Scalar[][] = out.values.map((r, i) => {
      const row = r.map((v, j) => (typeof v === 'string' && !textCells.has(`${i + 1},${j + 1}`) ? asTypedText(v) : v));
      while (row.length < width) row.push('');
      return row;
    });
    for (const link of out.links ?? []) {
      const id = this.idOf(link.sheet);
      const cur = grid[link.row - 1]?.[link.col - 1];
      if (id !== undefined && cur !== undefined) grid[link.row - 1][link.col - 1] = hyperlink(id, link.cell, out.values[link.row - 1][link.col - 1]);
    }

    // A new sheet is 1000 × 26; a range past its edge throws, so the grid grows first.
    const rows = Math.max(grid.length, 1);
    if (sheet.getMaxRows() < rows) sheet.insertRowsAfter(sheet.getMaxRows(), rows - sheet.getMaxRows());
    if (sheet.getMaxColumns() < width) sheet.insertColumnsAfter(sheet.getMaxColumns(), width - sheet.getMaxColumns());

    // Formats before values: a text-formatted cell keeps what is written as text.
    this.byGroup(sheet, out.numberFormats ?? [], (x) => x.format, (list, format) => list.setNumberFormat(format));
    if (grid.length) sheet.getRange(1, 1, grid.length, width).setValues(grid);

    const styles = out.styles ?? [];
    this.byGroup(sheet, styles.filter((s) => BACKGROUNDS[s.style]), (s) => BACKGROUNDS[s.style]!, (list, bg) => list.setBackground(bg));
    const bold = styles.filter((s) => BOLD.includes(s.style));
    if (bold.length) sheet.getRangeList(bold.map((s) => rangeA1(s.range))).setFontWeight('bold');

    for (const n of out.notes ?? []) sheet.getRange(n.row, n.col).setNote(n.text);
    // Help text shows when an entry cell is selected; the length rule only warns (the check judges the value).
    for (const h of out.helpTexts ?? []) {
      const rule = SpreadsheetApp.newDataValidation()
        .requireFormulaSatisfied(`=LEN(${a1(h.range.row, h.range.col)})<=${h.maxLength ?? MAX_CELL_CHARS}`)
        .setAllowInvalid(true)
        .setHelpText(h.text)
        .build();
      sheet.getRange(h.range.row, h.range.col, h.range.numRows, h.range.numCols).setDataValidation(rule);
    }
    for (const v of out.listValidations ?? []) {
      const rule = SpreadsheetApp.newDataValidation().requireValueInList(v.values, true).setAllowInvalid(true).setHelpText(v.helpText).build();
      sheet.getRange(v.range.row, v.range.col, v.range.numRows, v.range.numCols).setDataValidation(rule);
    }
    if (out.gradeRanges?.length) {
      const rules = out.gradeRanges.flatMap(({ range, grades }) =>
        grades.map((g, i) =>
          SpreadsheetApp.newConditionalFormatRule()
            .whenTextEqualTo(g)
            .setBackground(`#${gradeColor(i, grades.length)}`)
            .setRanges([sheet.getRange(range.row, range.col, range.numRows, range.numCols)])
            .build(),
        ),
      );
      sheet.setConditionalFormatRules(rules);
    }
    if (out.frozenRows !== undefined) sheet.setFrozenRows(out.frozenRows);
    // Widths only on a new sheet: a width someone chose later is theirs to keep.
    if (created)
      (out.columnWidths ?? []).forEach((w, i) => {
        if (w > 0) sheet.setColumnWidth(i + 1, w * PX_PER_CHAR);
      });
    if (out.editableRanges || out.editors || out.readOnly) protectFor(sheet, out.editableRanges ?? [], out.readOnly ? { sheet: [] } : out.editors, describe(out));
    if (out.hidden) sheet.hideSheet();
    else if (sheet.isSheetHidden()) sheet.showSheet();
  }

  /** One RangeList call per distinct key (format or colour), whatever the number of cells. */
  private byGroup<T extends { range: CellRange }>(
    sheet: Sheet,
    items: T[],
    key: (x: T) => string,
    apply: (list: GoogleAppsScript.Spreadsheet.RangeList, key: string) => void,
  ): void {
    const groups = new Map<string, string[]>();
    for (const x of items) {
      const k = key(x);
      const list = groups.get(k);
      if (list) list.push(rangeA1(x.range));
      else groups.set(k, [rangeA1(x.range)]);
    }
    for (const [k, a1s] of groups) apply(sheet.getRangeList(a1s), k);
  }
}
