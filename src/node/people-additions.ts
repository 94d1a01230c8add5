/**
 * What people added to a sheet the command line rebuilds (department tabs, on setup and 年度確定): their notes, fill
 * and font, their formulas in entry cells and the column widths they set. The core says where each old cell went
 * (SheetOutput.carry); this module reads those cells of the old worksheet before it is removed (keepPeopleAdditions)
 * and puts them back at their new places while the new sheet's rows are written (peopleAdditions, an EmitExtra for
 * both the in-memory and the streaming writer).
 */
import ExcelJS from 'exceljs';
import { carriedNote, peoplesNote } from '../core/layout/finding-notes';
import { carriedCells, maxOf, type Scalar, type SheetOutput } from '../core/workbook';
import { toScalar } from '../xlsx/sheet-read';
import { GENERATED_FILLS, GENERATED_FONTS, type EmitExtra } from '../xlsx/sheet-write';

type Note = ExcelJS.Cell['note'];

/** One old cell's additions, for its new column. */
interface Kept {
  col: number;
  /** People's note: the check's 【入力チェック】 part and the note the output writes there itself are left out. */
  note?: Note;
  fill?: ExcelJS.Fill;
  font?: Partial<ExcelJS.Font>;
  /** The formula, kept where the new cell holds the value it had (the entry the core carried over). */
  formula?: { formula: string; result: ExcelJS.CellValue; value: Scalar };
}

/** Additions captured for an output, until its sheet is written (the output object is the key: one per write). */
const captured = new WeakMap<SheetOutput, PeopleAdditions>();

/** The plain text of an exceljs note (a string, or rich text runs). */
function noteText(note: Note | undefined): string {
  if (note === undefined || note === null) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

/**
 * A font reduced to what a person chose: the typeface a program writes on every cell (name, family, scheme, charset)
 * and Excel's default size and colour are left out, since every cell of a loaded file carries them. A changed
 * typeface alone is therefore not kept.
 */
function chosenFont(font: Partial<ExcelJS.Font> | undefined): Partial<ExcelJS.Font> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(font ?? {})) {
    if (v === undefined || ['name', 'family', 'scheme', 'charset'].includes(k)) continue;
    if (k === 'size' && v === 11) continue;
    if (k === 'color' && JSON.stringify(v) === '{"theme":1}') continue;
    out[k] = v;
  }
  return out as Partial<ExcelJS.Font>;
}

const sorted = (o: object) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));
const OUR_FONTS = new Set(GENERATED_FONTS.map((f) => sorted(chosenFont(f))));

/** A fill or font this program did not write (ours come back from every rebuild anyway, and may change with it). */
function peoplesFill(fill: ExcelJS.Fill | undefined): ExcelJS.Fill | undefined {
  if (!fill || (fill.type === 'pattern' && fill.pattern === 'none')) return undefined;
  if (fill.type === 'pattern' && fill.pattern === 'solid' && GENERATED_FILLS.includes(fill.fgColor?.argb ?? '')) return undefined;
  return fill;
}

function peoplesFont(font: Partial<ExcelJS.Font> | undefined): Partial<ExcelJS.Font> | undefined {
  const chosen = chosenFont(font);
  return Object.keys(chosen).length === 0 || OUR_FONTS.has(sorted(chosen)) ? undefined : font;
}

/** Widths closer than this (character units) are the same: a spreadsheet program may round a width it stores. */
const WIDTH_TOLERANCE = 0.75;

/**
 * Reads what people added to the cells `out.carry` names on `old` (the worksheet `out` replaces), for
 * peopleAdditions(out) when the new sheet is written. Call it before `old` is removed.
 */
export function keepPeopleAdditions(old: ExcelJS.Worksheet, out: SheetOutput): void {
  if (!out.carry?.length) return;
  const outNotes = new Map((out.notes ?? []).map((n) => [`${n.row},${n.col}`, n.text]));
  const rows = new Map<number, Kept[]>();
  for (const { from, to, formula } of carriedCells(out.carry)) {
    const cell = old.findCell(from.row, from.col);
    if (!cell) continue;
    const kept: Kept = { col: to.col };
    const text = peoplesNote(noteText(cell.note), outNotes.get(`${to.row},${to.col}`));
    // The note as it was (rich text and all) unless part of it was ours.
    if (text) kept.note = text === noteText(cell.note) ? cell.note : text;
    kept.fill = peoplesFill(cell.fill);
    kept.font = peoplesFont(cell.font);
    if (formula && cell.type === ExcelJS.ValueType.Formula && cell.formula) {
      const result = (cell.value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue;
      kept.formula = { formula: cell.formula, result, value: toScalar(result) };
    }
    if (kept.note !== undefined || kept.fill || kept.font || kept.formula) {
      const line = rows.get(to.row) ?? [];
      line.push(kept);
      rows.set(to.row, line);
    }
  }
  const widths = new Map<number, number>();
  for (const block of out.carry.filter((b) => b.widths))
    for (const [fromCol, toCol] of block.cols) {
      const width = old.getColumn(fromCol).width;
      const ours = out.columnWidths?.[toCol - 1] || undefined;
      if (width !== undefined && (ours === undefined || Math.abs(width - ours) > WIDTH_TOLERANCE)) widths.set(toCol, width);
    }
  if (rows.size || widths.size) captured.set(out, new PeopleAdditions(rows, widths));
}

/** The additions kept for `out` by keepPeopleAdditions, if any. */
export function peopleAdditions(out: SheetOutput): EmitExtra | undefined {
  return captured.get(out);
}

function sameValue(a: Scalar, b: Scalar): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

class PeopleAdditions implements EmitExtra {
  readonly lastRow: number;

  constructor(
    private readonly rows: Map<number, Kept[]>,
    private readonly widths: Map<number, number>,
  ) {
    this.lastRow = maxOf(rows.keys());
  }

  columns(ws: ExcelJS.Worksheet): void {
    for (const [col, width] of this.widths) ws.getColumn(col).width = width;
  }

  has(row: number): boolean {
    return this.rows.has(row);
  }

  /** After the output's own changes to the row: people's look over ours, their note below ours, their formula. */
  row(row: ExcelJS.Row): void {
    for (const kept of this.rows.get(row.number) ?? []) {
      const cell = row.getCell(kept.col);
      // A fresh style object: styles are shared between cells (StyleCache), and cell.fill = … would change them all.
      if (kept.fill || kept.font) cell.style = { ...cell.style, ...(kept.fill ? { fill: kept.fill } : {}), ...(kept.font ? { font: kept.font } : {}) };
      if (kept.note !== undefined) {
        const ours = noteText(cell.note);
        cell.note = ours ? carriedNote(ours, noteText(kept.note)) : (kept.note as string | ExcelJS.Comment);
      }
      // Only over the value it had: a cell the job filled otherwise (a seeded entry) keeps what the job wrote.
      if (kept.formula && sameValue(toScalar(cell.value), kept.formula.value))
        cell.value = { formula: kept.formula.formula, result: kept.formula.result } as ExcelJS.CellFormulaValue;
    }
  }
}
