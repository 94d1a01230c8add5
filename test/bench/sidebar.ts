/**
 * Section 6: the sidebar. The page's size; what each server call returns for a department with 200 indicators (the
 * JSON google.script.run carries); the server calls to open each view, counted in Chromium against the local
 * preview, with the department view's render time; and the SpreadsheetApp calls of each server call in Sheets,
 * counted on the fakes through the built bundle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { initWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { coordinatorView, deptForm, saveForm, sidebarStart } from '../../src/core/sidebar/service';
import type { DeptForm, SaveRequest } from '../../src/core/sidebar/types';
import { PREVIEW_USER, startPreview } from '../../src/node/preview';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { addon, type Built } from '../gas/bundle-harness';
import { categorize, createEnvironment } from '../gas/fakes';
import { seedPlan } from './calls';
import { BUILD, readBuilt } from './built';
import type { Figures } from './figures';
import { median, now } from './measure';
import { deptName, generatedEntries, generatedPlan, sizeLabel, type PlanSize } from './plan';
import { fmt, ms, type Section } from './table';

const PAGE = path.join(BUILD, 'sidebar.html');
const FILES_PAGE = path.join(BUILD, 'files.html');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Indicators of the measured department; SMALL is the plan a save's call count is compared with. */
export const PER_TAB = 200;
const SMALL_PER_TAB = 20;
/** Budget (issue 6): server calls to open a view. */
export const CALLS_PER_VIEW = 1;

export interface SidebarOptions {
  /** Department tabs of the generated plan (the coordinator view reads them all). */
  tabs: number;
  /** Page loads timed for the render figure (median). */
  renders: number;
  /** Folder for the temporary workbook. */
  dir: string;
}

const DEPT = deptName(0);
const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');

/** A save of one changed 実績 (the form's second row: the first holds the plan's one number entry). */
function oneFieldSave(form: DeptForm): SaveRequest {
  const row = form.rows[1];
  return { dept: form.dept, fiscalYear: form.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: `${row.actual.text}1` }] };
}

/** Writes the generated plan to `file` with the .xlsx adapter, as cli.ts's makeXlsx does. */
async function writeBook(size: PlanSize, file: string): Promise<void> {
  const plan = generatedPlan(size);
  const book = XlsxWorkbook.create();
  initWorkbook(book, plan);
  setupDepartmentTabs(book, generatedEntries(plan));
  await book.save(file);
}

/** 1. The answers of each call over the workbook, as the preview's handlers compute them. */
async function answers(file: string): Promise<[string, string, Buffer][]> {
  const book = await XlsxWorkbook.open(file);
  const start = sidebarStart(book, DEPT);
  const form = deptForm(book, DEPT);
  const status = coordinatorView(book);
  const save = saveForm(book, oneFieldSave(form), { now: new Date(), user: PREVIEW_USER });
  if (save.status !== 'saved') throw new Error(`sidebarSave answered ${save.status}`);
  return [
    ['sidebarStart', `opens the department view (${start.form?.rows.length ?? 0} rows)`, json(start)],
    ['sidebarForm', 'another department picked', json(form)],
    ['sidebarStatus', `coordinator view (${status.departments.length} departments, ${status.findings.length} findings listed)`, json(status)],
    ['sidebarSave', 'one field changed; answers the form as saved', json(save)],
    ['(request) sidebarSave', 'what the page sends for that save', json(oneFieldSave(form))],
  ];
}

interface BrowserRun {
  deptCalls: string[];
  coordinatorCalls: string[];
  renderMs: number[];
  /** The sidebarStart round trip seen by the page (the preview reads the .xlsx), per timed load. */
  rpcMs: number[];
}

