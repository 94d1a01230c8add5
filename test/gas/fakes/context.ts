/**
 * The shared state of one fake Apps Script environment: auth mode, users, limits, per-method call counts,
 * service gating (auth mode, then OAuth scopes) and the bookkeeping tests look at (flushes, writes, logs).
 */
import { ExecutionEnded, MSG, SCOPES, gasError } from './errors';
import { METHOD_SCOPES } from './scopes';
import { DEFAULT_MAIL_QUOTA, MAIL_RECIPIENTS_PER_MESSAGE, type MailState } from './mail';
import type { TriggerRecord } from './triggers';

export type AuthModeName = 'NONE' | 'LIMITED' | 'CUSTOM_FUNCTION' | 'FULL';

/**
 * What a method needs:
 * - free: Logger, Utilities, Session basics — allowed everywhere;
 * - menu: Ui.createMenu / Menu.* — NONE, LIMITED, FULL;
 * - getUi: SpreadsheetApp.getUi — like menu;
 * - dialog: alerts, prompts, sidebars, dialogs — FULL only;
 * - read: reading the document — not in NONE;
 * - write: changing the document — LIMITED and FULL;
 * - service: Properties, Lock, Html, ScriptApp — not in NONE;
 * - open: openById/openByUrl — not in NONE or CUSTOM_FUNCTION.
 */
export type Category = 'free' | 'menu' | 'getUi' | 'dialog' | 'read' | 'write' | 'service' | 'open';

const DOC_CLASSES = new Set(['Spreadsheet', 'Sheet', 'Range', 'Protection']);
const BUILDER_CLASSES = new Set([
  'DataValidationBuilder',
  'DataValidation',
  'ConditionalFormatRuleBuilder',
  'ConditionalFormatRule',
  'BooleanCondition',
  'Color',
  'RgbColor',
  'EmbeddedChartBuilder',
  'EmbeddedChart',
  'ChartOptions',
  'ContainerInfo',
]);
const SERVICE_CLASSES = new Set([
  'PropertiesService',
  'Properties',
  'LockService',
  'Lock',
  'HtmlService',
  'HtmlOutput',
  'HtmlTemplate',
  'ScriptApp',
  'AuthorizationInfo',
  'TriggerBuilder',
  'ClockTriggerBuilder',
  'Trigger',
  'MailApp',
]);
const FREE_CLASSES = new Set(['Logger', 'Utilities', 'Session', 'User']);

/** Classifies `Class.method` for gating. */
export function categorize(className: string, method: string): Category {
  if (DOC_CLASSES.has(className)) return /^(get|is|can|has)/.test(method) ? 'read' : 'write';
  if (BUILDER_CLASSES.has(className)) return 'read';
  if (SERVICE_CLASSES.has(className)) return 'service';
  if (FREE_CLASSES.has(className)) return 'free';
  if (className === 'Menu') return 'menu';
  if (className === 'Ui') return method === 'createMenu' || method === 'createAddonMenu' ? 'menu' : 'dialog';
  if (className === 'SpreadsheetApp') {
    if (method === 'getUi') return 'getUi';
    if (method === 'openById' || method === 'openByUrl' || method === 'open') return 'open';
    return 'read';
  }
  return 'read';
}

/** Limits; Google says they change without notice, so they are configuration (platform-facts §1). */
export interface Limits {
  /** Characters per cell (50,000). */
  maxCellChars: number;
  /** Cells per spreadsheet, summed over sheet grids (10,000,000). */
  maxCells: number;
  /** Columns per sheet (18,278). */
  maxColumns: number;
  /** Bytes per property value (9 KB documented). */
  propertyValueBytes: number;
  /** Bytes per property store, keys + values (500 KB documented). */
  propertyStoreBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxCellChars: 50000,
  maxCells: 10_000_000,
  maxColumns: 18278,
  propertyValueBytes: 9 * 1024,
  propertyStoreBytes: 500 * 1024,
};

