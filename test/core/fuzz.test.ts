/**
 * Property-based tests (fast-check) over the parser, rates, grades and the sheet layouts (issue 5, point 8):
 * nothing throws, no NaN or Infinity comes out, every finding is Japanese, formatting then parsing gives the
 * same number, and what a layout writes reads back the same. Inputs look like what city staff type (full-width
 * digits, ▲△ minus, 万/千/億, commas, units, labels, status words, whitespace), plus random unicode.
 *
 * Seeds are random on each run; a failure prints its seed and path. Set FUZZ_SEED to replay one run, and
 * FUZZ_SCALE to run more cases.
 * The last test checks that at least 100,000 cases ran and prints how many.
 */
import { parseDeadline } from '../../src/core/cycle/deadline';
import fc from 'fast-check';
import { NO_GRADE, SCALE_PRESETS, gradeColor, gradeOf, scaleProblems } from '../../src/core/grades';
import { initWorkbook, rollupWorkbook, setupDepartmentTabs, validateWorkbook, type SeedEntry } from '../../src/core/jobs';
import { deptTabSheet, readDeptTab } from '../../src/core/layout/department';
import { findingsSheet, readFindingsTable } from '../../src/core/layout/findings';
import { readMaster, type MasterRow } from '../../src/core/layout/master';
import { readSettings, settingsSheet, type SettingsInput } from '../../src/core/layout/settings';
import { readSummaryTable } from '../../src/core/layout/summary';
import { DIRECTIONS, PLAN_STATES, type Direction, type Finding, type GradeBand, type Method, type PlanState } from '../../src/core/model';
import { parseEntry } from '../../src/core/parse/entry';
import { cleanNumber, formatValue } from '../../src/core/parse/format';
import type { EntryParse, NumberSegment } from '../../src/core/parse/types';
import { KNOWN_UNITS } from '../../src/core/parse/units';
import { achievementRate, formatRate, type RateResult } from '../../src/core/rates';
import type { Scalar } from '../../src/core/workbook';
import { MemoryWorkbook } from '../support/memory-workbook';

// ---- running and counting ----

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** FUZZ_SCALE=10 runs ten times as many cases (a longer hunt than the normal test run). */
const scale = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const tally = new Map<string, number>();

/**
 * Runs one property `numRuns` times (after the `examples`, the bugs fuzzing once found) and counts the cases
 * that ran.
 */
function check<T>(name: string, arb: fc.Arbitrary<T>, predicate: (x: T) => void, numRuns: number, examples: NoInfer<T>[] = []): void {
  let n = 0;
  fc.assert(
    fc.property(arb, (x) => {
      predicate(x);
      // Counted once it held (cases a precondition rejected are not counted).
      n++;
    }),
    { numRuns: Math.round(numRuns * scale), examples: examples.map((e) => [e] as [T]), ...(seed === undefined ? {} : { seed }) },
  );
  tally.set(name, (tally.get(name) ?? 0) + n);
}

// ---- shared assertions ----

