/**
 * The sidebar's server calls inside (fake) Google Sheets, through the built bundle's top-level functions as
 * google.script.run reaches them: opening on the active tab, saving with compare-and-set under the document lock,
 * answers that survive google.script.run (JSON only), Japanese failures, selecting a finding's cell.
 */
import type { DeptForm, JobResult, SaveResult, SidebarStart } from '../../src/core/sidebar/types';
import { SIDEBAR_CALLS } from '../../src/core/sidebar/types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addon as makeAddon, buildProject, entryCell, type Built } from './bundle-harness';
import { createEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

function demoSheets() {
  // HtmlService serves the page that the build wrote.
  const page = readFileSync(join(__dirname, '..', '..', 'build', 'sidebar.html'), 'utf8');
  const a = makeAddon(built, createEnvironment({ strictGrid: true, htmlFiles: { sidebar: page } }));
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  return a;
}

/** What google.script.run hands the page: a JSON copy (a Date would fail the call). */
function overTheWire<T>(value: unknown): T {
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Date || typeof v === 'function') throw new Error('not JSON');
    return v;
  });
  return JSON.parse(text) as T;
}

test('every sidebar call is a top-level function of the bundle', () => {
  for (const name of SIDEBAR_CALLS) expect(built.entry).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
});

test('the sidebar opens on the active tab\'s department, and the menu serves the page', () => {
  const { env, call } = demoSheets();
  env.spreadsheet.setActiveSheet(env.spreadsheet.getSheetByName('税制課')!);
  const start = overTheWire<SidebarStart>(call('sidebarStart'));
  expect(start.activeDept).toBe('税制課');
  expect(start.form!.rows.map((r) => r.name)).toEqual(['課税証明']);
  call('showSidebar');
  expect(env.ui.shown.at(-1)).toMatchObject({ kind: 'sidebar', title: '進捗 入力・提出', content: expect.stringContaining('<main id="app"') });
});

test('a save writes only the changed cells, as text, under the lock; a conflicting one writes nothing', () => {
  const { env, call } = demoSheets();
  const form = overTheWire<DeptForm>(call('sidebarForm', '情報政策室'));
  const row = form.rows.find((r) => r.name === '申込み')!;
  env.resetCalls();
  const saved = overTheWire<SaveResult>(call('sidebarSave', {
    dept: '情報政策室', fiscalYear: form.fiscalYear, submit: false,
    changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '=IMPORTXML("http://x","//a")' }],
  }));
  expect(saved).toMatchObject({ status: 'saved', saved: 1 });
  const cell = entryCell(env, '情報政策室', '申込み', '2020年度 実績');
  expect(cell.getFormula()).toBe('');
  expect(cell.getValue()).toBe('=IMPORTXML("http://x","//a")');
  expect(env.callCounts()['Range.setValue']).toBe(1);
  expect(env.callCounts()['Lock.tryLock']).toBe(1);
  expect(env.flushBeforeRelease.at(-1)).toBe(true);

  // Someone types into the tab; the sidebar's next save, based on the older text, is refused cell by cell.
  cell.setValue('申込み 40%');
  const conflict = overTheWire<SaveResult>(call('sidebarSave', {
    dept: '情報政策室', fiscalYear: form.fiscalYear, submit: false,
    changes: [{ no: row.no, name: row.name, field: 'actual', before: saved.form.rows.find((r) => r.name === '申込み')!.actual.text, after: '33%' }],
  }));
  expect(conflict).toMatchObject({ status: 'conflict', saved: 0, conflicts: [{ cell: cell.getA1Notation(), now: '申込み 40%', yours: '33%' }] });
  expect(cell.getValue()).toBe('申込み 40%');
});

test('a number someone typed as a percent shows as the percent, and the save compares against it', () => {
  const { env, call } = demoSheets();
  const cell = entryCell(env, '教育センター', 'プロジェクター', '2020年度 実績');
  cell.setNumberFormat('0%');
  cell.setValue(0.95);
  const form = overTheWire<DeptForm>(call('sidebarForm', '教育センター'));
  expect(form.rows.find((r) => r.name === 'プロジェクター')!.actual.text).toBe('95%');
});

