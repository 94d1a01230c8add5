/**
 * Installable clock triggers as an Editor add-on gets them: ScriptApp.newTrigger → TriggerBuilder.timeBased() →
 * ClockTriggerBuilder → Trigger, ScriptApp.getProjectTriggers / getUserTriggers / deleteTrigger (services.ts), and a
 * test-side way to fire one (env.runTrigger). Sources (mirror of Google's reference):
 * - reference/script/{ScriptApp,TriggerBuilder,ClockTriggerBuilder,Trigger}.md: the methods, `everyMinutes` "n must be
 *   1, 5, 10, 15 or 30", inTimezone defaults to the script's zone, getTriggerSource CLOCK, getTriggerSourceId "For
 *   clock events this returns null", getProjectTriggers "the current user's triggers associated with this project";
 *   newTrigger / timeBased / getProjectTriggers / deleteTrigger need `script.scriptapp` (scopes.ts).
 * - workspace-add-ons/concepts/editor-triggers.md "Restrictions": "Each add-on can only have one trigger of each type,
 *   per user, per document"; "Time-driven triggers cannot run more frequently than once per hour"; add-on triggers
 *   send no failure e-mails (nothing here sends any); "Add-on trigger functions execute until they reach code that
 *   uses an unauthorized service" (the gate does that). Triggers "always run under the account of the person who
 *   created them" (guides/triggers/installable-triggers.md): in a run the effective user is the creator
 *   (Session.getEffectiveUser: "the account of the person who installed the trigger"), and getActiveUser's e-mail
 *   is blank ("generally unavailable … the script executes as a trigger"; the same-domain exception is not modelled).
 * - The time-driven event object (guides/triggers/event-objects.md "Time-driven events"): authMode, year, month,
 *   day-of-month, day-of-week (1 = Monday), hour, minute, second, timezone, triggerUid, week-of-year.
 * - Error texts: a second clock trigger in the document, `This add-on has created too many time-based triggers in
 *   this document for this Google user account.` [reported verbatim: an add-on's execution log of 2024-10 in public
 *   code, and a vendor's help page, found by exact-string search]; more than 20 triggers per user per script
 *   (quotas page "Triggers 20 / user / script"): `This script has too many triggers. Triggers must be deleted from the
 *   script before more can be added.` [assumed wording]; the other refusals are [guess] wording.
 * - In a clock-trigger run SpreadsheetApp.getActiveSpreadsheet()/getActive() return null (spreadsheet-app.ts)
 *   [reported: "A timed trigger will receive null when it calls SpreadsheetApp.getActiveSpreadsheet() … open the
 *   spreadsheet by URL or ID", GitHub mogsdad/SheetConverter#2; an Editor add-on's trigger library opening documents
 *   with openById and stating currentonly "not sufficient", GitHub vtst/google-apps-scripts VtstAddonTriggerLib].
 *   Unconfirmed for Editor add-ons (docs/environment-check.md).
 */
import type { Ctx } from './context';
import { FakeObject } from './wrap';

const enumOf = <T extends string>(names: readonly T[]) => Object.freeze(Object.fromEntries(names.map((n) => [n, n]))) as { readonly [K in T]: K };

/** reference/script/EventType.md, TriggerSource.md, Weekday.md */
export const EVENT_TYPE = enumOf(['CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE', 'ON_EVENT_UPDATED'] as const);
export const TRIGGER_SOURCE = enumOf(['SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR'] as const);
export const WEEK_DAY = enumOf(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const);

export const TRIGGER_MSG = {
  /** [reported] */
  perDocument: 'This add-on has created too many time-based triggers in this document for this Google user account.',
  /** [assumed wording] quotas page "Triggers 20 / user / script" */
  perScript: 'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
  /** [guess] editor-triggers.md: "cannot run more frequently than once per hour" */
  tooOften: 'Add-ons cannot create time-based triggers that run more frequently than once per hour.',
  /** [guess] */
  noSchedule: 'The trigger has no schedule: call everyDays, everyHours, everyWeeks, onMonthDay, at, atDate or after before create().',
  /** [guess] */
  badValue: (method: string, value: unknown) => `Invalid argument: ${method}(${String(value)})`,
  /** [guess] deleting a trigger that is gone */
  noTrigger: 'The trigger does not exist.',
} as const;

/** The limits; Google may change them (platform-facts §1), so they are configuration. */
export const TRIGGER_LIMITS = { perUserPerScript: 20, clockPerUserPerDocument: 1, minHours: 1 };

export interface TriggerRecord {
  uid: string;
  handler: string;
  /** Whose trigger it is (it runs with their authority). */
  owner: string;
  /** The document the add-on was used in when it was created. */
  documentId: string;
  eventType: 'CLOCK';
  everyDays: number | null;
  everyHours: number | null;
  everyWeeks: number | null;
  atHour: number | null;
  nearMinute: number | null;
  timeZone: string;
}

/** A time-driven event object for `at` (its fields in `timeZone`, the trigger's). */
export function clockEvent(uid: string, at: { year: number; month: number; day: number; hour: number; minute: number; second: number; weekDay: number }, timeZone: string): Record<string, unknown> {
  return {
    authMode: 'FULL', triggerUid: uid, timezone: timeZone,
    year: at.year, month: at.month, 'day-of-month': at.day, 'day-of-week': at.weekDay, hour: at.hour, minute: at.minute, second: at.second,
  };
}

