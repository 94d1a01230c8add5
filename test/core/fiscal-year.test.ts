import fc from 'fast-check';
import { calendarDate } from '../../src/core/calendar';
import {
  FY_LEADING_WORDS, FY_TRAILING_WORDS, MAX_FY, MIN_FY, eraLabel, eraOfDay, eraYearOfDay, fiscalYearOfDate, formatFiscalYear, parseFiscalYear, splitFiscalYearPrefix,
} from '../../src/core/parse/fiscal-year';
import type { Scalar } from '../../src/core/workbook';

const codes = (r: { findings: { severity: string; code: string }[] }) => r.findings.map((f) => `${f.severity}:${f.code}`);

describe('parseFiscalYear accepts', () => {
  test.each<[Scalar, number]>([
    ['令和元年度', 2019],
    ['令和1年度', 2019],
    ['R1', 2019],
    ['R01', 2019],
    ['r1', 2019],
    ['Ｒ元', 2019],
    ['R元年度', 2019],
    ['令和元年度 (2019年度)', 2019],
    ['令和元年度（2019年度）', 2019],
    ['令和元(2019)年度', 2019],
    ['2019(令和元)年度', 2019],
    ['平成31年度', 2019],
    ['平成31年度(令和元年度)', 2019],
    ['平成30年度', 2018],
    ['H30', 2018],
    ['Ｈ３０', 2018],
    ['h30年度', 2018],
    ['㍻30年度', 2018],
    ['FY2019', 2019],
    ['fy2019', 2019],
    ['FY 2019', 2019],
    ['ＦＹ２０２３', 2023],
    ['2019年度', 2019],
    ['2019', 2019],
    ['２０１９年度', 2019],
    [2019, 2019],
    ['㋿5年度', 2023],
    ['令和5年度', 2023],
    ['令和 5 年度', 2023],
    ['R5', 2023],
    ['R05', 2023],
    ['R5年度', 2023],
    ['2023年度', 2023],
    ['FY2023', 2023],
    ['令和5(2023)年度', 2023],
    ['  令和2年度  ', 2020],
    ['平成元年度', 1989],
    [1989, 1989],
    [2200, 2200],
  ])('%p → %p', (input, fy) => {
    expect(parseFiscalYear(input)).toEqual({ fy, findings: [] });
  });
});

describe('parseFiscalYear warns', () => {
  test.each<[string, number, string[]]>([
    ['平成32年度', 2020, ['warning:nonexistent-era-year']],
    ['H32', 2020, ['warning:nonexistent-era-year']],
    ['2023(平成35)年度', 2023, ['warning:nonexistent-era-year']],
    ['2023(平成34)年度', 2023, ['warning:nonexistent-era-year', 'warning:era-mismatch']],
    ['2023(令和4)年度', 2023, ['warning:era-mismatch']],
    ['令和4(2023)年度', 2023, ['warning:era-mismatch']],
    ['2019年', 2019, ['warning:year-not-fy']],
  ])('%s → %p', (input, fy, findingCodes) => {
    const r = parseFiscalYear(input);
    expect(r.fy).toBe(fy);
    expect(codes(r)).toEqual(findingCodes);
  });

  test('the non-existent era year message names the real label', () => {
    expect(parseFiscalYear('平成32年度').findings[0]!.message).toBe('「平成32」は実在しない年です。令和2年度（2020年度）として読みました');
  });
});

