/** Session, Logger, Utilities (a cheap subset) and ScriptApp. */
import { randomUUID } from 'node:crypto';
import { FakeUser } from './user';
import { dateToSerial, serialParts } from './values';
import { FakeObject } from './wrap';

export const AUTH_MODE = {
  NONE: 'NONE',
  CUSTOM_FUNCTION: 'CUSTOM_FUNCTION',
  LIMITED: 'LIMITED',
  FULL: 'FULL',
} as const;

export class FakeSession extends FakeObject {
  readonly className = 'Session';
  /** Blank in NONE / LIMITED / CUSTOM_FUNCTION (fact 69) or when the environment's e-mail is ''. */
  getActiveUser(): FakeUser {
    return new FakeUser(this.ctx, this.ctx.authMode === 'FULL' ? this.ctx.activeUserEmail : '');
  }
  /** Blank in NONE and CUSTOM_FUNCTION (guess: no user data there), known in LIMITED and FULL. */
  getEffectiveUser(): FakeUser {
    const known = this.ctx.authMode === 'FULL' || this.ctx.authMode === 'LIMITED';
    return new FakeUser(this.ctx, known ? this.ctx.effectiveUserEmail : '');
  }
  getScriptTimeZone(): string {
    return this.ctx.scriptTimeZone;
  }
  getActiveUserLocale(): string {
    return this.ctx.locale;
  }
  getTemporaryActiveUserKey(): string {
    return `temp-key-${this.ctx.activeUserEmail.length}`;
  }
}

export class FakeLogger extends FakeObject {
  readonly className = 'Logger';
  log(format?: unknown, ...values: unknown[]): this {
    let text = String(format ?? '');
    if (values.length) {
      let i = 0;
      text = text.replace(/%s/g, () => String(values[i++]));
      if (i === 0) text = [format, ...values].map(String).join(' ');
    }
    this.ctx.logs.push(text);
    return this;
  }
  getLog(): string {
    return this.ctx.logs.join('\n');
  }
  clear(): void {
    this.ctx.logs.length = 0;
  }
}

export class FakeUtilities extends FakeObject {
  readonly className = 'Utilities';
  /** Minimal SimpleDateFormat: y, M, d, H, h, m, s, a and 'quoted' literals. */
  formatDate(date: Date, timeZone: string, format: string): string {
    const p = serialParts(dateToSerial(date, timeZone));
    return format.replace(/'([^']*)'|y+|M+|d+|H+|h+|m+|s+|a/g, (tok, lit: string | undefined) => {
      if (lit !== undefined) return lit === '' ? "'" : lit;
      const pad = (n: number) => String(n).padStart(tok.length, '0');
      switch (tok[0]) {
        case 'y':
          return tok.length === 2 ? String(p.y % 100).padStart(2, '0') : String(p.y);
        case 'M':
          return pad(p.mo);
        case 'd':
          return pad(p.d);
        case 'H':
          return pad(p.h);
        case 'h':
          return pad(p.h % 12 === 0 ? 12 : p.h % 12);
        case 'm':
          return pad(p.mi);
        case 's':
          return pad(p.s);
        default:
          return p.h < 12 ? 'AM' : 'PM';
      }
    });
  }
  sleep(milliseconds: number): void {
    this.ctx.sleptMs += milliseconds;
  }
  getUuid(): string {
    return randomUUID();
  }
}

export class FakeScriptApp extends FakeObject {
  readonly className = 'ScriptApp';
  readonly AuthMode = AUTH_MODE;
  getScriptId(): string {
    return 'fake-script-id';
  }
}
