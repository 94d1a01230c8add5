/**
 * 督促 in (fake) Google Sheets through the built bundle with the scope gate on: the sidebar's preview lists the
 * departments not submitted with their mails and the quota left; sending goes through MailApp (fakes/mail.ts), never
 * beyond the quota, and records every send in 確認履歴 (and the board's last reminder); 自動督促 creates one daily
 * clock trigger (fakes/triggers.ts) whose runs send nothing on a Saturday, Sunday or national holiday, send and record
 * on a due business day, and never more than the 設定's limit per department. Coordinators only; without the mail
 * consent the send ends in Google's authorization prompt while the base jobs still run.
 */
import { SCOPE } from '../../src/gas/consent';
import { HOW_AUTO, HOW_SENT, RUN_HOUR, TRIGGER_HANDLER } from '../../src/gas/reminders';
import type { CycleStatus } from '../../src/core/cycle';
import type { AutoReminderState, ReminderPreview, ReminderSendResult } from '../../src/core/sidebar/types';
import { addon, buildProject, sheetValues, type Addon, type Built } from './bundle-harness';
import { createEnvironment, ExecutionEnded } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
}, 120_000);

const COORDINATOR = 'owner@example.jp';
/** The base jobs' manifest (consent.ts BASE_SCOPES), without mail, triggers or the broad spreadsheets scope. */
const BASE_ONLY = [SCOPE.currentOnly, SCOPE.containerUi, SCOPE.email];
/** google.script.run hands the page a copy (JSON only). */
const json = <T>(v: unknown): T => JSON.parse(JSON.stringify(v)) as T;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}
const messageOf = (e: unknown) => String((e as { message?: unknown }).message ?? e);

/** A 設定 row's 値 (項目 in column A). */
function setting(a: Addon, key: string, value: string | number): void {
  const r = sheetValues(a.env, '設定').findIndex((row) => row[0] === key) + 1;
  expect([key, r > 0]).toEqual([key, true]);
  a.env.spreadsheet.getSheetByName('設定')!.getRange(r, 2).setValue(value);
}

/** The demo plan, with 入力担当者 (and, when asked, 所属長) addresses for every department, and a deadline. */
function demo(options: { heads?: boolean; mailQuota?: number } = {}): { a: Addon; depts: string[]; editor: (dept: string) => string; head: (dept: string) => string } {
  const a = addon(built, createEnvironment({ strictGrid: true, htmlFiles: { sidebar: '<p>サイドバー</p>' }, mailQuota: options.mailQuota }));
  a.call('menuInitDemo');
  // FY2023 (the demo's last year), due 2024: the holiday data covers business-days.ts HOLIDAY_YEARS (2024–).
  setting(a, '評価年度', 2023);
  setting(a, '提出期限', '令和6年5月7日');
  const depts = json<ReminderPreview>(a.call('sidebarReminders', null)).mails.map((m) => m.dept);
  const editor = (dept: string) => `tanto${depts.indexOf(dept)}@city.example.jp`;
  const head = (dept: string) => `kacho${depts.indexOf(dept)}@city.example.jp`;
  const values = sheetValues(a.env, '設定');
  const header = values.findIndex((r) => r[0] === '部門' && r[1] === '入力担当者メール') + 1;
  a.env.spreadsheet.getSheetByName('設定')!.getRange(header + 1, 1, depts.length, 4).setValues(depts.map((d) => [d, editor(d), '', options.heads ? head(d) : '']));
  return { a, depts, editor, head };
}

const reviewRows = (a: Addon, act = '督促') => (a.env.spreadsheet.getSheetByName('確認履歴') ? sheetValues(a.env, '確認履歴').slice(1).filter((r) => r[4] === act) : []);
/** The tab's 提出状況 cell (D1 on the demo's tabs) set as the department does by hand. */
const submit = (a: Addon, dept: string) => a.env.spreadsheet.getSheetByName(dept)!.getRange('D1').setValue('提出済');