describe('parseFiscalYear rejects', () => {
  test.each<[unknown, string]>([
    ['令和0年度', 'bad-era-year'],
    ['R0', 'bad-era-year'],
    ['R5.4.1', 'date'],
    ['令和5年4月1日', 'date'],
    ['2023/4/1', 'date'],
    ['2023-04-01', 'date'],
    ['平成30年度(令和2年度)', 'era-mismatch'],
    ['2019(2020)年度', 'era-mismatch'],
    ['昭和60年度', 'fy-out-of-range'],
    ['1988年度', 'fy-out-of-range'],
    ['2201', 'fy-out-of-range'],
    [1988, 'fy-out-of-range'],
    [2201, 'fy-out-of-range'],
    [2019.5, 'fy-out-of-range'],
    [5, 'fy-out-of-range'],
    [NaN, 'fy-out-of-range'],
    [Infinity, 'fy-out-of-range'],
    [true, 'boolean'],
    [false, 'boolean'],
    ['', 'fy-empty'],
    ['   ', 'fy-empty'],
    [null, 'fy-empty'],
    ['来年度', 'not-fy'],
    ['FY19', 'not-fy'],
    ['20190', 'not-fy'],
    ['R', 'not-fy'],
    ['令和', 'not-fy'],
    ['x'.repeat(50000), 'not-fy'],
    // The era is lost: 3年度 may be 令和3 or 平成3.
    ['3年度', 'era-missing'],
    ['(3年度)', 'era-missing'],
    ['03年度実績', 'era-missing'],
    // Spans and lists of years name no single fiscal year.
    ['R1-R5', 'fy-span'],
    ['R1～R5', 'fy-span'],
    ['令和元年度～令和5年度', 'fy-span'],
    ['令和元年度〜令和5年度', 'fy-span'],
    ['令和元年度から令和5年度', 'fy-span'],
    ['令和元～5年度', 'fy-span'],
    ['2019-2023', 'fy-span'],
    ['2019～2023年度', 'fy-span'],
    ['令和5年度まで', 'fy-span'],
    ['令和5年度以降', 'fy-span'],
    ['令和元年度～', 'fy-span'],
    ['令和元・2年度', 'fy-span'],
    ['(令和元年度～令和5年度)', 'fy-span'],
    // Trailing words outside the closed list.
    ['令和元年度比', 'not-fy'],
    ['令和4年度中間', 'not-fy'],
    ['令和4年度 61.0%', 'not-fy'],
    ['令和4年度 実績 61.0%', 'not-fy'],
    ['2022実績', 'not-fy'],
    ['2022年度 (見込み', 'not-fy'],
    ['令和4年度 実績 実績 実績 実績', 'not-fy'],
    ['(令和4年度', 'not-fy'],
    ['(令和4年度]', 'not-fy'],
    ['( )', 'not-fy'],
    // Year-month forms: the month must exist, a day makes it a date, a western year with a dot may be a decimal.
    ['R4.13', 'bad-month'],
    ['R4.0', 'bad-month'],
    ['令和4年13月', 'bad-month'],
    ['R4.3.31', 'date'],
    ['令和4年3月31日', 'date'],
    ['2022.3', 'date'],
    ['2022/3', 'date'],
    ['R4/3', 'date'],
    ['2022-03', 'date'],
    ['H1.3', 'fy-out-of-range'],
    [new Date(NaN), 'not-fy'],
  ])('%p (%s)', (input, code) => {
    const r = parseFiscalYear(input as Scalar);
    expect(r.fy).toBeNull();
    expect(codes(r)).toEqual([`error:${code}`]);
    expect(r.findings[0]!.message).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/);
  });
});

describe('parseFiscalYear: labels in brackets and with words after them', () => {
  test.each<[string, number]>([
    ['(令和4年度)', 2022],
    ['（令和4年度）', 2022],
    ['( 令和4年度 )', 2022],
    ['【令和4年度】', 2022],
    ['[R4]', 2022],
    ['〔平成30年度〕', 2018],
    ['(2019年度)', 2019],
    ['(2019)', 2019],
    ['(令和元年度(2019年度))', 2019],
    ['令和3年度実績', 2021],
    ['令和3年度 実績', 2021],
    ['令和3年度実績値', 2021],
    ['令和元年度末', 2019],
    ['令和元年度末時点', 2019],
    ['令和元年度末現在', 2019],
    ['令和4年度末見込み', 2022],
    ['2022年度 (見込み)', 2022],
    ['2022年度（見込み）', 2022],
    ['2022年度【見込】', 2022],
    ['2022年度見込', 2022],
    ['令和5年度目標', 2023],
    ['令和5年度目標値', 2023],
    ['令和5年度計画', 2023],
    ['令和5年度予定', 2023],
    ['令和5年度当初', 2023],
    ['令和5年度当初予算', 2023],
    ['令和4年度決算', 2022],
    ['令和4年度中', 2022],
    ['令和4年度速報値', 2022],
    ['R3実績', 2021],
    ['FY2022 実績', 2022],
    ['2022 実績', 2022],
    ['2022 (実績)', 2022],
    ['(令和3年度)実績', 2021],
    ['令和元年度 (2019年度) 実績', 2019],
  ])('%s → %p', (input, fy) => {
    expect(parseFiscalYear(input)).toEqual({ fy, findings: [] });
  });
});

