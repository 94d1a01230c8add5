/** The demo plan (seed chapter 6) through the whole job: the rates a person works out from the document. */
import { rollupWorkbook } from '../../src/core/jobs';
import { readSummaryTable } from '../../src/core/layout/summary';
import { readFindingsTable } from '../../src/core/layout/findings';
import { demoBook } from '../support/plans';

const result = () => rollupWorkbook(demoBook());

describe('demo rollup', () => {
  const { analysis, counts } = result();
  const row = (no: number, name: string, fy: number) => {
    const r = analysis.rows.find((x) => x.no === no && x.indicator === name && x.fiscalYear === fy);
    if (!r) throw new Error(`no row ${no} ${name} ${fy}`);
    return r;
  };

  // Each figure: 実績 ÷ 予定 as written in the document.
  test.each([
    [1, '申込み', 2019, 30.7, 10, 'A'],
    [1, '申込み', 2020, 32.8, 20, 'A'],
    [2, '課税証明', 2020, 1730, 650, 'A'],
    [4, '施設稼働率の上昇', 2020, -16.7, 10, 'D'],
    [5, '閲覧者数', 2019, 234964, 148000, 'A'],
    [5, '閲覧者数', 2020, 349879, 154500, 'A'],
    [6, 'オープン化', 2019, 96.3, 10, 'A'],
    [6, 'オープン化', 2020, 115.48, 20, 'A'],
    [12, 'プロジェクター', 2019, 71.4, 20, 'A'],
    [12, 'プロジェクター', 2020, 88.9, 50, 'A'],
    [13, '公衆無線LANアクセス回数', 2019, 5270, 1000, 'A'],
    [13, '公衆無線LANアクセス回数', 2020, 4991, 3000, 'A'],
    [19, '削減時間', 2020, 233, 100, 'A'],
    [20, '研修参加人数', 2019, 115, 200, 'C'],
    [20, '研修参加人数', 2020, 441, 200, 'A'],
  ])('No.%i %s %i: %d ÷ %d, grade %s', (no, name, fy, actual, target, grade) => {
    const r = row(no, name, fy);
    expect(r.actual).toBeCloseTo(actual, 10);
    expect(r.target).toBe(target);
    expect(r.rate).toBeCloseTo(actual / target, 12);
    expect(r.grade).toBe(grade);
    expect(r.status).toBe('評価済');
  });

  test('domain.md examples: No.1 FY2019 307%, No.20 FY2019 57.5%', () => {
    expect(Math.round(row(1, '申込み', 2019).rate! * 1000) / 10).toBe(307);
    expect(Math.round(row(20, '研修参加人数', 2019).rate! * 1000) / 10).toBe(57.5);
  });

  test('rows without a figure say why', () => {
    expect(row(2, '課税証明', 2019)).toMatchObject({ status: '対象外', rate: null, grade: '−' });
    expect(row(16, '会議システム', 2019)).toMatchObject({ status: '対象外', rate: null });
    expect(row(16, '会議システム', 2020)).toMatchObject({ status: '目標なし', actual: 2124 });
    expect(row(16, '会議システム', 2021)).toMatchObject({ status: '未測定' });
    expect(row(10, '地域資料', 2021)).toMatchObject({ status: '未測定' });
    expect(row(1, '電子化率', 2022)).toMatchObject({ status: '未入力', target: 45 });
  });

  test('the value written for 住民票等 in 税制課\'s cell reaches 市民課\'s indicator', () => {
    const r = row(2, '住民票等', 2020);
    expect(r).toMatchObject({ actual: 36104, department: '市民課', status: '目標なし', sheet: '税制課' });
    expect(r.note).toContain('税制課!');
  });

  test('findings point at the real oddities of the document and nothing else', () => {
    const f = analysis.findings.map((x) => [x.severity, x.code, x.sheet, x.indicator]);
    expect(f).toEqual([
      ['warning', 'multi-indicator', '税制課', 'No.2 課税証明'],
      ['warning', 'typo-status', '情報政策室', 'No.16 会議システム'],
      ['warning', 'typo-status', '情報政策室', 'No.20 研修参加人数'],
    ]);
  });

  test('counts show the rows without a grade, by reason', () => {
    const y2019 = counts.byYear.find((l) => l.key === '2019年度')!;
    expect(y2019.counts).toMatchObject({ A: 5, B: 0, C: 1, D: 0, 対象外: 2 });
    expect(y2019.total).toBe(8);
    const y2020 = counts.byYear.find((l) => l.key === '2020年度')!;
    expect(y2020.counts).toMatchObject({ A: 8, D: 1, 目標なし: 2 });
    const y2021 = counts.byYear.find((l) => l.key === '2021年度')!;
    expect(y2021.counts['未測定']).toBe(12);
    expect(counts.byDepartment.map((l) => l.key)).toEqual(['情報政策室', '税制課', '市民課', '広報課', '教育センター', 'まなびの支援課']);
  });

  test('excluded plans are listed with their state', () => {
    expect(analysis.excluded.map((x) => [x.no, x.state])).toEqual([
      [3, '削除'], [7, '完了'], [8, '省略'], [9, '省略'], [11, '省略'], [14, '省略'], [18, '削除'],
    ]);
  });

  test('15 active plans, 9 department tabs', () => {
    const plans = new Set(analysis.indicators.filter((i) => i.name).map((i) => i.no));
    expect([...plans].sort((a, b) => a - b)).toEqual([1, 2, 4, 5, 6, 10, 12, 13, 15, 16, 17, 19, 20, 21, 22]);
    expect(analysis.tabs.map((t) => t.sheet).sort()).toEqual(
      ['まなびの支援課', '中央図書館', '危機管理室', '市民課', '広報課', '情報政策室', '教育センター', '法制室', '税制課'].sort(),
    );
  });
});