export class FakeTrigger extends FakeObject {
  readonly className = 'Trigger';
  constructor(ctx: Ctx, readonly _record: TriggerRecord) {
    super(ctx);
  }
  getEventType(): string {
    return this._record.eventType;
  }
  getHandlerFunction(): string {
    return this._record.handler;
  }
  getTriggerSource(): string {
    return TRIGGER_SOURCE.CLOCK;
  }
  /** "For clock events this returns null." */
  getTriggerSourceId(): string | null {
    return null;
  }
  getUniqueId(): string {
    return this._record.uid;
  }
}

export class FakeTriggerBuilder extends FakeObject {
  readonly className = 'TriggerBuilder';
  constructor(ctx: Ctx, private readonly handler: string, private readonly documentId: string) {
    super(ctx);
  }
  timeBased(): FakeClockTriggerBuilder {
    return new FakeClockTriggerBuilder(this.ctx, this.handler, this.documentId);
  }
}

const isInt = (n: unknown, lo: number, hi: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= lo && n <= hi;

export class FakeClockTriggerBuilder extends FakeObject {
  readonly className = 'ClockTriggerBuilder';
  private everyDaysN: number | null = null;
  private everyHoursN: number | null = null;
  private everyWeeksN: number | null = null;
  private everyMinutesN: number | null = null;
  private hour: number | null = null;
  private minute: number | null = null;
  private zone: string;
  constructor(ctx: Ctx, private readonly handler: string, private readonly documentId: string) {
    super(ctx);
    this.zone = ctx.scriptTimeZone;
  }
  everyDays(n: number): this {
    if (!isInt(n, 1, 366)) throw this.ctx.error(TRIGGER_MSG.badValue('everyDays', n));
    this.everyDaysN = n;
    return this;
  }
  everyHours(n: number): this {
    if (!isInt(n, 1, 24 * 366)) throw this.ctx.error(TRIGGER_MSG.badValue('everyHours', n));
    this.everyHoursN = n;
    return this;
  }
  everyWeeks(n: number): this {
    if (!isInt(n, 1, 52)) throw this.ctx.error(TRIGGER_MSG.badValue('everyWeeks', n));
    this.everyWeeksN = n;
    return this;
  }
  /** "n must be 1, 5, 10, 15 or 30." */
  everyMinutes(n: number): this {
    if (![1, 5, 10, 15, 30].includes(n)) throw this.ctx.error(TRIGGER_MSG.badValue('everyMinutes', n));
    this.everyMinutesN = n;
    return this;
  }
  atHour(hour: number): this {
    if (!isInt(hour, 0, 23)) throw this.ctx.error(TRIGGER_MSG.badValue('atHour', hour));
    this.hour = hour;
    return this;
  }
  nearMinute(minute: number): this {
    if (!isInt(minute, 0, 59)) throw this.ctx.error(TRIGGER_MSG.badValue('nearMinute', minute));
    this.minute = minute;
    return this;
  }
  inTimezone(timezone: string): this {
    this.zone = String(timezone);
    return this;
  }
  create(): FakeTrigger {
    if (this.everyMinutesN !== null || (this.everyHoursN !== null && this.everyHoursN < TRIGGER_LIMITS.minHours)) throw this.ctx.error(TRIGGER_MSG.tooOften);
    if (this.everyDaysN === null && this.everyHoursN === null && this.everyWeeksN === null) throw this.ctx.error(TRIGGER_MSG.noSchedule);
    const owner = this.ctx.currentUserEmail;
    const mine = this.ctx.triggers.filter((t) => t.owner === owner);
    if (mine.length >= TRIGGER_LIMITS.perUserPerScript) throw this.ctx.error(TRIGGER_MSG.perScript);
    if (mine.filter((t) => t.documentId === this.documentId && t.eventType === 'CLOCK').length >= TRIGGER_LIMITS.clockPerUserPerDocument)
      throw this.ctx.error(TRIGGER_MSG.perDocument);
    const record: TriggerRecord = {
      uid: `40341240849599${String(++this.ctx.triggerSeq).padStart(5, '0')}`,
      handler: this.handler, owner, documentId: this.documentId, eventType: 'CLOCK',
      everyDays: this.everyDaysN, everyHours: this.everyHoursN, everyWeeks: this.everyWeeksN, atHour: this.hour, nearMinute: this.minute, timeZone: this.zone,
    };
    this.ctx.triggers.push(record);
    return new FakeTrigger(this.ctx, record);
  }
}

/** ScriptApp's trigger methods (services.ts delegates here). */
export const triggerMethods = {
  newTrigger(ctx: Ctx, functionName: unknown, documentId: string): FakeTriggerBuilder {
    return new FakeTriggerBuilder(ctx, String(functionName), documentId);
  },
  /** "the current user's triggers associated with this project". */
  projectTriggers(ctx: Ctx): FakeTrigger[] {
    return ctx.triggers.filter((t) => t.owner === ctx.currentUserEmail).map((t) => new FakeTrigger(ctx, t));
  },
  /** "installable triggers owned by this user in the given spreadsheet, for this script or add-on only". */
  userTriggers(ctx: Ctx, documentId: string): FakeTrigger[] {
    return ctx.triggers.filter((t) => t.owner === ctx.currentUserEmail && t.documentId === documentId).map((t) => new FakeTrigger(ctx, t));
  },
  deleteTrigger(ctx: Ctx, trigger: unknown): void {
    const uid = trigger instanceof FakeTrigger ? trigger._record.uid : undefined;
    const at = ctx.triggers.findIndex((t) => t.uid === uid && t.owner === ctx.currentUserEmail);
    if (at < 0) throw ctx.error(TRIGGER_MSG.noTrigger);
    ctx.triggers.splice(at, 1);
  },
};