const JAPANESE = /[\u3040-\u30FF\u4E00-\u9FFF]/;
/** Text a message should never show (a template that printed a missing or non-finite value). */
const LEAKS = /undefined|NaN|Infinity|\[object /;
/** The parser's range: integer parts of at most 15 digits. */
const MAX_ABS = 1e15;

/** A cheap assertion for the hot paths (jest's expect costs more than the parser). */
function ok(condition: boolean, what: string, input?: unknown): asserts condition {
  if (!condition) throw new Error(`${what}${input === undefined ? '' : ` (input ${JSON.stringify(input)})`}`);
}

function expectJapanese(message: string, input = ''): void {
  ok(JAPANESE.test(message), `not Japanese: ${JSON.stringify(message)}`);
  ok(!LEAKS.test(message) || LEAKS.test(input), `message leaks a value: ${JSON.stringify(message)}`);
}

const STATUSES = ['未測定', '対象外', '中止', '完了'];

/** Everything parseEntry must hold for any input. */
function expectSaneParse(p: EntryParse, input: unknown): void {
  const text = typeof input === 'string' ? input : '';
  let errors = 0;
  for (const f of p.findings) {
    ok(f.severity === 'error' || f.severity === 'warning', `severity ${f.severity}`, input);
    ok(/^[a-z][a-z-]*$/.test(f.code), `code ${f.code}`, input);
    // 'internal' means the parser caught an exception it did not expect: a bug.
    ok(f.code !== 'internal', 'internal error', input);
    expectJapanese(f.message, text);
    if (f.severity === 'error') errors++;
  }
  if (p.empty) ok(p.segments.length === 0 && p.findings.length === 0, 'an empty cell with segments or findings', input);
  if (errors) ok(p.segments.length === 0, 'segments despite an error', input);
  if (!p.empty && !errors) ok(p.segments.length > 0, 'neither a value nor an error', input);
  for (const s of p.segments) {
    if (s.label !== null) ok(s.label !== '' && s.label === s.label.trim(), `label ${JSON.stringify(s.label)}`, input);
    if (s.kind === 'status') {
      ok(STATUSES.includes(s.status), `status ${s.status}`, input);
      continue;
    }
    ok(Number.isFinite(s.value) && Math.abs(s.value) < MAX_ABS && !Object.is(s.value, -0), `value ${s.value}`, input);
    ok(s.unit === null || s.unit !== '', 'empty unit', input);
  }
}

/** Shows two values when they differ (Object.is, so 0 and -0 differ). */
function same(actual: unknown, expected: unknown, what: string): void {
  ok(Object.is(actual, expected), `${what}: got ${String(actual)}, expected ${String(expected)}`);
}

const single = (p: EntryParse): NumberSegment => {
  const errors = p.findings.filter((f) => f.severity === 'error');
  ok(errors.length === 0, errors.map((f) => f.message).join(' / '));
  ok(p.segments.length === 1, `${p.segments.length} segments`);
  const s = p.segments[0];
  ok(s.kind === 'number', `not a number: ${JSON.stringify(s)}`);
  return s;
};

// ---- what people type ----

/** ASCII → full-width (１，７３０件), space → ideographic space. */
const fullWidth = (s: string): string =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

const UNITS = [...new Set(KNOWN_UNITS)];
const unitArb = fc.constantFrom<string | null>(null, '%', '件', '人', '時間', '千円', '万円', 'ポイント', '%pt', ...UNITS);
const LABELS = ['課税証明', '住民票等', '申込み', '閲覧者数', '登録者数', 'オープンデータ 閲覧数', '電子化率', '地域資料', '電子書籍回転数', '研修参加人数', 'プロジェクター', '施設稼働率の上昇', 'オープン化', 'Wi-Fi', 'RPA'];
const STATUS_TEXTS = ['未測定', '(本年度未測定)', '（本年度未測定）', '(本年度末測定)', '集計中', '未把握', '-', '－', '―', '‐', 'ー', '中止', '完了', '対象外', '該当なし', 'N/A', '未着手'];
const JUNK = ['増加', '◎', '○', '△', '×', '12/34', '2023/4/1', '令和5年4月1日', 'R5.4.1', '4月1日', '1,73件', '1、730', '1・5', '1.2.3', '100~200', '3-5件',
  '1e5', '#DIV/0!', '#REF!', '#N/A', '#VALUE!', '=SUM(A1)', '=A1*2', 'TRUE', '見込み', '（全校）', '約', '以上', '程度'];
const SIGNS = ['', '', '', '-', '▲', '△', '−', '‐', '–', '+', '＋', 'ー', '▼', '▲ ', '△　'];
const SPACES = fc.constantFrom('', '', ' ', '  ', '\u3000', '\t', '\n', '\u00A0', '\u200B');

/** A number as written: grouped or not, maybe decimals, maybe 万/千/億 parts. */
const numberTextArb = fc.oneof(
  fc.tuple(fc.nat({ max: 99_999_999 }), fc.option(fc.nat({ max: 999 }), { nil: undefined }), fc.boolean()).map(([int, frac, grouped]) => {
    const i = grouped ? int.toLocaleString('en-US') : String(int);
    return frac === undefined ? i : `${i}.${frac}`;
  }),
  fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined })).map(([a, b]) => `${a}万${b ? `${b}千` : ''}`),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9 })).map(([a, b]) => `${a}.${b}万`),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 9999 })).map(([a, b]) => `${a}億${b ? `${b}万` : ''}`),
  fc.double({ min: 0, max: 1e9, noNaN: true }).map(String),
);

const valueTextArb = fc
  .tuple(
    fc.constantFrom('', '', '約', 'およそ', '≧', '>='),
    fc.constantFrom(...SIGNS),
    numberTextArb,
    SPACES,
    unitArb,
    fc.constantFrom('', '', '', '以上', '程度', '未満', '(全校)', '（見込み）', ' 前後'),
  )
  .map(([pre, sign, num, sp, unit, post]) => `${pre}${sign}${num}${unit === null ? '' : sp.trim() === '' ? sp.replace(/\n/g, '') + unit : unit}${post}`);

const pieceArb = fc.oneof(
  { weight: 5, arbitrary: valueTextArb },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom(' ', '　', '', ':', '：'), valueTextArb).map(([l, s, v]) => `${l}${s}${v}`) },
  { weight: 2, arbitrary: fc.constantFrom(...STATUS_TEXTS) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom(...STATUS_TEXTS)).map(([l, s]) => `${l} ${s}`) },
  { weight: 2, arbitrary: fc.constantFrom(...JUNK) },
);

/** What a person types into a 実績 or 予定 cell. */
const staffTextArb = fc
  .tuple(SPACES, fc.array(pieceArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '　', '、', '\n', ' / ', '', '・'), SPACES, fc.boolean(), fc.constantFrom('', '', '①', '(1)', '・'))
  .map(([lead, pieces, sep, trail, wide, marker]) => {
    const text = `${lead}${marker}${pieces.join(sep)}${trail}`;
    return wide ? fullWidth(text) : text;
  });

