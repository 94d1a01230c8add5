/**
 * Many cities into one, in the core: each city's book reduced to its rows (readCity), stacked and counted
 * (consolidate), and written as the summary's sheets. The counts are checked against each city's own rollup.
 */
import { consolidate, consolidationSheets, municipalityOfTitle, readCity, type CityRecord } from '../../src/core/consolidate';
import { countRows } from '../../src/core/counts';
import { rollupWorkbook } from '../../src/core/jobs';
import { SHEET } from '../../src/core/layout/sheet-names';
import { codeOf, fillCityBook, type CityVariant } from '../support/city-books';
import { MemoryWorkbook } from '../support/memory-workbook';
import { actualCell } from '../support/plans';

const A: CityVariant = { name: '甲市', code5: '27205', rollup: true, close: true };
const B: CityVariant = { name: '乙町', code5: '13101', rollup: false, dropEvery: 2 };
const C: CityVariant = { name: '丙村', code5: '', rollup: true, lastYear: 2024, dropEvery: 3 };

const book = (v: CityVariant) => fillCityBook(new MemoryWorkbook(), v);
/** What the city's own rollup gives, on a copy of the same book. */
const rollupOf = (v: CityVariant) => rollupWorkbook(book(v));

function cities(): CityRecord[] {
  return [readCity(book(A), 'a.xlsx'), readCity(book(B), 'b.xlsx'), readCity(book(C), 'c.xlsx')];
}

test('the municipality is read from the start of 計画名', () => {
  expect(municipalityOfTitle('吹田市第4期 情報化推進計画')).toBe('吹田市');
  expect(municipalityOfTitle('大阪府吹田市 情報化推進計画')).toBe('大阪府吹田市');
  expect(municipalityOfTitle('乙町 DX推進計画')).toBe('乙町');
  expect(municipalityOfTitle('情報化推進計画')).toBe('');
});

test('each city keeps its name, code and the rows its own rollup computes', () => {
  const [a, b, c] = cities();
  expect([a.name, a.code, b.name, b.code, c.name, c.code]).toEqual(['甲市', codeOf('27205'), '乙町', codeOf('13101'), '丙村', '']);
  for (const [city, v] of [[a, A], [b, B], [c, C]] as const) {
    const own = rollupOf(v).analysis.rows;
    expect(city.rows.length).toBe(own.length);
    expect(city.rows.map((r) => [r.no, r.indicator, r.fiscalYear, r.rate, r.grade, r.status])).toEqual(own.map((r) => [r.no, r.indicator, r.fiscalYear, r.rate, r.grade, r.status]));
  }
  // Fewer 実績 in 乙町: its rows are the same indicators, with more of them 未入力.
  const unfilled = (x: CityRecord) => x.rows.filter((r) => r.status === '未入力').length;
  expect(unfilled(b)).toBeGreaterThan(unfilled(a));
});

test('grades are counted by city (its 評価年度), by 基本方針 and by year across cities, as each rollup counts them', () => {
  const result = consolidate(cities());
  const own = [A, B, C].map((v) => {
    const r = rollupOf(v);
    return countRows(r.analysis.rows, r.settings.scale, r.settings.evaluationYear);
  });
  for (const [i, line] of result.byCity.entries()) {
    const ref = own[i].byYear.find((l) => l.key === '2020年度')!;
    expect(line.total).toBe(ref.total);
    for (const col of own[i].columns) expect([col, line.counts[col]]).toEqual([col, ref.counts[col]]);
  }
  const sum = (pick: (i: number) => { key: string; counts: Record<string, number>; total: number }[], key: string, col: string) =>
    [0, 1, 2].reduce((n, i) => n + (pick(i).find((l) => l.key === key)?.counts[col] ?? 0), 0);
  expect(result.byPolicy.length).toBe(own[0].byPolicy.length);
  for (const line of result.byPolicy)
    for (const col of result.columns) expect([line.key, col, line.counts[col]]).toEqual([line.key, col, sum((i) => own[i].byPolicy, line.key, col)]);
  // Every year any city has rows for, in order (丙村's 2024 has no 予定 in the master: no rows).
  expect(result.byYear.map((l) => l.key)).toEqual([...new Set(own.flatMap((o) => o.byYear.map((l) => l.key)))].sort());
  for (const line of result.byYear)
    for (const col of result.columns) expect([line.key, col, line.counts[col]]).toEqual([line.key, col, sum((i) => own[i].byYear, line.key, col)]);
  expect(result.byCity.reduce((n, l) => n + l.total, 0)).toBe(result.byPolicy.reduce((n, l) => n + l.total, 0));
});

