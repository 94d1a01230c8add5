/**
 * Property-based tests (fast-check) over the outlook methods (issue 17 item 6): for any finite input — huge,
 * tiny, negative, equal baseline and target, the same year twice — no function throws, every number that comes
 * out is finite, and every value withheld comes with a Japanese reason that prints no NaN or Infinity.
 * Set FUZZ_SEED to replay a run and FUZZ_SCALE to run more cases (as fuzz.test.ts).
 */
import fc from 'fast-check';
import { DIRECTIONS, type Direction } from '../../src/core/model';
import {
  elapsedShare,
  expectedRatio,
  finalRatio,
  indicatorOutlook,
  linearExpected,
  linearValue,
  outlookClass,
  OUTLOOK_CLASSES,
  NOT_COMPUTABLE,
  pace,
  planExpected,
  planLine,
  runRate,
  runRateValue,
  showValue,
  trend,
  type Outcome,
  type PlanLine,
} from '../../src/core/outlook';
import { readOutlookRule } from '../../src/core/layout/outlook-setting';
import { formatRate } from '../../src/core/rates';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const scale = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const runs = (n: number) => ({ numRuns: Math.round(n * scale), ...(seed === undefined ? {} : { seed }) });

const JAPANESE = /[\u3040-\u30FF\u4E00-\u9FFF]/;
const LEAKS = /undefined|NaN|Infinity|\[object /;

function sane(o: Outcome): void {
  if (o.kind === 'value') {
    if (!Number.isFinite(o.value)) throw new Error(`non-finite value ${o.value}`);
    if (!JAPANESE.test(o.formula) || LEAKS.test(o.formula)) throw new Error(`bad formula: ${o.formula}`);
  } else {
    if (!JAPANESE.test(o.reason) || LEAKS.test(o.reason)) throw new Error(`bad reason: ${o.reason}`);
  }
}
const finiteOrNull = (x: number | null, what: string) => {
  if (x !== null && !Number.isFinite(x)) throw new Error(`${what} is ${x}`);
};

/** Any finite double, with the values that break naive code (0, −0, ±MAX, tiny) more often. */
const num = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, -1, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e15, -1e15),
  fc.integer({ min: -1000, max: 1000 }),
);
/** Years: plausible ones mostly, any finite number sometimes. */
const year = fc.oneof(fc.integer({ min: 2010, max: 2035 }), fc.integer({ min: 2010, max: 2035 }), num);
const direction = fc.constantFrom<Direction>(...DIRECTIONS);

const lineArb: fc.Arbitrary<PlanLine> = fc
  .record({
    direction,
    cumulative: fc.boolean(),
    baseline: fc.option(num),
    baselineYear: fc.option(year),
    targets: fc.array(fc.tuple(year, num), { maxLength: 6 }),
    firstYear: year,
  })
  .map((r) => planLine({ direction: r.direction, cumulative: r.cumulative, baseline: r.baseline, baselineYear: r.baselineYear }, new Map(r.targets), r.firstYear));
const point = fc.record({ year, value: num });

