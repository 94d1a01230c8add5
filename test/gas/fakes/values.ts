/**
 * Cell values: how input is parsed like typed text (platform-facts fact 36) and how dates map to serials
 * in the spreadsheet time zone (fact 35).
 */

/** What a cell stores. Dates are numbers (serials) with a date number format, as in Sheets. */
export type Stored = number | boolean | string;

/** Serial day 0 = 1899-12-30 (wall clock). */
const EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** The number format Apps Script reports for cells that never got one. */
export const GENERAL_FORMAT = '0.###############';

export function isGeneral(format: string | undefined): boolean {
  return format === undefined || format === '' || format === GENERAL_FORMAT || /^general$/i.test(format);
}

/** Removes quoted literals and bracketed parts so a pattern's tokens can be inspected. */
function stripLiterals(format: string): string {
  return format.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
}

/** True for date/time patterns such as `yyyy/MM/dd`, `yyyy-mm-dd`, `H:mm:ss`. */
export function isDateFormat(format: string | undefined): boolean {
  if (isGeneral(format) || format === '@') return false;
  const core = stripLiterals(format as string);
  if (/[ydhs]/i.test(core)) return true;
  return /m/i.test(core) && !/[0#]/.test(core);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of `date` in `timeZone`, as UTC milliseconds. */
function wallClockMs(date: Date, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(date)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return (
    Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second) +
    date.getUTCMilliseconds()
  );
}

export function dateToSerial(date: Date, timeZone: string): number {
  return (wallClockMs(date, timeZone) - EPOCH_MS) / DAY_MS;
}

export function serialToDate(serial: number, timeZone: string): Date {
  const wall = Math.round(EPOCH_MS + serial * DAY_MS);
  let t = wall - (wallClockMs(new Date(wall), timeZone) - wall);
  t = wall - (wallClockMs(new Date(t), timeZone) - t);
  return new Date(t);
}

/** The wall-clock parts of a serial (no time zone involved). */
export function serialParts(serial: number): {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  dow: number;
} {
  const dt = new Date(Math.round(EPOCH_MS + serial * DAY_MS));
  return {
    y: dt.getUTCFullYear(),
    mo: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    h: dt.getUTCHours(),
    mi: dt.getUTCMinutes(),
    s: dt.getUTCSeconds(),
    dow: dt.getUTCDay(),
  };
}

function wallSerial(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  return (Date.UTC(y, mo - 1, d, h, mi, s) - EPOCH_MS) / DAY_MS;
}

/** The result of parsing one typed string. */
export type Parsed =
  | { kind: 'formula'; formula: string }
  | { kind: 'value'; value: Stored; format?: string };

const NUMBER = /^([+-]?)([$¥￥]?)([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%?)$/;
const DATE = /^(\d{4})([/-])(\d{1,2})\2(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses a string the way Sheets parses typed input (USER_ENTERED):
 * '=…' formula; "'…" quote-prefixed text; numbers with grouping, sign, currency, exponent and percent;
 * TRUE/FALSE; yyyy/m/d and yyyy-m-d dates (optionally with H:mm[:ss]); configured formula prefixes
 * (default '+'); anything else stays text.
 * `format` in the result is the format Sheets would apply automatically (used only if the cell has none).
 */
export function parseTyped(input: string, formulaPrefixes: readonly string[]): Parsed {
  if (input === '') return { kind: 'value', value: '' };
  if (input.startsWith('=')) return { kind: 'formula', formula: input };
  if (input.startsWith("'")) return { kind: 'value', value: input.slice(1) };
  const t = input.trim();
  const m = NUMBER.exec(t);
  if (m && !(m[1] && m[3])) {
    const [, sign1, currency, sign2, digits, exp, percent] = m;
    const negative = (sign1 || sign2) === '-';
    const plain = digits.replace(/,/g, '');
    let value = Number(`${plain}e${Number(exp ?? 0) - (percent ? 2 : 0)}`);
    if (negative) value = -value;
    if (Object.is(value, -0)) value = 0;
    const decimals = /\.\d/.test(digits);
    let format: string | undefined;
    if (percent) format = decimals ? '0.00%' : '0%';
    else if (currency) format = `"${currency}"#,##0${decimals ? '.00' : ''}`;
    else if (digits.includes(',')) format = decimals ? '#,##0.00' : '#,##0';
    else if (exp !== undefined) format = '0.00E+00';
    return format ? { kind: 'value', value, format } : { kind: 'value', value };
  }
  if (formulaPrefixes.some((p) => input.startsWith(p))) return { kind: 'formula', formula: `=${input}` };
  if (/^true$/i.test(t)) return { kind: 'value', value: true };
  if (/^false$/i.test(t)) return { kind: 'value', value: false };
  const d = DATE.exec(t);
  if (d) {
    const [, y, sep, mo, day, h, mi, s] = d;
    const yy = Number(y);
    const mm = Number(mo);
    const dd = Number(day);
    const probe = new Date(Date.UTC(yy, mm - 1, dd));
    if (probe.getUTCMonth() === mm - 1 && probe.getUTCDate() === dd) {
      const base = sep === '/' ? 'yyyy/MM/dd' : 'yyyy-MM-dd';
      if (h === undefined) return { kind: 'value', value: wallSerial(yy, mm, dd), format: base };
      return {
        kind: 'value',
        value: wallSerial(yy, mm, dd, Number(h), Number(mi), Number(s ?? 0)),
        format: `${base} H:mm:ss`,
      };
    }
  }
  return { kind: 'value', value: input };
}

/** Length that counts against the per-cell character limit. */
export function storedLength(v: Stored | undefined): number {
  return typeof v === 'string' ? v.length : 0;
}