describe('督促 from the sidebar', () => {
  test('the preview lists every department not submitted, with its mail, link, missing indicators and the quota left', () => {
    const { a, depts, editor, head } = demo({ heads: true });
    submit(a, depts[1]);
    const p = json<ReminderPreview>(a.call('sidebarReminders', null));
    expect(p.mails.map((m) => m.dept)).toEqual(depts.filter((d) => d !== depts[1]));
    expect(p.quota).toBe(100);
    expect(p.canSend).toBe(true);
    expect(p.deadlineText).toBe('令和6年5月7日（火）');
    expect(p.auto).toMatchObject({ on: false, enabled: false });
    for (const m of p.mails) {
      expect([m.dept, m.to, m.cc, m.problem]).toEqual([m.dept, [editor(m.dept)], [head(m.dept)], '']);
      expect(m.subject).toContain(m.dept);
      expect(m.body).toContain('令和6年5月7日（火）');
      const gid = a.env.spreadsheet.getSheetByName(m.dept)!.getSheetId();
      expect(m.body).toContain(`${a.env.spreadsheet.getUrl()}#gid=${gid}`);
      for (const i of m.missing) expect(m.body).toContain(i.name);
    }
    // A department with an empty 実績 lists it; the demo has some.
    expect(p.mails.some((m) => m.missing.length > 0)).toBe(true);
    expect(a.env.sentMail).toEqual([]);
  });

  test('sending mails the picked departments, records each in 確認履歴 and the board, and uses the quota', () => {
    const { a, depts, editor, head } = demo({ heads: true });
    const before = json<ReminderPreview>(a.call('sidebarReminders', null));
    const picked = depts.slice(0, 2);
    const r = json<ReminderSendResult>(a.call('sidebarSendReminders', { year: null, depts: picked }));
    expect(r.sent).toEqual(picked);
    expect(r.refused).toEqual([]);
    expect(a.env.sentMail.map((m) => ({ to: m.to, cc: m.cc, subject: m.subject, body: m.body, from: m.from }))).toEqual(
      picked.map((d) => {
        const m = before.mails.find((x) => x.dept === d)!;
        return { to: [editor(d)], cc: [head(d)], subject: m.subject, body: m.body, from: COORDINATOR };
      }),
    );
    // Each mail has two recipients (入力担当者 and, in cc, 所属長): four of the day's 100.
    expect(a.env.mailQuota).toBe(96);
    expect(r.preview.quota).toBe(96);
    const rows = reviewRows(a);
    expect(rows.map((x) => [x[1], x[2], x[3], x[5], x[6], x[9]])).toEqual(picked.map((d) => [COORDINATOR, d, '2023年度', '入力中', '入力中', HOW_SENT]));
    const board = json<CycleStatus>(a.call('sidebarCycle', null));
    for (const d of board.departments) expect([d.dept, d.reminders, d.lastReminder !== '']).toEqual([d.dept, picked.includes(d.dept) ? 1 : 0, picked.includes(d.dept)]);
    expect(r.preview.mails.filter((m) => m.sent === 1).map((m) => m.dept)).toEqual(picked);
  });

  test('with 2 recipients left and 3 due, 2 are sent and the third is refused by name', () => {
    const { a, depts } = demo({ mailQuota: 2 });
    const picked = depts.slice(0, 3);
    const r = json<ReminderSendResult>(a.call('sidebarSendReminders', { year: null, depts: picked }));
    expect(r.sent).toEqual(picked.slice(0, 2));
    expect(r.refused.map((x) => x.dept)).toEqual([picked[2]]);
    expect(r.refused[0].reason).toContain('今日送れるメールの残り（0人）');
    expect(r.message).toContain(`・${picked[2]}:`);
    expect(a.env.sentMail).toHaveLength(2);
    expect(a.env.mailQuota).toBe(0);
    expect(reviewRows(a).map((x) => x[2])).toEqual(picked.slice(0, 2));
  });

  test('a department without an address, or already submitted, is refused by name and nothing is sent for it', () => {
    const { a, depts } = demo();
    submit(a, depts[0]);
    const values = sheetValues(a.env, '設定');
    const row = values.findIndex((r) => r[0] === depts[1]) + 1;
    a.env.spreadsheet.getSheetByName('設定')!.getRange(row, 2).setValue('');
    const r = json<ReminderSendResult>(a.call('sidebarSendReminders', { year: null, depts: depts.slice(0, 3) }));
    expect(r.sent).toEqual([depts[2]]);
    expect(r.refused.map((x) => x.dept)).toEqual([depts[0], depts[1]]);
    expect(r.refused[1].reason).toContain('入力担当者メールがありません');
    expect(a.env.sentMail.map((m) => m.to)).toEqual([[`tanto2@city.example.jp`]]);
  });

  test('someone who is not a 調整担当者 is refused: no mail, no record', () => {
    const { a, depts, editor } = demo();
    a.env.context.activeUserEmail = editor(depts[0]);
    a.env.context.effectiveUserEmail = editor(depts[0]);
    expect(messageOf(thrown(() => a.call('sidebarSendReminders', { year: null, depts })))).toContain('調整担当者だけが実行できます');
    expect(messageOf(thrown(() => a.call('sidebarReminders', null)))).toContain('調整担当者だけが実行できます');
    expect(messageOf(thrown(() => a.call('sidebarAutoReminders', true)))).toContain('調整担当者だけが実行できます');
    expect(a.env.sentMail).toEqual([]);
    expect(a.env.triggers).toEqual([]);
    expect(reviewRows(a)).toEqual([]);
  });

  test('without the mail consent the send ends in Google\'s authorization prompt; 集計 still runs', () => {
    const { a, depts } = demo();
    a.env.grantedScopes = built.manifest.oauthScopes.filter((s) => s !== SCOPE.sendMail);
    expect(thrown(() => a.call('sidebarSendReminders', { year: null, depts }))).toBeInstanceOf(ExecutionEnded);
    expect(a.env.ui.authPrompts.at(-1)).toEqual({ scopes: [SCOPE.sendMail] });
    expect(a.env.sentMail).toEqual([]);
    expect(reviewRows(a)).toEqual([]);
    a.call('menuRollup');
    expect(a.env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
    expect(json<{ job: string }>(a.call('sidebarRollup')).job).toBe('rollup');
    // Granted afterwards, the same call sends.
    a.env.grantedScopes = undefined;
    expect(json<ReminderSendResult>(a.call('sidebarSendReminders', { year: null, depts: [depts[0]] })).sent).toEqual([depts[0]]);
  });
});

test('the menu\'s 督促・自動督促 asks for the mail and trigger consents people who only enter figures are never asked for, then opens the sidebar', () => {
  const { a } = demo();
  const extra = [SCOPE.sendMail, SCOPE.scriptApp, SCOPE.spreadsheets];
  a.env.grantedScopes = BASE_ONLY;
  a.call('menuRollup');
  expect(a.env.ui.authPrompts).toEqual([]);
  expect(thrown(() => a.call('menuReminders'))).toBeInstanceOf(ExecutionEnded);
  expect(a.env.ui.authPrompts).toEqual([{ scopes: extra }]);
  expect(a.env.ui.shown).toEqual([]);
  a.env.grantedScopes = [...BASE_ONLY, ...extra];
  a.call('menuReminders');
  expect(a.env.ui.shown.map((s) => s.kind)).toEqual(['sidebar']);
});

describe('自動督促 (the daily trigger)', () => {
  /** 09:30 in Tokyo on the day (the trigger's hour is the script's zone, Asia/Tokyo). */
  const at = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, RUN_HOUR - 9, 30));

  function withAuto(options: { mailQuota?: number; max?: number } = {}) {
    const d = demo({ mailQuota: options.mailQuota });
    // Deadline Tue 2024-05-07: 4 days before is Fri 5/3 (憲法記念日), sent on the business day before, Thu 5/2; 4 days
    // after is Sat 5/11, sent on the business day after, Mon 5/13.
    setting(d.a, '自動督促', '使う');
    setting(d.a, '自動督促（期限の何日前）', '4');
    setting(d.a, '自動督促（期限の何日後）', '4');
    setting(d.a, '督促の上限（部門・年度ごと）', options.max ?? 1);
    d.a.env.now = at(2024, 4, 1);
    const state = json<AutoReminderState>(d.a.call('sidebarAutoReminders', true));
    const fire = (day: Date) => {
      d.a.env.now = day;
      const uid = d.a.env.triggers[0].uid;
      return d.a.env.runTrigger(uid, (e) => d.a.call(TRIGGER_HANDLER, e));
    };
    return { ...d, state, fire };
  }

  test('turning it on creates one daily trigger of the coordinator; on again reuses it; off deletes it', () => {
    const { a, state } = withAuto();
    expect(state).toMatchObject({ on: true, owner: COORDINATOR, mine: true, enabled: true, nextDay: '令和6年5月2日（木）' });
    expect(state.schedule).toContain(`毎日${RUN_HOUR}時`);
    expect(a.env.triggers.map((t) => ({ handler: t.handler, owner: t.owner, everyDays: t.everyDays, atHour: t.atHour, everyHours: t.everyHours }))).toEqual([
      { handler: TRIGGER_HANDLER, owner: COORDINATOR, everyDays: 1, atHour: RUN_HOUR, everyHours: null },
    ]);
    a.call('sidebarAutoReminders', true);
    expect(a.env.triggers).toHaveLength(1);
    expect(json<ReminderPreview>(a.call('sidebarReminders', null)).auto).toMatchObject({ on: true, owner: COORDINATOR });
    // Another coordinator sees it and cannot stop someone else's trigger (it runs as its creator).
    setting(a, '調整担当者メール', `${COORDINATOR}, other@example.jp`);
    a.env.context.activeUserEmail = a.env.context.effectiveUserEmail = 'other@example.jp';
    expect(messageOf(thrown(() => a.call('sidebarAutoReminders', false)))).toContain(`設定した ${COORDINATOR} さんだけ`);
    expect(a.env.triggers).toHaveLength(1);
    a.env.context.activeUserEmail = a.env.context.effectiveUserEmail = COORDINATOR;
    expect(json<AutoReminderState>(a.call('sidebarAutoReminders', false))).toMatchObject({ on: false, owner: '' });
    expect(a.env.triggers).toEqual([]);
  });

  test('on a national holiday and on a Saturday it sends nothing; on the due business day it sends and records', () => {
    const { a, depts, fire } = withAuto();
    fire(at(2024, 5, 3)); // 憲法記念日 (Friday)
    fire(at(2024, 5, 6)); // 振替休日 (Monday)
    fire(at(2024, 5, 11)); // Saturday
    fire(at(2024, 5, 12)); // Sunday
    fire(at(2024, 4, 29)); // 昭和の日 (Monday)
    fire(at(2024, 5, 1)); // a business day, but not a reminder day
    expect(a.env.sentMail).toEqual([]);
    expect(reviewRows(a)).toEqual([]);

    fire(at(2024, 5, 2));
    expect(a.env.sentMail.map((m) => m.to[0])).toEqual(depts.map((_, i) => `tanto${i}@city.example.jp`));
    expect(a.env.sentMail.every((m) => m.from === COORDINATOR)).toBe(true);
    const rows = reviewRows(a);
    expect(rows.map((r) => [r[1], r[2], r[9]])).toEqual(depts.map((d) => [COORDINATOR, d, HOW_AUTO]));
    expect(rows.every((r) => String(r[0]).startsWith('2024/05/02 09:30'))).toBe(true);
    // The file was opened by ID: a clock run has no active spreadsheet.
    expect(a.env.scopedCalls()['SpreadsheetApp.openById']).toEqual([SCOPE.spreadsheets]);
    // Once a day: a second run the same day sends nothing more.
    fire(at(2024, 5, 2));
    expect(a.env.sentMail).toHaveLength(depts.length);
  });

  test('never more than the 設定 limit per department: the next reminder day sends again only when the limit allows', () => {
    const { a, depts, fire } = withAuto({ max: 1 });
    fire(at(2024, 5, 2));
    expect(a.env.sentMail).toHaveLength(depts.length);
    fire(at(2024, 5, 13));
    expect(a.env.sentMail).toHaveLength(depts.length);
    setting(a, '督促の上限（部門・年度ごと）', 2);
    fire(at(2024, 5, 13));
    expect(a.env.sentMail).toHaveLength(2 * depts.length);
    fire(at(2024, 5, 14));
    expect(a.env.sentMail).toHaveLength(2 * depts.length);
    expect(reviewRows(a)).toHaveLength(2 * depts.length);
  });

  test('within the quota left, and not for departments that have submitted', () => {
    const { a, depts, fire } = withAuto({ mailQuota: 2 });
    submit(a, depts[0]);
    fire(at(2024, 5, 2));
    expect(a.env.sentMail.map((m) => m.to[0])).toEqual([`tanto1@city.example.jp`, `tanto2@city.example.jp`]);
    expect(reviewRows(a).map((r) => r[2])).toEqual([depts[1], depts[2]]);
  });

  test('without every consent it needs, or once its owner is no longer a 調整担当者, the trigger does nothing', () => {
    const { a, fire } = withAuto();
    a.env.grantedScopes = built.manifest.oauthScopes.filter((s) => s !== SCOPE.spreadsheets);
    fire(at(2024, 5, 2));
    expect(a.env.sentMail).toEqual([]);
    expect(a.env.ui.authPrompts).toEqual([]);
    a.env.grantedScopes = undefined;
    setting(a, '調整担当者メール', 'someone.else@example.jp');
    fire(at(2024, 5, 2));
    expect(a.env.sentMail).toEqual([]);
    setting(a, '調整担当者メール', COORDINATOR);
    fire(at(2024, 5, 2));
    expect(a.env.sentMail.length).toBeGreaterThan(0);
  });

  test('with 自動督促 「使わない」 in 設定 the trigger sends nothing', () => {
    const { a, fire } = withAuto();
    setting(a, '自動督促', '使わない');
    fire(at(2024, 5, 2));
    expect(a.env.sentMail).toEqual([]);
  });
});

