/**
 * Where an indicator is heading by its final year Tn, from the years measured so far:
 * - F1 実績ペース (run rate): Â = B + (A_t − B)·(Tn − t0)/(t − t0), the pace from the baseline to the latest actual,
 *   carried on to Tn.
 * - F2 傾向 (trend): the least-squares line through the measured years, read at Tn. Only years with a measured
 *   実績 are points: an unmeasured year (未測定, 未入力, 対象外) is skipped, never read as 0. The baseline is not a
 *   point: it is often a figure of another definition (the seed's are marked 参考), and B is F1's business.
 * - F3 必要な年増分: (T − A_t)/(Tn − t) per year still to go, against the pace so far (A_t − B)/(t − t0). Their
 *   reasons are bare facts (「計画マスタに基準値がありません」): the sentence around them says what is missing.
 */
import { computed, none, type Outcome } from './result';
import { spanOf, type PlanLine, type YearValue } from './plan-line';

export type ForecastMethod = '実績ペース' | '傾向';
export const FORECAST_METHODS: readonly ForecastMethod[] = ['実績ペース', '傾向'];

/** F1 from the latest measured year. */
export function runRate(line: PlanLine, latest: YearValue): Outcome {
  const span = spanOf(line);
  if (span.kind === 'none') return none(span.code, `${span.reason}。実績ペースの見込みを計算できません`);
  return runRateValue(span.b, latest, span.t.year);
}

/** F1 from the numbers: baseline b, latest actual a, final year tn. */
export function runRateValue(b: YearValue, a: YearValue, tn: number): Outcome {
  if (![b.year, b.value, a.year, a.value, tn].every(Number.isFinite)) return none('not-finite', '数値でない値が含まれるため見込みを計算できません');
  if (b.year >= tn) return none('baseline-not-before-target', `基準年度（${b.year}年度）が目標年度（${tn}年度）より前ではないため見込みを計算できません`);
  if (a.year <= b.year) return none('no-actual-after-baseline', `基準年度（${b.year}年度）より後の実績がないため、実績ペースの見込みを計算できません`);
  if (a.year > tn) return none('actual-after-target', `${a.year}年度は目標年度（${tn}年度）より後のため、実績ペースの見込みには使いません`);
  return computed(b.value + (a.value - b.value) * ((tn - b.year) / (a.year - b.year)), '基準値＋(実績−基準値)×(目標年度−基準年度)÷(実績の年度−基準年度)');
}

export interface Trend {
  /** The line's value at Tn, or why there is none. */
  projected: Outcome;
  /** Slope per year, or null. */
  slope: number | null;
  /** How many measured years made the line. */
  points: number;
}

/** F2 through the measured points (one per year; a repeated year counts once, the last given). */
export function trend(points: readonly YearValue[], finalYear: number): Trend {
  const byYear = new Map<number, number>();
  for (const p of points) if (Number.isFinite(p.year) && Number.isFinite(p.value)) byYear.set(p.year, p.value);
  const n = byYear.size;
  if (!Number.isFinite(finalYear)) return { projected: none('not-finite', '目標年度が数値ではないため傾向の見込みを計算できません'), slope: null, points: n };
  if (n < 2)
    return {
      projected: none('too-few-points', n === 0 ? '実績のある年度がないため、傾向の見込みを計算できません' : '実績のある年度が1つだけのため、傾向の見込みを計算できません（2年度以上の実績が必要です）'),
      slope: null, points: n,
    };
  const xs = [...byYear.keys()];
  const ys = [...byYear.values()];
  // Centred on the means, so the years (≈2020) do not swamp the sums.
  const xm = xs.reduce((s, x) => s + x, 0) / n;
  const ym = ys.reduce((s, y) => s + y / n, 0);
  let sxx = 0;
  let sxy = 0;
  xs.forEach((x, i) => {
    sxx += (x - xm) * (x - xm);
    sxy += (x - xm) * (ys[i]! - ym);
  });
  const slope = sxy / sxx;
  const projected = computed(ym + slope * (finalYear - xm), `実績${n}年度の最小二乗直線を${finalYear}年度まで延長`);
  return { projected, slope: projected.kind === 'value' && Number.isFinite(slope) ? slope : null, points: n };
}

export interface Pace {
  /** (T − A_t)/(Tn − t): the change needed each remaining year. */
  needed: Outcome;
  /** (A_t − B)/(t − t0): the change each year so far. */
  soFar: Outcome;
}

/** F3 as of the latest measured year. */
export function pace(line: PlanLine, latest: YearValue): Pace {
  return { needed: neededPerYear(line, latest), soFar: paceSoFar(line, latest) };
}

function neededPerYear(line: PlanLine, a: YearValue): Outcome {
  if (!line.final) return none('no-final-target', '予定（目標）のある年度がありません');
  return neededPerYearValue(a, line.final);
}

/**
 * (T − A)/(Tn − t) from the numbers: the change needed each year from actual `a` to target `t`. With the baseline
 * as `a` and the latest actual as `t` it is the pace so far, (A − B)/(t − t0) (PACE_NEEDED documents both uses).
 */
export function neededPerYearValue(a: YearValue, t: YearValue): Outcome {
  if (![a.year, a.value, t.year, t.value].every(Number.isFinite)) return none('not-finite', '数値でない値が含まれます');
  if (a.year >= t.year) return none('no-year-left', `${a.year}年度は目標年度（${t.year}年度）以後で、残りの年度がありません`);
  return computed((t.value - a.value) / (t.year - a.year), '(目標−実績)÷(目標年度−実績の年度)');
}

function paceSoFar(line: PlanLine, a: YearValue): Outcome {
  if (!Number.isFinite(a.year) || !Number.isFinite(a.value)) return none('not-finite', '数値でない値が含まれます');
  if (!line.baseline) return none('no-baseline', line.baselineReason);
  const b = line.baseline;
  if (a.year <= b.year) return none('no-actual-after-baseline', `基準年度（${b.year}年度）より後の実績がありません`);
  return computed((a.value - b.value) / (a.year - b.year), '(実績−基準値)÷(実績の年度−基準年度)');
}