describe('parseFiscalYear: a year and a month give the fiscal year of that month', () => {
  test.each<[string, number]>([
    ['R4.3', 2021],
    ['R4.4', 2022],
    ['R4.12', 2022],
    ['R5.1', 2022],
    ['R04.03', 2021],
    ['Ｒ４．３', 2021],
    ['R4.3月', 2021],
    ['R4.3末', 2021],
    ['R4.3月末', 2021],
    ['R4.3末時点', 2021],
    ['令和4.3', 2021],
    ['H31.3', 2018],
    ['H31.4', 2019],
    ['H30.4', 2018],
    ['R2.4', 2020],
    ['令和4年3月', 2021],
    ['令和4年3月末', 2021],
    ['令和4年4月', 2022],
    ['令和4年3月末現在', 2021],
    ['2022年3月', 2021],
    ['2022年4月末', 2022],
    ['平成31年3月末', 2018],
  ])('%s → FY%p', (input, fy) => {
    expect(parseFiscalYear(input)).toEqual({ fy, findings: [] });
  });

  test.each<[string, number]>([
    ['R1.3', 2018],
    ['H31.5', 2019],
    ['H32.3', 2019],
  ])('%s: a month the era did not have is read with a warning (FY%p)', (input, fy) => {
    const r = parseFiscalYear(input);
    expect(r.fy).toBe(fy);
    expect(codes(r)).toEqual(['warning:nonexistent-era-year']);
    expect(r.findings[0]!.message).toContain('実在しない年月です');
  });

  test('the month form and the 年度 form of the same text differ as they should', () => {
    // R4 is FY2022; March of R4 is in FY2021.
    expect(parseFiscalYear('R4').fy).toBe(2022);
    expect(parseFiscalYear('R4.3').fy).toBe(2021);
  });
});

describe('every accepted trailing word is read, with and without a space or brackets', () => {
  test.each([...FY_TRAILING_WORDS])('%s', (w) => {
    for (const t of [`令和4年度${w}`, `令和4年度 ${w}`, `令和4年度(${w})`, `2022年度 ${w}`, `(令和4年度)${w}`])
      expect(parseFiscalYear(t)).toEqual({ fy: 2022, findings: [] });
  });
});

describe('every accepted leading role word is read before a label', () => {
  test.each([...FY_LEADING_WORDS])('%s', (w) => {
    for (const t of [`${w} 令和4年度`, `${w}(令和4年度)`, `${w}（2022年度）`, `${w}:2022年度`, `${w}：R4`, `${w} (令和4年度) 実績`])
      expect(parseFiscalYear(t)).toEqual({ fy: 2022, findings: [] });
  });

  test.each(['目標値令和4年度', '目標値', '目標 61.0%', '前年度比(2022年度)', '現状(計画策定時)', '目標設定時', '目標値 R1-R5', '目標値(3年度)'])(
    '%p is refused',
    (t) => expect(parseFiscalYear(t).fy).toBeNull(),
  );

  test.each<[string, number]>([
    ['平成 25 (基準値)', 2013],
    ['平成26年度の実績値', 2014],
    ['2016(基準)', 2016],
    ['策定時の値(2015年度)', 2015],
    ['評価年度:2007年度', 2007],
  ])('%s → %p', (t, fy) => expect(parseFiscalYear(t)).toEqual({ fy, findings: [] }));

  test('現状値(2022年) keeps the 年 warning', () => {
    expect(codes(parseFiscalYear('現状値(2022年)'))).toEqual(['warning:year-not-fy']);
    expect(parseFiscalYear('現状値(2022年)').fy).toBe(2022);
  });

  test('評価 is not a trailing word: 令和5年度評価 is often the evaluation of FY2022', () => {
    expect(parseFiscalYear('令和5年度評価').fy).toBeNull();
    expect(parseFiscalYear('H29評価').fy).toBeNull();
  });
});

