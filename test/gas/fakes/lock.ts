/**
 * LockService. Each lock kind (script, document, user) has one holder: nobody, this execution, or
 * "another execution" that a test sets up with env.lock.holdByOther(kind, { releaseAfterMs }).
 * tryLock/waitLock do not sleep: they succeed at once if the other holder would release within the
 * timeout. Each releaseLock() by this execution records whether SpreadsheetApp.flush() ran while the lock was
 * held and after the last spreadsheet write (env.flushBeforeRelease).
 */
import type { Ctx } from './context';
import { MSG } from './errors';
import { FakeObject } from './wrap';

export type LockKind = 'script' | 'document' | 'user';

export interface LockSlot {
  holder: 'none' | 'self' | 'other';
  /** When held by another execution: after how many ms it lets go (undefined = never). */
  otherReleaseAfterMs?: number;
  /** ctx.seq when this execution acquired it. */
  acquiredSeq: number;
  /** Timeouts passed to tryLock/waitLock, for assertions. */
  waits: number[];
}

export class LockTable {
  readonly slots: Record<LockKind, LockSlot> = {
    script: { holder: 'none', acquiredSeq: 0, waits: [] },
    document: { holder: 'none', acquiredSeq: 0, waits: [] },
    user: { holder: 'none', acquiredSeq: 0, waits: [] },
  };
}

export class FakeLock extends FakeObject {
  readonly className = 'Lock';
  constructor(
    ctx: Ctx,
    readonly _slot: LockSlot,
  ) {
    super(ctx);
  }
  private _acquire(timeoutMs: number): boolean {
    const s = this._slot;
    s.waits.push(timeoutMs);
    if (s.holder === 'self') return true;
    if (s.holder === 'other') {
      if (s.otherReleaseAfterMs === undefined || timeoutMs < s.otherReleaseAfterMs) return false;
      delete s.otherReleaseAfterMs;
    }
    s.holder = 'self';
    s.acquiredSeq = ++this.ctx.seq;
    return true;
  }
  tryLock(timeoutInMillis: number): boolean {
    return this._acquire(Number(timeoutInMillis));
  }
  waitLock(timeoutInMillis: number): void {
    if (!this._acquire(Number(timeoutInMillis))) throw this.ctx.error(MSG.lockTimeout);
  }
  hasLock(): boolean {
    return this._slot.holder === 'self';
  }
  releaseLock(): void {
    const s = this._slot;
    if (s.holder !== 'self') return;
    const c = this.ctx;
    c.flushBeforeRelease.push(c.lastFlushSeq > s.acquiredSeq && c.lastFlushSeq > c.lastWriteSeq);
    s.holder = 'none';
  }
}

export class FakeLockService extends FakeObject {
  readonly className = 'LockService';
  constructor(
    ctx: Ctx,
    readonly _table: LockTable,
  ) {
    super(ctx);
  }
  getScriptLock(): FakeLock {
    return new FakeLock(this.ctx, this._table.slots.script);
  }
  getDocumentLock(): FakeLock {
    return new FakeLock(this.ctx, this._table.slots.document);
  }
  getUserLock(): FakeLock {
    return new FakeLock(this.ctx, this._table.slots.user);
  }
}
