/**
 * 設定's optional outlook rows (issue 17 item 1): 「進捗評価方式」 rates 達成状況 on the plan line, 茨城型 grades
 * 期待値比, 「達成見込みの区切り(%)」 moves the 達成見込み cut, 「達成率の表示」 is read; a book without the rows reads
 * and rolls up exactly as before.
 */
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { gradeOf, SCALE_PRESETS } from '../../src/core/grades';
import { initWorkbook, rollupJson, rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { readOutlookRule } from '../../src/core/layout/outlook-setting';
import { formatRate } from '../../src/core/rates';
import { buildReport } from '../../src/core/report/build';
import { formatSummary } from '../../src/node/terminal-text';
import { SHEET } from '../../src/core/layout/sheet-names';
import { readSummaryTable } from '../../src/core/layout/summary';
import { sheetFormats, type Scalar } from '../../src/core/workbook';
import { MemoryWorkbook } from '../support/memory-workbook';
import { demoBook } from '../support/plans';

/** The demo book with `rows` (項目 | 値) put under 計画名 in 設定, above its tables. */
function bookWith(rows: Scalar[][], scaleName = demoSettings.scaleName): MemoryWorkbook {
  const book = new MemoryWorkbook();
  initWorkbook(book, { settings: { ...demoSettings, scaleName }, master: demoMaster });
  setupDepartmentTabs(book, demoEntries);
  const sheet = book.readSheet(SHEET.settings)!;
  const values = [...sheet.values.slice(0, 3), ...rows.map((r) => [...r, '']), ...sheet.values.slice(3)];
  const old = sheetFormats(sheet);
  const formats: string[][] = [...old.slice(0, 3), ...rows.map((r) => r.map(() => '')), ...old.slice(3)];
  book.writeSheets([{ name: SHEET.settings, values, numberFormats: formats.flatMap((r, i) => r.map((f, c) => ({ range: { row: i + 1, col: c + 1, numRows: 1, numCols: 1 }, format: f }))).filter((x) => x.format) }]);
  return book;
}

const rowOf = (book: MemoryWorkbook, no: number, name: string, fy: number) => {
  const { analysis } = rollupWorkbook(book);
  const r = analysis.rows.find((x) => x.no === no && x.indicator === name && x.fiscalYear === fy);
  if (!r) throw new Error(`no row ${no} ${name} ${fy}`);
  return r;
};

describe('reading the rows', () => {
  test('init writes them with the defaults above the grade table; a 設定 without them reads the same, with no finding', () => {
    const sheet = demoBook().readSheet(SHEET.settings)!;
    const at = (key: string) => sheet.values.findIndex((r) => r[0] === key);
    expect(['進捗評価方式', '達成見込みの区切り(%)', '達成率の表示'].map((k) => sheet.values[at(k)]!.slice(0, 2))).toEqual([['進捗評価方式', '単年度予定比'], ['達成見込みの区切り(%)', 80], ['達成率の表示', '四捨五入']]);
    for (const k of ['進捗評価方式', '達成見込みの区切り(%)', '達成率の表示']) expect(at(k)).toBeLessThan(at('評価'));
    const defaults = { method: '単年度予定比', cut: 0.8, rounding: '四捨五入', findings: [] };
    expect(readOutlookRule(sheet)).toEqual(defaults);
    const without = { ...sheet, values: sheet.values.filter((r) => !['進捗評価方式', '達成見込みの区切り(%)', '達成率の表示'].includes(String(r[0]))) };
    expect(readOutlookRule(without)).toEqual(defaults);
  });

  test('a value typed into the row init wrote is the one used', () => {
    const book = demoBook();
    const { row } = book.find(SHEET.settings, '進捗評価方式');
    book.type(SHEET.settings, row, 2, '経過年割合');
    expect(readOutlookRule(book.readSheet(SHEET.settings)).method).toBe('経過年割合');
  });

  test('each row as people write it (full-width brackets and digits, a percent cell)', () => {
    const sheet = { name: SHEET.settings, values: [['進捗評価方式', '期待値比(均等配分)'], ['達成見込みの区切り（%）', 0.9], ['達成率の表示', ' 切り捨て ']] as Scalar[][], formats: [['', ''], ['', '0%'], ['', '']] };
    expect(readOutlookRule(sheet)).toEqual({ method: '期待値比（均等配分）', cut: 0.9, rounding: '切り捨て', findings: [] });
    expect(readOutlookRule({ ...sheet, values: [['達成見込みの区切り(%)', '７５']], formats: [['', '']] }).cut).toBe(0.75);
  });

  test('a value that does not read: an error on its cell, and the default', () => {
    const r = readOutlookRule({ name: SHEET.settings, values: [['x'], ['進捗評価方式', '期待値'], ['達成見込みの区切り(%)', 120], ['達成率の表示', '切り上げ']] });
    expect(r).toMatchObject({ method: '単年度予定比', cut: 0.8, rounding: '四捨五入' });
    expect(r.findings.map((f) => [f.cell, f.code])).toEqual([['B2', 'bad-outlook-setting'], ['B4', 'bad-outlook-setting'], ['B3', 'bad-outlook-setting']]);
    expect(r.findings[0]!.message).toBe('「進捗評価方式」の「期待値」は「単年度予定比」「期待値比（均等配分）」「期待値比（計画の予定）」「経過年割合」のどれでもありません。「単年度予定比」にします');
  });
});

describe('茨城型', () => {
  test('A ≥ 100%, B+ 80–99%, B 50–79%, C < 50% of 期待値', () => {
    const s = SCALE_PRESETS['茨城型']!;
    expect([1, 0.99, 0.8, 0.79, 0.5, 0.49].map((x) => gradeOf(x, s).grade)).toEqual(['A', 'B+', 'B+', 'B', 'B', 'C']);
  });
});

describe('進捗評価方式 in the rollup', () => {
  test('without the row, the rollup is what it was (単年度予定比)', () => {
    const plain = rollupWorkbook(demoBook()).analysis.rows;
    const stated = rollupWorkbook(bookWith([['進捗評価方式', '単年度予定比']])).analysis.rows;
    expect(stated).toEqual(plain);
  });

  test('期待値比（均等配分） with 茨城型: No.5 and No.20 graded on 実績 ÷ E1', () => {
    const book = bookWith([['進捗評価方式', '期待値比（均等配分）']], '茨城型');
    const no5 = rowOf(book, 5, '閲覧者数', 2019);
    const e5 = 144865 + 29135 / 3;
    expect(no5.rate).toBeCloseTo(234964 / e5, 12);
    expect(no5).toMatchObject({ grade: 'A', status: '評価済' });
    expect(no5.note).toBe('期待値比（均等配分）: 実績÷期待値（期待値 154,576.667）');
    // No.20 FY2019: 115 ÷ (148 + 52/3) = 69.6%: B (50–79%), where the single-year 57.5% is C in 愛知型.
    const no20 = rowOf(book, 20, '研修参加人数', 2019);
    expect(no20.rate).toBeCloseTo(115 / (148 + 52 / 3), 12);
    expect(no20.grade).toBe('B');
  });

  test('an indicator without a baseline has no E1: 算定不能 with the reason, never the single-year rate', () => {
    const r = rowOf(bookWith([['進捗評価方式', '期待値比（均等配分）']]), 1, '申込み', 2019);
    expect(r).toMatchObject({ rate: null, grade: '−', status: '算定不能' });
    // The demo's No.1 is a revised indicator (中間見直し): its note says so first, then why there is no rate.
    expect(r.note).toBe('令和4年度に指標変更（申込み → 電子化率、改定根拠: 中間見直し素案（令和3年度）。決定した会議・日付は素案に記載なし）／期待値比（均等配分）: 計画マスタに基準値がありません。期待値を計算できません');
  });

  test('期待値比（計画の予定）: 実績 ÷ that year’s 予定', () => {
    const r = rowOf(bookWith([['進捗評価方式', '期待値比（計画の予定）']]), 5, '閲覧者数', 2019);
    expect(r.rate).toBeCloseTo(234964 / 148000, 12);
    expect(r.note).toBe('期待値比（計画の予定）: 実績÷その年度の予定');
  });

  test('経過年割合: 進捗率 ÷ the share of the period elapsed (No.20 FY2019 fell below its baseline)', () => {
    const r = rowOf(bookWith([['進捗評価方式', '経過年割合']]), 20, '研修参加人数', 2019);
    expect(r.rate).toBeCloseTo((115 - 148) / 52 / (1 / 3), 12);
    expect(r.grade).toBe('D');
  });

  test('the counts follow the method: rows it cannot rate are counted as 算定不能', () => {
    const { counts } = rollupWorkbook(bookWith([['進捗評価方式', '期待値比（均等配分）']]));
    const fy2019 = counts.byYear.find((l) => l.key === '2019年度')!;
    const before = rollupWorkbook(demoBook()).counts.byYear.find((l) => l.key === '2019年度')!;
    // FY2019 has six rated rows (No.1, 5, 6, 12, 13, 20); only No.5 and No.20 have a baseline for E1.
    expect(before.counts['算定不能']).toBe(0);
    expect(fy2019.counts['算定不能']).toBe(4);
    expect(fy2019.counts['A'] + fy2019.counts['B'] + fy2019.counts['C'] + fy2019.counts['D']).toBe(2);
  });
});

describe('達成率の表示', () => {
  test('四捨五入 (default) or 切り捨て to one decimal; the stored rate stays as it is', () => {
    expect(formatRate(0.5759)).toBe('57.6%');
    expect(formatRate(0.5759, '切り捨て')).toBe('57.5%');
    // A rate computed a hair under its decimal stays on it either way.
    expect(formatRate(0.575, '切り捨て')).toBe('57.5%');
    expect(formatRate(-0.1679, '切り捨て')).toBe('-16.7%');
    expect(formatRate(-0.1679)).toBe('-16.8%');
  });

  test('the command line and the report show rates with the 設定’s rounding', () => {
    const { analysis } = rollupWorkbook(bookWith([['達成率の表示', '切り捨て']]));
    expect(analysis.outlookRule).toEqual({ method: '単年度予定比', cut: 0.8, rounding: '切り捨て' });
    // No.20 FY2019: 115 ÷ 200 = 57.5% either way; No.13 FY2020: 4,991 ÷ 3,000 = 166.366…%.
    const report = buildReport(analysis, analysis.settings!, { year: 2020, audience: 'internal', dataDate: new Date(2021, 5, 1) });
    const cells = report.plans.flatMap((p) => p.indicators).find((i) => i.name.startsWith('公衆無線LANアクセス回数'))!.years;
    expect(cells.find((c) => c.fiscalYear === 2020)!.rate).toBe('166.3%');
    // The report's note on the method says which rounding its figures use.
    expect(report.summary.rateMethod.join('')).toContain('小数第1位の%で示します（切り捨て）');
    const usual = rollupWorkbook(demoBook()).analysis;
    expect(buildReport(usual, usual.settings!, { year: 2020, audience: 'internal', dataDate: new Date(2021, 5, 1) }).summary.rateMethod.join('')).toContain('小数第1位の%で示します（四捨五入）');
    expect(formatSummary(analysis, rollupWorkbook(bookWith([['達成率の表示', '切り捨て']])).counts, analysis.settings!)).toMatch(/166\.3%/);
    expect(formatSummary(rollupWorkbook(demoBook()).analysis, rollupWorkbook(demoBook()).counts, analysis.settings!)).toMatch(/166\.4%/);
  });
});

describe('達成見込みの区切り in rollup --json', () => {
  test('No.13’s 67.3% is 一層の努力が必要 at 80%, もう少しの努力で達成できる at 60%', () => {
    const at = (rows: Scalar[][]) => {
      const { analysis, counts } = rollupWorkbook(bookWith(rows));
      return rollupJson(analysis, counts).outlooks.find((o) => o.no === 13)!.outlook.class;
    };
    expect(at([])).toBe('一層の努力が必要');
    expect(at([['達成見込みの区切り(%)', 60]])).toBe('もう少しの努力で達成できる');
  });
});

describe('達成状況 shows 期待値, 期待値比 and the 達成見込み', () => {
  const book = demoBook();
  rollupWorkbook(book);
  const values = book.readSheet(SHEET.summary)!.values;
  const header = values.findIndex((r) => r[0] === 'No.' && r.includes('期待値'));
  const col = (h: string) => values[header]!.indexOf(h);
  const line = (no: number, name: string, fy: string) => values.find((r) => r[0] === no && r[4] === name && r[6] === fy)!;

  test('per row: E1 and 実績 ÷ E1 after the columns that were there (a blank when there is none)', () => {
    expect(values[header]!.slice(col('入力セル'))).toEqual(['入力セル', '期待値', '期待値比', '期待値比の評価', '最終年度見込み', '達成見込み', '見込みの根拠']);
    const no5 = line(5, '閲覧者数', '2019年度');
    expect(no5[col('期待値')]).toBeCloseTo(144865 + 29135 / 3, 9);
    expect(no5[col('期待値比')]).toBeCloseTo(234964 / (144865 + 29135 / 3), 12);
    expect(line(1, '申込み', '2019年度')[col('期待値')]).toBe('');
  });

  test('期待値比 graded in 茨城型 whatever 評価基準 is (the demo’s is 愛知型), with its own grade colours', () => {
    // No.20 FY2019: 実績 ÷ E1 = 69.6%, B (50–79%) in 茨城型, while its 達成率 is graded in 愛知型.
    const no20 = line(20, '研修参加人数', '2019年度');
    expect(no20[col('期待値比')]).toBeCloseTo(0.6955645161290323, 12);
    expect(no20[col('期待値比の評価')]).toBe('B');
    expect(line(5, '閲覧者数', '2019年度')[col('期待値比の評価')]).toBe('A');
    // No E1 (no baseline): no ratio and no grade, never a guess.
    expect(line(1, '申込み', '2019年度')[col('期待値比の評価')]).toBe('');
    for (let r = header + 1; values[r]?.[0] !== undefined && values[r]![0] !== ''; r++) {
      const ratio = values[r]![col('期待値比')];
      expect(values[r]![col('期待値比の評価')]).toBe(typeof ratio === 'number' ? gradeOf(ratio, SCALE_PRESETS['茨城型']!).grade : '');
    }
    expect(String(values[1]![0])).toContain('期待値比の評価は茨城型（A 期待値以上 100%以上・B+ 期待値の80%以上 80%以上・B 期待値の50%以上 50%以上・C 期待値の50%未満）');
    const ranges = book.outputs.get(SHEET.summary)!.gradeRanges!;
    expect(ranges.map((g) => [g.range.col, g.grades])).toEqual([[col('評価') + 1, ['A', 'B', 'C', 'D']], [col('期待値比の評価') + 1, ['A', 'B+', 'B', 'C']]]);
    // --json carries the same grade.
    const { analysis, counts } = rollupWorkbook(demoBook());
    const row = rollupJson(analysis, counts).summary.find((x) => x.no === 20 && x.fiscalYear === 2019)!;
    expect([row.expectedRatio, row.expectedGrade]).toEqual([no20[col('期待値比')], 'B']);
  });

  test('the sheet still reads back as before (a closed year’s snapshot is read the same way)', () => {
    const { analysis } = rollupWorkbook(demoBook());
    const back = readSummaryTable(book.readSheet(SHEET.summary)!);
    expect(back.map((r) => [r.no, r.indicator, r.fiscalYear, r.rate])).toEqual(analysis.rows.map((r) => [r.no, r.indicator, r.fiscalYear, r.rate]));
  });

  test('per indicator: the outlook on its row of the evaluation year (or its first row), once', () => {
    const no13 = line(13, '公衆無線LANアクセス回数', '2020年度');
    expect(no13[col('最終年度見込み')]).toBeCloseTo(4712, 9);
    expect(no13[col('達成見込み')]).toBe('一層の努力が必要');
    expect(no13[col('見込みの根拠')]).toBe('傾向（実績2年度の最小二乗）: 2021年度の見込み 4,712回、目標 7,000回 の67.3%（見込み÷目標）→ 一層の努力が必要（2021年度までの指標。令和4年度からは「避難所施設の整備率」）。あと毎年2,009回の増加が必要（これまでの年増分は見込み算出不可: 計画マスタに基準値がありません）');
    expect(line(13, '公衆無線LANアクセス回数', '2019年度')[col('達成見込み')]).toBe('');
    // No.1 電子化率 has rows for FY2022–2023 only: its outlook is on FY2022's row.
    expect(line(1, '電子化率', '2022年度')[col('達成見込み')]).toBe('見込み算出不可');
    const marked = values.slice(header + 1).filter((r) => typeof r[0] === 'number' && r[col('達成見込み')] !== '' && r[col('達成見込み')] !== undefined);
    const indicators = new Set(rollupWorkbook(demoBook()).analysis.rows.map((r) => `${r.no} ${r.indicator}`));
    expect(marked.map((r) => `${r[0]} ${r[4]}`).sort()).toEqual([...indicators].sort());
  });

  test('the counts of 達成見込み by 基本方針 and 部門, 見込み算出不可 included', () => {
    const byPolicy = values.findIndex((r) => String(r[0]).startsWith('基本方針別の達成見込みの件数'));
    expect(String(values[byPolicy - 1]![0])).toMatch(/^達成見込みは2020年度までの実績から（見込み÷目標が100%以上「ほぼ達成できる」、80%以上/);
    expect(values[byPolicy + 1]).toEqual(['基本方針', 'ほぼ達成できる', 'もう少しの努力で達成できる', '一層の努力が必要', '見込み算出不可', '合計']);
    const policyLines = values.slice(byPolicy + 2).filter((r) => r.length).slice(0, 3);
    const total = policyLines.reduce((n, r) => n + (r[5] as number), 0);
    const indicators = new Set(rollupWorkbook(demoBook()).analysis.rows.map((r) => `${r.no} ${r.indicator}`)).size;
    expect(total).toBe(indicators);
    const byDept = values.findIndex((r) => String(r[0]).startsWith('部門別の達成見込みの件数'));
    expect(values.slice(byDept + 2).find((r) => r[0] === 'まなびの支援課')).toEqual(['まなびの支援課', 0, 0, 1, 0, 1]);
  });
});
