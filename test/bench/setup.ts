/**
 * Section 2b: service calls of 部門シート作成・更新 (menuSetup) in Sheets, next to 集計's: the built bundle
 * (build/shinchoku.js and build/entry.js) run on the fakes through test/gas/bundle-harness.ts, as Apps Script runs
 * it, counted by test/gas/setup-calls.ts (the same count test/gas/setup-calls.test.ts budgets). Per plan: the first
 * run (設定 and 計画マスタ only, every tab created), a re-run after 実績 were typed (every tab rewritten, entries kept),
 * and a 年度確定 (shown beside them). Budget (issue 11, Deliver 7): at most SETUP_CALLS_PER_TAB calls per department
 * tab in both setup runs, and no more calls for more indicators; plus the largest plan one run fits in 6 minutes.
 */
import { RESERVED_SHEETS, SHEET } from '../../src/core/layout/sheet-names';
import { createEnvironment } from '../gas/fakes';
import { callsPerTab, countSetup, type SetupCounts } from '../gas/setup-calls';
import { readBuilt } from './built';
import { GROWTH, type RunCounts } from './calls';
import { planKey, type Figures } from './figures';
import { EXECUTION_LIMIT_S, MAX_CELLS, estimate, type Estimate } from './latency';
import { ChildError, now, tryInChild } from './measure';
import { EVALUATION_YEAR, generatedEntries, generatedPlan, groupPlans, indicatorsOf, sizeLabel, worst, type PlanSize } from './plan';
import { fmt, sec, type Section } from './table';

/** Budget (issue 11, Deliver 7): service calls per department tab, first run and re-run alike. */
export const SETUP_CALLS_PER_TAB = 20;
/** A plan of this many tabs should fit one execution; below it, setup has to resume across runs (Deliver 7). */
export const TABS_TO_FIT = 300;
/** The year closed: one without entries (年度確定 refuses a year whose entries the check rejects, as some generated ones are). */
const CLOSE_YEAR = EVALUATION_YEAR + 1;

const RUNS = ['first', 'rerun'] as const;
type Run = (typeof RUNS)[number];

export interface SetupRun extends RunCounts {
  /** Cells of the sheets the run reads: 設定 and 計画マスタ, and on a re-run or a close the department tabs too. */
  cellsRead: number;
  /** Cells of the department tabs (each run writes each whole tab). */
  cellsWritten: number;
}

export interface SetupResult extends SetupCounts {
  size: PlanSize;
  first: SetupRun;
  rerun: SetupRun;
  closeYear: SetupRun;
  /** Cells of every sheet's grid at the end (Sheets' 10 M limit counts these). */
  gridCells: number;
  /** Wall time of the three runs on the fakes, seeding included (not a Sheets figure). */
  fakeSeconds: number;
}

/** In a child: the three runs counted on a generated plan, and the cells they move (the tabs keep their shape). */
export function runSetup(size: PlanSize): SetupResult {
  const env = createEnvironment({ strictGrid: true, limits: { maxCells: Number.MAX_SAFE_INTEGER } });
  const plan = generatedPlan(size);
  const t = now();
  const counts = countSetup(readBuilt(), plan, generatedEntries(plan), CLOSE_YEAR, env);
  const fakeSeconds = (now() - t) / 1000;
  const cells = (keep: (name: string) => boolean) =>
    env.spreadsheet.getSheets().filter((s) => keep(s.getName())).reduce((n, s) => n + s.getLastRow() * s.getLastColumn(), 0);
  const planCells = cells((name) => name === SHEET.settings || name === SHEET.master);
  const tabCells = cells((name) => !RESERVED_SHEETS.includes(name));
  const gridCells = env.spreadsheet.getSheets().reduce((n, s) => n + s.getMaxRows() * s.getMaxColumns(), 0);
  return {
    size,
    tabs: counts.tabs,
    first: { ...counts.first, cellsRead: planCells, cellsWritten: tabCells },
    rerun: { ...counts.rerun, cellsRead: planCells + tabCells, cellsWritten: tabCells },
    closeYear: { ...counts.closeYear, cellsRead: planCells + tabCells, cellsWritten: tabCells },
    gridCells,
    fakeSeconds,
  };
}

const growth = (r: RunCounts) => GROWTH.reduce((n, m) => n + (r.counts[m] ?? 0), 0);
const seconds = (r: SetupRun): Estimate => estimate(r.counts, r.cellsRead, r.cellsWritten);

/**
 * The most tabs of `perTab` indicators one run fits in: the 6 minutes (on the costlier run's high estimate, a line
 * through the measured plans' seconds) and the 10 M cells (a line through their grid cells).
 */
