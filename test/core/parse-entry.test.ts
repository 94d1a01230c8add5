import { calendarDate } from '../../src/core/calendar';
import { parseEntry } from '../../src/core/parse/entry';
import { normalizeText } from '../../src/core/parse/normalize';
import type { EntryParse, EntryStatus, NumberSegment, Segment, StatusSegment } from '../../src/core/parse/types';
import { canonicalUnit, isKnownUnit, sameUnit } from '../../src/core/parse/units';

const n = (value: number, unit: string | null, label: string | null = null, extra: Partial<NumberSegment> = {}): NumberSegment => ({
  kind: 'number', value, unit, approx: false, label, comparator: null, note: null, ...extra,
});
const st = (status: EntryStatus, label: string | null = null): StatusSegment => ({ kind: 'status', status, label });
const codes = (p: EntryParse) => p.findings.map((f) => `${f.severity}:${f.code}`);

/** Asserts a parse that succeeds: exact segments and exact finding codes. */
function expectParse(input: string, segments: Segment[], findingCodes: string[] = []) {
  const p = parseEntry(input);
  expect(p.empty).toBe(false);
  expect(p.segments).toEqual(segments);
  expect(codes(p)).toEqual(findingCodes);
}

/** Asserts a rejected entry: no segments and exactly one error with this code. */
function expectError(input: string, code: string) {
  const p = parseEntry(input);
  expect(p.empty).toBe(false);
  expect(p.segments).toEqual([]);
  expect(p.findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual([code]);
  for (const f of p.findings) expect(f.message).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/);
}

describe('seed chapter 6 values', () => {
  test.each<[string, Segment[], string[]]>([
    ['申込み 10%', [n(10, '%', '申込み')], []],
    ['申込み 30.7%', [n(30.7, '%', '申込み')], []],
    ['申込み 32.8%', [n(32.8, '%', '申込み')], []],
    ['(本年度未測定)', [st('未測定')], []],
    ['電子化率 45%', [n(45, '%', '電子化率')], []],
    ['電子化率 100%', [n(100, '%', '電子化率')], []],
    ['課税証明 650件', [n(650, '件', '課税証明')], []],
    ['課税証明 6,500件 住民票等 46,600件', [n(6500, '件', '課税証明'), n(46600, '件', '住民票等')], []],
    ['-', [st('対象外')], []],
    ['課税証明 1,730件 住民票等 36,104件', [n(1730, '件', '課税証明'), n(36104, '件', '住民票等')], []],
    ['10.0%', [n(10, '%')], []],
    ['15%', [n(15, '%')], []],
    ['31施設', [n(31, '施設')], []],
    ['34施設', [n(34, '施設')], []],
    ['▲16.7%', [n(-16.7, '%')], []],
    ['閲覧者数 148,000人', [n(148000, '人', '閲覧者数')], []],
    ['閲覧者数 167,500人 登録者数 83,200人', [n(167500, '人', '閲覧者数'), n(83200, '人', '登録者数')], []],
    ['閲覧者数 234,964人', [n(234964, '人', '閲覧者数')], []],
    ['閲覧者数 349,879人', [n(349879, '人', '閲覧者数')], []],
    ['閲覧者数 (本年度未測定)', [st('未測定', '閲覧者数')], []],
    ['オープン化 10%', [n(10, '%', 'オープン化')], []],
    ['オープン化 +96.3%', [n(96.3, '%', 'オープン化')], []],
    ['オープン化 +115.48%', [n(115.48, '%', 'オープン化')], []],
    ['オープンデータ 閲覧数 15,500人', [n(15500, '人', 'オープンデータ 閲覧数')], []],
    ['地域資料 150点', [n(150, '点', '地域資料')], []],
    ['地域資料 300点 電子書籍回転数 2.9回', [n(300, '点', '地域資料'), n(2.9, '回', '電子書籍回転数')], []],
    ['電子書籍回転数 3回', [n(3, '回', '電子書籍回転数')], []],
    ['（本年度未測定）', [st('未測定')], []],
    ['プロジェクター 20%', [n(20, '%', 'プロジェクター')], []],
    ['プロジェクター 71.4%', [n(71.4, '%', 'プロジェクター')], []],
    ['プロジェクター 90% 残業時間削減 5%', [n(90, '%', 'プロジェクター'), n(5, '%', '残業時間削減')], []],
    ['1,000回', [n(1000, '回')], []],
    ['5,270回', [n(5270, '回')], []],
    ['4,991回', [n(4991, '回')], []],
    ['100%', [n(100, '%')], []],
    ['331拠点', [n(331, '拠点')], []],
    ['会議システム 2,700回 テレワーク実施 500人', [n(2700, '回', '会議システム'), n(500, '人', 'テレワーク実施')], []],
    ['会議システム 3,000回 テレワーク実施 1000人', [n(3000, '回', '会議システム'), n(1000, '人', 'テレワーク実施')], []],
    ['会議システム 2,124回', [n(2124, '回', '会議システム')], []],
    ['(本年度末測定)', [st('未測定')], ['warning:typo-status']],
    ['文書の電子化率 70%', [n(70, '%', '文書の電子化率')], []],
    ['100時間', [n(100, '時間')], []],
    ['233時間', [n(233, '時間')], []],
    ['4,110時間', [n(4110, '時間')], []],
    ['200人', [n(200, '人')], []],
    ['115人', [n(115, '人')], []],
    ['441人', [n(441, '人')], []],
    ['導入室課：70% コード決済を利用可能な歳入 80種類', [n(70, '%', '導入室課'), n(80, '種類', 'コード決済を利用可能な歳入')], []],
    ['2業務', [n(2, '業務')], []],
  ])('%s', (input, segments, findingCodes) => expectParse(input, segments, findingCodes));

  test('the 末測定 typo warning says what was assumed', () => {
    expect(parseEntry('(本年度末測定)').findings[0]!.message).toContain('未測定');
  });
});

