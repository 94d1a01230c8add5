/**
 * The sheet-id cache (src/gas/sheet-ids.ts) through the built bundle: a rollup after a rollup asks Sheets for no id,
 * and whatever people do to the tabs by hand (rename, delete and re-create, reorder), or to the cache itself, the
 * HYPERLINK gids the rollup writes are the ids the sheets actually have.
 */
import { addon as makeAddon, buildProject, type Addon, type Built } from './bundle-harness';
import type { FakeEnvironment } from './fakes';
import type { FakeSpreadsheet } from './fakes/spreadsheet';
import { unwrap } from './fakes/wrap';

const KEY = 'shinchoku.sheetIds';
const LINKED = ['達成状況', '検証結果'];

let built: Built;
beforeAll(() => {
  built = buildProject();
});

/** The demo plan after 初期設定（デモ）: 設定, 計画マスタ, the department tabs and 変更履歴. */
function demo(): Addon & { depts: string[] } {
  const a = makeAddon(built);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  const depts = a.env.spreadsheet.getSheets().map((s) => s.getName()).filter((n) => !['設定', '計画マスタ', '変更履歴', 'シート1'].includes(n));
  return { ...a, depts };
}

function rollup({ env, call }: Addon): void {
  env.resetCalls();
  call('menuRollup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
}

/**
 * Every HYPERLINK in 達成状況 and 検証結果 points at a sheet that exists, and the one the link says: its label names
 * the tab (「税制課」, 「税制課!I4」) or, in 検証結果, the row's シート column does.
 */
function expectLinksCorrect(env: FakeEnvironment, depts: string[]): void {
  const targeted = new Set<string>();
  for (const name of LINKED) {
    const range = env.spreadsheet.getSheetByName(name)!.getDataRange();
    const values = range.getValues();
    range.getFormulas().forEach((line, i) =>
      line.forEach((f) => {
        const m = /^=HYPERLINK\("#gid=(\d+)&range=([A-Z]+\d+)","(.*)"\)$/.exec(f);
        if (!m) return;
        const [, gid, cell, label] = m;
        const target = env.spreadsheet.getSheetById(Number(gid));
        expect(target).not.toBeNull();
        const tab = target!.getName();
        const named = name === '検証結果' ? values[i][1] : label.replace(`!${cell}`, '');
        expect({ link: f, to: tab }).toEqual({ link: f, to: named });
        targeted.add(tab);
      }),
    );
  }
  // Links to every department tab were checked, not just a few.
  expect([...targeted].sort()).toEqual(expect.arrayContaining([...depts].sort()));
}

/** The cache holds every sheet in tab order with its actual id. */
function expectCacheCurrent(env: FakeEnvironment): void {
  const sheets = env.spreadsheet.getSheets();
  expect(JSON.parse(env.properties.document.getProperty(KEY)!)).toEqual({ names: sheets.map((s) => s.getName()), ids: sheets.map((s) => s.getSheetId()) });
}

const idCalls = (env: FakeEnvironment) => env.calls['Sheet.getSheetId'];

test('a rollup after a rollup asks for no sheet id; the cache costs two PropertiesService reads', () => {
  const a = demo();
  const { env, depts } = a;
  rollup(a);
  // First run: each sheet's id once, then one write of the cache.
  expect(idCalls(env)).toBeLessThanOrEqual(env.spreadsheet.getNumSheets());
  expect(env.calls['Properties.setProperty']).toBe(1);
  expectLinksCorrect(env, depts);
  expectCacheCurrent(env);

  rollup(a);
  expect(idCalls(env)).toBe(0);
  expect(env.calls['PropertiesService.getDocumentProperties']).toBe(1);
  expect(env.calls['Properties.getProperty']).toBe(1);
  expect(env.calls['Properties.setProperty']).toBe(0);
  expect(env.calls['Properties.deleteProperty']).toBe(0);
  expectLinksCorrect(env, depts);
});

test('links stay right after tabs are renamed, deleted and re-created, or reordered by hand', () => {
  const a = demo();
  const { env, depts } = a;
  const ss = env.spreadsheet;
  rollup(a);
  rollup(a);
  const steady = () => {
    expectLinksCorrect(env, depts);
    expectCacheCurrent(env);
    rollup(a);
    expect(idCalls(env)).toBe(0);
    expectLinksCorrect(env, depts);
  };

  // Renamed: the tab drops out of the plan, then comes back under its name.
  const renamed = depts[1];
  ss.getSheetByName(renamed)!.setName(`${renamed}（旧）`);
  rollup(a);
  expectLinksCorrect(env, depts.filter((d) => d !== renamed));
  expectCacheCurrent(env);
  ss.getSheetByName(`${renamed}（旧）`)!.setName(renamed);
  rollup(a);
  steady();

  // Deleted and re-created with the same name and content: a new id, at the end of the tabs.
  const recreated = depts[0];
  const old = ss.getSheetByName(recreated)!;
  const oldId = old.getSheetId();
  const range = old.getDataRange();
  const [values, formats] = [range.getValues(), range.getNumberFormats()];
  ss.deleteSheet(old);
  const copy = ss.insertSheet(recreated);
  // A department tab of a five-year plan is wider than a new sheet's 26 columns.
  if (values[0].length > copy.getMaxColumns()) copy.insertColumnsAfter(copy.getMaxColumns(), values[0].length - copy.getMaxColumns());
  copy.getRange(1, 1, values.length, values[0].length).setNumberFormats(formats).setValues(values);
  expect(ss.getSheetByName(recreated)!.getSheetId()).not.toBe(oldId);
  rollup(a);
  expect(idCalls(env)).toBeGreaterThan(0);
  steady();

  // Reordered: two department tabs swap places (names and ids stay together, positions change).
  const raw = unwrap(ss) as unknown as FakeSpreadsheet;
  const [i, j] = [depts[2], depts[3]].map((n) => raw._sheets.findIndex((s) => s._name === n));
  [raw._sheets[i], raw._sheets[j]] = [raw._sheets[j], raw._sheets[i]];
  rollup(a);
  steady();

  // 達成状況 deleted by hand and re-created by the rollup under the same name at the same place: its new id is cached.
  const summaryId = ss.getSheetByName('達成状況')!.getSheetId();
  ss.deleteSheet(ss.getSheetByName('達成状況')!);
  rollup(a);
  expect(ss.getSheetByName('達成状況')!.getSheetId()).not.toBe(summaryId);
  steady();
});

test.each([
  ['garbage JSON', '{"names": [oops'],
  ['not an object', '[1, 2, 3]'],
  ['ids that are not integers', JSON.stringify({ names: ['設定'], ids: ['0'] })],
  ['lists of different lengths', JSON.stringify({ names: ['設定', '計画マスタ'], ids: [0] })],
])('a cache holding %s is ignored and replaced', (_, value) => {
  const a = demo();
  const { env, depts } = a;
  env.properties.document.setProperty(KEY, value);
  rollup(a);
  expectLinksCorrect(env, depts);
  expectCacheCurrent(env);
  rollup(a);
  expect(idCalls(env)).toBe(0);
});

test('a tab list too long for one property is not cached; links still come from getSheetId', () => {
  const a = demo();
  const { env, depts } = a;
  rollup(a);
  // Sheet names of up to 100 characters: 40 of them are ≈ 12 KB of UTF-8, past the 9 KB a property value may hold.
  for (let k = 0; k < 40; k++) env.spreadsheet.insertSheet(`メモ${k}${'あ'.repeat(90)}`);
  rollup(a);
  expect(env.properties.document.getProperty(KEY)).toBeNull();
  expectLinksCorrect(env, depts);
  rollup(a);
  expect(env.calls['Properties.setProperty']).toBe(0);
  expect(env.calls['Properties.deleteProperty']).toBe(0);
  // Only the linked tabs' ids: the ids of the long-named sheets are never fetched.
  expect(idCalls(env)).toBeGreaterThan(0);
  expect(idCalls(env)).toBeLessThanOrEqual(depts.length + 2);
  expectLinksCorrect(env, depts);
});

describe('PropertiesService failing', () => {
  test('getDocumentProperties throwing or returning null: ids come from getSheetId', () => {
    for (const failing of [
      () => {
        throw new Error('Service unavailable: Properties');
      },
      () => null,
    ]) {
      const a = demo();
      const { env, depts } = a;
      env.globals.PropertiesService = { getDocumentProperties: failing } as unknown as GoogleAppsScript.Properties.PropertiesService;
      rollup(a);
      expectLinksCorrect(env, depts);
      rollup(a);
      expect(idCalls(env)).toBeGreaterThan(0);
      expectLinksCorrect(env, depts);
    }
  });

  test('a store over its quota: the write fails quietly and the stale cache is dropped', () => {
    const a = demo();
    const { env, depts } = a;
    rollup(a);
    env.spreadsheet.insertSheet('メモ');
    env.limits.propertyValueBytes = 10;
    rollup(a);
    expect(env.calls['Properties.setProperty']).toBe(1);
    expect(env.properties.document.getProperty(KEY)).toBeNull();
    expectLinksCorrect(env, depts);
    env.limits.propertyValueBytes = 9 * 1024;
    rollup(a);
    expectCacheCurrent(env);
    rollup(a);
    expect(idCalls(env)).toBe(0);
  });
});
