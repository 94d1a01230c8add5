/**
 * CSV opened in Excel (or LibreOffice, or imported into Sheets) turns a cell starting with = + - @ (or a tab or CR)
 * into a formula (OWASP "CSV Injection"; platform-facts.md fact 68). Text cells that start so get a leading
 * apostrophe, which those programs show as text; numbers are never touched (they are written as numbers, and a
 * changed number is worse than an error). Readers of the file remove exactly one apostrophe (fromFormulaSafe), so
 * the round trip is exact, text that already starts with apostrophes before such a character included.
 */
import type { OpenDataValue } from './open-data';

const GUARDED = /^'*[=+\-@\t\r]/;

export function formulaSafe(v: OpenDataValue): OpenDataValue {
  return typeof v === 'string' && GUARDED.test(v) ? `'${v}` : v;
}

export function fromFormulaSafe(text: string): string {
  return text.startsWith("'") && GUARDED.test(text.slice(1)) ? text.slice(1) : text;
}

/** Rows ready for a CSV (or a sheet to be downloaded as one): every text cell made formula-safe. */
export function formulaSafeRows(rows: readonly (readonly OpenDataValue[])[]): OpenDataValue[][] {
  return rows.map((r) => r.map(formulaSafe));
}
