/** Calendar date-times (src/core/calendar.ts): wall clocks in the UTC fields, whatever the machine's zone. */
import {
  calendarDate, calendarOfLocalTime, calendarParts, dayText, fromSerial, isValidDate, isWholeDay, isoDayText, timestampText, toSerial,
} from '../../src/core/calendar';
import { MACHINE_ZONES, inLocalTimeZone } from '../support/time-zone';

describe('a calendar date-time holds the wall clock in its UTC fields', () => {
  test('calendarDate and calendarParts are inverse (months 1–12)', () => {
    const d = calendarDate(2020, 4, 1, 9, 5, 3);
    expect(d.toISOString()).toBe('2020-04-01T09:05:03.000Z');
    expect(calendarParts(d)).toEqual({ year: 2020, month: 4, day: 1, hour: 9, minute: 5, second: 3 });
  });

  test('years before 100 stay as written', () => {
    expect(calendarParts(calendarDate(30, 1, 1)).year).toBe(30);
  });

  test('texts', () => {
    const d = calendarDate(2026, 11, 4, 9, 5, 3);
    expect(isoDayText(d)).toBe('2026-11-04');
    expect(dayText(d)).toBe('2026/11/4');
    expect(timestampText(d)).toBe('2026/11/04 09:05:03');
  });

  test('the same results under every machine zone', () => {
    const seen = MACHINE_ZONES.map((zone) =>
      inLocalTimeZone(zone, () => {
        const d = calendarDate(2020, 3, 31, 23, 59, 59);
        return [isoDayText(d), timestampText(d), toSerial(d), isWholeDay(calendarDate(2020, 4, 1))];
      }),
    );
    for (const s of seen) expect(s).toEqual(seen[0]);
    expect(seen[0]).toEqual(['2020-03-31', '2020/03/31 23:59:59', 43921 + (86399 / 86400), true]);
  });

  test('invalid dates', () => {
    expect(isValidDate(new Date(NaN))).toBe(false);
    expect(isValidDate(calendarDate(2020, 4, 1))).toBe(true);
  });
});

describe('serial numbers (days since 1899-12-30, as Sheets and Excel store dates)', () => {
  test.each<[Date, number]>([
    [calendarDate(1899, 12, 30), 0],
    [calendarDate(1900, 3, 1), 61],
    [calendarDate(2020, 4, 1), 43922],
    [calendarDate(2025, 4, 1), 45748],
    [calendarDate(2021, 6, 30, 12), 44377.5],
  ])('%p is %p', (d, serial) => {
    expect(toSerial(d)).toBe(serial);
    expect(fromSerial(serial).getTime()).toBe(d.getTime());
  });

  test('a time of day is not a whole day', () => {
    expect(isWholeDay(calendarDate(2021, 6, 30, 12))).toBe(false);
    expect(isWholeDay(calendarDate(1850, 1, 1))).toBe(true);
    expect(isWholeDay(calendarDate(1850, 1, 1, 6))).toBe(false);
  });
});

describe('calendarOfLocalTime (shells: the machine\'s wall clock)', () => {
  test('an instant becomes the wall clock of the local zone', () => {
    // 2020-03-31T15:00Z: 4/1 00:00 in Tokyo, 3/31 11:00 in New York (daylight saving time), 15:00 in UTC.
    const instant = new Date(Date.UTC(2020, 2, 31, 15));
    const at = (zone: string) => inLocalTimeZone(zone, () => timestampText(calendarOfLocalTime(instant)));
    expect(at('Asia/Tokyo')).toBe('2020/04/01 00:00:00');
    expect(at('America/New_York')).toBe('2020/03/31 11:00:00');
    expect(at('UTC')).toBe('2020/03/31 15:00:00');
  });
});