describe('domain-research §c3 examples', () => {
  test.each<[string, Segment[], string[]]>([
    ['申込み 30.7%', [n(30.7, '%', '申込み')], []],
    ['申込み　３０．７％', [n(30.7, '%', '申込み')], []],
    ['課税証明 1,730件 住民票等 36,104件', [n(1730, '件', '課税証明'), n(36104, '件', '住民票等')], []],
    ['課税証明１，７３０件、住民票等３６，１０４件', [n(1730, '件', '課税証明'), n(36104, '件', '住民票等')], []],
    ['▲16.7%', [n(-16.7, '%')], []],
    ['△16.7%', [n(-16.7, '%')], []],
    ['\u221216.7%', [n(-16.7, '%')], []],
    ['△5.2ポイント', [n(-5.2, 'ポイント')], []],
    ['ー3件', [n(-3, '件')], ['warning:katakana-minus']],
    ['約1.5万人', [n(15000, '人', null, { approx: true })], ['warning:approx']],
    ['3万5千件', [n(35000, '件')], []],
    ['1,234千円', [n(1234, '千円')], []],
    ['0件', [n(0, '件')], []],
    ['-', [st('対象外')], []],
    ['－', [st('対象外')], []],
    ['―', [st('対象外')], []],
    ['—', [st('対象外')], []],
    ['(本年度未測定)', [st('未測定')], []],
    ['（未測定）', [st('未測定')], []],
    ['30%以上', [n(30, '%', null, { comparator: '>=' })], []],
    ['100%（全校）', [n(100, '%', null, { note: '全校' })], []],
    ['5割', [n(50, '%')], ['warning:wari']],
    ['1.730件', [n(1.73, '件')], ['warning:ambiguous-decimal']],
    ['①課税証明 1,730件', [n(1730, '件', '課税証明')], []],
    ['⑴課税証明 1,730件', [n(1730, '件', '課税証明')], []],
    ['(1)課税証明 1,730件', [n(1730, '件', '課税証明')], []],
    ['（１） 課税証明 1,730件\n（２） 住民票等 36,104件', [n(1730, '件', '課税証明'), n(36104, '件', '住民票等')], []],
  ])('%s', (input, segments, findingCodes) => expectParse(input, segments, findingCodes));

  test.each<[string, string]>([
    ['1,73件', 'bad-grouping'],
    ['17,30件', 'bad-grouping'],
    ['30・7%', 'bad-decimal'],
    ['12/34', 'ratio'],
    ['△', 'grade-symbol'],
    ['○', 'grade-symbol'],
    ['◎', 'grade-symbol'],
    ['×', 'grade-symbol'],
    ['▲', 'grade-symbol'],
    ['実施', 'no-number'],
    ['導入済', 'no-number'],
    ['策定', 'no-number'],
    ['増加', 'no-number'],
    ['減少', 'no-number'],
  ])('rejects %s (%s)', (input, code) => expectError(input, code));

  test('bad grouping names the offending number', () => {
    expect(parseEntry('1,73件').findings[0]!.message).toBe('「1,73」の桁区切りが3桁ごとになっていません');
    expect(parseEntry('課税証明 17,30件').findings[0]!.message).toContain('「17,30」');
  });
});

