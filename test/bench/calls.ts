/**
 * Sections 1 and 2: service calls of 集計 on the fakes (test/gas/fakes), batched (the add-in's SheetsWorkbook)
 * against a per-cell reference, and the seconds they would take in Sheets. The batched 集計 is counted twice on the
 * same workbook: the first one, and the one after it (the steady state coordinators run daily, with the sheet ids
 * cached in the document's properties by src/gas/sheet-ids.ts). Budgets are checked on the steady state.
 */
import { initWorkbook, rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { RESERVED_SHEETS, SHEET } from '../../src/core/layout/sheet-names';
import { rollup, withDocumentLock } from '../../src/gas/addon';
import { SheetsWorkbook } from '../../src/gas/sheets-workbook';
import { createEnvironment, type FakeEnvironment } from '../gas/fakes';
import { planKey, type Figures } from './figures';
import { EXECUTION_LIMIT_S, LATENCY_SOURCES, MAX_CELLS, estimate, type Estimate } from './latency';
import { ChildError, now, peakRss, tryInChild } from './measure';
import { NaiveSheetsWorkbook } from './naive-workbook';
import { generatedEntries, generatedPlan, groupPlans, indicatorsOf, sizeLabel, worst, type PlanSize } from './plan';
import { fmt, ratio, sec, type Section } from './table';

export type Impl = 'batched' | 'naive';

export interface RunCounts {
  total: number;
  counts: Record<string, number>;
}

export interface CallsResult {
  size: PlanSize;
  impl: Impl;
  /** The first 集計 on the workbook (no sheet ids cached yet). */
  first: RunCounts;
  /** A 集計 after a 集計. The per-cell reference keeps nothing between runs, so it runs once and both are that run. */
  steady: RunCounts;
  cellsRead: number;
  cellsWritten: number;
  /** Cells of every sheet's grid after the rollup (Sheets' 10 M limit counts these). */
  gridCells: number;
  /** Wall time of the run on the fakes (not a Sheets figure). */
  fakeSeconds: number;
  peakRss: number;
}

/** Budget (issue 6): calls per department tab in the steady state, link ids included, whatever the number of rows. */
export const CALLS_PER_TAB = 2;
/** A first 集計 fetches each sheet's id once (getSheetId), to link its tabs and fill the cache. */
export const FIRST_RUN_IDS_PER_TAB = 1;
/** PropertiesService calls of the sheet-id cache, part of the constant: getDocumentProperties and getProperty every 集計, setProperty when the tab list changed. */
export const CACHE_CALLS = { steady: 2, first: 3 };
const isCacheCall = (method: string) => /^(PropertiesService|Properties)\./.test(method);
const cacheCalls = (r: RunCounts) => Object.entries(r.counts).reduce((n, [m, c]) => n + (isCacheCall(m) ? c : 0), 0);
const cacheDetail = (r: RunCounts) =>
  Object.entries(r.counts)
    .filter(([m]) => isCacheCall(m))
    .map(([m, c]) => `${m.split('.')[1]} ${c}`)
    .join(', ') || 'none';
/** Calls that grow a written sheet's grid (at most 6 for each of 達成状況 and 検証結果: two reads and one insert for rows, the same for columns). */
export const GROWTH = ['Sheet.getMaxRows', 'Sheet.getMaxColumns', 'Sheet.insertRowsAfter', 'Sheet.insertColumnsAfter'];
const MAX_GROWTH = 2 * 6;

const MENU_ALERT_TITLE = '集計';

/**
 * Puts a generated plan into the fakes through the add-in's own jobs (初期設定, 部門シート作成), as a coordinator
 * would. The fakes' globals must be installed (env.install).
 */
export function seedPlan(env: FakeEnvironment, size: PlanSize): void {
  const plan = generatedPlan(size);
  const ss = () => env.globals.SpreadsheetApp.getActiveSpreadsheet();
  initWorkbook(new SheetsWorkbook(ss()), plan);
  setupDepartmentTabs(new SheetsWorkbook(ss()), generatedEntries(plan));
}

/** In a child: seeds a generated plan through the add-in's own jobs, then counts one 集計. */
export function runCalls(size: PlanSize, impl: Impl): CallsResult {
  // The 10 M-cell limit is checked from the result (gridCells) rather than enforced, so the biggest plans still count.
  const env = createEnvironment({ strictGrid: impl === 'batched', limits: { maxCells: Number.MAX_SAFE_INTEGER } });
  env.setAuthMode('FULL');
  const restore = env.install(globalThis);
  try {
    seedPlan(env, size);
    const readByRollup = (name: string) => !RESERVED_SHEETS.includes(name) || name === SHEET.settings || name === SHEET.master;
    const read = env.spreadsheet.getSheets().filter((s) => readByRollup(s.getName()));
    const cellsRead = read.reduce((n, s) => n + s.getLastRow() * s.getLastColumn(), 0);
    const count = (): RunCounts => {
      env.resetCalls();
      if (impl === 'batched') rollup();
      else {
        const ui = SpreadsheetApp.getUi();
        withDocumentLock(() => rollupWorkbook(new NaiveSheetsWorkbook(SpreadsheetApp.getActiveSpreadsheet())));
        ui.alert(MENU_ALERT_TITLE, '', ui.ButtonSet.OK);
      }
      const alert = env.ui.alerts.at(-1);
      if (alert?.title !== MENU_ALERT_TITLE) throw new Error(`集計 failed: ${alert?.title} ${alert?.prompt}`);
      return { total: env.calls.total, counts: env.callCounts() };
    };
    const first = impl === 'batched' ? count() : undefined;
    const t = now();
    const steady = count();
    const fakeSeconds = (now() - t) / 1000;
    const written = [SHEET.summary, SHEET.findings].map((n) => env.spreadsheet.getSheetByName(n)!);
    const cellsWritten = written.reduce((n, s) => n + s.getLastRow() * s.getLastColumn(), 0);
    const gridCells = env.spreadsheet.getSheets().reduce((n, s) => n + s.getMaxRows() * s.getMaxColumns(), 0);
    return { size, impl, first: first ?? steady, steady, cellsRead, cellsWritten, gridCells, fakeSeconds, peakRss: peakRss() };
  } finally {
    restore();
  }
}

type Run = 'first' | 'steady';
const RUNS = ['first', 'steady'] as const;

/** Calls per tab from two plans with the same rows per tab; by method when `method` is given. */
function slope(a: CallsResult, b: CallsResult, method?: string, run: Run = 'steady'): number {
  const n = (r: CallsResult) => (method ? r[run].counts[method] ?? 0 : r[run].total);
  return (n(b) - n(a)) / (b.size.tabs - a.size.tabs);
}


export function callsSection(sizes: PlanSize[], naiveSizes: PlanSize[], figures: Figures): Section {
  const crashed: (string | number)[][] = [];
  const measure = (size: PlanSize, impl: Impl): CallsResult | undefined => {
    const r = tryInChild<CallsResult>({ kind: 'calls', size, impl });
    if (!(r instanceof ChildError)) return r;
    figures.fail(`集計 (${impl}) failed on ${sizeLabel(size)}: ${r.reason}`);
    crashed.push([sizeLabel(size), impl, r.reason]);
    return undefined;
  };
  const batched = sizes.map((s) => measure(s, 'batched')).filter((r): r is CallsResult => r !== undefined);
  const naive = new Map<string, CallsResult>();
  for (const s of naiveSizes) {
    const r = measure(s, 'naive');
    if (r) naive.set(sizeLabel(s), r);
  }
  const key = (b: CallsResult, name: string) => `rollup.plan.${planKey(b.size)}.${name}`;

  // Section 1: counts, per-cell reference and ratio (against the steady state).
  const rows = batched.map((b) => {
    const n = naive.get(sizeLabel(b.size));
    const first = figures.put(key(b, 'first.calls'), b.first.total, 'calls');
    const s = figures.put(key(b, 'steady.calls'), b.steady.total, 'calls');
    const perCell = n && figures.put(key(b, 'perCell.calls'), n.steady.total, 'calls');
    return [sizeLabel(b.size), indicatorsOf(b.size), first, s, fmt(s / b.size.tabs, 2), perCell ?? 'not run', perCell ? ratio(perCell / s) : '–'];
  });

  // The cache: its own PropertiesService calls, and no getSheetId once it holds the tabs.
  const cacheRows = batched.map((b) => {
    for (const run of RUNS)
      figures.check(key(b, `${run}.cacheCalls`), cacheCalls(b[run]), 'calls', '<=', CACHE_CALLS[run], (v) => `${v} PropertiesService calls in the ${run} 集計 on ${sizeLabel(b.size)} (at most ${CACHE_CALLS[run]})`);
    figures.check(key(b, 'steady.sheetIds'), b.steady.counts['Sheet.getSheetId'] ?? 0, 'calls', '<=', 0, (v) => `${v} getSheetId in the steady 集計 on ${sizeLabel(b.size)} (the cache should give every id)`);
    return [sizeLabel(b.size), cacheDetail(b.first), cacheDetail(b.steady), b.first.counts['Sheet.getSheetId'] ?? 0, b.steady.counts['Sheet.getSheetId'] ?? 0];
  });

  // Per-tab slope (same rows per tab, fewest vs most tabs) and independence from rows (same tabs, fewest vs most rows).
  // Growing the grid of 達成状況 or 検証結果 past Sheets' default 1,000 rows costs up to 3 calls per written sheet, once,
  // whatever the plan; those calls are checked on their own so a plan crossing that line does not pass for per-tab cost.
  const growth = (r: RunCounts) => GROWTH.reduce((n, m) => n + (r.counts[m] ?? 0), 0);
  for (const b of batched)
    for (const run of RUNS)
      figures.check(key(b, `${run}.gridGrowthCalls`), growth(b[run]), 'calls', '<=', MAX_GROWTH, (v) => `${v} grid-growth calls in the ${run} 集計 on ${sizeLabel(b.size)} (at most ${MAX_GROWTH})`);
  const perTab: string[][] = [];
  const perTabOf: Record<Run | 'firstIds', number[]> = { first: [], steady: [], firstIds: [] };
  const methods = new Set<string>();
  for (const [rowsPerTab, list] of groupPlans(batched, (s) => s.perTab, (s) => s.tabs)) {
    if (list.length < 2) continue;
    const [a, z] = [list[0], list[list.length - 1]];
    for (const run of RUNS) for (const m of Object.keys(z[run].counts)) if (slope(a, z, m, run) !== 0 && !GROWTH.includes(m)) methods.add(m);
    const callsPerTab = (run: Run) =>
      figures.put(`rollup.rows${rowsPerTab}.${run}.callsPerTab`, slope(a, z, undefined, run) - (growth(z[run]) - growth(a[run])) / (z.size.tabs - a.size.tabs), 'calls/tab');
    const [steady, first] = [callsPerTab('steady'), callsPerTab('first')];
    const ids = slope(a, z, 'Sheet.getSheetId');
    const firstIds = figures.put(`rollup.rows${rowsPerTab}.first.sheetIdsPerTab`, slope(a, z, 'Sheet.getSheetId', 'first'), 'calls/tab');
    perTabOf.steady.push(steady);
    perTabOf.first.push(first);
    perTabOf.firstIds.push(firstIds);
    perTab.push([`${rowsPerTab} per tab (${a.size.tabs} → ${z.size.tabs} tabs)`, fmt(steady), fmt(ids), fmt(first), fmt(firstIds), `${growth(a.steady)} → ${growth(z.steady)}`]);
  }
  // The headline figures: the worst of the row counts compared.
  figures.check('rollup.steady.callsPerTab', worst(perTabOf.steady), 'calls/tab', '<=', CALLS_PER_TAB, (v) => `calls per tab in the steady state ${fmt(v)} > ${CALLS_PER_TAB}`);
  figures.put('rollup.first.callsPerTab', worst(perTabOf.first), 'calls/tab');
  figures.check('rollup.first.sheetIdsPerTab', worst(perTabOf.firstIds), 'calls/tab', '<=', FIRST_RUN_IDS_PER_TAB, (v) => `getSheetId per tab in the first 集計 ${fmt(v)} > ${FIRST_RUN_IDS_PER_TAB}`);

  const rowGrowth: (string | number)[][] = [];
  const extraWithRows: Record<Run, number[]> = { first: [], steady: [] };
  for (const [tabs, list] of groupPlans(batched, (s) => s.tabs, (s) => s.perTab)) {
    if (list.length < 2) continue;
    const [a, z] = [list[0], list[list.length - 1]];
    const extraOf = (run: Run) => {
      const extra = figures.put(`rollup.tabs${tabs}.${run}.extraCallsWithRows`, z[run].total - growth(z[run]) - (a[run].total - growth(a[run])), 'calls');
      extraWithRows[run].push(Math.abs(extra));
      return extra;
    };
    const [steady, first] = [extraOf('steady'), extraOf('first')];
    rowGrowth.push([`${tabs} tabs`, `${a.size.perTab} → ${z.size.perTab}`, a.steady.total, z.steady.total, `${growth(a.steady)} → ${growth(z.steady)}`, steady, first]);
  }
  for (const run of RUNS)
    figures.check(`rollup.${run}.extraCallsWithRows`, worst(extraWithRows[run]), 'calls', '<=', 0, (v) => `calls grow with rows (${run} 集計): ${v} calls besides grid growth between the fewest and most rows per tab`);
  const widest = [...groupPlans(batched, (s) => s.perTab, (s) => s.tabs).values()].filter((l) => l.length >= 2).at(-1);
  const perMethod = widest
    ? [...methods].sort().map((m) => [m, fmt(slope(widest[0], widest[widest.length - 1], m)), fmt(slope(widest[0], widest[widest.length - 1], m, 'first'))])
    : [];

  // Section 2: seconds in Sheets, for the first 集計 (the costlier of the two: every id, and the cache written).
  const est = (r: CallsResult): Estimate => estimate(r.first.counts, r.cellsRead, r.cellsWritten);
  const timeRows = batched.map((b) => {
    const e = est(b);
    const s = estimate(b.steady.counts, b.cellsRead, b.cellsWritten);
    figures.put(key(b, 'first.sheetsSecondsLow'), e.low, 's');
    figures.put(key(b, 'first.sheetsSecondsHigh'), e.high, 's');
    figures.put(key(b, 'steady.sheetsSecondsHigh'), s.high, 's');
    const gridCells = figures.put(key(b, 'gridCells'), b.gridCells, 'cells');
    const n = naive.get(sizeLabel(b.size));
    const ne = n && est(n);
    const fitsTime = e.high <= EXECUTION_LIMIT_S ? 'yes' : e.low <= EXECUTION_LIMIT_S ? 'maybe' : 'no';
    return [
      sizeLabel(b.size), `${sec(e.low)} – ${sec(e.high)}`, `${sec(s.low)} – ${sec(s.high)}`, fitsTime, fmt(gridCells), gridCells <= MAX_CELLS ? 'yes' : 'no',
      ne ? `${fmt(ne.low / 3600, 1)} – ${fmt(ne.high / 3600, 1)} h` : 'not run',
    ];
  });
  const fit = largestFit(batched, figures);

  return {
    title: '1–2. Service calls of 集計 in Sheets, and what they cost',
    intro: [
      '集計 (the add-in\'s menu job: document lock, rollup, flush, alert) on the fakes of test/gas/fakes after 初期設定 and 部門シート作成 of a',
      'generated plan (5 fiscal years, entries up to the evaluation year). Counted: every call script code makes on a Google service.',
      'Each plan is counted twice on the same workbook: the first 集計, and the steady state — a 集計 after a 集計, what coordinators run',
      'daily, with every sheet\'s id cached in a document property (src/gas/sheet-ids.ts). Budgets are checked on the steady state.',
      'The reference reads and writes one cell at a time (test/bench/naive-workbook.ts); it lives only in the bench, keeps nothing',
      'between runs and is counted once.',
    ],
    tables: [
      {
        title: 'Calls per 集計',
        head: ['tabs × indicators per tab', 'indicators', 'calls, first 集計', 'calls, steady state', 'steady ÷ tabs', 'calls (per cell)', 'per cell ÷ steady'],
        rows,
        notes: [
          `Budget (steady state): at most ${CALLS_PER_TAB} calls per department tab, link ids included, plus a constant, whatever the number of rows.`,
          `The constant includes the sheet-id cache's PropertiesService calls: ${CACHE_CALLS.steady} in the steady state (getDocumentProperties, getProperty),`,
          `${CACHE_CALLS.first} when the tab list changed since the cache was written (and setProperty), as on a first 集計.`,
          'The per-cell reference grows its grid without calls (the fakes grow it for it), so its counts are a lower bound.',
        ],
      },
      {
        title: 'The sheet-id cache: PropertiesService calls and getSheetId per 集計',
        head: ['tabs × indicators per tab', 'PropertiesService, first 集計', 'PropertiesService, steady state', 'getSheetId, first 集計', 'getSheetId, steady state'],
        rows: cacheRows,
        notes: [
          'The cache is one document property, {names, ids} of every sheet in tab order; it is trusted only while the names read this run,',
          'in order, are exactly the cached ones. Any added, removed, renamed or moved tab makes the next 集計 fetch the ids again (one',
          'getSheetId per sheet) and write the cache once. A tab list over 9 KB of JSON (the documented limit per property value) is not',
          'cached: every 集計 then costs one getSheetId per linked tab, as before the cache.',
        ],
      },
      {
        title: 'Calls per added tab',
        head: ['plans compared', 'steady state: calls per tab', 'of which getSheetId', 'first 集計: calls per tab', 'of which getSheetId', 'grid-growth calls (not per tab)'],
        rows: perTab,
        notes: [
          `Steady state: one Sheet.getName and one Sheet.getSheetValues(1, 1, -1, -1) per tab — within the budget of ${CALLS_PER_TAB}; link ids come from the cache.`,
          '達成状況 links every indicator row and every submission line to its tab (=HYPERLINK("#gid=…")), and SpreadsheetApp gives a',
          'sheet\'s id only through Sheet.getSheetId(), one call per sheet; the only single-call source of every name and id is the Sheets',
          'API (Sheets.Spreadsheets.get with fields sheets.properties), which needs the sensitive spreadsheets scope (fact 59). So the',
          `first 集計 (or the first after a tab changed) costs a third call per tab, at most ${FIRST_RUN_IDS_PER_TAB} getSheetId per sheet, the cheapest call there is`,
          '(≈ 2 ms, platform-facts fact 52, against 0.2–0.3 s for a read).',
          'Grid growth: 達成状況 and 検証結果 past 1,000 rows or 26 columns cost getMaxRows/getMaxColumns and one insert each, once.',
          'A tab holding a number entry (a cell someone turned back to a number format) costs 2 more calls, getRange and',
          'getNumberFormats, to read what was typed; in the generated plans only the first tab has one.',
        ],
      },
      { title: 'Methods that grow with tabs (calls per added tab)', head: ['method', 'steady state', 'first 集計'], rows: perMethod },
      ...(crashed.length ? [{ title: '集計 failed', head: ['plan', 'implementation', 'error'], rows: crashed }] : []),
      {
        title: 'Calls against rows per tab (steady state)',
        head: ['plan', 'rows per tab', 'calls before', 'calls after', 'grid growth', 'difference besides grid growth', 'same, first 集計'],
        rows: rowGrowth,
      },
      {
        title: 'Estimated time in Sheets (6-minute limit) and the 10 M-cell limit',
        head: ['tabs × indicators per tab', 'batched, first 集計', 'batched, steady state', 'fits 6 min', 'grid cells after 集計', 'fits 10 M cells', 'per cell'],
        rows: timeRows,
        notes: [
          'Seconds = Σ calls × latency + cells read × 8.5 µs + cells written × 22–26 µs. Latencies (platform-facts.md §4):',
          ...LATENCY_SOURCES.map((s) => `Latency: ${s}`),
          'PropertiesService calls have no measured latency in platform-facts; they are charged as a document read (0.2–0.3 s each). So in',
          'seconds the cache trades one getSheetId per tab (≈ 2 ms) for 2 PropertiesService calls: it pays off in time only if those are',
          'faster than that estimate or the plan has hundreds of tabs; what it buys for sure is the call budget.',
          '"Fits 6 min" and the largest plan below are judged on the first 集計, the costlier run (it creates 達成状況 and 検証結果 and fetches every id).',
          'Bulk: 10 M cells read in ≈ 85 s (fact 54); 10 M written through the Sheets API in ≈ 220 s, SpreadsheetApp ≈ 19 % slower (fact 55).',
          'A rollup that runs while custom functions recalculate waits for them (fact 53: 150 ms became 17 s); not modelled.',
          fit,
        ],
      },
    ],
  };
}

/** Least squares for y ≈ k0 + k1·tabs + k2·indicators (3×3 normal equations, Cramer's rule). */
function fitPlane(points: { tabs: number; x: number; y: number }[]): (tabs: number, x: number) => number {
  const rows = points.map((p) => [1, p.tabs, p.x]);
  const a = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((n, r) => n + r[i] * r[j], 0)));
  const b = [0, 1, 2].map((i) => rows.reduce((n, r, k) => n + r[i] * points[k].y, 0));
  const det = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(a);
  const k = [0, 1, 2].map((c) => det(a.map((row, i) => row.map((v, j) => (j === c ? b[i] : v)))) / d);
  return (tabs, x) => k[0] + k[1] * tabs + k[2] * x;
}

