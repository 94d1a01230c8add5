/**
 * The call budget of 部門シート作成・更新 and 年度確定 (issue 11, Deliver 7): at most 20 service calls per department
 * tab, first run, re-run and year close alike, and no more for more indicators. 集計's budget (2 per tab) is checked
 * by test/gas/sheet-ids.test.ts and the bench.
 */
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { generatedEntries, generatedPlan, type PlanSize } from '../bench/plan';
import { buildProject, type Built } from './bundle-harness';
import { SETUP_RUNS, callsPerTab, countSetup, type SetupCounts } from './setup-calls';

const BUDGET = 20;

let built: Built;
beforeAll(() => {
  built = buildProject();
});

const counted = new Map<string, SetupCounts>();
/** Counted once per size for all tests. */
const generated = (size: PlanSize) => {
  const key = `${size.tabs}x${size.perTab}`;
  if (!counted.has(key)) {
    const plan = generatedPlan(size);
    // A year without entries: the generated 実績 include forms the check rejects, and 年度確定 refuses a year with those.
    counted.set(key, countSetup(built, plan, generatedEntries(plan), 2027));
  }
  return counted.get(key)!;
};

/** The demo plan with only its first `n` reporting departments. */
function demo(n: number): SetupCounts {
  const depts = [...new Set(demoMaster.map((m) => m.reportingDept))].slice(0, n);
  const master = demoMaster.filter((m) => depts.includes(m.reportingDept));
  return countSetup(built, { settings: { ...demoSettings, coordinators: ['owner@example.jp'] }, master }, demoEntries.filter((e) => depts.includes(e.dept)), 2020);
}

/** Calls a tab past Sheets' default 1,000 rows costs once, to grow its grid. */
const growth = (c: SetupCounts, run: 'first' | 'rerun' | 'closeYear') => c[run].counts['Sheet.insertRowsAfter'] ?? 0;

/** Each run's calls per tab; a run that wrote no tab would cost ~0, so that fails too. */
function expectWithinBudget(a: SetupCounts, z: SetupCounts): void {
  const perTab = Object.fromEntries(SETUP_RUNS.map((run) => [run, callsPerTab(a, z, run)]));
  expect(Object.entries(perTab).filter(([, v]) => v > BUDGET || v < 5)).toEqual([]);
}

test.each([
  [100, 3, 6],
  [1000, 2, 4],
])('generated plans, %i indicators per tab: at most 20 calls per tab in every run', (perTab, fewer, more) => {
  expectWithinBudget(generated({ tabs: fewer, perTab }), generated({ tabs: more, perTab }));
});

test('the demo plan (9 departments): at most 20 calls per tab in every run', () => {
  expectWithinBudget(demo(3), demo(9));
});

test('calls do not grow with indicators: 100 and 1,000 per tab cost the same, grid growth aside', () => {
  const [a, z] = [generated({ tabs: 2, perTab: 100 }), generated({ tabs: 2, perTab: 1000 })];
  for (const run of SETUP_RUNS) expect([run, z[run].total - growth(z, run)]).toEqual([run, a[run].total - growth(a, run)]);
});
