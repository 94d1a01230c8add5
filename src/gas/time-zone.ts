/**
 * Dates between Apps Script and the core's calendar date-times (src/core/calendar.ts).
 *
 * Sheets keeps a date as a serial number read in the spreadsheet's time zone, and hands scripts the instant of that
 * wall clock in that zone; the script itself runs in the manifest's zone (platform-facts 35; Session reference:
 * "Spreadsheet time zones that differ from the script time zone are a frequent source of scripting bugs"; the
 * custom-function guide: "If the spreadsheet and the script use different time zones … the custom function needs
 * to compensate"). So an instant is turned into its wall clock in the spreadsheet's zone with
 * `Utilities.formatDate(date, timeZone, format)` (documented: "Formats date according to specification described in
 * Java SE SimpleDateFormat class"), whatever the script's zone: that needs no guess about the zone V8's local
 * getters use. `Intl.DateTimeFormat` with a `timeZone` is not relied on: Google's V8 pages do not say the runtime
 * carries the time-zone data for it.
 */
import { calendarDate, calendarOfLocalTime, isValidDate, isWholeDay, toSerial } from '../core/calendar';
import type { CellRange, Scalar } from '../core/workbook';

/** `Utilities.formatDate` pattern of a wall clock (SimpleDateFormat: HH is the hour of day 0–23). */
const WALL_CLOCK = 'yyyy-MM-dd HH:mm:ss';
const WALL_CLOCK_TEXT = /^(\d+)-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The formats a core date gets when written: Sheets' own for a typed date and date-time (assumed; as the fakes). */
const DATE_FORMAT = 'yyyy/MM/dd';
const DATE_TIME_FORMAT = 'yyyy/MM/dd H:mm:ss';

/** A Date from any realm (Apps Script and the test fakes may hand over Dates of another global). */
export function isDateValue(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/**
 * The spreadsheet's wall clock for one execution: its time zone is read once, and only when a Date is met; each
 * distinct instant costs one Utilities call, never one per cell.
 */
export class SpreadsheetCalendar {
  private zone: string | undefined;
  private readonly known = new Map<number, number>();

  /** `zoneOf` reads the spreadsheet's time zone (`Spreadsheet.getSpreadsheetTimeZone`, a read-only get). */
  constructor(private readonly zoneOf: () => string) {}

  /** The calendar date-time of an instant Apps Script handed over: its wall clock in the spreadsheet's zone. */
  calendarOf(instant: Date): Date {
    const t = instant.getTime();
    if (Number.isNaN(t)) return new Date(NaN);
    let wall = this.known.get(t);
    if (wall === undefined) {
      this.zone ??= this.zoneOf();
      wall = wallClock(Utilities.formatDate(instant, this.zone, WALL_CLOCK), instant);
      this.known.set(t, wall);
    }
    return new Date(wall);
  }

  /** Now, as the spreadsheet's wall clock shows it. */
  now(): Date {
    return this.calendarOf(new Date());
  }

  /** Turns every Date of a grid (getValues) into its calendar date-time, in place; no call when none holds a Date. */
  convertGrid<T>(values: T[][]): T[][] {
    for (const row of values)
      for (let j = 0; j < row.length; j++) {
        const v = row[j];
        if (isDateValue(v)) row[j] = this.calendarOf(v) as T;
      }
    return values;
  }
}

/** Parses formatDate's wall clock; the milliseconds are the instant's own (zone offsets are whole seconds). */
function wallClock(text: string, instant: Date): number {
  const m = WALL_CLOCK_TEXT.exec(text);
  // Not expected from SimpleDateFormat with this pattern; the script's own clock is the nearest answer.
  if (!m) return calendarOfLocalTime(instant).getTime();
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return calendarDate(y, mo, d, h, mi, s, ((instant.getTime() % 1000) + 1000) % 1000).getTime();
}

/**
 * Custom-function arguments with each Date (also inside a range) as the calendar date of the spreadsheet's zone.
 * Custom functions may call the Spreadsheet service's get methods and Utilities (custom-function guide, "Using
 * Apps Script services"; platform-facts 22). Nothing is called unless an argument holds a Date. With no spreadsheet
 * at hand (`getActive()` null, as when run from the editor of a standalone project), the script's own clock applies:
 * Apps Script runs a script in its manifest `timeZone` (assumed from the manifest reference, "The script time zone").
 */
export function calendarArguments<T extends unknown[]>(...args: T): T {
  const hasDate = (v: unknown): boolean => (Array.isArray(v) ? v.some(hasDate) : isDateValue(v));
  if (!args.some(hasDate)) return args;
  let convert: (d: Date) => Date = calendarOfLocalTime;
  const ss = SpreadsheetApp.getActive();
  if (ss) {
    const calendar = new SpreadsheetCalendar(() => ss.getSpreadsheetTimeZone());
    convert = (d) => calendar.calendarOf(d);
  }
  const walk = (v: unknown): unknown => (Array.isArray(v) ? v.map(walk) : isDateValue(v) ? convert(v) : v);
  return args.map(walk) as T;
}

/**
 * Core dates of a grid about to be written, in place: each becomes its serial number (an invalid one, an empty cell),
 * and the returned formats make those cells show it as a date. A serial carries no time zone, so nothing shifts it
 * (Range.setValue takes a date, but documents no zone it would read it in). The formats go on after the core's own.
 */
export function datesAsSerials(grid: Scalar[][]): { range: CellRange; format: string }[] {
  const formats: { range: CellRange; format: string }[] = [];
  grid.forEach((row, i) =>
    row.forEach((v, j) => {
      if (!(v instanceof Date)) return;
      const valid = isValidDate(v);
      row[j] = valid ? toSerial(v) : '';
      if (valid) formats.push({ range: { row: i + 1, col: j + 1, numRows: 1, numCols: 1 }, format: isWholeDay(v) ? DATE_FORMAT : DATE_TIME_FORMAT });
    }),
  );
  return formats;
}

/**
 * The script's and the spreadsheet's time zones (for 環境チェック): dates read and written through this module do
 * not depend on them being equal, but a script of the project's own that used local getters would.
 */
export function timeZones(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): { script: string; spreadsheet: string } {
  return { script: Session.getScriptTimeZone(), spreadsheet: ss.getSpreadsheetTimeZone() };
}