/** 2. The views in headless Chromium against the preview over `file`. */
async function inBrowser(file: string, rows: number, renders: number): Promise<BrowserRun> {
  // Loaded here only (not by every bench child); require resolves through the NODE_PATH scripts/bench.mjs sets.
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
  const preview = await startPreview({ book: file, port: 0, activeSheet: DEPT, page: PAGE });
  try {
    const run: BrowserRun = { deptCalls: [], coordinatorCalls: [], renderMs: [], rpcMs: [] };
    for (let i = 0; i < renders; i++) {
      const page = await browser.newPage({ viewport: { width: 300, height: 800 } });
      page.setDefaultTimeout(30_000);
      try {
        const before = preview.calls.length;
        const t = now();
        await page.goto(preview.url);
        await page.locator('li.indicator').nth(rows - 1).waitFor();
        run.renderMs.push(now() - t);
        run.rpcMs.push(...(await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/rpc/sidebarStart')).map((e) => e.duration))));
        if (i > 0) continue;
        // The first load also counts the calls of each view, once the page has gone quiet.
        await page.waitForLoadState('networkidle');
        run.deptCalls = preview.calls.slice(before);
        await page.click('#tab-coordinator');
        await page.locator('table.departments').waitFor();
        await page.waitForLoadState('networkidle');
        run.coordinatorCalls = preview.calls.slice(before + run.deptCalls.length);
      } finally {
        await page.close();
      }
    }
    return run;
  } finally {
    await preview.close();
    await browser.close();
  }
}

const SERVER_CALLS = ['sidebarStart', 'sidebarForm', 'sidebarStatus', 'sidebarSave'] as const;

interface Counted {
  spreadsheet: number;
  other: number;
  methods: Record<string, number>;
}

/** 3. Service calls of each sidebar call on the fakes, through build/shinchoku.js and build/entry.js. */
function countInSheets(built: Built, size: PlanSize): Record<(typeof SERVER_CALLS)[number], Counted> {
  const env = createEnvironment({ strictGrid: true, htmlFiles: { sidebar: '' } });
  env.setAuthMode('FULL');
  env.withGlobals(() => seedPlan(env, size));
  env.spreadsheet.setActiveSheet(env.spreadsheet.getSheetByName(DEPT)!);
  const { call } = addon(built, env);
  const counted = (f: () => unknown): Counted => {
    env.resetCalls();
    f();
    const methods = env.callCounts();
    const isSheets = (m: string) => !['service', 'free'].includes(categorize(m.split('.')[0], m.split('.')[1]));
    const sum = (keep: (m: string) => boolean) => Object.entries(methods).reduce((n, [m, c]) => n + (keep(m) ? c : 0), 0);
    return { spreadsheet: sum(isSheets), other: sum((m) => !isSheets(m)), methods };
  };
  const sidebarStart = counted(() => call('sidebarStart'));
  let form: DeptForm | undefined;
  const sidebarForm = counted(() => (form = call('sidebarForm', DEPT) as DeptForm));
  const sidebarStatus = counted(() => call('sidebarStatus'));
  // A save before the counted one, so the counted save is the usual one (変更履歴 exists, nothing created).
  call('sidebarSave', oneFieldSave(form!));
  const fresh = call('sidebarForm', DEPT) as DeptForm;
  const sidebarSave = counted(() => {
    const r = call('sidebarSave', oneFieldSave(fresh)) as { status: string };
    if (r.status !== 'saved') throw new Error(`sidebarSave answered ${r.status} on the fakes`);
  });
  return { sidebarStart, sidebarForm, sidebarStatus, sidebarSave };
}

const methodList = (c: Counted) =>
  Object.entries(c.methods)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');

export async function sidebarSection(options: SidebarOptions, figures: Figures): Promise<Section> {
  const pageRows = fs.existsSync(PAGE)
    ? [['build/sidebar.html', fmt(figures.put('sidebar.pageBytes', fs.statSync(PAGE).size, 'bytes')), fmt(figures.put('sidebar.pageGzipBytes', gzipSync(fs.readFileSync(PAGE)).length, 'bytes'))]]
    : [['build/sidebar.html', 'n/a (sidebar not built yet)', '']];
  // 部門ファイルの配布・回収: its own page (exceljs, JSZip), loaded only when that dialog opens.
  if (fs.existsSync(FILES_PAGE))
    pageRows.push(['build/files.html (dialog)', fmt(figures.put('sidebar.filesPageBytes', fs.statSync(FILES_PAGE).size, 'bytes')), fmt(figures.put('sidebar.filesPageGzipBytes', gzipSync(fs.readFileSync(FILES_PAGE)).length, 'bytes'))]);
  const size: PlanSize = { tabs: options.tabs, perTab: PER_TAB };
  const file = path.join(options.dir, `sidebar-${options.tabs}x${PER_TAB}.xlsx`);
  await writeBook(size, file);

  // 1. Bytes per call.
  const bytesRows = (await answers(file)).map(([name, what, b]) => {
    const key = name.startsWith('(request)') ? 'saveRequest' : name;
    return [name, what, fmt(figures.put(`sidebar.json.${key}.bytes`, b.length, 'bytes')), fmt(gzipSync(b).length)];
  });

  // 2. Calls per view and render time, in Chromium.
  let browserTable: Section['tables'][number];
  const browserNotes = [
    `Budget: at most ${CALLS_PER_VIEW} server call to open each view. Counted by the preview (src/node/preview.ts) on the first load, after the network went quiet.`,
    'Render: page.goto → the last of the department\'s indicators in the DOM, over localhost; it includes the sidebarStart round trip, in which',
    'the preview opens the whole .xlsx (Sheets would read instead; see the SpreadsheetApp calls below). Informational, not a budget.',
  ];
  if (!fs.existsSync(CHROMIUM)) {
    figures.fail(`sidebar: Chromium not found at ${CHROMIUM} (install the Debian package chromium or set CHROMIUM_PATH); calls per view not measured`);
    browserTable = { title: 'Server calls per view (Chromium)', head: ['view', 'calls'], rows: [['not measured', `Chromium not found at ${CHROMIUM}`]], notes: browserNotes };
  } else {
    try {
      const b = await inBrowser(file, PER_TAB, options.renders);
      const views: [string, string[], string, string][] = [
        ['department view (opens with the sidebar)', b.deptCalls, 'sidebarStart', 'deptView'],
        ['coordinator view (提出状況 tab)', b.coordinatorCalls, 'sidebarStatus', 'coordinatorView'],
      ];
      for (const [view, calls, expected, key] of views) {
        const held = figures.check(`sidebar.${key}.serverCalls`, calls.length, 'calls', '<=', CALLS_PER_VIEW, (v) => `sidebar: ${v} server calls to open the ${view} (at most ${CALLS_PER_VIEW}): ${calls.join(', ')}`);
        if (held && calls.join() !== expected) figures.fail(`sidebar: the ${view} called ${calls.join(', ') || 'nothing'} (expected ${expected})`);
      }
      figures.put('sidebar.renderMs', median(b.renderMs), 'ms');
      figures.put('sidebar.startRoundTripMs', median(b.rpcMs), 'ms');
      browserTable = {
        title: `Server calls per view, and render time (Chromium, ${PER_TAB} indicators)`,
        head: ['view', 'server calls', 'calls made'],
        rows: [
          ...views.map(([view, calls]) => [view, calls.length, calls.join(', ')]),
          [`render of the department view, median of ${b.renderMs.length}`, ms(median(b.renderMs)), `fastest ${ms(Math.min(...b.renderMs))}, slowest ${ms(Math.max(...b.renderMs))}`],
          ['of which the sidebarStart round trip, median', ms(median(b.rpcMs)), ''],
        ],
        notes: browserNotes,
      };
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      figures.fail(`sidebar: the browser measurement failed: ${why}`);
      browserTable = { title: 'Server calls per view (Chromium)', head: ['view', 'calls'], rows: [['not measured', why]], notes: browserNotes };
    }
  }

  // 3. SpreadsheetApp calls per server call, on the fakes through the built bundle.
  const built = readBuilt();
  const small = countInSheets(built, { tabs: options.tabs, perTab: SMALL_PER_TAB });
  const big = countInSheets(built, size);
  for (const c of SERVER_CALLS) {
    figures.put(`sidebar.${c}.sheetsCalls.rows${SMALL_PER_TAB}`, small[c].spreadsheet, 'calls');
    figures.put(`sidebar.${c}.sheetsCalls.rows${PER_TAB}`, big[c].spreadsheet, 'calls');
    figures.put(`sidebar.${c}.otherCalls.rows${PER_TAB}`, big[c].other, 'calls');
  }
  // The save's budget compares two plans of the same run: no more calls at PER_TAB indicators than at SMALL_PER_TAB.
  const saveCalls = (c: Counted) => c.spreadsheet + c.other;
  figures.check('sidebar.saveCalls', saveCalls(big.sidebarSave), 'calls', '<=', saveCalls(small.sidebarSave), () =>
    `sidebar: a one-field sidebarSave grows with indicators: ${small.sidebarSave.spreadsheet} + ${small.sidebarSave.other} calls at ${SMALL_PER_TAB} per tab, ` +
      `${big.sidebarSave.spreadsheet} + ${big.sidebarSave.other} at ${PER_TAB} (SpreadsheetApp + other services)`,
  );

  return {
    title: '6. Sidebar',
    intro: [
      `A generated plan of ${sizeLabel(size)} (tabs × indicators per tab, entries as in sections 1–4); the department measured is ${DEPT}, ${PER_TAB} indicators.`,
    ],
    tables: [
      { title: 'Page size', head: ['file', 'bytes', 'gzipped'], rows: pageRows },
      {
        title: `Data per server call, a department with ${PER_TAB} indicators`,
        head: ['call', 'what', 'JSON bytes (UTF-8)', 'gzipped'],
        rows: bytesRows,
        notes: [
          'The JSON each call returns (what google.script.run carries to the page), computed by the sidebar service over the .xlsx written with',
          'the real adapter, as the preview answers. Gzipped for reference only: how the transport compresses it is not measured here.',
        ],
      },
      browserTable,
      {
        title: 'Service calls per sidebar call in Sheets (fakes, built bundle)',
        head: ['call', `SpreadsheetApp, ${SMALL_PER_TAB} per tab`, `SpreadsheetApp, ${PER_TAB} per tab`, `other services, ${PER_TAB} per tab`],
        rows: SERVER_CALLS.map((c) => [c, small[c].spreadsheet, big[c].spreadsheet, big[c].other]),
        notes: [
          'Each call runs build/shinchoku.js and build/entry.js in a fresh context over the fakes of test/gas/fakes (test/gas/bundle-harness.ts),',
          `on ${options.tabs} tabs seeded by the add-in's own jobs. SpreadsheetApp = Spreadsheet, Sheet, Range and the other spreadsheet classes;`,
          'other services = Lock, Session, Properties. sidebarSave is a later save of one field (変更履歴 already there). Informational, except:',
          `Budget: a one-field sidebarSave makes no more calls at ${PER_TAB} indicators per tab than at ${SMALL_PER_TAB}.`,
          ...SERVER_CALLS.map((c) => `${c} at ${PER_TAB} per tab: ${methodList(big[c])}.`),
        ],
      },
    ],
  };
}