describe('outlook methods never throw, never return NaN or Infinity, and explain every gap in Japanese', () => {
  test('E1 from five numbers', () =>
    fc.assert(fc.property(num, year, num, year, year, (b, t0, t, tn, y) => sane(linearValue(b, t0, t, tn, y))), runs(20000)));

  test('years so far apart that their difference overflows give a reason, not NaN (a case the fuzz found)', () => {
    const line = { direction: '増加', cumulative: false, final: { year: Number.MAX_VALUE, value: 5e-324 }, targets: new Map([[Number.MAX_VALUE, 5e-324]]), baseline: { year: -Number.MAX_VALUE, value: 0 }, baselineReason: '', baselineNote: '' } as Parameters<typeof elapsedShare>[2];
    const s = elapsedShare(0, Number.MAX_VALUE, line);
    expect(s).toMatchObject({ progress: null, elapsed: null, ratio: { kind: 'none', code: 'overflow' } });
  });

  test('E1, E2, R1 and R3 on any plan line', () =>
    fc.assert(
      fc.property(lineArb, year, num, num, (l, y, a, tol) => {
        const e1 = linearExpected(l, y);
        sane(e1);
        sane(planExpected(l, y));
        sane(expectedRatio(a, e1.kind === 'value' ? e1.value : a, l, tol));
        const s = elapsedShare(a, y, l);
        sane(s.ratio);
        finiteOrNull(s.progress, 'progress');
        finiteOrNull(s.elapsed, 'elapsed');
      }),
      runs(20000),
    ));

  test('F1, F3 and the class from any latest point', () =>
    fc.assert(
      fc.property(lineArb, point, point, year, num, (l, a, b, tn, cut) => {
        sane(runRate(l, a));
        sane(runRateValue(b, a, tn));
        const p = pace(l, a);
        sane(p.needed);
        sane(p.soFar);
        const r = finalRatio(a.value, l, cut);
        sane(r);
        expect([...OUTLOOK_CLASSES, NOT_COMPUTABLE]).toContain(outlookClass(r, cut));
      }),
      runs(20000),
    ));

  test('F2 through any points', () =>
    fc.assert(
      fc.property(fc.array(point, { maxLength: 8 }), year, (pts, tn) => {
        const t = trend(pts, tn);
        sane(t.projected);
        finiteOrNull(t.slope, 'slope');
      }),
      runs(20000),
    ));

  test('a whole indicator outlook, and its texts', () =>
    fc.assert(
      fc.property(lineArb, fc.array(point, { maxLength: 6 }), year, fc.option(num, { nil: undefined }), (l, pts, asOf, cut) => {
        const o = indicatorOutlook(l, pts, { asOf, cut, unit: '件' });
        for (const x of [o.projectedFinal, o.ratio, o.neededPerYear, o.pacePerYear]) finiteOrNull(x, 'outlook number');
        sane(o.runRate);
        sane(o.trend.projected);
        for (const text of [o.basis, o.paceText]) if (!JAPANESE.test(text) || LEAKS.test(text)) throw new Error(`bad text: ${text}`);
        expect([...OUTLOOK_CLASSES, NOT_COMPUTABLE]).toContain(o.class);
        if (o.class === NOT_COMPUTABLE) expect(o.basis.startsWith(NOT_COMPUTABLE)).toBe(true);
      }),
      runs(10000),
    ));

  test('a rate shown cut or rounded, from any finite rate', () =>
    fc.assert(
      fc.property(num, (x) => {
        for (const mode of ['四捨五入', '切り捨て'] as const) expect(formatRate(x, mode)).toMatch(/^-?\d+(\.\d)?%$/);
        // Cutting never shows more than rounding does.
        const [cut, round] = [formatRate(x, '切り捨て'), formatRate(x)].map((t) => Number(t.slice(0, -1)));
        expect(Math.abs(cut!)).toBeLessThanOrEqual(Math.abs(round!));
      }),
      runs(20000),
    ));

  test('設定’s outlook rows, whatever they hold, read without throwing; a refused value says why in Japanese', () =>
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('進捗評価方式', '達成見込みの区切り(%)', '達成率の表示', 'その他'), fc.oneof(num, fc.string(), fc.boolean(), fc.constant(''))), { maxLength: 4 }), (rows) => {
        const r = readOutlookRule({ name: '設定', values: rows.map(([k, v]) => [k, v]) });
        expect(Number.isFinite(r.cut) && r.cut > 0 && r.cut < 1).toBe(true);
        for (const f of r.findings) if (!JAPANESE.test(f.message) || !/^B\d+$/.test(f.cell)) throw new Error(`bad finding ${JSON.stringify(f)}`);
      }),
      runs(5000),
    ));

  test('display of any finite value', () =>
    fc.assert(
      fc.property(num, fc.integer({ min: 0, max: 3 }), (x, d) => {
        expect(LEAKS.test(showValue(x, d, '人'))).toBe(false);
      }),
      runs(20000),
    ));
});
