/**
 * What the グラフ sheet draws (issue 17 item 4): the 評価 counts of 達成状況 (counts.ts) as stacked bars, one bar per
 * fiscal year, and one per 基本方針 for the year under evaluation; and the 達成見込み per 基本方針 (outlook/). Each grade is its own series, coloured as the grade
 * cells are (grades.ts gradeColor); the rows without a grade (未測定, 目標なし …) are one grey 評価なし series, so a
 * bar's length is the number of indicators counted. Pure: the shells draw it (Sheets' native chart, an SVG image).
 */
import type { CountLine, Counts } from '../counts';
import { gradeColor } from '../grades';
import { formatFiscalYear } from '../parse/fiscal-year';
import { NOT_COMPUTABLE, OUTLOOK_CLASSES, type IndicatorOutlookRecord } from '../outlook';

export interface GraphSeries {
  name: string;
  /** #RRGGBB */
  color: string;
  values: number[];
}

export interface GradeGraph {
  title: string;
  /** What the bars are (the table's first header): 年度, 基本方針. */
  categoryLabel: string;
  categories: string[];
  series: GraphSeries[];
}

export const UNGRADED_SERIES = '評価なし';
const UNGRADED_COLOR = '#BFBFBF';

function graph(title: string, categoryLabel: string, lines: readonly CountLine[], grades: readonly string[]): GradeGraph {
  const series: GraphSeries[] = grades.map((g, rank) => ({ name: g, color: `#${gradeColor(rank, grades.length)}`, values: lines.map((l) => l.counts[g] ?? 0) }));
  series.push({ name: UNGRADED_SERIES, color: UNGRADED_COLOR, values: lines.map((l) => l.total - grades.reduce((sum, g) => sum + (l.counts[g] ?? 0), 0)) });
  return { title, categoryLabel, categories: lines.map((l) => l.key), series };
}

/**
 * The graphs of a rollup's counts; `grades` the scale's letters from best to worst. The years run to the 評価年度:
 * later years have nothing to grade yet (a bar of 評価なし only).
 */
export function gradeGraphs(counts: Counts, grades: readonly string[], evaluationYear: number): GradeGraph[] {
  const years = counts.byYear.filter((l) => (l.fiscalYear ?? Infinity) <= evaluationYear);
  return [
    graph('評価の推移（年度別）', '年度', years, grades),
    graph(`基本方針別の評価（${formatFiscalYear(evaluationYear)}）`, '基本方針', counts.byPolicy, grades),
  ];
}

/** 達成見込み colours: green, yellow, red, and grey for 見込み算出不可 (as 評価なし). */
const OUTLOOK_COLORS = ['#8FD19E', '#FFD966', '#F4A3A3', UNGRADED_COLOR];

/**
 * 達成見込み by 基本方針 (as of the 評価年度): one bar per 基本方針, a segment per class, 見込み算出不可 grey; the
 * same counts as 達成状況's 「基本方針別の達成見込みの件数」.
 */
export function outlookGraph(records: readonly IndicatorOutlookRecord[], evaluationYear: number): GradeGraph {
  const classes = [...OUTLOOK_CLASSES, NOT_COMPUTABLE];
  const byPolicy = new Map<string, number[]>();
  for (const r of records) {
    const k = r.policy || '（基本方針なし）';
    const counts = byPolicy.get(k) ?? classes.map(() => 0);
    counts[classes.indexOf(r.outlook.class)] += 1;
    byPolicy.set(k, counts);
  }
  const lines = [...byPolicy];
  return {
    title: `達成見込み（基本方針別、${formatFiscalYear(evaluationYear)}まで）`,
    categoryLabel: '基本方針',
    categories: lines.map(([k]) => k),
    series: classes.map((name, i) => ({ name, color: OUTLOOK_COLORS[i], values: lines.map(([, c]) => c[i]) })),
  };
}