/** A soup of the characters the parser cares about, in any order. */
const SOUP = [...'0123456789０１２３４５６７８９,.，．、・万千億百兆▲△▼−-ー+＋%％件人時間千円ポイントpt()（）[]年度月日/／約以上未満測定末本中止完了対象外-－―R令和平成元H#!?=~〜 　\t\n①②⑴㊀ｱｲ\u200B\u00A0e'];
const soupArb = fc.string({ unit: fc.constantFrom(...SOUP), maxLength: 40 });

/** Any UTF-16 string, lone surrogates included. */
const anyStringArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);

const specialNumbers = fc.constantFrom(0, -0, 1, -1, 0.1, 0.5, 1e-300, 5e-324, -5e-324, 1e15, -1e15, 999_999_999_999_999, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity);
const anyNumberArb = fc.oneof(fc.double(), fc.integer(), specialNumbers);
const anyScalarArb: fc.Arbitrary<Scalar | null | undefined> = fc.oneof(
  anyStringArb,
  anyNumberArb,
  fc.boolean(),
  fc.date(),
  fc.constant(new Date(NaN)),
  fc.constantFrom(null, undefined, ''),
);
const numberFormatArb = fc.constantFrom('', '0', '#,##0', '0.0%', '0%', '0.00%', '"%"0', '0\\%', '@', 'yyyy/m/d', '#,##0"件"', '[Red]0.0%');

// ---- the parser ----

describe('parseEntry never throws, never yields NaN or Infinity, and explains every problem in Japanese', () => {
  test('what staff type', () => check('parser: staff entries', staffTextArb, (s) => expectSaneParse(parseEntry(s), s), 25_000));
  test('a soup of the characters that matter', () => check('parser: character soup', soupArb, (s) => expectSaneParse(parseEntry(s), s), 15_000));
  test('random unicode', () => check('parser: random unicode', anyStringArb, (s) => expectSaneParse(parseEntry(s), s), 10_000));
  test('any cell value with any number format', () =>
    check('parser: any scalar', fc.tuple(anyScalarArb, numberFormatArb), ([v, numberFormat]) => expectSaneParse(parseEntry(v, { numberFormat }), v), 10_000, [
      [-1e15, ''], [Number.MAX_VALUE, ''], [1e307, '0.0%'],
    ]));

  test('formula error values and formulas kept as text are errors, never a number', () =>
    check(
      'parser: formula errors',
      fc.tuple(fc.constantFrom('#DIV/0!', '#REF!', '#N/A', '#VALUE!', '#NAME?', '#NUM!', '#NULL!', '#ERROR!', '#SPILL!', '#CALC!', '=SUM(A1)', '=A1*2', '=1730', '=IMPORTXML("x")'), fc.boolean(), fc.boolean(), SPACES),
      ([token, lower, wide, sp]) => {
        let text = lower ? token.toLowerCase() : token;
        if (wide) text = fullWidth(text);
        const p = parseEntry(`${sp}${text}${sp}`);
        expectSaneParse(p, text);
        ok(p.segments.length === 0 && p.findings.some((f) => f.severity === 'error'), `read as ${JSON.stringify(p.segments)}`, text);
      },
      1_000,
      [['#DIV/0!', false, false, ''], ['=SUM(A1)', false, false, '']],
    ));
  test('very long cells', () =>
    check('parser: long cells', fc.tuple(staffTextArb, fc.integer({ min: 1, max: 2000 })), ([s, times]) => {
      const long = s.repeat(times).slice(0, 60_000);
      expectSaneParse(parseEntry(long), long);
    }, 200));
});

describe('the same entry reads the same however it is written', () => {
  test('full-width and half-width give the same result', () =>
    check('parser: full-width = half-width', fc.oneof(staffTextArb, soupArb), (s) => {
      same(JSON.stringify(parseEntry(fullWidth(s))), JSON.stringify(parseEntry(s)), s);
    }, 8_000));

  test('surrounding whitespace changes nothing', () =>
    check('parser: whitespace', fc.tuple(staffTextArb, SPACES, SPACES), ([s, a, b]) => {
      same(JSON.stringify(parseEntry(`${a}${s}${b}`)), JSON.stringify(parseEntry(s)), s);
    }, 3_000));

  test('a number cell and the same number written as text agree', () =>
    check('parser: number cell = text', anyNumberArb.filter(Number.isFinite), (x) => {
      const cell = parseEntry(x);
      const text = parseEntry(formatValue(x, null));
      const cellOk = !cell.findings.some((f) => f.severity === 'error');
      const textOk = !text.findings.some((f) => f.severity === 'error');
      same(cellOk, textOk, `readable as a number cell and as text ${formatValue(x, null)}`);
      // The text shows 15 significant digits; a number cell keeps its double as stored.
      if (cellOk) same(cleanNumber(single(cell).value), single(text).value, String(x));
    }, 5_000));
});