export interface MenuItemRecord {
  type: 'item';
  caption: string;
  functionName: string;
}
export interface MenuSeparatorRecord {
  type: 'separator';
}
export interface SubMenuRecord {
  type: 'submenu';
  menu: MenuRecord;
}
export type MenuEntry = MenuItemRecord | MenuSeparatorRecord | SubMenuRecord;
export interface MenuRecord {
  title: string;
  /** True for `createAddonMenu()`. */
  addon: boolean;
  items: MenuEntry[];
}
export interface AlertRecord {
  kind: 'alert' | 'prompt';
  title: string;
  prompt: string;
  buttons: string;
  /** What the fake answered. */
  response: string;
}
export interface ShownHtmlRecord {
  kind: 'sidebar' | 'modal' | 'modeless';
  title: string;
  content: string;
}
export interface ToastRecord {
  message: string;
  title: string;
  timeoutSeconds: number | undefined;
}

/** An authorization prompt rendered by ScriptApp.requireAllScopes / requireScopes: the consents it asks for. */
export interface AuthPromptRecord {
  scopes: string[];
}

/** Everything the Ui fake records. Tests may queue answers for alert/prompt. */
export interface UiRecord {
  menus: MenuRecord[];
  alerts: AlertRecord[];
  shown: ShownHtmlRecord[];
  toasts: ToastRecord[];
  authPrompts: AuthPromptRecord[];
  /** Answers for the next alert()/prompt() calls (button names such as 'OK', 'NO', 'CANCEL'). */
  responses: string[];
  /** Texts for the next prompt() calls. */
  promptTexts: string[];
}

export class Ctx {
  authMode: AuthModeName;
  ownerEmail: string;
  activeUserEmail: string;
  effectiveUserEmail: string;
  /** Extra spreadsheet editors (owner and the users are always editors); may hold group addresses. */
  editorEmails: string[];
  /** Google Groups: group address → member addresses. */
  groups: Record<string, string[]> = {};
  spreadsheetTimeZone: string;
  scriptTimeZone: string;
  locale: string;
  addonTitle: string;
  limits: Limits;
  /** When true, writes are checked against protections for the effective user (see README in index.ts). */
  enforceProtection = false;
  /** When true, getRange outside the grid throws (real Sheets); when false the grid grows on write. */
  strictGrid = false;
  /** Leading characters (besides '=') that make setValue input a formula. '+' per fact 68. */
  formulaPrefixes: string[] = ['+'];
  /**
   * What-if for 環境チェック: strings written into plain-text (`@`) cells parsed like any other (formulas included).
   * Off by default, as the add-in assumes (unconfirmed, audit F5); on, it shows what the check reports if Sheets did so.
   */
  plainTextParsed = false;
  /**
   * What-if for 環境チェック: Sheet.getRangeList(…).getRanges() hands the ranges back sorted by position (row, then
   * column) instead of in the order asked. Off by default, as SheetsWorkbook's rangesOf assumes (unconfirmed: the
   * RangeList reference says only "a list of one or more Range instances").
   */
  rangeListSorted = false;
  /**
   * What-if for 環境チェック: addresses a new protection lists besides the file's editors (as if Google copied people
   * Spreadsheet.getEditors() does not name). Empty by default: the permissions of a new protection "mirror those of
   * the spreadsheet itself" (Range.protect / Sheet.protect, mirror reference/spreadsheet/Range.md, Sheet.md); that its
   * getEditors() lists exactly Spreadsheet.getEditors() is unconfirmed, and protection.ts relies on it.
   */
  newProtectionExtraEditors: string[] = [];
  /** Prefix `Exception: ` to error messages (off: real `e.message` has no prefix). */
  exceptionPrefix = false;
  /** Supplies results for formulas as they are written (value '' when it returns undefined). */
  formulaResolver: ((formula: string, sheetName: string, a1: string) => unknown) | undefined = undefined;
  /** Constructor for Dates handed to script code; set it to a vm context's Date so `instanceof Date` holds there. */
  DateCtor: DateConstructor = Date;
  /** > 0 while a script-channel call runs (protections are enforced only for script code). */
  scriptDepth = 0;
  /**
   * The manifest's `oauthScopes`. When set, FULL and LIMITED calls are checked against METHOD_SCOPES (any one listed
   * scope suffices); undefined: no manifest is modelled and only the auth mode gates.
   */
  oauthScopes: readonly string[] | undefined = undefined;
  /** What the user consented to (granular consent lets them untick scopes); undefined: everything the manifest asks. */
  grantedScopes: readonly string[] | undefined = undefined;
  /** Set once requireAllScopes/requireScopes ended this execution: every later script call throws it again. */
  executionEnded: ExecutionEnded | undefined = undefined;
  /** MailApp's daily recipient quota and what was sent (mail.ts). */
  readonly mail: MailState = { remaining: DEFAULT_MAIL_QUOTA, perMessage: MAIL_RECIPIENTS_PER_MESSAGE, sent: [] };
  /** Installable triggers of the project, every user's (triggers.ts). */
  readonly triggers: TriggerRecord[] = [];
  triggerSeq = 0;
  /** The bound document's ID (the file the add-on is used in: triggers are per user per document). */
  documentId = '';
  /** Set while a clock trigger runs (env.runTrigger): no active spreadsheet, the creator's authority (triggers.ts). */
  triggerRun: { uid: string } | undefined = undefined;
  /** The script's `new Date()` / `Date.now()` in the bundle harness when set (a settable clock); undefined: real time. */
  nowMs: number | undefined = undefined;

