/**
 * 新年度の準備 through the built bundle in (fake) Google Sheets, with the scope gate on and protections enforced for
 * script writes as Sheets enforces them for people (platform-facts facts 42–44, 70): after 年度確定 of 2020 the menu
 * asks for confirmation, moves 評価年度 to 2021, resets 提出状況, keeps every entry, and leaves the department's
 * 2021 cells editable and its 2020 cells locked. On a plan too big for one execution (every call 0.25 s on the fake
 * clock, fact 52) it stops in time, still resets every tab's 提出状況, and 部門シート作成・更新 finishes the tabs.
 */
import { initWorkbook } from '../../src/core/jobs';
import { SheetsWorkbook } from '../../src/gas/sheets-workbook';
import { WRITE_BUDGET_MS } from '../../src/gas/write-budget';
import { generatedPlan } from '../bench/plan';
import { addon, buildProject, entryCell, mayEdit as mayEditCell, sheetValues, type Addon, type Built } from './bundle-harness';
import { createEnvironment } from './fakes';
import { KIKAKU, KOHO, OWNER } from './people';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

/** Per call, on the fake clock (fact 52: 0.2–0.3 s). */
const LATENCY_MS = 250;
/** Apps Script's limit per execution. */
const EXECUTION_LIMIT_MS = 6 * 60 * 1000;

/** Whether `email` may write the cell. */
const mayEdit = (a: Addon, email: string, sheet: string, cell: string) => mayEditCell(a.env, email, sheet, cell);

function demo(latencyMs = 0) {
  const env = createEnvironment({
    strictGrid: true,
    enforceProtection: true,
    ownerEmail: OWNER,
    activeUserEmail: KIKAKU,
    editorEmails: [KIKAKU, KOHO],
    latencyMs,
  });
  const a = addon(built, env);
  expect(a.env.oauthScopes).toEqual(built.manifest.oauthScopes);
  env.setAuthMode('FULL');
  // KIKAKU sets the plan up and so becomes its first coordinator; 広報課 gets its 入力担当者.
  a.call('menuInitDemo');
  const settings = env.spreadsheet.getSheetByName('設定')!;
  const header = settings.getDataRange().getValues().findIndex((r) => r[0] === '部門') + 1;
  settings.getRange(header + 1, 1, 1, 2).setValues([['広報課', KOHO]]);
  a.call('menuSetup');
  return a;
}

function closeMenu(a: Addon, year = ''): void {
  a.env.ui.promptTexts.push(year);
  a.env.ui.responses.push('OK');
  a.call('menuCloseYear');
  expect(a.env.ui.alerts.at(-1)!.prompt).toMatch(/年度を確定しました/);
}

function nextYearMenu(a: Addon, answer = 'OK') {
  a.env.ui.responses.push(answer);
  const start = a.env.clockMs;
  a.call('menuNextYear');
  return { ...a.env.ui.alerts.at(-1)!, ms: a.env.clockMs - start };
}

const evaluationYear = (a: Addon) => sheetValues(a.env, '設定').find((r) => r[0] === '評価年度')![1];