test('check and rollup from the sidebar return JSON results with grade counts', () => {
  const { call } = demoSheets();
  const check = overTheWire<JobResult>(call('sidebarCheck'));
  expect(check).toMatchObject({ job: 'check', errors: 0, warnings: 3 });
  const rollup = overTheWire<JobResult>(call('sidebarRollup'));
  expect(rollup.grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D']);
  expect(rollup.view.departments.length).toBe(9);
});

test('a finding\'s cell is selected in the spreadsheet', () => {
  const { env, call } = demoSheets();
  expect(call('sidebarShowCell', '広報課', 'D5')).toBe(true);
  expect(env.spreadsheet.getActiveSheet()!.getName()).toBe('広報課');
  expect(env.spreadsheet.getActiveRange()!.getA1Notation()).toBe('D5');
  expect(call('sidebarShowCell', 'ないシート', 'A1')).toBe(false);
});

test('failures reach the page as Japanese messages', () => {
  const { env, call } = demoSheets();
  expect(() => call('sidebarForm', '総務課')).toThrow(/計画マスタに報告部門「総務課」の指標がありません/);
  env.lock.holdByOther('document');
  expect(() => call('sidebarSave', { dept: '情報政策室', fiscalYear: 2020, submit: false, changes: [] })).toThrow(/ほかの人が書き込み中です/);
});

test('変更履歴: created protected on the first save, appended after, never touched by the rollup', () => {
  const page = readFileSync(join(__dirname, '..', '..', 'build', 'sidebar.html'), 'utf8');
  const { env, call } = makeAddon(built, createEnvironment({ strictGrid: true, htmlFiles: { sidebar: page }, ownerEmail: 'owner@city.example.lg.jp', enforceProtection: true }));
  env.setAuthMode('FULL');
  call('menuInitDemo');
  // 設定 names them as 広報課's 入力担当者 (the table under the grade table).
  const settings = env.spreadsheet.getSheetByName('設定')!;
  const header = settings.getDataRange().getValues().findIndex((r) => r[0] === '部門') + 1;
  settings.getRange(header + 1, 1, 1, 2).setValues([['広報課', 'tanaka@city.example.lg.jp, suzuki@city.example.lg.jp']]);
  // The coordinator (the owner, who ran 初期設定) applies 設定 to the protections.
  call('menuSetup');
  // Department staff save from their own sidebars; the script runs as each of them.
  const as = (email: string) => {
    env.context.activeUserEmail = email;
    env.context.effectiveUserEmail = email;
  };
  as('tanaka@city.example.lg.jp');
  const save = (after: string) => {
    const form = overTheWire<DeptForm>(call('sidebarForm', '広報課'));
    const row = form.rows[0];
    return overTheWire<SaveResult>(call('sidebarSave', { dept: '広報課', fiscalYear: form.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after }] }));
  };
  expect(save('=IMAGE("http://x.example/a.png")').status).toBe('saved');
  const log = env.spreadsheet.getSheetByName('変更履歴')!;
  const rows = () => log.getDataRange().getValues();
  expect(rows()[0]).toEqual(['日時', '利用者', 'シート', 'セル', '変更前', '変更後', '方法']);
  // 初期設定 (demo) logged the tabs it created; the save is the last row.
  expect(rows().slice(1, -1).every((r) => r[6] === '部門シート作成・更新' && r[1] === 'owner@city.example.lg.jp')).toBe(true);
  expect(rows().at(-1)).toEqual([expect.stringMatching(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d$/), 'tanaka@city.example.lg.jp', '広報課', expect.stringMatching(/^[A-Z]+\d+$/), '閲覧者数 349,879人', '=IMAGE("http://x.example/a.png")', 'サイドバー']);
  expect(log.getDataRange().getFormulas().flat().every((f) => f === '')).toBe(true);
  // Scripts run as the person using them, so the people who save are its editors (with the coordinators).
  const protection = log.getProtections(env.globals.SpreadsheetApp.ProtectionType.SHEET)[0];
  expect(protection.isWarningOnly()).toBe(false);
  expect(protection.getEditors().map((u) => u.getEmail()).sort()).toEqual(['owner@city.example.lg.jp', 'suzuki@city.example.lg.jp', 'tanaka@city.example.lg.jp']);

  const first = rows();
  as('suzuki@city.example.lg.jp');
  expect(save('1,000人').status).toBe('saved');
  expect(rows().at(-1)![1]).toBe('suzuki@city.example.lg.jp');
  expect(rows().slice(0, first.length)).toEqual(first);
  expect(rows()).toHaveLength(first.length + 1);
  call('menuRollup');
  call('menuValidate');
  expect(rows()).toHaveLength(first.length + 1);
});
