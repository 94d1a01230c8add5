/**
 * Stopping a long write before Apps Script stops it, and going on where it stopped in the next run.
 *
 * Apps Script ends an execution after 6 minutes (platform-facts §1, quotas page). 部門シート作成・更新 costs about
 * 20 calls per department tab at 0.2–0.3 s each (fact 52), so 300 tabs need 20–30 minutes: the Sheets workbook writes
 * tabs in order while WRITE_BUDGET_MS lasts, and remembers a fingerprint of each output it wrote. The next run
 * computes every output again (each tab read once, as always) and skips those whose fingerprint it finds: those
 * tabs are exactly as this run would write them. A tab someone typed into since gives another output, so it is
 * written again (its entries are kept by the core anyway). The fingerprints are dropped when a run writes the last
 * tab, so the run after that is a normal full setup.
 */
import type { SheetOutput } from '../core/workbook';
import type { DocumentStore } from './doc-store';
import { fingerprint } from '../core/fingerprint';

/**
 * Writing stops once this much of the execution has passed: 4.5 of Apps Script's 6 minutes, leaving room for the
 * document lock's wait before the job starts (up to 30 s, addon.ts), one more tab, 変更履歴 and the final flush.
 */
export const WRITE_BUDGET_MS = 270_000;

/** Time since the workbook was opened for this execution, on `clock` (milliseconds, Date.now by default). */
export class WriteBudget {
  private readonly start: number;

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly limitMs = WRITE_BUDGET_MS,
  ) {
    this.start = clock();
  }

  exhausted(): boolean {
    return this.clock() - this.start >= this.limitMs;
  }
}

const PREFIX = 'shinchoku.resume.';
/** Fingerprints per property value: ≈ 14 characters each, within the 9 KB a value may hold. */
const PER_KEY = 500;

/** The fingerprints of the outputs an unfinished resumable write has written (document properties). */
export class ResumeProgress {
  private readonly done = new Set<string>();

  constructor(private readonly store: DocumentStore) {
    for (const key of store.keys(PREFIX)) for (const f of (store.get(key) ?? '').split(',')) if (f) this.done.add(f);
  }

  private readonly prints = new WeakMap<SheetOutput, string>();

  private of(out: SheetOutput): string {
    let f = this.prints.get(out);
    // What the tab becomes, not where the old one's cells went: a tab written by an earlier run reads back with its
    // rows in place, so its carry differs (identity) while the tab is the same and is not written again.
    if (f === undefined) this.prints.set(out, (f = fingerprint({ ...out, carry: undefined })));
    return f;
  }

  has(out: SheetOutput): boolean {
    return this.done.has(this.of(out));
  }

  add(out: SheetOutput): void {
    this.done.add(this.of(out));
  }

  /** Keeps the fingerprints for the next run, or drops them all when the write finished (`complete`). */
  finish(complete: boolean): void {
    const keys = this.store.keys(PREFIX);
    if (complete) {
      for (const key of keys) this.store.delete(key);
      return;
    }
    const all = [...this.done];
    const chunks = Math.ceil(all.length / PER_KEY);
    for (let i = 0; i < chunks; i++) this.store.set(`${PREFIX}${i}`, all.slice(i * PER_KEY, (i + 1) * PER_KEY).join(','));
    for (const key of keys) if (Number(key.slice(PREFIX.length)) >= chunks) this.store.delete(key);
  }
}
