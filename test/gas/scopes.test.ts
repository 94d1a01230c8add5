/**
 * OAuth scopes, by construction (issue 11; audit F1, F10): the table of each method's scopes from Google's
 * reference, the fakes' gate over it (manifest, then the user's grant; custom functions and AuthMode.NONE),
 * granular consent (ScriptApp.requireAllScopes / requireScopes), and the built add-in driven with
 * build/appsscript.json: every trigger, menu job, sidebar call and custom function passes; each feature (the base jobs,
 * 督促, 自動督促: src/gas/consent.ts) asks for its own scopes only and uses every one of them, and the manifest is their
 * union; each scope taken away from the manifest makes the calls that need it fail naming it, and one the user did not
 * grant brings Google's consent prompt for just that scope.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MENU } from '../../src/gas/addon';
import { AUTO_REMINDER_SCOPES, BASE_SCOPES, REMINDER_MENU_SCOPES, REMINDER_SCOPES } from '../../src/gas/consent';
import { TRIGGER_HANDLER } from '../../src/gas/reminders';
import type { DeptForm } from '../../src/core/sidebar/types';
import { SIDEBAR_CALLS } from '../../src/core/sidebar/types';
import { addon as makeAddon, buildProject, type Addon, type Built } from './bundle-harness';
import { createEnvironment, ExecutionEnded, METHOD_SCOPES, SCOPES, type AuthModeName, type FakeEnvironment } from './fakes';
import { FakeObject } from './fakes/wrap';
import type { FilesIssue } from '../../src/core/files/exchange';
import { thrown } from '../support/thrown';

const root = join(__dirname, '..', '..');
/** Generous limits for the steps that build or parse (jest's 5 s is not enough on a busy machine); no timing is asserted. */
const SLOW_MS = 120_000;
const { currentOnly: CURRENT_ONLY, spreadsheets: SPREADSHEETS, containerUi: CONTAINER_UI, userinfoEmail: EMAIL } = SCOPES;

