/**
 * Text stays text in Sheets: every payload a person can type (sidebar entries and comments, plan names, targets,
 * departments) comes back exactly as written on every write path — the sidebar save and 変更履歴, setup rewriting
 * the tabs, the check's 検証結果, the rollup's 達成状況 — with no formula but the add-in's own links and no error
 * cell. The payloads include what typed input would convert (`1e5`, `#N/A`, `2024年3月31日`, `１２３`, `TRUE` …); the
 * fakes parse those forms (test/gas/fakes/values.ts), so a string written unquoted would come back changed.
 * A typed -5 and the add-in's own numbers stay numbers.
 */
import type { MasterRow } from '../../src/core/layout/master';
import { readSummaryTable } from '../../src/core/layout/summary';
import type { DeptForm, FormChange, SaveResult } from '../../src/core/sidebar/types';
import { INJECTION_PAYLOADS } from '../support/payloads';
import { addon as makeAddon, buildProject, sheetValues, type Built } from './bundle-harness';
import { errorCells, type FakeEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

/** The add-in's own link: its label is a string literal, with any `"` in it doubled. */
const OWN_LINK = /^=HYPERLINK\("#gid=\d+&range=[A-Z]+\d+","(?:[^"]|"")*"\)$/;
/** グラフ's sparklines: a range and numbers only, nothing of what people typed (graphs/graph-sheet.ts). */
const OWN_SPARKLINE = /^=SPARKLINE\([A-Z]+\d+:[A-Z]+\d+,\{"charttype","(?:line|column)";"ymin",-?[\d.e+]+;"ymax",-?[\d.e+]+;"color","#[0-9A-Fa-f]{6}"\}\)$/;
const ADDIN_SHEETS = ['設定', '計画マスタ', '達成状況', '検証結果', '変更履歴', 'シート1'];

/** Every formula in the book that is not one of the add-in's own links or, on グラフ, its own sparklines. */
function strayFormulas(env: FakeEnvironment): string[] {
  return env.spreadsheet.getSheets().flatMap((sheet) =>
    sheet.getDataRange().getFormulas().flat()
      .filter((f) => f !== '' && !OWN_LINK.test(f) && !(sheet.getName() === 'グラフ' && OWN_SPARKLINE.test(f)))
      .map((f) => `${sheet.getName()}: ${f}`));
}

/** Every error cell in the book (a string Sheets parsed as an error literal). */
function errorCellsIn(env: FakeEnvironment): string[] {
  return env.spreadsheet.getSheets().flatMap((sheet) =>
    errorCells(sheet.getDataRange()).flat().filter((e) => e !== null).map((e) => `${sheet.getName()}: ${e}`));
}

/** A column of a table found by its header text, as the rows below the header. */
function column(values: unknown[][], header: string): { rows: unknown[][]; col: number } {
  const at = values.findIndex((r) => r.includes(header));
  return { rows: values.slice(at + 1), col: values[at].indexOf(header) };
}

const json = <T>(v: unknown) => JSON.parse(JSON.stringify(v)) as T;

