/**
 * Each indicator's trajectory for the グラフ sheet (issue 17 item 4): its 予定 and 実績 per fiscal year of the plan, as
 * numbers (null where a year has none: unmeasured, not a number, no 予定), and whether fewer is better (減少). From the
 * rows 達成状況 is made of, so a 累計 indicator's 実績 is its running total there too.
 */
import type { Analysis } from '../analyze';
import { indicatorKey } from '../model';

export interface Trajectory {
  no: number;
  indicator: string;
  unit: string;
  /** 減少: 「少ないほど良い」. */
  decrease: boolean;
  /** Per year of `years`, in order. */
  targets: (number | null)[];
  actuals: (number | null)[];
}

export function trajectories(analysis: Pick<Analysis, 'rows' | 'indicators'>, years: readonly number[]): Trajectory[] {
  const byKey = new Map(analysis.indicators.map((i) => [indicatorKey(i.no, i.name), i]));
  const out = new Map<string, Trajectory>();
  for (const r of analysis.rows) {
    const key = indicatorKey(r.no, r.indicator);
    let t = out.get(key);
    if (!t) {
      t = { no: r.no, indicator: r.indicator, unit: r.unit, decrease: byKey.get(key)?.direction === '減少', targets: years.map(() => null), actuals: years.map(() => null) };
      out.set(key, t);
    }
    const i = years.indexOf(r.fiscalYear);
    if (i < 0) continue;
    t.targets[i] = r.target;
    t.actuals[i] = r.actual;
  }
  return [...out.values()];
}