test('the menu: confirmation, 評価年度 2021, 提出状況 reset, every entry kept, 2021 editable and 2020 locked', () => {
  const a = demo();
  const { env } = a;
  const tab = env.spreadsheet.getSheetByName('広報課')!;
  tab.getRange('D1').setValue('提出済');
  tab.getRange('F1').setValue('2021/03/12');

  // Not closed yet: refused in Japanese, nothing written.
  const refused = nextYearMenu(a);
  expect(refused).toMatchObject({ title: '新年度の準備: エラー', prompt: expect.stringContaining('評価年度の2020年度はまだ確定していません') });
  expect(evaluationYear(a)).toBe(2020);

  // What a person added to a cell (a note, a fill) stays with it, as setup keeps it (SheetOutput.carry).
  const noted = entryCell(env, '広報課', '閲覧者数', '2020年度 コメント');
  noted.setNote('議会資料に掲載済み');
  closeMenu(a);
  const before = new Map(env.spreadsheet.getSheets().map((s) => [s.getName(), s.getDataRange().getValues()]));
  // Cancelled at the confirmation: nothing happens.
  expect(nextYearMenu(a, 'CANCEL')).toMatchObject({ title: '新年度の準備', prompt: '取り消しました。' });
  expect(evaluationYear(a)).toBe(2020);

  const asked = env.ui.alerts.length;
  const done = nextYearMenu(a);
  expect(env.ui.alerts[asked]).toMatchObject({ title: '新年度の準備', buttons: 'OK_CANCEL', prompt: expect.stringContaining('評価年度を1年進め') });
  expect(done).toMatchObject({ title: '新年度の準備', prompt: expect.stringMatching(/^新年度の準備をしました。「設定」の評価年度を2020年度から2021年度にしました。\n1部門（広報課）の提出状況を「未提出」に戻しました/) });
  expect(evaluationYear(a)).toBe('2021');
  expect(tab.getRange('D1').getValue()).toBe('未提出');
  expect(tab.getRange('F1').getValue()).toBe('');
  expect(entryCell(env, '広報課', '閲覧者数', '2020年度 コメント').getNote()).toBe('議会資料に掲載済み');
  // Every department tab holds what it held, but for 広報課's submission line.
  for (const [name, values] of before) {
    if (name === '設定' || name === '変更履歴' || !env.spreadsheet.getSheetByName(name)) continue;
    const now = env.spreadsheet.getSheetByName(name)!.getDataRange().getValues();
    if (name === '広報課') {
      expect(now.slice(1)).toEqual(values.slice(1));
      expect([now[0][3], now[0][5]]).toEqual(['未提出', '']);
    } else expect([name, now]).toEqual([name, values]);
  }
  const logged = sheetValues(env, '変更履歴').filter((r) => r[6] === '新年度の準備').map((r) => [r[1], r[2], r[3], r[4], r[5]]);
  expect(logged).toEqual([
    [KIKAKU, '設定', expect.stringMatching(/^B\d+$/), '2020', '2021'],
    [KIKAKU, '広報課', 'D1', '提出済', '未提出'],
    // Sheets read the typed 2021/03/12 as a date; the log shows it as the day.
    [KIKAKU, '広報課', 'F1', '2021-03-12', ''],
  ]);

  // The department enters 2021 and submits; 2020 stays locked for it.
  expect(mayEdit(a, KOHO, '広報課', entryCell(env, '広報課', '閲覧者数', '2021年度 実績').getA1Notation())).toBe(true);
  expect(mayEdit(a, KOHO, '広報課', entryCell(env, '広報課', '閲覧者数', '2021年度 コメント').getA1Notation())).toBe(true);
  expect(mayEdit(a, KOHO, '広報課', 'D1')).toBe(true);
  expect(mayEdit(a, KOHO, '広報課', entryCell(env, '広報課', '閲覧者数', '2020年度 実績').getA1Notation())).toBe(false);
  expect(mayEdit(a, KOHO, '広報課', entryCell(env, '広報課', '閲覧者数', '2020年度 コメント').getA1Notation())).toBe(false);
  // The sidebar now shows 2021 for the department.
  env.context.activeUserEmail = KOHO;
  env.context.effectiveUserEmail = KOHO;
  expect((JSON.parse(JSON.stringify(a.call('sidebarForm', '広報課'))) as { fiscalYear: number; closed: boolean })).toMatchObject({ fiscalYear: 2021, closed: false });
  // A department cannot run it.
  expect(nextYearMenu(a)).toMatchObject({ title: '新年度の準備: エラー' });
  env.context.activeUserEmail = KIKAKU;
  env.context.effectiveUserEmail = KIKAKU;

  // Twice: 2021 is not closed.
  expect(nextYearMenu(a)).toMatchObject({ title: '新年度の準備: エラー', prompt: expect.stringContaining('評価年度の2021年度はまだ確定していません') });
  expect(evaluationYear(a)).toBe('2021');
});

