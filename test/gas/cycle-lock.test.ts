/**
 * A submitted year's entries locked in (fake) Google Sheets, through the built bundle with protections enforced for
 * script writes as Sheets enforces them for people (platform-facts facts 42–44): the sidebar's 提出 locks the year's
 * entry cells against the department's 入力担当者 (coordinators keep editing), 部門シート作成・更新 keeps the lock,
 * the coordinator's 確認 also takes the submitter's own right (Sheets keeps the person running the script an editor
 * of a protection, fact 43), and 差戻し opens the cells again. The calls the lock costs are counted.
 */
import type { DeptForm, SaveResult } from '../../src/core/sidebar/types';
import { actAs, addon as makeAddon, buildProject, entryCell, mayEdit as mayEditCell, type Built } from './bundle-harness';
import { createEnvironment } from './fakes';
import { KIKAKU, KOHO, KOHO2, OWNER } from './people';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

/** KOHO submits; KOHO2 is 広報課's second 入力担当者. */
const DEPT = '広報課';

function plan() {
  const env = createEnvironment({ strictGrid: true, enforceProtection: true, ownerEmail: OWNER, activeUserEmail: KIKAKU, editorEmails: [KIKAKU, KOHO, KOHO2] });
  const a = makeAddon(built, env);
  env.setAuthMode('FULL');
  const as = (email: string) => actAs(env, email);
  a.call('menuInitDemo');
  const settings = env.spreadsheet.getSheetByName('設定')!;
  const values = settings.getDataRange().getValues();
  const header = values.findIndex((r) => r[0] === '部門') + 1;
  settings.getRange(header + 1, 1, 1, 2).setValues([[DEPT, `${KOHO}, ${KOHO2}`]]);
  settings.getRange(values.findIndex((r) => r[0] === '調整担当者メール') + 1, 2).setValue(KIKAKU);
  a.call('menuSetup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '部門シート作成・更新' });
  return { ...a, as };
}

type Plan = ReturnType<typeof plan>;
const json = <T>(v: unknown): T => JSON.parse(JSON.stringify(v)) as T;
/** Whether `email` may write the department's cell. */
const mayEdit = (p: Plan, email: string, cell: string) => mayEditCell(p.env, email, DEPT, cell);

/** Calls of protection work in the last counted stretch. */
function protectionCalls(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([k]) => k.startsWith('Protection.') || ['Range.protect', 'Sheet.getProtections', 'Spreadsheet.getEditors', 'User.getEmail', 'Session.getEffectiveUser'].includes(k))
    .reduce((n, [, v]) => n + v, 0);
}