describe('dates', () => {
  test.each<[Date, number]>([
    [calendarDate(2019, 4, 1), 2019],
    [calendarDate(2020, 3, 31, 23, 59, 59), 2019],
    [calendarDate(2020, 4, 1, 0, 0, 0), 2020],
    [calendarDate(2020, 1, 1), 2019],
    [calendarDate(2019, 12, 31), 2019],
    [calendarDate(2024, 2, 29), 2023],
  ])('%p is in FY%p', (d, fy) => {
    expect(fiscalYearOfDate(d)).toBe(fy);
    expect(parseFiscalYear(d)).toEqual({ fy, findings: [] });
  });
});

describe('labels', () => {
  test.each<[number, string, string]>([
    [2019, '2019年度', '令和元年度'],
    [2020, '2020年度', '令和2年度'],
    [2023, '2023年度', '令和5年度'],
    [2018, '2018年度', '平成30年度'],
    [1989, '1989年度', '平成元年度'],
    [1988, '1988年度', '昭和63年度'],
  ])('FY%p → %s / %s', (fy, western, era) => {
    expect(formatFiscalYear(fy)).toBe(western);
    expect(eraLabel(fy)).toBe(era);
  });

  test.each([2019, 2020, 2023, 2018, 1989, 2100])('era label of FY%p parses back', (fy) => {
    expect(parseFiscalYear(eraLabel(fy))).toEqual({ fy, findings: [] });
    expect(parseFiscalYear(formatFiscalYear(fy))).toEqual({ fy, findings: [] });
  });
});

describe('the era of a calendar day (eraOfDay, eraYearOfDay): eras change on a day, not at a fiscal year', () => {
  test.each([
    [2019, 5, 1, '令和元年'],
    [2019, 4, 30, '平成31年'],
    [2021, 5, 31, '令和3年'],
    [1989, 1, 8, '平成元年'],
    [1989, 1, 7, '昭和64年'],
    [1926, 12, 25, '昭和元年'],
    [1926, 12, 24, '1926年'],
  ])('%p-%p-%p is %s', (y, m, d, label) => {
    expect(eraYearOfDay(y, m, d)).toBe(label);
  });

  test('null before 昭和; the year within the era otherwise', () => {
    expect(eraOfDay(1926, 12, 24)).toBeNull();
    expect(eraOfDay(2024, 2, 12)).toEqual({ name: '令和', year: 6 });
  });
});

describe('splitFiscalYearPrefix', () => {
  test.each<[string, number, string]>([
    ['2020年度 実績', 2020, '実績'],
    ['2020年度実績', 2020, '実績'],
    ['2020年度\n実績', 2020, '実績'],
    ['令和2年度 予定', 2020, '予定'],
    ['令和2年度予定', 2020, '予定'],
    ['R2 実績', 2020, '実績'],
    ['R2実績', 2020, '実績'],
    ['FY2020 目標', 2020, '目標'],
    ['令和元年度 (2019年度) 実績', 2019, '実績'],
    ['2020 実績', 2020, '実績'],
    ['2020年度：実績', 2020, '実績'],
    ['2020年度', 2020, ''],
    ['２０２０年度　実績', 2020, '実績'],
    // Labels in brackets, and the notes of entries (the entry parser's leading label).
    ['(令和3年度) 48.2%', 2021, '48.2%'],
    ['（令和3年度）48.2%', 2021, '48.2%'],
    ['【令和4年度】実績', 2022, '実績'],
    ['令和4年度 61.0%', 2022, '61.0%'],
    ['2022年度 (見込み)', 2022, '(見込み)'],
    ['R4.3 12件', 2021, '12件'],
    ['令和4年3月末 1,204千人', 2021, '1,204千人'],
    ['令和元年度末 48.2%', 2019, '48.2%'],
    ['令和4年3月 1,204千人', 2021, '1,204千人'],
    ['令和元年度末時点 48.2%', 2019, '48.2%'],
    ['2019年度末実績', 2019, '実績'],
  ])('%s', (text, fy, rest) => {
    expect(splitFiscalYearPrefix(text)).toEqual({ fy, rest, findings: [] });
  });

  test('keeps warnings', () => {
    expect(splitFiscalYearPrefix('平成32年度 実績')).toEqual({
      fy: 2020,
      rest: '実績',
      findings: [expect.objectContaining({ severity: 'warning', code: 'nonexistent-era-year' })],
    });
  });

  test.each([
    '実績', 'No.', '2000件', '1730人', '令和0年度 実績', '2023/4/1 提出', 'R5.4.1', '', '指標名', 'Remarks 2020',
    // Spans and lists are not one year's label; a bare year in brackets may be a number.
    'R1-R5 実績', 'R1～R5 予定', '2019-2023 実績', '令和元年度～令和5年度 累計', '令和元・2年度 実績', '(2020) 実績',
    '(2000) 1,730件', '3年度 実績', 'R4.13 実績', '(令和4年度 48.2%', '2019・2020 実績', '2019/2020 実績',
  ])(
    '%p has no fiscal-year prefix',
    (text) => expect(splitFiscalYearPrefix(text)).toBeNull(),
  );
});

