/**
 * Reminders (督促) in the core, on the demo plan in memory: who gets a mail in each state (with and without
 * 所属長確認), its addressees from 設定 (several 入力担当者, the 所属長 in cc, none → a problem), the indicators still
 * missing and the open return reasons in the body, 提出期限 as people write it, the optional 自動督促 rows that
 * init writes, and which mails the daily trigger sends (business days only, never over the limit, never twice a day).
 */
import { calendarDate, isoDayText } from '../../src/core/calendar';
import {
  autoRemindersDue, confirmTab, cycleStatus, parseDeadline, readReviewLog, recordReminders, reminderPlan, returnTab,
  REMINDER_KEYS, type CycleActing, type ReminderPlan,
} from '../../src/core/cycle';
import { validateWorkbook } from '../../src/core/jobs';
import { readSettings } from '../../src/core/layout/settings';
import { closeYear } from '../../src/core/year-lock';
import { actualCell, demoBook } from '../support/plans';
import type { MemoryWorkbook } from '../support/memory-workbook';

const COORD = 'kikaku@city.example.lg.jp';
const link = (dept: string) => `https://example.invalid/#${dept}`;
const at = (y: number, m: number, d: number, hour = 9) => calendarDate(y, m, d, hour, 0, 0);
const CLI: CycleActing = { actor: { now: at(2021, 5, 20), user: 'taro' }, commandLine: true };

const settingsOf = (b: MemoryWorkbook) => readSettings(b.readSheet('設定')).settings!;
const rowOf = (b: MemoryWorkbook, key: string) => b.find('設定', key).row;
const setValue = (b: MemoryWorkbook, key: string, value: string | number | Date) => b.type('設定', rowOf(b, key), 2, value);
const depts = (b: MemoryWorkbook) => cycleStatus(b, null).departments.map((d) => d.dept);
const mail = (p: ReminderPlan, dept: string) => p.mails.find((m) => m.dept === dept)!;

/** The demo with a coordinator, each department's 入力担当者 (税制課: two, and a 所属長), and a deadline. */
function book(options: { headStep?: boolean; deadline?: string; evaluationYear?: number } = {}): MemoryWorkbook {
  const b = demoBook();
  if (options.evaluationYear) setValue(b, '評価年度', options.evaluationYear);
  setValue(b, '調整担当者メール', COORD);
  setValue(b, '提出期限', options.deadline ?? '2021/5/31');
  if (options.headStep) setValue(b, '所属長確認', '使う');
  const header = b.find('設定', '入力担当者メール');
  depts(b).forEach((dept, i) => {
    const r = header.row + 1 + i;
    b.type('設定', r, 1, dept).type('設定', r, 2, dept === '税制課' ? 'zeisei1@city.example.lg.jp、zeisei2@city.example.lg.jp' : `d${i}@city.example.lg.jp`);
    if (dept === '税制課') b.type('設定', r, 4, 'zeisei-kacho@city.example.lg.jp');
  });
  return b;
}

function submit(b: MemoryWorkbook, dept: string): void {
  const label = b.find(dept, '提出状況');
  b.type(dept, label.row, label.col + 1, '提出済').type(dept, label.row, label.col + 3, '2021/05/10');
}

const plan = (b: MemoryWorkbook, year: number | null = null) => reminderPlan(b, { year, link });

describe('who is reminded', () => {
  test('every department 入力中, none submitted or confirmed; a returned one again until it resubmits', () => {
    const b = book();
    const all = depts(b);
    expect(all.length).toBeGreaterThan(3);
    expect(plan(b).mails.map((m) => [m.dept, m.state])).toEqual(all.map((d) => [d, '入力中']));

    submit(b, '税制課');
    submit(b, '広報課');
    confirmTab(b, { dept: '広報課', year: 2020 }, CLI);
    returnTab(b, { dept: '市民課', year: 2020, reason: '住民票等の件数の出典を書いてください' }, CLI);
    const p = plan(b);
    expect(p.mails.map((m) => m.dept)).toEqual(all.filter((d) => d !== '税制課' && d !== '広報課'));
    expect(mail(p, '市民課').state).toBe('差戻し');

    // 市民課 submits again: no more reminder; returned once more: reminded again.
    submit(b, '市民課');
    expect(plan(b).mails.map((m) => m.dept)).not.toContain('市民課');
    returnTab(b, { dept: '市民課', year: 2020, reason: '再確認' }, CLI);
    expect(mail(plan(b), '市民課').state).toBe('差戻し');
  });

  test('with 所属長確認, a tab waiting for its 所属長 is submitted and not reminded', () => {
    const b = book({ headStep: true });
    expect(settingsOf(b).headStep).toBe(true);
    submit(b, '税制課');
    expect(plan(b).mails.map((m) => m.dept)).not.toContain('税制課');
    expect(() => confirmTab(b, { dept: '税制課', year: 2020 }, CLI)).toThrow('所属長');
    expect(plan(b).mails.map((m) => m.dept)).not.toContain('税制課');
    expect(plan(b).mails.length).toBe(depts(b).length - 1);
  });

  test('a closed year reminds nobody', () => {
    const b = book();
    closeYear(b, 2020, { now: at(2021, 6, 1), user: COORD });
    const p = plan(b, 2020);
    expect(p).toMatchObject({ closed: true, mails: [] });
  });
});

