/** Finding tables inside a sheet by their header text, so inserted columns or moved rows break nothing. */
import { isoDayText } from '../calendar';
import { isBlank, type Scalar } from '../workbook';

/** Header text compared loosely: NFKC, no spaces, ASCII letters lower-cased (`No.` = `ＮＯ．` = `no`). */
export function headerKey(v: Scalar): string {
  return cellText(v ?? '')
    .normalize('NFKC')
    .replace(/[\s　]+/g, '')
    .replace(/[.．。]$/, '')
    .toLowerCase();
}

/** A field of a table: its canonical header and the other spellings accepted when reading. */
export interface FieldSpec {
  header: string;
  aliases?: string[];
  required?: boolean;
}

export interface HeaderRow {
  /** 1-based row of the header. */
  row: number;
  /** Field header → 1-based column. */
  cols: Map<string, number>;
  /** Every non-empty header cell: key → 1-based column (for FY columns and unknown headers). */
  all: { text: string; col: number }[];
  /** Required fields not found in that row. */
  missing: string[];
}

function matches(field: FieldSpec, key: string): boolean {
  return [field.header, ...(field.aliases ?? [])].some((h) => headerKey(h) === key);
}

/**
 * Finds the header row of a table: among the first `scanRows` rows, the one matching the most fields (at least
 * `minMatches`, default: every required field, or 3 when that is more lenient), and maps each field to its
 * column. `missing` lists required fields that row lacks, so a renamed header can be reported by name.
 */
export function findHeaderRow(values: Scalar[][], fields: FieldSpec[], scanRows = 30, minMatches?: number): HeaderRow | null {
  const required = fields.filter((f) => f.required);
  const least = minMatches ?? Math.min(required.length, 3);
  let best: { r: number; score: number } | null = null;
  for (let r = 0; r < Math.min(values.length, scanRows); r++) {
    const keys = (values[r] ?? []).map(headerKey);
    const score = fields.filter((f) => keys.some((k) => matches(f, k))).length;
    if (score >= Math.max(least, 1) && (!best || score > best.score)) best = { r, score };
  }
  if (!best) return null;
  const row = values[best.r] ?? [];
  const keys = row.map(headerKey);
  const cols = new Map<string, number>();
  for (const f of fields) {
    const c = keys.findIndex((k) => matches(f, k));
    if (c >= 0) cols.set(f.header, c + 1);
  }
  const all = row.flatMap((v, c) => (isBlank(v) ? [] : [{ text: cellText(v), col: c + 1 }]));
  const missing = required.filter((f) => !cols.has(f.header)).map((f) => f.header);
  return { row: best.r + 1, cols, all, missing };
}

/** The cell at a 1-based row/column, '' when outside the data. */
export function cellAt(values: Scalar[][], row: number, col: number | undefined): Scalar {
  if (col === undefined) return '';
  return values[row - 1]?.[col - 1] ?? '';
}

/** A cell value as trimmed text; dates (calendar dates, calendar.ts) as YYYY-MM-DD. */
export function cellText(v: Scalar): string {
  return v instanceof Date ? isoDayText(v) : String(v).trim();
}

/** The cell at a 1-based row/column as trimmed text ('' when empty). */
export function textAt(values: Scalar[][], row: number, col: number | undefined): string {
  return cellText(cellAt(values, row, col));
}

/** The finding for a row whose No. cell is empty: most often cells merged over the rows of one plan. */
export const EMPTY_NO = 'No.が空です。この行は集計に使いません（セルを結合せず、指標の行ごとにNo.を入れてください）';

/** The most characters (UTF-16 units) one cell holds: Excel's limit for an .xlsx, Google Sheets' for a spreadsheet. */
export const EXCEL_MAX_CELL_CHARS = 32_767;
export const SHEETS_MAX_CELL_CHARS = 50_000;

/** Longest text the add-in copies into a generated cell (Sheets refuses more than 50,000 characters, Excel 32,767). */
export const MAX_CELL_TEXT = 1000;

/** Text cut to MAX_CELL_TEXT characters (never inside a surrogate pair), saying how long it was. */
export function clipText(s: string, max = MAX_CELL_TEXT): string {
  if (s.length <= max) return s;
  const end = /[\uD800-\uDBFF]/.test(s[max - 1]) ? max - 1 : max;
  return `${s.slice(0, end)}…（全${s.length}文字のうち先頭${end}文字）`;
}

/** A plan No. as written (`3`, `No.3`, `ＮＯ．３`): its text and its value (NaN when not a number). */
export function planNo(v: Scalar): { text: string; no: number } {
  const text = cellText(v).normalize('NFKC').replace(/^No\.?\s*/i, '').trim();
  return { text, no: text ? Number(text) : NaN };
}
