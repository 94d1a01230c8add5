/** The trajectory chart (SVG) of the report: 予定 line, 実績 points, gaps for years without a value, same bytes each time. */
import { trajectoryChartSvg, type ChartPoint } from '../../src/core/report/chart';
import { valueAxis } from '../../src/core/svg';
import { displayWidth } from '../../src/core/text-width';

const years = ['令和元年度', '令和2年度', '令和3年度', '令和4年度', '令和5年度'];
const series = (targets: (number | null)[], actuals: (number | null)[]): ChartPoint[] =>
  years.map((label, i) => ({ label, target: targets[i] ?? null, actual: actuals[i] ?? null }));

/** The polylines' point lists, each as [x, y] pairs. */
function polylines(svg: string): number[][][] {
  return [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1]!.split(' ').map((p) => p.split(',').map(Number)));
}
/** 実績 squares (8×8 rects) other than the legend's, which sits at y=7. */
function actualSquares(svg: string): number {
  return [...svg.matchAll(/<rect x="[^"]+" y="([^"]+)" width="8" height="8"/g)].filter((m) => m[1] !== '7').length;
}
function targetMarkers(svg: string): number {
  return (svg.match(/<circle /g) ?? []).length;
}

describe('trajectory chart', () => {
  test('the value axis makes room for its longest label: 「400,000人」 starts inside the chart, the plot moves right', () => {
    const labelsLeft = (svg: string) => [...svg.matchAll(/<text x="([^"]+)"[^>]*text-anchor="end"[^>]*>([^<]+)<\/text>/g)]
      .map((m) => Number(m[1]) - displayWidth(m[2]!) * 6);
    const big = trajectoryChartSvg({ unit: '人', points: series([148000, 154500, 161000, 167500, 174000], [234964, 349879, null, null, null]) });
    const small = trajectoryChartSvg({ unit: '%', points: series([10, 20, 30, null, null], [30.7, 32.8, null, null, null]) });
    expect(big).toContain('>400,000人</text>');
    for (const x of labelsLeft(big)) expect(x).toBeGreaterThanOrEqual(0);
    // Short labels keep the usual margin; long ones push the plot (its first 予定 point) to the right.
    expect(polylines(big)[0]![0]![0]!).toBeGreaterThan(polylines(small)[0]![0]![0]!);
  });

  test('No.1 申込み: one 予定 line over three years, two 実績 points, the unmeasured year left empty', () => {
    const svg = trajectoryChartSvg({ unit: '%', points: series([10, 20, 30, null, null], [30.7, 32.8, null, null, null]) });
    const lines = polylines(svg);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveLength(3);
    expect(targetMarkers(svg)).toBe(3);
    expect(actualSquares(svg)).toBe(2);
    expect(svg).toContain('>30.7%</text>');
    expect(svg).toContain('>32.8%</text>');
    // The line rises: later years are higher on the page (smaller y).
    const ys = lines[0]!.map(([, y]) => y!);
    expect(ys[0]).toBeGreaterThan(ys[1]!);
    expect(ys[1]).toBeGreaterThan(ys[2]!);
  });

  test('a year without a 予定 breaks the line into runs; a lone year is a marker only', () => {
    const svg = trajectoryChartSvg({ unit: '人', points: series([200, null, 200, 100, 100], [115, 441, null, null, null]) });
    const lines = polylines(svg);
    expect(lines.map((l) => l.length)).toEqual([3]);
    expect(targetMarkers(svg)).toBe(4);
    expect(actualSquares(svg)).toBe(2);
  });

  test('a chart without any value has the axes and the years, and no line or point', () => {
    const svg = trajectoryChartSvg({ unit: '回', points: series([], []) });
    expect(polylines(svg)).toEqual([]);
    expect(actualSquares(svg)).toBe(0);
    for (const y of years) expect(svg).toContain(`>${y}</text>`);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  test('a negative 実績 (▲16.7%) extends the axis below zero and stays inside the chart', () => {
    const svg = trajectoryChartSvg({ unit: '%', points: series([null, 10, 15, null, null], [null, -16.7, null, null, null]) });
    expect(svg).toContain('>-16.7%</text>');
    expect(svg).toContain('>-20%</text>');
    const [, height] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.slice(1).map(Number);
    for (const m of svg.matchAll(/ y="(-?[\d.]+)"/g)) {
      expect(Number(m[1])).toBeGreaterThanOrEqual(0);
      expect(Number(m[1])).toBeLessThanOrEqual(height!);
    }
  });

  test('the value axis starts at zero and ends on a round number above the largest value', () => {
    expect(valueAxis([10, 20, 30, 30.7, 32.8])).toEqual({ min: 0, max: 40, ticks: [0, 10, 20, 30, 40] });
    expect(valueAxis([148000, 349879])).toMatchObject({ min: 0, max: 400000 });
    expect(valueAxis([-16.7, 15])).toMatchObject({ min: -20, max: 20 });
    expect(valueAxis([])).toMatchObject({ min: 0, max: 1 });
    expect(valueAxis([2.9, 3])).toMatchObject({ min: 0, max: 3 });
  });

  test('texts are escaped: a unit or a label never becomes markup', () => {
    const svg = trajectoryChartSvg({ unit: '<b>&"', points: [{ label: 'R2 <script>', target: 1, actual: 2 }] });
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('R2 &lt;script&gt;');
    expect(svg).toContain('&lt;b&gt;&amp;&quot;');
  });

  test('the same series gives the same bytes, with coordinates of two decimals at most', () => {
    const input = { unit: '%', points: series([10, 20, 30, 45, 100], [30.7, 32.8, null, null, null]) };
    const a = trajectoryChartSvg(input);
    expect(trajectoryChartSvg(JSON.parse(JSON.stringify(input)))).toBe(a);
    for (const m of a.matchAll(/="(-?\d+\.\d+)"/g)) expect(m[1]!.split('.')[1]!.length).toBeLessThanOrEqual(2);
    expect(a).not.toMatch(/NaN|Infinity|e[+-]\d/);
  });
});
