/**
 * How a year's actual compares with the plan line.
 * - R1 期待値比 = A_t ÷ E_t (茨城県 grades it: A ≥ 100%, B+ 80–99%, B 50–79%, C < 50%). A 減少 indicator is mirrored with
 *   its baseline, (B − A_t) ÷ (B − E_t), as 達成率 is (rates.ts); without a baseline E_t ÷ A_t, flagged. 維持: met
 *   (1) or not (0), within the tolerance.
 * - R3 経過年割合 (多摩市, 本宮市): progress (A_t − B) ÷ (T − B) against the share of the period elapsed,
 *   (t − t0) ÷ (Tn − t0); their quotient is `paceRatio` (1 = exactly on the line). The same formula serves 増加 and
 *   減少: both differences change sign together.
 */
import { formatRate } from '../rates';
import { computed, none, type Outcome } from './result';
import { spanOf, type PlanLine } from './plan-line';

/** Relative tolerance for 維持 (0.05 = ±5%, ServiceNow's default); 0 judges as 達成率 does. */
export const DEFAULT_MAINTAIN_TOLERANCE = 0;

/**
 * Whether a 維持 value keeps the level T: at or above it, or at or below it when the baseline is above the target
 * (the rule of rates.ts), widened by `tolerance`·|T|.
 */
export function keepsLevel(value: number, target: number, baseline: number | null, tolerance: number): boolean {
  const slack = Math.abs(target) * (Number.isFinite(tolerance) ? Math.abs(tolerance) : 0);
  if (baseline !== null && baseline > target) return value <= target + slack;
  return value >= target - slack;
}

/** What R1 needs of a plan line (the sidebar sends just this to the page, which compares a typed 実績 live). */
export type RatioLine = Pick<PlanLine, 'direction' | 'baseline'>;

export function expectedRatio(actual: number, expected: number, line: RatioLine, tolerance = DEFAULT_MAINTAIN_TOLERANCE): Outcome {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return none('not-finite', '数値でない値が含まれるため期待値比を計算できません');
  const b = line.baseline?.value ?? null;
  if (line.direction === '維持') {
    const met = keepsLevel(actual, expected, b, tolerance);
    return computed(met ? 1 : 0, tolerance ? `維持（期待値の±${formatRate(Math.abs(tolerance))}以内）` : '維持（期待値を保つ）');
  }
  if (line.direction === '減少') {
    if (b !== null) {
      if (b === expected) return none('expected-equals-baseline', '期待値が基準値と同じため期待値比を計算できません（水準を保つ指標なら方向を「維持」にしてください）');
      if (expected > b) return none('decrease-expected-above-baseline', '減少の指標なのに期待値が基準値より大きいため期待値比を計算できません');
      return computed((b - actual) / (b - expected), '(基準値−実績)÷(基準値−期待値)');
    }
    if (expected <= 0) return none('decrease-nonpositive-expected', '基準値がなく期待値が0以下のため期待値比を計算できません（基準値を設定してください）');
    if (actual <= 0) return none('decrease-zero-actual', '基準値がなく実績が0以下のため、期待値÷実績を計算できません（基準値を設定してください）');
    return computed(expected / actual, '期待値÷実績（基準値なしの代替式）');
  }
  if (expected === 0) return none('zero-expected', '期待値が0のため期待値比を計算できません');
  if (expected < 0) return none('negative-expected', '期待値が負の値のため期待値比を計算できません');
  return computed(actual / expected, '実績÷期待値');
}

export interface ElapsedShare {
  /** (A_t − B) ÷ (T − B), or null. */
  progress: number | null;
  /** (t − t0) ÷ (Tn − t0), or null. */
  elapsed: number | null;
  /** progress ÷ elapsed (paceRatio), or why there is none. */
  ratio: Outcome;
}

export function elapsedShare(actual: number, year: number, line: PlanLine): ElapsedShare {
  const fail = (code: string, reason: string): ElapsedShare => ({ progress: null, elapsed: null, ratio: none(code, reason) });
  if (!Number.isFinite(actual) || !Number.isFinite(year)) return fail('not-finite', '数値でない値が含まれるため経過年割合を計算できません');
  if (line.direction === '維持') return fail('maintain', '維持の指標は水準を保つかどうかで評価するため、経過年割合は使いません');
  const span = spanOf(line);
  if (span.kind === 'none') return fail(span.code, `${span.reason}。経過年割合を計算できません`);
  const { b, t } = span;
  if (t.value === b.value) return fail('target-equals-baseline', '目標が基準値と同じため進捗率を計算できません（水準を保つ指標なら方向を「維持」にしてください）');
  if (line.direction === '増加' && t.value < b.value) return fail('increase-target-below-baseline', '増加の指標なのに目標が基準値より小さいため経過年割合を計算できません');
  if (line.direction === '減少' && t.value > b.value) return fail('decrease-target-above-baseline', '減少の指標なのに目標が基準値より大きいため経過年割合を計算できません');
  if (year <= b.year) return fail('not-after-baseline', `${year}年度は基準年度（${b.year}年度）の後ではないため、経過年割合がありません`);
  if (year > t.year) return fail('after-target', `${year}年度は目標年度（${t.year}年度）より後のため、経過年割合がありません`);
  const progress = computed((actual - b.value) / (t.value - b.value), '(実績−基準値)÷(目標−基準値)');
  const elapsed = (year - b.year) / (t.year - b.year);
  // Years far apart enough to overflow (never a plan's, but the page may send anything) give no share.
  if (!Number.isFinite(elapsed)) return fail('overflow', '年度の差が大きすぎるため経過年割合を計算できません');
  if (progress.kind === 'none') return fail(progress.code, progress.reason);
  return { progress: progress.value, elapsed, ratio: computed(progress.value / elapsed, '進捗率÷経過年割合') };
}
