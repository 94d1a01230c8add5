/**
 * Attack 1.20 in Sheets (issue 13, item 4): notes and highlighting people put on a department tab survive
 * 部門シート作成・更新 and 年度確定, which clear the tab and write it again, also when rows and year columns move.
 * Through the built bundle on the fakes. What Sheets does not keep yet (fonts, entry formulas) is in
 * src/gas/people-additions.ts.
 */
import { FINDING_NOTE_MARK } from '../../src/core/layout/finding-notes';
import type { SheetOutput } from '../../src/core/workbook';
import { DocumentStore } from '../../src/gas/doc-store';
import { ResumeProgress } from '../../src/gas/write-budget';
import { addon, buildProject, entryCell, sheetValues, type Addon, type Built } from './bundle-harness';
import { createEnvironment, type FakeEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

const DEPT = '税制課';
const INDICATOR = '課税証明';
const ENTRY_NOTE = '確認: 窓口分を含む（山田）';
const NAME_NOTE = '担当: 税制課 山田';
const YELLOW = '#ffff00';

function demo(): Addon {
  const a = addon(built);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  return a;
}

function addPeoplesWork(env: FakeEnvironment): void {
  entryCell(env, DEPT, INDICATOR, '2020年度 実績').setNote(`${FINDING_NOTE_MARK}\nエラー: 古い指摘\n――――\n${ENTRY_NOTE}`);
  entryCell(env, DEPT, INDICATOR, '指標名').setNote(NAME_NOTE).setBackground(YELLOW);
  entryCell(env, DEPT, INDICATOR, '2021年度 コメント').setBackground(YELLOW);
}

function expectKept(env: FakeEnvironment, closed?: number): void {
  expect(entryCell(env, DEPT, INDICATOR, '2020年度 実績').getNote()).toBe(ENTRY_NOTE);
  expect(entryCell(env, DEPT, INDICATOR, '指標名').getNote()).toBe(NAME_NOTE);
  expect(entryCell(env, DEPT, INDICATOR, '指標名').getBackground()).toBe(YELLOW);
  expect(entryCell(env, DEPT, INDICATOR, '2021年度 コメント').getBackground()).toBe(YELLOW);
  // Ours still follow the layout: a closed year's entry turns grey, an open one stays the entry colour.
  expect(entryCell(env, DEPT, INDICATOR, '2020年度 実績').getBackground()).toBe(closed === 2020 ? '#f2f2f2' : '#fff9e0');
}

const ran = (env: FakeEnvironment, title: string) => expect(env.ui.alerts.at(-1)?.title).toBe(title);

test('部門シート作成・更新 keeps people\'s notes and highlighting, without the check\'s old note', () => {
  const { env, call } = demo();
  addPeoplesWork(env);
  call('menuSetup');
  ran(env, '部門シート作成・更新');
  expectKept(env);
  // Twice: the notes are not doubled.
  call('menuSetup');
  expectKept(env);
});

test('年度確定 keeps them, and the closed year\'s entry colour is ours again', () => {
  const { env, call } = demo();
  addPeoplesWork(env);
  env.ui.promptTexts.push('2020');
  env.ui.responses.push('OK');
  call('menuCloseYear');
  ran(env, '年度確定');
  expectKept(env, 2020);
});

test('they follow their cells when the master adds a row above and the period moves the year columns', () => {
  const { env, call } = demo();
  addPeoplesWork(env);
  const before = entryCell(env, DEPT, INDICATOR, '2020年度 実績');
  const master = env.spreadsheet.getSheetByName('計画マスタ')!;
  const values = sheetValues(env, '計画マスタ');
  const headers = values[0] as string[];
  const at = values.findIndex((r) => r[headers.indexOf('指標名')] === INDICATOR) + 1;
  master.insertRowsBefore(at, 1);
  const row = headers.map(() => '' as string | number);
  const set = (h: string, v: string | number) => (row[headers.indexOf(h)] = v);
  set('No.', 2);
  set('アクションプラン', 'コンビニエンスストア等での証明交付の拡充');
  set('指標名', '窓口交付');
  set('単位', '件');
  set('報告部門', DEPT);
  set('状態', '実施中');
  master.getRange(at, 1, 1, row.length).setValues([row]);
  const settings = env.spreadsheet.getSheetByName('設定')!;
  const start = sheetValues(env, '設定').findIndex((r) => r[0] === '計画期間（開始年度）') + 1;
  settings.getRange(start, 2).setValue(2018);
  call('menuSetup');
  ran(env, '部門シート作成・更新');
  const after = entryCell(env, DEPT, INDICATOR, '2020年度 実績');
  expect([after.getRow(), after.getColumn()]).toEqual([before.getRow() + 1, before.getColumn() + 5]);
  expectKept(env);
  // Nothing stayed behind at the old places.
  const sheet = env.spreadsheet.getSheetByName(DEPT)!;
  expect(sheet.getRange(before.getRow(), before.getColumn()).getNote()).toBe('');
});

test('a resumed setup knows a tab an earlier run wrote, though its cells have moved back into place since', () => {
  const env = createEnvironment();
  const tab = (carry: SheetOutput['carry']): SheetOutput => ({ name: DEPT, values: [['No.', '指標名']], carry });
  env.withGlobals(() => {
    const store = new DocumentStore();
    const progress = new ResumeProgress(store);
    // Written by the first run, whose read had the row at 4; it is at 5 now, so the next run's carry is 5 → 5.
    progress.add(tab([{ rows: [[4, 5]], cols: [[1, 1]] }]));
    progress.finish(false);
    store.flush();
  });
  env.withGlobals(() => {
    const next = new ResumeProgress(new DocumentStore());
    expect(next.has(tab([{ rows: [[5, 5]], cols: [[1, 1]] }]))).toBe(true);
    expect(next.has({ ...tab(undefined), values: [['No.', '指標']] })).toBe(false);
  });
});
