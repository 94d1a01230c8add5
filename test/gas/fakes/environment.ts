/**
 * createEnvironment(): one simulated Apps Script project bound to one spreadsheet.
 *
 * - `globals` are what script code sees (install them with env.install() or pass them to vm.createContext);
 *   every call through them is counted in `calls` and gated by the current auth mode.
 * - `spreadsheet`, `properties` and `htmlOutputs` are the same objects seen from the test: not counted,
 *   not gated, not subject to protections — use them for setup and assertions.
 * - Protections are enforced only when `enforceProtection` is true, for script writes, against the effective
 *   user (scripts run as the effective user, normally the owner, who can always edit).
 * - OAuth scopes are checked when `oauthScopes` (the manifest's) is given: in FULL and LIMITED a method whose scopes
 *   (scopes.ts, from Google's reference) are all missing from the manifest throws "Specified permissions are not
 *   sufficient…", and one the user did not grant (`grantedScopes`) throws "You do not have permission…". The bundle
 *   harness passes build/appsscript.json's. ScriptApp.requireAllScopes/requireScopes end the execution with an
 *   authorization prompt (`ui.authPrompts`) when consent is missing; `startExecution()` begins the next one.
 */
import type { AuthModeName, Limits, UiRecord } from './context';
import { Ctx, DEFAULT_LIMITS } from './context';
import { FakeCharts } from './chart';
import { FakeHtmlOutput, FakeHtmlService } from './html';
import type { LockKind } from './lock';
import { FakeLockService, LockTable } from './lock';
import { FakeMailApp, type SentMail } from './mail';
import { FakeProperties, FakePropertiesService } from './properties';
import { FakeRange } from './range';
import { FakeLogger, FakeScriptApp, FakeSession, FakeUtilities } from './services';
import { dateToSerial } from './values';
import { FakeSpreadsheet } from './spreadsheet';
import { FakeSpreadsheetApp } from './spreadsheet-app';
import { clockEvent, type TriggerRecord } from './triggers';
import { FakeUi } from './ui';
import { unwrap, wrap } from './wrap';

export interface EnvironmentOptions {
  authMode?: AuthModeName;
  /** '' simulates a user whose e-mail is hidden (other domain). Default: ownerEmail. */
  activeUserEmail?: string;
  /** Default: activeUserEmail, or ownerEmail when that is ''. */
  effectiveUserEmail?: string;
  ownerEmail?: string;
  /** Further spreadsheet editors (a group's address gives its members the right; see `groups`). */
  editorEmails?: string[];
  /** Google Groups: group address → member addresses. */
  groups?: Record<string, string[]>;
  spreadsheetTimeZone?: string;
  scriptTimeZone?: string;
  locale?: string;
  spreadsheetId?: string;
  spreadsheetName?: string;
  /** Initial sheets (default: one sheet named シート1). */
  sheetNames?: string[];
  /** Title of createAddonMenu() menus. */
  addonTitle?: string;
  limits?: Partial<Limits>;
  strictGrid?: boolean;
  enforceProtection?: boolean;
  exceptionPrefix?: boolean;
  formulaPrefixes?: string[];
  /** See Ctx.plainTextParsed (a what-if; default false). */
  plainTextParsed?: boolean;
  /** See Ctx.rangeListSorted (a what-if; default false). */
  rangeListSorted?: boolean;
  /** See Ctx.newProtectionExtraEditors (a what-if; default none). */
  newProtectionExtraEditors?: string[];
  htmlFiles?: Record<string, string>;
  /** The Date constructor of the realm the script runs in (e.g. `vm.runInContext('Date', context)`). */
  dateConstructor?: DateConstructor;
  /** The manifest's `oauthScopes`; when given, calls are checked against each method's scopes. Default: not checked. */
  oauthScopes?: readonly string[];
  /** The scopes the user consented to (granular consent). Default: all of `oauthScopes`. */
  grantedScopes?: readonly string[];
  /** Addresses Protection.addEditor(s) refuses, as Google refuses a mistyped or foreign address (errors.ts). */
  refusedEditors?: string[];
  /** Fake-clock milliseconds per script-side call (Ctx.latencyMs); the bundle harness gives it to Date.now. */
  latencyMs?: number | ((what: string) => number);
  /** MailApp's recipients left for the day (default 100, the consumer quota; mail.ts). */
  mailQuota?: number;
}

