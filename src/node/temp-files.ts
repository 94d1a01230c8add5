/**
 * The temporary files a save writes beside a workbook before renaming them over it: `.<name>.<16 hex>.tmp`, a random
 * name created exclusively (a file planted under a guessable name is never written through). Versions before 0.1
 * used `.<name>.<pid>.tmp`. A save killed between writing and renaming leaves one behind; whoever holds the book's
 * lock (book-lock.ts) knows no save of ours is under way and removes them.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A fresh temporary path for saving `target` (a real file path, symlinks already followed). */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a file name in the target's folder is one of its temporary files (current or old naming). */
export function isTempOf(target: string, name: string): boolean {
  const base = escapeRegExp(path.basename(target));
  return new RegExp(`^\\.${base}\\.(?:[0-9a-f]{16}|\\d+)\\.tmp$`).test(name);
}

/**
 * Removes the target's leftover temporary files; only call it while holding the book's lock. Regular files only: a
 * symlink or folder under such a name was not made by a save and is left alone. Returns the names removed.
 */
export async function removeOrphanTemps(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => isTempOf(target, n))) {
    const p = path.join(dir, name);
    try {
      if (!(await fs.promises.lstat(p)).isFile()) continue;
      await fs.promises.rm(p);
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
  return removed;
}

/**
 * Writes `bytes` to `target` through a temporary file beside it (created exclusively, synced, renamed over it), so a
 * reader never sees half a file and a failed write leaves the old one. For outputs other than workbooks (PDF).
 */
export async function writeFileReplacing(target: string, bytes: Uint8Array): Promise<void> {
  await fs.promises.mkdir(path.dirname(path.resolve(target)), { recursive: true });
  const real = await fs.promises.realpath(target).catch(() => path.resolve(target));
  const tmp = tempPathFor(real);
  try {
    const fh = await fs.promises.open(tmp, 'wx', 0o666);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, real);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