describe('numbers and signs', () => {
  test.each<[string, Segment[], string[]]>([
    ['1,234,567', [n(1234567, null)], []],
    ['1234567', [n(1234567, null)], []],
    ['1,234.5件', [n(1234.5, '件')], []],
    ['0.5%', [n(0.5, '%')], []],
    ['.5%', [n(0.5, '%')], []],
    ['-5件', [n(-5, '件')], []],
    ['‐5件', [n(-5, '件')], []],
    ['‑5件', [n(-5, '件')], []],
    ['–5件', [n(-5, '件')], []],
    ['－5件', [n(-5, '件')], []],
    ['+5件', [n(5, '件')], []],
    ['▼5件', [n(-5, '件')], ['warning:down-triangle-minus']],
    ['▲ 16.7%', [n(-16.7, '%')], ['warning:detached-sign']],
    ['-0', [n(0, null)], []],
    ['サーバー3台', [n(3, '台', 'サーバー')], []],
    ['データー 3件', [n(3, '件', 'データー')], []],
    ['1.5万人', [n(15000, '人')], []],
    ['2千人', [n(2000, '人')], []],
    ['1億2千万円', [n(12000, '万円')], []],
    ['3万5千円', [n(35, '千円')], []],
    ['5千万円', [n(5000, '万円')], []],
    ['12百万円', [n(12, '百万円')], []],
    ['1.1千件', [n(1100, '件')], []],
    ['1,730 件', [n(1730, '件')], []],
    ['1.500%', [n(1.5, '%')], []],
  ])('%s', (input, segments, findingCodes) => expectParse(input, segments, findingCodes));

  test.each<[string, string]>([
    ['1,2,3', 'bad-grouping'],
    ['0,123', 'bad-grouping'],
    ['1,234,56', 'bad-grouping'],
    ['30,7%', 'bad-grouping'],
    ['1、730件', 'ideographic-comma'],
    ['--5', 'bad-sign'],
    ['▲▲5', 'bad-sign'],
    ['ーー5', 'bad-sign'],
    ['1.2.3.4', 'bad-number'],
    ['１e５', 'bad-number'],
    ['5千3千件', 'bad-number'],
    ['5万3万件', 'bad-number'],
    ['5-10件', 'range'],
    ['5〜10件', 'range'],
    ['5～10件', 'range'],
    ['12345678901234567890', 'too-large'],
    ['10 20', 'ambiguous-values'],
    ['10%、20%', 'ambiguous-values'],
  ])('rejects %s (%s)', (input, code) => expectError(input, code));

  test('ambiguous decimal says how it was read', () => {
    expect(parseEntry('1.730件').findings[0]).toEqual({
      severity: 'warning',
      code: 'ambiguous-decimal',
      message: '「1.730」を小数（1.73）として読みました。桁区切りなら「,」を使ってください',
    });
  });
});

describe('qualifiers, comparators, notes, units', () => {
  test.each<[string, Segment[], string[]]>([
    ['およそ200人', [n(200, '人', null, { approx: true })], ['warning:approx']],
    ['概ね200人', [n(200, '人', null, { approx: true })], ['warning:approx']],
    ['200人程度', [n(200, '人', null, { approx: true })], ['warning:approx']],
    ['200人前後', [n(200, '人', null, { approx: true })], ['warning:approx']],
    ['閲覧者数 約15万人', [n(150000, '人', '閲覧者数', { approx: true })], ['warning:approx']],
    ['30%以下', [n(30, '%', null, { comparator: '<=' })], []],
    ['30%未満', [n(30, '%', null, { comparator: '<' })], []],
    ['30%超', [n(30, '%', null, { comparator: '>' })], []],
    ['30% 以上', [n(30, '%', null, { comparator: '>=' })], []],
    ['10%以内', [n(10, '%', null, { comparator: '<=' })], []],
    ['≧30%', [n(30, '%', null, { comparator: '>=' })], []],
    ['100% (全校)', [n(100, '%', null, { note: '全校' })], []],
    ['5個', [n(5, '個')], []],
    ['5ケース', [n(5, 'ケース')], []],
    ['5パーセント', [n(5, 'パーセント')], []],
    ['5pt', [n(5, 'pt')], []],
    ['5%pt', [n(5, '%pt')], []],
    ['5ﾎﾟｲﾝﾄ', [n(5, 'ポイント')], []],
    ['5ヶ所', [n(5, 'ヶ所')], []],
    ['30人日', [n(30, '人日')], []],
    ['1,234千円', [n(1234, '千円')], []],
    ['12万円', [n(12, '万円')], []],
  ])('%s', (input, segments, findingCodes) => expectParse(input, segments, findingCodes));
});