test('on the demo with every call taking 0.25 s: one run, well inside the write budget', () => {
  const a = demo();
  closeMenu(a);
  a.env.context.latencyMs = LATENCY_MS;
  a.env.resetCalls();
  const run = nextYearMenu(a);
  expect(run.prompt).toMatch(/^新年度の準備をしました。/);
  expect(run.prompt).not.toMatch(/時間の上限/);
  expect(run.ms).toBeLessThan(WRITE_BUDGET_MS);
  expect(a.env.calls.total).toBeGreaterThan(0);
  // Figures for the report: calls and fake-clock seconds of one run on the demo's 9 tabs.
  console.log(`next-year on the demo: ${a.env.calls.total} calls, ${(run.ms / 1000).toFixed(1)} s at ${LATENCY_MS} ms a call`);
});

test('80 tabs: a run stops in time and leaves 評価年度; the next run goes on and moves it, each reset logged once', () => {
  const tabs = 80;
  const env = createEnvironment({ strictGrid: true, limits: { maxCells: Number.MAX_SAFE_INTEGER } });
  env.setAuthMode('FULL');
  env.withGlobals(() => initWorkbook(new SheetsWorkbook(env.globals.SpreadsheetApp.getActiveSpreadsheet()), generatedPlan({ tabs, perTab: 1 })));
  const a = addon(built, env);
  a.call('menuSetup');
  const names = env.spreadsheet.getSheets().map((s) => s.getName()).filter((n) => /^部門\d+$/.test(n));
  expect(names).toHaveLength(tabs);
  for (const n of names) env.spreadsheet.getSheetByName(n)!.getRange('D1').setValue('提出済');
  closeMenu(a);
  const status = () => names.map((n) => env.spreadsheet.getSheetByName(n)!.getRange('D1').getValue());

  env.context.latencyMs = LATENCY_MS;
  const first = nextYearMenu(a);
  expect(first.ms).toBeLessThan(EXECUTION_LIMIT_MS);
  expect(first.prompt).toMatch(new RegExp(`^新年度の準備の途中です。評価年度はまだ2026年度のままです。\\d+部門（[^）]+）の提出状況を「未提出」に戻しました（変更履歴に記録）。\n部門シート (\\d+)/${tabs} を更新しました。時間の上限に近づいたため残りは次の実行で続けます。もう一度「新年度の準備」を実行してください。$`));
  const written = Number(new RegExp(`部門シート (\\d+)/${tabs}`).exec(first.prompt)![1]);
  expect(written).toBeLessThan(tabs);
  expect(written).toBeGreaterThan(0);
  console.log(`next-year on ${tabs} tabs at ${LATENCY_MS} ms a call: ${written} tabs in the first run (${(first.ms / 1000).toFixed(1)} s)`);
  expect(evaluationYear(a)).toBe(2026);
  // The tabs written say 未提出 already, the rest still 提出済 (2026 is closed: its state is 確定 either way).
  expect(status()).toEqual(names.map((_, i) => (i < written ? '未提出' : '提出済')));

  const second = nextYearMenu(a);
  expect(second.ms).toBeLessThan(EXECUTION_LIMIT_MS);
  expect(second.prompt).toMatch(new RegExp(`^新年度の準備をしました。「設定」の評価年度を2026年度から2027年度にしました。\n${tabs - written}部門（`));
  expect(evaluationYear(a)).toBe('2027');
  expect(status()).toEqual(names.map(() => '未提出'));
  const resets = sheetValues(env, '変更履歴').filter((r) => r[6] === '新年度の準備' && r[3] === 'D1').map((r) => r[2]);
  expect(resets).toEqual(names);
  expect(sheetValues(env, '変更履歴').filter((r) => r[6] === '新年度の準備' && r[2] === '設定')).toHaveLength(1);
});