describe('the mail', () => {
  test('to every 入力担当者, cc the 所属長; from the first coordinator; no 入力担当者 → a problem naming 設定', () => {
    const b = book();
    const p = plan(b);
    expect(p.from).toBe(COORD);
    expect(mail(p, '税制課')).toMatchObject({ to: ['zeisei1@city.example.lg.jp', 'zeisei2@city.example.lg.jp'], cc: ['zeisei-kacho@city.example.lg.jp'], problem: '' });
    const other = p.mails.find((m) => m.dept !== '税制課')!;
    expect(other.cc).toEqual([]);
    expect(other.to).toHaveLength(1);
    expect(reminderPlan(b, { year: null, link, from: 'other@city.example.lg.jp' }).from).toBe('other@city.example.lg.jp');

    const header = b.find('設定', '入力担当者メール');
    const row = b.find('設定', '広報課').row;
    expect(row).toBeGreaterThan(header.row);
    b.type('設定', row, 2, '');
    expect(mail(plan(b), '広報課')).toMatchObject({ to: [], problem: '「設定」の入力担当者の表に「広報課」の入力担当者メールがありません。宛先がないため送れません' });
  });

  test('the body names the plan, the year, the deadline with its weekday, the missing indicators, the link and whom to ask', () => {
    const b = book();
    const cell = actualCell(b, '税制課', '課税証明', 2020);
    b.type('税制課', cell.row, cell.col, '');
    const m = mail(plan(b), '税制課');
    expect(m.missing).toEqual([{ no: 2, name: '課税証明' }]);
    expect(m.subject).toBe('【提出のお願い】吹田市第4期 情報化推進計画 2020年度の実績（税制課）');
    expect(m.body).toContain('「吹田市第4期 情報化推進計画」の2020年度の実績について、まだ提出をいただいていません');
    expect(m.body).toContain('■ 提出期限: 令和3年5月31日（月）');
    expect(m.body).toContain('■ 実績が未入力の指標（1件）\n・No.2 課税証明\n');
    expect(m.body).toContain(`■ 入力先\nhttps://example.invalid/#税制課\n`);
    expect(m.body).toContain(`ご不明な点は 情報政策室（${COORD}） までお問い合わせください。`);
    expect(m.body).toContain('（写し: 所属長様）');
    // A year without figures: every indicator of the department is missing.
    const later = mail(plan(b, 2022), '税制課');
    expect(later.missing.length).toBe(cycleStatus(b, 2022).departments.find((d) => d.dept === '税制課')!.total);
  });

  test('a returned tab gets the open reasons, per indicator and for the whole tab', () => {
    const b = book();
    returnTab(b, { dept: '税制課', year: 2020, reason: '件数の根拠を書いてください', indicators: [{ no: 2 }] }, CLI);
    returnTab(b, { dept: '税制課', year: 2020, reason: 'コメント欄も記入してください' }, CLI);
    const m = mail(plan(b), '税制課');
    expect(m.subject).toBe('【再提出のお願い】吹田市第4期 情報化推進計画 2020年度の実績（税制課）');
    expect(m.returns.map((r) => [r.no, r.reason])).toEqual([[2, '件数の根拠を書いてください'], [null, 'コメント欄も記入してください']]);
    expect(m.body).toContain('■ 差戻しの理由\n・No.2 課税証明: 件数の根拠を書いてください\n・シート全体: コメント欄も記入してください\n');
  });
});