describe('segments and separators', () => {
  const two = [n(1730, '件', '課税証明'), n(36104, '件', '住民票等')];
  test.each<[string, Segment[], string[]]>([
    ['課税証明1,730件、住民票等36,104件', two, []],
    ['課税証明1,730件，住民票等36,104件', two, []],
    ['課税証明 1,730件,住民票等 36,104件', two, []],
    ['課税証明1,730件／住民票等36,104件', two, []],
    ['課税証明1,730件/住民票等36,104件', two, []],
    ['課税証明1,730件・住民票等36,104件', two, []],
    ['課税証明1,730件\n住民票等36,104件', two, []],
    ['課税証明1,730件\r\n住民票等36,104件', two, []],
    ['課税証明1,730件及び住民票等36,104件', two, []],
    ['課税証明1,730件住民票等36,104件', two, []],
    ['課税証明: 1,730件', [n(1730, '件', '課税証明')], []],
    ['申込み30.7%', [n(30.7, '%', '申込み')], []],
    ['閲覧者数 167,500人 登録者数 (本年度未測定)', [n(167500, '人', '閲覧者数'), st('未測定', '登録者数')], []],
    ['課税証明 - 住民票等 36,104件', [st('対象外', '課税証明'), n(36104, '件', '住民票等')], []],
    ['閲覧者数未測定', [st('未測定', '閲覧者数')], []],
    ['課税証明 1,730件 住民票等', [n(1730, '件', '課税証明')], ['warning:label-without-value']],
    ['完了件数 5件', [n(5, '件', '完了件数')], []],
  ])('%s', (input, segments, findingCodes) => expectParse(input, segments, findingCodes));
});

describe('status tokens', () => {
  test.each<[string, EntryStatus, string[]]>([
    ['未測定', '未測定', []],
    ['(未測定)', '未測定', []],
    ['本年度未測定', '未測定', []],
    ['集計中', '未測定', []],
    ['(集計中)', '未測定', []],
    ['未把握', '未測定', []],
    ['調査なし', '未測定', []],
    ['実績なし', '未測定', []],
    ['評価困難', '未測定', []],
    ['未着手', '未測定', ['warning:status-assumed']],
    ['(本年度末測定)', '未測定', ['warning:typo-status']],
    ['対象外', '対象外', []],
    ['該当なし', '対象外', []],
    ['N/A', '対象外', []],
    ['-', '対象外', []],
    ['－', '対象外', []],
    ['―', '対象外', []],
    ['—', '対象外', []],
    ['‐', '対象外', []],
    ['--', '対象外', []],
    ['ー', '対象外', ['warning:katakana-dash']],
    ['中止', '中止', []],
    ['完了', '完了', []],
    [' 完了 ', '完了', []],
  ])('%s → %s', (input, status, findingCodes) => expectParse(input, [st(status)], findingCodes));
});

describe('dates and other rejected text', () => {
  test.each<[string, string]>([
    ['R5.4.1', 'date'],
    ['令和5年4月1日', 'date'],
    ['2023/4/1', 'date'],
    ['2023-04-01', 'date'],
    ['2023年4月', 'date'],
    ['4月1日', 'date'],
    ['2023.4.1', 'date'],
    ['3/4', 'ratio'],
    ['閲覧者数 ○', 'grade-symbol'],
    ['未入力', 'no-number'],
    ['A', 'no-number'],
  ])('rejects %s (%s)', (input, code) => expectError(input, code));

  test('a date message quotes the date', () => {
    expect(parseEntry('令和5年4月1日').findings[0]!.message).toBe('「令和5年4月1日」は日付のため値として読めません');
  });
});