  private readonly counts = new Map<string, number>();
  flushCount = 0;
  /** Monotonic sequence used to order writes, flushes and lock acquisition. */
  seq = 0;
  lastWriteSeq = 0;
  lastFlushSeq = 0;
  readonly flushBeforeRelease: boolean[] = [];
  readonly logs: string[] = [];
  readonly ui: UiRecord = { menus: [], alerts: [], shown: [], toasts: [], authPrompts: [], responses: [], promptTexts: [] };
  /** Scoped methods called since the last resetCalls(): `Class.method` → the scopes Google lists for it. */
  readonly scopedCalls = new Map<string, readonly string[]>();
  readonly htmlFiles: Record<string, string> = {};
  sleptMs = 0;
  /**
   * Milliseconds each script-side call takes on the fake clock (a number, or per `Class.method`): 0 by default.
   * Real calls cost about 0.2–0.3 s each (platform-facts fact 52); tests of the 6-minute limit set it.
   */
  latencyMs: number | ((what: string) => number) = 0;
  /** The fake clock: starts at creation time and advances by `latencyMs` per call (the bundle harness's Date.now). */
  clockMs = Date.now();
  /** Addresses Protection.addEditor(s) refuses (mistyped, not a Google account, blocked by sharing policy). */
  refusedEditors = new Set<string>();
  /** Each refused address, once per call that was refused for it (tests count the attempts). */
  readonly refusedAttempts: string[] = [];

  constructor(init: {
    authMode: AuthModeName;
    ownerEmail: string;
    activeUserEmail: string;
    effectiveUserEmail: string;
    editorEmails: string[];
    spreadsheetTimeZone: string;
    scriptTimeZone: string;
    locale: string;
    addonTitle: string;
    limits: Limits;
  }) {
    this.authMode = init.authMode;
    this.ownerEmail = init.ownerEmail;
    this.activeUserEmail = init.activeUserEmail;
    this.effectiveUserEmail = init.effectiveUserEmail;
    this.editorEmails = init.editorEmails;
    this.spreadsheetTimeZone = init.spreadsheetTimeZone;
    this.scriptTimeZone = init.scriptTimeZone;
    this.locale = init.locale;
    this.addonTitle = init.addonTitle;
    this.limits = init.limits;
  }

  /** Builds an Apps Script style error, honouring `exceptionPrefix`. */
  error(message: string): Error {
    return gasError(this.exceptionPrefix ? `Exception: ${message}` : message);
  }

  // ---- call counting ----

