/** Spreadsheet: the ordered sheets, the active sheet, owner/editors and the time zone. */
import { parseA1, splitSheetPrefix } from './a1';
import type { Ctx } from './context';
import { MSG, describeArg } from './errors';
import type { FakeProtection } from './protection';
import type { FakeRange } from './range';
import { DEFAULT_COLUMNS, DEFAULT_ROWS, FakeSheet } from './sheet';
import { FakeUser } from './user';
import { FakeObject } from './wrap';

export class FakeSpreadsheet extends FakeObject {
  readonly className = 'Spreadsheet';
  _sheets: FakeSheet[] = [];
  _active: FakeSheet | null = null;
  /** Each sheet's most recent selection; a sheet never selected shows A1 (assumed). */
  readonly _selections = new Map<FakeSheet, FakeRange>();
  private _nextId = 0;
  private _chartIds = 0;
  /** "A stable identifier for the chart that is unique across the spreadsheet" (EmbeddedChart.getChartId). */
  _nextChartId(): number {
    return ++this._chartIds;
  }

  constructor(
    ctx: Ctx,
    readonly _id: string,
    public _name: string,
    sheetNames: string[],
  ) {
    super(ctx);
    for (const n of sheetNames) this.insertSheet(n, this._sheets.length);
    this._active = this._sheets[0] ?? null;
  }

  /** Rejects names already used by another sheet (compared case-insensitively, see report). */
  _checkNewName(name: string, self?: FakeSheet): void {
    if (name.length > 100) throw this.ctx.error('The sheet name cannot be greater than 100 characters.');
    const lower = name.toLowerCase();
    if (this._sheets.some((s) => s !== self && s._name.toLowerCase() === lower))
      throw this.ctx.error(MSG.duplicateSheet(name));
  }
  _defaultSheetName(): string {
    for (let n = this._sheets.length + 1; ; n++) {
      const name = `シート${n}`;
      if (!this._sheets.some((s) => s._name.toLowerCase() === name.toLowerCase())) return name;
    }
  }

  getId(): string {
    return this._id;
  }
  getName(): string {
    return this._name;
  }
  rename(name: string): void {
    this._name = name;
  }
  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this._id}/edit`;
  }
  getSheets(): FakeSheet[] {
    return [...this._sheets];
  }
  getNumSheets(): number {
    return this._sheets.length;
  }
  getSheetByName(name: string): FakeSheet | null {
    return this._sheets.find((s) => s._name === name) ?? null;
  }
  getSheetById(id: number): FakeSheet | null {
    return this._sheets.find((s) => s._id === id) ?? null;
  }
  /** insertSheet(), (name), (index), (name, index[, options]); the index is 0-based as in Apps Script. */
  insertSheet(a?: unknown, b?: unknown): FakeSheet {
    let name: string | undefined;
    let index: number | undefined;
    if (typeof a === 'number') index = a;
    else if (typeof a === 'string') name = a;
    else if (a !== undefined && a !== null && typeof a !== 'object')
      throw this.ctx.error(MSG.signature(describeArg(a), 'SpreadsheetApp.Spreadsheet.insertSheet'));
    if (typeof b === 'number') index = b;
    const finalName = name === undefined || name === '' ? this._defaultSheetName() : name;
    this._checkNewName(finalName);
    const cells = this._sheets.reduce((n, s) => n + s._maxRows * s._maxCols, 0);
    if (cells + DEFAULT_ROWS * DEFAULT_COLUMNS > this.ctx.limits.maxCells)
      throw this.ctx.error(MSG.tooManyCells(this.ctx.limits.maxCells));
    const sheet = new FakeSheet(this.ctx, this, finalName, this._nextId === 0 ? 0 : 1_000_000 + this._nextId * 7919);
    this._nextId++;
    const at = index === undefined ? this._sheets.length : Math.max(0, Math.min(index, this._sheets.length));
    this._sheets.splice(at, 0, sheet);
    // "The new sheet becomes the active sheet" (Spreadsheet.insertSheet, every overload); its selection is A1 (assumed).
    this._active = sheet;
    return sheet;
  }
  deleteSheet(sheet: FakeSheet): void {
    if (!(sheet instanceof FakeSheet) || !this._sheets.includes(sheet))
      throw this.ctx.error(MSG.signature(describeArg(sheet), 'SpreadsheetApp.Spreadsheet.deleteSheet'));
    if (!sheet._hidden && this._sheets.filter((s) => !s._hidden).length <= 1)
      throw this.ctx.error(MSG.lastVisibleSheet);
    this._sheets = this._sheets.filter((s) => s !== sheet);
    if (this._active === sheet) this._active = this._sheets.find((s) => !s._hidden) ?? null;
  }
  getActiveSheet(): FakeSheet | null {
    return this._active;
  }
  /** Makes the range's sheet active with the range as its selection (Range.activate). */
  _select(range: FakeRange): void {
    this._active = range._sheet;
    this._selections.set(range._sheet, range);
  }
  /** "The selected range in the active sheet" (Spreadsheet.getActiveRange); only single-range selections are modelled. */
  getActiveRange(): FakeRange | null {
    const sheet = this._active;
    return sheet ? (this._selections.get(sheet) ?? sheet._range(1, 1, 1, 1)) : null;
  }
  /**
   * setActiveSheet(sheet, restoreSelection): with true "the most recent selection of the new active sheet becomes
   * selected again"; otherwise it "becomes active without changing the current selection", modelled as the same
   * cells selected on the new sheet (assumed reading).
   */
  setActiveSheet(sheet: FakeSheet, restoreSelection?: boolean): FakeSheet {
    const current = this.getActiveRange();
    this._active = sheet;
    if (restoreSelection !== true && current && current._sheet !== sheet)
      this._selections.set(sheet, sheet._range(current._row, current._col, current._numRows, current._numCols));
    return sheet;
  }
  getSpreadsheetTimeZone(): string {
    return this.ctx.spreadsheetTimeZone;
  }
  setSpreadsheetTimeZone(timeZone: string): void {
    this.ctx.spreadsheetTimeZone = timeZone;
  }
  getSpreadsheetLocale(): string {
    return this.ctx.locale === 'ja' ? 'ja_JP' : this.ctx.locale;
  }
  getOwner(): FakeUser {
    return new FakeUser(this.ctx, this.ctx.ownerEmail);
  }
  getEditors(): FakeUser[] {
    return this.ctx.spreadsheetEditors().map((e) => new FakeUser(this.ctx, e));
  }
  getProtections(type: unknown): FakeProtection[] {
    return this._sheets.flatMap((s) => s.getProtections(type));
  }
  /** getRange('Sheet!A1:B2'); without a sheet name the active sheet is used. */
  getRange(a1: string): FakeRange {
    const { sheet: sheetName, ref } = splitSheetPrefix(String(a1));
    const sheet = sheetName === undefined ? this._active : this.getSheetByName(sheetName);
    if (!sheet || !parseA1(ref, sheet._maxRows, sheet._maxCols)) throw this.ctx.error(MSG.rangeNotFound);
    return sheet.getRange(ref);
  }
  getSheetValues(row: number, col: number, numRows: number, numCols: number): unknown[][] {
    return (this._active as FakeSheet).getRange(row, col, numRows, numCols).getValues();
  }
  toast(message: string, title?: string, timeoutSeconds?: number): void {
    this.ctx.ui.toasts.push({ message: String(message), title: title ?? '', timeoutSeconds });
  }
}
