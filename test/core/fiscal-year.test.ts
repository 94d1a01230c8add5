import { calendarDate } from '../../src/core/calendar';
import {
  eraLabel, fiscalYearOfDate, formatFiscalYear, parseFiscalYear, splitFiscalYearPrefix,
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
    ['2019年度 実績', 'not-fy'],
    ['FY19', 'not-fy'],
    ['20190', 'not-fy'],
    ['R', 'not-fy'],
    ['令和', 'not-fy'],
    ['x'.repeat(50000), 'not-fy'],
    [new Date(NaN), 'not-fy'],
  ])('%p (%s)', (input, code) => {
    const r = parseFiscalYear(input as Scalar);
    expect(r.fy).toBeNull();
    expect(codes(r)).toEqual([`error:${code}`]);
    expect(r.findings[0]!.message).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/);
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

  test.each(['実績', 'No.', '2000件', '1730人', '令和0年度 実績', '2023/4/1 提出', 'R5.4.1', '', '指標名', 'Remarks 2020'])(
    '%p has no fiscal-year prefix',
    (text) => expect(splitFiscalYearPrefix(text)).toBeNull(),
  );
});
