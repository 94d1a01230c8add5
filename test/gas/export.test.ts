/**
 * オープンデータ出力 through the built bundle in (fake) Google Sheets, with the scope gate on and protections enforced
 * for script writes as Sheets enforces them for people (platform-facts facts 42–44): the menu writes 「公表データ」 with
 * the core's rows, opens it, and the sheet as a CSV (what ファイル → ダウンロード → CSV gives, built here from the
 * cells with csv-stringify: the download itself is Google's and not in the fakes) reads back to the rate, grade and
 * status that 集計 writes to 達成状況. Someone who is not a coordinator is refused and nothing is written.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { OPEN_DATA_HEADERS, openDataOfWorkbook, readOpenData } from '../../src/core/export/open-data';
import { readSummaryTable } from '../../src/core/layout/summary';
import { SheetsWorkbook } from '../../src/gas/sheets-workbook';
import { actAs, addon, buildProject, mayEdit, sheetValues, type Addon, type Built } from './bundle-harness';
import { createEnvironment } from './fakes';
import { KIKAKU, KOHO, OWNER } from './people';

let built: Built;
beforeAll(() => {
  built = buildProject();
});


function demo(): Addon {
  const env = createEnvironment({ strictGrid: true, enforceProtection: true, ownerEmail: OWNER, activeUserEmail: KIKAKU, editorEmails: [KIKAKU, KOHO] });
  const a = addon(built, env);
  expect(a.env.oauthScopes).toEqual(built.manifest.oauthScopes);
  env.setAuthMode('FULL');
  a.call('menuInitDemo');
  return a;
}

test('the menu item sits after 報告書作成', () => {
  const { env, call } = addon(built);
  call('onOpen');
  const items = env.ui.menus[0].items.map((i) => (i.type === 'item' ? i.caption : '---'));
  expect(items[items.indexOf('報告書作成') + 1]).toBe('オープンデータ出力');
});

test('writes 「公表データ」 with the core rows, opens it, and its CSV reads back to 達成状況\'s numbers', () => {
  const a = demo();
  const { env } = a;
  a.call('menuExport');
  const alert = env.ui.alerts.at(-1)!;
  expect(alert.title).toBe('オープンデータ出力');
  expect(alert.prompt).toMatch(/^「公表データ」シートに \d+行（2019年度・2020年度・2021年度・2022年度・2023年度）を書き出しました。/);
  expect(alert.prompt).toContain('「ファイル」→「ダウンロード」');
  expect(env.spreadsheet.getActiveSheet()!.getName()).toBe('公表データ');

  const values = sheetValues(env, '公表データ');
  const core = env.withGlobals(() => openDataOfWorkbook(new SheetsWorkbook(env.spreadsheet)));
  expect(values[0]).toEqual(OPEN_DATA_HEADERS);
  expect(values.slice(1)).toEqual(core.rows.map((r) => r.map((v) => v ?? '')));
  // 団体コード stays text with its digits (not the number 272051).
  expect(values[1][0]).toBe('272051');

  // The sheet as a CSV, read back, against 集計's 達成状況.
  const csv = stringify(values);
  const [header, ...rows] = parse(csv) as string[][];
  const figures = readOpenData(header, rows, { csv: true });
  a.call('menuRollup');
  const summary = env.withGlobals(() => readSummaryTable(new SheetsWorkbook(env.spreadsheet).readSheet('達成状況')!));
  expect(figures.length).toBe(summary.length);
  expect(figures.map((f) => [f.no, f.indicator, f.fiscalYear, f.rate, f.grade, f.status])).toEqual(summary.map((s) => [s.no, s.indicator, s.fiscalYear, s.rate, s.grade, s.status]));

  // Only coordinators may edit the sheet; running again replaces it (one sheet, the same rows).
  expect(mayEdit(env, KOHO, '公表データ', 'A2')).toBe(false);
  a.call('menuExport');
  expect(env.spreadsheet.getSheets().filter((s) => s.getName() === '公表データ').length).toBe(1);
  expect(sheetValues(env, '公表データ')).toEqual(values);
});

test('someone who is not a coordinator is refused in Japanese, and no sheet is written', () => {
  const a = demo();
  actAs(a.env, KOHO);
  a.call('menuExport');
  const alert = a.env.ui.alerts.at(-1)!;
  expect(alert.title).toBe('オープンデータ出力: エラー');
  expect(alert.prompt).toContain('オープンデータ出力');
  expect(a.env.spreadsheet.getSheetByName('公表データ')).toBeNull();
});
