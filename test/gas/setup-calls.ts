/**
 * Service calls of 部門シート作成・更新 and 年度確定 per department tab, counted on the fakes through the built bundle
 * (as env.calls counts them: every method call script code makes on a service object). A plan is put in with the
 * add-in's own jobs from the source, uncounted; then, counted: the first setup (every tab created), a re-run after
 * 実績 were typed (every tab rewritten, entries kept), and a 年度確定 (every tab rewritten with the year locked).
 * Calls per tab are the slope between two plans that differ only in their number of tabs, so what a job costs once
 * (lock, menu, 設定 and 計画マスタ, 変更履歴) is not charged to the tabs. For the bench and test/gas/setup-calls.test.ts.
 */
import { initWorkbook, setupDepartmentTabs, type PlanInput, type SeedEntry } from '../../src/core/jobs';
import { SheetsWorkbook } from '../../src/gas/sheets-workbook';
import { addon, type Built } from './bundle-harness';
import { createEnvironment } from './fakes';

export interface JobCounts {
  total: number;
  counts: Record<string, number>;
}

export interface SetupCounts {
  tabs: number;
  first: JobCounts;
  rerun: JobCounts;
  closeYear: JobCounts;
}

export type SetupRun = 'first' | 'rerun' | 'closeYear';
export const SETUP_RUNS: readonly SetupRun[] = ['first', 'rerun', 'closeYear'];

/**
 * Counts the three runs on `plan` (its tabs = its reporting departments); `entries` are typed before the re-run.
 * Pass `env` to look at the workbook afterwards (the bench reads its cells).
 */
export function countSetup(
  built: Built, plan: PlanInput, entries: SeedEntry[], closeYear: number,
  env = createEnvironment({ strictGrid: true, limits: { maxCells: Number.MAX_SAFE_INTEGER } }),
): SetupCounts {
  env.setAuthMode('FULL');
  const seed = (job: (book: SheetsWorkbook) => void) => env.withGlobals(() => job(new SheetsWorkbook(env.globals.SpreadsheetApp.getActiveSpreadsheet())));
  const { call } = addon(built, env);
  const count = (title: string, job: () => void): JobCounts => {
    env.resetCalls();
    job();
    const alert = env.ui.alerts.at(-1);
    if (alert?.title !== title) throw new Error(`${title} failed: ${alert?.title} ${alert?.prompt}`);
    return { total: env.calls.total, counts: env.callCounts() };
  };
  seed((book) => initWorkbook(book, plan));
  const first = count('部門シート作成・更新', () => call('menuSetup'));
  seed((book) => setupDepartmentTabs(book, entries));
  const rerun = count('部門シート作成・更新', () => call('menuSetup'));
  env.ui.promptTexts.push(String(closeYear));
  env.ui.responses.push('OK');
  const close = count('年度確定', () => call('menuCloseYear'));
  return { tabs: new Set(plan.master.map((m) => m.reportingDept)).size, first, rerun, closeYear: close };
}

/** Calls per added tab between two counts, of the total or of one method. */
export function callsPerTab(a: SetupCounts, z: SetupCounts, run: SetupRun, method?: string): number {
  const n = (c: SetupCounts) => (method ? c[run].counts[method] ?? 0 : c[run].total);
  return (n(z) - n(a)) / (z.tabs - a.tabs);
}
