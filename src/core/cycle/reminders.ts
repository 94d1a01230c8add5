/**
 * Reminders (督促): one Japanese mail per department that has not submitted the year (入力中) or was returned and has
 * not submitted again (差戻し), to its 入力担当者 (設定) with its 所属長 in cc. The mail gives the deadline, the
 * indicators still missing, the open return reasons, where to enter them and whom to ask. Shells send it (MailApp)
 * or write it as a draft (.eml), then record it with recordReminders: a 督促 row in 確認履歴, which the board counts.
 * autoRemindersDue picks what the daily trigger sends (設定's 自動督促 rows, reminder-rules.ts).
 */
import { timestampText } from '../calendar';
import type { Actor } from '../layout/change-log';
import { versionCovers } from '../indicator-versions';
import { isActive, indicatorLabel } from '../layout/master';
import { SHEET } from '../layout/sheet-names';
import { indicatorKey, type Settings } from '../model';
import { formatFiscalYear } from '../parse/fiscal-year';
import { isBlank, type WorkbookPort } from '../workbook';
import { addDays, businessDayOnOrAfter, businessDayOnOrBefore, isBusinessDay, sameDay, type CalendarDay } from './business-days';
import { japaneseDate, parseDeadline } from './deadline';
import { REVIEW_LOG, reviewRow, type ReviewRecord } from './records';
import { cycleDepts, readCycle, stateOf, type CycleBook, type TransitionView } from './service';
import { EDITING, openReturns, type CycleState } from './states';

export interface ReminderMail {
  dept: string;
  fiscalYear: number;
  /** The department's 入力担当者 (設定's 入力担当者メール; several allowed). */
  to: string[];
  /** Its 所属長 (所属長メール), [] when none. */
  cc: string[];
  /** Japanese, plain text. */
  subject: string;
  body: string;
  /** 入力中 or 差戻し. */
  state: CycleState;
  /** Indicators with nothing in that year's 実績. */
  missing: { no: number; name: string }[];
  /** The open return reasons (state 差戻し). */
  returns: TransitionView[];
  /** 督促 recorded so far for the department and year, and when the last was ('' when none). */
  sent: number;
  lastReminder: string;
  /** '' or why the mail cannot be sent (Japanese). */
  problem: string;
}

export interface ReminderPlan {
  fiscalYear: number;
  fiscalYearLabel: string;
  /** 提出期限 as written in 設定 ('' when none). */
  deadline: string;
  deadlineDay: CalendarDay | null;
  /** '' or why 提出期限 does not read, naming its 設定 cell (the mails then show it as written). */
  deadlineProblem: string;
  /** The year is closed (年度確定): nobody is reminded. */
  closed: boolean;
  /** The sender: the `from` asked for, else the first 調整担当者メール, else ''. */
  from: string;
  mails: ReminderMail[];
}

export interface ReminderOptions {
  /** null: the year under evaluation. */
  year: number | null;
  /** Where the department enters its figures (a URL to its tab, or the file and sheet name). */
  link: (dept: string) => string;
  from?: string;
}

const REMIND = '督促';

const viewOf = ({ dept: _d, fy: _f, ...rest }: ReviewRecord): TransitionView => rest;

function deadlineLine(deadline: string, day: CalendarDay | null): string {
  if (day) return japaneseDate(day);
  return deadline || '（「設定」に提出期限がありません）';
}

/** The department's active indicators of the year (versions in force) with an empty 実績 cell (no tab: all of them). */
function missingOf(c: CycleBook, dept: string): { no: number; name: string }[] {
  const tab = c.analysis.tabs.find((t) => t.sheet === dept);
  const rows = new Map((tab?.rows ?? []).map((r) => [indicatorKey(r.no, r.name), r]));
  return c.analysis.indicators
    // A version outside its 適用年度 is not an indicator of the year (indicator-versions.ts).
    .filter((i) => isActive(i) && i.reportingDept === dept && versionCovers(i.version, c.fy))
    .filter((i) => isBlank(rows.get(indicatorKey(i.no, i.name))?.actuals.get(c.fy)?.value ?? ''))
    .map((i) => ({ no: i.no, name: i.name }));
}

function contactOf(settings: Settings, from: string): string {
  const office = settings.coordinatorDept || '事務局';
  const mails = [...new Set([from, ...settings.coordinators].filter(Boolean))];
  return mails.length ? `${office}（${mails.join('、')}）` : office;
}

interface MailText {
  dept: string;
  state: CycleState;
  missing: { no: number; name: string }[];
  returns: TransitionView[];
  cc: string[];
}

function mailText(plan: Omit<ReminderPlan, 'mails'>, settings: Settings, m: MailText, link: string): { subject: string; body: string } {
  const title = settings.title || '計画';
  const returned = m.state === '差戻し';
  const subject = `【${returned ? '再提出のお願い' : '提出のお願い'}】${title} ${plan.fiscalYearLabel}の実績（${m.dept}）`;
  const office = settings.coordinatorDept || '事務局';
  const lines = [
    `${m.dept} 入力ご担当者様${m.cc.length ? '\n（写し: 所属長様）' : ''}`,
    '',
    `お疲れさまです。${office}です。`,
    returned
      ? `「${title}」の${plan.fiscalYearLabel}の実績について、差し戻した内容をご確認のうえ、修正して再度提出してください。`
      : `「${title}」の${plan.fiscalYearLabel}の実績について、まだ提出をいただいていません。入力と提出をお願いします。`,
    '',
    `■ 提出期限: ${deadlineLine(plan.deadline, plan.deadlineDay)}`,
    '',
  ];
  if (m.missing.length) {
    lines.push(`■ 実績が未入力の指標（${m.missing.length}件）`);
    for (const i of m.missing) lines.push(`・${indicatorLabel(i)}`);
  } else lines.push('■ 実績はすべて入力済みです。内容を確認して提出してください。');
  if (m.returns.length) {
    lines.push('', '■ 差戻しの理由');
    for (const r of m.returns) lines.push(`・${r.no !== null ? indicatorLabel({ no: r.no, name: r.indicator }) : 'シート全体'}: ${r.reason}`);
  }
  lines.push(
    '',
    '■ 入力先',
    link,
    '',
    '入力が終わりましたら、サイドバーの「提出」（またはシートの「提出状況」を「提出済」）で提出してください。',
    `ご不明な点は ${contactOf(settings, plan.from)} までお問い合わせください。`,
  );
  return { subject, body: `${lines.join('\n')}\n` };
}

