/**
 * The shared state of one fake Apps Script environment: auth mode, users, limits, per-method call counts,
 * service gating and the bookkeeping tests look at (flushes, writes, logs).
 */
import { MSG, SCOPES, gasError } from './errors';

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

/** Everything the Ui fake records. Tests may queue answers for alert/prompt. */
export interface UiRecord {
  menus: MenuRecord[];
  alerts: AlertRecord[];
  shown: ShownHtmlRecord[];
  toasts: ToastRecord[];
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
  /** Prefix `Exception: ` to error messages (off: real `e.message` has no prefix). */
  exceptionPrefix = false;
  /** Supplies results for formulas as they are written (value '' when it returns undefined). */
  formulaResolver: ((formula: string, sheetName: string, a1: string) => unknown) | undefined = undefined;
  /** Constructor for Dates handed to script code; set it to a vm context's Date so `instanceof Date` holds there. */
  DateCtor: DateConstructor = Date;
  /** > 0 while a script-channel call runs (protections are enforced only for script code). */
  scriptDepth = 0;

  private readonly counts = new Map<string, number>();
  flushCount = 0;
  /** Monotonic sequence used to order writes, flushes and lock acquisition. */
  seq = 0;
  lastWriteSeq = 0;
  lastFlushSeq = 0;
  readonly flushBeforeRelease: boolean[] = [];
  readonly logs: string[] = [];
  readonly ui: UiRecord = { menus: [], alerts: [], shown: [], toasts: [], responses: [], promptTexts: [] };
  readonly htmlFiles: Record<string, string> = {};
  sleptMs = 0;

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
  }

  // ---- gating ----

  /** Called for every script-side method call: counts it, checks the auth mode, tracks writes. */
  enter(className: string, method: string): void {
    this.count(`${className}.${method}`);
    const cat = categorize(className, method);
    this.gate(className, method, cat);
    if (cat === 'write') this.lastWriteSeq = ++this.seq;
  }

  gate(className: string, method: string, cat: Category): void {
    const what = `${className}.${method}`;
    switch (this.authMode) {
      case 'FULL':
        return;
      case 'NONE':
        if (cat === 'free' || cat === 'menu' || cat === 'getUi') return;
        if (cat === 'read' || cat === 'write') throw this.error(MSG.permission(what, SCOPES.currentOnly));
        if (cat === 'dialog') throw this.error(MSG.permission(what, SCOPES.containerUi));
        if (cat === 'open') throw this.error(MSG.permission(what, SCOPES.spreadsheets));
        throw this.error(MSG.permission(what));
      case 'LIMITED':
        if (cat === 'dialog') throw this.error(MSG.permission(what, SCOPES.containerUi));
        if (cat === 'open') throw this.error(MSG.permission(what, SCOPES.spreadsheets));
        return;
      case 'CUSTOM_FUNCTION':
        if (cat === 'write') throw this.error(MSG.permissionCustomFunction(method));
        if (cat === 'menu' || cat === 'getUi' || cat === 'dialog') throw this.error(MSG.noUi);
        if (cat === 'open') throw this.error(MSG.permission(what, SCOPES.spreadsheets));
        return;
    }
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
