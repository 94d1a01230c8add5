/** Sheet: a sparse grid of cells plus sheet-level state (name, frozen rows, rules, protections). */
import { parseA1, splitSheetPrefix } from './a1';
import type { Box, Cell } from './cells';
import { boxesOverlap, hasContent, isEmptyCell } from './cells';
import type { FakeConditionalFormatRule } from './conditional-format';
import type { Ctx } from './context';
import { MSG, describeArg } from './errors';
import { FakeEmbeddedChart, FakeEmbeddedChartBuilder } from './chart';
import { FakeProtection } from './protection';
import { FakeRangeList } from './range-list';
import { FakeRange } from './range';
import type { FakeSpreadsheet } from './spreadsheet';
import { FakeObject } from './wrap';

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

export class FakeSheet extends FakeObject {
  readonly className = 'Sheet';
  _maxRows = DEFAULT_ROWS;
  _maxCols = DEFAULT_COLUMNS;
  _hidden = false;
  _frozenRows = 0;
  _frozenCols = 0;
  _tabColor: string | null = null;
  readonly _colWidths = new Map<number, number>();
  readonly _rowHeights = new Map<number, number>();
  _cfRules: FakeConditionalFormatRule[] = [];
  _rangeProtections: FakeProtection[] = [];
  _sheetProtection: FakeProtection | null = null;
  _merges: Box[] = [];
  /** Embedded charts in insertion order (chart.ts); clear() leaves them: they are objects, not content or formats. */
  _charts: FakeEmbeddedChart[] = [];
  /** Columns hidden by hideColumns (1-based). */
  readonly _hiddenCols = new Set<number>();
  /** row → col → cell */
  readonly _rows = new Map<number, Map<number, Cell>>();

  constructor(
    ctx: Ctx,
    readonly _ss: FakeSpreadsheet,
    public _name: string,
    readonly _id: number,
  ) {
    super(ctx);
  }

  // ---- internal helpers ----

  _cell(row: number, col: number): Cell | undefined {
    return this._rows.get(row)?.get(col);
  }
  _ensure(row: number, col: number): Cell {
    let line = this._rows.get(row);
    if (!line) this._rows.set(row, (line = new Map()));
    let c = line.get(col);
    if (!c) line.set(col, (c = { value: '' }));
    return c;
  }
  /** Drops cells that no longer hold anything. */
  _tidy(row: number, col: number): void {
    const line = this._rows.get(row);
    const c = line?.get(col);
    if (line && c && isEmptyCell(c)) {
      line.delete(col);
      if (line.size === 0) this._rows.delete(row);
    }
  }
  _range(row: number, col: number, numRows: number, numCols: number, openText?: string): FakeRange {
    return new FakeRange(this.ctx, this, row, col, numRows, numCols, openText);
  }
  _fullRange(): FakeRange {
    return this._range(1, 1, this._maxRows, this._maxCols);
  }
  _dropProtection(p: FakeProtection): void {
    if (this._sheetProtection === p) this._sheetProtection = null;
    this._rangeProtections = this._rangeProtections.filter((x) => x !== p);
  }
  _protections(): FakeProtection[] {
    return [...(this._sheetProtection ? [this._sheetProtection] : []), ...this._rangeProtections];
  }
  _lastRow(): number {
    let last = 0;
    for (const [r, line] of this._rows) if (r > last) for (const c of line.values()) if (hasContent(c)) last = r;
    return last;
  }
  _lastCol(): number {
    let last = 0;
    for (const line of this._rows.values()) for (const [col, c] of line) if (col > last && hasContent(c)) last = col;
    return last;
  }
  /** Grows the grid to hold (rows, cols), enforcing the column and cell limits. */
  _grow(rows: number, cols: number): void {
    const newRows = Math.max(this._maxRows, rows);
    const newCols = Math.max(this._maxCols, cols);
    if (newRows === this._maxRows && newCols === this._maxCols) return;
    this._checkSize(newRows, newCols);
    this._maxRows = newRows;
    this._maxCols = newCols;
  }
  _checkSize(rows: number, cols: number): void {
    const { maxColumns, maxCells } = this.ctx.limits;
    if (cols > maxColumns) throw this.ctx.error(MSG.tooManyColumns(maxColumns));
    const others = this._ss._sheets.filter((s) => s !== this).reduce((n, s) => n + s._maxRows * s._maxCols, 0);
    if (others + rows * cols > maxCells) throw this.ctx.error(MSG.tooManyCells(maxCells));
  }
  /**
   * Throws the protected-cell error when protections are enforced (env.enforceProtection), the call comes
   * from script code, and the current (effective) user cannot edit some cell of the box.
   */
  _assertCanEdit(box: Box): void {
    if (!this.ctx.enforceProtection || this.ctx.scriptDepth === 0) return;
    const email = this.ctx.currentUserEmail;
    for (const p of this._protections()) {
      if (p._canEdit(email)) continue;
      if (p._type === 'RANGE' && p._box && !boxesOverlap(p._box, box)) continue;
      for (let r = box.row; r < box.row + box.numRows; r++)
        for (let c = box.col; c < box.col + box.numCols; c++)
          if (p._covers(r, c)) throw this.ctx.error(MSG.protectedCell);
    }
  }
  /** Clears parts of every stored cell in the box. */
  _clearBox(box: Box, what: { contents?: boolean; formats?: boolean; notes?: boolean; validations?: boolean }): void {
    for (const [r, line] of [...this._rows]) {
      if (r < box.row || r >= box.row + box.numRows) continue;
      for (const [c, cell] of [...line]) {
        if (c < box.col || c >= box.col + box.numCols) continue;
        if (what.contents) {
          cell.value = '';
          delete cell.formula;
          delete cell.error;
        }
        if (what.formats) {
          delete cell.format;
          delete cell.style;
        }
        if (what.notes) delete cell.note;
        if (what.validations) delete cell.validation;
        this._tidy(r, c);
      }
    }
  }
  _wholeBox(): Box {
    return { row: 1, col: 1, numRows: this._maxRows, numCols: this._maxCols };
  }

