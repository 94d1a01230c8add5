/**
 * 督促 inside Google Sheets: the coordinator previews and sends the core's reminder mails (cycle/reminders.ts) with
 * MailApp from the sidebar, and may turn on a daily clock trigger that sends the ones due by itself.
 *
 * - Quota: MailApp counts recipients per day ("Quotas are based on the number of email recipients",
 *   reference/mail/MailApp.md). The preview shows getRemainingDailyQuota(); a send never asks for more recipients than
 *   are left: the mails that do not fit are refused by name, never cut short.
 * - Consent: these calls ask only for their own scopes (consent.ts), so people who only enter figures are never asked
 *   to let the add-in send mail or create triggers.
 * - The trigger (Editor add-on rules, workspace-add-ons/concepts/editor-triggers.md): one clock trigger per user per
 *   document, at most hourly, no failure e-mails, and it runs as the person who set it up. A clock trigger carries no
 *   document (Trigger.getTriggerSourceId: "For clock events this returns null") and the reported behaviour is that it
 *   has no active spreadsheet, so the file's ID is kept in the setter's user properties under the trigger's ID (the
 *   event's `triggerUid`) and opened with openById, which needs the `spreadsheets` scope: only 自動督促 asks for it.
 *   Whether an add-on's clock run has an active spreadsheet is unconfirmed (docs/environment-check.md); if it has, that
 *   one is used.
 */
import { calendarDate } from '../core/calendar';
import { isBusinessDay, type CalendarDay } from '../core/cycle/business-days';
import { japaneseDate } from '../core/cycle/deadline';
import { autoRemindersDue, recordReminders, reminderDays, reminderPlan, type ReminderMail, type ReminderPlan } from '../core/cycle';
import { UserError, userMessage } from '../core/errors';
import type { Actor } from '../core/layout/change-log';
import { readSettings } from '../core/layout/settings';
import { SHEET } from '../core/layout/sheet-names';
import type { Settings } from '../core/model';
import { authorizeIn, isCoordinator } from '../core/roles';
import type { AutoReminderState, ReminderPreview, ReminderSendRequest, ReminderSendResult } from '../core/sidebar/types';
import { actor, openSidebar, withDocumentLock } from './addon';
import { AUTO_REMINDER_SCOPES, REMINDER_MENU_SCOPES, REMINDER_SCOPES, hasConsent, requireConsent } from './consent';
import { SheetsWorkbook } from './sheets-workbook';
import { SpreadsheetCalendar } from './time-zone';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The function the daily trigger calls (exported from main.ts under this name). */
export const TRIGGER_HANDLER = 'autoRemindTrigger';
/** The hour the trigger is set for; Apps Script picks a time within that hour and keeps it (installable-triggers.md). */
export const RUN_HOUR = 9;
/** Document property: the trigger set up for this file ({ uid, owner, hour }), so every coordinator sees it. */
const AUTO_KEY = 'shinchoku.autoRemind';
/** User property of the trigger's owner: trigger ID → the spreadsheet it was set up in. */
const fileKey = (uid: string) => `shinchoku.autoRemind.${uid}`;
/** How each send is recorded in 確認履歴's 理由. */
export const HOW_SENT = 'メール送信';
export const HOW_AUTO = '自動送信';

interface AutoRecord {
  uid: string;
  owner: string;
  hour: number;
}

/** Runs a sidebar call after asking for its feature's scopes; failures reach the page as Japanese messages. */
function call<T>(what: string, scopes: readonly string[], job: () => T): T {
  requireConsent(scopes);
  try {
    return job();
  } catch (e) {
    throw new Error(userMessage(e, what));
  }
}

/** Where a department enters its figures: the spreadsheet's URL and its tab (`#gid=`). */
function linkTo(ss: Spreadsheet): (dept: string) => string {
  let url: string | undefined;
  return (dept) => {
    url ??= ss.getUrl();
    const sheet = ss.getSheetByName(dept);
    return sheet ? `${url}#gid=${sheet.getSheetId()}` : `${url}（シート「${dept}」）`;
  };
}

const yearOf = (year: unknown): number | null => (typeof year === 'number' && Number.isInteger(year) ? year : null);

