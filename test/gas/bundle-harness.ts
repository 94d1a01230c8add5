/** Loading the built Apps Script project into fresh vm contexts over the fakes, as Apps Script runs it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { createEnvironment, type FakeEnvironment } from './fakes';

const root = join(__dirname, '..', '..');

export interface Built {
  bundle: string;
  entry: string;
}

/** Builds build/ (the bundle and entry.js) and returns their text. */
export function buildProject(): Built {
  execFileSync('node', [join(root, 'scripts', 'build-gas.mjs')], { cwd: root });
  return { bundle: readFileSync(join(root, 'build', 'shinchoku.js'), 'utf8'), entry: readFileSync(join(root, 'build', 'entry.js'), 'utf8') };
}

export interface Addon {
  env: FakeEnvironment;
  call: (name: string, ...args: unknown[]) => unknown;
}

/** A fresh execution context per simulated run, as Apps Script loads the whole project for each one. */
export function addon(built: Built, env = createEnvironment({ strictGrid: true, htmlFiles: { sidebar: '<p>サイドバー</p>' } })): Addon {
  const call = (name: string, ...args: unknown[]) => {
    const ctx = vm.createContext({});
    env.dateConstructor = vm.runInContext('Date', ctx);
    Object.assign(ctx, env.globals);
    vm.runInContext(built.bundle, ctx);
    vm.runInContext(built.entry, ctx);
    return (ctx as Record<string, (...a: unknown[]) => unknown>)[name](...args);
  };
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