describe('non-string cells', () => {
  test.each<[number, string, Segment[]]>([
    [0.307, '0.0%', [n(30.7, '%')]],
    [0.1, '0%', [n(10, '%')]],
    [-0.167, '0.0%', [n(-16.7, '%')]],
    [1.1548, '0.00%', [n(115.48, '%')]],
    [0.307, '0.0"%"', [n(0.307, null)]],
    [1730, '#,##0', [n(1730, null)]],
    [1730, '', [n(1730, null)]],
    [30.7, 'General', [n(30.7, null)]],
    [-0, '', [n(0, null)]],
  ])('%p formatted %p', (value, numberFormat, segments) => {
    const p = parseEntry(value, { numberFormat });
    expect(p).toEqual({ empty: false, segments, findings: [] });
    expect(Object.is((p.segments[0] as NumberSegment).value, -0)).toBe(false);
  });

  test('a number without options is bare', () => {
    expect(parseEntry(42)).toEqual({ empty: false, segments: [n(42, null)], findings: [] });
  });

  test.each<[unknown, string]>([
    [NaN, 'not-finite'],
    [Infinity, 'not-finite'],
    [-Infinity, 'not-finite'],
    [true, 'boolean'],
    [false, 'boolean'],
    [calendarDate(2023, 4, 1), 'date'],
  ])('rejects %p (%s)', (value, code) => {
    const p = parseEntry(value as never);
    expect(p.segments).toEqual([]);
    expect(codes(p)).toEqual([`error:${code}`]);
  });

  test('boolean and date messages are Japanese', () => {
    expect(parseEntry(true).findings[0]!.message).toBe('TRUE/FALSE は実績値として読めません');
    expect(parseEntry(new Date()).findings[0]!.message).toBe('日付は実績値として読めません');
  });

  test.each<[unknown]>([[''], ['   '], ['　'], ['\n\t'], [null], [undefined]])('%p is empty', (value) => {
    expect(parseEntry(value as never)).toEqual({ empty: true, segments: [], findings: [] });
  });
});

describe('nasty input never throws nor yields NaN/Infinity', () => {
  const nasty: [string, string | null][] = [
    ['', null],
    ['     ', null],
    ['=IMPORTXML("x")', 'no-number'],
    ['x'.repeat(50000), 'too-long'],
    ['1'.repeat(50000), 'too-long'],
    ['1,'.repeat(400), 'bad-grouping'],
    ['😀', 'no-number'],
    ['😀5件', null],
    ['１e５', 'bad-number'],
    ['Infinity', 'no-number'],
    ['-Infinity', 'no-number'],
    ['NaN', 'no-number'],
    ['--5', 'bad-sign'],
    ['▲▲5', 'bad-sign'],
    ['9'.repeat(400), 'too-large'],
    ['1e400', 'bad-number'],
    ['((((', 'no-number'],
    ['100%（全校', null],
    ['\u0000\u0001', 'no-number'],
    ['\uD800', 'no-number'],
    ['.', 'no-number'],
    [',', 'no-number'],
    ['1.', null],
  ];
  test.each(nasty)('%#', (input, code) => {
    let p: EntryParse | undefined;
    expect(() => {
      p = parseEntry(input);
    }).not.toThrow();
    for (const seg of p!.segments) if (seg.kind === 'number') expect(Number.isFinite(seg.value)).toBe(true);
    const errors = p!.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    if (code) expect(errors).toEqual([code]);
    else expect(errors).toEqual([]);
  });
});

describe('normalisation', () => {
  test.each<[string, string]>([
    ['①課税証明', '課税証明'],
    ['⑴課税証明', '課税証明'],
    ['❶課税証明', '課税証明'],
    ['１，７３０件', '1,730件'],
    ['（本年度未測定）', '(本年度未測定)'],
    ['Ｒ５', 'R5'],
    ['ﾎﾟｲﾝﾄ', 'ポイント'],
  ])('%s → %s', (input, out) => expect(normalizeText(input)).toBe(out));
});

