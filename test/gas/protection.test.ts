/**
 * Protection by role and the year lock inside (fake) Sheets, through the built bundle, with protections enforced
 * for script writes as Sheets enforces them for people (platform-facts facts 42–44, 70): a department tab is for
 * its 入力担当者 (entry cells of open years) and the coordinators; the add-in's sheets are for the coordinators; a
 * closed year's snapshot for nobody. The owner can always edit, and group-granted rights are handled.
 */
import { actAs, addon as makeAddon, buildProject, entryCell, mayEdit as mayEditCell, sheetValues, type Built } from './bundle-harness';
import { createEnvironment } from './fakes';
import { KIKAKU, KIKAKU2, KOHO, OWNER, STAFF, ZEI } from './people';

let built: Built;
beforeAll(() => {
  built = buildProject();
});


function plan() {
  const env = createEnvironment({
    strictGrid: true,
    enforceProtection: true,
    ownerEmail: OWNER,
    activeUserEmail: KIKAKU,
    editorEmails: [KIKAKU, KOHO, ZEI, 'all-staff@city.example.lg.jp', 'kikaku-team@city.example.lg.jp'],
    groups: { 'all-staff@city.example.lg.jp': [STAFF], 'kikaku-team@city.example.lg.jp': [KIKAKU2] },
  });
  const a = makeAddon(built, env);
  env.setAuthMode('FULL');
  const as = (email: string) => actAs(env, email);
  // KIKAKU (not the owner) sets the plan up and so becomes its first coordinator.
  a.call('menuInitDemo');
  const settings = env.spreadsheet.getSheetByName('設定')!;
  const values = settings.getDataRange().getValues();
  const header = values.findIndex((r) => r[0] === '部門') + 1;
  settings.getRange(header + 1, 1, 2, 2).setValues([['広報課', KOHO], ['税制課', ZEI]]);
  const coordinators = values.findIndex((r) => r[0] === '調整担当者メール') + 1;
  settings.getRange(coordinators, 2).setValue(`${KIKAKU}, ${KIKAKU2}`);
  // Protections follow 設定 when setup runs.
  a.call('menuSetup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '部門シート作成・更新' });
  return { ...a, as };
}

type Plan = ReturnType<typeof plan>;
/** Whether `email` may write the cell. */
const mayEdit = (p: Plan, email: string, sheet: string, cell: string) => mayEditCell(p.env, email, sheet, cell);

const a1Of = (r: { getA1Notation(): string }) => r.getA1Notation();

test('a department tab: its 入力担当者 enter figures, coordinators edit everything, other editors of the file nothing', () => {
  const p = plan();
  const koho = a1Of(entryCell(p.env, '広報課', '閲覧者数', '2020年度 実績'));
  const kohoTarget = a1Of(entryCell(p.env, '広報課', '閲覧者数', '2020年度 予定'));
  const zei = a1Of(entryCell(p.env, '税制課', '課税証明', '2020年度 実績'));
  expect(mayEdit(p, KOHO, '広報課', koho)).toBe(true);
  expect(mayEdit(p, KOHO, '広報課', 'D1')).toBe(true); // 提出状況
  expect(mayEdit(p, KOHO, '広報課', kohoTarget)).toBe(false); // 予定 is the master's
  expect(mayEdit(p, KOHO, '税制課', zei)).toBe(false); // another department's figures
  expect(mayEdit(p, ZEI, '税制課', zei)).toBe(true);
  expect(mayEdit(p, STAFF, '広報課', koho)).toBe(false); // edits the file through a group, has no role
  expect(mayEdit(p, KIKAKU, '広報課', kohoTarget)).toBe(true);
  expect(mayEdit(p, KIKAKU2, '税制課', zei)).toBe(true); // a coordinator whose file right is a group's
  // Sheets never takes the owner's right away, whatever the add-in sets.
  expect(mayEdit(p, OWNER, '広報課', kohoTarget)).toBe(true);
});

test("the add-in's sheets are for the coordinators; 変更履歴 also for those who save", () => {
  const p = plan();
  p.call('menuRollup');
  expect(p.env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
  for (const sheet of ['設定', '計画マスタ', '達成状況', '検証結果', 'グラフ']) {
    expect([sheet, mayEdit(p, KOHO, sheet, 'A1')]).toEqual([sheet, false]);
    expect([sheet, mayEdit(p, STAFF, sheet, 'A1')]).toEqual([sheet, false]);
    expect([sheet, mayEdit(p, KIKAKU2, sheet, 'A1')]).toEqual([sheet, true]);
    expect([sheet, mayEdit(p, OWNER, sheet, 'A1')]).toEqual([sheet, true]);
  }
  expect(mayEdit(p, KOHO, '変更履歴', 'A1')).toBe(true);
  expect(mayEdit(p, STAFF, '変更履歴', 'A1')).toBe(false);
  const log = p.env.spreadsheet.getSheetByName('変更履歴')!.getProtections(p.env.globals.SpreadsheetApp.ProtectionType.SHEET)[0];
  expect(log.isWarningOnly()).toBe(false);
  // The second coordinator (a group's member) runs the rollup too: nothing the first one set stops them.
  p.as(KIKAKU2);
  p.call('menuRollup');
  expect(p.env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
});

test("Google's order (add the script's user, then remove the others) lets a coordinator who edits through a group protect", () => {
  const p = plan();
  p.as(KIKAKU2);
  p.call('menuSetup');
  expect(p.env.ui.alerts.at(-1)).toMatchObject({ title: '部門シート作成・更新' });
  // The fake throws like Sheets when the group that gives the script's user their right is removed first.
  const ss = p.env.globals.SpreadsheetApp.getActiveSpreadsheet();
  const probe = ss.getSheetByName('広報課')!.getRange('A1:A2').protect();
  expect(() => probe.removeEditors(probe.getEditors())).toThrow(/group/);
});

test('a coordinator who edits through a group makes new protections (a new tab, a snapshot); the group gains nothing', () => {
  const p = plan();
  const master = p.env.spreadsheet.getSheetByName('計画マスタ')!;
  const values = master.getDataRange().getValues();
  const header = values.findIndex((r) => r.includes('報告部門'));
  const row = values.findIndex((r, i) => i > header && r[values[header].indexOf('指標名')] === '閲覧者数') + 1;
  master.getRange(row, values[header].indexOf('報告部門') + 1).setValue('新設課');
  p.as(KIKAKU2);
  p.call('menuSetup');
  expect(p.env.ui.alerts.at(-1)).toMatchObject({ title: '部門シート作成・更新', prompt: expect.stringMatching(/^新規 1（新設課）/) });
  const cell = a1Of(entryCell(p.env, '新設課', '閲覧者数', '2021年度 実績'));
  expect(mayEdit(p, KIKAKU2, '新設課', 'A4')).toBe(true);
  expect(mayEdit(p, KIKAKU, '新設課', cell)).toBe(true);
  expect(mayEdit(p, STAFF, '新設課', cell)).toBe(false);
  expect(mayEdit(p, KOHO, '新設課', cell)).toBe(false);
  // A snapshot is for nobody: the group that gave KIKAKU2 their right is taken off it, after KIKAKU2 in person.
  p.env.ui.promptTexts.push('2020');
  p.env.ui.responses.push('OK');
  p.call('menuCloseYear');
  expect(p.env.ui.alerts.at(-1)).toMatchObject({ title: '年度確定' });
  expect(mayEdit(p, KIKAKU2, '達成状況_2020年度', 'A1')).toBe(true);
  expect(mayEdit(p, STAFF, '達成状況_2020年度', 'A1')).toBe(false);
});

test('a 入力担当者 added to 設定 is told plainly until a coordinator runs setup', () => {
  const p = plan();
  const settings = p.env.spreadsheet.getSheetByName('設定')!;
  const header = sheetValues(p.env, '設定').findIndex((r) => r[0] === '部門') + 1;
  settings.getRange(header + 3, 1, 1, 2).setValues([['市民課', 'shimin@city.example.lg.jp']]);
  p.env.context.editorEmails.push('shimin@city.example.lg.jp');
  p.as('shimin@city.example.lg.jp');
  const form = JSON.parse(JSON.stringify(p.call('sidebarForm', '市民課')));
  const row = form.rows[0];
  const save = () => p.call('sidebarSave', { dept: '市民課', fiscalYear: form.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '10件' }] });
  expect(save).toThrow(/シート「市民課」は保護されていて.*「部門シート作成・更新」を実行すると保護に反映されます/);
  p.as(KIKAKU);
  p.call('menuSetup');
  p.as('shimin@city.example.lg.jp');
  expect(save()).toMatchObject({ status: 'saved' });
});

test('年度確定: snapshot for nobody, entries locked, the sidebar refuses; reopening needs a reason and is logged', () => {
  const p = plan();
  const { env, call } = p;
  const koho = a1Of(entryCell(env, '広報課', '閲覧者数', '2020年度 実績'));
  const next = a1Of(entryCell(env, '広報課', '閲覧者数', '2021年度 実績'));
  // Empty answer: the year under evaluation (2020).
  env.ui.promptTexts.push('');
  env.ui.responses.push('OK');
  call('menuCloseYear');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '年度確定', prompt: expect.stringMatching(/2020年度を確定しました。達成状況の控えを「達成状況_2020年度」に保存し/) });

  const snapshot = sheetValues(env, '達成状況_2020年度');
  expect(String(snapshot[0][0])).toMatch(/2020年度 確定版/);
  const table = snapshot.findIndex((r) => r[0] === 'No.');
  const indicatorRows = snapshot.slice(table + 1, snapshot.findIndex((r, i) => i > table && r.every((v) => v === '')));
  expect(indicatorRows.length).toBeGreaterThan(10);
  expect(indicatorRows.filter((r) => r[6] !== '2020年度')).toEqual([]);
  expect(sheetValues(env, '年度確定').slice(2)).toEqual([['2020年度', '確定', expect.any(String), KIKAKU, '', '達成状況_2020年度']]);

  // The closed year is locked for the department, the next year is not.
  expect(mayEdit(p, KOHO, '広報課', koho)).toBe(false);
  expect(mayEdit(p, KOHO, '広報課', next)).toBe(true);
  // The snapshot: nobody was given a right; Sheets keeps the owner and whoever closed the year.
  expect(mayEdit(p, KIKAKU2, '達成状況_2020年度', 'A1')).toBe(false);
  expect(mayEdit(p, KOHO, '達成状況_2020年度', 'A1')).toBe(false);
  expect(mayEdit(p, OWNER, '達成状況_2020年度', 'A1')).toBe(true);

  p.as(KOHO);
  const form = JSON.parse(JSON.stringify(call('sidebarForm', '広報課')));
  expect(form.closed).toBe(true);
  const row = form.rows[0];
  expect(() => call('sidebarSave', { dept: '広報課', fiscalYear: 2020, submit: true, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '1人' }] }))
    .toThrow(/2020年度は確定済みのため、保存も提出もできません/);
  // A department cannot close or reopen.
  env.ui.promptTexts.push('2020', '誤り');
  env.ui.responses.push('OK', 'OK');
  call('menuReopenYear');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '年度確定の解除: エラー', prompt: expect.stringMatching(/年度確定の解除は調整担当者だけが実行できます/) });

  // Reopening: no reason, no reopening.
  p.as(KIKAKU2);
  env.ui.promptTexts.push('2020', '   ');
  env.ui.responses.push('OK', 'OK');
  call('menuReopenYear');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '年度確定の解除: エラー', prompt: expect.stringMatching(/理由を入力してください/) });
  env.ui.promptTexts.push('令和2年度', '広報課の閲覧者数の集計誤り');
  env.ui.responses.push('OK', 'OK');
  call('menuReopenYear');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '年度確定の解除', prompt: expect.stringMatching(/2020年度の確定を解除しました/) });
  expect(mayEdit(p, KOHO, '広報課', koho)).toBe(true);
  const log = sheetValues(env, '変更履歴');
  expect(log.at(-1)).toEqual([expect.any(String), KIKAKU2, '年度確定', '', '2020年度は確定済み', '2020年度の確定を解除（理由: 広報課の閲覧者数の集計誤り）', '年度確定の解除']);
  expect(log.some((r) => r[6] === '年度確定' && r[1] === KIKAKU)).toBe(true);
  // The published snapshot stays as it was; closing again keeps both.
  expect(sheetValues(env, '達成状況_2020年度')).toEqual(snapshot);
  env.ui.promptTexts.push('2020');
  env.ui.responses.push('OK');
  call('menuCloseYear');
  expect(env.ui.alerts.at(-1)).toMatchObject({ prompt: expect.stringMatching(/「達成状況_2020年度_2」/) });
});