/** Today in the script's time zone (the one the trigger's hour is in), as a calendar day. */
function today(): CalendarDay {
  const [y, m, d] = Utilities.formatDate(new Date(), Session.getScriptTimeZone(), 'yyyy-MM-dd').split('-').map(Number);
  return calendarDate(y!, m!, d!);
}

/** Recipients a mail counts against the quota: to and cc, each address once. */
const recipients = (m: ReminderMail) => [...new Set([...m.to, ...m.cc])];

/**
 * Sends `mails` in order with MailApp while their recipients fit in `quota`; a mail that does not fit is refused,
 * naming the department (a later smaller one may still fit). A send MailApp refuses is reported, not retried.
 */
function deliver(mails: readonly ReminderMail[], quota: number, replyTo: string, sender: string): { sent: ReminderMail[]; refused: { dept: string; reason: string }[]; left: number } {
  const sent: ReminderMail[] = [];
  const refused: { dept: string; reason: string }[] = [];
  let left = quota;
  for (const m of mails) {
    const n = recipients(m).length;
    if (n > left) {
      refused.push({ dept: m.dept, reason: `今日送れるメールの残り（${left}人）では宛先${n}人に送れないため、送りませんでした（上限は翌日に戻ります）` });
      continue;
    }
    try {
      MailApp.sendEmail({ to: m.to.join(','), cc: m.cc.join(','), subject: m.subject, body: m.body, name: sender, ...(replyTo ? { replyTo } : {}) });
      left -= n;
      sent.push(m);
    } catch (e) {
      refused.push({ dept: m.dept, reason: `送信できませんでした（${String((e as { message?: unknown } | null)?.message ?? e)}）` });
    }
  }
  return { sent, refused, left };
}

function readAuto(): AutoRecord | null {
  const raw = PropertiesService.getDocumentProperties().getProperty(AUTO_KEY);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<AutoRecord>;
    return typeof v.uid === 'string' && typeof v.owner === 'string' ? { uid: v.uid, owner: v.owner, hour: Number(v.hour) || RUN_HOUR } : null;
  } catch {
    return null;
  }
}

const dayList = (days: readonly number[], word: string) => days.map((d) => (d === 0 ? '期限の日' : `${d}日${word}`)).join('・');

/** What the section shows about 自動督促, from the document property and 設定 (no trigger call: no scope needed). */
function autoState(settings: Settings | null, deadlineDay: CalendarDay | null, user: string): AutoReminderState {
  const saved = readAuto();
  const rule = settings?.autoRemind;
  const hour = saved?.hour ?? RUN_HOUR;
  const when = rule
    ? `提出期限の${[dayList(rule.before, '前'), dayList(rule.after, '後')].filter(Boolean).join('と')}（土日・祝日・年末年始に当たるときは前後の開庁日）に、未提出・差戻しの部門へ送ります。1部門・1年度に${rule.max}通まで（手動の督促も数えます）`
    : '';
  const from = today();
  let next: CalendarDay | undefined;
  try {
    next = rule && deadlineDay ? reminderDays(deadlineDay, rule.before, rule.after).find((d) => d.getTime() >= from.getTime()) : undefined;
  } catch {
    // A deadline in a year without holiday data (business-days.ts HOLIDAY_YEARS): no reminder day can be named.
    next = undefined;
  }
  return {
    on: !!saved,
    owner: saved?.owner ?? '',
    mine: !!saved && saved.owner.toLowerCase() === user.toLowerCase(),
    enabled: !!rule?.enabled,
    schedule: `毎日${hour}時〜${hour + 1}時（${Session.getScriptTimeZone()}）に確かめ、${when}。`,
    nextDay: next ? japaneseDate(next) : '',
  };
}

function previewOf(plan: ReminderPlan, quota: number, auto: AutoReminderState): ReminderPreview {
  const { deadlineDay, ...rest } = plan;
  return { ...rest, deadlineText: deadlineDay ? japaneseDate(deadlineDay) : '', quota, canSend: true, note: '', auto };
}

