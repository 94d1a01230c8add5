/**
 * An in-memory WorkbookPort for core tests: sheets hold values and number formats as a shell would hand
 * them over, and every output written is kept so tests can look at styles, links and protections.
 */
import { CHANGE_LOG } from '../../src/core/layout/change-log';
import { withFindingNote } from '../../src/core/layout/finding-notes';
import { sheetFormats, type AppendSheet, type CellText, type EntryLock, type Scalar, type SheetData, type SheetEditors, type SheetOutput, type WorkbookPort } from '../../src/core/workbook';

export class MemoryWorkbook implements WorkbookPort {
  private sheets = new Map<string, SheetData>();
  readonly outputs = new Map<string, SheetOutput>();
  /** Notes per sheet, by `row,col`: those outputs carried and those the check put. */
  readonly notes = new Map<string, Map<string, string>>();
  reads = 0;
  /** Every writeTexts call, in order. */
  readonly textWrites: { sheet: string; cells: CellText[] }[] = [];
  writes = 0;

  sheetNames(): string[] {
    return [...this.sheets.keys()];
  }

  readSheet(name: string): SheetData | undefined {
    const s = this.sheets.get(name);
    if (!s) return undefined;
    this.reads++;
    return { name, values: s.values.map((r) => [...r]), formats: sheetFormats(s).map((r) => [...r]) };
  }

  writeSheets(outputs: SheetOutput[]): void {
    this.writes++;
    for (const o of outputs) {
      const formats = o.values.map((r) => r.map(() => ''));
      for (const { range, format } of o.numberFormats ?? [])
        for (let r = range.row; r < range.row + range.numRows; r++)
          for (let c = range.col; c < range.col + range.numCols; c++) {
            while (formats.length < r) formats.push([]);
            formats[r - 1][c - 1] = format;
          }
      this.sheets.set(o.name, { name: o.name, values: o.values.map((r) => [...r]), formats });
      this.outputs.set(o.name, o);
      this.notes.set(o.name, new Map((o.notes ?? []).map((n) => [`${n.row},${n.col}`, n.text])));
    }
  }

  /** 変更履歴 as appended, rows in order. */
  readonly changeLog: Scalar[][] = [];

  /** Rows appended to other append-only sheets (確認履歴), which read back as sheets (header, then rows), as in the shells. */
  appendLog(rows: Scalar[][], target?: AppendSheet): void {
    if (!target || target.name === CHANGE_LOG.name) {
      this.changeLog.push(...rows.map((r) => [...r]));
      return;
    }
    if (!rows.length) return;
    const sheet = this.sheets.get(target.name) ?? { name: target.name, values: [[...target.headers]] };
    sheet.values.push(...rows.map((r) => r.map((v) => String(v))));
    this.sheets.set(target.name, sheet);
  }

  /** The editors each protectSheet call set, by sheet (the latest call wins). */
  readonly protections = new Map<string, SheetEditors>();

  protectSheet(name: string, editors: SheetEditors): void {
    if (this.sheets.has(name)) this.protections.set(name, editors);
  }

  /** The entry locks in force, by `sheet fiscalYear` (lockEntries; opening one removes it). */
  readonly locks = new Map<string, EntryLock>();

  lockEntries(lock: EntryLock): void {
    const key = `${lock.sheet} ${lock.fiscalYear}`;
    if (lock.locked) this.locks.set(key, lock);
    else this.locks.delete(key);
  }

  /** Texts land as strings with the text format, as both shells store them. */
  writeTexts(name: string, cells: CellText[]): void {
    if (!this.sheets.has(name)) throw new Error(`no sheet ${name}`);
    for (const { row, col, text } of cells) this.type(name, row, col, text, '@');
    this.textWrites.push({ sheet: name, cells });
  }

  setFindingNotes(name: string, notes: CellText[]): void {
    if (!this.sheets.has(name)) return;
    const cells = this.notes.get(name) ?? new Map<string, string>();
    const wanted = new Map(notes.map((n) => [`${n.row},${n.col}`, n.text]));
    for (const key of new Set([...cells.keys(), ...wanted.keys()])) {
      const text = withFindingNote(cells.get(key) ?? '', wanted.get(key));
      if (text) cells.set(key, text);
      else cells.delete(key);
    }
    this.notes.set(name, cells);
  }

  /** Puts a sheet as a person would have left it. */
  setSheet(name: string, values: Scalar[][], formats?: string[][]): this {
    this.sheets.set(name, { name, values, formats });
    return this;
  }

  /** Types into one cell (1-based), growing the grid as needed; `format` is the cell's number format. */
  type(name: string, row: number, col: number, value: Scalar, format = ''): this {
    const s = this.sheets.get(name);
    if (!s) throw new Error(`no sheet ${name}`);
    while (s.values.length < row) s.values.push([]);
    const line = s.values[row - 1];
    while (line.length < col) line.push('');
    line[col - 1] = value;
    const formats = sheetFormats(s);
    while (formats.length < row) formats.push([]);
    formats[row - 1][col - 1] = format;
    s.formats = formats;
    return this;
  }

  deleteSheet(name: string): this {
    this.sheets.delete(name);
    return this;
  }

  renameSheet(from: string, to: string): this {
    const s = this.sheets.get(from)!;
    this.sheets.delete(from);
    this.sheets.set(to, { ...s, name: to });
    return this;
  }

  /** The cell (1-based) as stored. */
  cell(name: string, row: number, col: number): Scalar {
    return this.sheets.get(name)?.values[row - 1]?.[col - 1] ?? '';
  }

  /** Finds the (row, col) of the first cell whose text equals `text`. */
  find(name: string, text: string): { row: number; col: number } {
    const s = this.sheets.get(name);
    for (const [r, line] of (s?.values ?? []).entries())
      for (const [c, v] of line.entries()) if (v === text) return { row: r + 1, col: c + 1 };
    throw new Error(`"${text}" not found on ${name}`);
  }
}
