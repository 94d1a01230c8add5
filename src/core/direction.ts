/**
 * 今後の方向性 (the department's plan for an indicator after a year) and 要因 (why a result fell short): the choices,
 * how a typed 方向性 is read, and when a 要因 is required before 提出 (issue 15 item 2).
 */
import type { GradeBand, Indicator } from './model';
import type { Scalar } from './workbook';
import { cellText } from './layout/table';

export const DIRECTIONS = ['拡充', '継続', '改善', '縮小', '廃止', '完了'] as const;
export type FutureDirection = (typeof DIRECTIONS)[number];

export const DIRECTION_HELP = `今後の方向性を一覧（${DIRECTIONS.join('・')}）から選んでください`;
export const CAUSE_HELP = '評価が低いときや基準値を下回ったときは、その要因を書いてください（提出に必要です）';

/** A typed 方向性: empty, one of DIRECTIONS (full or half width, spaces around it), or not one of them. */
export type DirectionReading = { kind: 'empty' } | { kind: 'ok'; value: FutureDirection } | { kind: 'error'; text: string };

export function readDirection(value: Scalar): DirectionReading {
  const text = cellText(value);
  const key = text.normalize('NFKC').replace(/[\s\u3000]+/g, '');
  if (!key) return { kind: 'empty' };
  const found = DIRECTIONS.find((d) => d === key);
  return found ? { kind: 'ok', value: found } : { kind: 'error', text };
}

export function badDirectionMessage(text: string): string {
  return `今後の方向性「${text}」は一覧（${DIRECTIONS.join('・')}）のどれでもありません。一覧から選んでください`;
}

/** The default of 設定's 「要因が必要な評価」: this grade and the ones below it need a 要因. */
export const DEFAULT_CAUSE_GRADE = 'C';

/**
 * Why an indicator's result of a year needs a 要因 ('' when it does not): graded at or below `causeGrade` on the
 * scale, or worse than its baseline (増加: below it, 減少: above it; not for 維持 or 累計 indicators, whose
 * baseline is not a yearly figure to compare with).
 */
export function causeReason(
  row: { grade: string; actual: number | null },
  ind: Pick<Indicator, 'baseline' | 'direction' | 'cumulative'>,
  scale: readonly GradeBand[],
  causeGrade: string,
): string {
  const rank = scale.findIndex((b) => b.grade === row.grade);
  const limit = scale.findIndex((b) => b.grade === causeGrade);
  if (rank >= 0 && limit >= 0 && rank >= limit) return `評価が「${row.grade}」のため`;
  if (row.actual !== null && ind.baseline !== null && !ind.cumulative) {
    if (ind.direction === '増加' && row.actual < ind.baseline) return `実績が基準値（${ind.baseline}）を下回ったため`;
    if (ind.direction === '減少' && row.actual > ind.baseline) return `実績が基準値（${ind.baseline}）を上回ったため`;
  }
  return '';
}

/** 今後の方向性 per group (基本方針), with the rows that have none counted as 未記入. */
export interface DirectionCountLine {
  key: string;
  counts: Record<string, number>;
  total: number;
}

export const NO_DIRECTION = '未記入';
export const DIRECTION_COLUMNS: readonly string[] = [...DIRECTIONS, NO_DIRECTION];

export function countDirections<T extends { direction: string }>(rows: readonly T[], key: (r: T) => string): DirectionCountLine[] {
  const groups = new Map<string, DirectionCountLine>();
  for (const r of rows) {
    const k = key(r);
    let line = groups.get(k);
    if (!line) {
      line = { key: k, counts: Object.fromEntries(DIRECTION_COLUMNS.map((c) => [c, 0])), total: 0 };
      groups.set(k, line);
    }
    const d = readDirection(r.direction);
    line.counts[d.kind === 'ok' ? d.value : NO_DIRECTION] += 1;
    line.total += 1;
  }
  return [...groups.values()];
}
