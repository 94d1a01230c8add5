/**
 * 変更履歴 (generated, append-only): one row per cell the add-in writes for a person — when, who, sheet, cell,
 * before, after, and how (the sidebar, setup, …). Shells append rows and never rewrite earlier ones; the rollup
 * never touches the sheet.
 */
import { timestampText } from '../calendar';
import type { AppendSheet, Scalar } from '../workbook';
import { SHEET } from './sheet-names';

export const LOG_HEADERS = ['日時', '利用者', 'シート', 'セル', '変更前', '変更後', '方法'] as const;

/** 変更履歴 as an append-only sheet (the default of WorkbookPort.appendLog). */
export const CHANGE_LOG: AppendSheet = { name: SHEET.log, headers: LOG_HEADERS, widths: [20, 28, 14, 8, 24, 24, 18] };

export type LogHow = 'サイドバー' | 'サイドバー（提出）' | '部門シート作成・更新' | '初期設定' | '年度確定' | '年度確定の解除' | '差戻し' | '新年度の準備'
  | `事務局修正（理由: ${string}）` | `回収（${string}）`;

export interface LogEntry {
  sheet: string;
  /** A1, or '' for a whole sheet. */
  cell: string;
  before: string;
  after: string;
  how: LogHow;
}

/** Who and when, as the shell knows them. An unknown user is recorded as such, never left blank. */
export interface Actor {
  /** A calendar date-time (calendar.ts): the wall clock of the workbook's zone in Sheets, of the machine locally. */
  now: Date;
  /** The signed-in user's e-mail ('' when the platform does not tell). */
  user: string;
}

export const UNKNOWN_USER = '（不明）';

/** `2026/11/24 09:05:03`: the actor's calendar date-time (see Actor.now). */
export function logTime(d: Date): string {
  return timestampText(d);
}

/** The rows to append: all text, so nothing in them is ever read as a formula or a number. */
export function logRows(entries: LogEntry[], actor: Actor): Scalar[][] {
  const when = logTime(actor.now);
  const who = actor.user || UNKNOWN_USER;
  return entries.map((e) => [when, who, e.sheet, e.cell, e.before, e.after, e.how]);
}
