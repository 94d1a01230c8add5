/** Session, Logger, Utilities (a cheap subset) and ScriptApp. */
import { randomUUID } from 'node:crypto';
import type { Ctx } from './context';
import { MSG, describeArg } from './errors';
import { EVENT_TYPE, TRIGGER_SOURCE, WEEK_DAY, triggerMethods, type FakeTrigger, type FakeTriggerBuilder } from './triggers';
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
  /**
   * Needs userinfo.email (refused by the gate in NONE and CUSTOM_FUNCTION, and when the manifest or the user's grant
   * lacks it); blank in LIMITED (fact 69) or when the environment's e-mail is ''.
   */
  getActiveUser(): FakeUser {
    return new FakeUser(this.ctx, this.ctx.authMode === 'FULL' ? this.ctx.activeUserEmail : '');
  }
  /** Needs userinfo.email, as getActiveUser; known in LIMITED and FULL. */
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
  /**
   * Minimal SimpleDateFormat (the Utilities reference: "Formats date according to specification described in Java SE
   * SimpleDateFormat class"): y, M, d, H, h, m, s, a and 'quoted' literals. As in that class, `yy` is the year cut to
   * two digits and other counts are minimum digits, zero-padded (`yyyy` of 999 is `0999`).
   */
  formatDate(date: Date, timeZone: string, format: string): string {
    const p = serialParts(dateToSerial(date, timeZone));
    return format.replace(/'([^']*)'|y+|M+|d+|H+|h+|m+|s+|a/g, (tok, lit: string | undefined) => {
      if (lit !== undefined) return lit === '' ? "'" : lit;
      const pad = (n: number) => String(n).padStart(tok.length, '0');
      switch (tok[0]) {
        case 'y':
          return tok.length === 2 ? String(p.y % 100).padStart(2, '0') : pad(p.y);
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

/** ScriptApp.AuthorizationStatus (mirror reference/script/AuthorizationStatus.md). */
export const AUTHORIZATION_STATUS = { REQUIRED: 'REQUIRED', NOT_REQUIRED: 'NOT_REQUIRED' } as const;

/**
 * Granular consent (mirror reference/script/ScriptApp.md; guides/Scopes.md "Handle granular OAuth permissions").
 * None of these methods lists a scope in the reference. The consent that counts is the one "for AuthMode.FULL,
 * since no other authorization mode requires that users grant authorization": for any other mode nothing is
 * missing [assumed].
 */
export class FakeScriptApp extends FakeObject {
  readonly className = 'ScriptApp';
  readonly AuthMode = AUTH_MODE;
  readonly AuthorizationStatus = AUTHORIZATION_STATUS;
  getScriptId(): string {
    return 'fake-script-id';
  }
  readonly EventType = EVENT_TYPE;
  readonly TriggerSource = TRIGGER_SOURCE;
  readonly WeekDay = WEEK_DAY;
  /** Installable triggers (triggers.ts): each needs script.scriptapp (scopes.ts). */
  newTrigger(functionName: string): FakeTriggerBuilder {
    return triggerMethods.newTrigger(this.ctx, functionName, this.ctx.documentId);
  }
  getProjectTriggers(): FakeTrigger[] {
    return triggerMethods.projectTriggers(this.ctx);
  }
  getUserTriggers(document: { getId(): string }): FakeTrigger[] {
    return triggerMethods.userTriggers(this.ctx, document.getId());
  }
  deleteTrigger(trigger: FakeTrigger): void {
    triggerMethods.deleteTrigger(this.ctx, trigger);
  }
  /** "If any consents are missing, then this method ends the current execution and renders an authorization prompt." */
  requireAllScopes(authMode: unknown): void {
    const missing = this._missing('requireAllScopes', authMode, this.ctx.oauthScopes ?? []);
    if (missing.length) this.ctx.endExecution(missing);
  }
  /** As requireAllScopes for `scopes`; "Scopes that are invalid or not required by the script lead to an error." */
  requireScopes(authMode: unknown, scopes: unknown): void {
    const missing = this._missing('requireScopes', authMode, this._requested('requireScopes', scopes));
    if (missing.length) this.ctx.endExecution(missing);
  }
  getAuthorizationInfo(authMode: unknown, scopes?: unknown): FakeAuthorizationInfo {
    const asked = scopes === undefined ? (this.ctx.oauthScopes ?? []) : this._requested('getAuthorizationInfo', scopes);
    const missing = this._missing('getAuthorizationInfo', authMode, asked);
    const granted = this.ctx.granted();
    return new FakeAuthorizationInfo(this.ctx, missing.length > 0, granted ? asked.filter((s) => granted.includes(s)) : [...asked]);
  }

  _requested(method: string, scopes: unknown): string[] {
    if (!Array.isArray(scopes)) throw this.ctx.error(MSG.signature(`AuthMode,${describeArg(scopes)}`, `ScriptApp.${method}`));
    const list = scopes.map(String);
    const manifest = this.ctx.oauthScopes;
    const stray = manifest ? list.find((s) => !manifest.includes(s)) : undefined;
    if (stray !== undefined) throw this.ctx.error(MSG.scopeNotRequired(stray));
    return list;
  }
  _missing(method: string, authMode: unknown, scopes: readonly string[]): string[] {
    if (!Object.values(AUTH_MODE).includes(authMode as never)) throw this.ctx.error(MSG.signature(describeArg(authMode), `ScriptApp.${method}`));
    const granted = this.ctx.granted();
    if (authMode !== AUTH_MODE.FULL || !granted) return [];
    return scopes.filter((s) => !granted.includes(s));
  }
}

/** What getAuthorizationInfo answers (mirror reference/script/AuthorizationInfo.md). */
export class FakeAuthorizationInfo extends FakeObject {
  readonly className = 'AuthorizationInfo';
  constructor(
    ctx: Ctx,
    private readonly required: boolean,
    private readonly authorized: string[],
  ) {
    super(ctx);
  }
  getAuthorizationStatus(): string {
    return this.required ? AUTHORIZATION_STATUS.REQUIRED : AUTHORIZATION_STATUS.NOT_REQUIRED;
  }
  /** "returns null if no authorization is required"; the URL's form is assumed. */
  getAuthorizationUrl(): string | null {
    return this.required ? 'https://script.google.com/macros/d/fake-script-id/authorize' : null;
  }
  getAuthorizedScopes(): string[] {
    return [...this.authorized];
  }
}