describe('the scope table (test/gas/fakes/scopes.ts)', () => {
  test('is what gas-types-detailed gives (scripts/gen-scopes.mjs --check), with Google\'s entries for the calls that matter', () => {
    expect(() => execFileSync('node', [join(root, 'scripts', 'gen-scopes.mjs'), '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
    expect(METHOD_SCOPES['Session.getActiveUser']).toEqual([EMAIL]);
    expect(METHOD_SCOPES['Session.getEffectiveUser']).toEqual([EMAIL]);
    expect(METHOD_SCOPES['SpreadsheetApp.getActiveSpreadsheet']).toEqual([CURRENT_ONLY, SPREADSHEETS]);
    expect(METHOD_SCOPES['Protection.addEditor']).toEqual([CURRENT_ONLY, SPREADSHEETS]);
    expect(METHOD_SCOPES['Ui.showSidebar']).toEqual([CONTAINER_UI]);
    // No authorization block in the reference: alerts and prompts, menus, properties, locks, HTML, consent checks.
    for (const m of ['Ui.alert', 'Ui.prompt', 'Ui.createAddonMenu', 'Properties.setProperty', 'Lock.tryLock', 'HtmlService.createHtmlOutputFromFile', 'Utilities.formatDate', 'ScriptApp.requireAllScopes', 'ScriptApp.requireScopes'])
      expect([m, METHOD_SCOPES[m]]).toEqual([m, []]);
  }, SLOW_MS);

  test('has an entry for every method the fakes implement', () => {
    // Fake methods Google's reference has no current entry for; the add-in must not call them (checked below).
    const notInReference = new Set([
      'Color.asHexString', // RgbColor.asHexString: the fake Color is also what asRgbColor() returns
      'Range.getFontColor', 'Range.getFontColors', 'Sheet.getTabColor', // deprecated
      'HtmlOutput.getSandboxMode', // not in the reference (only setSandboxMode)
    ]);
    const dir = join(__dirname, 'fakes');
    const missing: string[] = [];
    let classes = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const module = require(join(dir, file)) as Record<string, { prototype: object }>;
      for (const [, exported, className] of text.matchAll(/export class (\w+) extends FakeObject \{\s*readonly className = '(\w+)'/g)) {
        classes++;
        for (let p: object | null = module[exported].prototype; p && p !== FakeObject.prototype; p = Object.getPrototypeOf(p) as object | null)
          for (const name of Object.getOwnPropertyNames(p)) {
            const key = `${className}.${name}`;
            if (name === 'constructor' || name.startsWith('_') || typeof Object.getOwnPropertyDescriptor(p, name)!.value !== 'function') continue;
            if (!(key in METHOD_SCOPES) && !notInReference.has(key)) missing.push(key);
          }
      }
    }
    expect(classes).toBeGreaterThanOrEqual(25);
    expect(missing).toEqual([]);
  });
});

describe('the gate on the fakes', () => {
  const env = (options: Parameters<typeof createEnvironment>[0]) => createEnvironment({ htmlFiles: { sidebar: '<p>x</p>', files: '<p>x</p>' }, ...options });

  test('a method none of whose scopes the manifest declares throws Google\'s text, for one scope and for several', () => {
    const { globals } = env({ oauthScopes: [CONTAINER_UI] });
    expect(thrown(() => globals.Session.getActiveUser())).toBe(
      'Specified permissions are not sufficient to call Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email',
    );
    expect(thrown(() => globals.SpreadsheetApp.getActiveSpreadsheet())).toBe(
      'Specified permissions are not sufficient to call SpreadsheetApp.getActiveSpreadsheet. Required permissions: (https://www.googleapis.com/auth/spreadsheets.currentonly || https://www.googleapis.com/auth/spreadsheets)',
    );
    // Methods the reference lists no scope for pass with this manifest.
    const ui = globals.SpreadsheetApp.getUi();
    expect(ui.alert('ok')).toBe(ui.Button.OK);
    ui.showSidebar(globals.HtmlService.createHtmlOutputFromFile('sidebar'));
    expect(globals.PropertiesService.getDocumentProperties().getProperty('k')).toBeNull();
    expect(globals.LockService.getDocumentLock().tryLock(10)).toBe(true);
    // Any one listed scope suffices.
    expect(env({ oauthScopes: [SPREADSHEETS] }).globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()).toHaveLength(1);
  });

  test('a scope the user did not grant throws "You do not have permission…"; the rest keeps working', () => {
    const e = env({ oauthScopes: [CURRENT_ONLY, CONTAINER_UI, EMAIL], grantedScopes: [CURRENT_ONLY, CONTAINER_UI] });
    expect(thrown(() => e.globals.Session.getEffectiveUser())).toBe(
      'You do not have permission to call Session.getEffectiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email',
    );
    expect(e.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()).toHaveLength(1);
    e.grantedScopes = undefined;
    expect(e.globals.Session.getEffectiveUser().getEmail()).toBe('owner@example.jp');
  });

  test('without a manifest nothing is checked; test-side calls are never gated', () => {
    expect(env({}).globals.Session.getActiveUser().getEmail()).toBe('owner@example.jp');
    const e = env({ oauthScopes: [] });
    e.spreadsheet.getSheets()[0].getRange('A1').setValue('test side');
    expect(e.spreadsheet.getSheets()[0].getRange('A1').getValue()).toBe('test side');
    e.properties.document.setProperty('k', 'v');
    expect(e.calls.total).toBe(0);
  });

  test('the scoped methods called are recorded with their scopes (until resetCalls)', () => {
    const e = env({ oauthScopes: [CURRENT_ONLY, EMAIL] });
    e.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1').getValue();
    e.globals.Session.getActiveUser();
    e.globals.PropertiesService.getScriptProperties();
    // Spreadsheet.getSheets has no authorization block in the reference (nor in the mirror).
    expect(e.scopedCalls()).toEqual({
      'SpreadsheetApp.getActiveSpreadsheet': [CURRENT_ONLY, SPREADSHEETS],
      'Sheet.getRange': [CURRENT_ONLY, SPREADSHEETS],
      'Range.getValue': [CURRENT_ONLY, SPREADSHEETS],
      'Session.getActiveUser': [EMAIL],
    });
    e.resetCalls();
    expect(e.scopedCalls()).toEqual({});
  });

  test('custom functions: reads work whatever the manifest; writes, Ui and scoped methods of other services fail', () => {
    const e = env({ oauthScopes: [] });
    e.spreadsheet.getSheets()[0].getRange('A1').setValue(7);
    const { SpreadsheetApp, Session } = e.globals;
    const cell = () => SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1');
    expect(e.runCustomFunction(function READ() { return cell().getValue(); })).toEqual({ value: 7 });
    expect(e.runCustomFunction(function WRITE() { return cell().setValue(8); })).toEqual({ error: '#ERROR!', note: 'Error: You do not have permission to call setValue (line 0).' });
    expect(e.runCustomFunction(function WHO() { return Session.getActiveUser().getEmail(); })).toEqual({
      error: '#ERROR!',
      note: 'Error: You do not have permission to call Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email (line 0).',
    });
    expect(e.runCustomFunction(function ASK() { return SpreadsheetApp.getUi(); })).toEqual({ error: '#ERROR!', note: 'Error: Cannot call SpreadsheetApp.getUi() from this context. (line 0).' });
    expect(e.spreadsheet.getSheets()[0].getRange('A1').getValue()).toBe(7);
  });

  test('AuthMode.NONE refuses every scoped method, Session included', () => {
    const e = env({ authMode: 'NONE' });
    expect(thrown(() => e.globals.Session.getEffectiveUser())).toBe(
      'You do not have permission to call Session.getEffectiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email',
    );
    expect(e.globals.Session.getScriptTimeZone()).toBe('Asia/Tokyo');
  });
});

describe('granular consent on the fakes (ScriptApp)', () => {
  const manifest = [CURRENT_ONLY, CONTAINER_UI, EMAIL];

  test('requireAllScopes returns when everything is granted; otherwise it prompts and ends the execution', () => {
    const e = createEnvironment({ oauthScopes: manifest });
    const { ScriptApp, SpreadsheetApp } = e.globals;
    ScriptApp.requireAllScopes(ScriptApp.AuthMode.FULL);
    expect(e.ui.authPrompts).toEqual([]);

    e.grantedScopes = [CURRENT_ONLY];
    let ended: unknown;
    try {
      ScriptApp.requireAllScopes(ScriptApp.AuthMode.FULL);
    } catch (x) {
      ended = x;
    }
    expect(ended).toBeInstanceOf(ExecutionEnded);
    expect(e.ui.authPrompts).toEqual([{ scopes: [CONTAINER_UI, EMAIL] }]);
    // The execution is over: a catch block cannot go on using services.
    expect(() => SpreadsheetApp.getActiveSpreadsheet()).toThrow(ExecutionEnded);
    e.startExecution();
    expect(SpreadsheetApp.getActiveSpreadsheet().getSheets()).toHaveLength(1);
  });

  test('requireScopes asks only for the scopes listed and refuses one the script does not declare', () => {
    const e = createEnvironment({ oauthScopes: manifest, grantedScopes: [CURRENT_ONLY, CONTAINER_UI] });
    const { ScriptApp } = e.globals;
    ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, [CURRENT_ONLY]);
    expect(e.ui.authPrompts).toEqual([]);
    expect(() => ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, [EMAIL, CURRENT_ONLY])).toThrow(ExecutionEnded);
    expect(e.ui.authPrompts).toEqual([{ scopes: [EMAIL] }]);
    e.startExecution();
    expect(thrown(() => ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, [SPREADSHEETS]))).toBe(`The scope ${SPREADSHEETS} is not required by the script.`);
  });

  test('getAuthorizationInfo tells what is granted and whether authorization is required', () => {
    const e = createEnvironment({ oauthScopes: manifest, grantedScopes: [CURRENT_ONLY] });
    const { ScriptApp } = e.globals;
    const all = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL);
    expect(all.getAuthorizationStatus()).toBe(ScriptApp.AuthorizationStatus.REQUIRED);
    expect(all.getAuthorizationUrl()).toMatch(/^https:\/\//);
    // @types/google-apps-script 2.0.13 predates getAuthorizedScopes and the scope-list overload.
    type Info = GoogleAppsScript.Script.AuthorizationInfo & { getAuthorizedScopes(): string[] };
    expect((all as Info).getAuthorizedScopes()).toEqual([CURRENT_ONLY]);
    const withList = ScriptApp.getAuthorizationInfo as unknown as (mode: GoogleAppsScript.Script.AuthMode, scopes: string[]) => Info;
    const some = withList(ScriptApp.AuthMode.FULL, [CURRENT_ONLY]);
    expect(some.getAuthorizationStatus()).toBe(ScriptApp.AuthorizationStatus.NOT_REQUIRED);
    expect(some.getAuthorizationUrl()).toBeNull();
  });
});

