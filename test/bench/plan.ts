/**
 * Generated plans for the bench: `tabs` department tabs with `perTab` indicators each over five fiscal years,
 * with typed 実績 in the forms people use (text with units, bare numbers, 約, 未測定, full-width digits, empty),
 * so the rollup parses, rates and grades real entries rather than empty cells.
 */
import type { PlanInput, SeedEntry } from '../../src/core/jobs';
import type { MasterRow } from '../../src/core/layout/master';
import type { Scalar } from '../../src/core/workbook';

export const FIRST_YEAR = 2024;
export const YEARS = [2024, 2025, 2026, 2027, 2028];
/** Entries exist up to and including this year (the evaluation year). */
export const EVALUATION_YEAR = 2026;

export interface PlanSize {
  tabs: number;
  perTab: number;
}

export const sizeLabel = (s: PlanSize) => `${s.tabs} × ${s.perTab.toLocaleString('en-US')}`;
export const indicatorsOf = (s: PlanSize) => s.tabs * s.perTab;

/** Measured plans grouped by one dimension of their size, each group sorted by the other. */
export function groupPlans<R extends { size: PlanSize }>(results: R[], key: (s: PlanSize) => number, order: (s: PlanSize) => number): Map<number, R[]> {
  const groups = new Map<number, R[]>();
  for (const r of results) groups.set(key(r.size), [...(groups.get(key(r.size)) ?? []), r].sort((x, y) => order(x.size) - order(y.size)));
  return groups;
}

/** The largest of figures compared across groups (0 when there are none). */
export const worst = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);

export const deptName = (d: number) => `部門${String(d + 1).padStart(3, '0')}`;

const UNITS = ['件', '%', '人', '時間'];

function target(i: number, fy: number): Scalar {
  const base = 100 + (i % 37) * 10;
  const v = base + (fy - FIRST_YEAR) * 20;
  // A mix of the forms a coordinator types into 計画マスタ.
  if (i % 5 === 0) return v;
  if (i % 11 === 0 && fy === FIRST_YEAR) return '-';
  return `${v.toLocaleString('en-US')}${UNITS[i % UNITS.length]}`;
}

function actual(i: number, fy: number): Scalar {
  const t = 100 + (i % 37) * 10 + (fy - FIRST_YEAR) * 20;
  const v = Math.round(t * (0.5 + ((i * 7 + fy) % 9) / 10));
  const unit = UNITS[i % UNITS.length];
  switch ((i + fy) % 8) {
    case 0:
      // Typed into a text-formatted entry cell, a plain number stays text.
      return String(v);
    case 1:
      return '未測定';
    case 2:
      return `約${v}${unit}`;
    case 3:
      // Full-width digits.
      return `${String(v).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}${unit}`;
    case 4:
      return '';
    default:
      return `${v.toLocaleString('en-US')}${unit}`;
  }
}

export function generatedPlan(size: PlanSize): PlanInput {
  const master: MasterRow[] = [];
  for (let d = 0; d < size.tabs; d++)
    for (let i = 0; i < size.perTab; i++) {
      const n = d * size.perTab + i;
      master.push({
        no: n + 1,
        policy: `基本方針${(n % 4) + 1}`,
        theme: `取組${(n % 12) + 1}`,
        actionPlan: `アクションプラン${n + 1}`,
        name: `指標${n + 1}`,
        unit: UNITS[n % UNITS.length],
        direction: n % 13 === 0 ? '減少' : undefined,
        baseline: n % 13 === 0 ? 1000 : undefined,
        reportingDept: deptName(d),
        ownerDepts: deptName(d),
        relatedDepts: '',
        targets: Object.fromEntries(YEARS.map((fy) => [fy, n % 13 === 0 ? 900 - (fy - FIRST_YEAR) * 20 : target(n, fy)])),
      });
    }
  return {
    settings: { title: '計測用の計画', firstYear: FIRST_YEAR, lastYear: YEARS[YEARS.length - 1], evaluationYear: EVALUATION_YEAR, coordinatorDept: deptName(0), coordinators: ['owner@example.jp'] },
    master,
  };
}

/**
 * 実績 for every indicator up to the evaluation year, as departments would have typed them. One cell, in the first
 * tab only, holds a number: someone turned it back to a number format (its tab then needs its number formats read).
 */
export function generatedEntries(plan: PlanInput): SeedEntry[] {
  return plan.master.map((m) => ({
    dept: m.reportingDept,
    no: m.no,
    name: m.name,
    actuals: Object.fromEntries(YEARS.filter((fy) => fy <= EVALUATION_YEAR).map((fy) => [fy, m.no === 1 && fy === EVALUATION_YEAR ? 1234 : actual(m.no, fy)])),
  }));
}
