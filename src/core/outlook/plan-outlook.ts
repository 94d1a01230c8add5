/**
 * The outlook of every indicator of a rollup, from the rows analyze.ts built: each row's parsed 予定 and 実績 (a
 * 累計 indicator's 実績 is already its running total there), so nothing is read or parsed twice.
 */
import type { Analysis, SummaryRow } from '../analyze';
import { indicatorKey, type Indicator } from '../model';
import { linearExpected, planExpected } from './expected';
import { elapsedShare, expectedRatio } from './ratios';
import { indicatorOutlook, type IndicatorOutlook } from './indicator-outlook';
import { planLine, type PlanLine } from './plan-line';
import { NOT_COMPUTABLE, reasonOf, valueOf } from './result';
import { EXPECTED_RATIO_SCALE, gradeOf } from '../grades';
import type { IndicatorChange } from '../indicator-versions';
import { eraLabel, formatFiscalYear } from '../parse/fiscal-year';

/** A summary row against the E1 line. */
export interface RowOutlook {
  /** E1 期待値 of the row's year, or null (then `expectedNote` says why). */
  expected: number | null;
  /** R1 実績 ÷ 期待値 (mirrored for 減少), or null. */
  expectedRatio: number | null;
  /** The grade of `expectedRatio` in 茨城型, the bands published for 期待値比 ('' without a ratio). */
  expectedGrade: string;
  expectedNote: string;
  /** R1 against E2 (the year's own 予定), or null (then `planNote` says why). */
  planRatio: number | null;
  planNote: string;
  /** R3 進捗率 ÷ 経過年割合, or null (then `paceNote` says why). */
  paceRatio: number | null;
  paceNote: string;
}

export interface IndicatorOutlookRecord {
  no: number;
  policy: string;
  indicator: string;
  department: string;
  unit: string;
  line: PlanLine;
  outlook: IndicatorOutlook;
}

export interface PlanOutlook {
  rows: Map<SummaryRow, RowOutlook>;
  indicators: IndicatorOutlookRecord[];
}

/**
 * The outlook of a version the plan replaced (中間見直し). While it is still the one in force (the 評価年度 is before
 * the change), its target is the one being worked to: the outlook is towards its own last year, and the basis says
 * the indicator changes after it. Once the change is in force, its own last target is not the plan's final one, so
 * it has no 達成見込み; the reason names the change and the version that carries the outlook now.
 */
function replaced(outlook: IndicatorOutlook, change: IndicatorChange, asOf: number): IndicatorOutlook {
  if (change.fiscalYear !== null && asOf < change.fiscalYear)
    return { ...outlook, basis: `${outlook.basis}（${formatFiscalYear(change.fiscalYear - 1)}までの指標。${eraLabel(change.fiscalYear)}からは「${change.after.name}」）` };
  const reason = `${change.text}。最終年度の見込みは新しい指標「${change.after.name}」で見ます`;
  return {
    ...outlook, method: null, projectedFinal: null, ratio: null, class: NOT_COMPUTABLE, basis: `${NOT_COMPUTABLE}: ${reason}`,
    neededPerYear: null, pacePerYear: null, neededReason: reason, paceReason: reason, paceText: reason,
  };
}

/** The outlook of a version that replaced another: the basis says from when it is the indicator, and what it replaced. */
function revision(outlook: IndicatorOutlook, change: IndicatorChange): IndicatorOutlook {
  const from = change.fiscalYear === null ? '' : `${eraLabel(change.fiscalYear)}からの指標。`;
  return { ...outlook, basis: `${outlook.basis}（${from}改定前は「${change.before?.name ?? ''}」）` };
}

export function planOutlook(analysis: Pick<Analysis, 'rows' | 'indicators' | 'settings'> & Partial<Pick<Analysis, 'changes'>>, options: { cut?: number; tolerance?: number } = {}): PlanOutlook {
  const settings = analysis.settings;
  const rows = new Map<SummaryRow, RowOutlook>();
  const indicators: IndicatorOutlookRecord[] = [];
  if (!settings) return { rows, indicators };
  const byKey = new Map<string, Indicator>(analysis.indicators.map((i) => [indicatorKey(i.no, i.name), i]));
  const groups = new Map<string, SummaryRow[]>();
  for (const r of analysis.rows) {
    const key = indicatorKey(r.no, r.indicator);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, own] of groups) {
    const ind = byKey.get(key);
    if (!ind) continue;
    const targets = new Map(own.filter((r) => r.target !== null).map((r) => [r.fiscalYear, r.target!]));
    const line = planLine(ind, targets, settings.firstYear);
    for (const r of own) {
      const e = linearExpected(line, r.fiscalYear);
      const ratio = r.actual !== null && e.kind === 'value' ? expectedRatio(r.actual, e.value, line, options.tolerance) : null;
      const share = r.actual !== null ? elapsedShare(r.actual, r.fiscalYear, line) : null;
      const e2 = planExpected(line, r.fiscalYear);
      const plan = r.actual !== null && e2.kind === 'value' ? expectedRatio(r.actual, e2.value, line, options.tolerance) : null;
      rows.set(r, {
        expected: valueOf(e),
        expectedRatio: ratio ? valueOf(ratio) : null,
        expectedGrade: ratio && ratio.kind === 'value' ? gradeOf(ratio.value, EXPECTED_RATIO_SCALE).grade : '',
        expectedNote: reasonOf(e) || (ratio ? reasonOf(ratio) : ''),
        planRatio: plan ? valueOf(plan) : null,
        planNote: reasonOf(e2) || (plan ? reasonOf(plan) : ''),
        paceRatio: share ? valueOf(share.ratio) : null,
        paceNote: share ? reasonOf(share.ratio) : '',
      });
    }
    const actuals = own.filter((r) => r.actual !== null).map((r) => ({ year: r.fiscalYear, value: r.actual! }));
    const computed = indicatorOutlook(line, actuals, { asOf: settings.evaluationYear, cut: options.cut, tolerance: options.tolerance, unit: ind.unit });
    const change = analysis.changes?.find((c) => c.kind === '変更' && c.no === ind.no && c.before?.name === ind.name);
    const successor = analysis.changes?.find((c) => c.kind === '変更' && c.no === ind.no && c.after.name === ind.name);
    const outlook = change ? replaced(computed, change, settings.evaluationYear) : successor ? revision(computed, successor) : computed;
    indicators.push({ no: ind.no, policy: ind.policy, indicator: ind.name, department: ind.reportingDept, unit: ind.unit, line, outlook });
  }
  return { rows, indicators };
}
