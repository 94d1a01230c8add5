/**
 * Attack 4.4 in (fake) Google Sheets, through the built bundle: closing the demo's 2020 gives no closed-year finding,
 * nor does the same figure typed again in the forms Sheets stores it (text, or 0.328 shown as 32.8%); an owner (whom
 * protection never stops) who changes a closed 実績 gets an error on 検証結果, and 達成状況 keeps the snapshot's figure.
 */
import { readSummaryTable } from '../../src/core/layout/summary';
import { addon, buildProject, entryCell, sheetValues, type Built } from './bundle-harness';
import type { FakeEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

const sheetData = (env: FakeEnvironment, name: string) => ({ name, values: sheetValues(env, name) as (string | number | boolean | Date)[][] });
const closedMessages = (env: FakeEnvironment) => sheetValues(env, '検証結果').flat().filter((v) => typeof v === 'string' && v.includes('確定時の控え'));

function closed2020() {
  const a = addon(built);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  a.env.ui.promptTexts.push('2020');
  a.env.ui.responses.push('OK');
  a.call('menuCloseYear');
  expect(a.env.ui.alerts.at(-1)).toMatchObject({ title: '年度確定', prompt: expect.stringMatching(/2020年度を確定しました/) });
  return a;
}

test('an untouched closed year, and the same figure stored as Sheets stores it, give no closed-year finding', () => {
  const { env, call } = closed2020();
  call('menuValidate');
  expect(closedMessages(env)).toEqual([]);
  const cell = entryCell(env, '情報政策室', '申込み', '2020年度 実績');
  expect(cell.getValue()).toBe('申込み 32.8%');
  // Typed into a cell turned back to a number format: Sheets keeps 0.328 shown as 32.8%.
  cell.setNumberFormat('0.0%');
  cell.setValue('32.8%');
  expect(cell.getValue()).toBeCloseTo(0.328, 12);
  call('menuValidate');
  expect(closedMessages(env)).toEqual([]);
});

test('an owner who changes a closed 実績 gets an error naming the cell; 達成状況 keeps the figure of record', () => {
  const { env, call } = closed2020();
  const cell = entryCell(env, '情報政策室', '申込み', '2020年度 実績');
  cell.setValue('申込み 99%');
  call('menuValidate');
  expect(closedMessages(env)).toEqual([
    expect.stringMatching(new RegExp(`^2020年度は確定済みですが、情報政策室!${cell.getA1Notation()} の実績「申込み 99%」が確定時の控え（達成状況_2020年度!I\\d+「32.8%」）と違います`)),
  ]);
  call('menuRollup');
  const row = readSummaryTable(sheetData(env, '達成状況')).find((r) => r.indicator === '申込み' && r.fiscalYear === 2020)!;
  const record = readSummaryTable(sheetData(env, '達成状況_2020年度')).find((r) => r.indicator === '申込み')!;
  expect(row.rate).toBeCloseTo(32.8 / 20, 12);
  expect([row.actual, row.rate, row.grade]).toEqual([record.actual, record.rate, record.grade]);
});
