/**
 * Sections 1 and 2: service calls of 集計 on the fakes (test/gas/fakes), batched (the add-in's SheetsWorkbook)
 * against a per-cell reference, and the seconds they would take in Sheets.
 */
import { initWorkbook, rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { RESERVED_SHEETS, SHEET } from '../../src/core/layout/sheet-names';
import { rollup, withDocumentLock } from '../../src/gas/addon';
import { SheetsWorkbook } from '../../src/gas/sheets-workbook';
import { createEnvironment } from '../gas/fakes';
import { EXECUTION_LIMIT_S, LATENCY_SOURCES, MAX_CELLS, estimate, type Estimate } from './latency';
import { ChildError, now, peakRss, tryInChild } from './measure';
import { NaiveSheetsWorkbook } from './naive-workbook';
import { generatedEntries, generatedPlan, indicatorsOf, sizeLabel, type PlanSize } from './plan';
import { fmt, ratio, sec, type Section } from './table';

export type Impl = 'batched' | 'naive';

export interface CallsResult {
  size: PlanSize;
  impl: Impl;
  total: number;
  counts: Record<string, number>;
  cellsRead: number;
  cellsWritten: number;
  /** Cells of every sheet's grid after the rollup (Sheets' 10 M limit counts these). */
  gridCells: number;
  /** Wall time of the run on the fakes (not a Sheets figure). */
  fakeSeconds: number;
  peakRss: number;
}

/** Budget: calls per department tab (names and values), whatever the number of rows. */
export const CALLS_PER_TAB = 2;
/** The link ids 達成状況 needs: at most one getSheetId per linked tab (see the section's notes). */
export const IDS_PER_TAB = 1;
/** Calls that grow a written sheet's grid (at most 6 for each of 達成状況 and 検証結果: two reads and one insert for rows, the same for columns). */
const GROWTH = ['Sheet.getMaxRows', 'Sheet.getMaxColumns', 'Sheet.insertRowsAfter', 'Sheet.insertColumnsAfter'];
const MAX_GROWTH = 2 * 6;

const MENU_ALERT_TITLE = '集計';

/** In a child: seeds a generated plan through the add-in's own jobs, then counts one 集計. */
export function runCalls(size: PlanSize, impl: Impl): CallsResult {
  // The 10 M-cell limit is checked from the result (gridCells) rather than enforced, so the biggest plans still count.
  const env = createEnvironment({ strictGrid: impl === 'batched', limits: { maxCells: Number.MAX_SAFE_INTEGER } });
  env.setAuthMode('FULL');
  const restore = env.install(globalThis);
  try {
    const plan = generatedPlan(size);
    const ss = () => env.globals.SpreadsheetApp.getActiveSpreadsheet();
    initWorkbook(new SheetsWorkbook(ss()), plan);
    setupDepartmentTabs(new SheetsWorkbook(ss()), generatedEntries(plan));
    const readByRollup = (name: string) => !RESERVED_SHEETS.includes(name) || name === SHEET.settings || name === SHEET.master;
    const read = env.spreadsheet.getSheets().filter((s) => readByRollup(s.getName()));
    const cellsRead = read.reduce((n, s) => n + s.getLastRow() * s.getLastColumn(), 0);
    env.resetCalls();
    const t = now();
    if (impl === 'batched') rollup();
    else {
      const ui = SpreadsheetApp.getUi();
      withDocumentLock(() => rollupWorkbook(new NaiveSheetsWorkbook(SpreadsheetApp.getActiveSpreadsheet())));
      ui.alert(MENU_ALERT_TITLE, '', ui.ButtonSet.OK);
    }
    const fakeSeconds = (now() - t) / 1000;
    const alert = env.ui.alerts.at(-1);
    if (alert?.title !== MENU_ALERT_TITLE) throw new Error(`集計 failed: ${alert?.title} ${alert?.prompt}`);
    const counts = env.callCounts();
    const written = [SHEET.summary, SHEET.findings].map((n) => env.spreadsheet.getSheetByName(n)!);
    const cellsWritten = written.reduce((n, s) => n + s.getLastRow() * s.getLastColumn(), 0);
    const gridCells = env.spreadsheet.getSheets().reduce((n, s) => n + s.getMaxRows() * s.getMaxColumns(), 0);
    return { size, impl, total: env.calls.total, counts, cellsRead, cellsWritten, gridCells, fakeSeconds, peakRss: peakRss() };
  } finally {
    restore();
  }
}

export interface CallsVerdict {
  section: Section;
  failures: string[];
}

/** Calls per tab from two plans with the same rows per tab; by method when `method` is given. */
function slope(a: CallsResult, b: CallsResult, method?: string): number {
  const n = (r: CallsResult) => (method ? r.counts[method] ?? 0 : r.total);
  return (n(b) - n(a)) / (b.size.tabs - a.size.tabs);
}

export function callsSection(sizes: PlanSize[], naiveSizes: PlanSize[]): CallsVerdict {
  const failures: string[] = [];
  const crashed: (string | number)[][] = [];
  const measure = (size: PlanSize, impl: Impl): CallsResult | undefined => {
    const r = tryInChild<CallsResult>({ kind: 'calls', size, impl });
    if (!(r instanceof ChildError)) return r;
    failures.push(`集計 (${impl}) failed on ${sizeLabel(size)}: ${r.reason}`);
    crashed.push([sizeLabel(size), impl, r.reason]);
    return undefined;
  };
  const batched = sizes.map((s) => measure(s, 'batched')).filter((r): r is CallsResult => r !== undefined);
  const naive = new Map<string, CallsResult>();
  for (const s of naiveSizes) {
    const r = measure(s, 'naive');
    if (r) naive.set(sizeLabel(s), r);
  }

  // Section 1: counts, per-cell reference and ratio.
  const rows = batched.map((b) => {
    const n = naive.get(sizeLabel(b.size));
    return [sizeLabel(b.size), indicatorsOf(b.size), b.total, fmt(b.total / b.size.tabs, 2), n ? n.total : 'not run', n ? ratio(n.total / b.total) : '–'];
  });

  // Per-tab slope (same rows per tab, fewest vs most tabs) and independence from rows (same tabs, fewest vs most rows).
  // Growing the grid of 達成状況 or 検証結果 past Sheets' default 1,000 rows costs up to 3 calls per written sheet, once,
  // whatever the plan; those calls are checked on their own so a plan crossing that line does not pass for per-tab cost.
  const growth = (r: CallsResult) => GROWTH.reduce((n, m) => n + (r.counts[m] ?? 0), 0);
  const perTab: string[][] = [];
  const byRows = new Map<number, CallsResult[]>();
  for (const b of batched) {
    byRows.set(b.size.perTab, [...(byRows.get(b.size.perTab) ?? []), b].sort((x, y) => x.size.tabs - y.size.tabs));
    if (growth(b) > MAX_GROWTH) failures.push(`${growth(b)} grid-growth calls on ${sizeLabel(b.size)} (at most ${MAX_GROWTH})`);
  }
  const methods = new Set<string>();
  for (const [, list] of byRows) {
    if (list.length < 2) continue;
    const [a, z] = [list[0], list[list.length - 1]];
    for (const m of Object.keys(z.counts)) if (slope(a, z, m) !== 0 && !GROWTH.includes(m)) methods.add(m);
    const ids = slope(a, z, 'Sheet.getSheetId');
    const grow = (growth(z) - growth(a)) / (z.size.tabs - a.size.tabs);
    const rest = slope(a, z) - ids - grow;
    perTab.push([`${a.size.perTab} per tab (${a.size.tabs} → ${z.size.tabs} tabs)`, fmt(slope(a, z) - grow), fmt(rest), fmt(ids), `${growth(a)} → ${growth(z)}`]);
    if (rest > CALLS_PER_TAB + 1e-9) failures.push(`calls per tab without ids ${fmt(rest)} > ${CALLS_PER_TAB} (${a.size.perTab} rows per tab)`);
    if (ids > IDS_PER_TAB + 1e-9) failures.push(`getSheetId per tab ${fmt(ids)} > ${IDS_PER_TAB}`);
  }
  const byTabs = new Map<number, CallsResult[]>();
  for (const b of batched) byTabs.set(b.size.tabs, [...(byTabs.get(b.size.tabs) ?? []), b].sort((x, y) => x.size.perTab - y.size.perTab));
  const rowGrowth: (string | number)[][] = [];
  for (const [tabs, list] of byTabs) {
    if (list.length < 2) continue;
    const [a, z] = [list[0], list[list.length - 1]];
    const extra = z.total - growth(z) - (a.total - growth(a));
    rowGrowth.push([`${tabs} tabs`, `${a.size.perTab} → ${z.size.perTab}`, a.total, z.total, `${growth(a)} → ${growth(z)}`, extra]);
    if (extra !== 0) failures.push(`calls grow with rows: ${tabs} tabs, ${a.size.perTab} → ${z.size.perTab} rows per tab: ${extra > 0 ? '+' : ''}${extra} besides grid growth`);
  }
  const widest = [...byRows.values()].filter((l) => l.length >= 2).at(-1);
  const perMethod = widest ? [...methods].sort().map((m) => [m, fmt(slope(widest[0], widest[widest.length - 1], m))]) : [];

  // Section 2: seconds in Sheets.
  const est = (r: CallsResult): Estimate => estimate(r.counts, r.cellsRead, r.cellsWritten);
  const timeRows = batched.map((b) => {
    const e = est(b);
    const n = naive.get(sizeLabel(b.size));
    const ne = n && est(n);
    const fitsTime = e.high <= EXECUTION_LIMIT_S ? 'yes' : e.low <= EXECUTION_LIMIT_S ? 'maybe' : 'no';
    return [
      sizeLabel(b.size), `${sec(e.low)} – ${sec(e.high)}`, fitsTime, fmt(b.gridCells), b.gridCells <= MAX_CELLS ? 'yes' : 'no',
      ne ? `${fmt(ne.low / 3600, 1)} – ${fmt(ne.high / 3600, 1)} h` : 'not run',
    ];
  });
  const fit = largestFit(batched);

  return {
    failures,
    section: {
      title: '1–2. Service calls of 集計 in Sheets, and what they cost',
      intro: [
        '集計 (the add-in\'s menu job: document lock, rollup, flush, alert) on the fakes of test/gas/fakes after 初期設定 and 部門シート作成 of a',
        'generated plan (5 fiscal years, entries up to the evaluation year). Counted: every call script code makes on a Google service.',
        'The reference reads and writes one cell at a time (test/bench/naive-workbook.ts); it lives only in the bench.',
      ],
      tables: [
        {
          title: 'Calls per 集計',
          head: ['tabs × indicators per tab', 'indicators', 'calls (batched)', 'calls ÷ tabs', 'calls (per cell)', 'per cell ÷ batched'],
          rows,
          notes: [
            `Budget: at most ${CALLS_PER_TAB} calls per department tab plus a small constant, whatever the number of rows.`,
            'The per-cell reference grows its grid without calls (the fakes grow it for it), so its counts are a lower bound.',
          ],
        },
        {
          title: 'Calls per added tab',
          head: ['plans compared', 'calls per tab', 'names and values', 'getSheetId (link ids)', 'grid-growth calls (not per tab)'],
          rows: perTab,
          notes: [
            `Names and values: one Sheet.getName and one Sheet.getSheetValues(1, 1, -1, -1) per tab — within the budget of ${CALLS_PER_TAB}.`,
            '達成状況 links every indicator row and every submission line to its tab (=HYPERLINK("#gid=…")), and SpreadsheetApp gives a',
            'sheet\'s id only through Sheet.getSheetId(), one call per sheet; so a linked tab costs a third call. It is the cheapest call',
            'there is (≈ 2 ms, platform-facts fact 52, against 0.2–0.3 s for a read). The only single-call source of every name and id is',
            'the Sheets API (Sheets.Spreadsheets.get with fields sheets.properties), which needs the sensitive spreadsheets scope (fact 59).',
            'Grid growth: 達成状況 and 検証結果 past 1,000 rows or 26 columns cost getMaxRows/getMaxColumns and one insert each, once.',
            'A tab holding a number entry (a cell someone turned back to a number format) costs 2 more calls, getRange and',
            'getNumberFormats, to read what was typed; in the generated plans only the first tab has one.',
          ],
        },
        { title: 'Methods that grow with tabs (calls per added tab)', head: ['method', 'per tab'], rows: perMethod },
        ...(crashed.length ? [{ title: '集計 failed', head: ['plan', 'implementation', 'error'], rows: crashed }] : []),
        { title: 'Calls against rows per tab', head: ['plan', 'rows per tab', 'calls before', 'calls after', 'grid growth', 'difference besides grid growth'], rows: rowGrowth },
        {
          title: 'Estimated time in Sheets (6-minute limit) and the 10 M-cell limit',
          head: ['tabs × indicators per tab', 'batched', 'fits 6 min', 'grid cells after 集計', 'fits 10 M cells', 'per cell'],
          rows: timeRows,
          notes: [
            'Seconds = Σ calls × latency + cells read × 8.5 µs + cells written × 22–26 µs. Latencies (platform-facts.md §4):',
            ...LATENCY_SOURCES.map((s) => `Latency: ${s}`),
            'Bulk: 10 M cells read in ≈ 85 s (fact 54); 10 M written through the Sheets API in ≈ 220 s, SpreadsheetApp ≈ 19 % slower (fact 55).',
            'A rollup that runs while custom functions recalculate waits for them (fact 53: 150 ms became 17 s); not modelled.',
            fit,
          ],
        },
      ],
    },
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
function largestFit(batched: CallsResult[]): string {
  if (new Set(batched.map((b) => b.size.tabs)).size < 2 || new Set(batched.map((b) => indicatorsOf(b.size))).size < 3) return 'Largest plan that fits: too few plans measured.';
  const secs = fitPlane(batched.map((b) => ({ tabs: b.size.tabs, x: indicatorsOf(b.size), y: estimate(b.counts, b.cellsRead, b.cellsWritten).high })));
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
    return `${tabs} tabs: ≈ ${fmt(lo)} indicators (${fmt(Math.floor(lo / tabs))} per tab; limited by ${limit})`;
  });
  return `Largest plan that fits (planes fitted to seconds and grid cells of the measured plans): ${lines.join('; ')}.`;
}