/** What to remind for a year: every department 入力中 or 差戻し, with its mail. Reads every sheet once, writes nothing. */
export function reminderPlan(book: WorkbookPort, options: ReminderOptions): ReminderPlan {
  const c = readCycle(book, options.year, REMIND);
  const settings = c.settings;
  const parsed = parseDeadline(settings.deadline, c.fy);
  const closed = c.analysis.closedYears.includes(c.fy);
  const head: Omit<ReminderPlan, 'mails'> = {
    fiscalYear: c.fy,
    fiscalYearLabel: formatFiscalYear(c.fy),
    deadline: settings.deadline,
    deadlineDay: parsed.day,
    deadlineProblem: parsed.problem ? `「${SHEET.settings}」${settings.deadlineCell ? `!${settings.deadlineCell}` : ''}: ${parsed.problem}` : '',
    closed,
    from: (options.from ?? '').trim() || settings.coordinators[0] || '',
  };
  const mails = closed
    ? []
    : cycleDepts(c).flatMap((dept): ReminderMail[] => {
        const state = stateOf(c, dept);
        if (!EDITING.includes(state)) return [];
        const records = c.records.filter((r) => r.fy === c.fy && r.dept === dept);
        const reminders = records.filter((r) => r.act === REMIND);
        const to = settings.editors.get(dept) ?? [];
        const cc = (settings.heads?.get(dept) ?? []).filter((e) => !to.includes(e));
        const missing = missingOf(c, dept);
        const returns = openReturns(state, records).map(viewOf);
        const { subject, body } = mailText(head, settings, { dept, state, missing, returns, cc }, options.link(dept));
        return [{
          dept, fiscalYear: c.fy, to, cc, subject, body, state, missing, returns,
          sent: reminders.length, lastReminder: reminders.length ? reminders[reminders.length - 1].at : '',
          problem: to.length ? '' : `「${SHEET.settings}」の入力担当者の表に「${dept}」の入力担当者メールがありません。宛先がないため送れません`,
        }];
      });
  return { ...head, mails };
}

/**
 * Records reminders sent or drafted: one 督促 row per mail in 確認履歴, with `how` (e.g. メール送信, 下書き（…）, 自動送信)
 * in 理由. The state is unchanged (督促 is not a moving act). `via` marks the command line (service.ts COMMAND_LINE).
 */
export function recordReminders(book: WorkbookPort, mails: readonly ReminderMail[], actor: Actor, how: string, via = ''): void {
  if (!mails.length) return;
  book.appendLog(
    mails.map((m) => reviewRow({ dept: m.dept, fy: m.fiscalYear, act: REMIND, from: m.state, to: m.state, no: null, indicator: '', reason: how }, actor, via)),
    REVIEW_LOG,
  );
}

/**
 * The days automatic reminders go out for a deadline: each 「何日前」 day moved to the business day on or before it,
 * each 「何日後」 day to the business day on or after it (so a reminder never lands on a holiday, and "before" stays
 * before the deadline).
 */
export function reminderDays(deadline: CalendarDay, before: readonly number[], after: readonly number[]): CalendarDay[] {
  const days = [
    ...before.map((n) => businessDayOnOrBefore(addDays(deadline, -n))),
    ...after.map((n) => businessDayOnOrAfter(addDays(deadline, n))),
  ];
  return days.filter((d, i) => days.findIndex((e) => sameDay(d, e)) === i).sort((a, b) => a.getTime() - b.getTime());
}

const DAY_MS = 86_400_000;
/** More than a reminder day ever moves to reach a business day (年末年始 and a weekend: 9 days). */
const SHIFT_DAYS = 14;

/** `2024/02/13` of a calendar day, as 確認履歴's 日時 starts (calendar.ts timestampText). */
const dayStamp = (day: CalendarDay) => timestampText(day).slice(0, 10);

/**
 * The mails the daily trigger sends today: none unless 自動督促 is on, 提出期限 reads, today is a business day and one
 * of the reminder days; then each mail that can be sent, whose department has had fewer than the most 督促 allowed
 * for the year and none today.
 */
export function autoRemindersDue(plan: ReminderPlan, settings: Settings, today: CalendarDay): ReminderMail[] {
  const rule = settings.autoRemind;
  if (!rule?.enabled || !plan.deadlineDay || plan.closed) return [];
  // Far from the deadline nothing is due; checked first, so a past year's deadline asks no holiday data.
  const days = (today.getTime() - plan.deadlineDay.getTime()) / DAY_MS;
  if (days < -(Math.max(0, ...rule.before) + SHIFT_DAYS) || days > Math.max(0, ...rule.after) + SHIFT_DAYS) return [];
  if (!isBusinessDay(today)) return [];
  if (!reminderDays(plan.deadlineDay, rule.before, rule.after).some((d) => sameDay(d, today))) return [];
  const stamp = dayStamp(today);
  return plan.mails.filter((m) => !m.problem && m.sent < rule.max && !m.lastReminder.startsWith(stamp));
}