test('提出 locks the year for the department, coordinators keep editing; 確認 takes the submitter off; 差戻し opens it', () => {
  const p = plan();
  const { env, call } = p;
  const actual = entryCell(env, DEPT, '閲覧者数', '2020年度 実績').getA1Notation();
  const cause = entryCell(env, DEPT, '閲覧者数', '2020年度 要因').getA1Notation();
  const next = entryCell(env, DEPT, '閲覧者数', '2021年度 実績').getA1Notation();
  expect([mayEdit(p, KOHO2, actual), mayEdit(p, KOHO, actual)]).toEqual([true, true]);

  // Setup's calls with nothing locked, to compare with a locked tab below (確認履歴 made and protected first, by a
  // return of another department, so both runs have the same sheets).
  call('sidebarReturn', { dept: '税制課', year: 2020, reason: '件数の根拠を書いてください', indicators: [] });
  call('menuSetup');
  env.resetCalls();
  call('menuSetup');
  const setupBefore = env.callCounts();

  p.as(KOHO);
  const form = json<DeptForm>(call('sidebarForm', DEPT));
  expect(form).toMatchObject({ state: '入力中', locked: false });
  const changes = form.rows.filter((r) => r.causeNeeded).map((r) => ({ no: r.no, name: r.name, field: 'cause', before: r.cause.text, after: '周知が遅れたため' }));
  env.resetCalls();
  const submitted = json<SaveResult>(call('sidebarSave', { dept: DEPT, fiscalYear: 2020, submit: true, changes }));
  const submitCounts = env.callCounts();
  expect(submitted).toMatchObject({ status: 'saved', form: { state: '提出済', locked: true } });
  // One range protection for the year's four adjacent entry columns.
  expect(submitCounts['Range.protect']).toBe(1);
  expect(protectionCalls(submitCounts)).toBeLessThanOrEqual(20);

  // The other 入力担当者 is locked out of 2020 (not of 2021); the coordinator is not; the submitter keeps the right
  // Sheets never takes from the person running the script, but the sidebar refuses them.
  expect(mayEdit(p, KOHO2, actual)).toBe(false);
  expect(mayEdit(p, KOHO2, cause)).toBe(false);
  expect(mayEdit(p, KOHO2, next)).toBe(true);
  expect(mayEdit(p, KIKAKU, actual)).toBe(true);
  expect(mayEdit(p, KOHO, actual)).toBe(true);
  p.as(KOHO);
  const row = submitted.form.rows[0];
  expect(() => call('sidebarSave', { dept: DEPT, fiscalYear: 2020, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '1人' }] }))
    .toThrow(/「提出済」のため、実績・コメント・要因・今後の方向性は変更できません.*調整担当者（kikaku@city\.example\.lg\.jp）に差戻しを頼んでください/);

  // Setup keeps the lock, for a few calls more.
  p.as(KIKAKU);
  env.resetCalls();
  call('menuSetup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '部門シート作成・更新' });
  const setupLocked = env.callCounts();
  // What the lock adds: the locked tab's two range protections' descriptions, the entry protection's canEdit, and
  // the tab's record once (it now has two range protections).
  const more = Object.keys({ ...setupBefore, ...setupLocked }).filter((k) => setupBefore[k] !== setupLocked[k]).map((k) => [k, (setupLocked[k] ?? 0) - (setupBefore[k] ?? 0)]);
  expect(Object.fromEntries(more)).toEqual({ 'Protection.getDescription': 2, 'Protection.canEdit': 1, 'Properties.setProperties': 1 });
  expect(mayEdit(p, KOHO2, actual)).toBe(false);

  // The coordinator's 確認: the lock now holds the submitter too.
  env.resetCalls();
  expect(json(call('sidebarConfirm', { dept: DEPT, year: 2020 }))).toMatchObject({ from: '提出済', to: '確認済' });
  const confirmCounts = env.callCounts();
  expect(confirmCounts['Range.protect'] ?? 0).toBe(0);
  expect(protectionCalls(confirmCounts)).toBeLessThanOrEqual(20);
  expect(mayEdit(p, KOHO, actual)).toBe(false);
  expect(mayEdit(p, KOHO2, actual)).toBe(false);
  expect(mayEdit(p, KIKAKU, actual)).toBe(true);

  // 差戻し opens the year again for both.
  p.as(KIKAKU);
  env.resetCalls();
  expect(json(call('sidebarReturn', { dept: DEPT, year: 2020, reason: '閲覧者数の根拠を書いてください', indicators: [] }))).toMatchObject({ to: '差戻し' });
  expect(env.callCounts()['Protection.remove']).toBe(1);
  expect([mayEdit(p, KOHO, actual), mayEdit(p, KOHO2, actual), mayEdit(p, KOHO2, cause)]).toEqual([true, true, true]);
  p.as(KOHO2);
  const again = json<DeptForm>(call('sidebarForm', DEPT));
  expect(again).toMatchObject({ state: '差戻し', locked: false, tabReturns: ['閲覧者数の根拠を書いてください'] });
  const first = again.rows[0];
  expect(json(call('sidebarSave', { dept: DEPT, fiscalYear: 2020, submit: false, changes: [{ no: first.no, name: first.name, field: 'comment', before: first.comment.text, after: '根拠: アクセス解析' }] })))
    .toMatchObject({ status: 'saved', saved: 1 });
});

test('a coordinator corrects a submitted tab in Sheets with a reason (事務局修正), into the locked cells', () => {
  const p = plan();
  const { env, call } = p;
  p.as(KOHO);
  const form = json<DeptForm>(call('sidebarForm', DEPT));
  const changes = form.rows.filter((r) => r.causeNeeded).map((r) => ({ no: r.no, name: r.name, field: 'cause', before: r.cause.text, after: '周知が遅れたため' }));
  expect(json(call('sidebarSave', { dept: DEPT, fiscalYear: 2020, submit: true, changes }))).toMatchObject({ status: 'saved' });
  p.as(KIKAKU);
  const asCoord = json<DeptForm>(call('sidebarForm', DEPT));
  expect(asCoord).toMatchObject({ state: '提出済', locked: false, canCorrect: true });
  const row = asCoord.rows[0];
  const fix = { dept: DEPT, fiscalYear: 2020, submit: false, changes: [{ no: row.no, name: row.name, field: 'comment', before: row.comment.text, after: '集計元を訂正' }] };
  expect(() => call('sidebarSave', fix)).toThrow(/事務局修正）には理由が必要です/);
  expect(json(call('sidebarSave', { ...fix, correctionReason: '転記誤り' }))).toMatchObject({ status: 'saved', saved: 1, form: { state: '提出済' } });
  const review = env.spreadsheet.getSheetByName('確認履歴')!.getDataRange().getValues();
  expect(review.filter((r) => r[4] === '事務局修正').map((r) => [r[1], r[9]])).toEqual([[KIKAKU, `転記誤り（修正したセル: ${row.comment.cell}）`]]);
  const log = env.spreadsheet.getSheetByName('変更履歴')!.getDataRange().getValues();
  expect(log.at(-1)!.slice(1)).toEqual([KIKAKU, DEPT, row.comment.cell, row.comment.text, '集計元を訂正', '事務局修正（理由: 転記誤り）']);
});
