/**
 * 部門シート作成・更新 on a plan too big for one execution (issue 11, Deliver 7): with every call taking 0.25 s on the
 * fake clock (platform-facts fact 52: 0.2–0.3 s), 300 department tabs cannot be written in 6 minutes. Each run stops
 * in time and says how far it got; the next one goes on; the result is the workbook one long run would have made.
 */
import { initWorkbook } from '../../src/core/jobs';
import { SheetsWorkbook } from '../../src/gas/sheets-workbook';
import { generatedPlan } from '../bench/plan';
import { addon, buildProject, sheetValues, type Addon, type Built } from './bundle-harness';
import { createEnvironment, type FakeEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

/** Per call, on the fake clock (fact 52). */
const LATENCY_MS = 250;
/** Apps Script's limit per execution. */
const EXECUTION_LIMIT_MS = 6 * 60 * 1000;
const TABS = 300;

function planned(tabs: number, latencyMs = 0): Addon {
  const env = createEnvironment({ strictGrid: true, latencyMs, limits: { maxCells: Number.MAX_SAFE_INTEGER } });
  env.setAuthMode('FULL');
  env.withGlobals(() => initWorkbook(new SheetsWorkbook(env.globals.SpreadsheetApp.getActiveSpreadsheet()), generatedPlan({ tabs, perTab: 1 })));
  return addon(built, env);
}

interface Run {
  ms: number;
  title: string;
  prompt: string;
}

function timed(a: Addon, fn: string): Run {
  const start = a.env.clockMs;
  a.call(fn);
  const alert = a.env.ui.alerts.at(-1)!;
  return { ms: a.env.clockMs - start, title: alert.title, prompt: alert.prompt };
}

/** Runs setup until it reports no tab left; `between` runs after each unfinished run. */
function untilDone(a: Addon, between: (run: number) => void = () => {}): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i < 40; i++) {
    const run = timed(a, 'menuSetup');
    runs.push(run);
    if (!/時間の上限/.test(run.prompt)) return runs;
    between(i);
  }
  throw new Error(`setup did not finish in 40 runs: ${runs.at(-1)?.prompt}`);
}

const done = (r: Run) => Number(/部門シート (\d+)\/(\d+) を更新しました/.exec(r.prompt)?.[1] ?? NaN);

/** Everything a sheet shows and who may edit it, for comparing two workbooks (変更履歴's rows aside: times differ). */
function snapshot(env: FakeEnvironment) {
  const P = env.globals.SpreadsheetApp.ProtectionType;
  const protection = (p: GoogleAppsScript.Spreadsheet.Protection) => ({
    description: p.getDescription(),
    range: p.getRange().getA1Notation(),
    editors: p.getEditors().map((u) => u.getEmail()).sort(),
    open: p.getUnprotectedRanges().map((r) => r.getA1Notation()).sort(),
    warningOnly: p.isWarningOnly(),
  });
  return env.spreadsheet.getSheets().map((sheet) => {
    const name = sheet.getName();
    const grid = sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns());
    const cells =
      name === '変更履歴'
        ? {}
        : {
            values: sheet.getDataRange().getValues(),
            formats: sheet.getDataRange().getNumberFormats(),
            backgrounds: sheet.getDataRange().getBackgrounds(),
            weights: sheet.getDataRange().getFontWeights(),
            notes: grid.getNotes().flatMap((line, i) => line.flatMap((n, j) => (n ? [[i, j, n]] : []))),
            rules: grid.getDataValidations().flatMap((line, i) => line.flatMap((v, j) => (v ? [[i, j, v.getCriteriaType(), v.getCriteriaValues(), v.getHelpText()]] : []))),
          };
    return {
      name,
      rows: sheet.getMaxRows(),
      cols: sheet.getMaxColumns(),
      frozen: sheet.getFrozenRows(),
      widths: Array.from({ length: sheet.getMaxColumns() }, (_, i) => sheet.getColumnWidth(i + 1)),
      ...cells,
      protections: [...sheet.getProtections(P.SHEET), ...sheet.getProtections(P.RANGE)].map(protection),
    };
  });
}

const resumeKeys = (env: FakeEnvironment) => env.properties.document.getKeys().filter((k) => k.startsWith('shinchoku.resume'));

