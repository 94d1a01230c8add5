/**
 * The whole job inside (fake) Google Sheets, driven through the built bundle's globals as Apps Script would:
 * menu in AuthMode.NONE, 初期設定 with the demo, typed entries, 入力チェック, 集計, custom functions.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSummaryTable } from '../../src/core/layout/summary';
import { run } from '../../src/node/cli';
import { addon as makeAddon, buildProject, entryCell, sheetValues, type Addon, type Built } from './bundle-harness';
import type { FakeEnvironment } from './fakes';
import type { MasterRow } from '../../src/core/layout/master';

let built: Built;
beforeAll(() => {
  built = buildProject();
});
const addon = (env?: FakeEnvironment) => makeAddon(built, env);
const sheetData = (env: FakeEnvironment, name: string) => ({ name, values: sheetValues(env, name) as (string | number | boolean | Date)[][] });

describe('menu', () => {
  test('onOpen in AuthMode.NONE builds the add-on menu without touching the document', () => {
    const { env, call } = addon();
    env.setAuthMode('NONE');
    call('onOpen', { authMode: 'NONE' });
    expect(env.ui.menus).toHaveLength(1);
    expect(env.ui.menus[0].addon).toBe(true);
    const items = env.ui.menus[0].items.map((i) => (i.type === 'item' ? i.caption : '---'));
    expect(items).toEqual(['初期設定', '初期設定（デモの計画）', '---', '部門シート作成・更新', '入力チェック', '集計', '---', '年度確定', '年度確定の解除', '新年度の準備', '---', '報告書作成', 'オープンデータ出力', '---', '入力サイドバー', '督促・自動督促', '部門ファイルの配布・回収', '---', '環境チェック']);
    const touched = Object.keys(env.callCounts()).filter((k) => !/^(SpreadsheetApp\.getUi|Ui\.|Menu\.)/.test(k) && k !== 'total');
    expect(touched).toEqual([]);
  });

  test('every menu item names a top-level function of the bundle', () => {
    const { env, call } = addon();
    call('onOpen');
    for (const item of env.ui.menus[0].items)
      if (item.type === 'item') expect(built.entry).toMatch(new RegExp(`^function ${item.functionName}\\(`, 'm'));
  });
});

describe('the yearly job in Sheets', () => {
  function demoSheets(): Addon {
    const a = addon();
    a.env.setAuthMode('FULL');
    a.call('menuInitDemo');
    return a;
  }

  test('初期設定（デモ）creates 設定, 計画マスタ and the department tabs, entry cells unprotected', () => {
    const { env } = demoSheets();
    const names = env.spreadsheet.getSheets().map((s) => s.getName());
    expect(names).toEqual(expect.arrayContaining(['設定', '計画マスタ', '税制課', '情報政策室', '市民課']));
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: '初期設定' });
    const tab = env.spreadsheet.getSheetByName('税制課')!;
    const protection = tab.getProtections(env.globals.SpreadsheetApp.ProtectionType.SHEET)[0];
    const unprotected = protection.getUnprotectedRanges().map((r) => r.getA1Notation());
    const cell = entryCell(env, '税制課', '課税証明', '2020年度 実績').getA1Notation();
    expect(unprotected.some((a1) => a1Contains(a1, cell))).toBe(true);
    expect(entryCell(env, '税制課', '課税証明', '2020年度 実績').getValue()).toBe('課税証明 1,730件 住民票等 36,104件');
    expect(env.flushBeforeRelease).toEqual([true]);
  });

  test('typed entries in every storage form, 入力チェック, 集計: the same 達成状況 as the command line', async () => {
    const { env, call } = demoSheets();
    // A person types 41.2% into a text-formatted entry cell (stays text), and 2,000時間 elsewhere.
    entryCell(env, '情報政策室', '申込み', '2021年度 実績').setValue('41.2%');
    entryCell(env, '情報政策室', '削減時間', '2021年度 実績').setValue('2,000時間');
    // Someone turned a cell back to a number format and typed 95%: Sheets stores 0.95 shown as 95%.
    const projector = entryCell(env, '教育センター', 'プロジェクター', '2021年度 実績');
    projector.setNumberFormat('0%');
    projector.setValue(0.95);
    // A bad entry is found and located.
    entryCell(env, '広報課', '閲覧者数', '2021年度 実績').setValue('1,73人');

    call('menuValidate');
    expect(env.ui.alerts.at(-1)!.prompt).toMatch(/エラー 1件/);
    expect(sheetValues(env, '検証結果').some((r) => r.includes('広報課'))).toBe(true);

    env.resetCalls();
    call('menuRollup');
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
    const sheets = readSummaryTable(sheetData(env, '達成状況'));
    const row = (name: string, fy: number) => sheets.find((r) => r.indicator === name && r.fiscalYear === fy)!;
    expect(row('申込み', 2021).rate).toBeCloseTo(41.2 / 30, 12);
    expect(row('削減時間', 2021).rate).toBeCloseTo(20, 12);
    expect(row('プロジェクター', 2021).rate).toBeCloseTo(95 / 70, 12);
    expect(row('閲覧者数', 2021).status).toBe('入力エラー');

    // The command line on the same data.
    const cli = await cliSummaryWith([
      ['情報政策室', '申込み', '2021年度 実績', '41.2%', undefined],
      ['情報政策室', '削減時間', '2021年度 実績', '2,000時間', undefined],
      ['教育センター', 'プロジェクター', '2021年度 実績', 0.95, '0%'],
      ['広報課', '閲覧者数', '2021年度 実績', '1,73人', undefined],
    ]);
    expect(sheets).toHaveLength(cli.length);
    for (const c of cli) {
      const s = sheets.find((r) => r.no === c.no && r.indicator === c.indicator && r.fiscalYear === c.fiscalYear)!;
      expect({ grade: s.grade, status: s.status, department: s.department }).toEqual({ grade: c.grade, status: c.status, department: c.department });
      if (c.rate === null) expect(s.rate).toBeNull();
      else expect(s.rate).toBeCloseTo(c.rate, 12);
    }
  });

  test('entry cells carry input help and a length rule that only warns', () => {
    const { env } = demoSheets();
    const cell = entryCell(env, '広報課', '閲覧者数', '2021年度 実績');
    const rule = cell.getDataValidation()!;
    expect(rule.getHelpText()).toMatch(/数値と単位で入力します/);
    expect(rule.getAllowInvalid()).toBe(true);
    expect(rule.getCriteriaType()).toBe(env.globals.SpreadsheetApp.DataValidationCriteria.CUSTOM_FORMULA);
    // One rule for every entry cell: its formula names the cell it is on (R1C1 through INDIRECT).
    const first = sheetValues(env, '広報課').findIndex((r) => r.includes('No.')) + 2;
    expect(rule.getCriteriaValues()).toEqual(['=LEN(INDIRECT("RC",FALSE))<=200']);
    // The header keeps no note of its own any more: help lives on the cells.
    expect(env.spreadsheet.getSheetByName('広報課')!.getRange(first - 1, cell.getColumn()).getNote()).toBe('');
  });

  test('入力チェック puts each finding on its cell as a note, keeps people\'s notes, and clears fixed ones', () => {
    const { env, call } = demoSheets();
    const bad = entryCell(env, '広報課', '閲覧者数', '2021年度 実績');
    bad.setValue('1,73人');
    bad.setNote('広報課の山田: 確認中');
    call('menuValidate');
    expect(bad.getNote()).toMatch(/^【入力チェック】\nエラー: .*桁区切り[\s\S]*\n――――\n広報課の山田: 確認中$/);
    // Warnings are marked too (the demo's 「末測定」 typos): one note per located finding's cell.
    // 検証結果's セル column holds HYPERLINK formulas (the fakes do not evaluate them): the cell is in the link.
    const found = env.spreadsheet.getSheetByName('検証結果')!.getDataRange();
    const links = found.getFormulas();
    const located = new Set(found.getValues().flatMap((r, i) => (/^(エラー|警告)$/.test(String(r[0])) && links[i][2] ? [`${r[1]}!${/range=([A-Z]+\d+)/.exec(links[i][2])![1]}`] : [])));
    const marked = env.spreadsheet.getSheets().flatMap((sh) => {
      const notes = sh.getDataRange().getNotes();
      return notes.flatMap((line, i) => line.flatMap((n, j) => (n.startsWith('【入力チェック】') ? [`${sh.getName()}!${String.fromCharCode(65 + j)}${i + 1}`] : [])));
    });
    expect(marked.length).toBeGreaterThanOrEqual(3);
    expect(new Set(marked)).toEqual(located);

    bad.setValue('1,730人');
    call('menuValidate');
    expect(bad.getNote()).toBe('広報課の山田: 確認中');
    // 集計 leaves notes alone: department tabs are never written by it.
    call('menuRollup');
    expect(bad.getNote()).toBe('広報課の山田: 確認中');
  });

  test('集計 refuses politely while someone else holds the document lock, and writes nothing', () => {
    const { env, call } = demoSheets();
    env.lock.holdByOther('document');
    call('menuRollup');
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計: エラー', prompt: expect.stringMatching(/ほかの人が書き込み中/) });
    expect(env.spreadsheet.getSheetByName('達成状況')).toBeNull();
  });

  test('custom functions run in AuthMode.CUSTOM_FUNCTION and read what people type', () => {
    const { env, call } = demoSheets();
    const r = env.runCustomFunction((...a: unknown[]) => call('ACHIEVEMENT_RATE', ...a), [[[30.7], ['▲16.7%']], [[10], ['10%']]]);
    expect(r).toMatchObject({ value: [[expect.closeTo(3.07, 12)], [expect.closeTo(-1.67, 12)]] });
    const bad = env.runCustomFunction((...a: unknown[]) => call('ACHIEVEMENT_RATE', ...a), ['1,73件', 10]);
    expect(bad).toMatchObject({ error: '#ERROR!', note: expect.stringMatching(/^Error: .*桁区切り/) });
    expect(env.runCustomFunction((x: unknown) => call('FISCAL_YEAR', x), ['令和元年度'])).toEqual({ value: 2019 });
    // The 期待値 example (seed No.5 閲覧者数, FY2019).
    expect(env.runCustomFunction((...a: unknown[]) => call('EXPECTED_VALUE', ...a), [144865, 200000, 2017, 2027, 2019])).toEqual({ value: 155892 });
    const single = env.runCustomFunction((...a: unknown[]) => call('PROJECTED_FINAL', ...a), [[[30.7]], [[2019]], 2021]);
    expect(single).toMatchObject({ error: '#ERROR!', note: expect.stringMatching(/^Error: .*見込み算出不可: 実績のある年度が1つだけ/) });
  });
});

describe('service calls', () => {
  function plan(indicatorsPerDept: number, depts: number): MasterRow[] {
    const rows: MasterRow[] = [];
    for (let d = 0; d < depts; d++)
      for (let i = 0; i < indicatorsPerDept; i++)
        rows.push({ no: d * 10000 + i + 1, policy: '方針', theme: '取組', actionPlan: `計画${d}-${i}`, name: `指標${i}`, unit: '件',
          reportingDept: `部門${d}`, ownerDepts: '', relatedDepts: '', targets: { 2024: '100件', 2025: 200 } });
    return rows;
  }

  function rollupCalls(indicatorsPerDept: number, depts: number): number {
    const { env, call } = addon();
    env.setAuthMode('FULL');
    // Set the plan up with the same jobs 初期設定 and 部門シート作成 run, then count one 集計.
    seed(env, plan(indicatorsPerDept, depts));
    // The steady state coordinators run daily: a rollup after a rollup, with the sheet ids cached (src/gas/sheet-ids.ts).
    call('menuRollup');
    env.resetCalls();
    call('menuRollup');
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
    if (process.env.SHOW_CALLS) process.stdout.write(JSON.stringify(env.callCounts()) + '\n');
    return env.calls.total;
  }

  test('a rollup costs calls per tab, not per row', () => {
    const small = rollupCalls(10, 5);
    const big = rollupCalls(300, 5);
    const bigger = rollupCalls(600, 5);
    const moreTabs = rollupCalls(10, 10);
    expect(bigger).toBe(big);
    // Past 1000 rows 達成状況 grows its grid once: a constant, not a cost per row.
    expect(big - small).toBeLessThanOrEqual(4);
    expect(moreTabs).toBeGreaterThan(small);
    // Budget: reading costs a fixed few calls per sheet, writing 達成状況, 検証結果 and グラフ a fixed number (グラフ: its
    // sheet as the others, then its 3 charts: 14 calls each, the old ones removed first: about 62 in all; 達成状況's two
    // grade columns, 評価 and 期待値比の評価: per grade a conditional format rule of 5 builder calls, 21 calls a column).
    expect(small).toBeLessThanOrEqual(5 * 4 + 185);
    // Each tab: its name and values (issue 6: at most 2); its id for links comes from the cache.
    expect(moreTabs - small).toBeLessThanOrEqual(5 * 2);
    process.stdout.write(`service calls per rollup: 5 tabs × 10 ${small}, 5 tabs × 300 ${big}, 5 tabs × 600 ${bigger}, 10 tabs × 10 ${moreTabs}\n`);
  });
});

/** Writes 設定, 計画マスタ and department tabs for `master` through the real jobs, on the test view. */
function seed(env: FakeEnvironment, master: MasterRow[]): void {
  // The bundle's menu only knows the demo plan, so a generated plan goes in through the same core jobs and
  // SpreadsheetApp adapter, compiled for tests.
  const { SheetsWorkbook } = require('../../src/gas/sheets-workbook') as typeof import('../../src/gas/sheets-workbook');
  const { initWorkbook, setupDepartmentTabs } = require('../../src/core/jobs') as typeof import('../../src/core/jobs');
  env.withGlobals(() => {
    const book = new SheetsWorkbook(env.globals.SpreadsheetApp.getActiveSpreadsheet());
    initWorkbook(book, { settings: { title: '計測', firstYear: 2024, lastYear: 2025, evaluationYear: 2025, coordinatorDept: '部門0', coordinators: ['owner@example.jp'] }, master });
    setupDepartmentTabs(new SheetsWorkbook(env.globals.SpreadsheetApp.getActiveSpreadsheet()));
  });
}

