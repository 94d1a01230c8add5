/** Nothing is specific to the seed: another city's plan, years, departments, units and grade scale. */
import { rollupWorkbook, validateWorkbook } from '../../src/core/jobs';
import { actualCell, otherCityBook } from '../support/plans';

function typed(entries: [dept: string, name: string, fy: number, value: string | number, format?: string][]) {
  const book = otherCityBook();
  for (const [dept, name, fy, value, format] of entries) {
    const { row, col } = actualCell(book, dept, name, fy);
    book.type(dept, row, col, value, format);
  }
  return book;
}

const row = (book: ReturnType<typeof typed>, name: string, fy: number) => {
  const { analysis } = rollupWorkbook(book);
  const r = analysis.rows.find((x) => x.indicator === name && x.fiscalYear === fy);
  if (!r) throw new Error(`no row ${name} ${fy}`);
  return { r, analysis };
};

test('tabs and years follow the plan: FY2024–2028, its own departments', () => {
  const book = otherCityBook();
  expect(book.sheetNames()).toEqual(['設定', '計画マスタ', '教育総務課', '人事課', '広聴課', 'DX推進課']);
  expect(book.find('人事課', '2028年度 実績')).toBeTruthy();
  expect(() => book.find('人事課', '2023年度 実績')).toThrow();
  const check = validateWorkbook(book);
  expect(check.findings).toEqual([]);
});

test('its own grade scale (S ≥ 120%, A ≥ 100%, B ≥ 70%, C) grades the rows', () => {
  const book = typed([
    ['教育総務課', '書かない窓口導入校', 2024, '6校'],
    ['教育総務課', '書かない窓口導入校', 2025, '12校'],
  ]);
  const { analysis } = rollupWorkbook(book);
  const fy = (y: number) => analysis.rows.find((r) => r.indicator === '書かない窓口導入校' && r.fiscalYear === y)!;
  expect(fy(2024)).toMatchObject({ rate: 1.2, grade: 'S' });
  expect(fy(2025)).toMatchObject({ rate: 1.2, grade: 'S' });
  expect(analysis.settings!.scale.map((b) => b.grade)).toEqual(['S', 'A', 'B', 'C']);
  expect(analysis.settings!.scaleName).toBe('カスタム（評価表）');
  // The 評価 column in its own scale; 期待値比の評価 always in 茨城型, the bands published for 期待値比.
  expect(book.outputs.get('達成状況')!.gradeRanges!.map((g) => g.grades)).toEqual([['S', 'A', 'B', 'C'], ['A', 'B+', 'B', 'C']]);
});

test('a decrease indicator with a baseline uses (基準値−実績)÷(基準値−目標)', () => {
  const { r } = row(typed([['人事課', '年間残業時間', 2025, '46,000時間']]), '年間残業時間', 2025);
  expect(r.rate).toBeCloseTo((50000 - 46000) / (50000 - 45000), 12);
  expect(r.grade).toBe('B');
  expect(r.note).toContain('(基準値−実績)÷(基準値−目標)');
});

test('a decrease indicator without a baseline falls back to 目標÷実績 and says so', () => {
  const { r } = row(typed([['DX推進課', '運用経費', 2025, '15,000千円']]), '運用経費', 2025);
  expect(r.rate).toBeCloseTo(12000 / 15000, 12);
  expect(r.note).toContain('代替式');
});

test('基準比 in points: (実績−基準値)÷(目標−基準値); % is not ポイント', () => {
  const { r } = row(typed([['広聴課', '満足度', 2025, '63.5ポイント']]), '満足度', 2025);
  expect(r.rate).toBeCloseTo((63.5 - 60) / (65 - 60), 12);
  const bad = row(typed([['広聴課', '満足度', 2025, '63.5%']]), '満足度', 2025);
  expect(bad.r.status).toBe('入力エラー');
  expect(bad.analysis.findings).toEqual([expect.objectContaining({ code: 'unit-mismatch', sheet: '広聴課', indicator: 'No.3 満足度', message: '単位「%」が指標の単位「ポイント」と異なります' })]);
});

test('cumulative: actuals add up to each year and are compared with that year\'s cumulative target', () => {
  const book = typed([
    ['DX推進課', '移行システム数', 2024, 2],
    ['DX推進課', '移行システム数', 2025, '3システム'],
  ]);
  const { analysis } = rollupWorkbook(book);
  const fy = (y: number) => analysis.rows.find((r) => r.indicator === '移行システム数' && r.fiscalYear === y)!;
  expect(fy(2024)).toMatchObject({ actual: 2, target: 3 });
  expect(fy(2024).rate).toBeCloseTo(2 / 3, 12);
  expect(fy(2025)).toMatchObject({ actual: 5, target: 6 });
  expect(fy(2025).rate).toBeCloseTo(5 / 6, 12);
  expect(fy(2026)).toMatchObject({ status: '未入力', target: 9 });
});

describe('the same entry gives the same number however the cell stores it (domain.md §7a)', () => {
  test.each([
    ['text as typed into a text cell', '46,000時間', ''],
    ['a number, general format', 46000, ''],
    ['a number with a grouping format', 46000, '#,##0'],
    ['full-width text', '４６，０００時間', ''],
  ])('%s', (_, value, format) => {
    const { r } = row(typed([['人事課', '年間残業時間', 2025, value, format]]), '年間残業時間', 2025);
    expect(r.actual).toBe(46000);
  });

  test.each([
    ['typed 10% in Sheets (0.1 with a percent format)', 0.1, '0%'],
    ['text 10%', '10%', ''],
    ['text １０％', '１０％', ''],
  ])('percent: %s', (_, value, format) => {
    const book = otherCityBook();
    // Make indicator 1 a percent indicator for this case.
    const m = book.find('計画マスタ', '校');
    book.type('計画マスタ', m.row, m.col, '%');
    const unitInTab = book.find('教育総務課', '校');
    book.type('教育総務課', unitInTab.row, unitInTab.col, '%');
    const t = book.find('計画マスタ', '10校');
    book.type('計画マスタ', t.row, t.col, '8%');
    const { row: r, col } = actualCell(book, '教育総務課', '書かない窓口導入校', 2025);
    book.type('教育総務課', r, col, value, format);
    const { analysis } = rollupWorkbook(book);
    const x = analysis.rows.find((y) => y.indicator === '書かない窓口導入校' && y.fiscalYear === 2025)!;
    expect(x.actual).toBeCloseTo(10, 10);
    expect(x.rate).toBeCloseTo(10 / 8, 10);
  });
});
