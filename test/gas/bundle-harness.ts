/** Loading the built Apps Script project into fresh vm contexts over the fakes, as Apps Script runs it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { inLocalTimeZone } from '../support/time-zone';
import { createEnvironment, type FakeEnvironment } from './fakes';

const root = join(__dirname, '..', '..');

/** The fields of build/appsscript.json the harness applies. */
export interface Manifest {
  timeZone: string;
  oauthScopes: string[];
}

export interface Built {
  bundle: string;
  entry: string;
  manifest: Manifest;
}

/** Builds build/ (the bundle, entry.js and the manifest) and returns them. */
export function buildProject(): Built {
  execFileSync('node', [join(root, 'scripts', 'build-gas.mjs')], { cwd: root });
  const read = (name: string) => readFileSync(join(root, 'build', name), 'utf8');
  return { bundle: read('shinchoku.js'), entry: read('entry.js'), manifest: JSON.parse(read('appsscript.json')) as Manifest };
}

export interface Addon {
  env: FakeEnvironment;
  call: (name: string, ...args: unknown[]) => unknown;
}

/**
 * A fresh execution context per simulated run, as Apps Script loads the whole project for each one. The scope gate
 * is on: an environment without `oauthScopes` gets the built manifest's (set `env.oauthScopes = undefined` after
 * this call to opt out).
 */
export function addon(built: Built, env = createEnvironment({ strictGrid: true, htmlFiles: { sidebar: '<p>サイドバー</p>' } })): Addon {
  env.oauthScopes ??= built.manifest.oauthScopes;
  // The script's zone is the manifest's (manifest reference: `timeZone`, "The script time zone"), whatever the
  // environment was created with; that V8's local getters follow it is assumed (environment check: audit §6).
  env.context.scriptTimeZone = built.manifest.timeZone;
  const call = (name: string, ...args: unknown[]) =>
    inLocalTimeZone(built.manifest.timeZone, () => {
      env.startExecution();
      const ctx = vm.createContext({});
      // A settable clock (env.now): the script's `new Date()` and `Date.now()` read it; dated Dates are untouched.
      if (env.now) vm.runInContext(`Date = ((D, now) => class Date extends D { constructor(...a) { super(...(a.length ? a : [now])); } static now() { return now; } })(Date, ${env.now.getTime()});`, ctx);
      env.dateConstructor = vm.runInContext('Date', ctx);
      Object.assign(ctx, env.globals);
      // Calls that take time on the fake clock (env latencyMs): the script's Date.now reads that clock.
      if (env.timed) (vm.runInContext('Date', ctx) as DateConstructor).now = () => env.clockMs;
      vm.runInContext(built.bundle, ctx);
      vm.runInContext(built.entry, ctx);
      return (ctx as Record<string, (...a: unknown[]) => unknown>)[name](...args);
    });
  return { env, call };
}

export const sheetValues = (env: FakeEnvironment, name: string) => env.spreadsheet.getSheetByName(name)!.getDataRange().getValues();

/** The test-view range of a tab's entry cell, found by header text and indicator name. */
export function entryCell(env: FakeEnvironment, tab: string, indicator: string, header: string) {
  const values = sheetValues(env, tab);
  const row = values.findIndex((r) => r.includes(indicator)) + 1;
  const headerRow = values.find((r) => r.includes(header))!;
  return env.spreadsheet.getSheetByName(tab)!.getRange(row, headerRow.indexOf(header) + 1);
}

/** Signs the fake session in as `email` (active and effective user alike). */
export function actAs(env: FakeEnvironment, email: string): void {
  env.context.activeUserEmail = email;
  env.context.effectiveUserEmail = email;
}

/**
 * Whether `email` may write the cell: with enforceProtection, the same protections stop a script running as them
 * and their typing (platform-facts facts 42–44). The session's user is restored afterwards.
 */
export function mayEdit(env: FakeEnvironment, email: string, sheet: string, cell: string): boolean {
  const [active, effective] = [env.context.activeUserEmail, env.context.effectiveUserEmail];
  actAs(env, email);
  try {
    const range = env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheetByName(sheet)!.getRange(cell);
    range.setValue(range.getValue());
    return true;
  } catch (e) {
    if (/protected cell/.test((e as Error).message)) return false;
    throw e;
  } finally {
    env.context.activeUserEmail = active;
    env.context.effectiveUserEmail = effective;
  }
}