/** Doubles in the parser's range, with the kinds of values plans hold well represented. */
const valueArb = fc.oneof(
  // Any double in range; most doubles are tiny (1e-300) and make 300-character texts, so this arm is rarer.
  { weight: 1, arbitrary: fc.double({ min: -MAX_ABS, max: MAX_ABS, noNaN: true }).filter((x) => Math.abs(cleanNumber(x)) < MAX_ABS) },
  { weight: 3, arbitrary: fc.integer({ min: -99_999_999, max: 99_999_999 }) },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: -9_999_999, max: 9_999_999 }), fc.integer({ min: 0, max: 4 })).map(([m, d]) => m / 10 ** d) },
  { weight: 3, arbitrary: fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.integer({ min: -20, max: 14 })).map(([m, e]) => m * 10 ** e).filter((x) => Math.abs(cleanNumber(x)) < MAX_ABS) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-300, 5e-324, 999_999_999_999_999, -999_999_999_999_999, 999_999_999_999_999.4, 0.1 + 0.2, 30.7, -16.7, 115.48) },
);

describe('formatting then parsing gives the same number', () => {
  test('formatValue → parseEntry', () =>
    check('round trip: formatValue → parseEntry', fc.tuple(valueArb, unitArb), ([v, unit]) => {
      const seg = single(parseEntry(formatValue(v, unit)));
      same(seg.value, cleanNumber(v), formatValue(v, unit));
      same(seg.unit, unit === null ? null : unit.normalize('NFKC'), formatValue(v, unit));
    }, 15_000, [[0, '㎡'], [100, 'm2'], [999_999_999_999_999.4, null]]));

  test('written the way staff write it: full-width, ▲△− minus, a label, spaces', () =>
    check(
      'round trip: staff spelling',
      fc.tuple(valueArb, unitArb, fc.constantFrom('▲', '△', '−', '-', 'ー'), fc.boolean(), fc.option(fc.constantFrom(...LABELS), { nil: undefined }), SPACES),
      ([v, unit, minus, wide, label, sp]) => {
        let text = formatValue(v, unit);
        if (text.startsWith('-')) text = minus + text.slice(1);
        if (label) text = `${label} ${text}`;
        if (wide) text = fullWidth(text);
        const p = parseEntry(`${sp}${text}${sp}`);
        const seg = single(p);
        same(seg.value, cleanNumber(v), text);
        same(seg.label, label ?? null, text);
        // Only the katakana ー is a guess that deserves a warning.
        if (cleanNumber(v) < 0 && minus === 'ー') expect(p.findings.map((f) => f.code)).toContain('katakana-minus');
      },
      8_000,
    ));

  test('万・千・億 multiply', () =>
    check(
      'round trip: 万千億',
      fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('件', '人', '回', '')),
      ([oku, man, sen, rest, unit]) => {
        const total = oku * 1e8 + man * 1e4 + sen * 1e3 + rest;
        fc.pre(total > 0 && (oku > 0 || man > 0 || sen > 0));
        const text = `${oku ? `${oku}億` : ''}${man ? `${man}万` : ''}${sen ? `${sen}千` : ''}${rest || ''}${unit}`;
        const seg = single(parseEntry(text));
        same(seg.value, total, text);
        same(seg.unit, unit || null, text);
      },
      3_000,
    ));

  test('a number cell formatted as percent reads as the percentage typed', () =>
    check('round trip: percent cells', fc.tuple(fc.integer({ min: -9_999_999, max: 9_999_999 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '0.0%', '0.00%')), ([m, d, numberFormat]) => {
      const typed = m / 10 ** d;
      const seg = single(parseEntry(typed / 100, { numberFormat }));
      same(seg.value, cleanNumber(typed), `${typed}%`);
      same(seg.unit, '%', `${typed}%`);
    }, 3_000));

  test('thousands separators in the wrong place are errors, never another number', () =>
    check('parser: bad grouping', fc.tuple(fc.integer({ min: 10, max: 999_999_999 }), fc.nat(), unitArb), ([n, at, unit]) => {
      const digits = String(n);
      const cuts = [...Array(digits.length - 1).keys()].map((i) => i + 1).filter((k) => (digits.length - k) % 3 !== 0);
      fc.pre(cuts.length > 0);
      const k = cuts[at % cuts.length];
      const p = parseEntry(`${digits.slice(0, k)},${digits.slice(k)}${unit ?? ''}`);
      ok(p.segments.length === 0, 'a value despite bad grouping', digits);
      same(p.findings.filter((f) => f.severity === 'error').map((f) => f.code).join(), 'bad-grouping', digits);
    }, 3_000));
});

// ---- rates ----

const directionArb = fc.constantFrom<Direction>(...DIRECTIONS);
const methodArb = fc.constantFrom<Method>('実績÷目標', '基準比');
const rateNumberArb = fc.oneof(anyNumberArb, valueArb);

function expectSaneRate(r: RateResult): void {
  if (r.kind === 'rate') {
    ok(Number.isFinite(r.rate), `rate ${r.rate}`);
    expectJapanese(r.formula);
    ok(!LEAKS.test(formatRate(r.rate)), `formatRate ${formatRate(r.rate)}`);
  } else {
    ok(/^[a-z][a-z-]*$/.test(r.code), `code ${r.code}`);
    expectJapanese(r.reason);
  }
}