/** The largest plan that fits both limits, from planes fitted to the measured seconds and grid cells. */
function largestFit(batched: CallsResult[], figures: Figures): string {
  if (new Set(batched.map((b) => b.size.tabs)).size < 2 || new Set(batched.map((b) => indicatorsOf(b.size))).size < 3) return 'Largest plan that fits: too few plans measured.';
  const secs = fitPlane(batched.map((b) => ({ tabs: b.size.tabs, x: indicatorsOf(b.size), y: estimate(b.first.counts, b.cellsRead, b.cellsWritten).high })));
  const cells = fitPlane(batched.map((b) => ({ tabs: b.size.tabs, x: indicatorsOf(b.size), y: b.gridCells })));
  const lines = [...new Set(batched.map((b) => b.size.tabs))].sort((a, b) => a - b).map((tabs) => {
    // Both fits grow with indicators; bisect on whole indicators.
    const fits = (x: number) => secs(tabs, x) <= EXECUTION_LIMIT_S && cells(tabs, x) <= MAX_CELLS;
    let lo = 0;
    let hi = 10_000_000;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    const limit = secs(tabs, lo + 1) > EXECUTION_LIMIT_S ? 'the 6 minutes (high estimate)' : 'the 10 M cells';
    figures.put(`rollup.fit.tabs${tabs}.indicators`, lo, 'indicators');
    return `${tabs} tabs: ≈ ${fmt(lo)} indicators (${fmt(Math.floor(lo / tabs))} per tab; limited by ${limit})`;
  });
  return `Largest plan that fits (planes fitted to seconds and grid cells of the measured plans): ${lines.join('; ')}.`;
}
