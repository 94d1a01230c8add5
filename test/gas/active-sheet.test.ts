/**
 * "The new sheet becomes the active sheet" (Spreadsheet.insertSheet, audit F8): after any job that inserts a sheet,
 * the person is back on the sheet and selection they had, at the cost of two calls (remember, restore), and a job
 * that inserts nothing asks nothing.
 */
import type { DeptForm, SaveResult } from '../../src/core/sidebar/types';
import { addon as makeAddon, buildProject, type Built } from './bundle-harness';
import { createEnvironment, type FakeEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

const json = <T>(v: unknown) => JSON.parse(JSON.stringify(v)) as T;

function demo() {
  const a = makeAddon(built, createEnvironment({ strictGrid: true, htmlFiles: { sidebar: '<p>サイドバー</p>' }, ownerEmail: 'owner@city.example.lg.jp' }));
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  return a;
}

/** The person selects a range on a tab (test side: not counted). */
function select(env: FakeEnvironment, sheet: string, a1: string): void {
  env.spreadsheet.getSheetByName(sheet)!.getRange(a1).activate();
}

function where(env: FakeEnvironment): string {
  const range = env.spreadsheet.getActiveRange()!;
  return `${env.spreadsheet.getActiveSheet()!.getName()}!${range.getA1Notation()}`;
}

const activeCalls = (env: FakeEnvironment) => {
  const counts = env.callCounts();
  return { get: counts['Spreadsheet.getActiveSheet'] ?? 0, set: counts['Spreadsheet.setActiveSheet'] ?? 0 };
};

test("a department user's first save, which creates 変更履歴, leaves them on their tab and cell", () => {
  const { env, call } = demo();
  const settings = env.spreadsheet.getSheetByName('設定')!;
  const header = settings.getDataRange().getValues().findIndex((r) => r[0] === '部門') + 1;
  settings.getRange(header + 1, 1, 1, 2).setValues([['広報課', 'tanaka@city.example.lg.jp']]);
  call('menuSetup');
  env.spreadsheet.deleteSheet(env.spreadsheet.getSheetByName('変更履歴')!);
  env.context.activeUserEmail = 'tanaka@city.example.lg.jp';
  env.context.effectiveUserEmail = 'tanaka@city.example.lg.jp';
  select(env, '広報課', 'D5:E6');

  const form = json<DeptForm>(call('sidebarForm', '広報課'));
  const row = form.rows[0];
  env.resetCalls();
  const saved = json<SaveResult>(call('sidebarSave', { dept: '広報課', fiscalYear: form.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '1,000人' }] }));
  expect(saved.status).toBe('saved');
  expect(env.spreadsheet.getSheetByName('変更履歴')).not.toBeNull();
  expect(where(env)).toBe('広報課!D5:E6');
  expect(activeCalls(env)).toEqual({ get: 1, set: 1 });

  // The next save inserts nothing, so it neither asks for nor sets the active sheet.
  env.resetCalls();
  const again = json<DeptForm>(call('sidebarForm', '広報課'));
  call('sidebarSave', { dept: '広報課', fiscalYear: again.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: again.rows[0].actual.text, after: '1,200人' }] });
  expect(activeCalls(env)).toEqual({ get: 0, set: 0 });
  expect(where(env)).toBe('広報課!D5:E6');
});

test('初期設定 leaves the person where they were', () => {
  const { env, call } = makeAddon(built);
  env.setAuthMode('FULL');
  select(env, 'シート1', 'B3');
  env.resetCalls();
  call('menuInitDemo');
  expect(env.spreadsheet.getSheetByName('計画マスタ')).not.toBeNull();
  expect(where(env)).toBe('シート1!B3');
  // 初期設定 writes in three steps (設定 and 計画マスタ, the tabs, 変更履歴); each remembers and restores once.
  const { get, set } = activeCalls(env);
  expect(get).toBe(set);
  expect(get).toBeGreaterThanOrEqual(1);
  expect(get).toBeLessThanOrEqual(3);
});

test('the first 入力チェック and 集計 (new 検証結果 and 達成状況) and the year close leave the person where they were', () => {
  const { env, call } = demo();
  select(env, '税制課', 'C7');
  env.resetCalls();
  call('menuValidate');
  expect(env.spreadsheet.getSheetByName('検証結果')).not.toBeNull();
  expect(where(env)).toBe('税制課!C7');
  expect(activeCalls(env)).toEqual({ get: 1, set: 1 });

  select(env, '市民課', 'A2');
  env.resetCalls();
  call('menuRollup');
  expect(env.spreadsheet.getSheetByName('達成状況')).not.toBeNull();
  expect(where(env)).toBe('市民課!A2');
  expect(activeCalls(env)).toEqual({ get: 1, set: 1 });

  // A second rollup inserts nothing: no active-sheet calls at all.
  env.resetCalls();
  call('menuRollup');
  expect(activeCalls(env)).toEqual({ get: 0, set: 0 });

  select(env, '広報課', 'F4');
  env.ui.promptTexts.push('');
  env.ui.responses.push('OK');
  call('menuCloseYear');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '年度確定' });
  expect(env.spreadsheet.getSheetByName('年度確定')).not.toBeNull();
  expect(where(env)).toBe('広報課!F4');
});