describe('提出期限', () => {
  test.each([
    ['令和3年5月31日', '2021-05-31'],
    ['R3.5.31', '2021-05-31'],
    ['令和4年1月4日', '2022-01-04'],
    ['2021/5/31', '2021-05-31'],
    ['２０２１年５月３１日（月）', '2021-05-31'],
    ['2021-05-31', '2021-05-31'],
    ['5月31日', '2021-05-31'],
    ['5/31まで', '2021-05-31'],
    ['1月15日', '2022-01-15'],
  ])('%s reads as %s for the figures of 2020年度', (text, iso) => {
    const d = parseDeadline(text, 2020);
    expect(d.problem).toBe('');
    expect(isoDayText(d.day!)).toBe(iso);
  });

  test.each([
    ['来月末', 'を日付として読めません'],
    ['2021/2/30', 'は実在しない日付です'],
    ['13月1日', 'は実在しない日付です'],
    ['2021/5/31（火）', 'の曜日が違います（令和3年5月31日（月）です）'],
    ['平成32年5月31日', 'は平成の期間（1989年1月8日〜2019年4月30日）の外です'],
    ['2012/5/31', 'は2020年度の実績の提出期限としては離れすぎています'],
  ])('%s does not read: %s', (text, why) => {
    const d = parseDeadline(text, 2020);
    expect(d.day).toBeNull();
    expect(d.problem).toContain(`提出期限「${text}」${why}`);
  });

  test('元年 is year 1 of the era', () => {
    expect(isoDayText(parseDeadline('令和元年6月3日', 2019).day!)).toBe('2019-06-03');
    expect(parseDeadline('令和0年6月3日', 2019).problem).toContain('の年は1（元年）からです');
  });

  test('empty is no deadline and no problem; a date cell reads; a bad one is named with its 設定 cell in the plan', () => {
    expect(parseDeadline('', 2020)).toEqual({ day: null, problem: '' });
    const b = book();
    setValue(b, '提出期限', calendarDate(2021, 6, 4));
    expect(isoDayText(plan(b).deadlineDay!)).toBe('2021-06-04');
    expect(plan(b).mails[0].body).toContain('■ 提出期限: 令和3年6月4日（金）');
    setValue(b, '提出期限', '月末ごろ');
    const p = plan(b);
    expect(p.deadlineDay).toBeNull();
    expect(p.deadlineProblem).toBe(`「設定」!B${rowOf(b, '提出期限')}: 提出期限「月末ごろ」を日付として読めません（例: 令和3年5月31日、2021/5/31、5月31日）`);
    expect(p.mails[0].body).toContain('■ 提出期限: 月末ごろ');
    // 入力チェック says it too: a warning on the 設定 cell (nothing is computed from the day, so not an error).
    const found = validateWorkbook(b).findings.filter((f) => f.code === 'setting-bad-deadline');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', sheet: '設定', cell: `B${rowOf(b, '提出期限')}` })]);
    expect(found[0].message).toContain('提出期限「月末ごろ」を日付として読めません');
  });
});

describe('設定 rows for automatic reminders', () => {
  test('init writes them with help text (and 所属長確認, 要因が必要な評価, the 所属長メール column); defaults read', () => {
    const b = demoBook();
    for (const key of ['所属長確認', '要因が必要な評価', ...Object.values(REMINDER_KEYS)]) {
      const r = rowOf(b, key);
      expect(String(b.cell('設定', r, 3)).length).toBeGreaterThan(10);
    }
    const header = b.find('設定', '入力担当者メール');
    expect(b.cell('設定', header.row, 4)).toBe('所属長メール');
    const { settings, findings } = readSettings(b.readSheet('設定'));
    expect(findings).toEqual([]);
    expect(settings!.autoRemind).toEqual({ enabled: false, before: [1, 7], after: [1, 3], max: 3 });
  });

  test('a book without the rows reads as before: automatic reminders off', () => {
    const b = demoBook();
    const values = b.readSheet('設定')!.values.filter((row) => !(Object.values(REMINDER_KEYS) as unknown[]).includes(row[0]));
    b.setSheet('設定', values);
    const { settings, findings } = readSettings(b.readSheet('設定'));
    expect(findings).toEqual([]);
    expect(settings!.autoRemind!.enabled).toBe(false);
  });

  test('values that do not read are errors naming the cell, and automatic reminders stay off', () => {
    const b = demoBook();
    setValue(b, REMINDER_KEYS.enabled, '使う');
    setValue(b, REMINDER_KEYS.before, '７、１、十');
    setValue(b, REMINDER_KEYS.max, '0');
    const { settings, findings } = readSettings(b.readSheet('設定'));
    expect(findings.map((f) => [f.sheet, f.cell])).toEqual([
      ['設定', `B${rowOf(b, REMINDER_KEYS.before)}`],
      ['設定', `B${rowOf(b, REMINDER_KEYS.max)}`],
    ]);
    expect(findings[0].message).toContain('「自動督促（期限の何日前）」の「7、1、十」を日数として読めません');
    expect(settings!.autoRemind!.enabled).toBe(false);
    setValue(b, REMINDER_KEYS.enabled, 'たぶん');
    expect(readSettings(b.readSheet('設定')).findings[0]).toMatchObject({ cell: `B${rowOf(b, REMINDER_KEYS.enabled)}`, message: expect.stringContaining('「使う」か「使わない」') });
  });
});