/** The services script code uses. */
export interface FakeGlobals {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  LockService: GoogleAppsScript.Lock.LockService;
  Session: GoogleAppsScript.Base.Session;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  Logger: GoogleAppsScript.Base.Logger;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  Charts: GoogleAppsScript.Charts.Charts;
  MailApp: GoogleAppsScript.Mail.MailApp;
}

/** Per-method call counts (`calls['Range.getValues']`, 0 when never called) and their `total`. */
export type CallCounts = Readonly<Record<string, number>> & { readonly total: number };

export type CustomFunctionResult = { value: unknown } | { error: string; note: string };

export interface LockControl {
  /** Simulates another execution holding the lock; with releaseAfterMs it lets go after that wait. */
  holdByOther(kind?: LockKind, options?: { releaseAfterMs?: number }): void;
  releaseByOther(kind?: LockKind): void;
  holder(kind?: LockKind): 'none' | 'self' | 'other';
  /** Timeouts passed to tryLock/waitLock on that lock. */
  waits(kind?: LockKind): number[];
  /** Ends the execution's hold on every lock (as when a script finishes), without recording a release. */
  releaseAll(): void;
}

export class FakeEnvironment {
  readonly context: Ctx;
  readonly globals: FakeGlobals;
  /** The bound spreadsheet as the test sees it (uncounted, ungated). */
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  readonly ui: UiRecord;
  readonly calls: CallCounts;
  readonly lock: LockControl;
  readonly properties: {
    script: GoogleAppsScript.Properties.Properties;
    document: GoogleAppsScript.Properties.Properties;
    /** The store getUserProperties() returns for the current user. */
    user: GoogleAppsScript.Properties.Properties;
    userOf(email: string): GoogleAppsScript.Properties.Properties;
  };

  private readonly rawSpreadsheet: FakeSpreadsheet;
  private readonly outputs: FakeHtmlOutput[] = [];
  private readonly lockTable = new LockTable();

  constructor(options: EnvironmentOptions = {}) {
    const ownerEmail = options.ownerEmail ?? 'owner@example.jp';
    const activeUserEmail = options.activeUserEmail ?? ownerEmail;
    const ctx = new Ctx({
      authMode: options.authMode ?? 'FULL',
      ownerEmail,
      activeUserEmail,
      effectiveUserEmail: options.effectiveUserEmail ?? (activeUserEmail || ownerEmail),
      editorEmails: options.editorEmails ?? [],
      spreadsheetTimeZone: options.spreadsheetTimeZone ?? 'Asia/Tokyo',
      scriptTimeZone: options.scriptTimeZone ?? 'Asia/Tokyo',
      locale: options.locale ?? 'ja',
      addonTitle: options.addonTitle ?? 'Shinchoku',
      limits: { ...DEFAULT_LIMITS, ...options.limits },
    });
    ctx.groups = { ...(options.groups ?? {}) };
    ctx.strictGrid = options.strictGrid ?? false;
    ctx.enforceProtection = options.enforceProtection ?? false;
    ctx.exceptionPrefix = options.exceptionPrefix ?? false;
    if (options.formulaPrefixes) ctx.formulaPrefixes = [...options.formulaPrefixes];
    ctx.plainTextParsed = options.plainTextParsed ?? false;
    ctx.rangeListSorted = options.rangeListSorted ?? false;
    ctx.newProtectionExtraEditors = [...(options.newProtectionExtraEditors ?? [])];
    Object.assign(ctx.htmlFiles, options.htmlFiles ?? {});
    if (options.dateConstructor) ctx.DateCtor = options.dateConstructor;
    if (options.oauthScopes) ctx.oauthScopes = [...options.oauthScopes];
    if (options.grantedScopes) ctx.grantedScopes = [...options.grantedScopes];
    ctx.refusedEditors = new Set((options.refusedEditors ?? []).map((e) => e.toLowerCase()));
    if (options.latencyMs !== undefined) ctx.latencyMs = options.latencyMs;
    if (options.mailQuota !== undefined) ctx.mail.remaining = options.mailQuota;
    this.context = ctx;
    this.ui = ctx.ui;

    const ss = new FakeSpreadsheet(
      ctx,
      options.spreadsheetId ?? 'fake-spreadsheet-id',
      options.spreadsheetName ?? 'Shinchoku test',
      options.sheetNames ?? ['シート1'],
    );
    this.rawSpreadsheet = ss;
    ctx.documentId = ss._id;
    const ui = new FakeUi(ctx);
    const props = new FakePropertiesService(ctx);
    const raw = {
      SpreadsheetApp: new FakeSpreadsheetApp(ctx, ss, ui),
      PropertiesService: props,
      LockService: new FakeLockService(ctx, this.lockTable),
      Session: new FakeSession(ctx),
      HtmlService: new FakeHtmlService(ctx, this.outputs),
      ScriptApp: new FakeScriptApp(ctx),
      Logger: new FakeLogger(ctx),
      Utilities: new FakeUtilities(ctx),
      Charts: new FakeCharts(ctx),
      MailApp: new FakeMailApp(ctx),
    };
    const g: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) g[k] = wrap(v, 'script');
    this.globals = g as unknown as FakeGlobals;
    this.spreadsheet = wrap(ss, 'test') as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;