describe('units', () => {
  test.each<[string | null, string | null, boolean]>([
    ['%', '%', true],
    ['%', 'パーセント', true],
    ['％', '%', true],
    ['%', 'ポイント', false],
    ['%', 'pt', false],
    ['%', '%pt', false],
    ['ポイント', 'pt', true],
    ['ポイント', '%pt', true],
    ['ポイント', 'ﾎﾟｲﾝﾄ', true],
    ['PT', 'ポイント', true],
    ['箇所', 'か所', true],
    ['ヵ所', 'ヶ所', true],
    ['カ所', '箇所', true],
    ['件', '件', true],
    ['件', '人', false],
    ['千円', '円', false],
    [null, null, true],
    [null, '件', false],
    ['', null, true],
  ])('sameUnit(%p, %p) = %p', (a, b, same) => {
    expect(sameUnit(a, b)).toBe(same);
    expect(sameUnit(b, a)).toBe(same);
  });

  test.each<[string, string]>([
    ['パーセント', '%'],
    ['%pt', 'ポイント'],
    ['ヶ所', '箇所'],
    ['件', '件'],
    ['ｋｍ', 'km'],
  ])('canonicalUnit(%s) = %s', (u, c) => expect(canonicalUnit(u)).toBe(c));

  test.each<[string, boolean]>([
    ['件', true],
    ['拠点', true],
    ['百万円', true],
    ['%pt', true],
    ['個数え', false],
  ])('isKnownUnit(%s) = %p', (u, known) => expect(isKnownUnit(u)).toBe(known));
});

// ---- issue 12: real municipal text (docs/parser-rules.md) ----

/** Like expectParse, with the indicator's unit passed as the caller would. */
function expectParseWith(input: string, unit: string | null, segments: Segment[], findingCodes: string[] = []) {
  const p = parseEntry(input, { unit });
  expect(p.segments).toEqual(segments);
  expect(codes(p)).toEqual(findingCodes);
}

describe('rule: an error means no number', () => {
  test.each([
    ['60%～70%未満', 'range'], ['60%〜70%', 'range'], ['60%から70%', 'range'], ['10件～20件', 'range'],
    ['▲1.8%減', 'double-sign'], ['+3%減少', 'double-sign'], ['3割件', 'bad-wari'],
  ])('%s is refused with no segment (%s)', (input, code) => expectError(input, code));

  test('every error leaves no segment, whichever rule found it', () => {
    for (const s of ['60%～70%未満', '1,73件', '12/34', '課税証明 1件 2件 3件', '12時間75分', '12 億 減少'])
      expect(parseEntry(s)).toMatchObject({ segments: [] });
  });
});

describe('rule: sign words after the value', () => {
  test.each<[string, Segment[], string[]]>([
    ['1.8%減', [n(-1.8, '%')], ['warning:sign-word']],
    ['0.6ポイント減少', [n(-0.6, 'ポイント')], ['warning:sign-word']],
    ['3.1%増', [n(3.1, '%')], ['warning:sign-word']],
    ['120件増加', [n(120, '件')], ['warning:sign-word']],
    ['前年比 2.5%減', [n(-2.5, '%', '前年比')], ['warning:sign-word']],
  ])('%s', (input, segments, findings) => expectParse(input, segments, findings));

  test('the warning names the word and the number read', () => {
    expect(parseEntry('1.8%減').findings[0]!.message).toBe('「1.8%減」の「減」を負の値として読みました（-1.8%）');
    expect(parseEntry('3.1%増').findings[0]!.message).toContain('「増」を正の値として読みました');
  });

  test('a sign and a sign word together, a sign word before the value, or one left apart are errors', () => {
    expectError('▲1.8%減', 'double-sign');
    expectError('減 1.8%', 'sign-word-before');
    expectError('1.8% 減', 'dangling-word');
  });

  test('a comparator after a negating sign word is turned with the sign: 5%減以上 is −5 % or less', () => {
    expectParse('5%減以上', [n(-5, '%', null, { comparator: '<=' })], ['warning:sign-word']);
    expectParse('5%増以上', [n(5, '%', null, { comparator: '>=' })], ['warning:sign-word']);
  });

  test('a word that only starts with 増/減 is not a sign word', () => {
    expectParse('5件 減免 3件', [n(5, '件'), n(3, '件', '減免')], []);
  });
});

describe('rule: a magnitude kanji after a space', () => {
  test.each<[string, Segment[]]>([
    ['12 万人', [n(120000, '人')]],
    ['1.5 万件', [n(15000, '件')]],
    ['3 億', [n(300000000, null)]],
    ['12 千人', [n(12000, '人')]],
  ])('%s', (input, segments) => expectParse(input, segments, []));

  test('money units after a space stay units; a word starting with 千 is a label', () => {
    expectParse('12 千円', [n(12, '千円')], []);
    expectParse('12 千葉 3件', [n(12, null), n(3, '件', '千葉')], []);
  });

  test('a magnitude kanji left apart from its value is an error, not a dropped word', () => {
    expectError('12 件 万', 'dangling-word');
    expectError('12 億 減少', 'dangling-word');
    expectParse('0.1 億減少', [n(-10000000, null)], ['warning:sign-word']);
  });
});