describe('achievementRate', () => {
  test('never throws and never gives NaN or Infinity, whatever the numbers', () =>
    check(
      'rates: any input',
      fc.record({ actual: rateNumberArb, target: rateNumberArb, baseline: fc.option(rateNumberArb, { nil: null }), direction: directionArb, method: methodArb }),
      (input) => expectSaneRate(achievementRate(input)),
      20_000,
      [
        { actual: Number.MAX_VALUE, target: 5e-324, baseline: null, direction: '増加', method: '実績÷目標' },
        { actual: 1, target: 1e-300, baseline: 1e-300 * 2, direction: '減少', method: '実績÷目標' },
        { actual: 1e-320, target: 1, baseline: null, direction: '減少', method: '実績÷目標' },
      ],
    ));

  test('more actual is never a worse rate for 増加, never a better one for 減少', () =>
    check(
      'rates: monotone',
      fc.record({ a: valueArb, b: valueArb, target: valueArb, baseline: fc.option(valueArb, { nil: null }), direction: directionArb, method: methodArb }),
      ({ a, b, target, baseline, direction, method }) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const r1 = achievementRate({ actual: lo, target, baseline, direction, method });
        const r2 = achievementRate({ actual: hi, target, baseline, direction, method });
        expectSaneRate(r1);
        expectSaneRate(r2);
        // Whether a rate exists depends on the target and baseline only, except 減少 without a baseline (actual ≤ 0).
        if (r1.kind !== 'rate' || r2.kind !== 'rate') return;
        const down = direction === '減少' || (direction === '維持' && baseline !== null && baseline > target);
        ok(down ? r2.rate <= r1.rate : r2.rate >= r1.rate, `rate ${r1.rate} at ${lo}, ${r2.rate} at ${hi}`);
      },
      10_000,
    ));

  test('増加: 実績 ÷ 目標, as written in the README; a negative actual gives a negative rate', () =>
    check('rates: plain ratio', fc.tuple(valueArb, valueArb.filter((t) => t > 0)), ([actual, target]) => {
      const r = achievementRate({ actual, target, baseline: null, direction: '増加', method: '実績÷目標' });
      if (!Number.isFinite(actual / target)) {
        // A target within a hair of 0 (5e-324) overflows: no rate, and a reason.
        expect(r).toMatchObject({ kind: 'none', code: 'rate-overflow' });
        return;
      }
      if (r.kind !== 'rate') throw new Error(r.reason);
      expect(r.rate).toBe(actual / target);
      // A negative actual never gives a positive rate (it may underflow to -0: still the lowest grade).
      if (actual < 0) expect(r.rate).toBeLessThanOrEqual(0);
      expect(formatRate(r.rate)).toMatch(/^-?\d+(\.\d)?%$/);
    }, 5_000));
});

// ---- grades ----

const GRADE_NAMES = ['S', 'A', 'B', 'C', 'D', 'E', '優', '良', '可', '◎', '○'];

/** A usable scale: 2–6 distinct grades, strictly decreasing bounds (multiples of 0.1%), the last open. */
const scaleArb: fc.Arbitrary<GradeBand[]> = fc
  .tuple(
    fc.shuffledSubarray(GRADE_NAMES, { minLength: 2, maxLength: 6 }),
    fc.uniqueArray(fc.integer({ min: -1000, max: 3000 }), { minLength: 5, maxLength: 5 }),
    fc.array(fc.string({ maxLength: 8 }).map((s) => s.trim()), { minLength: 6, maxLength: 6 }),
  )
  .map(([grades, bounds, labels]) => {
    const mins = [...bounds].sort((a, b) => b - a).slice(0, grades.length - 1);
    return grades.map((grade, i) => ({ grade, label: labels[i], min: i < mins.length ? mins[i] / 1000 : null }));
  });

describe('grades', () => {
  test('every rate gets a band of the scale, and a higher rate never a worse grade', () =>
    check('grades: monotone', fc.tuple(scaleArb, rateNumberArb, rateNumberArb), ([scale, x, y]) => {
      same(scaleProblems(scale).join(), '', JSON.stringify(scale));
      const [lo, hi] = x <= y ? [x, y] : [y, x];
      const i = scale.indexOf(gradeOf(lo, scale));
      const j = scale.indexOf(gradeOf(hi, scale));
      ok(i >= 0 && j >= 0, 'a grade outside the scale');
      if (!Number.isNaN(x) && !Number.isNaN(y)) ok(j <= i, `${hi} graded below ${lo}`);
      ok(/^[0-9A-F]{6}$/.test(gradeColor(i, scale.length)), 'colour');
    }, 5_000));

  test('the band is the first whose lower bound the rate reaches', () =>
    check('grades: bounds', fc.tuple(fc.oneof(scaleArb, fc.constantFrom(...Object.values(SCALE_PRESETS))), fc.integer({ min: -2000, max: 4000 })), ([scale, permille]) => {
      const rate = permille / 1000;
      const band = gradeOf(rate, scale);
      const i = scale.indexOf(band);
      if (band.min !== null) ok(rate >= band.min - 1e-9, `${rate} below ${band.min}`);
      for (const better of scale.slice(0, i)) ok(rate < better.min! - 1e-9 + 1e-12, `${rate} reaches ${better.min}`);
    }, 5_000));

  test('any table a person might write is checked in Japanese, without throwing', () =>
    check(
      'grades: scaleProblems',
      fc.array(fc.record({ grade: fc.oneof(fc.constantFrom(...GRADE_NAMES, ''), fc.string({ maxLength: 3 })), label: fc.string({ maxLength: 5 }), min: fc.option(fc.double({ noNaN: true }), { nil: null }) }), { maxLength: 7 }),
      (scale) => {
        for (const p of scaleProblems(scale)) expectJapanese(p);
        if (scale.length) expect(scale).toContain(gradeOf(0.9, scale));
      },
      5_000,
    ));
});

