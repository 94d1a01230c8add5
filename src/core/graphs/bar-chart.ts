/**
 * A GradeGraph as SVG: horizontal stacked bars (category names on the left can be long, as 基本方針 are), the legend
 * on top, counts on a round axis. For shells that place an image (the .xlsx グラフ sheet). A pure function of its
 * input: the same graph gives the same bytes.
 */
import { escapeXml, n, svgText, valueAxis } from '../svg';
import type { GradeGraph } from './grade-graphs';

export interface BarChartStyle {
  width: number;
  fontFamily: string;
}

export const BAR_CHART_STYLE: BarChartStyle = { width: 560, fontFamily: 'BIZ UDPGothic' };

const BAR = 16;
const GAP = 8;
const PAD = { left: 150, right: 20, top: 44, bottom: 26 } as const;
const INK = { text: '#262626', grid: '#d9d9d9', axis: '#595959' } as const;

const LEGEND_LINE = 14;

/**
 * The legend's swatches left to right from the plot's left edge, onto a new line when one would pass the chart's
 * right edge (about 10px per full-width character at 10px): long names such as 達成見込み's must not be cut off.
 */
function legendLayout(graph: GradeGraph, width: number): { x: number; line: number }[] {
  let x = PAD.left;
  let line = 0;
  return graph.series.map((s) => {
    const w = 14 + [...s.name].length * 10;
    if (x > PAD.left && x + w > width) {
      x = PAD.left;
      line++;
    }
    const at = { x, line };
    x += w + 8;
    return at;
  });
}

/** Where the bars start: below the title and the legend's lines. */
function plotTop(graph: GradeGraph, width: number): number {
  return PAD.top + LEGEND_LINE * Math.max(0, ...legendLayout(graph, width).map((l) => l.line));
}

/** The chart's height for its number of bars (and legend lines, at the style's width). */
export function barChartHeight(graph: GradeGraph, style: BarChartStyle = BAR_CHART_STYLE): number {
  return plotTop(graph, style.width) + PAD.bottom + Math.max(graph.categories.length, 1) * (BAR + GAP);
}

/** A label cut to fit the left margin (about 11 full-width characters at 11px). */
function fit(label: string, max = 12): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label;
}

export function stackedBarSvg(graph: GradeGraph, style: BarChartStyle = BAR_CHART_STYLE): string {
  const { width, fontFamily } = style;
  const height = barChartHeight(graph, style);
  const top = plotTop(graph, width);
  const totals = graph.categories.map((_, i) => graph.series.reduce((sum, s) => sum + s.values[i], 0));
  const axis = valueAxis(totals);
  const plotW = width - PAD.left - PAD.right;
  const xOf = (v: number) => PAD.left + (plotW * (v - axis.min)) / (axis.max - axis.min);
  const font = `font-family="${escapeXml(fontFamily)}" fill="${INK.text}"`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    svgText(8, 16, graph.title, `${font} font-size="12" font-weight="bold"`),
  ];
  // Legend: one swatch per series, in order (best grade first).
  const legend = legendLayout(graph, width);
  graph.series.forEach((s, i) => {
    const { x, line } = legend[i];
    out.push(`<rect x="${n(x)}" y="${24 + line * LEGEND_LINE}" width="10" height="10" fill="${s.color}" stroke="${INK.axis}" stroke-width="0.4"/>`);
    out.push(svgText(x + 14, 33 + line * LEGEND_LINE, s.name, `${font} font-size="10"`));
  });
  const plotBottom = height - PAD.bottom;
  for (const t of axis.ticks) {
    const x = xOf(t);
    out.push(`<line x1="${n(x)}" y1="${n(top - 4)}" x2="${n(x)}" y2="${n(plotBottom)}" stroke="${t === 0 ? INK.axis : INK.grid}" stroke-width="${t === 0 ? 1 : 0.6}"/>`);
    out.push(svgText(x, plotBottom + 14, `${t}件`, `${font} font-size="10" text-anchor="middle"`));
  }
  graph.categories.forEach((label, i) => {
    const y = top + i * (BAR + GAP) + GAP / 2;
    out.push(svgText(PAD.left - 6, y + BAR - 4, fit(label), `${font} font-size="11" text-anchor="end"`));
    let from = 0;
    for (const s of graph.series) {
      const v = s.values[i];
      if (v <= 0) continue;
      const x0 = xOf(from);
      const x1 = xOf(from + v);
      out.push(`<rect x="${n(x0)}" y="${n(y)}" width="${n(x1 - x0)}" height="${BAR}" fill="${s.color}" stroke="#ffffff" stroke-width="0.6"/>`);
      // The count inside its segment when it fits.
      if (x1 - x0 >= 14) out.push(svgText((x0 + x1) / 2, y + BAR - 4, String(v), `${font} font-size="10" text-anchor="middle"`));
      from += v;
    }
    out.push(svgText(xOf(from) + 4, y + BAR - 4, `${totals[i]}`, `${font} font-size="10"`));
  });
  out.push('</svg>');
  return out.join('\n');
}
