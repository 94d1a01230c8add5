/** Achievement rates (達成率), domain.md §4. Rates are ratios (1 = 100%), unrounded and uncapped. */
import type { Direction, Method } from './model';
import { formatValue } from './parse/format';

export interface RateInput {
  actual: number;
  target: number;
  baseline: number | null;
  direction: Direction;
  method: Method;
}

export type RateResult =
  | {
      kind: 'rate';
      rate: number;
      /** 減少 without a baseline: 目標 ÷ 実績, flagged as a fallback. */
      fallback: boolean;
      /** A maintain-type comparison: the rate is 1 (met) or 0 (not met). */
      maintain: boolean;
      /** The formula used, in Japanese, for the 備考 column. */
      formula: string;
    }
  | { kind: 'none'; code: string; reason: string };

function rate(value: number, formula: string, extra: { fallback?: boolean; maintain?: boolean } = {}): RateResult {
  // A target (or 基準値−目標) within a hair of 0 makes the quotient overflow; that is no rate to grade or store.
  if (!Number.isFinite(value)) return none('rate-overflow', '目標（または基準値との差）が0に近すぎるため達成率を計算できません');
  return { kind: 'rate', rate: value, fallback: extra.fallback ?? false, maintain: extra.maintain ?? false, formula };
}

function none(code: string, reason: string): RateResult {
  return { kind: 'none', code, reason };
}

function maintained(met: boolean, formula: string): RateResult {
  return rate(met ? 1 : 0, formula, { maintain: true });
}

export function achievementRate(input: RateInput): RateResult {
  const { actual, target, baseline, direction, method } = input;
  if (![actual, target].every(Number.isFinite) || (baseline !== null && !Number.isFinite(baseline)))
    return none('not-finite', '数値でない値が含まれるため達成率を計算できません');

  if (direction === '維持') {
    if (baseline !== null && baseline > target) return maintained(actual <= target, '維持（目標以下）');
    return maintained(actual >= target, '維持（目標以上）');
  }

  if (direction === '減少') {
    if (baseline !== null) {
      if (baseline === target) return maintained(actual <= target, '維持（基準値＝目標）');
      if (target > baseline) return none('decrease-target-above-baseline', '減少の指標なのに目標が基準値より大きいため達成率を計算できません');
      return rate((baseline - actual) / (baseline - target), '(基準値−実績)÷(基準値−目標)');
    }
    if (target === 0) return maintained(actual <= 0, '維持（目標0）');
    if (target < 0) return none('negative-target', '目標が負の値のため達成率を計算できません');
    if (actual <= 0) return none('decrease-zero-actual', '基準値がなく実績が0以下のため、目標÷実績を計算できません（基準値を設定してください）');
    return rate(target / actual, '目標÷実績（基準値なしの代替式）', { fallback: true });
  }

  // 増加
  if (method === '基準比') {
    if (baseline === null) return none('missing-baseline', '算定方法が「基準比」なのに基準値がないため達成率を計算できません');
    if (baseline === target) return maintained(actual >= target, '維持（基準値＝目標）');
    if (target < baseline) return none('increase-target-below-baseline', '増加の指標なのに目標が基準値より小さいため達成率を計算できません');
    return rate((actual - baseline) / (target - baseline), '(実績−基準値)÷(目標−基準値)');
  }
  if (target === 0) return none('zero-target', '目標が0のため達成率を計算できません（減少・維持の指標なら方向を設定してください）');
  if (target < 0) return none('negative-target', '目標が負の値のため達成率を計算できません');
  return rate(actual / target, '実績÷目標');
}

/**
 * A rate as people read it: percent with one decimal (`57.5%`), or '' when there is none. `切り捨て` (設定's
 * 「達成率の表示」, layout/outlook-setting.ts) drops the second decimal instead of rounding it, toward zero
 * (57.59% → 57.5%): 茨城県's own 調書 use both in different years. The stored rate is never rounded.
 */
export function formatRate(rate: number | null, rounding: '四捨五入' | '切り捨て' = '四捨五入'): string {
  if (rate === null || !Number.isFinite(rate)) return '';
  // From 1e15 % on, toFixed writes exponents and ×1000 may overflow: whole digits, ×100 by appending 00.
  if (Math.abs(rate) >= 1e13) return `${formatValue(Math.round(rate), null).replace(/,/g, '')}00%`;
  // The nudge keeps a rate computed a hair under its decimal (0.575 → 574.9999…) on it, for both roundings.
  const scaled = rate * 1000 + Math.sign(rate) * 1e-7;
  const pct = (rounding === '切り捨て' ? Math.trunc(scaled) : Math.round(scaled)) / 10;
  return `${(pct === 0 ? 0 : pct).toFixed(1)}%`;
}
