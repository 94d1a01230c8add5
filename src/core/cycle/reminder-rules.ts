/**
 * 設定's optional rows for automatic reminders (項目 | 値): whether the daily trigger sends 督促 by itself, on which
 * days before and after 提出期限, and at most how many per department and year. A book without the rows does not
 * send automatically. A value that does not read is an error naming its cell, and automatic reminders are then off
 * (a reminder sent on a misread day is worse than none).
 */
import type { AutoRemind, Finding } from '../model';
import { SHEET } from '../layout/sheet-names';
import { cellText, headerKey } from '../layout/table';
import { a1, type Scalar } from '../workbook';

export const REMINDER_KEYS = {
  enabled: '自動督促',
  before: '自動督促（期限の何日前）',
  after: '自動督促（期限の何日後）',
  max: '督促の上限（部門・年度ごと）',
} as const;

export const REMINDER_DEFAULTS: AutoRemind = { enabled: false, before: [7, 1], after: [1, 3], max: 3 };

/** The longest distance from the deadline a reminder day may have, and the most reminders per department. */
const MAX_DAYS = 60;
const MAX_COUNT = 20;

/** What `shinchoku init` writes in 値 and 説明 for each row. */
export const REMINDER_ROWS: readonly (readonly [string, Scalar, string])[] = [
  [REMINDER_KEYS.enabled, '使わない', '使う: 提出期限の前後の開庁日に、未提出・差戻しの部門へ督促メールを自動で送ります（土日・祝日・年末年始は送りません）'],
  [REMINDER_KEYS.before, '7、1', `期限の何日前に送るか（0は期限の日）。休みの日に当たるときは直前の開庁日に送ります`],
  [REMINDER_KEYS.after, '1、3', `期限の何日後に送るか。休みの日に当たるときは直後の開庁日に送ります`],
  [REMINDER_KEYS.max, REMINDER_DEFAULTS.max, `1部門・1年度に送る督促の上限（手動の督促も数えます。${MAX_COUNT}まで）`],
];

const YES = new Set(['使う', 'する', 'あり', '有', 'はい', 'yes', 'true', 'on', '○', '◯']);
const NO = new Set(['', '使わない', 'しない', 'なし', '無', 'いいえ', 'no', 'false', 'off', '×']);

const finding = (cell: string, message: string): Finding => ({ severity: 'error', code: 'bad-reminder-setting', sheet: SHEET.settings, cell, indicator: '', message });

/** `7、1` / `7,1` / `7日 1日` as whole days within [min, MAX_DAYS], or null when one is not. */
function dayList(text: string, min: number): number[] | null {
  const parts = text.normalize('NFKC').split(/[,、;\s]+/).map((p) => p.replace(/日$/, '')).filter(Boolean);
  const days = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (days.some((d) => !Number.isInteger(d) || d < min || d > MAX_DAYS)) return null;
  return [...new Set(days)].sort((a, b) => a - b);
}

/** Reads the rows from 設定's values (absent rows: the defaults, automatic reminders off). */
export function readAutoRemind(values: readonly Scalar[][]): { autoRemind: AutoRemind; findings: Finding[] } {
  const findings: Finding[] = [];
  const cellOf = (key: string): { text: string; cell: string } | null => {
    const r = values.findIndex((row) => headerKey(row[0] ?? '') === headerKey(key));
    return r < 0 ? null : { text: cellText(values[r][1] ?? '').normalize('NFKC').trim(), cell: a1(r + 1, 2) };
  };
  const out: AutoRemind = { ...REMINDER_DEFAULTS };

  const enabled = cellOf(REMINDER_KEYS.enabled);
  if (enabled) {
    const v = enabled.text.toLowerCase();
    if (YES.has(v)) out.enabled = true;
    else if (!NO.has(v)) findings.push(finding(enabled.cell, `「${REMINDER_KEYS.enabled}」の「${enabled.text}」は「使う」か「使わない」で入力してください。自動督促は使いません`));
  }
  for (const [field, key, min] of [['before', REMINDER_KEYS.before, 0], ['after', REMINDER_KEYS.after, 1]] as const) {
    const c = cellOf(key);
    if (!c || !c.text) continue;
    const days = dayList(c.text, min);
    if (days) out[field] = days;
    else findings.push(finding(c.cell, `「${key}」の「${c.text}」を日数として読めません（${min}〜${MAX_DAYS}の整数を「、」で区切って入力。例: ${field === 'before' ? '7、1' : '1、3'}）。自動督促は使いません`));
  }
  const max = cellOf(REMINDER_KEYS.max);
  if (max && max.text) {
    const n = /^\d+$/.test(max.text) ? Number(max.text) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= MAX_COUNT) out.max = n;
    else findings.push(finding(max.cell, `「${REMINDER_KEYS.max}」の「${max.text}」は1〜${MAX_COUNT}の整数で入力してください。自動督促は使いません`));
  }
  if (findings.length) out.enabled = false;
  return { autoRemind: out, findings };
}
