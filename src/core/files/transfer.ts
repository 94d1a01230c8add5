/**
 * Sheets as they cross between the server and the browser's file dialog (google.script.run passes JSON only: a Date
 * anywhere fails the call, platform-facts §16). A calendar date travels as its serial (calendar.ts toSerial: days
 * since 1899-12-30, the fraction the time of day), exact both ways; every other cell value as it is.
 */
import { fromSerial, isValidDate, toSerial } from '../calendar';
import { a1, type Scalar, type SheetData, type SheetOutput } from '../workbook';
import { isRecord } from '../json-values';

export type WireScalar = string | number | boolean | { serial: number };

/** A sheet to write, as sent to the browser (carry is the book's business: a new file has nothing to carry). */
export type WireSheetOutput = Omit<SheetOutput, 'values' | 'carry'> & { values: WireScalar[][] };

/** A sheet read from a file, as the browser sends it back: its values and their number formats. */
export interface WireSheet {
  name: string;
  values: WireScalar[][];
  formats?: string[][];
}

export function toWire(v: Scalar): WireScalar {
  return v instanceof Date ? { serial: toSerial(v) } : v;
}

export function fromWire(v: WireScalar): Scalar {
  return typeof v === 'object' ? fromSerial(v.serial) : v;
}

export function sheetOutputToWire(out: SheetOutput): WireSheetOutput {
  const { carry: _carry, values, ...rest } = out;
  return { ...rest, values: values.map((row) => row.map(toWire)) };
}

export function sheetOutputFromWire(out: WireSheetOutput): SheetOutput {
  return { ...out, values: out.values.map((row) => row.map(fromWire)) };
}

export function sheetToWire(sheet: SheetData): WireSheet {
  const formats = typeof sheet.formats === 'function' ? sheet.formats() : sheet.formats;
  return { name: sheet.name, values: sheet.values.map((row) => row.map(toWire)), ...(formats ? { formats } : {}) };
}

/** Limits on what a page may send: far above any department file (some 300 cells), far below a server's memory. */
export const WIRE_LIMITS = { sheets: 50, cells: 200_000, text: 50_000 } as const;

/**
 * A sheet from the page (any JSON a hostile or outdated page sends), checked and turned into SheetData; `refuse`
 * says what was wrong, in Japanese. Counts cells into `budget` (WIRE_LIMITS.cells across one request).
 */
export function sheetFromWire(raw: unknown, refuse: (what: string) => never, budget: { cells: number }): SheetData {
  if (!isRecord(raw) || typeof raw.name !== 'string' || !Array.isArray(raw.values)) refuse('シート');
  const values: Scalar[][] = [];
  for (const [r, row] of (raw.values as unknown[]).entries()) {
    if (!Array.isArray(row)) refuse(`シート「${raw.name}」の${r + 1}行目`);
    budget.cells -= row.length;
    if (budget.cells < 0) refuse(`セルが多すぎます（${WIRE_LIMITS.cells.toLocaleString('ja-JP')}個まで）`);
    values.push(row.map((v: unknown, c: number) => {
      const at = `シート「${raw.name}」の${a1(r + 1, c + 1)}`;
      if (typeof v === 'string') return v.length > WIRE_LIMITS.text ? refuse(`${at}の文字が多すぎます（${WIRE_LIMITS.text.toLocaleString('ja-JP')}文字まで）`) : v;
      if (typeof v === 'number') return Number.isFinite(v) ? v : refuse(`${at}の数値`);
      if (typeof v === 'boolean') return v;
      // Own properties only: a page's object is never read through its prototype.
      if (isRecord(v) && Object.prototype.hasOwnProperty.call(v, 'serial') && typeof v.serial === 'number' && Number.isFinite(v.serial)) {
        const d = fromSerial(v.serial);
        if (isValidDate(d)) return d;
      }
      return refuse(`${at}の値`);
    }));
  }
  let formats: string[][] | undefined;
  if (raw.formats !== undefined) {
    if (!Array.isArray(raw.formats) || raw.formats.some((r: unknown) => !Array.isArray(r) || r.some((f: unknown) => typeof f !== 'string')))
      refuse(`シート「${raw.name}」の表示形式`);
    formats = raw.formats as string[][];
  }
  return { name: raw.name, values, ...(formats ? { formats } : {}) };
}
