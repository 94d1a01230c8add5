/** Range: 1-based rectangular view on a sheet; reads and writes go to the sheet's sparse cells. */
import { cellA1 } from './a1';
import type { Box, Cell } from './cells';
import { boxesOverlap, hasContent } from './cells';
import type { Ctx } from './context';
import { MSG, describeArg, isDate } from './errors';
import { formatDisplay } from './format';
import { FakeProtection } from './protection';
import type { FakeSheet } from './sheet';
import type { FakeDataValidation } from './validation';
import type { Stored } from './values';
import { GENERAL_FORMAT, dateToSerial, isDateFormat, isGeneral, parseTyped, serialToDate } from './values';
import { FakeObject, unwrap } from './wrap';

/** Default cell styles as Apps Script reports them. */
const STYLE_DEFAULTS: Record<string, unknown> = {
  background: '#ffffff',
  fontWeight: 'normal',
  fontColor: '#000000',
  fontStyle: 'normal',
  fontLine: 'none',
  fontSize: 10,
  fontFamily: 'Arial',
  horizontalAlignment: 'general',
  verticalAlignment: 'bottom',
  wrap: false,
};

/** A value ready to store: a formula, or a stored value with an automatic format (an error cell stores its literal). */
type Prepared = { formula: string } | { value: Stored; autoFormat?: string; error?: true };

export class FakeRange extends FakeObject {
  readonly className = 'Range';
  constructor(
    ctx: Ctx,
    readonly _sheet: FakeSheet,
    readonly _row: number,
    readonly _col: number,
    readonly _numRows: number,
    readonly _numCols: number,
    readonly _openText?: string,
  ) {
    super(ctx);
  }

  // ---- internal helpers ----

