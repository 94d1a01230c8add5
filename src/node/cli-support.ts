/**
 * What every `shinchoku` command shares: the terminal (Io), exit codes, who acts (the person at this computer), the
 * book lock around a job that writes, and the checks on file arguments. Commands live in cli.ts and in
 * src/node/commands/ (one module per command group), all through these.
 */
import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { extname, resolve } from 'node:path';
import { calendarOfLocalTime } from '../core/calendar';
import { UserError } from '../core/errors';
import type { Actor } from '../core/layout/change-log';
import { withBookLock } from './book-lock';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stderr is a terminal (progress bar). */
  isTTY: boolean;
}

export const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stderr.isTTY,
};

/** Exit codes: 0 ok, 1 the check found errors, 2 the job could not run (a clear message was printed). */
export const EXIT = { ok: 0, findings: 1, failed: 2 } as const;

/** The person at this computer, for 変更履歴 ('' when the system does not tell). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/**
 * Who and when for 変更履歴 and 年度確定: the machine's local wall clock, which is the person's at this computer (an
 * .xlsx file has no time zone of its own).
 */
export function localActor(): Actor {
  return { now: calendarOfLocalTime(new Date()), user: osUser() };
}

export function mustExist(path: string): void {
  if (!existsSync(path)) throw new UserError(`ファイルが見つかりません: ${path}`);
}

/** The same file, through symlinks and hard links too (false when either does not exist). */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Refuses a report's --out that would replace the workbook itself, or whose extension says the other format (a PDF
 * named .xlsx would not open, nor would a workbook named .pdf).
 */
export function reportTargetProblem(book: string, out: string, xlsx: boolean): void {
  if (sameFile(book, out)) throw new UserError(`--out に元のブック（${book}）は指定できません。報告書は別のファイルに書き出してください`);
  const ext = extname(out).toLowerCase();
  if (xlsx && ext === '.pdf') throw new UserError(`--xlsx のときは --out に .xlsx のファイルを指定してください（${out}）`);
  if (!xlsx && ['.xlsx', '.xlsm', '.xls'].includes(ext)) throw new UserError(`${out} は Excel のファイル名です。印刷用の .xlsx を作るときは --xlsx を付けてください（付けないときは PDF を作ります）`);
}

export function mustNotExist(path: string): void {
  if (existsSync(path)) throw new UserError(`${path} はすでにあります。上書きしないよう止めました（別の名前を指定してください）`);
}

/**
 * Runs a job that writes `file` (open, compute, save) under the book's lock: another shinchoku writing it meanwhile
 * is waited for, with a line on stderr, instead of one save dropping the other's work.
 */
export function locked<T>(file: string, io: Io, job: () => Promise<T>): Promise<T> {
  return withBookLock(file, job, { onWait: (m) => io.stderr(`${m}\n`), onWarning: (m) => io.stderr(`注意: ${m}\n`) });
}

/** The line saying where the result went when it was saved to another file (--out). */
export function savedElsewhere(target: string, book: string): string {
  return resolve(target) === resolve(book) ? '' : `保存先: ${target}（${book} は変えていません）\n`;
}