function a1Contains(range: string, cell: string): boolean {
  const [start, end = start] = range.split(':');
  const parse = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a)!;
    const col = [...m[1]].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
    return { row: Number(m[2]), col };
  };
  const s = parse(start);
  const e = parse(end);
  const c = parse(cell);
  return c.row >= s.row && c.row <= e.row && c.col >= s.col && c.col <= e.col;
}

/** Runs the command line on an .xlsx with the same demo and the same typed entries; returns its JSON summary. */
async function cliSummaryWith(entries: [tab: string, indicator: string, header: string, value: string | number, format?: string][]) {
  const dir = mkdtempSync(join(tmpdir(), 'shinchoku-gas-'));
  const book = join(dir, 'plan.xlsx');
  const quiet = { stdout: () => undefined, stderr: () => undefined, isTTY: false };
  expect(await run(['init', book, '--demo'], quiet)).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(book);
  for (const [tab, indicator, header, value, format] of entries) {
    const ws = wb.getWorksheet(tab)!;
    let rowNo = 0;
    let colNo = 0;
    ws.eachRow((r, n) => {
      const vals = r.values as unknown[];
      if (!rowNo && vals.includes(indicator)) rowNo = n;
      if (!colNo && vals.includes(header)) colNo = vals.indexOf(header);
    });
    const cell = ws.getRow(rowNo).getCell(colNo);
    cell.value = value;
    if (format) cell.numFmt = format;
  }
  await wb.xlsx.writeFile(book);
  let out = '';
  await run(['rollup', book, '--json'], { stdout: (s) => void (out += s), stderr: () => undefined, isTTY: false });
  return JSON.parse(out).summary as { no: number; indicator: string; fiscalYear: number; rate: number | null; grade: string; status: string; department: string }[];
}