describe('the add-in through the built bundle, gate on', () => {
  let built: Built;
  let shipped: readonly string[];
  beforeAll(() => {
    built = buildProject();
    shipped = built.manifest.oauthScopes;
  }, SLOW_MS);

  type Kind = 'trigger' | 'menu' | 'sidebar' | 'clock' | 'custom';
  interface Handler {
    name: string;
    kind: Kind;
    run: (a: Addon) => unknown;
  }
  const DEPT = '情報政策室';
  const INIT = new Set(['menuInit', 'menuInitDemo']);
  const MENU_FUNCTIONS = MENU.flatMap((item) => (item ? [item[1]] : []));
  const CUSTOM_ARGS: Record<string, unknown[]> = {
    ACHIEVEMENT_RATE: ['30.7%', '10%'],
    ACHIEVEMENT_GRADE: [0.575],
    JP_NUMBER: ['1,730件'],
    FISCAL_YEAR: ['令和2年度'],
    EXPECTED_VALUE: [144865, 200000, 2017, 2027, 2019],
    PROJECTED_FINAL: [[[234964, 349879]], [[2019, 2020]], 2023],
    PACE_NEEDED: [130, 2020, 200, 2023],
  };

  const kindOf = (name: string): Kind | undefined =>
    /^[A-Z][A-Z0-9_]*$/.test(name) ? 'custom'
      : name === 'onOpen' || name === 'onInstall' ? 'trigger'
        : name === TRIGGER_HANDLER ? 'clock'
        : MENU_FUNCTIONS.includes(name) ? 'menu'
          : (SIDEBAR_CALLS as readonly string[]).includes(name) ? 'sidebar'
            : undefined;

  const exportsOf = (b: Built) => [...b.entry.matchAll(/^function (\w+)\(/gm)].map((m) => m[1]);

  /** How each export is run: its mode, arguments and answers to its prompts. */
  function handler(name: string): Handler {
    const kind = kindOf(name)!;
    const inMode = (mode: AuthModeName, f: (a: Addon) => unknown) => (a: Addon) => a.env.run(mode, () => f(a));
    switch (name) {
      case 'onOpen':
        return { name, kind, run: inMode('NONE', (a) => a.call('onOpen', { authMode: 'NONE' })) };
      case 'menuCloseYear':
        return { name, kind, run: (a) => (a.env.ui.promptTexts.push(''), a.env.ui.responses.push('OK'), a.call(name)) };
      case 'menuReopenYear':
        return { name, kind, run: (a) => (a.env.ui.promptTexts.push('', '確認のため'), a.env.ui.responses.push('OK', 'OK'), a.call(name)) };
      case 'menuNextYear':
        // 新年度の準備 needs the year under evaluation closed: 年度確定 first, then its confirmation.
        return { name, kind, run: (a) => (a.env.ui.promptTexts.push(''), a.env.ui.responses.push('OK'), a.call('menuCloseYear'), a.env.ui.responses.push('OK'), a.call(name)) };
      case 'sidebarForm':
        return { name, kind, run: (a) => a.call(name, DEPT) };
      case 'sidebarShowCell':
        return { name, kind, run: (a) => a.call(name, DEPT, 'A1') };
      case 'sidebarReport':
        return { name, kind, run: (a) => a.call(name, { fiscalYear: null, audience: 'internal', scope: { kind: 'department', department: DEPT } }) };
      case 'sidebarConfirm':
        // 税制課 submits (the signed-in coordinator may enter for any department), then is confirmed.
        return {
          name,
          kind,
          run: (a) => {
            const form = JSON.parse(JSON.stringify(a.call('sidebarForm', '税制課'))) as DeptForm;
            a.call('sidebarSave', { dept: '税制課', fiscalYear: form.fiscalYear, submit: true, changes: [] });
            return a.call(name, { dept: '税制課', year: null });
          },
        };
      case 'sidebarReturn':
        return { name, kind, run: (a) => a.call(name, { dept: DEPT, year: null, reason: '根拠を記入してください', indicators: [] }) };
      case 'menuReport':
        return { name, kind, run: (a) => (a.env.ui.promptTexts.push(''), a.env.ui.responses.push('OK', 'NO'), a.call(name)) };
      case 'sidebarReminders':
        return { name, kind, run: (a) => a.call(name, null) };
      case 'sidebarSendReminders':
        return { name, kind, run: (a) => a.call(name, { year: null, depts: [DEPT] }) };
      case 'sidebarAutoReminders':
        return { name, kind, run: (a) => a.call(name, true) };
      case 'sidebarIssueFiles':
        return { name, kind, run: (a) => a.call(name, null) };
      case 'sidebarCollectFiles':
        // A department file sent back as it was issued (its sheets as the dialog would read them): read, nothing to import.
        return {
          name,
          kind,
          run: (a) => {
            const issue = JSON.parse(JSON.stringify(a.call('sidebarIssueFiles', null))) as FilesIssue;
            const f = issue.files[0];
            return a.call(name, { year: null, preferFile: false, files: [{ name: f.fileName, sheets: f.sheets.map((x) => ({ name: x.name, values: x.values })) }] });
          },
        };
      case TRIGGER_HANDLER:
        // The daily trigger sidebarAutoReminders set up, fired on a business day; it only logs what went wrong.
        return {
          name,
          kind,
          run: (a) => {
            const t = a.env.triggers.find((x) => x.handler === name);
            if (!t) return;
            const logs = a.env.logs.length;
            a.env.now = CLOCK_RUN;
            try {
              a.env.runTrigger(t.uid, (e) => a.call(name, e));
            } finally {
              a.env.now = undefined;
            }
            const failed = a.env.logs.slice(logs).filter((l) => l.startsWith('自動督促:'));
            if (failed.length) throw new Error(failed.join('\n'));
          },
        };
      case 'sidebarSave':
        return {
          name,
          kind,
          run: (a) => {
            const form = JSON.parse(JSON.stringify(a.call('sidebarForm', DEPT))) as DeptForm;
            const row = form.rows[0];
            return a.call(name, { dept: DEPT, fiscalYear: form.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '12件' }] });
          },
        };
    }
    if (kind === 'custom') return { name, kind, run: inMode('CUSTOM_FUNCTION', (a) => a.call(name, ...(CUSTOM_ARGS[name] ?? ['1']))) };
    return { name, kind, run: (a) => a.call(name) };
  }

  /** A business day, 09:30 in Tokyo (Thursday 2024-05-02), for the clock trigger's runs. */
  const CLOCK_RUN = new Date(Date.UTC(2024, 4, 2, 0, 30));

  const fresh = (oauthScopes: readonly string[]) =>
    makeAddon(built, createEnvironment({ strictGrid: true, htmlFiles: { sidebar: '<p>サイドバー</p>', files: '<p>部門ファイル</p>' }, oauthScopes }));

  /** undefined when the handler ran; otherwise what went wrong (a thrown message, or the text of an エラー alert). */
  function outcome(a: Addon, h: Handler): string | undefined {
    const before = a.env.ui.alerts.length;
    try {
      h.run(a);
    } catch (e) {
      return String((e as { message?: unknown }).message ?? e);
    }
    return a.env.ui.alerts.slice(before).find((x) => x.title.endsWith(': エラー'))?.prompt;
  }

  interface Exercise {
    outcomes: Record<string, string | undefined>;
    /** Scoped methods called, with the scopes Google lists for each. */
    scoped: Record<string, readonly string[]>;
    /** Every method called. */
    called: Set<string>;
  }

  interface ExerciseOptions {
    /** What the user consented to (default: all the manifest asks). */
    granted?: readonly string[];
    /** The exports to run (default: all). */
    only?: (name: string) => boolean;
    /** Changes made to the demo plan before the handlers run (test side). */
    prepare?: (a: Addon) => void;
  }

  /**
   * Runs every export once with the manifest `scopes`: 初期設定 each on a new spreadsheet; everything else, in menu
   * order, on the demo plan (set up with the shipped manifest).
   */
  function exercise(scopes: readonly string[], options: ExerciseOptions = {}): Exercise {
    const outcomes: Record<string, string | undefined> = {};
    const scoped: Record<string, readonly string[]> = {};
    const called = new Set<string>();
    const record = (env: FakeEnvironment) => {
      Object.assign(scoped, env.scopedCalls());
      for (const m of Object.keys(env.callCounts())) called.add(m);
    };
    const names = exportsOf(built).filter(options.only ?? (() => true));
    for (const name of names.filter((n) => INIT.has(n))) {
      const a = fresh(scopes);
      a.env.grantedScopes = options.granted;
      outcomes[name] = outcome(a, handler(name));
      record(a.env);
    }
    const a = fresh(shipped);
    a.call('menuInitDemo');
    options.prepare?.(a);
    a.env.resetCalls();
    a.env.oauthScopes = scopes;
    a.env.grantedScopes = options.granted;
    const order: Kind[] = ['trigger', 'menu', 'sidebar', 'clock', 'custom'];
    for (const h of names.filter((n) => !INIT.has(n)).map(handler).sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind)))
      outcomes[h.name] = outcome(a, h);
    record(a.env);
    return { outcomes, scoped, called };
  }

  let withShipped: Exercise;
  beforeAll(() => {
    withShipped = exercise(shipped);
  }, SLOW_MS);

  test('every export is a trigger, a menu item, a sidebar call or a custom function (so each one is exercised here)', () => {
    const names = exportsOf(built);
    expect(names.filter((n) => kindOf(n) === undefined)).toEqual([]);
    expect(names).toEqual(expect.arrayContaining([...MENU_FUNCTIONS, ...SIDEBAR_CALLS, 'onOpen', 'onInstall', ...Object.keys(CUSTOM_ARGS)]));
  });

  test('with the shipped manifest every trigger, menu job, sidebar call and custom function passes the gate', () => {
    const failed = Object.entries(withShipped.outcomes).filter(([, o]) => o !== undefined);
    expect(failed).toEqual([]);
    expect(Object.keys(withShipped.outcomes).sort()).toEqual(exportsOf(built).sort());
    // Every method the add-in calls is one whose scopes the reference gives (no deprecated or unknown method).
    expect([...withShipped.called].filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
  });

  /** Which feature each export is (its consent list in src/gas/consent.ts). */
  const FEATURE_SCOPES = { base: BASE_SCOPES, reminders: REMINDER_SCOPES, auto: AUTO_REMINDER_SCOPES, reminderMenu: REMINDER_MENU_SCOPES };
  type Feature = keyof typeof FEATURE_SCOPES;
  const featureOf = (name: string): Feature =>
    name === 'sidebarReminders' || name === 'sidebarSendReminders' ? 'reminders'
      : name === 'sidebarAutoReminders' || name === TRIGGER_HANDLER ? 'auto'
        : name === 'menuReminders' ? 'reminderMenu'
          : 'base';

  /** 設定 (test side) so the clock run at CLOCK_RUN has mail to send: FY2023 due Tue 2024-05-07, 4 days before. */
  function dueOnClockDay(a: Addon): void {
    const sheet = a.env.spreadsheet.getSheetByName('設定')!;
    const set = (key: string, value: string | number) => sheet.getRange(sheet.getDataRange().getValues().findIndex((r) => r[0] === key) + 1, 2).setValue(value);
    set('評価年度', 2023);
    set('提出期限', '令和6年5月7日');
    set('自動督促', '使う');
    set('自動督促（期限の何日前）', '4');
    const depts = (JSON.parse(JSON.stringify(a.call('sidebarReminders', null))) as { mails: { dept: string }[] }).mails.map((m) => m.dept);
    const header = sheet.getDataRange().getValues().findIndex((r) => r[0] === '部門' && r[1] === '入力担当者メール') + 1;
    sheet.getRange(header + 1, 1, depts.length, 2).setValues(depts.map((d, i) => [d, `tanto${i}@city.example.jp`]));
  }

  test('each feature, granted only its own scopes, runs and uses every scope it asks for; the manifest is their union', () => {
    expect([...shipped].sort()).toEqual([...new Set(Object.values(FEATURE_SCOPES).flat())].sort());
    for (const feature of Object.keys(FEATURE_SCOPES) as Feature[]) {
      const scopes = FEATURE_SCOPES[feature];
      const run = exercise(shipped, { granted: scopes, only: (n) => featureOf(n) === feature, prepare: feature === 'auto' ? dueOnClockDay : undefined });
      expect([feature, Object.keys(run.outcomes).length > 0]).toEqual([feature, true]);
      expect([feature, Object.entries(run.outcomes).filter(([, o]) => o !== undefined)]).toEqual([feature, []]);
      const granted = (list: readonly string[]) => list.filter((s) => scopes.includes(s));
      expect([feature, Object.entries(run.scoped).filter(([, list]) => granted(list).length === 0)]).toEqual([feature, []]);
      // A scope is used when it is the only one of the feature's that some called method accepts.
      const used = new Set(Object.values(run.scoped).map(granted).filter((d) => d.length === 1).map((d) => d[0]));
      // The menu's 督促・自動督促 asks, for the sidebar section it opens, what that section's calls use.
      const asked = feature === 'reminderMenu' ? [...new Set([...used, ...REMINDER_SCOPES, ...AUTO_REMINDER_SCOPES])] : [...used];
      expect([feature, asked.sort()]).toEqual([feature, [...scopes].sort()]);
    }
    // The narrowest spreadsheet scope for everything people do in the open file; the broad one is the clock trigger's
    // alone (it opens the file by ID: a clock run has no active spreadsheet).
    expect(BASE_SCOPES).toContain(CURRENT_ONLY);
    expect([...BASE_SCOPES, ...REMINDER_SCOPES]).not.toContain(SPREADSHEETS);
    expect(withShipped.scoped['SpreadsheetApp.openById']).toEqual([SPREADSHEETS]);
  }, SLOW_MS);

  test('removing each shipped scope makes the calls that need it fail, naming it', () => {
    for (const scope of shipped) {
      const { outcomes } = exercise(shipped.filter((s) => s !== scope));
      const failures = Object.entries(outcomes).filter((e): e is [string, string] => e[1] !== undefined);
      expect([scope, failures.length > 0]).toEqual([scope, true]);
      // Either Google's text for the method, or requireScopes refusing a scope the script does not declare ("Scopes
      // that are invalid or not required by the script lead to an error", reference/script/ScriptApp.md).
      for (const [name, text] of failures)
        expect([scope, name, text]).toEqual([scope, name, expect.stringMatching(/Specified permissions are not sufficient to call \w+\.\w+\. Required permissions: |The scope \S+ is not required by the script\./)]);
      for (const [name, text] of failures) expect([scope, name, text.includes(scope)]).toEqual([scope, name, true]);
      // Only the exports whose feature asks for the scope fail.
      for (const [name] of failures) expect([scope, name, FEATURE_SCOPES[featureOf(name)].includes(scope)]).toEqual([scope, name, true]);
      // Custom functions need no scope at all.
      for (const name of Object.keys(CUSTOM_ARGS)) expect([scope, name, outcomes[name]]).toEqual([scope, name, undefined]);
    }
  }, SLOW_MS);

  test('a user who unticked the e-mail scope gets the consent prompt instead of the job, then the job once they grant it', () => {
    const a = fresh(shipped);
    a.call('menuInitDemo');
    const sheetsBefore = a.env.spreadsheet.getSheets().map((s) => s.getName());
    const form = JSON.parse(JSON.stringify(a.call('sidebarForm', DEPT))) as DeptForm;
    const row = form.rows[0];
    const save = { dept: DEPT, fiscalYear: form.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '12件' }] };
    a.env.grantedScopes = shipped.filter((s) => s !== EMAIL);
    const asked = exportsOf(built)
      .map(handler)
      .filter((h) => h.kind === 'menu' || h.kind === 'sidebar')
      .map((h) => (h.name === 'sidebarSave' ? { ...h, run: (x: Addon) => x.call('sidebarSave', save) } : h));
    for (const h of asked) {
      a.env.resetCalls();
      const prompts = a.env.ui.authPrompts.length;
      const alerts = a.env.ui.alerts.length;
      let ended: unknown;
      try {
        h.run(a);
      } catch (e) {
        ended = e;
      }
      expect([h.name, ended instanceof ExecutionEnded]).toEqual([h.name, true]);
      expect([h.name, a.env.ui.authPrompts.slice(prompts)]).toEqual([h.name, [{ scopes: [EMAIL] }]]);
      // Nothing but the consent check ran: no alert, no read, no write.
      expect([h.name, a.env.callCounts(), a.env.ui.alerts.length - alerts]).toEqual([h.name, { 'ScriptApp.requireScopes': 1 }, 0]);
    }
    expect(a.env.spreadsheet.getSheets().map((s) => s.getName())).toEqual(sheetsBefore);
    expect(entryText(a, '12件')).toBe(false);

    a.env.grantedScopes = undefined;
    a.call('menuRollup');
    expect(a.env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
    expect(JSON.parse(JSON.stringify(a.call('sidebarSave', save)))).toMatchObject({ status: 'saved', saved: 1 });
    expect(entryText(a, '12件')).toBe(true);
  }, SLOW_MS);

  /** Whether some cell of the department's tab holds `text`. */
  const entryText = (a: Addon, text: string) => a.env.spreadsheet.getSheetByName(DEPT)!.getDataRange().getValues().some((r) => r.includes(text));

  test('triggers and custom functions never ask for consent, even with nothing granted', () => {
    const a = fresh(shipped);
    a.env.grantedScopes = [];
    for (const h of exportsOf(built).map(handler).filter((x) => x.kind === 'trigger' || x.kind === 'custom')) expect([h.name, outcome(a, h)]).toEqual([h.name, undefined]);
    expect(a.env.ui.authPrompts).toEqual([]);
    expect(a.env.calls['ScriptApp.requireAllScopes'] + a.env.calls['ScriptApp.requireScopes']).toBe(0);
    expect(a.env.ui.menus.at(-1)!.items.length).toBeGreaterThan(0);
  });

  test('a menu job or a sidebar save typed into a cell as a custom function fails there', () => {
    const a = fresh(shipped);
    a.call('menuInitDemo');
    expect(thrown(() => a.env.run('CUSTOM_FUNCTION', () => a.call('menuRollup')))).toBe('Cannot call SpreadsheetApp.getUi() from this context.');
    const form = JSON.parse(JSON.stringify(a.call('sidebarForm', DEPT))) as DeptForm;
    const row = form.rows[0];
    const save = { dept: DEPT, fiscalYear: form.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '1件' }] };
    expect(thrown(() => a.env.run('CUSTOM_FUNCTION', () => a.call('sidebarSave', save)))).toContain(
      'You do not have permission to call Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email',
    );
  });
});