describe('the fakes: MailApp and clock triggers as Google documents them', () => {
  const env = (options: Parameters<typeof createEnvironment>[0] = {}) => createEnvironment({ oauthScopes: built.manifest.oauthScopes, ...options });

  test('MailApp counts every recipient (to, cc, bcc) against the day, refuses past it with Google\'s text and records what it sent', () => {
    const e = env({ mailQuota: 4 });
    const { MailApp } = e.globals;
    expect(MailApp.getRemainingDailyQuota()).toBe(4);
    MailApp.sendEmail({ to: 'a@x.jp, b@x.jp', cc: 'c@x.jp', subject: '件名', body: '本文', name: '事務局', replyTo: 'r@x.jp' });
    expect(MailApp.getRemainingDailyQuota()).toBe(1);
    expect(e.sentMail).toEqual([{ to: ['a@x.jp', 'b@x.jp'], cc: ['c@x.jp'], bcc: [], subject: '件名', body: '本文', htmlBody: undefined, name: '事務局', replyTo: 'r@x.jp', noReply: false, from: 'owner@example.jp' }]);
    expect(messageOf(thrown(() => MailApp.sendEmail('d@x.jp,e@x.jp', 's', 'b')))).toBe('Service invoked too many times for one day: email.');
    expect(messageOf(thrown(() => MailApp.sendEmail({ to: ' ', subject: 's', body: 'b' })))).toBe('Failed to send email: no recipient');
    expect(e.sentMail).toHaveLength(1);
    // The four-string form is (to, replyTo, subject, body).
    MailApp.sendEmail('d@x.jp', 'reply@x.jp', '件名2', '本文2');
    expect(e.sentMail[1]).toMatchObject({ to: ['d@x.jp'], replyTo: 'reply@x.jp', subject: '件名2', body: '本文2' });
    expect(MailApp.getRemainingDailyQuota()).toBe(0);
  });

  test('MailApp and the trigger methods need their scopes in the manifest (Google\'s text)', () => {
    const e = env({ oauthScopes: BASE_ONLY });
    expect(messageOf(thrown(() => e.globals.MailApp.getRemainingDailyQuota()))).toBe(
      `Specified permissions are not sufficient to call MailApp.getRemainingDailyQuota. Required permissions: ${SCOPE.sendMail}`,
    );
    expect(messageOf(thrown(() => e.globals.ScriptApp.newTrigger('f')))).toBe(`Specified permissions are not sufficient to call ScriptApp.newTrigger. Required permissions: ${SCOPE.scriptApp}`);
    expect(messageOf(thrown(() => e.globals.SpreadsheetApp.openById('fake-spreadsheet-id')))).toBe(
      `Specified permissions are not sufficient to call SpreadsheetApp.openById. Required permissions: ${SCOPE.spreadsheets}`,
    );
  });

  test('an add-on gets one clock trigger per user per document, at most hourly; the trigger runs as its creator with no active spreadsheet', () => {
    const e = env();
    const { ScriptApp, SpreadsheetApp, Session } = e.globals;
    const t = ScriptApp.newTrigger('job').timeBased().everyDays(1).atHour(9).create();
    expect([t.getEventType(), t.getTriggerSource(), t.getTriggerSourceId(), t.getHandlerFunction()]).toEqual(['CLOCK', 'CLOCK', null, 'job']);
    expect(messageOf(thrown(() => ScriptApp.newTrigger('job').timeBased().everyHours(2).create()))).toBe(
      'This add-on has created too many time-based triggers in this document for this Google user account.',
    );
    expect(thrown(() => ScriptApp.newTrigger('job').timeBased().everyMinutes(30).create())).toBeDefined();
    expect(ScriptApp.getUserTriggers(SpreadsheetApp.getActiveSpreadsheet()).map((x) => x.getUniqueId())).toEqual([t.getUniqueId()]);
    // Another user sees none of it.
    e.context.activeUserEmail = e.context.effectiveUserEmail = 'other@example.jp';
    expect(ScriptApp.getProjectTriggers()).toEqual([]);
    e.context.activeUserEmail = e.context.effectiveUserEmail = 'owner@example.jp';

    e.now = new Date(Date.UTC(2024, 4, 11, 0, 30));
    const seen = e.runTrigger(t.getUniqueId(), (event) => ({
      event,
      active: SpreadsheetApp.getActiveSpreadsheet(),
      effective: Session.getEffectiveUser().getEmail(),
      user: Session.getActiveUser().getEmail(),
      opened: SpreadsheetApp.openById('fake-spreadsheet-id').getId(),
      ui: messageOf(thrown(() => SpreadsheetApp.getUi())),
    }));
    expect(seen).toEqual({
      event: expect.objectContaining({ authMode: 'FULL', triggerUid: t.getUniqueId(), year: 2024, month: 5, 'day-of-month': 11, 'day-of-week': 6, hour: 9, minute: 30, timezone: 'Asia/Tokyo' }),
      active: null,
      effective: 'owner@example.jp',
      user: '',
      opened: 'fake-spreadsheet-id',
      ui: 'Cannot call SpreadsheetApp.getUi() from this context.',
    });
    expect(SpreadsheetApp.getActiveSpreadsheet()).not.toBeNull();
    ScriptApp.deleteTrigger(t);
    expect(ScriptApp.getProjectTriggers()).toEqual([]);
    expect(e.triggers).toEqual([]);
  });
});
