/**
 * The trajectory chart of one indicator as SVG: the 予定 line, the 実績 points, and gaps where a year has no
 * value (unmeasured, not a number). A pure function of its input: the same series gives the same bytes.
 */
import { formatValue } from '../parse/format';
import { escapeXml, n, svgText as text, valueAxis } from '../svg';
import { displayWidth } from '../text-width';

export interface ChartPoint {
  /** Axis label of the year (`令和2年度`). */
  label: string;
  target: number | null;
  actual: number | null;
}

export interface ChartInput {
  unit: string;
  points: ChartPoint[];
}

export interface ChartStyle {
  width: number;
  height: number;
  fontFamily: string;
}

export const CHART_STYLE: ChartStyle = { width: 480, height: 170, fontFamily: 'BIZ UDPGothic' };

/** The colours of 予定 and 実績 wherever a trajectory is drawn (this SVG, Sheets' native charts, the グラフ sparklines). */
export const SERIES_COLORS = { target: '#1f4e79', actual: '#d9730d' } as const;
const COLORS = { ...SERIES_COLORS, grid: '#d9d9d9', axis: '#595959', text: '#262626' } as const;
const PAD = { left: 58, right: 14, top: 26, bottom: 24 } as const;

export function trajectoryChartSvg(input: ChartInput, style: ChartStyle = CHART_STYLE): string {
  const { width, height, fontFamily } = style;
  const values = input.points.flatMap((p) => [p.target, p.actual]).filter((v): v is number => v !== null && Number.isFinite(v));
  const axis = valueAxis(values);
  // Room for the longest tick label (about 6px a half-width column at 10px): 「400,000人」 must not be cut at the edge.
  const left = Math.max(PAD.left, Math.ceil(Math.max(...axis.ticks.map((t) => displayWidth(formatValue(t, input.unit)))) * 6) + 12);
  const plotW = width - left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(input.points.length, 1);
  const xOf = (i: number) => left + slot * (i + 0.5);
  const yOf = (v: number) => PAD.top + plotH * (1 - (v - axis.min) / (axis.max - axis.min));
  const font = `font-family="${escapeXml(fontFamily)}" fill="${COLORS.text}"`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];

  for (const t of axis.ticks) {
    const y = yOf(t);
    out.push(`<line x1="${n(left)}" y1="${n(y)}" x2="${n(width - PAD.right)}" y2="${n(y)}" stroke="${t === 0 ? COLORS.axis : COLORS.grid}" stroke-width="${t === 0 ? 1 : 0.6}"/>`);
    out.push(text(left - 5, y + 3.5, formatValue(t, input.unit), `${font} font-size="10" text-anchor="end"`));
  }
  input.points.forEach((p, i) => out.push(text(xOf(i), height - 7, p.label, `${font} font-size="10" text-anchor="middle"`)));

  // 予定: a line through consecutive years with a number, broken where a year has none.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) out.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${COLORS.target}" stroke-width="2"/>`);
    run = [];
  };
  input.points.forEach((p, i) => {
    if (p.target === null || !Number.isFinite(p.target)) return flush();
    run.push(`${n(xOf(i))},${n(yOf(p.target))}`);
  });
  flush();
  input.points.forEach((p, i) => {
    if (p.target !== null && Number.isFinite(p.target)) out.push(`<circle cx="${n(xOf(i))}" cy="${n(yOf(p.target))}" r="2.5" fill="${COLORS.target}"/>`);
  });

  // 実績: a square per measured year with its value; unmeasured years stay empty.
  input.points.forEach((p, i) => {
    if (p.actual === null || !Number.isFinite(p.actual)) return;
    const x = xOf(i);
    const y = yOf(p.actual);
    out.push(`<rect x="${n(x - 4)}" y="${n(y - 4)}" width="8" height="8" fill="${COLORS.actual}"/>`);
    const above = y - 8 > PAD.top - 2;
    out.push(text(x, above ? y - 8 : y + 16, formatValue(p.actual, input.unit), `${font} font-size="10" text-anchor="middle" fill-opacity="1"`));
  });

  // Legend, top right.
  const lx = width - PAD.right - 120;
  out.push(`<line x1="${n(lx)}" y1="11" x2="${n(lx + 22)}" y2="11" stroke="${COLORS.target}" stroke-width="2"/>`);
  out.push(text(lx + 27, 15, '予定', `${font} font-size="10"`));
  out.push(`<rect x="${n(lx + 64)}" y="7" width="8" height="8" fill="${COLORS.actual}"/>`);
  out.push(text(lx + 77, 15, '実績', `${font} font-size="10"`));
  out.push('</svg>');
  return out.join('\n');
}
