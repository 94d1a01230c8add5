/** Outlook values for people: as many decimals as the plan writes its own figures (storage stays unrounded). */
import { formatValue } from '../parse/format';
import type { PlanLine } from './plan-line';

const MAX_DECIMALS = 3;

function decimalsOf(x: number): number {
  const m = /\.(\d+)$/.exec(String(Math.abs(x)));
  return m ? Math.min(m[1]!.length, MAX_DECIMALS) : 0;
}

/**
 * The most decimals among the plan's 予定 and 基準値 and the `actuals` given (No.5 writes whole 人, so a pace of
 * 5,513.5人 shows as 5,514人; No.12 writes 71.4%, so one decimal).
 */
export function planDecimals(line: PlanLine, actuals: readonly number[] = []): number {
  const values = [...line.targets.values(), ...(line.baseline ? [line.baseline.value] : []), ...actuals];
  return values.reduce((d, v) => Math.max(d, decimalsOf(v)), 0);
}

/** A value rounded half away from zero to `decimals`, with grouping and the unit (`155,892人`). */
export function showValue(x: number, decimals: number, unit: string): string {
  const f = 10 ** decimals;
  const r = Math.sign(x) * Math.round(Math.abs(x) * f) / f;
  return formatValue(Number.isFinite(r) ? r : x, unit);
}