test('what each city lacks: no rollup, year not closed, another plan period, no code', () => {
  const kinds = consolidate(cities()).byCity.map((l) => l.lacks.map((x) => x.kind).sort());
  expect(kinds).toEqual([
    [],
    ['no-rollup', 'year-open'],
    ['no-code', 'period-differs', 'year-open'],
  ]);
  const c = consolidate(cities()).byCity[2];
  expect(c.lacks.find((x) => x.kind === 'period-differs')!.message).toBe('計画期間（2019年度〜2024年度）がほかの多くの団体（2019年度〜2023年度）と異なります');
});

test('a 達成状況 older than the entries is named stale, and the numbers come from the entries', () => {
  const b = book({ ...A, close: false });
  const { row, col } = actualCell(b, '税制課', '課税証明', 2020);
  b.type('税制課', row, col, '課税証明 1,000件 住民票等 1,000件');
  const city = readCity(b, 'stale.xlsx');
  expect(city.lacks.map((x) => x.kind)).toEqual(['stale-rollup', 'year-open']);
  const now = rollupWorkbook(b).analysis.rows;
  expect(city.rows.map((r) => r.grade)).toEqual(now.map((r) => r.grade));
  expect(readCity(b, 'fresh.xlsx').lacks.map((x) => x.kind)).toEqual(['year-open']);
});

test('two books with the same code are both flagged', () => {
  const result = consolidate([readCity(book(A), 'a.xlsx'), readCity(book({ ...A, name: '丁市' }), 'd.xlsx')]);
  expect(result.byCity.map((l) => l.lacks.map((x) => x.kind))).toEqual([['code-duplicate'], ['code-duplicate']]);
});

test('the summary sheets: stacked rows with city and code, counts, and the lacks with unreadable books', () => {
  const cs = cities();
  const sheets = consolidationSheets(consolidate(cs, [{ source: 'broken.xlsx', message: '壊れています' }]));
  expect(sheets.map((s) => s.name)).toEqual(['一覧', '団体別', '基本方針別', '年度別', '不足']);
  const [rows, byCity, , , lacks] = sheets;
  expect(rows.values[1].slice(0, 5)).toEqual(['団体コード', '団体名', '計画名', '評価年度', 'No.']);
  expect(rows.values.length - 2).toBe(cs.reduce((n, c) => n + c.rows.length, 0));
  expect(rows.values.filter((r) => r[0] === '団体コード未設定').length).toBe(cs[2].rows.length);
  expect(rows.values.filter((r) => r[1] === '乙町').length).toBe(cs[1].rows.length);
  expect(byCity.values.slice(2).map((r) => r[1])).toEqual(['甲市', '乙町', '丙村']);
  expect(lacks.values.slice(2).map((r) => r[2])).toEqual(['b.xlsx', 'b.xlsx', 'c.xlsx', 'c.xlsx', 'c.xlsx', 'broken.xlsx']);
  expect(lacks.values.at(-1)![3]).toBe('読み込めません: 壊れています');
});

test('a book that is not a plan workbook is refused with the analysis message', () => {
  const empty = new MemoryWorkbook();
  empty.writeSheets([{ name: 'Sheet1', values: [['x']] }]);
  expect(() => readCity(empty, 'x.xlsx')).toThrow(`「${SHEET.settings}」「${SHEET.master}」シートが必要です`);
});