describe('addresses in 設定 that Google refuses (mistyped, not an account, blocked by a sharing policy)', () => {
  const TYPO = 'koho@city.example.lg.jq';
  const FOREIGN = 'someone@partner.example.com';

  /** 広報課 gets a mistyped second 入力担当者 and the coordinators one Google will not take; returns the cells. */
  function withRefused(p: Plan): { editorCell: string; coordinatorCell: string } {
    const { env } = p;
    env.context.refusedEditors = new Set([TYPO, FOREIGN]);
    const settings = env.spreadsheet.getSheetByName('設定')!;
    const values = settings.getDataRange().getValues();
    const editorRow = values.findIndex((r) => r[0] === '広報課') + 1;
    settings.getRange(editorRow, 2).setValue(`${KOHO}, ${TYPO}`);
    const coordinatorRow = values.findIndex((r) => r[0] === '調整担当者メール') + 1;
    settings.getRange(coordinatorRow, 2).setValue(`${KIKAKU}, ${KIKAKU2}, ${FOREIGN}`);
    return { editorCell: `B${editorRow}`, coordinatorCell: `B${coordinatorRow}` };
  }

  test('setup sets everyone else, names each refused address\'s cell, and tries it once alone', () => {
    const p = plan();
    const { env, call } = p;
    const { editorCell, coordinatorCell } = withRefused(p);
    env.context.refusedAttempts.length = 0;
    call('menuSetup');
    const { title, prompt } = env.ui.alerts.at(-1)!;
    expect(title).toBe('部門シート作成・更新');
    expect(prompt).toMatch(/^新規 0（なし）、更新 9/);
    const warnings = prompt.split('\n').filter((l) => l.startsWith('・警告'));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^・警告 設定!${coordinatorCell} 「${FOREIGN}」を保護の編集者に追加できませんでした（Google がこのアドレスを受け付けません`)),
        expect.stringMatching(new RegExp(`^・警告 設定!${editorCell} 「${TYPO}」を保護の編集者に追加できませんでした`)),
      ]),
    );
    expect(warnings).toHaveLength(2);
    // Each refused address: once in the batch that failed, once alone; later protections leave it out.
    expect(env.context.refusedAttempts.filter((e) => e === FOREIGN)).toEqual([FOREIGN, FOREIGN]);
    expect(env.context.refusedAttempts.filter((e) => e === TYPO)).toEqual([TYPO, TYPO]);
    // Everyone else has their rights.
    const koho = a1Of(entryCell(env, '広報課', '閲覧者数', '2020年度 実績'));
    const target = a1Of(entryCell(env, '広報課', '閲覧者数', '2020年度 予定'));
    expect(mayEdit(p, KOHO, '広報課', koho)).toBe(true);
    expect(mayEdit(p, KOHO, '広報課', target)).toBe(false);
    expect(mayEdit(p, KIKAKU2, '広報課', target)).toBe(true);
    expect(mayEdit(p, STAFF, '広報課', koho)).toBe(false);
    expect(mayEdit(p, KIKAKU2, '設定', 'A1')).toBe(true);
  });

  test('集計 and 入力チェック put the warnings in 検証結果 and in their message; fixing the address clears them', () => {
    const p = plan();
    const { env, call } = p;
    const { editorCell, coordinatorCell } = withRefused(p);
    call('menuSetup');
    call('menuRollup');
    const rollup = env.ui.alerts.at(-1)!;
    expect(rollup.title).toBe('集計');
    const refusedRows = () => sheetValues(env, '検証結果').filter((r) => String(r.join(' ')).includes('保護の編集者に追加できませんでした'));
    // 集計 sets the coordinators on 達成状況 and 検証結果: the refused coordinator is reported there.
    expect(refusedRows().map((r) => [r[0], r[1], String(r.join(' ')).includes(FOREIGN)])).toEqual([['警告', '設定', true]]);
    expect(rollup.prompt).toMatch(/警告 [1-9]\d*件/);
    call('menuValidate');
    expect(env.ui.alerts.at(-1)!.prompt).toContain(`・警告 設定!${coordinatorCell} 「${FOREIGN}」`);
    expect(refusedRows()).toHaveLength(1);

    const settings = env.spreadsheet.getSheetByName('設定')!;
    settings.getRange(editorCell).setValue(KOHO);
    settings.getRange(coordinatorCell).setValue(`${KIKAKU}, ${KIKAKU2}`);
    call('menuSetup');
    expect(env.ui.alerts.at(-1)!.prompt).not.toMatch(/警告/);
    call('menuRollup');
    expect(refusedRows()).toEqual([]);
  });
});
