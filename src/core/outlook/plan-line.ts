/**
 * The line an indicator's outlook is judged against: baseline B at t0, final target T at Tn, and the plan's own
 * 予定 per year (P_t), all as numbers already parsed by the rollup (analyze.ts resolves every 予定 cell into
 * SummaryRow.target; nothing here reads a cell again).
 */
import type { Direction, Indicator } from '../model';

export interface YearValue {
  year: number;
  value: number;
}

export interface PlanLine {
  direction: Direction;
  cumulative: boolean;
  /** B at t0; null when the plan has none (then `baselineReason` says why). */
  baseline: YearValue | null;
  baselineReason: string;
  /** How B was found, for the basis text ('' when it is 計画マスタ's 基準値 as written). */
  baselineNote: string;
  /** T at Tn: the 予定 of the last year that has one; null when no year has a 予定. */
  final: YearValue | null;
  /** P_t: the plan's 予定 per fiscal year (cumulative totals for a 累計 indicator). */
  targets: ReadonlyMap<number, number>;
}

export type LineIndicator = Pick<Indicator, 'direction' | 'cumulative' | 'baseline' | 'baselineYear'>;

/**
 * The plan line of an indicator.
 * - T is the 予定 of the last year that has one. 計画マスタ has no separate 最終目標 column: its 予定 columns are
 *   the path the plan commits to, so the last one is where it must be at the end. (A goal beyond the plan period
 *   written only in the text, like the seed's 200,000人 in FY2027 for No.5, is not in the master; pass it to
 *   EXPECTED_VALUE by hand.) Years whose 予定 is not a number (`-`, 未定) are not in `targets` and never count.
 * - B is 計画マスタ's 基準値 at its 基準年度. A 累計 indicator is a running total that the rollup starts at the
 *   plan's first year, so its B is 0 in the year before (`firstYear − 1`), whatever 基準値 says: a 基準値 of a
 *   累計 indicator is a yearly figure, not on the scale of the running total.
 */
export function planLine(ind: LineIndicator, targets: ReadonlyMap<number, number>, firstYear: number): PlanLine {
  const finite = new Map([...targets].filter(([y, v]) => Number.isFinite(y) && Number.isFinite(v)));
  const years = [...finite.keys()].sort((a, b) => a - b);
  const last = years[years.length - 1];
  const final = last === undefined ? null : { year: last, value: finite.get(last)! };
  const base = { direction: ind.direction, cumulative: ind.cumulative, final, targets: finite };
  if (ind.cumulative) {
    const ignored = ind.baseline !== null ? `（計画マスタの基準値${ind.baseline}は累計ではないため使いません）` : '';
    return { ...base, baseline: { year: firstYear - 1, value: 0 }, baselineReason: '', baselineNote: `累計の指標のため基準値は計画開始前年度（${firstYear - 1}年度）の累計0${ignored}` };
  }
  if (ind.baseline === null || !Number.isFinite(ind.baseline))
    return { ...base, baseline: null, baselineReason: '計画マスタに基準値がありません', baselineNote: '' };
  if (ind.baselineYear === null || !Number.isFinite(ind.baselineYear))
    return { ...base, baseline: null, baselineReason: '計画マスタに基準年度がありません', baselineNote: '' };
  return { ...base, baseline: { year: ind.baselineYear, value: ind.baseline }, baselineReason: '', baselineNote: '' };
}

/** The span t0 → Tn the line needs for E1, R3 and F1, or why there is none. */
export type Span = { kind: 'span'; b: YearValue; t: YearValue } | { kind: 'none'; code: string; reason: string };

export function spanOf(line: PlanLine): Span {
  if (!line.final) return { kind: 'none', code: 'no-final-target', reason: '予定（目標）のある年度がありません' };
  if (!line.baseline) return { kind: 'none', code: 'no-baseline', reason: line.baselineReason };
  if (line.baseline.year >= line.final.year)
    return { kind: 'none', code: 'baseline-not-before-target', reason: `基準年度（${line.baseline.year}年度）が目標年度（${line.final.year}年度）より前ではありません` };
  return { kind: 'span', b: line.baseline, t: line.final };
}
