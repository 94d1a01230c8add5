/**
 * No formula injection in Sheets: every payload a person can type (sidebar entries and comments, plan names) is
 * stored as text on every write path — the sidebar save, setup rewriting the tabs, the rollup copying entries into
 * 達成状況 and 検証結果 — and the only formulas in the book are the add-in's own links. A typed -5 still counts.
 */
import type { MasterRow } from '../../src/core/layout/master';
import { readSummaryTable } from '../../src/core/layout/summary';
import type { DeptForm, FormChange, SaveResult } from '../../src/core/sidebar/types';
import { INJECTION_PAYLOADS } from '../support/payloads';
import { addon as makeAddon, buildProject, sheetValues, type Built } from './bundle-harness';
import type { FakeEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

const OWN_LINK = /^=HYPERLINK\("#gid=\d+&range=[A-Z]+\d+","[^"]*"\)$/;

/** Every formula in the book that is not one of the add-in's own links. */
function strayFormulas(env: FakeEnvironment): string[] {
  return env.spreadsheet.getSheets().flatMap((sheet) =>
    sheet.getDataRange().getFormulas().flat().filter((f) => f !== '' && !OWN_LINK.test(f)).map((f) => `${sheet.getName()}: ${f}`));
}

function allValues(env: FakeEnvironment): unknown[] {
  return env.spreadsheet.getSheets().flatMap((s) => s.getDataRange().getValues().flat());
}

test('payloads saved from the sidebar, carried by setup and copied by the rollup stay text', () => {
  const { env, call } = makeAddon(built);
  env.setAuthMode('FULL');
  call('menuInitDemo');
  const json = <T>(v: unknown) => JSON.parse(JSON.stringify(v)) as T;
  let tried = 0;
  for (const dept of ['情報政策室', '広報課', '中央図書館', '教育センター']) {
    const form = json<DeptForm>(call('sidebarForm', dept));
    const changes: FormChange[] = [];
    form.rows.forEach((row, i) => {
      const payload = INJECTION_PAYLOADS[(tried + i) % INJECTION_PAYLOADS.length];
      changes.push({ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: payload });
      changes.push({ no: row.no, name: row.name, field: 'comment', before: row.comment.text, after: INJECTION_PAYLOADS[(tried + i + 1) % INJECTION_PAYLOADS.length] });
    });
    tried += changes.length;
    expect(json<SaveResult>(call('sidebarSave', { dept, fiscalYear: form.fiscalYear, changes, submit: false })).status).toBe('saved');
  }
  expect(tried).toBeGreaterThanOrEqual(INJECTION_PAYLOADS.length * 2);
  expect(strayFormulas(env)).toEqual([]);

  call('menuSetup');
  call('menuValidate');
  call('menuRollup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
  expect(strayFormulas(env)).toEqual([]);
  const values = allValues(env);
  for (const p of INJECTION_PAYLOADS) expect(values).toContain(p);
  process.stdout.write(`injection (Sheets): ${INJECTION_PAYLOADS.length} payloads, ${tried} cells saved through the sidebar, then setup, check and rollup\n`);
});

test('payloads in the plan itself (names, units, departments) are written as text by setup and rollup', () => {
  const { env, call } = makeAddon(built);
  env.setAuthMode('FULL');
  const master: MasterRow[] = INJECTION_PAYLOADS.slice(0, 8).map((p, i) => ({
    no: i + 1, policy: p, theme: p, actionPlan: p, name: `指標${i}`, unit: '件', reportingDept: '企画課', ownerDepts: p, relatedDepts: p, targets: { 2024: '100件' },
  }));
  const { SheetsWorkbook } = require('../../src/gas/sheets-workbook') as typeof import('../../src/gas/sheets-workbook');
  const { initWorkbook } = require('../../src/core/jobs') as typeof import('../../src/core/jobs');
  const restore = env.install(globalThis);
  try {
    initWorkbook(new SheetsWorkbook(env.globals.SpreadsheetApp.getActiveSpreadsheet()), { settings: { title: INJECTION_PAYLOADS[0], firstYear: 2024, lastYear: 2025, evaluationYear: 2024, coordinatorDept: '企画課', coordinators: ['owner@example.jp'] }, master });
  } finally {
    restore();
  }
  call('menuSetup');
  call('menuRollup');
  expect(strayFormulas(env)).toEqual([]);
  expect(sheetValues(env, '計画マスタ').flat()).toEqual(expect.arrayContaining(INJECTION_PAYLOADS.slice(0, 8)));
});

test('a negative number typed as -5 still counts as −5', () => {
  const { env, call } = makeAddon(built);
  env.setAuthMode('FULL');
  call('menuInitDemo');
  const form = JSON.parse(JSON.stringify(call('sidebarForm', '情報政策室'))) as DeptForm;
  const row = form.rows.find((r) => r.name === '申込み')!;
  call('sidebarSave', { dept: '情報政策室', fiscalYear: 2020, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '-5' }] });
  expect(strayFormulas(env)).toEqual([]);
  call('menuRollup');
  const summary = readSummaryTable({ name: '達成状況', values: sheetValues(env, '達成状況') as (string | number)[][] });
  expect(summary.find((r) => r.indicator === '申込み' && r.fiscalYear === 2020)!.rate).toBeCloseTo(-5 / 20, 12);
});
