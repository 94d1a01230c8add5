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

/** The result of parsing one typed string. An error literal gives an error cell (see ERROR_LITERALS). */
export type Parsed =
  | { kind: 'formula'; formula: string }
  | { kind: 'value'; value: Stored; format?: string }
  | { kind: 'error'; code: string };

/** What typed input depends on besides the text: the formula prefixes, the spreadsheet's locale and zone, now. */
export interface TypedInputContext {
  formulaPrefixes: readonly string[];
  /** The fakes' locale id ('ja' or 'ja_JP'; default ja); the ja-JP forms apply only to it. */
  locale?: string;
  /** The spreadsheet time zone, for the current year of a date typed without one. */
  timeZone?: string;
  now?: Date;
}

/** The error codes Sheets shows (sheets.wiki/docs/Error); typed on their own they give an error cell (assumed). */
export const ERROR_LITERALS: readonly string[] = ['#N/A', '#REF!', '#DIV/0!', '#VALUE!', '#NAME?', '#NUM!', '#NULL!', '#ERROR!'];

/**
 * Every form the fakes parse from typed input (setValue/setValues on a cell that is not `@`), with its source.
 * "assumed" = no Google source found; the behaviour is modelled on what Sheets is believed to do. This list is
 * the one place to copy into docs; test/gas/fakes.test.ts writes each example and checks that it converts.
 */
export const TYPED_INPUT_FORMS: readonly { form: string; examples: readonly string[]; becomes: string; source: string }[] = [
  { form: 'formula', examples: ['=1+1'], becomes: 'formula', source: 'Range.setValue/setValues: "If a value begins with =, it\'s interpreted as a formula" (platform-facts 36)' },
  { form: 'formula prefix', examples: ['+abc'], becomes: 'formula =+abc', source: 'reported: a leading + is parsed as a formula (platform-facts 68); configurable via formulaPrefixes' },
  { form: 'quote prefix', examples: ["'001"], becomes: 'text 001 (the quote dropped)', source: "reported: a leading ' makes a quote-prefixed text value (platform-facts 68; tanaikech 2022/09/06, 2023/03/11)" },
  { form: 'number, grouping, decimals', examples: ['1,730', '2.000', '001', '-5'], becomes: 'number', source: "Google's setValues example writes '2.000', '1,000,000'; tanaikech: \"001\" becomes 1 (platform-facts 36)" },
  { form: 'currency', examples: ['$2.99', '¥5', '￥5', '€5'], becomes: 'number, currency format', source: "$: Google's setValues example ('$2.99'); ¥ ￥ €: assumed" },
  { form: 'percent', examples: ['30%'], becomes: 'number 0.3, format 0%', source: 'assumed' },
  { form: 'exponent', examples: ['1e5', '1.5E+3'], becomes: 'number, format 0.00E+00', source: 'assumed' },
  { form: 'spaces around a number', examples: [' 12 '], becomes: 'number 12', source: 'assumed' },
  { form: 'boolean', examples: ['TRUE', 'false'], becomes: 'boolean', source: 'reported: entries like true or False are shown as TRUE/FALSE (infoattips.com, "Making entries" page)' },
  { form: 'error literal', examples: ERROR_LITERALS, becomes: 'error cell; getValues gives the literal as a string', source: 'the codes: sheets.wiki/docs/Error; that typed input makes an error cell, and what getValues returns for one: assumed' },
  { form: 'ISO-like date', examples: ['2024/4/1', '2024-04-01', '2024/4/1 10:30'], becomes: 'date (date-time)', source: 'assumed (USER_ENTERED converts strings to dates: Sheets API ValueInputOption)' },
  { form: 'ja-JP date', examples: ['2024年3月31日', '2024年3月', '3月31日'], becomes: 'date (year-month: the 1st; month-day: this year)', source: 'assumed, ja_JP only' },
  { form: 'ja-JP time', examples: ['10時30分', '10時30分15秒'], becomes: 'time of day', source: 'assumed, ja_JP only' },
  { form: 'full-width digits', examples: ['１２３', '１，２３４', '２０２４年３月３１日'], becomes: 'as the half-width form', source: 'assumed, ja_JP only' },
];

/*
 * The one exception to TYPED_INPUT_FORMS (range.ts applies it): a plain-text (`@`) cell takes any string as written,
 * with no formula, no number and a leading quote kept. Assumed: audit F5 (`=…` staying text is checked live by
 * 環境チェック); the kept quote has no source either.
 */

