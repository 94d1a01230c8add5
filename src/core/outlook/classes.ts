/**
 * 達成見込み (茨城県 KPI 進捗状況調書's words) from the projected final value Â against the final target T:
 * Â/T ≥ 100% ほぼ達成できる, ≥ the cut (80% by default) もう少しの努力で達成できる, otherwise 一層の努力が必要.
 * No published formula fixes the cut; it is a parameter. A 減少 indicator is mirrored with its baseline as 達成率
 * is, (B − Â)/(B − T); without a baseline T/Â. 維持: kept within the tolerance is ほぼ達成できる.
 */
import { gradeOf } from '../grades';
import type { GradeBand } from '../model';
import { computed, none, NOT_COMPUTABLE, type Outcome } from './result';
import { keepsLevel } from './ratios';
import type { PlanLine } from './plan-line';

export const OUTLOOK_CLASSES = ['ほぼ達成できる', 'もう少しの努力で達成できる', '一層の努力が必要'] as const;
export type OutlookClass = (typeof OUTLOOK_CLASSES)[number] | typeof NOT_COMPUTABLE;
export const DEFAULT_OUTLOOK_CUT = 0.8;

/** The bands as a grade scale, so the classes are read with gradeOf's rule (a hair below a bound is on it). */
export function outlookBands(cut = DEFAULT_OUTLOOK_CUT): GradeBand[] {
  return [
    { grade: OUTLOOK_CLASSES[0], label: '見込み÷目標が100%以上', min: 1 },
    { grade: OUTLOOK_CLASSES[1], label: `見込み÷目標が${Math.round(cut * 1000) / 10}%以上`, min: cut },
    { grade: OUTLOOK_CLASSES[2], label: 'それ未満', min: null },
  ];
}

/** Â/T as the classes read it (mirrored for 減少), or why there is none. */
export function finalRatio(projected: number, line: PlanLine, tolerance = 0): Outcome {
  if (!line.final) return none('no-final-target', '予定（目標）のある年度がないため、達成見込みを判定できません');
  if (!Number.isFinite(projected)) return none('not-finite', '見込みが数値ではないため達成見込みを判定できません');
  const t = line.final.value;
  const b = line.baseline?.value ?? null;
  if (line.direction === '維持') {
    if (keepsLevel(projected, t, b, tolerance)) return computed(1, '維持（見込みが目標の水準を保つ）');
    const below = b !== null && b > t;
    if (below) return projected > 0 && t >= 0 ? computed(t / projected, '維持（目標÷見込み）') : none('maintain-not-positive', '見込みが0以下のため維持の達成見込みを判定できません');
    return t > 0 ? computed(projected / t, '維持（見込み÷目標）') : none('maintain-nonpositive-target', '目標が0以下のため維持の達成見込みを判定できません');
  }
  if (line.direction === '減少') {
    if (b !== null) {
      if (b === t) return none('target-equals-baseline', '目標が基準値と同じため達成見込みを判定できません（水準を保つ指標なら方向を「維持」にしてください）');
      if (t > b) return none('decrease-target-above-baseline', '減少の指標なのに目標が基準値より大きいため達成見込みを判定できません');
      return computed((b - projected) / (b - t), '(基準値−見込み)÷(基準値−目標)');
    }
    if (t <= 0 || projected <= 0) return none('decrease-no-baseline', '基準値がなく目標か見込みが0以下のため、達成見込みを判定できません（基準値を設定してください）');
    return computed(t / projected, '目標÷見込み（基準値なしの代替式）');
  }
  if (t === 0) return none('zero-target', '目標が0のため達成見込みを判定できません');
  if (t < 0) return none('negative-target', '目標が負の値のため達成見込みを判定できません');
  return computed(projected / t, '見込み÷目標');
}

export function outlookClass(ratio: Outcome, cut = DEFAULT_OUTLOOK_CUT): OutlookClass {
  if (ratio.kind === 'none') return NOT_COMPUTABLE;
  return gradeOf(ratio.value, outlookBands(Number.isFinite(cut) ? cut : DEFAULT_OUTLOOK_CUT)).grade as OutlookClass;
}