  // ---- Sheet API ----

  getName(): string {
    return this._name;
  }
  setName(name: string): this {
    this._ss._checkNewName(String(name), this);
    this._name = String(name);
    return this;
  }
  getSheetName(): string {
    return this._name;
  }
  getSheetId(): number {
    return this._id;
  }
  getIndex(): number {
    return this._ss._sheets.indexOf(this) + 1;
  }
  getParent(): FakeSpreadsheet {
    return this._ss;
  }
  getLastRow(): number {
    return this._lastRow();
  }
  getLastColumn(): number {
    return this._lastCol();
  }
  getMaxRows(): number {
    return this._maxRows;
  }
  getMaxColumns(): number {
    return this._maxCols;
  }

  getRange(a: unknown, b?: unknown, c?: unknown, d?: unknown): FakeRange {
    const method = 'SpreadsheetApp.Sheet.getRange';
    if (typeof a === 'string' && b === undefined) {
      const { ref } = splitSheetPrefix(a);
      const box = parseA1(ref, this._maxRows, this._maxCols);
      if (!box) throw this.ctx.error(MSG.rangeNotFound);
      this._checkGrid(box);
      return this._range(box.row, box.col, box.numRows, box.numCols, box.openText);
    }
    const args = [a, b, c, d].filter((x, i) => i < 2 || x !== undefined);
    if (args.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
      throw this.ctx.error(MSG.signature(args.map(describeArg).join(','), method));
    const row = Math.trunc(a as number);
    const col = Math.trunc(b as number);
    const numRows = c === undefined ? 1 : Math.trunc(c as number);
    const numCols = d === undefined ? 1 : Math.trunc(d as number);
    if (row < 1) throw this.ctx.error(MSG.startRowTooSmall);
    if (col < 1) throw this.ctx.error(MSG.startColumnTooSmall);
    if (numRows < 1) throw this.ctx.error(MSG.rowsAtLeastOne);
    if (numCols < 1) throw this.ctx.error(MSG.columnsAtLeastOne);
    const box = { row, col, numRows, numCols };
    this._checkGrid(box);
    return this._range(row, col, numRows, numCols);
  }
  /** Sheet.getRangeList(a1Notations): the ranges of this sheet, as one RangeList. */
  getRangeList(a1Notations: string[]): FakeRangeList {
    return new FakeRangeList(this.ctx, a1Notations.map((a) => this.getRange(a)));
  }
  private _checkGrid(box: Box): void {
    if (!this.ctx.strictGrid) return;
    if (box.row + box.numRows - 1 > this._maxRows || box.col + box.numCols - 1 > this._maxCols)
      throw this.ctx.error(MSG.outsideSheet);
  }
  getDataRange(): FakeRange {
    return this._range(1, 1, Math.max(1, this._lastRow()), Math.max(1, this._lastCol()));
  }
  /**
   * "A -1 value given as the row or column position is equivalent to getting the very last row or column that has
   * data in the sheet" (Sheet reference). Public code passes -1 as numRows/numColumns to mean "through the last row
   * or column with data" (`getSheetValues(1, 1, -1, -1)`), so -1 is read that way in every position. On an empty
   * sheet that leaves no rows; what Sheets does then is unverified, and the fake throws the range-size error, the
   * strictest plausible outcome.
   */
  getSheetValues(row: number, col: number, numRows: number, numCols: number): unknown[][] {
    const r = row === -1 ? this._lastRow() : row;
    const c = col === -1 ? this._lastCol() : col;
    const n = numRows === -1 ? this._lastRow() - r + 1 : numRows;
    const m = numCols === -1 ? this._lastCol() - c + 1 : numCols;
    return this.getRange(r, c, n, m).getValues();
  }
  appendRow(values: unknown[]): this {
    if (!Array.isArray(values))
      throw this.ctx.error(MSG.signature(describeArg(values), 'SpreadsheetApp.Sheet.appendRow'));
    const row = this._lastRow() + 1;
    const width = Math.max(1, values.length);
    if (row > this._maxRows) this._grow(row, this._maxCols);
    this._range(row, 1, 1, width).setValues([values.length ? values : ['']]);
    return this;
  }
  insertRowsAfter(afterPosition: number, howMany: number): this {
    this._shiftRows(afterPosition + 1, howMany);
    return this;
  }
  insertRowsBefore(beforePosition: number, howMany: number): this {
    this._shiftRows(beforePosition, howMany);
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    this._shiftCols(afterPosition + 1, howMany);
    return this;
  }
  insertColumnsBefore(beforePosition: number, howMany: number): this {
    this._shiftCols(beforePosition, howMany);
    return this;
  }
  /** Moves cells at rows ≥ from down by n (protections, merges and rules are not shifted). */
  private _shiftRows(from: number, n: number): void {
    this._checkSize(this._maxRows + n, this._maxCols);
    const moved = [...this._rows].sort((x, y) => y[0] - x[0]);
    for (const [r, line] of moved)
      if (r >= from) {
        this._rows.delete(r);
        this._rows.set(r + n, line);
      }
    this._maxRows += n;
  }
  private _shiftCols(from: number, n: number): void {
    this._checkSize(this._maxRows, this._maxCols + n);
    for (const [r, line] of [...this._rows]) {
      const next = new Map<number, Cell>();
      for (const [c, cell] of line) next.set(c >= from ? c + n : c, cell);
      this._rows.set(r, next);
    }
    this._maxCols += n;
  }

  /**
   * "Clears the sheet of content and formatting information" (Sheet reference): notes and data validations are not
   * named, so the fake keeps both (whether Sheets drops validations is unconfirmed; keeping them is the reading under
   * which code that relies on clear() alone fails here, audit F2).
   */
  clear(options?: {
    contentsOnly?: boolean;
    formatOnly?: boolean;
    commentsOnly?: boolean;
    validationsOnly?: boolean;
  }): this {
    this._assertCanEdit(this._wholeBox());
    const o = options ?? {};
    const any = o.contentsOnly || o.formatOnly || o.commentsOnly || o.validationsOnly;
    this._clearBox(this._wholeBox(), {
      contents: !any || o.contentsOnly,
      formats: !any || o.formatOnly,
      notes: o.commentsOnly,
      validations: o.validationsOnly,
    });
    return this;
  }
  clearContents(): this {
    this._assertCanEdit(this._wholeBox());
    this._clearBox(this._wholeBox(), { contents: true });
    return this;
  }
  clearFormats(): this {
    this._assertCanEdit(this._wholeBox());
    this._clearBox(this._wholeBox(), { formats: true });
    return this;
  }
  clearNotes(): this {
    this._assertCanEdit(this._wholeBox());
    this._clearBox(this._wholeBox(), { notes: true });
    return this;
  }
  clearConditionalFormatRules(): void {
    this._cfRules = [];
  }
  getConditionalFormatRules(): FakeConditionalFormatRule[] {
    return [...this._cfRules];
  }
  setConditionalFormatRules(rules: FakeConditionalFormatRule[]): void {
    if (!Array.isArray(rules))
      throw this.ctx.error(MSG.signature(describeArg(rules), 'SpreadsheetApp.Sheet.setConditionalFormatRules'));
    this._cfRules = [...rules];
  }

  setFrozenRows(rows: number): void {
    this._frozenRows = rows;
  }
  getFrozenRows(): number {
    return this._frozenRows;
  }
  setFrozenColumns(columns: number): void {
    this._frozenCols = columns;
  }
  getFrozenColumns(): number {
    return this._frozenCols;
  }
  setColumnWidth(column: number, width: number): this {
    this._colWidths.set(column, width);
    return this;
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): this {
    for (let c = startColumn; c < startColumn + numColumns; c++) this._colWidths.set(c, width);
    return this;
  }
  getColumnWidth(column: number): number {
    return this._colWidths.get(column) ?? 100;
  }
  setRowHeight(row: number, height: number): this {
    this._rowHeights.set(row, height);
    return this;
  }
  setRowHeights(startRow: number, numRows: number, height: number): this {
    for (let r = startRow; r < startRow + numRows; r++) this._rowHeights.set(r, height);
    return this;
  }
  getRowHeight(row: number): number {
    return this._rowHeights.get(row) ?? 21;
  }
  autoResizeColumns(_startColumn: number, _numColumns: number): this {
    return this;
  }
  autoResizeColumn(_column: number): this {
    return this;
  }
  setTabColor(color: string | null): this {
    this._tabColor = color;
    return this;
  }
  getTabColor(): string | null {
    return this._tabColor;
  }
  hideSheet(): this {
    if (!this._hidden && this._ss._sheets.filter((s) => !s._hidden).length <= 1)
      throw this.ctx.error(MSG.hideLastVisibleSheet);
    this._hidden = true;
    return this;
  }
  showSheet(): this {
    this._hidden = false;
    return this;
  }
  isSheetHidden(): boolean {
    return this._hidden;
  }
  protect(): FakeProtection {
    if (!this._sheetProtection) this._sheetProtection = new FakeProtection(this.ctx, 'SHEET', this, null);
    return this._sheetProtection;
  }
  getProtections(type: unknown): FakeProtection[] {
    if (type === 'SHEET') return this._sheetProtection ? [this._sheetProtection] : [];
    if (type === 'RANGE') return [...this._rangeProtections];
    throw this.ctx.error(MSG.signature(describeArg(type), 'SpreadsheetApp.Sheet.getProtections'));
  }
  activate(): this {
    this._ss._active = this;
    return this;
  }

  // ---- charts (chart.ts) ----

  /** "Returns a builder to create a new chart for this sheet." */
  newChart(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(this.ctx, this, null, null);
  }
  /** "Adds a new chart to this sheet." Each insert is a new chart with its own id (assumed for a chart inserted twice). */
  insertChart(chart: FakeEmbeddedChart): void {
    if (!(chart instanceof FakeEmbeddedChart)) throw this.ctx.error(MSG.signature(describeArg(chart), 'SpreadsheetApp.Sheet.insertChart'));
    this._assertCanEdit(this._wholeBox());
    this._charts.push(new FakeEmbeddedChart(this.ctx, this, chart._spec, this._ss._nextChartId()));
  }
  /** "Returns an array of charts on this sheet." */
  getCharts(): FakeEmbeddedChart[] {
    return [...this._charts];
  }
  /** "Removes a chart from the parent sheet." A chart not on this sheet throws (assumed). */
  removeChart(chart: FakeEmbeddedChart): void {
    const at = chart instanceof FakeEmbeddedChart ? this._charts.findIndex((c) => c._chartId !== null && c._chartId === chart._chartId) : -1;
    if (at < 0) throw this.ctx.error(MSG.signature(describeArg(chart), 'SpreadsheetApp.Sheet.removeChart'));
    this._assertCanEdit(this._wholeBox());
    this._charts.splice(at, 1);
  }
  /** "Updates the chart on this sheet": the chart modify() was called on, rebuilt. */
  updateChart(chart: FakeEmbeddedChart): void {
    const at = chart instanceof FakeEmbeddedChart ? this._charts.findIndex((c) => c._chartId !== null && c._chartId === chart._chartId) : -1;
    if (at < 0) throw this.ctx.error(MSG.signature(describeArg(chart), 'SpreadsheetApp.Sheet.updateChart'));
    this._charts[at] = new FakeEmbeddedChart(this.ctx, this, chart._spec, chart._chartId);
  }

  // ---- hidden columns ----

  /** "Hides one or more consecutive columns starting at the given index. Use 1-index for this method." */
  hideColumns(columnIndex: number, numColumns = 1): void {
    this._columnSpan(columnIndex, numColumns, 'SpreadsheetApp.Sheet.hideColumns');
    for (let c = columnIndex; c < columnIndex + numColumns; c++) this._hiddenCols.add(c);
  }
  /** "Unhides one or more consecutive columns starting at the given index." */
  showColumns(columnIndex: number, numColumns = 1): void {
    this._columnSpan(columnIndex, numColumns, 'SpreadsheetApp.Sheet.showColumns');
    for (let c = columnIndex; c < columnIndex + numColumns; c++) this._hiddenCols.delete(c);
  }
  /** "Returns whether the given column is hidden by the user." */
  isColumnHiddenByUser(columnPosition: number): boolean {
    return this._hiddenCols.has(columnPosition);
  }
  private _columnSpan(start: number, count: number, method: string): void {
    if (!isWhole(start) || !isWhole(count) || start < 1 || count < 1) throw this.ctx.error(MSG.signature([start, count].map(describeArg).join(','), method));
    if (start + count - 1 > this._maxCols) throw this.ctx.error(MSG.outsideSheet);
  }
}

const isWhole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