// ---- layouts: what is written reads back the same ----

/** Text people put in plan cells: Japanese words, random unicode, trimmed (cells are read trimmed). */
const cellTextArb = fc
  .oneof(
    fc.constantFrom('市民のためのサービスデザイン', '書かない窓口', '課税証明', '情報政策室', 'Wi-Fi 整備', 'RPA（ロボット）', '①申請の電子化', '#REF!', '-', '未測定'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.string({ unit: fc.constantFrom(...'あいうアイウ漢字課室部市民情報化推進計画 　-・()（）0123456789'), minLength: 1, maxLength: 12 }),
  )
  .map((s) => s.trim())
  .filter((s) => s !== '');

const yearsArb = fc.tuple(fc.integer({ min: 1989, max: 2195 }), fc.integer({ min: 0, max: 5 }), fc.nat()).map(([first, span, e]) => ({
  firstYear: first, lastYear: first + span, evaluationYear: first + (e % (span + 1)),
}));

const settingsArb: fc.Arbitrary<SettingsInput> = fc
  .tuple(yearsArb, fc.option(cellTextArb, { nil: '' }), fc.oneof(scaleArb.map((scale) => ({ scaleName: 'カスタム', scale })), fc.constantFrom(...Object.keys(SCALE_PRESETS)).map((scaleName) => ({ scaleName, scale: undefined }))),
    cellTextArb, fc.array(fc.emailAddress(), { maxLength: 3 }), fc.option(cellTextArb, { nil: '' }))
  .map(([years, title, scale, coordinatorDept, coordinators, deadline]) => ({ ...years, title, ...scale, coordinatorDept, coordinators, deadline }));

function written(book: MemoryWorkbook, out: { name: string }) {
  return book.readSheet(out.name)!;
}

describe('設定 round trip', () => {
  test('settingsSheet → readSettings', () =>
    check('layout: 設定', settingsArb, (input) => {
      const book = new MemoryWorkbook();
      const out = settingsSheet(input);
      book.writeSheets([out]);
      const { settings, findings } = readSettings(written(book, out));
      // Any text round-trips; one that is not a day gets exactly the 提出期限 warning (督促 needs the day).
      const deadlineProblem = parseDeadline(input.deadline ?? '', input.evaluationYear).problem;
      expect(findings.filter((f) => f.code !== 'setting-bad-deadline')).toEqual([]);
      expect(findings.filter((f) => f.code === 'setting-bad-deadline').map((f) => f.severity)).toEqual(deadlineProblem ? ['warning'] : []);
      expect(settings).not.toBeNull();
      const s = settings!;
      expect([s.firstYear, s.lastYear, s.evaluationYear]).toEqual([input.firstYear, input.lastYear, input.evaluationYear]);
      expect(s.title).toBe(input.title);
      expect(s.coordinatorDept).toBe(input.coordinatorDept);
      expect(s.coordinators).toEqual(input.coordinators);
      expect(s.deadline).toBe(input.deadline);
      const scale = input.scale ?? SCALE_PRESETS[input.scaleName!];
      expect(s.scale.map((b) => [b.grade, b.label])).toEqual(scale.map((b) => [b.grade, b.label]));
      s.scale.forEach((b, i) => {
        const want = scale[i].min;
        if (want === null) expect(b.min).toBeNull();
        else expect(Math.abs(b.min! - want)).toBeLessThan(1e-12);
      });
    }, 300));
});

/** A plan: 1–5 action plans of 1–3 indicators each, reported by 1–3 departments. */
const deptNameArb = fc.string({ unit: fc.constantFrom(...'総務企画財政税制市民広報情報政策教育人事環境福祉'), minLength: 1, maxLength: 4 }).map((s) => `${s}課`);

const targetArb = (unit: string): fc.Arbitrary<Scalar> =>
  fc.oneof(
    { weight: 6, arbitrary: valueArb.filter((v) => v > 0).map((v) => formatValue(v, unit)) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 100_000 }) },
    { weight: 1, arbitrary: fc.constantFrom<Scalar>('', '-', '未測定', `${unit}`, '#REF!', true) },
  );

const entryArb: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 5, arbitrary: staffTextArb },
  { weight: 2, arbitrary: valueArb.map((v) => formatValue(v, null)) },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -1000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true })) },
  { weight: 1, arbitrary: fc.oneof(fc.boolean(), fc.date({ noInvalidDate: true }), anyStringArb, fc.constant('')) },
);

interface PlanCase {
  settings: SettingsInput;
  master: MasterRow[];
  seed: SeedEntry[];
}