describe('rule: the indicator\'s unit first, exactly as written', () => {
  test.each<[string, string, Segment[]]>([
    ['452kg/人', 'kg/人', [n(452, 'kg/人')]],
    ['3,210件/月', '件/月', [n(3210, '件/月')]],
    ['1,204千人', '千人', [n(1204, '千人')]],
    ['82千t/年', '千t/年', [n(82, '千t/年')]],
    ['82 千t/年', '千t/年', [n(82, '千t/年')]],
    ['１，２０４千人', '千人', [n(1204, '千人')]],
    ['1,204千人以上', '千人', [n(1204, '千人', null, { comparator: '>=' })]],
  ])('%s with unit %s', (input, unit, segments) => expectParseWith(input, unit, segments));

  test('without the indicator\'s unit, 千 multiplies and a unit per unit stays one unit', () => {
    expectParse('1,204千人', [n(1204000, '人')], []);
    expectParse('3,210件/月', [n(3210, '件/月')], []);
    expectParse('452kg/人', [n(452, 'kg/人')], []);
  });

  test('the indicator\'s unit must end at a word boundary', () => {
    // 千人 is not the start of 千人日; 1,204千人日 reads as 1,204,000 人日 and the unit check refuses it.
    expectParseWith('1,204千人日', '千人', [n(1204000, '人日')]);
  });

  test('a slash that separates two labelled values is not a unit per unit', () => {
    expectParse('課税証明 5件/住民票 3件', [n(5, '件', '課税証明'), n(3, '件', '住民票')], []);
  });
});

describe('rule: approximate qualifiers and 割', () => {
  test.each<[string, Segment[], string[]]>([
    ['8,200人強', [n(8200, '人', null, { approx: true })], ['warning:approx']],
    ['120件余り', [n(120, '件', null, { approx: true })], ['warning:approx']],
    ['3割弱', [n(30, '%', null, { approx: true })], ['warning:wari', 'warning:approx']],
    ['3割', [n(30, '%')], ['warning:wari']],
    ['5割以上', [n(50, '%', null, { comparator: '>=' })], ['warning:wari']],
  ])('%s', (input, segments, findings) => expectParse(input, segments, findings));

  test('強 starting a word is not a qualifier', () => {
    expectParse('5件 強化事業 3件', [n(5, '件'), n(3, '件', '強化事業')], []);
  });

  test('割 followed by a word or digits is an error', () => {
    expectError('3割件', 'bad-wari');
    expectError('3割5分', 'bad-wari');
  });

  test('割 is the unit when the indicator counts 割', () => {
    expectParseWith('3割', '割', [n(3, '割')]);
  });
});

describe('rule: 維持 on targets', () => {
  test.each<[string, Segment[]]>([
    ['95%の維持', [n(95, '%', null, { comparator: '=' })]],
    ['40%を維持', [n(40, '%', null, { comparator: '=' })]],
    ['100%維持', [n(100, '%', null, { comparator: '=' })]],
    ['40%を維持する', [n(40, '%', null, { comparator: '=' })]],
  ])('%s', (input, segments) => expectParse(input, segments, []));
});

