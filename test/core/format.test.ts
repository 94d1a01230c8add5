import { parseEntry } from '../../src/core/parse/entry';
import { cleanNumber, formatValue, groupThousands } from '../../src/core/parse/format';
import type { NumberSegment } from '../../src/core/parse/types';

describe('formatValue', () => {
  test.each<[number, string | null, string]>([
    [1730, '件', '1,730件'],
    [36104, '件', '36,104件'],
    [30.7, '%', '30.7%'],
    [30.700000000000003, '%', '30.7%'],
    [0.1 + 0.2, null, '0.3'],
    [-16.7, '%', '-16.7%'],
    [-0, '%', '0%'],
    [0, '件', '0件'],
    [1234567.891, null, '1,234,567.891'],
    [999, null, '999'],
    [1000, null, '1,000'],
    [100, '%', '100%'],
    [115.48, '%', '115.48%'],
    [1234, '千円', '1,234千円'],
    [5.2, 'ポイント', '5.2ポイント'],
    [0.0000001, null, '0.0000001'],
    [1e21, null, '1,000,000,000,000,000,000,000'],
    [-1234.5, '人', '-1,234.5人'],
    [NaN, '%', '—'],
    [Infinity, null, '—'],
  ])('%p %p → %s', (value, unit, text) => expect(formatValue(value, unit)).toBe(text));
});

describe('helpers', () => {
  test.each<[number, number]>([
    [30.700000000000003, 30.7],
    [1100.0000000000002, 1100],
    [-0, 0],
    [0.1 + 0.2, 0.3],
  ])('cleanNumber(%p) = %p', (x, y) => expect(Object.is(cleanNumber(x), y)).toBe(true));

  test.each<[string, string]>([
    ['1', '1'],
    ['1234', '1,234'],
    ['1234567.1234', '1,234,567.1234'],
    ['123456', '123,456'],
  ])('groupThousands(%s) = %s', (d, g) => expect(groupThousands(d)).toBe(g));
});

describe('format then parse gives the same number', () => {
  const values = [0, 1, -1, 0.1, 0.5, 30.7, -16.7, 96.3, 115.48, 1730, 36104, 1234567, -1234567.25, 0.001, 0.0000001, 1.5, 2.9,
    12.34, 999.999, 1e12, 123456789012, -0.05, 100, 3.14159, 1.234, 1.73];
  const units: (string | null)[] = [null, '%', '件', '人', '千円', '万円', 'ポイント', '%pt', '時間', '種類', '個'];
  test.each(values.flatMap((v) => units.map((u) => [v, u] as [number, string | null])))('%p %p', (value, unit) => {
    const text = formatValue(value, unit);
    const p = parseEntry(text);
    expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(p.segments).toHaveLength(1);
    const seg = p.segments[0] as NumberSegment;
    expect(seg.kind).toBe('number');
    expect(seg.value).toBe(value);
    expect(seg.unit).toBe(unit);
  });
});