const UNIT_CHOICES = ['件', '人', '%', '時間', '千円', 'ポイント', '回', '施設', ''];

const planArb: fc.Arbitrary<PlanCase> = fc
  .tuple(yearsArb.filter((y) => y.lastYear <= 2200), fc.uniqueArray(deptNameArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 5 }))
  .chain(([years, depts, plans]) => {
    const fys: number[] = [];
    for (let fy = years.firstYear; fy <= years.lastYear; fy++) fys.push(fy);
    const indicatorArb = fc
      .record({
        name: cellTextArb,
        unit: fc.constantFrom(...UNIT_CHOICES),
        direction: directionArb,
        method: methodArb,
        baseline: fc.option(fc.oneof(fc.integer({ min: 0, max: 100_000 }), valueArb.map((v) => formatValue(v, null))), { nil: undefined }),
        cumulative: fc.boolean(),
        reportingDept: fc.constantFrom(...depts),
        state: fc.constantFrom<PlanState>('実施中', '実施中', '実施中', ...PLAN_STATES),
      })
      .chain((ind) =>
        fc.record({
          targets: fc.tuple(...fys.map(() => targetArb(ind.unit))).map((ts) => Object.fromEntries(fys.map((fy, i) => [fy, ts[i]]))),
          actuals: fc.tuple(...fys.map(() => entryArb)).map((as) => Object.fromEntries(fys.map((fy, i) => [fy, as[i]]))),
        }).map((x) => ({ ...ind, ...x })),
      );
    const planArb1 = fc.record({ policy: cellTextArb, theme: cellTextArb, actionPlan: cellTextArb, indicators: fc.uniqueArray(indicatorArb, { minLength: 1, maxLength: 3, selector: (i) => i.name }) });
    return fc.tuple(fc.constant(years), fc.constant(depts), fc.array(planArb1, { minLength: plans, maxLength: plans }), fc.constantFrom(...Object.keys(SCALE_PRESETS)));
  })
  .map(([years, depts, plans, scaleName]) => {
    const master: MasterRow[] = [];
    const seed: SeedEntry[] = [];
    plans.forEach((p, i) => {
      for (const ind of p.indicators) {
        const baseline = ind.method === '基準比' && ind.baseline === undefined ? 0 : ind.baseline;
        master.push({ no: i + 1, policy: p.policy, theme: p.theme, actionPlan: p.actionPlan, name: ind.name, unit: ind.unit, direction: ind.direction, method: ind.method,
          baseline, cumulative: ind.cumulative, reportingDept: ind.reportingDept, ownerDepts: ind.reportingDept, relatedDepts: '', state: ind.state, targets: ind.targets });
        // Departments have rows for the indicators they report on.
        if (ind.state === '実施中' || ind.state === '完了') seed.push({ dept: ind.reportingDept, no: i + 1, name: ind.name, actuals: ind.actuals });
      }
    });
    return { settings: { ...years, title: '計画', coordinatorDept: depts[0], scaleName }, master, seed };
  });

describe('計画マスタ and department tabs round trip', () => {
  test('masterSheet → readMaster gives back every row', () =>
    check('layout: 計画マスタ', planArb, ({ settings, master }) => {
      const book = new MemoryWorkbook();
      initWorkbook(book, { settings, master });
      const { settings: s } = readSettings(book.readSheet('設定'));
      const read = readMaster(book.readSheet('計画マスタ'), s!);
      expect(read.findings.filter((f) => f.severity === 'error')).toEqual([]);
      for (const f of read.findings) expectJapanese(f.message);
      expect(read.indicators.map((i) => [i.no, i.policy, i.theme, i.actionPlan, i.name, i.unit, i.direction, i.method, i.cumulative, i.reportingDept, i.state])).toEqual(
        master.map((m) => [m.no, m.policy, m.theme, m.actionPlan, m.name, m.unit, m.direction, m.method, m.cumulative, m.reportingDept, m.state]),
      );
      read.indicators.forEach((ind, i) => {
        const targets = Object.entries(master[i].targets).filter(([, v]) => v !== '');
        expect([...ind.targets].map(([fy, c]) => [fy, c.value])).toEqual(targets.map(([fy, v]) => [Number(fy), v]));
        if (master[i].baseline === undefined) expect(ind.baseline).toBeNull();
        else expect(ind.baseline).toBe(single(parseEntry(master[i].baseline!)).value);
      });
    }, 100));

  test('setup writes tabs that read back with every entry, and a second setup keeps them all', () =>
    check('layout: 部門シート', planArb, ({ settings, master, seed }) => {
      const book = new MemoryWorkbook();
      initWorkbook(book, { settings, master });
      setupDepartmentTabs(book, seed);
      const { settings: s } = readSettings(book.readSheet('設定'));
      const indicators = readMaster(book.readSheet('計画マスタ'), s!).indicators.filter((i) => i.name && (i.state === '実施中' || i.state === '完了'));
      const tabs = new Map<string, ReturnType<typeof readDeptTab>>();
      for (const dept of new Set(indicators.map((i) => i.reportingDept))) {
        const tab = readDeptTab(book.readSheet(dept)!, s!);
        expect(tab).not.toBeNull();
        expect(tab!.findings).toEqual([]);
        tabs.set(dept, tab);
        const mine = indicators.filter((i) => i.reportingDept === dept);
        expect(tab!.rows.map((r) => [r.no, r.name, r.unit, r.actionPlan])).toEqual(mine.map((i) => [i.no, i.name, i.unit, i.actionPlan]));
        tab!.rows.forEach((r, k) => {
          const entry = seed.find((e) => e.dept === dept && e.no === r.no && e.name === r.name)!;
          for (const [fy, cell] of r.actuals) expect(cell.value).toEqual(entry.actuals[fy]);
          for (const [fy, cell] of r.targets) expect(cell.value).toEqual(mine[k].targets.get(fy)?.value ?? '');
        });
      }
      // Rebuilt from what was read, a tab is the same sheet.
      for (const [dept, tab] of tabs) {
        const again = deptTabSheet(dept, indicators.filter((i) => i.reportingDept === dept), [...tab!.years], tab!);
        expect(again.values).toEqual(book.readSheet(dept)!.values);
      }
      setupDepartmentTabs(book);
      for (const [dept, tab] of tabs) expect(readDeptTab(book.readSheet(dept)!, s!)!.rows).toEqual(tab!.rows);
    }, 100));
});