/** The plan, the quota and the automatic state for the open spreadsheet (coordinators only). */
function prepared(year: number | null, what: string): { ss: Spreadsheet; wb: SheetsWorkbook; who: Actor; settings: Settings | null; plan: ReminderPlan } {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const wb = new SheetsWorkbook(ss);
  const who = actor();
  authorizeIn(wb, who.user, { kind: 'coordinator', what });
  const { settings } = readSettings(wb.readSheet(SHEET.settings));
  const plan = reminderPlan(wb, { year, link: linkTo(ss), from: who.user });
  return { ss, wb, who, settings, plan };
}

/**
 * The menu's 督促・自動督促: the consent prompt for mail and the trigger comes from a menu item (a sidebar call may
 * not be able to render it: unconfirmed, docs/environment-check.md), then the sidebar opens.
 */
export function openForReminders(): void {
  requireConsent(REMINDER_MENU_SCOPES);
  openSidebar();
}

/** 督促 preview: the mails of the departments due, the quota left and 自動督促. */
export function preview(year: number | null): ReminderPreview {
  return call('督促の準備', REMINDER_SCOPES, () => {
    const { who, settings, plan } = prepared(yearOf(year), '督促');
    return previewOf(plan, MailApp.getRemainingDailyQuota(), autoState(settings, plan.deadlineDay, who.user));
  });
}

function checkSendRequest(request: unknown): asserts request is ReminderSendRequest {
  const r = request as Partial<ReminderSendRequest> | null;
  const ok = typeof r === 'object' && r !== null && (r.year === null || Number.isInteger(r.year)) && Array.isArray(r.depts) && r.depts.length <= 1000 && r.depts.every((d) => typeof d === 'string' && d.length <= 200);
  if (!ok) throw new UserError('督促の送信: 送る部門の指定を読めません。サイドバーを開き直してください');
}

/** Sends the picked departments' mails within the quota and records each send in 確認履歴 (メール送信). */
export function send(request: ReminderSendRequest): ReminderSendResult {
  return call('督促メールの送信', REMINDER_SCOPES, () => {
    checkSendRequest(request);
    return withDocumentLock(() => {
      const picked = [...new Set(request.depts)];
      if (!picked.length) throw new UserError('督促を送る部門を選んでください');
      const { ss, wb, who, settings, plan } = prepared(request.year, '督促メールの送信');
      const refused: { dept: string; reason: string }[] = [];
      const mails: ReminderMail[] = [];
      for (const dept of picked) {
        const m = plan.mails.find((x) => x.dept === dept);
        if (!m) refused.push({ dept, reason: `${plan.fiscalYearLabel}の督促の対象ではありません（提出済み・確認済みか、計画にない部門です）` });
        else if (m.problem) refused.push({ dept, reason: m.problem });
        else mails.push(m);
      }
      const sender = `${settings?.coordinatorDept || '事務局'}（進捗）`;
      const done = deliver(mails, MailApp.getRemainingDailyQuota(), who.user, sender);
      refused.push(...done.refused);
      recordReminders(wb, done.sent, who, HOW_SENT);
      const after = reminderPlan(wb, { year: request.year, link: linkTo(ss), from: who.user });
      const lines = [
        done.sent.length ? `督促メールを${done.sent.length}部門に送り、「${SHEET.review}」に記録しました（${done.sent.map((m) => m.dept).join('、')}）。` : '督促メールは送りませんでした。',
        ...(refused.length ? ['送らなかった部門:', ...refused.map((r) => `・${r.dept}: ${r.reason}`)] : []),
        `今日送れるメールの残り: ${done.left}人`,
      ];
      return { message: lines.join('\n'), sent: done.sent.map((m) => m.dept), refused, preview: previewOf(after, done.left, autoState(settings, after.deadlineDay, who.user)) };
    });
  });
}

