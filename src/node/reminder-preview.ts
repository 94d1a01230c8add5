/**
 * The local preview's 督促 section: the same plan the Sheets add-in mails (core cycle/reminders.ts), shown as drafts.
 * The preview sends nothing (no MailApp here); it points to `shinchoku remind --drafts`, which writes one .eml per
 * department for the coordinator's own mail program.
 */
import { japaneseDate } from '../core/cycle/deadline';
import { reminderPlan } from '../core/cycle';
import type { ReminderPreview } from '../core/sidebar/types';
import type { WorkbookPort } from '../core/workbook';

export const REMINDER_PREVIEW_NOTE =
  'プレビューではメールを送れません。下書きの .eml を作るには shinchoku remind <ファイル> --drafts <フォルダ> を使い、お使いのメールソフトで開いて送ってください';

export function reminderPreview(book: WorkbookPort, year: number | null, user: string): ReminderPreview {
  const { deadlineDay, ...plan } = reminderPlan(book, { year, link: (dept) => `このファイルの「${dept}」シート`, from: user.includes('@') ? user : '' });
  return { ...plan, deadlineText: deadlineDay ? japaneseDate(deadlineDay) : '', quota: null, canSend: false, note: REMINDER_PREVIEW_NOTE, auto: null };
}