    const asProps = (p: FakeProperties) => wrap(p, 'test') as unknown as GoogleAppsScript.Properties.Properties;
    this.properties = {
      script: asProps(new FakeProperties(ctx, props._script)),
      document: asProps(new FakeProperties(ctx, props._document)),
      get user() {
        return asProps(new FakeProperties(ctx, props._userStore(props._currentUser())));
      },
      userOf: (email: string) => asProps(new FakeProperties(ctx, props._userStore(email))),
    };

    this.calls = new Proxy({} as CallCounts, {
      get: (_t, prop) => {
        if (typeof prop !== 'string') return undefined;
        return prop === 'total' ? ctx.totalCalls() : ctx.countOf(prop);
      },
      ownKeys: () => ctx.callNames(),
      getOwnPropertyDescriptor: (_t, prop) =>
        typeof prop === 'string' && ctx.countOf(prop) > 0
          ? { value: ctx.countOf(prop), enumerable: true, configurable: true, writable: false }
          : undefined,
    });

    const slots = this.lockTable.slots;
    this.lock = {
      holdByOther(kind = 'script', opts = {}) {
        slots[kind].holder = 'other';
        slots[kind].otherReleaseAfterMs = opts.releaseAfterMs;
      },
      releaseByOther(kind = 'script') {
        if (slots[kind].holder === 'other') slots[kind].holder = 'none';
      },
      holder: (kind = 'script') => slots[kind].holder,
      waits: (kind = 'script') => [...slots[kind].waits],
      releaseAll() {
        for (const s of Object.values(slots)) if (s.holder === 'self') s.holder = 'none';
      },
    };
  }

  // ---- execution model ----

  get authMode(): AuthModeName {
    return this.context.authMode;
  }
  /** Changes the auth mode for the next simulated execution. */
  setAuthMode(mode: AuthModeName): void {
    this.context.authMode = mode;
  }
  resetCalls(): void {
    this.context.resetCalls();
  }
  /** Counts as a plain object, for snapshots and messages. */
  callCounts(): Record<string, number> {
    return Object.fromEntries(this.context.callNames().map((n) => [n, this.context.countOf(n)]));
  }
  /** The fake clock in milliseconds (advances by latencyMs per script-side call). */
  get clockMs(): number {
    return this.context.clockMs;
  }
  /** Whether calls take time on the fake clock (then the bundle harness runs Date.now on it). */
  get timed(): boolean {
    return this.context.latencyMs !== 0;
  }
  /** Begins a new simulated execution: an execution ended for an authorization prompt no longer blocks calls. */
  startExecution(): void {
    this.context.executionEnded = undefined;
  }
  /** The manifest's scopes the gate checks against (undefined: no scope checks). */
  get oauthScopes(): readonly string[] | undefined {
    return this.context.oauthScopes;
  }
  set oauthScopes(scopes: readonly string[] | undefined) {
    this.context.oauthScopes = scopes && [...scopes];
  }
  /** The scopes the user consented to (undefined: all the manifest asks for). */
  get grantedScopes(): readonly string[] | undefined {
    return this.context.grantedScopes;
  }
  set grantedScopes(scopes: readonly string[] | undefined) {
    this.context.grantedScopes = scopes && [...scopes];
  }
  /** Scoped methods script code called since the last resetCalls(): `Class.method` → the scopes Google lists for it. */
  scopedCalls(): Record<string, readonly string[]> {
    return Object.fromEntries(this.context.scopedCalls);
  }
  // ---- mail, triggers and the clock (mail.ts, triggers.ts) ----

  /** MailApp's recipients left for the day; set it to model a quota already partly used. */
  get mailQuota(): number {
    return this.context.mail.remaining;
  }
  set mailQuota(n: number) {
    this.context.mail.remaining = n;
  }
  /** The mails MailApp accepted, oldest first. */
  get sentMail(): readonly SentMail[] {
    return this.context.mail.sent;
  }
  /** Every user's installable triggers of the project (test view). */
  get triggers(): readonly TriggerRecord[] {
    return this.context.triggers;
  }
  /** The script's clock in the bundle harness (`new Date()`, `Date.now()`); undefined: the real time. */
  get now(): Date | undefined {
    return this.context.nowMs === undefined ? undefined : new Date(this.context.nowMs);
  }
  set now(at: Date | undefined) {
    this.context.nowMs = at?.getTime();
  }
  /**
   * Fires a clock trigger at the clock's time (env.now): `invoke` gets the time-driven event object and runs as the
   * trigger's creator, in AuthMode.FULL, with no active spreadsheet (triggers.ts); users and mode are restored after.
   */
  runTrigger<T>(uid: string, invoke: (event: Record<string, unknown>) => T): T {
    const ctx = this.context;
    const t = ctx.triggers.find((x) => x.uid === uid);
    if (!t) throw new Error(`FakeSheets: no trigger ${uid}`);
    const at = this.now ?? new Date();
    const parts = /^(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+) (\d)$/.exec(new FakeUtilities(ctx).formatDate(at, t.timeZone, 'yyyy-MM-dd HH:mm:ss') + ` ${isoWeekDay(at, t.timeZone)}`)!.slice(1).map(Number);
    const event = clockEvent(uid, { year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5], weekDay: parts[6] }, t.timeZone);
    const saved = { mode: ctx.authMode, active: ctx.activeUserEmail, effective: ctx.effectiveUserEmail, run: ctx.triggerRun };
    ctx.authMode = 'FULL';
    ctx.activeUserEmail = '';
    ctx.effectiveUserEmail = t.owner;
    ctx.triggerRun = { uid };
    try {
      return invoke(event);
    } finally {
      ctx.authMode = saved.mode;
      ctx.activeUserEmail = saved.active;
      ctx.effectiveUserEmail = saved.effective;
      ctx.triggerRun = saved.run;
    }
  }

  /** Runs fn in `mode` and restores the previous mode afterwards. */
  run<T>(mode: AuthModeName, fn: () => T): T {
    const before = this.context.authMode;
    this.context.authMode = mode;
    try {
      return fn();
    } finally {
      this.context.authMode = before;
    }
  }

  /**
   * Runs a custom function as a sheet cell would: in CUSTOM_FUNCTION mode; a thrown error becomes
   * `#ERROR!` with the note `Error: <message> (line 0).`; names ending in `_` are not callable (#NAME?).
   */
  runCustomFunction(fn: (...args: never[]) => unknown, args: unknown[] = []): CustomFunctionResult {
    if (fn.name.endsWith('_'))
      return { error: '#NAME?', note: `Unknown function: '${fn.name.toUpperCase()}'.` };
    return this.run('CUSTOM_FUNCTION', () => {
      try {
        return { value: (fn as (...a: unknown[]) => unknown)(...args) };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return { error: '#ERROR!', note: `Error: ${message} (line 0).` };
      }
    });
  }
  /** What Sheets passes for a reference: the value for one cell, a 2-D array ('' for empties) for a range. */
  toArgument(range: GoogleAppsScript.Spreadsheet.Range): unknown {
    const r = unwrap(range) as unknown;
    if (!(r instanceof FakeRange)) throw new Error('FakeSheets: toArgument needs a Range from this environment');
    const values = r.getValues();
    return r._numRows === 1 && r._numCols === 1 ? values[0][0] : values;
  }

  // ---- test-side helpers ----

  /** Stores a formula's computed value (dates become serials) without touching the formula. */
  setFormulaResult(sheetName: string, a1: string, value: unknown): void {
    const sheet = this.rawSpreadsheet.getSheetByName(sheetName);
    if (!sheet) throw new Error(`FakeSheets: no sheet named ${sheetName}`);
    const range = sheet.getRange(a1);
    const stored = range._prepareResult(value);
    for (let i = 0; i < range._numRows; i++)
      for (let j = 0; j < range._numCols; j++) sheet._ensure(range._row + i, range._col + j).value = stored;
  }
  /** Supplies formula results as formulas are written. */
  set formulaResolver(fn: ((formula: string, sheetName: string, a1: string) => unknown) | undefined) {
    this.context.formulaResolver = fn;
  }
  get htmlFiles(): Record<string, string> {
    return this.context.htmlFiles;
  }
  get htmlOutputs(): GoogleAppsScript.HTML.HtmlOutput[] {
    return this.outputs.map((o) => wrap(o, 'test') as unknown as GoogleAppsScript.HTML.HtmlOutput);
  }
  get flushes(): number {
    return this.context.flushCount;
  }
  get flushBeforeRelease(): boolean[] {
    return this.context.flushBeforeRelease;
  }
  get logs(): string[] {
    return this.context.logs;
  }
  get enforceProtection(): boolean {
    return this.context.enforceProtection;
  }
  set enforceProtection(on: boolean) {
    this.context.enforceProtection = on;
  }
  get strictGrid(): boolean {
    return this.context.strictGrid;
  }
  set strictGrid(on: boolean) {
    this.context.strictGrid = on;
  }
  /** Dates returned to script code are built with this constructor (see EnvironmentOptions.dateConstructor). */
  set dateConstructor(ctor: DateConstructor) {
    this.context.DateCtor = ctor;
  }
  get limits(): Limits {
    return this.context.limits;
  }

  /** Runs `fn` with the globals on globalThis (adapter code compiled for tests), restoring what was there after. */
  withGlobals<T>(fn: () => T): T {
    const restore = this.install(globalThis);
    try {
      return fn();
    } finally {
      restore();
    }
  }

  /** Puts the globals on `target` (default globalThis); returns a function that restores what was there. */
  install(target: object = globalThis): () => void {
    const t = target as Record<string, unknown>;
    const saved = Object.keys(this.globals).map((k) => [k, Object.prototype.hasOwnProperty.call(t, k), t[k]] as const);
    Object.assign(t, this.globals);
    return () => {
      for (const [k, had, v] of saved) {
        if (had) t[k] = v;
        else delete t[k];
      }
    };
  }
}

/** ISO day of the week (1 = Monday … 7 = Sunday) of an instant's wall clock in `timeZone`. */
function isoWeekDay(at: Date, timeZone: string): number {
  const day = Math.floor(dateToSerial(at, timeZone));
  // Serial 0 (1899-12-30) was a Saturday (6).
  return ((((day + 5) % 7) + 7) % 7) + 1;
}

export function createEnvironment(options?: EnvironmentOptions): FakeEnvironment {
  return new FakeEnvironment(options);
}
