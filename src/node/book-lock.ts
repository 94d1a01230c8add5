/**
 * The exclusive lock every job that writes a workbook holds from opening it to renaming the result over it, so two
 * of our processes (command line, preview) never both read the same bytes and the later save drops the earlier one's
 * work (attack report F2). It is proper-lockfile's mkdir lock (atomic on local and network drives) on a hidden folder
 * beside the real file; its holder touches it every few seconds, and one left by a killed process is taken over once
 * it is older than the stale time. A job that finds the book locked waits, then gives up with a Japanese message and
 * changes nothing. Programs that do not use this lock (Excel…) are caught by XlsxWorkbook.save's "changed since
 * opened" check instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import { UserError } from '../core/errors';
import { removeOrphanTemps } from './temp-files';

export interface BookLockOptions {
  /** How long to wait for another job holding the book (ms; 60 s by default). */
  waitMs?: number;
  /** Told once, in Japanese, when the book is busy and the job starts waiting. */
  onWait?: (message: string) => void;
  /** Told when the lock was lost while held (e.g. the event loop was blocked past the stale time). */
  onWarning?: (message: string) => void;
  /** A lock untouched for this long belongs to a process that died and is taken over (ms; 30 s by default). */
  staleMs?: number;
}

export const LOCK_WAIT_MS = 60_000;
export const LOCK_STALE_MS = 30_000;
/** How often the holder touches its lock; well under the stale time so a busy event loop does not lose it. */
const LOCK_UPDATE_MS = 5_000;

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as NodeJS.ErrnoException).code : undefined;
}

/**
 * The real path a save of `file` replaces, as XlsxWorkbook.save finds it: symlinks followed; for a file not there
 * yet, its folder's real path (so a symlinked folder and its target lock the same name).
 */
export async function realBookPath(file: string): Promise<string> {
  try {
    return await fs.promises.realpath(file);
  } catch (e) {
    if (codeOf(e) !== 'ENOENT') throw e;
  }
  const dir = path.dirname(path.resolve(file));
  const realDir = await fs.promises.realpath(dir).catch(() => dir);
  return path.join(realDir, path.basename(file));
}

/** The lock folder of a real workbook path: hidden, beside it, named after it. */
export function lockPathOf(real: string): string {
  return path.join(path.dirname(real), `.~shinchoku.${path.basename(real)}.lock`);
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

function lockError(file: string, e: unknown): UserError {
  const code = codeOf(e);
  const message =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? `${file} を保存できません。フォルダに書き込めません（書き込みの権限があるフォルダか確認してください）`
      : `${file} を保存する準備ができません（${code ?? String(e)}）`;
  const err = new UserError(message);
  Object.defineProperty(err, 'cause', { value: e, enumerable: false });
  return err;
}

/**
 * Runs `fn` holding the exclusive lock of the workbook `file` will be saved to (open, compute and save all inside),
 * after removing temporary files that killed saves left behind. Waits for another job holding it up to waitMs.
 */
export async function withBookLock<T>(file: string, fn: () => Promise<T>, options: BookLockOptions = {}): Promise<T> {
  const real = await realBookPath(file);
  const lockfilePath = lockPathOf(real);
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  try {
    // A new book in a new folder (init, --out): the folder the save would create anyway.
    await fs.promises.mkdir(path.dirname(real), { recursive: true });
  } catch (e) {
    throw lockError(file, e);
  }
  let compromised = false;
  let release: (() => Promise<void>) | undefined;
  let waiting = false;
  while (!release) {
    try {
      release = await lockfile.lock(real, {
        realpath: false,
        lockfilePath,
        stale: options.staleMs ?? LOCK_STALE_MS,
        update: LOCK_UPDATE_MS,
        // proper-lockfile's default throws from a timer, which would end the process mid-save.
        onCompromised: () => {
          compromised = true;
        },
      });
    } catch (e) {
      if (codeOf(e) !== 'ELOCKED') throw lockError(file, e);
      if (Date.now() >= deadline)
        throw new UserError(
          `${file} はほかの処理（shinchoku のコマンドかプレビュー）が使用中のため、${Math.round(waitMs / 1000)}秒待ちましたが処理できませんでした。何も変更していません。終わってからもう一度実行してください（どの shinchoku も動いていないのに続くときは ${lockfilePath} を削除してください）`,
        );
      if (!waiting) options.onWait?.(`ほかの処理（shinchoku）が ${file} を使用中です。終わるのを待っています…`);
      waiting = true;
      // Random pauses keep two waiters from retrying in step.
      await sleep(40 + Math.random() * 120);
    }
  }
  try {
    await removeOrphanTemps(real);
    return await fn();
  } finally {
    await release().catch(() => undefined);
    if (compromised)
      options.onWarning?.(`${file} の使用中の印を保てませんでした（処理が長く止まっていた可能性があります）。ほかの処理と重なった保存は、変更の確認で断られています`);
  }
}
