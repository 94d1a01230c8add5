/** A1 notation helpers (1-based rows and columns). */

export function columnToLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function cellA1(row: number, col: number): string {
  return `${columnToLetters(col)}${row}`;
}

export interface A1Box {
  row: number;
  col: number;
  numRows: number;
  numCols: number;
  /** The notation to report from getA1Notation when the reference was open-ended (A:A, 1:1, A2:B). */
  openText?: string;
}

/** Splits `'Sheet name'!A1:B2` into the sheet name (if any) and the reference. */
export function splitSheetPrefix(a1: string): { sheet?: string; ref: string } {
  const bang = a1.lastIndexOf('!');
  if (bang < 0) return { ref: a1 };
  let sheet = a1.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, ref: a1.slice(bang + 1) };
}

const PART = /^\$?([A-Za-z]*)\$?(\d*)$/;

/**
 * Parses A1 / A1:B2 / A:B / 1:3 / A2:B against a grid of maxRows × maxCols. Returns null when invalid
 * (Apps Script then throws `Range not found`).
 */
export function parseA1(ref: string, maxRows: number, maxCols: number): A1Box | null {
  const parts = ref.trim().split(':');
  if (parts.length < 1 || parts.length > 2) return null;
  const ends = parts.map((p) => PART.exec(p));
  if (ends.some((m) => !m || (m[1] === '' && m[2] === ''))) return null;
  const [a, b] = ends as RegExpExecArray[];
  const colA = a[1] ? lettersToColumn(a[1]) : 0;
  const rowA = a[2] ? Number(a[2]) : 0;
  if (!b) {
    if (!colA || !rowA) return null;
    return { row: rowA, col: colA, numRows: 1, numCols: 1 };
  }
  const colB = b[1] ? lettersToColumn(b[1]) : 0;
  const rowB = b[2] ? Number(b[2]) : 0;
  // Both ends must agree on whether columns / rows are given (A:B, 1:2, A1:B2, A2:B).
  if ((colA === 0) !== (colB === 0)) return null;
  if (rowA === 0 && rowB !== 0 && colA !== 0) return null;
  const open = colA === 0 || rowA === 0 || rowB === 0;
  const c1 = colA === 0 ? 1 : Math.min(colA, colB);
  const c2 = colA === 0 ? maxCols : Math.max(colA, colB);
  const r1 = rowA === 0 ? 1 : rowB === 0 ? rowA : Math.min(rowA, rowB);
  const r2 = rowA === 0 || rowB === 0 ? Math.max(maxRows, r1) : Math.max(rowA, rowB);
  if (r1 < 1 || c1 < 1) return null;
  const box: A1Box = { row: r1, col: c1, numRows: r2 - r1 + 1, numCols: c2 - c1 + 1 };
  if (open) box.openText = ref.trim().toUpperCase().replace(/\$/g, '');
  return box;
}
