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
