/**
 * Calendar date-times: the one convention for dates in the core.
 *
 * A core `Date` is a wall clock, not an instant: its UTC fields (getUTCFullYear … getUTCSeconds) are the year, month,
 * day and time of day as the workbook shows them, in the workbook's own time zone. The core reads only those fields
 * and never asks the clock, so its results do not depend on the zone of the machine or of the script.
 *
 * Shells convert at their edge:
 * - .xlsx: exceljs already hands dates over in this form (a serial's wall clock at UTC), and writes them back so;
 * - Sheets: Apps Script hands over instants; src/gas/time-zone.ts turns them into the wall clock of the
 *   spreadsheet's time zone, and writes core dates back as serials (days since 1899-12-30), which carry no zone;
 * - `Actor.now`: each shell makes it from its own clock (Sheets: the spreadsheet's zone; the command line and the
 *   preview: the machine's local zone, the wall clock of the person at it).
 */

const DAY_MS = 86_400_000;
/** Day 0 of Sheets' and Excel's serial numbers (1900 date system): 1899-12-30. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** The fields of a calendar date-time; `month` 1–12. */
export interface CalendarParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A calendar date-time from its fields (`month` 1–12): `calendarDate(2020, 4, 1)` is 2020/4/1 00:00. */
export function calendarDate(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): Date {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as written.
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d;
}

/** The fields of a calendar date-time. */
export function calendarParts(d: Date): CalendarParts {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** False for an Invalid Date. */
export function isValidDate(d: Date): boolean {
  return !Number.isNaN(d.getTime());
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2020-04-01` (a date cell shown as text). */
export function isoDayText(d: Date): string {
  const p = calendarParts(d);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** `2020/4/1` (the 提出日 the sidebar writes, as people write dates). */
export function dayText(d: Date): string {
  const p = calendarParts(d);
  return `${p.year}/${p.month}/${p.day}`;
}

/** `2026/11/24 09:05:03` (変更履歴 and 年度確定 records). */
export function timestampText(d: Date): string {
  const p = calendarParts(d);
  return `${p.year}/${pad2(p.month)}/${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** The serial number of a calendar date-time: days since 1899-12-30, the time of day as the fraction. */
export function toSerial(d: Date): number {
  return (d.getTime() - SERIAL_EPOCH_MS) / DAY_MS;
}

/** The calendar date-time of a serial number (inverse of toSerial, to the millisecond). */
export function fromSerial(serial: number): Date {
  return new Date(Math.round(SERIAL_EPOCH_MS + serial * DAY_MS));
}

/** True when a calendar date-time has no time of day (a date cell rather than a date-time cell). */
export function isWholeDay(d: Date): boolean {
  return d.getTime() % DAY_MS === 0;
}

/**
 * For shells only: the calendar date-time of an instant on this process's local clock (its local getters). The
 * command line uses it for `now`; Apps Script uses it where the script's own zone (the manifest's) is the answer.
 */
export function calendarOfLocalTime(instant: Date): Date {
  return calendarDate(
    instant.getFullYear(),
    instant.getMonth() + 1,
    instant.getDate(),
    instant.getHours(),
    instant.getMinutes(),
    instant.getSeconds(),
    instant.getMilliseconds(),
  );
}
