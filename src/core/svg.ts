/** What the project's SVG charts share (report/chart.ts, graphs/bar-chart.ts): exact coordinates, escaping, a round value axis. */

/** Coordinates with two decimals at most, never `-0`: the output must not depend on float noise. */
export function n(x: number): string {
  const r = Math.round(x * 100) / 100;
  return String(r === 0 ? 0 : r);
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A step of 1, 2 or 5 × 10^k giving about four intervals over `span`. */
function niceStep(span: number): number {
  const raw = span / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / mag;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * mag;
}

/** The value axis: from 0 (or below, for negatives) to a round number above the largest value. */
export function valueAxis(values: readonly number[]): { min: number; max: number; ticks: number[] } {
  const lo = Math.min(0, ...values);
  // Without any value (or only zeros) the axis still shows 0 to 1.
  const hi = Math.max(0, ...values) || (lo < 0 ? 0 : 1);
  const step = niceStep(hi - lo);
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.max(Math.ceil(hi / step - 1e-9) * step, min + step);
  const ticks: number[] = [];
  for (let i = 0; min + i * step <= max + step * 1e-9; i++) ticks.push(Number((min + i * step).toPrecision(12)));
  return { min, max, ticks };
}

export function svgText(x: number, y: number, body: string, attrs: string): string {
  return `<text x="${n(x)}" y="${n(y)}" ${attrs}>${escapeXml(body)}</text>`;
}