function maxTabs(a: SetupResult, z: SetupResult, high: boolean): { tabs: number; limitedBy: string } {
  const secs = (r: SetupResult) => Math.max(...RUNS.map((run) => (high ? seconds(r[run]).high : seconds(r[run]).low)));
  const line = (y: (r: SetupResult) => number, limit: number) => {
    const slope = (y(z) - y(a)) / (z.size.tabs - a.size.tabs);
    return slope <= 0 ? Number.MAX_SAFE_INTEGER : Math.floor(a.size.tabs + (limit - y(a)) / slope);
  };
  const byTime = line(secs, EXECUTION_LIMIT_S);
  const byCells = line((r) => r.gridCells, MAX_CELLS);
  return byTime <= byCells ? { tabs: Math.max(0, byTime), limitedBy: 'the 6 minutes' } : { tabs: Math.max(0, byCells), limitedBy: 'the 10 M cells' };
}

export function setupSection(sizes: PlanSize[], figures: Figures): Section {
  const crashed: string[][] = [];
  const results = sizes
    .map((size) => {
      const r = tryInChild<SetupResult>({ kind: 'setup', size });
      if (!(r instanceof ChildError)) return r;
      figures.fail(`部門シート作成・更新 failed on ${sizeLabel(size)}: ${r.reason}`);
      crashed.push([sizeLabel(size), r.reason]);
      return undefined;
    })
    .filter((r): r is SetupResult => r !== undefined);

  const rows = results.map((r) => {
    const key = (name: string) => `setup.plan.${planKey(r.size)}.${name}`;
    const [first, rerun] = [figures.put(key('first.calls'), r.first.total, 'calls'), figures.put(key('rerun.calls'), r.rerun.total, 'calls')];
    const [ef, er] = [seconds(r.first), seconds(r.rerun)];
    figures.put(key('first.sheetsSecondsHigh'), ef.high, 's');
    figures.put(key('rerun.sheetsSecondsHigh'), er.high, 's');
    const fits = Math.max(ef.high, er.high) <= EXECUTION_LIMIT_S ? 'yes' : Math.max(ef.low, er.low) <= EXECUTION_LIMIT_S ? 'maybe' : 'no';
    return [sizeLabel(r.size), indicatorsOf(r.size), first, fmt(first / r.size.tabs, 1), rerun, fmt(rerun / r.size.tabs, 1), `${sec(ef.low)} – ${sec(ef.high)}`, `${sec(er.low)} – ${sec(er.high)}`, fits];
  });

  // Calls per added tab: same indicators per tab, fewest against most tabs. Grid growth (a tab past 1,000 rows) is
  // a per-tab cost here, so it stays in.
  const slopes: Record<Run | 'closeYear', number[]> = { first: [], rerun: [], closeYear: [] };
  const slopeRows: (string | number)[][] = [];
  const fitRows: string[][] = [];
  const methods = new Map<string, Record<Run, number>>();
  const byRows = [...groupPlans(results, (s) => s.perTab, (s) => s.tabs)].filter(([, list]) => list.length >= 2);
  for (const [rowsPerTab, list] of byRows) {
    const [a, z] = [list[0], list[list.length - 1]];
    const [first, rerun, close] = ([...RUNS, 'closeYear'] as const).map((run) => {
      const v = figures.put(`setup.rows${rowsPerTab}.${run}.callsPerTab`, callsPerTab(a, z, run), 'calls/tab');
      slopes[run].push(v);
      return v;
    });
    slopeRows.push([`${rowsPerTab} per tab (${a.size.tabs} → ${z.size.tabs} tabs)`, fmt(first), fmt(rerun), fmt(close), `${fmt(callsPerTab(a, z, 'first', 'Sheet.insertRowsAfter'))} / ${fmt(callsPerTab(a, z, 'rerun', 'Sheet.insertRowsAfter'))}`]);
    if (rowsPerTab === byRows[byRows.length - 1][0])
      for (const run of RUNS)
        for (const m of Object.keys(z[run].counts)) {
          const v = callsPerTab(a, z, run, m);
          if (v !== 0) methods.set(m, { ...(methods.get(m) ?? { first: 0, rerun: 0 }), [run]: v });
        }
    const [high, low] = [maxTabs(a, z, true), maxTabs(a, z, false)];
    figures.put(`setup.fit.rows${rowsPerTab}.maxTabs`, high.tabs, 'tabs');
    figures.put(`setup.fit.rows${rowsPerTab}.maxTabsLowEstimate`, low.tabs, 'tabs');
    const fits = figures.put(`setup.fit.rows${rowsPerTab}.fits${TABS_TO_FIT}Tabs`, high.tabs >= TABS_TO_FIT, 'yes');
    fitRows.push([
      `${rowsPerTab} per tab`, `≈ ${fmt(high.tabs)} tabs (limited by ${high.limitedBy})`, `≈ ${fmt(low.tabs)} tabs`,
      fits ? 'yes' : `no: below ${TABS_TO_FIT} tabs, setup must resume where it stopped on the next run`,
    ]);
  }
  figures.put('setup.closeYear.callsPerTab', worst(slopes.closeYear), 'calls/tab');
  for (const run of RUNS)
    figures.check(`setup.${run}.callsPerTab`, worst(slopes[run]), 'calls/tab', '<=', SETUP_CALLS_PER_TAB, (v) =>
      `部門シート作成・更新 (${run === 'first' ? 'first run' : 're-run'}): ${fmt(v)} calls per department tab > ${SETUP_CALLS_PER_TAB}`,
    );

  // Independence from indicators: same tabs, fewest against most indicators per tab, grid growth aside.
  const extra: Record<Run, number[]> = { first: [], rerun: [] };
  const rowRows: (string | number)[][] = [];
  for (const [tabs, list] of groupPlans(results, (s) => s.tabs, (s) => s.perTab)) {
    if (list.length < 2) continue;
    const [a, z] = [list[0], list[list.length - 1]];
    const [first, rerun] = RUNS.map((run) => {
      const v = figures.put(`setup.tabs${tabs}.${run}.extraCallsWithRows`, z[run].total - growth(z[run]) - (a[run].total - growth(a[run])), 'calls');
      extra[run].push(v);
      return v;
    });
    rowRows.push([`${tabs} tabs`, `${a.size.perTab} → ${z.size.perTab}`, `${a.first.total} → ${z.first.total}`, first, `${a.rerun.total} → ${z.rerun.total}`, rerun]);
  }
  for (const run of RUNS)
    figures.check(`setup.${run}.extraCallsWithRows`, worst(extra[run]), 'calls', '<=', 0, (v) =>
      `部門シート作成・更新 (${run === 'first' ? 'first run' : 're-run'}) grows with indicators: +${fmt(v)} calls besides grid growth between the fewest and most indicators per tab`,
    );

  const widest = byRows.at(-1);
  return {
    title: '2b. Service calls of 部門シート作成・更新 in Sheets, next to 集計\'s',
    intro: [
      '部門シート作成・更新 (menuSetup: document lock, coordinator check, every department tab written, 変更履歴, protections, flush, alert) run',
      'from the built bundle (build/shinchoku.js, build/entry.js) in a fresh vm context over the fakes of test/gas/fakes, on the generated',
      'plans of section 1 after 初期設定, counted by test/gas/setup-calls.ts: the first run (every tab created), a re-run after 実績 were',
      'typed (every tab rewritten, entries kept), then a 年度確定. Seconds from the latencies of section 2 (platform-facts.md §4, fact 52).',
    ],
    tables: [
      {
        title: 'Calls per 部門シート作成・更新',
        head: ['tabs × indicators per tab', 'indicators', 'calls, first run', 'first ÷ tabs', 'calls, re-run', 're-run ÷ tabs', 'Sheets, first run', 'Sheets, re-run', 'fits 6 min'],
        rows,
      },
      {
        title: 'Calls per added tab (setup next to 集計)',
        head: ['plans compared', 'first run: calls per tab', 're-run: calls per tab', '年度確定: calls per tab', 'of which insertRowsAfter (first / re-run)'],
        rows: slopeRows,
        notes: [
          `Budget: at most ${SETUP_CALLS_PER_TAB} calls per department tab, first run and re-run (issue 11, Deliver 7); 集計 costs at most 2 (section 1).`,
          'A tab past Sheets\' default 1,000 rows costs its grid growth (getMaxRows and one insertRowsAfter) on top, counted here.',
          `年度確定 (closing ${CLOSE_YEAR}, a year without entries) rewrites every tab too; shown for comparison, its budget is checked by test/gas/setup-calls.test.ts.`,
        ],
      },
      ...(widest
        ? [{
            title: `Methods that grow with tabs (calls per added tab, ${widest[0]} indicators per tab)`,
            head: ['method', 'first run', 're-run'],
            rows: [...methods].sort((x, y) => y[1].first + y[1].rerun - x[1].first - x[1].rerun || x[0].localeCompare(y[0])).map(([m, v]) => [m, fmt(v.first), fmt(v.rerun)]),
          }]
        : []),
      {
        title: 'Calls against indicators per tab',
        head: ['plan', 'indicators per tab', 'first run', 'difference besides grid growth', 're-run', 'difference besides grid growth'],
        rows: rowRows,
        notes: ['Budget: no more calls for more indicators (the grid growth of a tab past 1,000 rows aside).'],
      },
      {
        title: 'Largest plan one 部門シート作成・更新 fits (6 minutes, 10 M cells)',
        head: ['indicators per tab', 'most tabs (high estimate)', 'most tabs (low estimate)', `${TABS_TO_FIT} tabs fit`],
        rows: fitRows,
        notes: [
          'A line through the measured plans\' seconds (the costlier of the first run and the re-run) and grid cells, per indicators per tab.',
          'Protections, validations and 変更履歴 calls are charged as document reads or writes (0.2–0.3 s each, fact 52); builders and range',
          'handles as free (latency.ts). The estimate is only as good as that assumption.',
        ],
      },
      ...(crashed.length ? [{ title: '部門シート作成・更新 failed', head: ['plan', 'error'], rows: crashed }] : []),
    ],
  };
}