function expectLocated(f: Finding): void {
  expectJapanese(f.message);
  expect(f.sheet).not.toBe('');
  expect(f.cell).toMatch(/^$|^[A-Z]{1,3}[1-9]\d*$/);
}

function expectFiniteCells(values: Scalar[][]): void {
  for (const row of values)
    for (const v of row) {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`non-finite cell ${v}`);
      if (v instanceof Date && Number.isNaN(v.getTime())) throw new Error('invalid date cell');
      if (typeof v === 'string' && /undefined|\[object /.test(v)) throw new Error(`leaked text ${v}`);
    }
}

describe('rollup on random plans and entries', () => {
  test('達成状況 and 検証結果 read back as the analysis, with no NaN or Infinity, and a second run changes nothing', () =>
    check('layout: rollup', planArb, ({ settings, master, seed }) => {
      const book = new MemoryWorkbook();
      initWorkbook(book, { settings, master });
      setupDepartmentTabs(book, seed);
      const { analysis, counts } = rollupWorkbook(book);
      for (const f of analysis.findings) expectLocated(f);
      for (const r of analysis.rows) {
        if (r.rate !== null && !Number.isFinite(r.rate)) throw new Error(`rate ${r.rate}`);
        for (const v of [r.target, r.actual]) if (v !== null && !Number.isFinite(v)) throw new Error(`value ${v}`);
        expect(r.status === '評価済').toBe(r.rate !== null);
        if (r.rate === null) expect(r.grade).toBe(NO_GRADE);
        else expect(analysis.settings!.scale.map((b) => b.grade)).toContain(r.grade);
      }
      const summary = book.readSheet('達成状況')!;
      expectFiniteCells(summary.values);
      expect(readSummaryTable(summary)).toEqual(
        analysis.rows.map((r) => ({
          no: r.no, indicator: r.indicator, department: r.department, fiscalYear: r.fiscalYear, target: r.target ?? r.targetText,
          actual: r.actual ?? r.actualText, unit: r.unit, rate: r.rate, grade: r.grade, status: r.status, note: r.note,
        })),
      );
      expect(readFindingsTable(book.readSheet('検証結果')!)).toEqual(analysis.findings.map(({ code: _code, ...f }) => f));
      expect(counts.byYear.reduce((n, l) => n + l.total, 0)).toBe(analysis.rows.length);
      for (const l of [...counts.byYear, ...counts.byDepartment, ...counts.byPolicy, ...counts.byTheme])
        expect(Object.values(l.counts).reduce((a, b) => a + b, 0)).toBe(l.total);
      expect(validateWorkbook(book).findings).toEqual(analysis.findings);
      rollupWorkbook(book);
      expect(book.readSheet('達成状況')!.values).toEqual(summary.values);
    }, 100));
});

describe('検証結果 round trip', () => {
  test('findingsSheet → readFindingsTable', () =>
    check(
      'layout: 検証結果',
      fc.array(fc.record({ severity: fc.constantFrom<'error' | 'warning'>('error', 'warning'), code: fc.constant('x'), sheet: cellTextArb, cell: fc.constantFrom('', 'A1', 'F12', 'AB300'), indicator: fc.option(cellTextArb, { nil: '' }), message: cellTextArb }), { maxLength: 20 }),
      (findings) => {
        const book = new MemoryWorkbook();
        const out = findingsSheet(findings);
        book.writeSheets([out]);
        expect(readFindingsTable(written(book, out))).toEqual(findings.map(({ code: _code, ...f }) => f));
        expect(out.links!.every((l) => findings.some((f) => f.sheet === l.sheet && f.cell === l.cell))).toBe(true);
      },
      300,
    ));
});

test('at least 100,000 generated cases ran', () => {
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`fuzz cases run: ${total} (${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')})\n`);
  expect(total).toBeGreaterThanOrEqual(100_000);
});
