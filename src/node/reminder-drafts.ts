/**
 * Reminder mails as .eml drafts (RFC 5322 / MIME), built by nodemailer's MailComposer — never by joining header
 * strings: it encodes the Japanese subject as RFC 2047 encoded-words, the body as UTF-8 with a transfer encoding, and
 * folds long headers. `X-Unsent: 1` makes Outlook open the file as a message to send rather than a received one.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ReminderMail } from '../core/cycle';
import { UserError } from '../core/errors';
import { safeNamePart } from '../core/files/file-names';
import { writeFileReplacing } from './temp-files';

export { safeNamePart } from '../core/files/file-names';

/** `2020年度_税制課_督促.eml`; a name already taken in `taken` (case-insensitively) gets `_2`, `_3` … */
export function draftFileName(fiscalYearLabel: string, dept: string, taken: Set<string>): string {
  const base = `${safeNamePart(fiscalYearLabel)}_${safeNamePart(dept)}_督促`;
  let name = `${base}.eml`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}.eml`;
  taken.add(name.toLowerCase());
  return name;
}

/** The message of one reminder, as the bytes of an .eml file. */
export function draftMessage(mail: ReminderMail, from: string): Promise<Buffer> {
  const composer = new MailComposer({
    ...(from ? { from } : {}),
    // No To when 設定 has no address: the coordinator fills it in the mail program (RFC 5322 needs only From and Date).
    ...(mail.to.length ? { to: mail.to } : {}),
    ...(mail.cc.length ? { cc: mail.cc } : {}),
    subject: mail.subject,
    text: mail.body,
    textEncoding: 'base64',
    headers: { 'X-Unsent': '1' },
  });
  return composer.compile().build();
}

/** Creates the folder when needed; refuses, in Japanese, one that cannot be written. */
export function writableFolder(folder: string): void {
  const refuse = (why: string) => new UserError(`下書きのフォルダ ${folder} に書き込めません（${why}）。--drafts に書き込めるフォルダを指定してください`);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw refuse(code === 'EEXIST' || code === 'ENOTDIR' ? 'フォルダではなくファイルがあります' : code === 'EACCES' || code === 'EPERM' ? '権限がありません' : code ?? String(e));
  }
  if (!statSync(folder).isDirectory()) throw refuse('フォルダではなくファイルです');
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw refuse('権限がありません');
  }
}

export interface WrittenDraft {
  mail: ReminderMail;
  file: string;
  path: string;
}

/** Writes one .eml per mail into `folder` (each replaced whole if it is there already). */
export async function writeDrafts(folder: string, fiscalYearLabel: string, mails: readonly ReminderMail[], from: string): Promise<WrittenDraft[]> {
  const taken = new Set<string>();
  const out: WrittenDraft[] = [];
  for (const mail of mails) {
    const file = draftFileName(fiscalYearLabel, mail.dept, taken);
    const path = join(folder, file);
    await writeFileReplacing(path, await draftMessage(mail, from));
    out.push({ mail, file, path });
  }
  return out;
}
