/**
 * 期待値 (expected value) of a fiscal year, domain-research.md F5:
 * - E1 linear: E_t = B + (T − B)·(t − t0)/(Tn − t0), the line from the baseline to the final target (静岡県 「基準値
 *   から目標値まで均等に増加する線」, 茨城県 KPI 進捗状況調書's 期待値). For a 累計 indicator B is the running
 *   total 0 before the plan (plan-line.ts), so E_t is the cumulative target to t.
 * - E2 plan path: E_t = P_t, the plan's own 予定 for that year.
 * - 維持: E_t = T every year (the level to keep); the tolerance applies when the actual is compared (ratios.ts).
 */
import { computed, none, type Outcome } from './result';
import { spanOf, type PlanLine } from './plan-line';

export type ExpectedMethod = 'E1' | 'E2';
export const EXPECTED_METHOD_LABEL: Readonly<Record<ExpectedMethod, string>> = { E1: '期待値（均等配分）', E2: '期待値（計画の予定）' };

/** E1 from the five numbers of EXPECTED_VALUE: baseline B in year t0, target T in year Tn, for year t. */
export function linearValue(b: number, t0: number, target: number, tn: number, year: number): Outcome {
  if (![b, t0, target, tn, year].every(Number.isFinite)) return none('not-finite', '数値でない値が含まれるため期待値を計算できません');
  if (t0 >= tn) return none('baseline-not-before-target', `基準年度（${t0}年度）が目標年度（${tn}年度）より前ではないため期待値を計算できません`);
  if (year < t0) return none('before-baseline', `${year}年度は基準年度（${t0}年度）より前のため期待値はありません`);
  if (year > tn) return none('after-target', `${year}年度は目標年度（${tn}年度）より後のため期待値はありません`);
  // The share first, then the step: (T − B) may be huge while the share is at most 1.
  return computed(b + (target - b) * ((year - t0) / (tn - t0)), '基準値＋(目標−基準値)×(年度−基準年度)÷(目標年度−基準年度)');
}

/** E1 for a year of an indicator's plan line. */
export function linearExpected(line: PlanLine, year: number): Outcome {
  if (line.direction === '維持') return maintainExpected(line);
  const span = spanOf(line);
  if (span.kind === 'none') return none(span.code, `${span.reason}。期待値を計算できません`);
  return linearValue(span.b.value, span.b.year, span.t.value, span.t.year, year);
}

/** E2: the plan's own 予定 for the year (維持: the same, the level of that year). */
export function planExpected(line: PlanLine, year: number): Outcome {
  const p = line.targets.get(year);
  if (p === undefined) return none('no-plan-value', `${year}年度の予定がないため期待値（計画の予定）はありません`);
  return computed(p, `${year}年度の予定`);
}

export function expectedValue(line: PlanLine, year: number, method: ExpectedMethod): Outcome {
  return method === 'E1' ? linearExpected(line, year) : planExpected(line, year);
}

function maintainExpected(line: PlanLine): Outcome {
  if (!line.final) return none('no-final-target', '予定（目標）のある年度がないため期待値を計算できません');
  return computed(line.final.value, '維持（期待値＝目標）');
}
