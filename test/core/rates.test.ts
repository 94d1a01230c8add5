import { achievementRate, formatRate, type RateInput } from '../../src/core/rates';

const base: RateInput = { actual: 0, target: 0, baseline: null, direction: '増加', method: '実績÷目標' };
const rate = (over: Partial<RateInput>) => achievementRate({ ...base, ...over });

describe('achievementRate', () => {
  test.each([
    // seed figures worked out by hand from the document
    [{ actual: 30.7, target: 10 }, 3.07],
    [{ actual: 115, target: 200 }, 0.575],
    [{ actual: 1730, target: 650 }, 1730 / 650],
    [{ actual: -16.7, target: 10 }, -1.67],
    [{ actual: 0, target: 50 }, 0],
  ])('増加, 実績÷目標: %j → %d', (input, expected) => {
    const r = rate(input);
    expect(r.kind).toBe('rate');
    if (r.kind === 'rate') {
      expect(r.rate).toBeCloseTo(expected, 12);
      expect(r.fallback).toBe(false);
      expect(r.maintain).toBe(false);
    }
  });

  test('増加 with 基準比 uses the baseline', () => {
    const r = rate({ actual: 105, target: 110, baseline: 100, method: '基準比' });
    expect(r).toMatchObject({ kind: 'rate', formula: '(実績−基準値)÷(目標−基準値)' });
    if (r.kind === 'rate') expect(r.rate).toBeCloseTo(0.5, 12);
  });

  test('a baseline recorded for information does not change the default method', () => {
    const r = rate({ actual: 234964, target: 148000, baseline: 144865 });
    if (r.kind !== 'rate') throw new Error('no rate');
    expect(r.rate).toBeCloseTo(234964 / 148000, 12);
  });

  test('worse than the baseline gives a negative rate', () => {
    const r = rate({ actual: 95, target: 110, baseline: 100, method: '基準比' });
    if (r.kind !== 'rate') throw new Error('no rate');
    expect(r.rate).toBeCloseTo(-0.5, 12);
  });

  test.each([
    [{ actual: 5, target: 0 }, 'zero-target'],
    [{ actual: 5, target: -10 }, 'negative-target'],
    [{ actual: 5, target: 10, method: '基準比' as const }, 'missing-baseline'],
    [{ actual: 5, target: 90, baseline: 100, method: '基準比' as const }, 'increase-target-below-baseline'],
    [{ actual: 5, target: 120, baseline: 100, direction: '減少' as const }, 'decrease-target-above-baseline'],
    [{ actual: 0, target: 10, direction: '減少' as const }, 'decrease-zero-actual'],
    [{ actual: 5, target: -1, direction: '減少' as const }, 'negative-target'],
    [{ actual: NaN, target: 10 }, 'not-finite'],
    [{ actual: 5, target: Infinity }, 'not-finite'],
  ])('no rate, with a reason: %j → %s', (input, code) => {
    const r = rate(input);
    expect(r).toMatchObject({ kind: 'none', code });
    if (r.kind === 'none') expect(r.reason).toMatch(/計算できません/);
  });

  test('減少 with a baseline: (基準値−実績)÷(基準値−目標)', () => {
    // 残業時間 664,925 h → target 20% less (531,940); actual 550,000
    const r = rate({ actual: 550000, target: 531940, baseline: 664925, direction: '減少' });
    if (r.kind !== 'rate') throw new Error('no rate');
    expect(r.rate).toBeCloseTo((664925 - 550000) / (664925 - 531940), 12);
    expect(r.fallback).toBe(false);
  });

  test('減少 without a baseline falls back to 目標÷実績 and says so', () => {
    const r = rate({ actual: 8, target: 6, direction: '減少' });
    expect(r).toMatchObject({ kind: 'rate', fallback: true });
    if (r.kind === 'rate') expect(r.rate).toBeCloseTo(0.75, 12);
  });

  test.each([
    [{ actual: 0, target: 0, direction: '減少' as const }, 1],
    [{ actual: 2, target: 0, direction: '減少' as const }, 0],
    [{ actual: 100, target: 100, baseline: 100, method: '基準比' as const }, 1],
    [{ actual: 99, target: 100, baseline: 100, method: '基準比' as const }, 0],
    [{ actual: 5, target: 5, baseline: 5, direction: '減少' as const }, 1],
    [{ actual: 6, target: 5, baseline: 5, direction: '減少' as const }, 0],
    [{ actual: 100, target: 100, direction: '維持' as const }, 1],
    [{ actual: 99.9, target: 100, direction: '維持' as const }, 0],
  ])('maintain cases are met (1) or not met (0): %j', (input, expected) => {
    expect(rate(input)).toMatchObject({ kind: 'rate', rate: expected, maintain: true });
  });
});

describe('formatRate', () => {
  test.each([
    [0.575, '57.5%'],
    [3.07, '307.0%'],
    [-1.67, '-167.0%'],
    [1730 / 650, '266.2%'],
    [0, '0.0%'],
    [null, ''],
  ])('%p → %s', (r, s) => expect(formatRate(r)).toBe(s));
});