const NUMBER = /^([+-]?)([$¥￥€]?)([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%?)$/;
const DATE = /^(\d{4})([/-])(\d{1,2})\2(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const JA_DATE = /^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?$/;
const JA_TIME = /^(\d{1,2})時(\d{1,2})分(?:(\d{1,2})秒)?$/;

/** Full-width digits and number signs as their ASCII forms (U+FF01–FF5E are ASCII + 0xFEE0); ￥ stays a currency. */
function halfWidth(s: string): string {
  return s.replace(/[０-９，．＋－％＄Ｅｅ]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function parseNumber(t: string): Parsed | undefined {
  const m = NUMBER.exec(t);
  if (!m || (m[1] && m[3])) return undefined;
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

function parseIsoDate(t: string): Parsed | undefined {
  const d = DATE.exec(t);
  if (!d) return undefined;
  const [, y, sep, mo, day, h, mi, s] = d;
  const [yy, mm, dd] = [Number(y), Number(mo), Number(day)];
  if (!isCalendarDate(yy, mm, dd)) return undefined;
  const base = sep === '/' ? 'yyyy/MM/dd' : 'yyyy-MM-dd';
  if (h === undefined) return { kind: 'value', value: wallSerial(yy, mm, dd), format: base };
  return { kind: 'value', value: wallSerial(yy, mm, dd, Number(h), Number(mi), Number(s ?? 0)), format: `${base} H:mm:ss` };
}

/** 2024年3月31日, 2024年3月 (the 1st) and 3月31日 (this year in the spreadsheet's zone); 10時30分[15秒]. */
function parseJaDateTime(t: string, ctx: TypedInputContext): Parsed | undefined {
  const d = JA_DATE.exec(t);
  if (d && (d[1] !== undefined || d[3] !== undefined)) {
    const [, y, mo, day] = d;
    const yy = y !== undefined ? Number(y) : new Date(wallClockMs(ctx.now ?? new Date(), ctx.timeZone ?? 'UTC')).getUTCFullYear();
    const [mm, dd] = [Number(mo), day !== undefined ? Number(day) : 1];
    if (!isCalendarDate(yy, mm, dd)) return undefined;
    const format = y === undefined ? 'M"月"d"日"' : day === undefined ? 'yyyy"年"M"月"' : 'yyyy"年"M"月"d"日"';
    return { kind: 'value', value: wallSerial(yy, mm, dd), format };
  }
  const tm = JA_TIME.exec(t);
  if (tm) {
    const [h, mi, s] = [Number(tm[1]), Number(tm[2]), Number(tm[3] ?? 0)];
    if (h > 23 || mi > 59 || s > 59) return undefined;
    return { kind: 'value', value: (h * 3600 + mi * 60 + s) / 86_400, format: tm[3] === undefined ? 'H"時"mm"分"' : 'H"時"mm"分"ss"秒"' };
  }
  return undefined;
}

/**
 * Parses a string the way Sheets parses typed input (USER_ENTERED), form by form as TYPED_INPUT_FORMS lists;
 * anything else stays text. `format` in the result is the format Sheets would apply automatically (used only if
 * the cell has none).
 */
export function parseTyped(input: string, ctx: TypedInputContext): Parsed {
  if (input === '') return { kind: 'value', value: '' };
  if (input.startsWith('=')) return { kind: 'formula', formula: input };
  if (input.startsWith("'")) return { kind: 'value', value: input.slice(1) };
  const ja = ctx.locale === undefined || /^ja\b|^ja_/.test(ctx.locale);
  const t = ja ? halfWidth(input.trim()) : input.trim();
  const number = parseNumber(t);
  if (number) return number;
  if (ctx.formulaPrefixes.some((p) => input.startsWith(p))) return { kind: 'formula', formula: `=${input}` };
  if (/^true$/i.test(t)) return { kind: 'value', value: true };
  if (/^false$/i.test(t)) return { kind: 'value', value: false };
  const code = ERROR_LITERALS.find((e) => e === t.toUpperCase());
  if (code) return { kind: 'error', code };
  return parseIsoDate(t) ?? (ja ? parseJaDateTime(t, ctx) : undefined) ?? { kind: 'value', value: input };
}

/** Length that counts against the per-cell character limit. */
export function storedLength(v: Stored | undefined): number {
  return typeof v === 'string' ? v.length : 0;
}