  count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  countOf(name: string): number {
    return this.counts.get(name) ?? 0;
  }
  callNames(): string[] {
    return [...this.counts.keys()];
  }
  totalCalls(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  resetCalls(): void {
    this.counts.clear();
    this.scopedCalls.clear();
  }

  // ---- gating ----

  /** Called for every script-side method call: counts it, checks auth mode and scopes, tracks writes. */
  enter(className: string, method: string): void {
    if (this.executionEnded) throw this.executionEnded;
    const what = `${className}.${method}`;
    this.count(what);
    this.clockMs += typeof this.latencyMs === 'function' ? this.latencyMs(what) : this.latencyMs;
    const scopes = METHOD_SCOPES[what] ?? [];
    if (scopes.length) this.scopedCalls.set(what, scopes);
    const cat = categorize(className, method);
    this.gate(className, method, cat, scopes);
    if (cat === 'write') this.lastWriteSeq = ++this.seq;
  }

  /**
   * Auth mode first (AuthMode reference, mirror reference/script/AuthMode.md), then the method's scopes:
   * - NONE "does not allow access to any services that require authorization": a scoped method throws;
   * - CUSTOM_FUNCTION: custom functions "never ask users to authorize"; Spreadsheet reads work (fact 22), and the
   *   token a custom function runs with holds spreadsheets.currentonly only (GitHub propublica/gas-ssi-toolkit#20),
   *   so a scoped method that does not accept currentonly throws (wording assumed: the reported per-method text);
   * - LIMITED and FULL: the manifest's scopes, then the user's grant (`checkScopes`).
   */
  gate(className: string, method: string, cat: Category, scopes: readonly string[] = []): void {
    const what = `${className}.${method}`;
    switch (this.authMode) {
      case 'FULL':
        return this.checkScopes(what, scopes);
      case 'NONE':
        if (scopes.length) throw this.error(MSG.permission(what, scopes));
        if (cat === 'free' || cat === 'menu' || cat === 'getUi') return;
        throw this.error(MSG.permission(what));
      case 'LIMITED':
        if (cat === 'dialog' || cat === 'open') throw this.error(MSG.permission(what, scopes));
        return this.checkScopes(what, scopes);
      case 'CUSTOM_FUNCTION':
        if (cat === 'write') throw this.error(MSG.permissionCustomFunction(method));
        if (cat === 'menu' || cat === 'getUi' || cat === 'dialog') throw this.error(MSG.noUi);
        if (cat === 'open') throw this.error(MSG.permission(what, scopes));
        if (scopes.length && !scopes.includes(SCOPES.currentOnly)) throw this.error(MSG.permission(what, scopes));
        return;
    }
  }

  /** A scoped method needs one of its scopes in the manifest (else notSufficient) and in the user's grant. */
  private checkScopes(what: string, scopes: readonly string[]): void {
    if (!scopes.length) return;
    if (this.oauthScopes && !scopes.some((s) => this.oauthScopes!.includes(s))) throw this.error(MSG.notSufficient(what, scopes));
    const granted = this.granted();
    if (granted && !scopes.some((s) => granted.includes(s))) throw this.error(MSG.permission(what, scopes));
  }

  /** The scopes this user's authorization holds (a user can only grant what the manifest asks); undefined: not modelled. */
  granted(): readonly string[] | undefined {
    if (!this.grantedScopes) return this.oauthScopes;
    return this.oauthScopes ? this.grantedScopes.filter((s) => this.oauthScopes!.includes(s)) : this.grantedScopes;
  }

  /** Ends the execution for an authorization prompt asking for `missing` (see ExecutionEnded). */
  endExecution(missing: readonly string[]): never {
    this.ui.authPrompts.push({ scopes: [...missing] });
    this.executionEnded = new ExecutionEnded(missing);
    throw this.executionEnded;
  }

  // ---- users ----

  /** The user whose rights apply to writes (scripts run as the effective user). */
  get currentUserEmail(): string {
    return this.effectiveUserEmail || this.activeUserEmail;
  }

  /** Owner, configured editors and the users of this execution, without blanks or duplicates. */
  spreadsheetEditors(): string[] {
    // A user whose right comes from a group is not listed in person (the group is).
    const users = [this.activeUserEmail, this.effectiveUserEmail].filter((e) => !this.listed(this.editorEmails, e));
    const all = [this.ownerEmail, ...this.editorEmails, ...users];
    return [...new Set(all.filter((e) => e !== ''))];
  }

  /** True when `email` is in `list` directly or through a group listed there. */
  listed(list: readonly string[], email: string): boolean {
    if (email === '') return false;
    return list.some((e) => e === email || (this.groups[e] ?? []).includes(email));
  }

  noteFlush(): void {
    this.flushCount++;
    this.lastFlushSeq = ++this.seq;
  }
}