test('payloads saved from the sidebar come back exactly from their cells, 変更履歴, setup and 達成状況', () => {
  const { env, call } = makeAddon(built);
  env.setAuthMode('FULL');
  call('menuInitDemo');
  const saved: { dept: string; cell: string; text: string; field: 'actual' | 'comment'; year: string }[] = [];
  for (const dept of ['情報政策室', '広報課', '中央図書館', '教育センター', '市民課', '税制課']) {
    const form = json<DeptForm>(call('sidebarForm', dept));
    const changes: FormChange[] = [];
    for (const row of form.rows)
      for (const field of ['actual', 'comment'] as const) {
        const text = INJECTION_PAYLOADS[saved.length % INJECTION_PAYLOADS.length];
        changes.push({ no: row.no, name: row.name, field, before: row[field].text, after: text });
        saved.push({ dept, cell: row[field].cell, text, field, year: form.fiscalYearLabel });
      }
    expect(json<SaveResult>(call('sidebarSave', { dept, fiscalYear: form.fiscalYear, changes, submit: false })).status).toBe('saved');
  }
  expect(saved.length).toBeGreaterThanOrEqual(INJECTION_PAYLOADS.length);
  const cellsHoldThePayloads = () =>
    saved.filter(({ dept, cell, text }) => {
      const range = env.spreadsheet.getSheetByName(dept)!.getRange(cell);
      return range.getValue() !== text || range.getFormula() !== '';
    });
  expect(cellsHoldThePayloads()).toEqual([]);
  const log = column(sheetValues(env, '変更履歴'), '変更後');
  const logged = log.rows.map((r) => r[log.col]);
  for (const p of INJECTION_PAYLOADS) expect(logged).toContain(p);
  expect(strayFormulas(env)).toEqual([]);

  call('menuSetup');
  expect(cellsHoldThePayloads()).toEqual([]);
  call('menuValidate');
  call('menuRollup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
  expect(cellsHoldThePayloads()).toEqual([]);
  expect(strayFormulas(env)).toEqual([]);
  expect(errorCellsIn(env)).toEqual([]);

  // 達成状況 copies each 実績 the core could not read as a number as the core reads it (trimmed), a number it could as a
  // number.
  // Rows are found by their 入力セル link, whose label names the entry cell.
  const summary = sheetValues(env, '達成状況');
  const links = env.spreadsheet.getSheetByName('達成状況')!.getDataRange().getFormulas();
  const [entryCol, actualCol, yearCol] = ['入力セル', '実績', '年度'].map((h) => column(summary, h).col);
  const copied = saved.filter((s) => s.field === 'actual').map(({ dept, cell, text, year }) => {
    const i = summary.findIndex((r, k) => links[k][entryCol].endsWith(`,"${dept}!${cell}")`) && r[yearCol] === year);
    return { text, shown: summary[i][actualCol] };
  });
  expect(copied.filter(({ text, shown }) => shown !== text.trim() && typeof shown !== 'number')).toEqual([]);
  expect(copied.filter(({ text, shown }) => shown === text).length).toBeGreaterThan(copied.length / 2);
  process.stdout.write(`injection (Sheets): ${INJECTION_PAYLOADS.length} payloads, ${saved.length} cells saved through the sidebar, then setup, check and rollup\n`);
});

test('payloads in the plan (names, departments, 予定, 備考) come back exactly from 計画マスタ, the tabs, 検証結果 and 達成状況', () => {
  const { env, call } = makeAddon(built);
  env.setAuthMode('FULL');
  const master: MasterRow[] = INJECTION_PAYLOADS.map((p, i) => ({
    no: i + 1, policy: p, theme: p, actionPlan: p, name: p, unit: '件', reportingDept: p, ownerDepts: p, relatedDepts: p, note: p, targets: { 2024: p, 2025: '100件' },
  }));
  const { SheetsWorkbook } = require('../../src/gas/sheets-workbook') as typeof import('../../src/gas/sheets-workbook');
  const { initWorkbook } = require('../../src/core/jobs') as typeof import('../../src/core/jobs');
  env.withGlobals(() =>
    initWorkbook(new SheetsWorkbook(env.globals.SpreadsheetApp.getActiveSpreadsheet()), { settings: { title: INJECTION_PAYLOADS[0], firstYear: 2024, lastYear: 2025, evaluationYear: 2024, coordinatorDept: '企画課', coordinators: ['owner@example.jp'] }, master }),
  );
  // 計画マスタ's fixed columns (基本方針, 取組, アクションプラン, 指標名, 報告部門, 主管部門, 関係部門, 備考) and 予定 2024.
  const masterHoldsThePayloads = () => {
    const values = sheetValues(env, '計画マスタ');
    return INJECTION_PAYLOADS.filter((p, i) => [2, 3, 4, 5, 12, 13, 14, 16, 17].some((c) => values[i + 1][c - 1] !== p));
  };
  expect(masterHoldsThePayloads()).toEqual([]);

  call('menuSetup');
  // Setup's copies on each department tab (named after its 報告部門): アクションプラン and 指標名 (the core trims both, as
  // it trims the tab name) and 予定, as written.
  const tabs = env.spreadsheet.getSheets().filter((s) => !ADDIN_SHEETS.includes(s.getName()));
  const copies = tabs.flatMap((tab) => {
    const values = tab.getDataRange().getValues();
    const names = column(values, '指標名');
    const plans = column(values, 'アクションプラン');
    const targets = column(values, '2024年度 予定');
    return names.rows.filter((r) => r[names.col] !== '').map((r) => [r[plans.col], r[names.col], r[targets.col]]);
  });
  for (const p of INJECTION_PAYLOADS) expect(copies).toContainEqual([p.trim(), p.trim(), p]);
  expect(tabs.map((t) => t.getName()).sort()).toEqual([...new Set(INJECTION_PAYLOADS.map((p) => p.trim()))].sort());

  // An entry the check rejects on every tab, so 検証結果 names each tab.
  for (const tab of tabs) {
    const values = tab.getDataRange().getValues();
    const actual = column(values, '2024年度 実績');
    tab.getRange(values.length - actual.rows.length + 1, actual.col + 1).setValue('よくわからない');
  }
  call('menuValidate');
  call('menuRollup');
  expect(masterHoldsThePayloads()).toEqual([]);
  expect(strayFormulas(env)).toEqual([]);
  expect(errorCellsIn(env)).toEqual([]);
  const findings = column(sheetValues(env, '検証結果'), 'シート');
  const findingSheets = findings.rows.map((r) => r[findings.col]);
  for (const tab of tabs) expect(findingSheets).toContain(tab.getName());

  // 達成状況: names and 予定 as the core reads them (trimmed), 予定 as a number where it read one; the add-in's numbers
  // (No., a 予定 of 100件) are numbers.
  const summary = sheetValues(env, '達成状況');
  const header = summary.findIndex((r) => r[0] === 'No.');
  const rows2024 = summary.slice(header + 1).filter((r) => r[6] === '2024年度');
  expect(rows2024).toHaveLength(INJECTION_PAYLOADS.length);
  INJECTION_PAYLOADS.forEach((p, i) => {
    const row = rows2024.find((r) => r[0] === i + 1)!;
    expect(row.slice(1, 5)).toEqual([p.trim(), p.trim(), p.trim(), p.trim()]);
    expect(row[7] === p.trim() || typeof row[7] === 'number').toBe(true);
  });
  expect(summary.slice(header + 1).filter((r) => r[6] === '2025年度').every((r) => r[7] === 100)).toBe(true);
});

test('a negative number typed as -5 still counts as −5', () => {
  const { env, call } = makeAddon(built);
  env.setAuthMode('FULL');
  call('menuInitDemo');
  const form = json<DeptForm>(call('sidebarForm', '情報政策室'));
  const row = form.rows.find((r) => r.name === '申込み')!;
  call('sidebarSave', { dept: '情報政策室', fiscalYear: 2020, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '-5' }] });
  expect(strayFormulas(env)).toEqual([]);
  call('menuRollup');
  const summary = readSummaryTable({ name: '達成状況', values: sheetValues(env, '達成状況') as (string | number)[][] });
  expect(summary.find((r) => r.indicator === '申込み' && r.fiscalYear === 2020)!.rate).toBeCloseTo(-5 / 20, 12);
});