describe('properties', () => {
  const PIECES = [
    '令和', '平成', '昭和', 'R', 'H', 'FY', '元', '1', '3', '4', '12', '13', '2019', '2022', '年', '年度', '月', '日', '.', '/', '-',
    '～', '〜', 'から', '(', ')', '（', '）', '【', '】', ' ', '　', '実績', '見込み', '末', '比', '以降', '・', '%', '件', '61.0', '０', '５',
  ];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((xs) => xs.join(''));

  test('never throws; a year comes with no error, no year with exactly one error; messages are Japanese', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (s) => {
        const r = parseFiscalYear(s);
        const errors = r.findings.filter((f) => f.severity === 'error');
        if (r.fy === null) expect(errors).toHaveLength(1);
        else {
          expect(errors).toEqual([]);
          expect(Number.isInteger(r.fy) && r.fy >= MIN_FY && r.fy <= MAX_FY).toBe(true);
        }
        for (const f of r.findings) expect(f.message).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/);
        const p = splitFiscalYearPrefix(s);
        if (p) expect(Number.isInteger(p.fy) && p.fy >= MIN_FY && p.fy <= MAX_FY).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  test('two labels joined as a span are always refused, by both readers', () => {
    const label = fc.integer({ min: 2019, max: 2040 }).chain((fy) =>
      fc.constantFrom(eraLabel(fy), formatFiscalYear(fy), `R${fy - 2018}`, `令和${fy - 2018}`),
    );
    fc.assert(
      fc.property(label, label, fc.constantFrom('-', '～', '〜', 'から', '・', ' ～ ', '―', '、', '/', ','), (a, b, sep) => {
        expect(parseFiscalYear(`${a}${sep}${b}`).fy).toBeNull();
        expect(splitFiscalYearPrefix(`${a}${sep}${b} 実績`)).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  test('a label with an accepted trailing word reads as the label alone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.constantFrom(...FY_TRAILING_WORDS), fc.boolean(), (fy, w, space) => {
        const sep = space ? ' ' : '';
        expect(parseFiscalYear(`${eraLabel(fy)}${sep}${w}`)).toEqual(parseFiscalYear(eraLabel(fy)));
        expect(parseFiscalYear(`(${formatFiscalYear(fy)})${sep}${w}`)).toEqual({ fy, findings: [] });
      }),
      { numRuns: 500 },
    );
  });

  test('a year and a month: April–December are that year, January–March the year before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 12 }), (n, m) => {
        const fy = m >= 4 ? 2018 + n : 2017 + n;
        expect(parseFiscalYear(`R${n}.${m}`)).toEqual({ fy, findings: [] });
        expect(parseFiscalYear(`令和${n}年${m}月`)).toEqual({ fy, findings: [] });
        expect(parseFiscalYear(`${2018 + n}年${m}月末`)).toEqual({ fy, findings: [] });
      }),
      { numRuns: 500 },
    );
  });
});
