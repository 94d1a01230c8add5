/**
 * Business days for reminders, on the real holiday data of @holiday-jp/holiday_jp: weekends, national holidays,
 * 振替休日 and 国民の休日, 年末年始 (29 Dec – 3 Jan), and the moves of a reminder day that falls on a day off.
 */
import { calendarDate, isoDayText } from '../../src/core/calendar';
import {
  addDays, businessDayOnOrAfter, businessDayOnOrBefore, holidayName, HOLIDAY_YEARS, isBusinessDay, reminderDays,
} from '../../src/core/cycle';

const day = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return calendarDate(y, m, d);
};

test('weekdays are business days; Saturdays and Sundays are not', () => {
  expect(isBusinessDay(day('2024-02-09'))).toBe(true); // Friday
  expect(isBusinessDay(day('2024-02-10'))).toBe(false); // Saturday
  expect(isBusinessDay(day('2024-02-18'))).toBe(false); // Sunday
  expect(isBusinessDay(day('2024-02-13'))).toBe(true); // Tuesday
});

test('national holidays and 振替休日 are not business days', () => {
  expect(holidayName(day('2024-02-11'))).toBe('建国記念の日');
  // 2024-02-11 was a Sunday: the Monday after is 振替休日.
  expect(holidayName(day('2024-02-12'))).toBe('建国記念の日 振替休日');
  expect(isBusinessDay(day('2024-02-12'))).toBe(false);
  expect(isBusinessDay(day('2024-02-23'))).toBe(false); // 天皇誕生日, a Friday
  expect(isBusinessDay(day('2024-05-06'))).toBe(false); // こどもの日 振替休日
  expect(isBusinessDay(day('2026-09-22'))).toBe(false); // 国民の休日 between 敬老の日 and 秋分の日
  expect(holidayName(day('2024-02-13'))).toBe('');
});

test('年末年始 (29 December – 3 January) is closed even on weekdays', () => {
  expect(isBusinessDay(day('2024-12-27'))).toBe(true); // Friday
  expect(isBusinessDay(day('2024-12-30'))).toBe(false); // Monday
  expect(isBusinessDay(day('2024-12-31'))).toBe(false);
  expect(isBusinessDay(day('2025-01-02'))).toBe(false);
  expect(isBusinessDay(day('2025-01-03'))).toBe(false); // Friday
  expect(isBusinessDay(day('2025-01-06'))).toBe(true); // Monday
  expect(isoDayText(businessDayOnOrAfter(day('2024-12-28')))).toBe('2025-01-06');
  expect(isoDayText(businessDayOnOrBefore(day('2025-01-05')))).toBe('2024-12-27');
});

test('a day off moves back for reminders before the deadline and forward for those after it', () => {
  // Deadline Tuesday 2024-02-13: 1 day before is the 振替休日 (→ Friday 9th), 2 days after is Thursday 15th,
  // 4 days after is Saturday 17th (→ Monday 19th), 5 after is Sunday 18th (→ the same Monday, sent once).
  const days = reminderDays(day('2024-02-13'), [1, 0], [2, 4, 5]).map(isoDayText);
  expect(days).toEqual(['2024-02-09', '2024-02-13', '2024-02-15', '2024-02-19']);
  expect(days.every((d) => isBusinessDay(day(d)))).toBe(true);
  expect(isoDayText(addDays(day('2024-02-28'), 2))).toBe('2024-03-01');
});

test('a year outside the bundled holiday data is refused, not guessed', () => {
  expect(() => isBusinessDay(day(`${HOLIDAY_YEARS.last + 1}-06-05`))).toThrow(`${HOLIDAY_YEARS.last + 1}年の祝日のデータがありません`);
  expect(() => isBusinessDay(day(`${HOLIDAY_YEARS.first - 1}-06-05`))).toThrow('祝日のデータがありません');
});