describe('demo sheets', () => {
  test('達成状況 holds the same rows as the analysis, rates as ratios with a percent format', () => {
    const book = demoBook();
    const { analysis } = rollupWorkbook(book);
    const table = readSummaryTable(book.readSheet('達成状況')!);
    expect(table).toHaveLength(analysis.rows.length);
    const no20 = table.find((r) => r.no === 20 && r.fiscalYear === 2019)!;
    expect(no20).toMatchObject({ indicator: '研修参加人数', actual: 115, target: 200, grade: 'C', status: '評価済' });
    expect(no20.rate).toBeCloseTo(0.575, 12);
    const out = book.outputs.get('達成状況')!;
    expect(out.numberFormats?.some((f) => f.format === '0.0%')).toBe(true);
    expect(out.links?.length).toBeGreaterThan(0);
  });

  test('検証結果 lists each finding with its sheet and cell', () => {
    const book = demoBook();
    rollupWorkbook(book);
    const rows = readFindingsTable(book.readSheet('検証結果')!);
    expect(rows.map((r) => [r.sheet, r.cell])).toEqual([
      ['税制課', expect.stringMatching(/^[A-Z]+\d+$/)],
      ['情報政策室', expect.stringMatching(/^[A-Z]+\d+$/)],
      ['情報政策室', expect.stringMatching(/^[A-Z]+\d+$/)],
    ]);
    const { row, col } = { row: Number(rows[0].cell.replace(/^[A-Z]+/, '')), col: rows[0].cell.charCodeAt(0) - 64 };
    expect(book.cell('税制課', row, col)).toBe('課税証明 1,730件 住民票等 36,104件');
  });

  test('rollup reads each sheet once and writes once', () => {
    const book = demoBook();
    const before = book.reads;
    const writes = book.writes;
    rollupWorkbook(book);
    expect(book.reads - before).toBe(book.sheetNames().length - 3); // every sheet but 達成状況, 検証結果 and グラフ (which it writes)
    expect(book.writes - writes).toBe(1);
  });

  test('rollup twice gives the same output and never changes department tabs', () => {
    const book = demoBook();
    const before = book.readSheet('税制課');
    rollupWorkbook(book);
    const first = book.readSheet('達成状況');
    rollupWorkbook(book);
    expect(book.readSheet('達成状況')).toEqual(first);
    expect(book.readSheet('税制課')).toEqual(before);
  });
});