describe('rule: fiscal-year labels and ratios are notes', () => {
  test.each<[string, Segment[], string[]]>([
    ['(令和3年度) 48.2%', [n(48.2, '%', null, { note: '令和3年度' })], []],
    ['（令和３年度）４８．２％', [n(48.2, '%', null, { note: '令和3年度' })], []],
    ['令和4年 61.0%', [n(61, '%', null, { note: '令和4年' })], []],
    ['R4 61%', [n(61, '%', null, { note: 'R4' })], []],
    ['42.1%(312/741件)', [n(42.1, '%', null, { note: '312/741件' })], []],
    ['42.1%（312/741）', [n(42.1, '%', null, { note: '312/741' })], []],
    ['45.0%(312/741件)', [n(45, '%', null, { note: '312/741件' })], ['warning:ratio-note-mismatch']],
  ])('%s', (input, segments, findings) => expectParse(input, segments, findings));

  test('a label before a status, with a word after it, and FY labels', () => {
    expectParse('令和4年度 未測定', [st('未測定')], []);
    expectParse('FY2022 5件', [n(5, '件', null, { note: 'FY2022' })], []);
  });

  test('a label alone, or labels of several years in one cell, are errors', () => {
    expectError('令和4年度', 'year-only');
    expectError('(令和4年度)', 'year-only');
    expectError('令和3年度 10件 令和4年度 12件', 'several-years');
    expectError('(R3) 10件, (R4) 12件', 'several-years');
  });

  test('a number before 年度 is a label that lost its era, never a value; 年間 is one unit', () => {
    expectError('3年度 5件', 'year-label');
    expectParse('5年間', [n(5, '年間')], []);
    expectError('5年間 10件', 'ambiguous-values');
  });

  test('a bare western year before the value is not taken for a label', () => {
    expectError('2020 15件', 'ambiguous-values');
  });

  test('a ratio after a count, or alone, stays a ratio error', () => {
    expectError('312件(312/741)', 'ratio');
    expectError('312/741', 'ratio');
  });
});

describe('rule: hours and minutes', () => {
  test('12時間30分 is 12.5 時間, or 750 分 when the indicator counts minutes', () => {
    expectParse('12時間30分', [n(12.5, '時間')], []);
    expectParseWith('12時間30分', '分', [n(750, '分')]);
    // Stored with 15 significant digits, as every parsed value (cleanNumber).
    expectParseWith('1時間05分', '時間', [n(1.08333333333333, '時間')]);
  });

  test('minutes of 60 or more are an error', () => expectError('12時間75分', 'bad-minutes'));
});

describe('rule: status vocabulary of real documents', () => {
  test.each<[string, EntryStatus, string[]]>([
    ['データ無し', '未測定', []], ['データなし', '未測定', []], ['未公表', '未測定', []], ['集計前', '未測定', []],
    ['未集計', '未測定', []], ['調査なし', '未測定', []], ['(未公表)', '未測定', []],
    ['実施済', '完了', ['warning:status-assumed']], ['計画どおり実施', '完了', ['warning:status-assumed']],
    ['目標設定なし', '目標なし', []], ['目標なし', '目標なし', []], ['設定なし', '目標なし', []],
  ])('%s → %s', (input, status, findings) => expectParse(input, [st(status)], findings));

  test('the done-as-planned warning says which status it chose', () => {
    expect(parseEntry('計画どおり実施').findings[0]!.message).toBe('「計画どおり実施」は完了として扱いました');
  });
});

describe('rule: notes after the value, values in brackets, values joined by marks', () => {
  test.each<[string, Segment[]]>([
    ['1.62\n(H29年)', [n(1.62, null, null, { note: 'H29年' })]],
    ['75.8%\n(24年度)', [n(75.8, '%', null, { note: '24年度' })]],
    ['1.56\n(全国16位)', [n(1.56, null, null, { note: '全国16位' })]],
    ['25 人(2009~14 年)', [n(25, '人', null, { note: '2009~14 年' })]],
    ['100件(2023年4月1日時点)', [n(100, '件', null, { note: '2023年4月1日時点' })]],
    ['(令和4年度見込み) 45%', [n(45, '%', null, { note: '令和4年度見込み' })]],
    ['(H27~H31累計):10,000人', [n(10000, '人', null, { note: 'H27~H31累計' })]],
    ['(R1-R5) 10件', [n(10, '件', null, { note: 'R1-R5' })]],
  ])('%s', (input, segments) => expectParse(input, segments, []));

  test('a note after a status is skipped', () => {
    expectParse('- (22年度)', [st('対象外')], []);
    expectParse('未測定 (R5)', [st('未測定')], []);
  });

  test.each([
    ['(1.90%)', 'value-in-parentheses'], ['(18,687千円)', 'value-in-parentheses'], ['未達成 (1,820人)', 'value-in-parentheses'],
    ['<100.71%>', 'bracketed-value'], ['〈98.5%〉', 'bracketed-value'],
    ['27.8%→36.2%', 'two-values'], ['利用: 1,100万件→1,700万件', 'two-values'],
  ])('%s is refused (%s)', (input, code) => expectError(input, code));

  test('dates outside a note after a value stay errors', () => {
    expectError('2023年4月', 'date');
    expectError('2023/4/1', 'date');
  });
});
