/**
 * Dates in Sheets whatever the time zones (issue 11, audit F3): date cells reach the core as calendar dates of the
 * spreadsheet's zone, and the core's dates and times go back in that zone, whether the script (the manifest) runs in
 * the same zone or not, and whatever the test machine's zone.
 */
import * as vm from 'node:vm';
import type { CoordinatorView, DeptForm, SaveResult } from '../../src/core/sidebar/types';
import { inLocalTimeZone } from '../support/time-zone';
import { addon as makeAddon, buildProject, type Addon, type Built } from './bundle-harness';
import { createEnvironment, type FakeEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

/** Kiritimati (UTC+14) and Pago Pago (UTC−11): midnight there is another calendar day in almost every other zone. */
const SHEET_ZONES = ['Asia/Tokyo', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'] as const;
/** The manifest's zone (Asia/Tokyo as shipped), and others a project could set. */
const SCRIPT_ZONES = ['Asia/Tokyo', 'UTC', 'America/New_York'] as const;

/** The add-in over a spreadsheet in `sheetZone`, run as if appsscript.json said `scriptZone`. */
function addonIn(sheetZone: string, scriptZone = built.manifest.timeZone): Addon {
  const env = createEnvironment({ strictGrid: true, spreadsheetTimeZone: sheetZone, htmlFiles: { sidebar: '<p>サイドバー</p>' } });
  return makeAddon({ ...built, manifest: { ...built.manifest, timeZone: scriptZone } }, env);
}

function demoIn(sheetZone: string, scriptZone?: string): Addon {
  const a = addonIn(sheetZone, scriptZone);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  return a;
}

const sheet = (env: FakeEnvironment, name: string) => env.spreadsheet.getSheetByName(name)!;

/** A wall clock of `instant` in `timeZone`, as `yyyy/MM/dd HH:mm:ss` (the 変更履歴 form), from Node's ICU. */
function wallClock(instant: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}/${p.month}/${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

describe('FISCAL_YEAR of a date cell', () => {
  const cases = SHEET_ZONES.flatMap((sheetZone) => SCRIPT_ZONES.map((scriptZone) => [sheetZone, scriptZone] as const));

  test.each(cases)('spreadsheet in %s, script in %s: 2020/3/31 → 2019, 2020/4/1 → 2020', (sheetZone, scriptZone) => {
    const { env, call } = addonIn(sheetZone, scriptZone);
    const cells = sheet(env, 'シート1').getRange('A1:A2');
    cells.setValues([['2020/03/31'], ['2020/04/01']]);
    const fiscalYear = (arg: unknown) => env.runCustomFunction((x: unknown) => call('FISCAL_YEAR', x), [arg]);
    expect(fiscalYear(env.toArgument(sheet(env, 'シート1').getRange('A1')))).toEqual({ value: 2019 });
    expect(fiscalYear(env.toArgument(sheet(env, 'シート1').getRange('A2')))).toEqual({ value: 2020 });
    expect(fiscalYear(env.toArgument(cells))).toEqual({ value: [[2019], [2020]] });
  });

  test('whatever the machine\'s own zone', () => {
    for (const machine of ['UTC', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati'])
      inLocalTimeZone(machine, () => {
        const { env, call } = addonIn('Pacific/Pago_Pago');
        sheet(env, 'シート1').getRange('A1').setValue('2020/04/01');
        const r = env.runCustomFunction((x: unknown) => call('FISCAL_YEAR', x), [env.toArgument(sheet(env, 'シート1').getRange('A1'))]);
        expect({ machine, ...r }).toEqual({ machine, value: 2020 });
      });
  });

  test('the zone is read once, and each distinct date costs one formatDate, not one per cell', () => {
    const { env, call } = addonIn('America/New_York', 'Asia/Tokyo');
    const cells = sheet(env, 'シート1').getRange('A1:A100');
    cells.setValues(Array.from({ length: 100 }, (_, i) => [i % 2 ? '2020/03/31' : '2020/04/01']));
    env.resetCalls();
    const r = env.runCustomFunction((x: unknown) => call('FISCAL_YEAR', x), [env.toArgument(cells)]);
    expect(r).toEqual({ value: Array.from({ length: 100 }, (_, i) => [i % 2 ? 2019 : 2020]) });
    expect(env.calls['Spreadsheet.getSpreadsheetTimeZone']).toBe(1);
    expect(env.calls['Utilities.formatDate']).toBe(2);
  });

  test('arguments without a date touch no service', () => {
    const { env, call } = addonIn('America/New_York');
    env.resetCalls();
    expect(env.runCustomFunction((x: unknown) => call('FISCAL_YEAR', x), [[['令和2年度'], ['R3']]])).toEqual({ value: [[2020], [2021]] });
    expect(env.calls.total).toBe(0);
  });

  test('with no spreadsheet at hand, the script\'s own zone (the manifest\'s) applies', () => {
    // 2020-03-31T15:00Z: 2020/4/1 in Tokyo, still 3/31 in New York.
    const instant = Date.UTC(2020, 2, 31, 15);
    const run = (scriptZone: string) =>
      inLocalTimeZone(scriptZone, () => {
        const ctx = vm.createContext({ SpreadsheetApp: { getActive: () => null } });
        vm.runInContext(built.bundle, ctx);
        vm.runInContext(built.entry, ctx);
        return vm.runInContext(`FISCAL_YEAR(new Date(${instant}))`, ctx) as unknown;
      });
    expect(run('Asia/Tokyo')).toBe(2020);
    expect(run('America/New_York')).toBe(2019);
  });
});

describe('date cells read by the jobs, and written back', () => {
  test.each(SHEET_ZONES)('a 提出日 typed as a date (spreadsheet in %s) keeps its day through 部門シート作成・更新 and 集計', (sheetZone) => {
    const { env, call } = demoIn(sheetZone);
    const tab = sheet(env, '税制課');
    expect(tab.getRange('E1').getValue()).toBe('提出日');
    tab.getRange('D1').setValue('提出済');
    tab.getRange('F1').setValue('2021/06/30');
    const shownDate = (range: GoogleAppsScript.Spreadsheet.Range) => {
      const v = range.getValue();
      return v instanceof Date || Object.prototype.toString.call(v) === '[object Date]' ? range.getDisplayValue() : `not a date: ${String(v)}`;
    };

    call('menuSetup');
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: '部門シート作成・更新' });
    expect(shownDate(sheet(env, '税制課').getRange('F1'))).toBe('2021/06/30');

    call('menuRollup');
    const summary = sheet(env, '達成状況');
    const values = summary.getDataRange().getValues();
    // 提出状況: the department is a link to its tab (a HYPERLINK formula).
    const formulas = summary.getDataRange().getFormulas();
    const header = values.findIndex((row) => row[0] === '報告部門' && row[4] === '提出日');
    const r = formulas.findIndex((row, i) => i > header && row[0].includes('"税制課"'));
    expect(header).toBeGreaterThan(-1);
    expect(r).toBeGreaterThan(header);
    expect(shownDate(summary.getRange(r + 1, 5))).toBe('2021/06/30');

    const view = call('sidebarStatus') as CoordinatorView;
    expect(view.departments.find((d) => d.dept === '税制課')).toMatchObject({ submitted: true, submittedAt: '2021-06-30' });
  });

  test('a sheet without dates costs no time-zone call', () => {
    const { env, call } = demoIn('America/New_York');
    env.resetCalls();
    call('menuRollup');
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
    expect(env.calls['Spreadsheet.getSpreadsheetTimeZone']).toBe(0);
    expect(env.calls['Utilities.formatDate']).toBe(0);
  });
});

describe('times the add-in records are the spreadsheet\'s wall clock', () => {
  test.each(SHEET_ZONES)('変更履歴 and the 提出日 of a sidebar submit (spreadsheet in %s, script in Asia/Tokyo)', (sheetZone) => {
    const { env, call } = demoIn(sheetZone);
    const form = call('sidebarForm', '税制課') as DeptForm;
    const before = new Date();
    const saved = call('sidebarSave', { dept: '税制課', fiscalYear: form.fiscalYear, submit: true, changes: [] }) as SaveResult;
    const after = new Date();
    expect(saved.status).toBe('saved');

    const log = sheet(env, '変更履歴').getDataRange().getValues();
    const when = String(log.at(-1)![0]);
    expect(when >= wallClock(before, sheetZone) && when <= wallClock(after, sheetZone)).toBe(true);
    // The 提出日 the sidebar writes is that day, as text.
    const day = (d: Date) => wallClock(d, sheetZone).slice(0, 10).replace(/\/0?/g, '/');
    expect([day(before), day(after)]).toContain(String(sheet(env, '税制課').getRange('F1').getValue()));
  });
});
