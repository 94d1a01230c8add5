/** Roles inside (fake) Sheets, through the bundle: whoever runs 初期設定 becomes the first coordinator; others are
 * told plainly what they may not do; an unknown e-mail (another domain, a personal account) is refused. */
import type { DeptForm } from '../../src/core/sidebar/types';
import { addon as makeAddon, buildProject, type Built } from './bundle-harness';
import { createEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

function plan() {
  const a = makeAddon(built, createEnvironment({ strictGrid: true, ownerEmail: 'kikaku@city.example.lg.jp' }));
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  const as = (email: string) => {
    a.env.context.activeUserEmail = email;
    a.env.context.effectiveUserEmail = email;
  };
  const settings = a.env.spreadsheet.getSheetByName('設定')!;
  const header = settings.getDataRange().getValues().findIndex((r) => r[0] === '部門') + 1;
  settings.getRange(header + 1, 1, 1, 2).setValues([['広報課', 'koho@city.example.lg.jp']]);
  return { ...a, as };
}

const saveOne = (call: (n: string, ...a: unknown[]) => unknown, dept: string, after: string) => {
  const form = JSON.parse(JSON.stringify(call('sidebarForm', dept))) as DeptForm;
  const row = form.rows[0];
  return call('sidebarSave', { dept, fiscalYear: form.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after }] });
};

test('初期設定 makes the person who ran it the coordinator', () => {
  const { env } = plan();
  const rows = env.spreadsheet.getSheetByName('設定')!.getDataRange().getValues();
  expect(rows.find((r) => r[0] === '調整担当者メール')![1]).toBe('kikaku@city.example.lg.jp');
});

test('a department editor saves their own department only; setup and rollup are refused with a plain message', () => {
  const { env, call, as } = plan();
  as('koho@city.example.lg.jp');
  expect(saveOne(call, '広報課', '1,000人')).toMatchObject({ status: 'saved' });
  expect(() => saveOne(call, '税制課', '1,000件')).toThrow(/「税制課」の実績を保存できるのは、その部門の入力担当者と調整担当者だけです/);
  call('menuRollup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計: エラー', prompt: expect.stringMatching(/集計は調整担当者だけが実行できます（koho@city\.example\.lg\.jp/) });
  expect(env.spreadsheet.getSheetByName('達成状況')).toBeNull();
  call('menuSetup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '部門シート作成・更新: エラー' });
  expect(() => call('sidebarRollup')).toThrow(/集計は調整担当者だけが実行できます/);
  // 入力チェック writes notes on every department's tab and 検証結果: coordinators only.
  call('menuValidate');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '入力チェック: エラー', prompt: expect.stringMatching(/入力チェックは調整担当者だけが実行できます/) });
  expect(() => call('sidebarCheck')).toThrow(/入力チェックは調整担当者だけが実行できます/);
});

test('the coordinator may do everything', () => {
  const { env, call } = plan();
  expect(saveOne(call, '税制課', '1,800件')).toMatchObject({ status: 'saved' });
  call('menuRollup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計' });
});

test('an unknown e-mail is refused with an explanation, never allowed by default', () => {
  const { env, call, as } = plan();
  as('');
  expect(() => saveOne(call, '広報課', '1,000人')).toThrow(/Google があなたのメールアドレスを知らせないため/);
  call('menuRollup');
  expect(env.ui.alerts.at(-1)).toMatchObject({ title: '集計: エラー', prompt: expect.stringMatching(/メールアドレスを知らせないため/) });
});
