/**
 * Data validations after a department tab is rewritten (audit F2), through the built bundle: a rule of an earlier
 * layout must not survive anywhere on the grid. Sheet.clear() is documented to clear contents and formats only; the
 * fakes keep validations through it (the conservative reading), so setup has to replace them over the whole grid.
 */
import { addon as makeAddon, buildProject, sheetValues, type Addon, type Built } from './bundle-harness';
import type { FakeEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

const HEADER_ROW = 3;

function demo(): Addon {
  const a = makeAddon(built);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  return a;
}

function setSetting(env: FakeEnvironment, key: string, value: string | number): void {
  const sheet = env.spreadsheet.getSheetByName('設定')!;
  const row = sheet.getDataRange().getValues().findIndex((r) => r[0] === key) + 1;
  sheet.getRange(row, 2).setValue(value);
}

type Rules = Map<string, string>;

/** Every validation on the tab's whole grid, as `A1 → kind: help text`. */
function rulesOn(env: FakeEnvironment, tab: string): Rules {
  const sheet = env.spreadsheet.getSheetByName(tab)!;
  const range = sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns());
  const out: Rules = new Map();
  range.getDataValidations().forEach((line, i) =>
    line.forEach((rule, j) => {
      if (rule) out.set(sheet.getRange(i + 1, j + 1).getA1Notation(), `${rule.getCriteriaType()}: ${rule.getHelpText()}`);
    }),
  );
  return out;
}

/**
 * What the tab should carry: the 提出状況 list, and on each indicator row of an open year the help rule on its 実績 and
 * 要因 cells and the list on its 今後の方向性 cell, nothing else.
 */
function expectedRules(env: FakeEnvironment, tab: string, closed: number[] = []): Rules {
  const values = sheetValues(env, tab);
  const sheet = env.spreadsheet.getSheetByName(tab)!;
  const out: Rules = new Map([['D1', `VALUE_IN_LIST: 入力が終わったら「提出済」にしてください`]]);
  const header = values[HEADER_ROW - 1];
  const lastRow = values.reduce((last, r, i) => (i >= HEADER_ROW && r[0] !== '' ? i + 1 : last), HEADER_ROW);
  header.forEach((h, j) => {
    const m = /^(\d{4})年度 (実績|要因|今後の方向性)$/.exec(String(h));
    if (!m || closed.includes(Number(m[1]))) return;
    const rule = m[2] === '実績' ? 'CUSTOM_FORMULA: 数値と単位で入力します（例: 1,730件、30.7%、▲16.7%）。まだ測っていなければ「未測定」、対象外なら「-」。'
      : m[2] === '要因' ? 'CUSTOM_FORMULA: 評価が低いときや基準値を下回ったときは、その要因を書いてください（提出に必要です）'
      : 'VALUE_IN_LIST: 今後の方向性を一覧（拡充・継続・改善・縮小・廃止・完了）から選んでください';
    for (let r = HEADER_ROW + 1; r <= lastRow; r++) out.set(sheet.getRange(r, j + 1).getA1Notation(), rule);
  });
  return out;
}

const tabs = (env: FakeEnvironment) => env.spreadsheet.getSheets().map((s) => s.getName()).filter((n) => !['設定', '計画マスタ', '変更履歴', 'シート1'].includes(n) && !n.startsWith('達成状況') && n !== '年度確定');

function expectExactRules(env: FakeEnvironment, closed: number[] = []): void {
  for (const tab of tabs(env)) expect({ tab, rules: rulesOn(env, tab) }).toEqual({ tab, rules: expectedRules(env, tab, closed) });
}

test('re-running setup after the plan period shrinks leaves no rule of the old layout anywhere on the grid', () => {
  const { env, call } = demo();
  expectExactRules(env);
  const before = rulesOn(env, '広報課');
  // A rule an earlier version left far from the table.
  env.spreadsheet.getSheetByName('広報課')!.getRange('Z900').setDataValidation(env.globals.SpreadsheetApp.newDataValidation().requireTextIsEmail().build());
  // 2019–2023 becomes 2019–2021 (every year with an entry stays): the 2022 and 2023 columns go.
  setSetting(env, '計画期間（終了年度）', 2021);
  call('menuSetup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '部門シート作成・更新' });
  expect(sheetValues(env, '広報課')[HEADER_ROW - 1]).not.toContain('2022年度 実績');
  expectExactRules(env);
  // The rules did move: the old layout had rules where the new one has none.
  expect([...before.keys()].some((cell) => !rulesOn(env, '広報課').has(cell))).toBe(true);
});

test('re-running setup after indicators are removed leaves no rule on the rows they held', () => {
  const { env, call } = demo();
  const master = env.spreadsheet.getSheetByName('計画マスタ')!;
  const values = master.getDataRange().getValues();
  const header = values.findIndex((r) => r.includes('報告部門'));
  const deptCol = values[header].indexOf('報告部門');
  const nameCol = values[header].indexOf('指標名');
  const rowsBefore = sheetValues(env, '情報政策室').length;
  // Every 情報政策室 indicator without an entry moves to 法制室 (an indicator with entries would stay as a kept row).
  const entered = new Set(['申込み', '施設稼働率の上昇', 'オープン化', '会議システム', '削減時間', '研修参加人数']);
  let moved = 0;
  values.forEach((r, i) => {
    if (i > header && r[deptCol] === '情報政策室' && !entered.has(String(r[nameCol]))) {
      master.getRange(i + 1, deptCol + 1).setValue('法制室');
      moved++;
    }
  });
  expect(moved).toBeGreaterThan(0);
  call('menuSetup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '部門シート作成・更新' });
  expect(sheetValues(env, '情報政策室').length).toBe(rowsBefore - moved);
  expectExactRules(env);
});

test('年度確定 takes the help rule off the closed year; reopening puts it back', () => {
  const { env, call } = demo();
  env.ui.promptTexts.push('2020');
  env.ui.responses.push('OK');
  call('menuCloseYear');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '年度確定' });
  expectExactRules(env, [2020]);
  env.ui.promptTexts.push('2020', '数字の訂正');
  env.ui.responses.push('OK', 'OK');
  call('menuReopenYear');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '年度確定の解除' });
  expectExactRules(env);
});
