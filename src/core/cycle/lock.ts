/**
 * A submitted year's entries: which cells they are (what Sheets locks, WorkbookPort.lockEntries) and a check value
 * (照合値) of what they held at 提出, so a change made after it is found on any shell — an .xlsx is edited directly in
 * Excel, and in Sheets the person who submitted keeps their own right to the cells (Sheets never takes a protection
 * from the person running the script, platform-facts fact 43) until a coordinator's 確認 tightens the lock.
 *
 * The check value holds, per indicator row, a short hash of its key and one of each of the year's four entry cells,
 * so a difference names the cell. 19 characters a row: a tab of 1,000 indicators needs 19,000, within a cell of
 * Excel (32,767) and Sheets (50,000). A hash match is not a proof (about one change in 1.7 million per cell goes
 * unnoticed); it is a check for people, not against an attacker (the owner can always edit, fact 70).
 */
import { fnv1a } from '../fingerprint';
import type { DeptRow, DeptTab } from '../layout/department';
import { cellText } from '../layout/table';
import { indicatorKey, type SourceCell } from '../model';
import { a1, type CellRange } from '../workbook';
import type { ReviewRecord } from './records';
import type { CycleState } from './states';

const VERSION = 'v1:';
const KEY_CHARS = 3;
const CELL_CHARS = 4;
const FIELDS = ['actuals', 'comments', 'causes', 'directions'] as const;
const ROW_CHARS = KEY_CHARS + FIELDS.length * CELL_CHARS;

/** FNV-1a in base 36, cut to `chars` characters. */
function hash(text: string, chars: number): string {
  return (fnv1a(text) % 36 ** chars).toString(36).padStart(chars, '0');
}

/** What a cell says: its text, and for a number its format (0.307 shown as 30.7% is another entry than 0.307). */
function cellHash(cell: SourceCell | undefined): string {
  if (!cell) return hash('', CELL_CHARS);
  const format = typeof cell.value === 'number' ? `\u0000${cell.format ?? ''}` : '';
  return hash(cellText(cell.value) + format, CELL_CHARS);
}

const keyHash = (row: DeptRow) => hash(indicatorKey(row.no, row.name), KEY_CHARS);

/** The check value of the tab's entries for the year. */
export function entryCheck(tab: DeptTab, fy: number): string {
  return VERSION + tab.rows.map((row) => keyHash(row) + FIELDS.map((f) => cellHash(row[f].get(fy))).join('')).join('');
}

/**
 * The cells (A1) whose entry differs from the check value, in the tab's order; a row added since (an indicator the
 * check does not know) counts with its non-empty cells. null when the check value does not read (not one of ours).
 */
export function changedSince(check: string, tab: DeptTab, fy: number): string[] | null {
  if (!check.startsWith(VERSION) || (check.length - VERSION.length) % ROW_CHARS !== 0) return null;
  const body = check.slice(VERSION.length);
  const stored = new Map<string, string>();
  for (let i = 0; i < body.length; i += ROW_CHARS) stored.set(body.slice(i, i + KEY_CHARS), body.slice(i + KEY_CHARS, i + ROW_CHARS));
  const empty = hash('', CELL_CHARS);
  const changed: string[] = [];
  for (const row of tab.rows) {
    const was = stored.get(keyHash(row));
    FIELDS.forEach((f, i) => {
      const cell = row[f].get(fy);
      if (!cell) return;
      const then = was ? was.slice(i * CELL_CHARS, (i + 1) * CELL_CHARS) : empty;
      if (cellHash(cell) !== then) changed.push(a1(cell.row, cell.col));
    });
  }
  return changed;
}

/** The year's entry cells of the tab as rectangles: one per run of adjacent entry columns, over the indicator rows. */
export function entryRanges(tab: DeptTab, fy: number): CellRange[] {
  const cells = tab.rows.flatMap((row) => FIELDS.map((f) => row[f].get(fy)).filter((c): c is SourceCell => !!c));
  if (!cells.length) return [];
  const rows = cells.map((c) => c.row);
  const top = rows.reduce((m, r) => (r < m ? r : m), rows[0]);
  const bottom = rows.reduce((m, r) => (r > m ? r : m), rows[0]);
  const cols = [...new Set(cells.map((c) => c.col))].sort((x, y) => x - y);
  const ranges: CellRange[] = [];
  for (const col of cols) {
    const last = ranges[ranges.length - 1];
    if (last && last.col + last.numCols === col) last.numCols++;
    else ranges.push({ row: top, col, numRows: bottom - top + 1, numCols: 1 });
  }
  return ranges;
}

/** Cells for a message: the first few, and how many more. */
export function someCells(sheet: string, cells: readonly string[], max = 5): string {
  const shown = cells.slice(0, max).map((c) => `${sheet}!${c}`).join('、');
  return cells.length > max ? `${shown} ほか${cells.length - max}件` : shown;
}

/** States in which the year's entries are locked for the department: submitted, until a 差戻し (or 確定, locked anyway). */
export const LOCKED_STATES: readonly CycleState[] = ['提出済', '所属長確認済', '確認済'];

/** The 照合値 the entries are held to: the latest 提出 or 事務局修正 since the last 差戻し ('' when none). */
export function heldCheck(records: readonly ReviewRecord[]): string {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r.act === '差戻し') return '';
    if ((r.act === '提出' || r.act === '事務局修正') && r.check) return r.check;
  }
  return '';
}

/** The message for entries changed after 提出, naming the cells. */
export function changedMessage(sheet: string, cells: readonly string[]): string {
  return `提出後に変更されています（${someCells(sheet, cells)}）`;
}
