/**
 * 提出期限 (設定) read as a day. People write it as 令和3年5月31日, R3.5.31, 2021/5/31, 2021-05-31, 2021年5月31日,
 * 5月31日 or 5/31 (a weekday in brackets and a trailing まで may follow), or put a date cell there (read as
 * 2021-05-31 text by cellText). A month and day without a year is the first such day after the fiscal year under
 * evaluation ends: figures of FY2020 are due in FY2021, so 5月31日 is 2021/5/31 and 1月15日 is 2022/1/15.
 * Anything else is a problem in Japanese, never a guessed date.
 */
import { calendarDate, calendarParts } from '../calendar';
import { eraOfDay, eraYearOfDay, formatFiscalYear } from '../parse/fiscal-year';
import type { CalendarDay } from './business-days';

export interface Deadline {
  /** null when the text is empty or does not read. */
  day: CalendarDay | null;
  /** '' or why the text does not read (Japanese, without the cell: callers name it). */
  problem: string;
}

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

const ERA_RE = /^(令和|平成|R|H)(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$/i;
const WESTERN_RE = /^(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?$/;
const MONTH_DAY_RE = /^(\d{1,2})[月/](\d{1,2})日?$/;
const WEEKDAY_RE = /\(([日月火水木金土])(?:曜日?)?\)$/;

/** The day, or null when the fields name no real day (2021/2/30). */
function realDay(year: number, month: number, day: number): CalendarDay | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = calendarDate(year, month, day);
  const p = calendarParts(d);
  return p.year === year && p.month === month && p.day === day ? d : null;
}

/** Reads 提出期限 for the figures of `fiscalYear`. */
export function parseDeadline(text: string, fiscalYear: number): Deadline {
  const raw = text.trim();
  if (!raw) return { day: null, problem: '' };
  let s = raw.normalize('NFKC').replace(/\s+/g, '').replace(/まで$/, '');
  const weekday = WEEKDAY_RE.exec(s);
  if (weekday) s = s.slice(0, weekday.index);
  const bad = (why: string): Deadline => ({ day: null, problem: `提出期限「${raw}」${why}（例: 令和3年5月31日、2021/5/31、5月31日）` });

  let day: CalendarDay | null = null;
  const era = ERA_RE.exec(s);
  const western = WESTERN_RE.exec(s);
  const monthDay = MONTH_DAY_RE.exec(s);
  if (era) {
    const reiwa = /^(令和|R)$/i.test(era[1]);
    const n = era[2] === '元' ? 1 : Number(era[2]);
    if (n === 0) return bad('の年は1（元年）からです');
    day = realDay((reiwa ? 2018 : 1988) + n, Number(era[3]), Number(era[4]));
    if (day) {
      const iso = calendarParts(day);
      if (eraOfDay(iso.year, iso.month, iso.day)?.name !== (reiwa ? '令和' : '平成'))
        return bad(`は${reiwa ? '令和の始まり（2019年5月1日）より前' : '平成の期間（1989年1月8日〜2019年4月30日）の外'}です`);
    }
  } else if (western) day = realDay(Number(western[1]), Number(western[2]), Number(western[3]));
  else if (monthDay) {
    const month = Number(monthDay[1]);
    day = realDay(month >= 4 ? fiscalYear + 1 : fiscalYear + 2, month, Number(monthDay[2]));
  } else return bad('を日付として読めません');
  if (!day) return bad('は実在しない日付です');

  if (weekday && WEEKDAYS[day.getUTCDay()] !== weekday[1])
    return bad(`の曜日が違います（${japaneseDate(day)}です）`);
  const first = calendarDate(fiscalYear, 4, 1);
  const last = calendarDate(fiscalYear + 2, 3, 31);
  if (day < first || day > last)
    return bad(`は${formatFiscalYear(fiscalYear)}の実績の提出期限としては離れすぎています（${formatFiscalYear(fiscalYear)}か次の年度の日付にしてください）`);
  return { day, problem: '' };
}

/** 令和3年5月31日（月）: the day as Japanese letters are dated, with its weekday. */
export function japaneseDate(day: CalendarDay): string {
  const { year, month, day: d } = calendarParts(day);
  return `${eraYearOfDay(year, month, d)}${month}月${d}日（${WEEKDAYS[day.getUTCDay()]}）`;
}