/** Types an 実績 into a department tab, as its department would. */
function typeEntry(env: FakeEnvironment, tab: string, text: string): void {
  const values = sheetValues(env, tab);
  const col = values[2].indexOf('2024年度 実績') + 1;
  env.spreadsheet.getSheetByName(tab)!.getRange(4, col).setValue(text);
}

test('300 tabs: each run stops within the 6 minutes, the next goes on, and the result is what one run would write', () => {
  const a = planned(TABS, LATENCY_MS);
  let typed = false;
  const runs = untilDone(a, () => {
    // A department types into a tab already written; its entry must survive (the tab is written again).
    if (!typed) typeEntry(a.env, '部門001', '12件');
    typed = true;
  });
  expect(runs.length).toBeGreaterThan(2);
  for (const r of runs) expect(r.ms).toBeLessThan(EXECUTION_LIMIT_MS);
  const partial = runs.slice(0, -1);
  for (const r of partial) expect(r).toMatchObject({ title: '部門シート作成・更新', prompt: expect.stringMatching(new RegExp(`^部門シート \\d+/${TABS} を更新しました。時間の上限に近づいたため残りは次の実行で続けます。もう一度「部門シート作成・更新」を実行してください。$`)) });
  // Every run got further than the last.
  const progress = partial.map(done);
  expect(progress).toEqual([...progress].sort((x, y) => x - y));
  expect(new Set(progress).size).toBe(progress.length);
  expect(runs.at(-1)!.prompt).toMatch(/^新規 \d+（/);
  expect(resumeKeys(a.env)).toEqual([]);

  // The same plan and the same entry, each setup in one run (no clock).
  const once = planned(TABS);
  once.call('menuSetup');
  typeEntry(once.env, '部門001', '12件');
  once.call('menuSetup');
  expect(once.env.ui.alerts.at(-1)!.prompt).toMatch(/^新規 0（なし）、更新 300/);
  const [mine, theirs] = [snapshot(a.env), snapshot(once.env)];
  expect(mine).toEqual(theirs);
  expect(sheetValues(a.env, '部門001').flat()).toContain('12件');
  // Every tab was logged once as created, none twice.
  const created = sheetValues(a.env, '変更履歴').filter((r) => r[5] === 'シートを作成').map((r) => r[2]);
  expect(created.length).toBe(TABS);
  expect(new Set(created).size).toBe(TABS);

  // A run after the last one is a normal full setup: every tab written again.
  a.env.context.latencyMs = 0;
  a.env.resetCalls();
  a.call('menuSetup');
  expect(a.env.ui.alerts.at(-1)!.prompt).toMatch(/^新規 0（なし）、更新 300/);
  expect(a.env.calls['Sheet.clear']).toBe(TABS);
});

test('年度確定 on a plan too big for one run: the year is closed at once, the tabs left are locked by setup', () => {
  const tabs = 80;
  const a = planned(tabs);
  a.call('menuSetup');
  const once = planned(tabs);
  once.call('menuSetup');
  for (const b of [a, once]) b.env.ui.promptTexts.push('2027');
  for (const b of [a, once]) b.env.ui.responses.push('OK');
  a.env.context.latencyMs = LATENCY_MS;
  const run = timed(a, 'menuCloseYear');
  expect(run.ms).toBeLessThan(EXECUTION_LIMIT_MS);
  expect(run).toMatchObject({ title: '年度確定', prompt: expect.stringMatching(new RegExp(`2027年度を確定しました。[^\\n]*\\n部門シート \\d+/${tabs} を更新しました。時間の上限に近づいたため残りは次の実行で続けます。「部門シート作成・更新」を実行してください。$`)) });
  expect(done(run)).toBeLessThan(tabs);
  // The year is closed for the sidebar and for setup already.
  expect(sheetValues(a.env, '年度確定').slice(2).map((r) => r.slice(0, 2))).toEqual([['2027年度', '確定']]);
  a.env.context.latencyMs = 0;
  expect(untilDone(a).at(-1)!.prompt).toMatch(/^新規 0（なし）、更新 80/);
  once.call('menuCloseYear');
  const withoutTimes = (s: ReturnType<typeof snapshot>) => s.map((sheet) => (sheet.name.startsWith('達成状況_') || sheet.name === '年度確定' ? { ...sheet, values: [] } : sheet));
  expect(withoutTimes(snapshot(a.env))).toEqual(withoutTimes(snapshot(once.env)));
});
