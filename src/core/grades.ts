/** Grades (評価) from achievement rates, on a scale set in 設定 (domain.md §5). */
import type { GradeBand } from './model';

/** The grade of rows without a rate (no target, 未測定, 対象外, 中止). */
export const NO_GRADE = '−';
export const NO_GRADE_LABEL = '評価なし';

/** Rates are ratios computed by division; a hair below a bound (0.7999999999) still counts as on it. */
const EPSILON = 1e-9;

export const SCALE_PRESETS: Readonly<Record<string, GradeBand[]>> = {
  愛知型: [
    { grade: 'A', label: '達成', min: 1 },
    { grade: 'B', label: '概ね達成', min: 0.8 },
    { grade: 'C', label: '未達成', min: 0.5 },
    { grade: 'D', label: '大幅未達', min: null },
  ],
  '110%型': [
    { grade: 'A', label: '目標を上回る', min: 1.1 },
    { grade: 'B', label: '達成', min: 0.8 },
    { grade: 'C', label: '未達成', min: 0.5 },
    { grade: 'D', label: '大幅未達', min: null },
  ],
  // 茨城県 KPI 進捗状況調書: graded on 期待値比 (実績 ÷ 期待値, outlook/ratios.ts), with the 進捗評価方式 期待値比.
  茨城型: [
    { grade: 'A', label: '期待値以上', min: 1 },
    { grade: 'B+', label: '期待値の80%以上', min: 0.8 },
    { grade: 'B', label: '期待値の50%以上', min: 0.5 },
    { grade: 'C', label: '期待値の50%未満', min: null },
  ],
  '90/75型': [
    { grade: 'A', label: '順調', min: 0.9 },
    { grade: 'B', label: 'やや遅れ', min: 0.75 },
    { grade: 'C', label: '遅れ', min: null },
  ],
};
export const DEFAULT_SCALE_NAME = '愛知型';
/** 期待値比 has its own published bands (茨城型): 達成状況's 「期待値比の評価」 uses them whatever 評価基準 is. */
export const EXPECTED_RATIO_SCALE_NAME = '茨城型';
export const EXPECTED_RATIO_SCALE: readonly GradeBand[] = SCALE_PRESETS[EXPECTED_RATIO_SCALE_NAME]!;

/** The band a rate falls in: the first band (highest first) whose lower bound the rate reaches. */
export function gradeOf(rate: number, scale: readonly GradeBand[]): GradeBand {
  for (const band of scale) {
    if (band.min === null || rate >= band.min - EPSILON) return band;
  }
  return scale[scale.length - 1];
}

/**
 * Checks a scale: at least two bands, distinct grade names, strictly decreasing bounds, and only the last
 * band open-ended. Returns Japanese problems, empty when the scale is usable.
 */
export function scaleProblems(scale: readonly GradeBand[]): string[] {
  const problems: string[] = [];
  if (scale.length < 2) problems.push('評価区分は2つ以上必要です');
  const names = new Set<string>();
  scale.forEach((b, i) => {
    if (!b.grade) problems.push(`${i + 1}番目の評価区分に記号がありません`);
    if (names.has(b.grade)) problems.push(`評価「${b.grade}」が重複しています`);
    names.add(b.grade);
    const last = i === scale.length - 1;
    if (!last && b.min === null) problems.push(`評価「${b.grade}」に達成率の下限がありません（下限を空にできるのは最後の区分だけです）`);
    if (last && b.min !== null) problems.push(`最後の評価「${b.grade}」は下限を空にしてください（それ未満すべてを受けます）`);
    const prev = scale[i - 1];
    if (prev && prev.min !== null && b.min !== null && b.min >= prev.min)
      problems.push(`評価「${b.grade}」の下限は「${prev.grade}」の下限より小さくしてください`);
  });
  return problems;
}

/** Fill colours from best (green) to worst (red), spread over however many grades a scale has. */
const PALETTE = ['8FD19E', 'D5EFC8', 'FFD966', 'F8B878', 'F4A3A3'];

/** RRGGBB fill of the grade at `rank` (0 = best) in a scale of `count` grades. */
export function gradeColor(rank: number, count: number): string {
  if (count <= 1) return PALETTE[0];
  return PALETTE[Math.round((rank / (count - 1)) * (PALETTE.length - 1))];
}
