/** Base.User: only the e-mail is modelled. */
import type { Ctx } from './context';
import { FakeObject } from './wrap';

export class FakeUser extends FakeObject {
  readonly className = 'User';
  constructor(
    ctx: Ctx,
    readonly _email: string,
  ) {
    super(ctx);
  }
  getEmail(): string {
    return this._email;
  }
}

/** Accepts an e-mail or a User (as Protection.addEditor does). */
export function emailOf(x: unknown): string {
  if (x instanceof FakeUser) return x._email;
  return String(x);
}