  _box(): Box {
    return { row: this._row, col: this._col, numRows: this._numRows, numCols: this._numCols };
  }
  private _map<T>(fn: (cell: Cell | undefined, r: number, c: number) => T): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < this._numRows; i++) {
      const line: T[] = [];
      for (let j = 0; j < this._numCols; j++)
        line.push(fn(this._sheet._cell(this._row + i, this._col + j), this._row + i, this._col + j));
      out.push(line);
    }
    return out;
  }
  /** Checks a 2-D argument against the range shape with Apps Script's messages. */
  private _checkShape(data: unknown, method: string): unknown[][] {
    const full = `SpreadsheetApp.Range.${method}`;
    if (!Array.isArray(data) || !data.every((row) => Array.isArray(row)))
      throw this.ctx.error(MSG.signature(describeArg(data), full));
    if (data.length !== this._numRows) throw this.ctx.error(MSG.dataRows(data.length, this._numRows));
    for (const row of data as unknown[][])
      if (row.length !== this._numCols) throw this.ctx.error(MSG.dataColumns(row.length, this._numCols));
    return data as unknown[][];
  }
  /** Protection check and grid growth before any write. */
  private _beginWrite(): void {
    this._sheet._assertCanEdit(this._box());
    this._sheet._grow(this._row + this._numRows - 1, this._col + this._numCols - 1);
  }
  private _forEachCell(fn: (r: number, c: number, i: number, j: number) => void): void {
    for (let i = 0; i < this._numRows; i++)
      for (let j = 0; j < this._numCols; j++) fn(this._row + i, this._col + j, i, j);
  }
  /** Turns one input into what the cell will store, parsing strings like typed input. */
  private _prepare(input: unknown, cell: Cell | undefined, forceFormula = false): Prepared {
    const max = this.ctx.limits.maxCellChars;
    if (input === null || input === undefined) return { value: '' };
    if (typeof input === 'string') {
      // The quote prefix is not stored, so it is taken not to count (assumed).
      if ((input.startsWith("'") ? input.length - 1 : input.length) > max) throw this.ctx.error(MSG.cellTooLong(max));
      if (forceFormula && input.startsWith('=')) return { formula: input };
      // A plain-text cell takes any string as written (assumed, audit F5: see values.ts next to TYPED_INPUT_FORMS).
      if (cell?.format === '@' && !this.ctx.plainTextParsed) return { value: input };
      const ctx = this.ctx;
      const p = parseTyped(input, { formulaPrefixes: ctx.formulaPrefixes, locale: ctx.locale, timeZone: ctx.spreadsheetTimeZone });
      if (p.kind === 'formula') return { formula: p.formula };
      if (p.kind === 'error') return { value: p.code, error: true };
      return p.format ? { value: p.value, autoFormat: p.format } : { value: p.value };
    }
    if (typeof input === 'number') return Number.isFinite(input) ? { value: input } : { value: '#NUM!' };
    if (typeof input === 'boolean') return { value: input };
    if (isDate(input)) {
      if (Number.isNaN(input.getTime())) return { value: '' };
      const serial = dateToSerial(input, this.ctx.spreadsheetTimeZone);
      return { value: serial, autoFormat: serial % 1 === 0 ? 'yyyy/MM/dd' : 'yyyy/MM/dd H:mm:ss' };
    }
    const text = String(input);
    if (text.length > max) throw this.ctx.error(MSG.cellTooLong(max));
    return { value: text };
  }
  private _store(r: number, c: number, p: Prepared): void {
    const cell = this._sheet._ensure(r, c);
    delete cell.error;
    if ('formula' in p) {
      cell.formula = p.formula;
      const result = this.ctx.formulaResolver?.(p.formula, this._sheet._name, cellA1(r, c));
      cell.value = result === undefined ? '' : this._prepareResult(result);
    } else {
      delete cell.formula;
      cell.value = p.value;
      if (p.error) cell.error = true;
      if (p.autoFormat) {
        const keep = isDateFormat(p.autoFormat) ? isDateFormat(cell.format) : !isGeneral(cell.format);
        if (!keep) cell.format = p.autoFormat;
      }
    }
    this._sheet._tidy(r, c);
  }
  /** A formula result supplied by a test: stored as a value (dates become serials). */
  _prepareResult(v: unknown): Stored {
    if (isDate(v)) return dateToSerial(v, this.ctx.spreadsheetTimeZone);
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
    return v === null || v === undefined ? '' : String(v);
  }
  private _read(cell: Cell | undefined): unknown {
    if (!cell) return '';
    const v = cell.value;
    if (typeof v === 'number' && isDateFormat(cell.format)) {
      const d = serialToDate(v, this.ctx.spreadsheetTimeZone);
      return this.ctx.DateCtor === Date ? d : new this.ctx.DateCtor(d.getTime());
    }
    return v;
  }
  private _setProp(apply: (cell: Cell, i: number, j: number) => void): this {
    this._beginWrite();
    this._forEachCell((r, c, i, j) => {
      apply(this._sheet._ensure(r, c), i, j);
      this._sheet._tidy(r, c);
    });
    return this;
  }
  private _setStyle(key: string, value: unknown): this {
    return this._setProp((cell) => setStyle(cell, key, value));
  }
  private _setStyles(key: string, values: unknown, method: string): this {
    const data = this._checkShape(values, method);
    return this._setProp((cell, i, j) => setStyle(cell, key, data[i][j]));
  }
  private _getStyles(key: string): unknown[][] {
    return this._map((cell) => (cell?.style && key in cell.style ? cell.style[key] : STYLE_DEFAULTS[key]));
  }

  // ---- position ----

  getRow(): number {
    return this._row;
  }
  getRowIndex(): number {
    return this._row;
  }
  getColumn(): number {
    return this._col;
  }
  getNumRows(): number {
    return this._numRows;
  }
  getNumColumns(): number {
    return this._numCols;
  }
  getHeight(): number {
    return this._numRows;
  }
  getWidth(): number {
    return this._numCols;
  }
  getLastRow(): number {
    return this._row + this._numRows - 1;
  }
  getLastColumn(): number {
    return this._col + this._numCols - 1;
  }
  getA1Notation(): string {
    if (this._openText) return this._openText;
    const start = cellA1(this._row, this._col);
    if (this._numRows === 1 && this._numCols === 1) return start;
    return `${start}:${cellA1(this.getLastRow(), this.getLastColumn())}`;
  }
  getSheet(): FakeSheet {
    return this._sheet;
  }
  getCell(row: number, column: number): FakeRange {
    if (row < 1 || column < 1 || row > this._numRows || column > this._numCols)
      throw this.ctx.error('Cell reference out of range');
    return this._sheet._range(this._row + row - 1, this._col + column - 1, 1, 1);
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): FakeRange {
    return this._sheet.getRange(
      this._row + rowOffset,
      this._col + columnOffset,
      numRows ?? this._numRows,
      numColumns ?? this._numCols,
    );
  }
  activate(): this {
    this._sheet._ss._select(this);
    return this;
  }
  isBlank(): boolean {
    return this._map((cell) => hasContent(cell)).every((row) => row.every((x) => !x));
  }

  // ---- values ----

  getValues(): unknown[][] {
    return this._map((cell) => this._read(cell));
  }
  getValue(): unknown {
    return this._read(this._sheet._cell(this._row, this._col));
  }
  getDisplayValues(): string[][] {
    return this._map((cell) => (cell ? formatDisplay(cell.value, cell.format) : ''));
  }
  getDisplayValue(): string {
    const cell = this._sheet._cell(this._row, this._col);
    return cell ? formatDisplay(cell.value, cell.format) : '';
  }
  setValues(values: unknown): this {
    const data = this._checkShape(values, 'setValues');
    const prepared = this._map((cell, r, c) => this._prepare(data[r - this._row][c - this._col], cell));
    this._beginWrite();
    this._forEachCell((r, c, i, j) => this._store(r, c, prepared[i][j]));
    return this;
  }
  setValue(value: unknown): this {
    const prepared = this._map((cell) => this._prepare(value, cell));
    this._beginWrite();
    this._forEachCell((r, c, i, j) => this._store(r, c, prepared[i][j]));
    return this;
  }
  getFormulas(): string[][] {
    return this._map((cell) => cell?.formula ?? '');
  }
  getFormula(): string {
    return this._sheet._cell(this._row, this._col)?.formula ?? '';
  }
  setFormula(formula: string): this {
    const prepared = this._map((cell) => this._prepare(formula, cell, true));
    this._beginWrite();
    this._forEachCell((r, c, i, j) => this._store(r, c, prepared[i][j]));
    return this;
  }
  setFormulas(formulas: unknown): this {
    const data = this._checkShape(formulas, 'setFormulas');
    const prepared = this._map((cell, r, c) => this._prepare(data[r - this._row][c - this._col], cell, true));
    this._beginWrite();
    this._forEachCell((r, c, i, j) => this._store(r, c, prepared[i][j]));
    return this;
  }

  // ---- number formats ----

  getNumberFormats(): string[][] {
    return this._map((cell) => cell?.format ?? GENERAL_FORMAT);
  }
  getNumberFormat(): string {
    return this._sheet._cell(this._row, this._col)?.format ?? GENERAL_FORMAT;
  }
  setNumberFormat(format: string): this {
    return this._setProp((cell) => {
      cell.format = String(format);
    });
  }
  setNumberFormats(formats: unknown): this {
    const data = this._checkShape(formats, 'setNumberFormats');
    return this._setProp((cell, i, j) => {
      cell.format = String(data[i][j]);
    });
  }

  // ---- notes ----

  getNotes(): string[][] {
    return this._map((cell) => cell?.note ?? '');
  }
  getNote(): string {
    return this._sheet._cell(this._row, this._col)?.note ?? '';
  }
  setNote(note: unknown): this {
    return this._setProp((cell) => setNote(cell, note));
  }
  setNotes(notes: unknown): this {
    const data = this._checkShape(notes, 'setNotes');
    return this._setProp((cell, i, j) => setNote(cell, data[i][j]));
  }
  clearNote(): this {
    return this._setProp((cell) => delete cell.note);
  }

  // ---- styles (stored; no rendering semantics) ----

  setBackground(color: string | null): this {
    return this._setStyle('background', color);
  }
  setBackgrounds(colors: unknown): this {
    return this._setStyles('background', colors, 'setBackgrounds');
  }
  getBackground(): string {
    return this._getStyles('background')[0][0] as string;
  }
  getBackgrounds(): string[][] {
    return this._getStyles('background') as string[][];
  }
  setFontWeight(weight: string | null): this {
    return this._setStyle('fontWeight', weight);
  }
  setFontWeights(weights: unknown): this {
    return this._setStyles('fontWeight', weights, 'setFontWeights');
  }
  getFontWeight(): string {
    return this._getStyles('fontWeight')[0][0] as string;
  }
  getFontWeights(): string[][] {
    return this._getStyles('fontWeight') as string[][];
  }
  setFontColor(color: string | null): this {
    return this._setStyle('fontColor', color);
  }
  setFontColors(colors: unknown): this {
    return this._setStyles('fontColor', colors, 'setFontColors');
  }
  getFontColor(): string {
    return this._getStyles('fontColor')[0][0] as string;
  }
  getFontColors(): string[][] {
    return this._getStyles('fontColor') as string[][];
  }
  setFontStyle(style: string | null): this {
    return this._setStyle('fontStyle', style);
  }
  setFontSize(size: number): this {
    return this._setStyle('fontSize', size);
  }
  setFontFamily(family: string | null): this {
    return this._setStyle('fontFamily', family);
  }
  setFontLine(line: string | null): this {
    return this._setStyle('fontLine', line);
  }
  setHorizontalAlignment(alignment: string | null): this {
    return this._setStyle('horizontalAlignment', alignment);
  }
  setHorizontalAlignments(alignments: unknown): this {
    return this._setStyles('horizontalAlignment', alignments, 'setHorizontalAlignments');
  }
  getHorizontalAlignment(): string {
    return this._getStyles('horizontalAlignment')[0][0] as string;
  }
  getHorizontalAlignments(): string[][] {
    return this._getStyles('horizontalAlignment') as string[][];
  }
  setVerticalAlignment(alignment: string | null): this {
    return this._setStyle('verticalAlignment', alignment);
  }
  setWrap(wrap: boolean): this {
    return this._setStyle('wrap', wrap);
  }
  setWraps(wraps: unknown): this {
    return this._setStyles('wrap', wraps, 'setWraps');
  }
  getWrap(): boolean {
    return this._getStyles('wrap')[0][0] as boolean;
  }
  getWraps(): boolean[][] {
    return this._getStyles('wrap') as boolean[][];
  }
  setBorder(...args: unknown[]): this {
    return this._setStyle('border', args);
  }
  setShowHyperlink(show: boolean): this {
    return this._setProp((cell) => {
      cell.showHyperlink = !!show;
    });
  }

  // ---- clearing ----

  clear(options?: {
    contentsOnly?: boolean;
    formatOnly?: boolean;
    commentsOnly?: boolean;
    validationsOnly?: boolean;
  }): this {
    this._sheet._assertCanEdit(this._box());
    const o = options ?? {};
    const any = o.contentsOnly || o.formatOnly || o.commentsOnly || o.validationsOnly;
    this._sheet._clearBox(this._box(), {
      contents: !any || o.contentsOnly,
      formats: !any || o.formatOnly,
      notes: o.commentsOnly,
      validations: o.validationsOnly,
    });
    return this;
  }
  clearContent(): this {
    this._sheet._assertCanEdit(this._box());
    this._sheet._clearBox(this._box(), { contents: true });
    return this;
  }
  clearFormat(): this {
    this._sheet._assertCanEdit(this._box());
    this._sheet._clearBox(this._box(), { formats: true });
    return this;
  }

  // ---- data validation (stored; script writes are not rejected, fact 46) ----

  setDataValidation(rule: FakeDataValidation | null): this {
    return this._setProp((cell) => {
      if (rule === null) delete cell.validation;
      else cell.validation = rule;
    });
  }
  setDataValidations(rules: unknown): this {
    const data = this._checkShape(rules, 'setDataValidations') as (FakeDataValidation | null)[][];
    return this._setProp((cell, i, j) => {
      const rule = data[i][j];
      if (rule === null || rule === undefined) delete cell.validation;
      else cell.validation = rule;
    });
  }
  getDataValidation(): FakeDataValidation | null {
    return this._sheet._cell(this._row, this._col)?.validation ?? null;
  }
  getDataValidations(): (FakeDataValidation | null)[][] {
    return this._map((cell) => cell?.validation ?? null);
  }
  clearDataValidations(): this {
    this._sheet._assertCanEdit(this._box());
    this._sheet._clearBox(this._box(), { validations: true });
    return this;
  }

  // ---- protection and merges ----

  protect(): FakeProtection {
    const p = new FakeProtection(this.ctx, 'RANGE', this._sheet, this._box());
    this._sheet._rangeProtections.push(p);
    return p;
  }
  merge(): this {
    this._sheet._assertCanEdit(this._box());
    this._sheet._merges = this._sheet._merges.filter((m) => !boxesOverlap(m, this._box()));
    this._sheet._merges.push(this._box());
    return this;
  }
  /** "Merge the cells in the range across the columns of the range": each row of the range becomes one merge. */
  mergeAcross(): this {
    this._sheet._assertCanEdit(this._box());
    const box = this._box();
    this._sheet._merges = this._sheet._merges.filter((m) => !boxesOverlap(m, box));
    if (box.numCols > 1) for (let r = box.row; r < box.row + box.numRows; r++) this._sheet._merges.push({ row: r, col: box.col, numRows: 1, numCols: box.numCols });
    return this;
  }
  breakApart(): this {
    this._sheet._merges = this._sheet._merges.filter((m) => !boxesOverlap(m, this._box()));
    return this;
  }
  isPartOfMerge(): boolean {
    return this._sheet._merges.some((m) => boxesOverlap(m, this._box()));
  }
  getMergedRanges(): FakeRange[] {
    return this._sheet._merges
      .filter((m) => boxesOverlap(m, this._box()))
      .map((m) => this._sheet._range(m.row, m.col, m.numRows, m.numCols));
  }
}

/**
 * Test-only view of a range (not an Apps Script method): the error literal of each error cell, null elsewhere. Lets a
 * test tell an error cell from the text "#N/A", which getValues cannot (it gives the literal for both; assumed).
 */
export function errorCells(range: unknown): (string | null)[][] {
  const raw = unwrap(range);
  if (!(raw instanceof FakeRange)) throw new Error('errorCells needs a fake Range');
  const out: (string | null)[][] = [];
  for (let i = 0; i < raw._numRows; i++) {
    const line: (string | null)[] = [];
    for (let j = 0; j < raw._numCols; j++) {
      const cell = raw._sheet._cell(raw._row + i, raw._col + j);
      line.push(cell?.error ? String(cell.value) : null);
    }
    out.push(line);
  }
  return out;
}

function setStyle(cell: Cell, key: string, value: unknown): void {
  if (value === null || value === undefined) {
    if (cell.style) delete cell.style[key];
    return;
  }
  cell.style = { ...(cell.style ?? {}), [key]: value };
}

function setNote(cell: Cell, note: unknown): void {
  if (note === null || note === undefined || note === '') delete cell.note;
  else cell.note = String(note);
}