/** 自動督促 on: one daily trigger for this file, owned by the person turning it on; off: that person deletes it. */
export function setAuto(on: boolean): AutoReminderState {
  return call('自動督促の設定', AUTO_REMINDER_SCOPES, () =>
    withDocumentLock(() => {
      // Not the whole plan: turning it off must work even while a sheet it reads is broken.
      const ss = SpreadsheetApp.getActiveSpreadsheet();
      const wb = new SheetsWorkbook(ss);
      const who = actor();
      authorizeIn(wb, who.user, { kind: 'coordinator', what: '自動督促の設定' });
      const { settings } = readSettings(wb.readSheet(SHEET.settings));
      const saved = readAuto();
      const other = saved && saved.owner.toLowerCase() !== who.user.toLowerCase() ? saved.owner : '';
      if (other)
        throw new UserError(
          on
            ? `自動督促は ${other} さんがすでに設定しています（その人のアカウントで送ります）。`
            : `自動督促を止められるのは、設定した ${other} さんだけです（トリガーは設定した人のものです）。すぐに止めるには「${SHEET.settings}」の「自動督促」を「使わない」にしてください（その日から送りません）`,
        );
      const mine = ScriptApp.getUserTriggers(ss).filter((t) => t.getHandlerFunction() === TRIGGER_HANDLER);
      const user = PropertiesService.getUserProperties();
      const docProps = PropertiesService.getDocumentProperties();
      if (on) {
        // An add-on has one clock trigger per user per document: reuse the one this person has here.
        const trigger = mine[0] ?? ScriptApp.newTrigger(TRIGGER_HANDLER).timeBased().everyDays(1).atHour(RUN_HOUR).create();
        const uid = trigger.getUniqueId();
        user.setProperty(fileKey(uid), ss.getId());
        docProps.setProperty(AUTO_KEY, JSON.stringify({ uid, owner: who.user, hour: RUN_HOUR } satisfies AutoRecord));
      } else {
        for (const t of mine) {
          user.deleteProperty(fileKey(t.getUniqueId()));
          ScriptApp.deleteTrigger(t);
        }
        docProps.deleteProperty(AUTO_KEY);
      }
      return autoState(settings, settings?.deadlineDay ?? null, who.user);
    }),
  );
}

/** The document lock of the file, else the script's (a clock run may have no containing document; assumed). */
function lockFor<T>(job: () => T): T {
  if (LockService.getDocumentLock()) return withDocumentLock(job);
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(30_000)) return undefined as T;
  try {
    return job();
  } finally {
    SpreadsheetApp.flush();
    lock.releaseLock();
  }
}

/**
 * The daily trigger: on a business day (not Saturday, Sunday, a national holiday or 年末年始), sends the reminders due
 * (設定's 自動督促 rules, within the quota left) and records each with 自動送信. Nobody is there to consent or read an
 * error, so without every consent it needs it does nothing (Google: add-on triggers keep firing but "stop at the
 * first line that needs missing authorization"; getAuthorizationInfo gates, editor-triggers.md), and a failure is only
 * logged with Logger (add-on triggers send no failure e-mails). The trigger's owner must still be a 調整担当者.
 */
export function runAutoReminders(event: unknown): void {
  if (!hasConsent(AUTO_REMINDER_SCOPES)) {
    Logger.log('自動督促: 許可が足りないため送りません。サイドバーの「自動督促」をもう一度オンにしてください');
    return;
  }
  const uid = String((event as { triggerUid?: unknown } | undefined)?.triggerUid ?? '');
  const id = uid && PropertiesService.getUserProperties().getProperty(fileKey(uid));
  if (!id) return;
  try {
    const day = today();
    if (!isBusinessDay(day)) return;
    const active = SpreadsheetApp.getActiveSpreadsheet();
    const ss = active && active.getId() === id ? active : SpreadsheetApp.openById(id);
    lockFor(() => {
      const wb = new SheetsWorkbook(ss);
      const { settings } = readSettings(wb.readSheet(SHEET.settings));
      const user = Session.getEffectiveUser().getEmail();
      if (!settings || !isCoordinator(settings, user)) return;
      const plan = reminderPlan(wb, { year: null, link: linkTo(ss), from: user });
      const due = autoRemindersDue(plan, settings, day);
      if (!due.length) return;
      const who: Actor = { user, now: new SpreadsheetCalendar(() => ss.getSpreadsheetTimeZone()).now() };
      const done = deliver(due, MailApp.getRemainingDailyQuota(), user, `${settings.coordinatorDept || '事務局'}（進捗）`);
      recordReminders(wb, done.sent, who, HOW_AUTO);
      for (const r of done.refused) Logger.log(`自動督促: ${r.dept}: ${r.reason}`);
    });
  } catch (e) {
    Logger.log(`自動督促: ${userMessage(e)}`);
  }
}
