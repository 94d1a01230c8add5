/**
 * One indicator's outlook as of a year: both projections (F1, F2), the class from the one used, and the pace
 * (F3), each with its basis in Japanese. The class uses F2 傾向 when two or more years are measured (it rests on
 * the figures the department reported), and F1 実績ペース otherwise (one measured year and the baseline).
 */
import { NOT_COMPUTABLE, reasonOf, valueOf, type Outcome } from './result';
import { finalRatio, outlookClass, DEFAULT_OUTLOOK_CUT, type OutlookClass } from './classes';
import { pace, runRate, trend, type ForecastMethod, type Trend } from './forecast';
import { planDecimals, showValue } from './display';
import type { PlanLine, YearValue } from './plan-line';
import { formatRate } from '../rates';

export interface OutlookOptions {
  /** The year the outlook is made in (the evaluation year): later actuals are not used. */
  asOf: number;
  /** The lower bound of もう少しの努力で達成できる (Â/T); 0.8 by default. */
  cut?: number;
  /** 維持 tolerance (relative); 0 by default. */
  tolerance?: number;
  unit?: string;
}

export interface IndicatorOutlook {
  /** The latest measured year used, or null when none is. */
  latest: YearValue | null;
  runRate: Outcome;
  trend: Trend;
  /** The projection the class rests on. */
  method: ForecastMethod | null;
  projectedFinal: number | null;
  /** Â/T (mirrored for 減少), or null. */
  ratio: number | null;
  class: OutlookClass;
  /** The method, the numbers and the class, or why there is no class. */
  basis: string;
  neededPerYear: number | null;
  pacePerYear: number | null;
  /** Why `neededPerYear` / `pacePerYear` is null ('' when it is not). */
  neededReason: string;
  paceReason: string;
  /** 「あと毎年○人の増加が必要（これまで毎年○人の増加）」, or why it cannot be said. */
  paceText: string;
}

export function indicatorOutlook(line: PlanLine, actuals: readonly YearValue[], options: OutlookOptions): IndicatorOutlook {
  const unit = options.unit ?? '';
  const cut = options.cut ?? DEFAULT_OUTLOOK_CUT;
  const last = line.final ? Math.min(options.asOf, line.final.year) : options.asOf;
  const measured = actuals.filter((a) => Number.isFinite(a.year) && Number.isFinite(a.value) && a.year <= last).sort((a, b) => a.year - b.year);
  const latest = measured[measured.length - 1] ?? null;
  const finalYear = line.final?.year ?? NaN;
  const noFinal: Outcome = { kind: 'none', code: 'no-final-target', reason: '予定（目標）のある年度がないため、見込みを計算できません' };
  const f2: Trend = line.final ? trend(measured, finalYear) : { projected: noFinal, slope: null, points: measured.length };
  const f1: Outcome = !line.final
    ? noFinal
    : latest ? runRate(line, latest) : { kind: 'none', code: 'no-actual', reason: `${last}年度までに実績のある年度がないため、見込みを計算できません` };
  const method: ForecastMethod | null = f2.projected.kind === 'value' ? '傾向' : f1.kind === 'value' ? '実績ペース' : null;
  const chosen = method === '傾向' ? f2.projected : method === '実績ペース' ? f1 : null;
  const projectedFinal = chosen ? valueOf(chosen) : null;
  const ratio = projectedFinal === null ? null : finalRatio(projectedFinal, line, options.tolerance ?? 0);
  const cls = ratio ? outlookClass(ratio, cut) : NOT_COMPUTABLE;
  const decimals = planDecimals(line, measured.map((a) => a.value));
  const show = (x: number) => showValue(x, decimals, unit);

  let basis: string;
  if (projectedFinal === null || !line.final) basis = `${NOT_COMPUTABLE}（傾向: ${reasonOf(f2.projected) || '—'}／実績ペース: ${reasonOf(f1) || '—'}）`;
  else if (ratio?.kind === 'none') basis = `${NOT_COMPUTABLE}（${ratio.reason}）`;
  else {
    const how = method === '傾向' ? `傾向（実績${f2.points}年度の最小二乗）` : `実績ペース（基準値${line.baseline ? `${line.baseline.year}年度` : ''}から${latest!.year}年度の実績まで）`;
    basis = `${how}: ${line.final.year}年度の見込み ${show(projectedFinal)}、目標 ${show(line.final.value)} の${formatRate(valueOf(ratio!))}（${ratio!.kind === 'value' ? ratio!.formula : ''}）→ ${cls}`;
    if (line.baselineNote && method === '実績ペース') basis += `。${line.baselineNote}`;
  }

  const p = latest ? pace(line, latest) : null;
  const neededPerYear = p ? valueOf(p.needed) : null;
  const pacePerYear = p ? valueOf(p.soFar) : null;
  return { latest, runRate: f1, trend: f2, method, projectedFinal, ratio: ratio ? valueOf(ratio) : null, class: cls, basis, neededPerYear, pacePerYear,
    neededReason: p ? reasonOf(p.needed) : '実績のある年度がありません', paceReason: p ? reasonOf(p.soFar) : '実績のある年度がありません', paceText: paceText(p, line, show) };
}

function change(x: number, show: (x: number) => string): string {
  if (x === 0) return '変化なし';
  return `${show(Math.abs(x))}の${x > 0 ? '増加' : '減少'}`;
}

/** F3 as a sentence. A 減少 indicator needs decreases; a target already passed needs nothing more. */
function paceText(p: ReturnType<typeof pace> | null, line: PlanLine, show: (x: number) => string): string {
  if (!p) return `${NOT_COMPUTABLE}（実績のある年度がありません）`;
  const soFar = p.soFar.kind === 'value' ? `これまで毎年${change(p.soFar.value, show)}` : `これまでの年増分は${NOT_COMPUTABLE}: ${p.soFar.reason}`;
  if (p.needed.kind === 'none') return `必要な年増分は${NOT_COMPUTABLE}: ${p.needed.reason}（${soFar}）`;
  const n = p.needed.value;
  const reached = line.direction === '減少' ? n >= 0 : line.direction === '増加' ? n <= 0 : false;
  const need = reached ? '目標の水準に達しています' : `あと毎年${change(n, show)}が必要`;
  return `${need}（${soFar}）`;
}
