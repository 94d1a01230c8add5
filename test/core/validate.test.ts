/** Every kind of bad input ends in a located, Japanese finding; nothing throws and nothing is dropped silently. */
import { validateWorkbook } from '../../src/core/jobs';
import type { Finding } from '../../src/core/model';
import { sheetFormats } from '../../src/core/workbook';
import { MemoryWorkbook } from '../support/memory-workbook';
import { actualCell, otherCityBook } from '../support/plans';

const only = (findings: Finding[], code: string) => findings.filter((f) => f.code === code);
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

function check(book: MemoryWorkbook): Finding[] {
  const { findings } = validateWorkbook(book);
  for (const f of findings) {
    expect(f.message).toMatch(japanese);
    expect(f.sheet).not.toBe('');
  }
  return findings;
}

function typeActual(book: MemoryWorkbook, dept: string, name: string, fy: number, value: string | number) {
  const { row, col } = actualCell(book, dept, name, fy);
  book.type(dept, row, col, value);
  return `${String.fromCharCode(64 + col)}${row}`;
}

test('a clean plan has no findings', () => {
  expect(check(otherCityBook())).toEqual([]);
});

test('wrong unit', () => {
  const book = otherCityBook();
  const cell = typeActual(book, '人事課', '年間残業時間', 2025, '46,000人');
  expect(only(check(book), 'unit-mismatch')).toEqual([
    { severity: 'error', code: 'unit-mismatch', sheet: '人事課', cell, indicator: 'No.2 年間残業時間', message: '単位「人」が指標の単位「時間」と異なります' },
  ]);
});

test('bad thousands grouping', () => {
  const book = otherCityBook();
  const cell = typeActual(book, '人事課', '年間残業時間', 2025, '46,00時間');
  const f = only(check(book), 'bad-grouping');
  expect(f).toHaveLength(1);
  expect(f[0]).toMatchObject({ severity: 'error', sheet: '人事課', cell });
  expect(f[0].message).toContain('46,00');
});

test('free words, dates and grade symbols in an entry are errors at their cell', () => {
  const book = otherCityBook();
  const cells = [
    typeActual(book, '人事課', '年間残業時間', 2024, '増加'),
    typeActual(book, '人事課', '年間残業時間', 2025, '令和7年4月1日'),
    typeActual(book, '人事課', '年間残業時間', 2026, '◎'),
  ];
  const errors = check(book).filter((f) => f.severity === 'error');
  expect(errors.map((f) => f.cell).sort()).toEqual([...cells].sort());
});

test('a department tab the master does not know', () => {
  const book = otherCityBook();
  const tab = book.readSheet('人事課')!;
  book.setSheet('財政課', tab.values, sheetFormats(tab));
  expect(only(check(book), 'unknown-tab')).toEqual([expect.objectContaining({ severity: 'warning', sheet: '財政課' })]);
});

test('a missing department tab', () => {
  const book = otherCityBook().deleteSheet('人事課');
  expect(only(check(book), 'missing-tab')).toEqual([expect.objectContaining({ severity: 'error', sheet: '人事課', message: expect.stringContaining('setup') })]);
});

test('an indicator in a tab but not in the master, and the reverse', () => {
  const book = otherCityBook();
  const { row } = book.find('人事課', '年間残業時間');
  book.type('人事課', row, 3, '年間残業時間（旧）');
  typeActual(book, '人事課', '年間残業時間（旧）', 2025, '46,000時間');
  const f = check(book);
  expect(only(f, 'not-in-master')).toEqual([expect.objectContaining({ severity: 'error', sheet: '人事課', cell: `A${row}`, indicator: 'No.2 年間残業時間（旧）' })]);
  expect(only(f, 'missing-in-tab')).toEqual([expect.objectContaining({ severity: 'error', sheet: '人事課', indicator: 'No.2 年間残業時間' })]);
});

test('a target changed in a department tab', () => {
  const book = otherCityBook();
  const { row } = book.find('人事課', '年間残業時間');
  const col = book.find('人事課', '2025年度 予定').col;
  book.type('人事課', row, col, '40,000時間');
  expect(only(check(book), 'target-changed')).toEqual([
    expect.objectContaining({ severity: 'warning', sheet: '人事課', message: expect.stringContaining('45,000時間') }),
  ]);
});

test('fiscal years outside the plan period', () => {
  const book = otherCityBook();
  const header = book.find('計画マスタ', '2028年度 予定');
  book.type('計画マスタ', header.row, header.col + 1, '2030年度 予定');
  const tab = book.find('人事課', '2028年度 コメント');
  book.type('人事課', tab.row, tab.col + 1, '令和12年度 実績');
  const f = only(check(book), 'year-out-of-period');
  expect(f.map((x) => x.sheet).sort()).toEqual(['人事課', '計画マスタ']);
});

test('duplicate numbers in the master', () => {
  const book = otherCityBook();
  const r5 = book.find('計画マスタ', '経費削減').row;
  book.type('計画マスタ', r5, 1, 4);
  const r3 = book.find('計画マスタ', '満足度').row;
  const copy = book.readSheet('計画マスタ')!.values[r3 - 1];
  const last = book.readSheet('計画マスタ')!.values.length;
  copy.forEach((v, c) => book.type('計画マスタ', last + 1, c + 1, v));
  const f = check(book);
  expect(only(f, 'duplicate-no')).toEqual([expect.objectContaining({ severity: 'error', cell: `A${r5}`, indicator: 'No.4 運用経費' })]);
  expect(only(f, 'duplicate-indicator')).toEqual([expect.objectContaining({ severity: 'error', cell: `E${last + 1}` })]);
});

test('a renamed header in the master is named in the finding', () => {
  const book = otherCityBook();
  const h = book.find('計画マスタ', '報告部門');
  book.type('計画マスタ', h.row, h.col, '担当');
  const f = only(check(book), 'header-missing');
  expect(f).toEqual([expect.objectContaining({ severity: 'error', sheet: '計画マスタ', message: expect.stringContaining('「報告部門」') })]);
});

test('a department tab whose headers were removed', () => {
  const book = otherCityBook();
  const h = book.find('人事課', 'No.');
  const width = book.readSheet('人事課')!.values[h.row - 1].length;
  for (let c = 1; c <= width; c++) book.type('人事課', h.row, c, '');
  expect(only(check(book), 'header-missing')).toEqual([expect.objectContaining({ severity: 'error', sheet: '人事課' })]);
});

test('broken settings stop nothing silently: the finding names 設定 and the cell', () => {
  const book = otherCityBook();
  const r = book.find('設定', '評価年度');
  book.type('設定', r.row, 2, '2031年度');
  const f = check(book);
  expect(only(f, 'year-out-of-period')).toEqual([expect.objectContaining({ sheet: '設定', cell: `B${r.row}` })]);
});

test('values of other indicators in one cell are split by label, unknown labels are errors', () => {
  const book = otherCityBook();
  typeActual(book, '人事課', '年間残業時間', 2025, '年間残業時間 46,000時間 休日出勤 300時間');
  const f = check(book);
  expect(only(f, 'unknown-label')).toEqual([expect.objectContaining({ severity: 'error', sheet: '人事課', message: expect.stringContaining('休日出勤') })]);
});
