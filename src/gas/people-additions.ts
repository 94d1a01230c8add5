/**
 * What people added to a sheet setup and 年度確定 rebuild (department tabs), kept in Sheets: their notes and background
 * colours (highlighting), read from the old sheet before Sheet.clear() in one call each (getNotes, getBackgrounds over
 * its data range) and painted into the grids the write sends anyway, at the cells' new places (SheetOutput.carry).
 * So a tab costs two calls more, whatever its size, and 年度確定 stays within its 20 a tab (test/gas/setup-calls).
 * Not kept here, for that budget: fonts (bold, colours: one more read each, and a write for colours) and formulas in
 * entry cells (one more read, and entry cells are plain text (`@`), so a formula written back would stay text).
 * Column widths need nothing: an existing sheet's are never set again.
 */
import { carriedNote, peoplesNote } from '../core/layout/finding-notes';
import { carriedCells, type CellRange, type SheetOutput } from '../core/workbook';
import { BACKGROUNDS } from './sheet-layout';

/** getBackgrounds' colour of a cell without one (Range reference: "for example, '#ffffff'"), and ours. */
const NOT_PEOPLES = new Set(['#ffffff', ...Object.values(BACKGROUNDS).map((c) => c!.toLowerCase())]);

export interface KeptAdditions {
  /** People's notes by `row,col` of their new cell. */
  notes: Map<string, string>;
  backgrounds: Map<string, string>;
}

const key = (row: number, col: number) => `${row},${col}`;

/** Reads people's additions on the cells `out` carries from `old` (the old sheet's data range from A1), before it is cleared. */
export function readAdditions(old: GoogleAppsScript.Spreadsheet.Range, out: SheetOutput): KeptAdditions {
  const kept: KeptAdditions = { notes: new Map(), backgrounds: new Map() };
  const notes = old.getNotes();
  const backgrounds = old.getBackgrounds();
  const outNotes = new Map((out.notes ?? []).map((n) => [key(n.row, n.col), n.text]));
  for (const { from, to } of carriedCells(out.carry ?? [])) {
    const [r, c] = [from.row - 1, from.col - 1];
    if (r >= notes.length || c >= (notes[r]?.length ?? 0)) continue;
    const at = key(to.row, to.col);
    const note = peoplesNote(notes[r][c] ?? '', outNotes.get(at));
    if (note) kept.notes.set(at, note);
    const bg = (backgrounds[r]?.[c] ?? '').toLowerCase();
    if (bg && !NOT_PEOPLES.has(bg)) kept.backgrounds.set(at, bg);
  }
  return kept;
}

function paint<T>(grid: (T | null)[][] | undefined, rows: number, cols: number, cells: Iterable<[string, T]>): (T | null)[][] | undefined {
  let out = grid;
  for (const [at, value] of cells) {
    const [r, c] = at.split(',').map(Number);
    if (r > rows || c > cols) continue;
    out ??= Array.from({ length: rows }, () => new Array<T | null>(cols).fill(null));
    out[r - 1][c - 1] = value;
  }
  return out;
}

/** The write's background grid (rows × cols from A1) with people's colours painted over ours. */
export function withAdditions(
  kept: KeptAdditions | undefined, rows: number, cols: number,
  grids: { backgrounds?: (string | null)[][]; weights?: ('bold' | null)[][] },
): { backgrounds?: (string | null)[][]; weights?: ('bold' | null)[][] } {
  if (!kept) return grids;
  return { ...grids, backgrounds: paint(grids.backgrounds, rows, cols, kept.backgrounds) };
}

/** The output's notes with people's added: below the output's own note on the same cell. */
export function notesWithAdditions(out: SheetOutput, kept: KeptAdditions | undefined): { range: CellRange; value: string | null }[] {
  const notes = new Map((out.notes ?? []).map((n) => [key(n.row, n.col), n.text]));
  for (const [at, people] of kept?.notes ?? []) notes.set(at, carriedNote(notes.get(at), people));
  return [...notes].map(([at, text]) => {
    const [row, col] = at.split(',').map(Number);
    return { range: { row, col, numRows: 1, numCols: 1 }, value: text };
  });
}