describe('autoRemindersDue', () => {
  /** Deadline Tuesday 2024-02-13 of the figures of 2023年度 (a plan year of the demo is moved there). */
  function autoBook(max = 3): MemoryWorkbook {
    const b = book({ deadline: '2024/2/13', evaluationYear: 2022 });
    setValue(b, REMINDER_KEYS.enabled, '使う');
    setValue(b, REMINDER_KEYS.before, '1');
    setValue(b, REMINDER_KEYS.after, '2、4、5');
    setValue(b, REMINDER_KEYS.max, max);
    return b;
  }
  const due = (b: MemoryWorkbook, iso: string) => {
    const [y, m, d] = iso.split('-').map(Number);
    return autoRemindersDue(plan(b), settingsOf(b), calendarDate(y, m, d));
  };
  const send = (b: MemoryWorkbook, iso: string) => {
    const [y, m, d] = iso.split('-').map(Number);
    const mails = due(b, iso);
    recordReminders(b, mails, { now: calendarDate(y, m, d, 8, 30), user: '' }, '自動送信');
    return mails.length;
  };

  test('only on the reminder days, moved off weekends and holidays; nothing when off or without a deadline', () => {
    const b = autoBook();
    const n = depts(b).length;
    expect(settingsOf(b).autoRemind).toEqual({ enabled: true, before: [1], after: [2, 4, 5], max: 3 });
    expect(due(b, '2024-02-12')).toEqual([]); // 振替休日, the day before the deadline
    expect(due(b, '2024-02-09')).toHaveLength(n); // … so the Friday before
    expect(due(b, '2024-02-10')).toEqual([]); // Saturday
    expect(due(b, '2024-02-13')).toEqual([]); // the deadline itself is not a reminder day here
    expect(due(b, '2024-02-15')).toHaveLength(n);
    expect(due(b, '2024-02-17')).toEqual([]); // Saturday (4 days after) → Monday
    expect(due(b, '2024-02-19')).toHaveLength(n);
    setValue(b, REMINDER_KEYS.enabled, '使わない');
    expect(due(b, '2024-02-15')).toEqual([]);
    setValue(b, REMINDER_KEYS.enabled, '使う');
    setValue(b, '提出期限', '');
    expect(due(b, '2024-02-15')).toEqual([]);
  });

  test('not twice on one day, never more than the limit, and only departments still due', () => {
    const b = autoBook(2);
    const n = depts(b).length;
    expect(send(b, '2024-02-09')).toBe(n);
    expect(send(b, '2024-02-09')).toBe(0); // the trigger ran twice that day
    submit(b, '税制課');
    expect(send(b, '2024-02-15')).toBe(n - 1);
    expect(send(b, '2024-02-19')).toBe(0); // everyone left has had 2
    const records = readReviewLog(b.readSheet('確認履歴')).records.filter((r) => r.act === '督促');
    const perDept = new Map<string, number>();
    for (const r of records) perDept.set(r.dept, (perDept.get(r.dept) ?? 0) + 1);
    expect(Math.max(...perDept.values())).toBe(2);
    expect(perDept.get('税制課')).toBe(1);
    expect(records.every((r) => r.reason === '自動送信' && r.fy === 2022)).toBe(true);
    const board = cycleStatus(b, null).departments.find((d) => d.dept === '広報課')!;
    expect(board).toMatchObject({ reminders: 2, lastReminder: '2024/02/15 08:30:00' });
  });

  test('far from the deadline nothing is due, without asking the holiday data of the deadline’s year', () => {
    // 提出期限 2021/5/31 lies before the bundled holiday years; a trigger running in 2024 just sends nothing.
    const b = book();
    setValue(b, REMINDER_KEYS.enabled, '使う');
    expect(plan(b).mails.length).toBe(depts(b).length);
    expect(autoRemindersDue(plan(b), settingsOf(b), calendarDate(2024, 6, 3))).toEqual([]);
  });

  test('a department without 入力担当者メール is never sent to', () => {
    const b = autoBook();
    b.type('設定', b.find('設定', '広報課').row, 2, '');
    const mails = due(b, '2024-02-09');
    expect(mails.map((m) => m.dept)).not.toContain('広報課');
    expect(mails.length).toBe(depts(b).length - 1);
  });
});
