/**
 * The WorkbookPort over SpreadsheetApp. Reading a sheet costs a fixed number of calls (its data range and values,
 * plus its number formats only when it holds a number that needs one) whatever its size. Writing costs a fixed number
 * per sheet, never one per row: number formats by RangeList, one grid each for values, backgrounds, font weights,
 * validations and notes over one Range, protections reused (protection.ts). Department tabs (a resumable write)
 * are written while the execution's time lasts (write-budget.ts).
 */
import { gradeColor } from '../core/grades';
import { UserError } from '../core/errors';
import { CHANGE_LOG } from '../core/layout/change-log';
import { SHEETS_MAX_CELL_CHARS, cellText } from '../core/layout/table';
import { withFindingNote } from '../core/layout/finding-notes';
import { SHEET } from '../core/layout/sheet-names';
import { a1, maxOf, type AppendSheet, type CellText, type CellRange, type Scalar, type SheetData, type SheetEditors, type SheetOutput, type WorkbookPort, type WriteOptions, type WriteResult, type EntryLock } from '../core/workbook';
import { DocumentStore } from './doc-store';
import { DESCRIPTIONS, Protector, describe, isProtectedCellError, planFor, rangeA1, submittedDescription, type RangeSource } from './protection';
import { formatFiscalYear } from '../core/parse/fiscal-year';
import { notesWithAdditions, readAdditions, withAdditions } from './people-additions';
import { paintGrid, styleGrids, validationSpecs, widthRuns, writtenArea, type RuleSpec } from './sheet-layout';
import { SheetIds } from './sheet-ids';
import { SheetRecords } from './sheet-records';
import { ResumeProgress, WRITE_BUDGET_MS, WriteBudget } from './write-budget';
import { SpreadsheetCalendar, datesAsSerials } from './time-zone';
import { drawGraphs, writeSparklines } from './sheet-graphs';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * A number format Sheets reports for a cell nobody formatted, read as '' (no format): `0.###############`, or
 * `General` in any case (reported from Apps Script: brucemcpherson/gas-fakes#27; audit F6).
 */
export function isAutomaticFormat(format: string): boolean {
  return format === '0.###############' || /^general$/i.test(format);
}


/*
 * Plain-text (`@`) cells get strings as they are, without the quote prefix asTypedText gives every other cell:
 * - that a `@` cell keeps `=…` written by a script as text is UNCONFIRMED (audit F5; Google documents only that a
 *   value beginning with `=` is a formula). Typed input behaves so in the Sheets UI; 環境チェック tests it live.
 * - what Sheets does with a leading `'` in a `@` cell has no source either. If it kept the quote, prefixing would
 *   show a `'` in front of every saved entry that starts with = + - @ and change what the check and the sidebar read
 *   back, so `@` writes stay as written (assumed). If 環境チェック finds `=…` turned into a formula, the fix is to
 *   quote those starts here too, or to read the cells back with getFormulas (audit F5).
 */

/** Pixel width of one character-width unit used in SheetOutput.columnWidths. */
const PX_PER_CHAR = 8;

export { rangeA1 };

/**
 * The entry cells' help rule: a warning past `max` characters. The formula names its own cell (R1C1 "RC" through
 * INDIRECT), so one rule object serves every cell of every tab whatever the relative-reference reading of
 * setDataValidations, which Google does not document (INDIRECT with R1C1 in a validation formula: assumed).
 */
export const lengthRule = (max: number) => `=LEN(INDIRECT("RC",FALSE))<=${max}`;

export interface SheetsWorkbookOptions {
  /** Milliseconds now (Date.now); the write budget counts from when the workbook is made. */
  clock?: () => number;
  /** How long resumable writes may go on (WRITE_BUDGET_MS). */
  budgetMs?: number;
}

/**
 * A string as Sheets must receive it in a cell that is not plain text (`@`) to store exactly that text. setValues
 * parses strings like typed input (numbers, dates, booleans, error literals, formulas, in locale-dependent forms
 * nobody can list), so every non-empty string gets the quote prefix, which Sheets drops and which keeps the rest as
 * text (platform-facts 36, 68; Sheets API ValueInputOption: USER_ENTERED parses "as if the user typed them into the
 * UI"). A string that already starts with `'` gets a second one, so its own quote survives.
 */
export function asTypedText(s: string): string {
  return s === '' ? s : `'${s}`;
}

/** The protection description of an append-only sheet (変更履歴, 確認履歴); undefined for any other sheet. */
function logDescription(name: string): string | undefined {
  return name === SHEET.log ? DESCRIPTIONS.log : name === SHEET.review ? DESCRIPTIONS.review : undefined;
}

function hyperlink(sheetId: number, cell: string, text: Scalar): string {
  // A core date is a calendar date (calendar.ts): shown as its day, never as an instant.
  const label = (text instanceof Date ? cellText(text) : String(text)).replace(/"/g, '""');
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
  /** Date cells as calendar dates of the spreadsheet's zone; its zone is read only when a sheet holds a Date. */
  private readonly calendar = new SpreadsheetCalendar(() => this.ss.getSpreadsheetTimeZone());
  /** The person's active sheet, remembered before the first insertSheet of a write (undefined: none inserted). */
  private activeBefore: Sheet | null | undefined;
  private readonly budget: WriteBudget;
  /** The document's properties, read once when first needed (records and resume progress). */
  private store: DocumentStore | undefined;
  /** What earlier runs set on each sheet: used by setup and the year's closing, never by 集計 (two reads a run saved). */
  private sheetRecords: SheetRecords | undefined;
  private readonly protector: Protector;
  /** Validation rules built this run, by RuleSpec key: a builder costs five calls, so each rule is built once. */
  private readonly rules = new Map<string, GoogleAppsScript.Spreadsheet.DataValidation>();
  /** Sheets read and not written since, by name (readSheet). */
  private readonly reads = new Map<string, SheetData>();
  /** The grid every inserted sheet starts with, read from the first one this run. */
  private newSheetGrid: { rows: number; cols: number } | undefined;

  constructor(
    private readonly ss: Spreadsheet,
    options: SheetsWorkbookOptions = {},
  ) {
    this.budget = new WriteBudget(options.clock, options.budgetMs ?? WRITE_BUDGET_MS);
    this.protector = new Protector(ss, () => this.sheetRecords);
  }

  private documentStore(): DocumentStore {
    this.store ??= new DocumentStore();
    return this.store;
  }

  /** Turns on the records of what was set on each sheet (one read of the document's properties a run). */
  private useRecords(): SheetRecords {
    this.sheetRecords ??= new SheetRecords(this.documentStore());
    return this.sheetRecords;
  }

  refusedEditors(): string[] {
    return [...this.protector.refused];
  }

  /**
   * "The new sheet becomes the active sheet" (Spreadsheet.insertSheet, audit F8), so the person's sheet is remembered
   * first: one call, only when a sheet is actually inserted.
   */
  private insertSheet(name: string, at: number): Sheet {
    if (this.activeBefore === undefined) this.activeBefore = this.ss.getActiveSheet();
    return this.ss.insertSheet(name, at);
  }

  /**
   * Puts the person back on their sheet and selection once a write that inserted sheets ends (even when it failed):
   * with restoreSelection "the most recent selection of the new active sheet becomes selected again"
   * (Spreadsheet.setActiveSheet), so the selection needs no read of its own and multi-range selections survive.
   */
  private restoreActive(): void {
    const sheet = this.activeBefore;
    this.activeBefore = undefined;
    if (sheet) this.ss.setActiveSheet(sheet, true);
  }

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

  /**
   * A sheet read once per execution until this workbook writes it: a job that reads a tab twice (年度確定 analyses
   * the plan, then plans the tabs) pays once. Each caller gets its own rows; the formats are fetched at most once.
   */
  readSheet(name: string): SheetData | undefined {
    let read = this.reads.get(name);
    if (!read) {
      read = this.readFresh(name);
      if (!read) return undefined;
      const { formats } = read;
      let fetched: string[][] | undefined;
      this.reads.set(name, (read = { ...read, formats: typeof formats === 'function' ? () => (fetched ??= formats()) : formats }));
    }
    return { ...read, values: read.values.map((r) => [...r]) };
  }

  private readFresh(name: string): SheetData | undefined {
    const sheet = this.byName(name);
    if (!sheet) return undefined;
    const values = this.calendar.convertGrid(wholeSheet(sheet));
    this.extents.set(name, { rows: values.length, cols: values[0]?.length ?? 0 });
    // An empty sheet's data range is A1 holding ''.
    if (values.length === 1 && values[0].length === 1 && values[0][0] === '') return { name, values: [], formats: [] };
    // Formats cost a call and matter only for number cells; entry cells are plain text, so most tabs never need them.
    const formats = () =>
      sheet.getRange(1, 1, values.length, values[0].length).getNumberFormats().map((row) => row.map((f) => (isAutomaticFormat(f) ? '' : f)));
    return { name, values, formats };
  }

  /**
   * Writes each output whole, in order. A resumable write stops between sheets once the execution's budget is spent
   * (at least one sheet a call) and skips outputs an unfinished earlier run already wrote exactly so (write-budget.ts).
   */
  writeSheets(outputs: SheetOutput[], options: WriteOptions = {}): WriteResult {
    const progress = options.resumable ? new ResumeProgress(this.documentStore()) : undefined;
    if (progress) this.useRecords();
    const written: string[] = [];
    const pending: string[] = [];
    const created: string[] = [];
    // Only a write that reached its last output forgets the progress; one that failed keeps what it did.
    let complete = false;
    try {
      // Links may name a sheet written in the same call, so missing sheets are made first; not in a resumable write,
      // which may stop before it reaches them.
      if (!progress) for (const out of outputs) if (!this.byName(out.name)) created.push(guarded(out.name, () => this.create(out)));
      for (const out of outputs) {
        if (progress?.has(out)) continue;
        if (pending.length || (progress && written.length && this.budget.exhausted())) {
          pending.push(out.name);
          continue;
        }
        this.reads.delete(out.name);
        guarded(out.name, () => {
          const fresh = !this.byName(out.name);
          if (fresh) created.push(this.create(out));
          const isNew = fresh || created.includes(out.name);
          // An existing sheet is cleared inside write, once what people added to it is read.
          this.write(this.byName(out.name)!, out, isNew);
        });
        progress?.add(out);
        written.push(out.name);
      }
      complete = !pending.length;
      this.ids.save(created);
    } finally {
      progress?.finish(complete);
      if (progress) this.useRecords().keepOnly(this.sheetNames());
      this.store?.flush();
      this.restoreActive();
    }
    return { written, pending };
  }

  /** Reads the sheet's notes once and writes them back once, only when the check changed any. */
  setFindingNotes(name: string, notes: CellText[]): void {
    this.reads.delete(name);
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

  /** Plain text first (one call for all cells), so Sheets stores `=…` (assumed, see above), `1,730` or `2024/4/1` exactly as typed; then each value. */
  writeTexts(name: string, cells: CellText[]): void {
    this.reads.delete(name);
    const sheet = this.byName(name);
    if (!sheet) throw new UserError(`シート「${name}」がありません`);
    if (!cells.length) return;
    guarded(name, () => {
      sheet.getRangeList(cells.map(({ row, col }) => a1(row, col))).setNumberFormat('@');
      for (const { row, col, text } of cells) sheet.getRange(row, col).setValue(text);
    });
  }

  /** Appends below the last row in one write; the sheet (変更履歴 unless told) is created with its header and protected when missing. */
  appendLog(rows: Scalar[][], target: AppendSheet = CHANGE_LOG): void {
    this.reads.delete(target.name);
    if (!rows.length) return;
    try {
      guarded(target.name, () => this.append(rows, target));
    } finally {
      this.restoreActive();
    }
  }

  private append(rows: Scalar[][], target: AppendSheet): void {
    const width = target.headers.length;
    let sheet = this.byName(target.name);
    if (!sheet) {
      const tabs = this.all();
      // 変更履歴 stays the last tab: another log goes just before it.
      const log = target.name === SHEET.log ? -1 : tabs.findIndex((t) => t.name === SHEET.log);
      const at = log >= 0 ? log : tabs.length;
      sheet = this.insertSheet(target.name, at);
      tabs.splice(at, 0, { name: target.name, sheet });
      sheet.getRange(1, 1, 1, width).setNumberFormat('@').setValues([[...target.headers]]).setFontWeight('bold');
      sheet.setFrozenRows(1);
      // Warning-only until setup limits it to the people who save (protectSheet): a script runs as the person using
      // it, and whoever creates the sheet here does not know who else saves (platform-facts §6).
      sheet.protect().setDescription(logDescription(target.name) ?? DESCRIPTIONS.log).setWarningOnly(true);
    }
    const start = sheet.getLastRow() + 1;
    const last = start + rows.length - 1;
    if (sheet.getMaxRows() < last) sheet.insertRowsAfter(sheet.getMaxRows(), last - sheet.getMaxRows());
    const text = rows.map((r) => Array.from({ length: width }, (_, i) => (r[i] === undefined ? '' : String(r[i]))));
    // Plain text first: a logged `=IMPORTXML(…)` stays the text a person typed (assumed for script writes, see above).
    sheet.getRange(start, 1, rows.length, width).setNumberFormat('@').setValues(text);
  }

  /**
   * Who may edit an existing sheet, from 設定 (setup re-applies it to the add-in's sheets). A remembered protection is
   * checked for being warning-only: 変更履歴 made again by a sidebar save starts so.
   */
  protectSheet(name: string, editors: SheetEditors): void {
    const sheet = this.byName(name);
    if (!sheet) return;
    const records = this.useRecords();
    guarded(name, () => {
      const plan = { description: logDescription(name) ?? describe({ editors }), editors: editors.sheet, open: [] };
      const set = this.protector.apply(sheet, name, plan, false, (a1s) => a1s.map((x) => sheet.getRange(x)), true);
      const old = records.get(name);
      records.set(name, { frozenRows: old?.frozenRows ?? -1, formatRules: old?.formatRules ?? true, ...set });
    });
    this.store?.flush();
  }

  /**
   * Protects (or opens) a submitted year's entry cells for the coordinators only (Protector.lockEntries says what it
   * costs and why the submitter keeps their own right until a coordinator confirms). A lock Sheets refuses to this
   * user is not an error: the submission is written and recorded already, and 照合値 finds any later change.
   */
  lockEntries(lock: EntryLock): void {
    const sheet = this.byName(lock.sheet);
    if (!sheet) return;
    const a1s = lock.ranges.map(rangeA1);
    try {
      this.protector.lockEntries(sheet, submittedDescription(formatFiscalYear(lock.fiscalYear)), a1s, lock.locked, lock.editors, (wanted) => {
        if (!wanted.length) return [];
        return wanted.length === 1 ? [sheet.getRange(wanted[0])] : sheet.getRangeList([...wanted]).getRanges();
      });
    } catch (e) {
      if (!isProtectedCellError(e)) throw e;
    }
  }

  /**
   * Inserts the output's sheet at its position, or last but before 変更履歴, which stays the last tab (so tabs made
   * over several runs of a resumed setup sit where one run would put them). Returns its name; what was remembered of
   * a sheet by that name goes.
   */
  private create(out: SheetOutput): string {
    const tabs = this.all();
    const log = tabs.findIndex((t) => t.name === SHEET.log);
    const at = Math.min(out.position ?? (log >= 0 ? log : tabs.length), tabs.length);
    const sheet = this.insertSheet(out.name, at);
    tabs.splice(at, 0, { name: out.name, sheet });
    this.sheetRecords?.drop(out.name);
    return out.name;
  }

  private write(sheet: Sheet, out: SheetOutput, created: boolean): void {
    const width = maxOf(out.values.map((r) => r.length), 1);
    // Text-formatted cells take a string as written (see above); in every other cell a string is quote-prefixed, so the
    // only formulas written are the links below.
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
    const dateFormats = datesAsSerials(grid);
    for (const link of out.links ?? []) {
      const id = this.idOf(link.sheet);
      const cur = grid[link.row - 1]?.[link.col - 1];
      if (id !== undefined && cur !== undefined) grid[link.row - 1][link.col - 1] = hyperlink(id, link.cell, out.values[link.row - 1][link.col - 1]);
    }

    // Everything the output puts on the sheet, from A1: values, backgrounds, font weights, validations and notes are
    // one grid each over this one range.
    const area = writtenArea(out);
    area.cols = Math.max(area.cols, width);
    while (grid.length < area.rows) grid.push([]);
    for (const row of grid) while (row.length < area.cols) row.push('');

    // A range past the grid's edge throws, so the grid grows first.
    const before = created ? this.insertedGrid(sheet) : { rows: sheet.getMaxRows(), cols: sheet.getMaxColumns() };
    if (before.rows < area.rows) sheet.insertRowsAfter(before.rows, area.rows - before.rows);
    if (before.cols < area.cols) sheet.insertColumnsAfter(before.cols, area.cols - before.cols);
    const whole = { rows: Math.max(before.rows, area.rows), cols: Math.max(before.cols, area.cols) };

    const table: CellRange = { row: 1, col: 1, numRows: area.rows, numCols: area.cols };
    const protect = out.editableRanges || out.editors || out.readOnly ? planFor(out, table) : undefined;
    // An existing sheet's validations and notes are replaced over its whole grid: rules of an earlier layout may sit
    // anywhere (Sheet.clear is documented to clear contents and formats only; the fakes keep validations through it).
    const wholeA1 = created ? undefined : rangeA1({ row: 1, col: 1, numRows: whole.rows, numCols: whole.cols });
    // The data range the core read, for what people added to the cells the output carries (people-additions.ts).
    const extent = created || !out.carry?.length ? undefined : this.extents.get(out.name);
    const oldA1 = extent?.rows && extent.cols ? rangeA1({ row: 1, col: 1, numRows: extent.rows, numCols: extent.cols }) : undefined;
    const ranges = this.rangesOf(sheet, [rangeA1(table), ...(wholeA1 ? [wholeA1] : []), ...(oldA1 ? [oldA1] : []), ...(protect?.open ?? []).map(rangeA1)]);
    const kept = oldA1 ? readAdditions(ranges([oldA1])[0], out) : undefined;
    if (!created) sheet.clear();

    // Formats before values: a text-formatted cell keeps what is written as text.
    this.byGroup(sheet, out.numberFormats ?? [], (x) => x.format, (list, format) => list.setNumberFormat(format));
    this.byGroup(sheet, dateFormats, (x) => x.format, (list, format) => list.setNumberFormat(format));

    const [written] = ranges([rangeA1(table)]);
    written.setValues(grid);
    const { backgrounds, weights } = withAdditions(kept, area.rows, area.cols, styleGrids(out, area.rows, area.cols));
    if (backgrounds) written.setBackgrounds(backgrounds);
    if (weights) written.setFontWeights(weights);

    const over = wholeA1 ? { target: ranges([wholeA1])[0], rows: whole.rows, cols: whole.cols } : { target: written, rows: area.rows, cols: area.cols };
    const specs = validationSpecs(out, SHEETS_MAX_CELL_CHARS);
    if (specs.length || !created)
      over.target.setDataValidations(paintGrid(over.rows, over.cols, null, specs.map(({ range, value }) => ({ range, value: this.rule(value) }))));
    const notes = notesWithAdditions(out, kept);
    if (notes.length) over.target.setNotes(paintGrid(over.rows, over.cols, null, notes));
    else if (!created) sheet.clearNotes();

    const old = created ? undefined : this.sheetRecords?.get(out.name);
    const formatRules = !!out.gradeRanges?.length;
    if (formatRules) {
      // Ranges with the same scale share one rule per grade (a rule takes many ranges, ConditionalFormatRuleBuilder.
      // setRanges), so a sheet with a grade row per indicator (報告書) costs what one range costs.
      const byScale = new Map<string, { grades: string[]; a1s: string[] }>();
      for (const { range, grades } of out.gradeRanges!) {
        const key = JSON.stringify(grades);
        const group = byScale.get(key) ?? byScale.set(key, { grades, a1s: [] }).get(key)!;
        group.a1s.push(rangeA1(range));
      }
      const rules = [...byScale.values()].flatMap(({ grades, a1s }) => {
        const targets = a1s.length === 1 ? [sheet.getRange(a1s[0]!)] : sheet.getRangeList(a1s).getRanges();
        return grades.map((g, i) =>
          SpreadsheetApp.newConditionalFormatRule().whenTextEqualTo(g).setBackground(`#${gradeColor(i, grades.length)}`).setRanges(targets).build(),
        );
      });
      sheet.setConditionalFormatRules(rules);
    } else if (!created && (!old || old.formatRules)) sheet.setConditionalFormatRules([]);
    // Frozen rows stay through clear(): set when they differ from what this add-in set last time.
    const frozenRows = out.frozenRows ?? -1;
    if (frozenRows >= 0 && (!old || old.frozenRows !== frozenRows)) sheet.setFrozenRows(frozenRows);
    // Widths only on a new sheet: a width someone chose later is theirs to keep.
    if (created) for (const r of widthRuns(out.columnWidths ?? [])) sheet.setColumnWidths(r.start, r.count, r.width * PX_PER_CHAR);

    if (protect) {
      const set = this.protector.apply(sheet, out.name, protect, created, ranges);
      this.sheetRecords?.set(out.name, { ...set, frozenRows, formatRules });
    } else if (!created) {
      for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)) p.remove();
      this.sheetRecords?.drop(out.name);
    }
    // Only an output that says so hides or shows its sheet: a tab someone hid stays hidden.
    if (out.hidden === true) sheet.hideSheet();
    else if (out.hidden === false) sheet.showSheet();
    if (out.sparklines) writeSparklines(sheet, out.sparklines, out.values);
    if (out.graphs) drawGraphs(sheet, out.graphs, created);
  }

  /** The grid of a sheet this run inserted: every new sheet starts alike, so it is read from the first one only. */
  private insertedGrid(sheet: Sheet): { rows: number; cols: number } {
    this.newSheetGrid ??= { rows: sheet.getMaxRows(), cols: sheet.getMaxColumns() };
    return { ...this.newSheetGrid };
  }

  /**
   * Range objects of a sheet for A1 notations, all fetched in one call (getRangeList, getRanges). getRanges is taken
   * to return them in the order asked (assumed; not documented). If it did not, the first write (setValues on the
   * table, then the whole grid's validations) would get a range of another shape and throw before any protection is
   * touched; the open ranges, the rest of the list, are set as a set.
   */
  private rangesOf(sheet: Sheet, a1s: string[]): RangeSource {
    const unique = [...new Set(a1s)];
    const got = sheet.getRangeList(unique).getRanges();
    const byA1 = new Map(unique.map((a, i) => [a, got[i]]));
    return (wanted) => wanted.map((a) => byA1.get(a) ?? sheet.getRange(a));
  }

  /** The rule for a spec, built once per run (a builder costs five calls). */
  private rule(spec: RuleSpec): GoogleAppsScript.Spreadsheet.DataValidation {
    let rule = this.rules.get(spec.key);
    if (!rule) {
      const builder = SpreadsheetApp.newDataValidation();
      // Help text shows when an entry cell is selected; the length rule only warns (the check judges the value).
      if (spec.kind === 'help') builder.requireFormulaSatisfied(lengthRule(spec.maxLength)).setAllowInvalid(true).setHelpText(spec.text);
      else builder.requireValueInList(spec.values, true).setAllowInvalid(true).setHelpText(spec.helpText);
      rule = builder.build();
      this.rules.set(spec.key, rule);
    }
    return rule;
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
