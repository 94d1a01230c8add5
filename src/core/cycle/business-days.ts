/**
 * Business days (開庁日) for reminders: not a Saturday or Sunday, not a Japanese national holiday (国民の祝日,
 * 振替休日 and 国民の休日 included), and not 年末年始 (29 December to 3 January, the closing days of 行政機関の休日に関する
 * 法律 §1, which city halls follow by their own ordinances under 地方自治法 §4-2).
 *
 * Holidays come from the maintained package @holiday-jp/holiday_jp (MIT). Only its per-year data files are bundled
 * (lib/holidays_every_year/<year>.js, ~3.7 kB each), never its whole index, and each is loaded on first use through
 * a lazy require (esbuild turns it into a deferred module call), so loading the add-in does no work for them.
 * The years covered are HOLIDAY_YEARS; asking about another year is an error, not a guess.
 */
import { calendarDate, calendarParts } from '../calendar';
import { UserError } from '../errors';

/**
 * A calendar day: a core calendar Date (calendar.ts: a wall clock read through its UTC fields) at 00:00. Not a new
 * type, a name for the Date the core already uses, so signatures say a day is meant.
 */
export type CalendarDay = Date;

interface HolidayEntry {
  date: string;
  name: string;
}
type HolidayYear = Record<string, HolidayEntry>;

// Module-scoped, so it shadows Node's global in the typecheck of every tsconfig; bundlers resolve the literal paths.
declare const require: (id: string) => HolidayYear;

/**
 * The years whose holiday data is bundled: the package has 1970–2050, but each year costs ~3.7 kB of the Apps Script
 * bundle, and reminders only ever ask about days near today. Widen the range (and its list below) when it runs out.
 */
export const HOLIDAY_YEARS = { first: 2024, last: 2040 } as const;

const HOLIDAY_DATA: Record<number, () => HolidayYear> = {
  2024: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2024.js'),
  2025: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2025.js'),
  2026: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2026.js'),
  2027: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2027.js'),
  2028: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2028.js'),
  2029: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2029.js'),
  2030: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2030.js'),
  2031: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2031.js'),
  2032: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2032.js'),
  2033: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2033.js'),
  2034: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2034.js'),
  2035: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2035.js'),
  2036: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2036.js'),
  2037: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2037.js'),
  2038: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2038.js'),
  2039: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2039.js'),
  2040: () => require('@holiday-jp/holiday_jp/lib/holidays_every_year/2040.js'),
};

const loaded = new Map<number, HolidayYear>();

function holidaysOf(year: number): HolidayYear {
  const cached = loaded.get(year);
  if (cached) return cached;
  const load = HOLIDAY_DATA[year];
  if (!load)
    throw new UserError(`${year}年の祝日のデータがありません（${HOLIDAY_YEARS.first}〜${HOLIDAY_YEARS.last}年のみ）。開庁日を判断できないため、この日の自動督促は送りません`);
  const data = load();
  loaded.set(year, data);
  return data;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The day of a calendar date-time (its time of day dropped). */
export function dayOf(d: Date): CalendarDay {
  const p = calendarParts(d);
  return calendarDate(p.year, p.month, p.day);
}

/** The day `n` days after `day` (before, when negative). */
export function addDays(day: CalendarDay, n: number): CalendarDay {
  const p = calendarParts(day);
  return calendarDate(p.year, p.month, p.day + n);
}

/** The national holiday's name (e.g. 「建国記念の日 振替休日」), or '' when the day is none. */
export function holidayName(day: CalendarDay): string {
  const p = calendarParts(day);
  return holidaysOf(p.year)[`${p.year}-${pad2(p.month)}-${pad2(p.day)}`]?.name ?? '';
}

/** 年末年始: 29 December to 3 January. */
export function isYearEnd(day: CalendarDay): boolean {
  const { month, day: d } = calendarParts(day);
  return (month === 12 && d >= 29) || (month === 1 && d <= 3);
}

/** Whether city offices are open on the day (see the module comment). */
export function isBusinessDay(day: CalendarDay): boolean {
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6 || isYearEnd(day)) return false;
  return holidayName(day) === '';
}

/** The day itself when a business day, else the nearest business day before it. */
export function businessDayOnOrBefore(day: CalendarDay): CalendarDay {
  let d = dayOf(day);
  while (!isBusinessDay(d)) d = addDays(d, -1);
  return d;
}

/** The day itself when a business day, else the nearest business day after it. */
export function businessDayOnOrAfter(day: CalendarDay): CalendarDay {
  let d = dayOf(day);
  while (!isBusinessDay(d)) d = addDays(d, 1);
  return d;
}

/** Same calendar day. */
export function sameDay(a: CalendarDay, b: CalendarDay): boolean {
  const p = calendarParts(a);
  const q = calendarParts(b);
  return p.year === q.year && p.month === q.month && p.day === q.day;
}
