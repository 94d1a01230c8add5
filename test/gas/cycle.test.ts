/**
 * The cycle in (fake) Google Sheets with the scope gate on: a return recorded through the core over the Sheets
 * adapter creates 確認履歴 (text, header, protected, before 変更履歴) and reads back; the built bundle's 年度確定 then
 * refuses while departments are not 確認済, and once all are confirmed closes and appends its rows to 確認履歴.
 */
import { calendarDate } from '../../src/core/calendar';
import { confirmTab, cycleStatus, returnTab, REVIEW_HEADERS, type CycleActing } from '../../src/core/cycle';
import { SheetsWorkbook } from '../../src/gas/sheets-workbook';
import { analyzePlan } from '../../src/core/jobs';
import { addon, buildProject, sheetValues, type Addon, type Built } from './bundle-harness';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

function demo(): Addon {
  const a = addon(built);
  expect(a.env.oauthScopes).toEqual(built.manifest.oauthScopes);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  return a;
}

/** Runs a core job over the Sheets adapter of the fake spreadsheet, as the signed-in coordinator (who ran 初期設定). */
function asCoordinator<T>(a: Addon, job: (book: SheetsWorkbook, acting: CycleActing) => T): T {
  return a.env.withGlobals(() => {
    const user = a.env.globals.Session.getActiveUser().getEmail();
    const book = new SheetsWorkbook(a.env.globals.SpreadsheetApp.getActiveSpreadsheet());
    return job(book, { actor: { now: calendarDate(2021, 5, 20, 9, 0, 0), user } });
  });
}

/** 年度確定 from the menu: the year, then (when asked) the reason to close without every 確認. */
function closeMenu(a: Addon, year: string, reason?: string) {
  a.env.ui.promptTexts.push(year);
  a.env.ui.responses.push('OK');
  if (reason !== undefined) {
    a.env.ui.promptTexts.push(reason);
    a.env.ui.responses.push('OK');
  }
  a.call('menuCloseYear');
  return a.env.ui.alerts.at(-1)!;
}

test('a return recorded through the core reads back from 確認履歴, and the bundle’s 年度確定 waits for 確認済', () => {
  const a = demo();
  asCoordinator(a, (book, acting) => returnTab(book, { dept: '税制課', year: 2020, reason: '=HYPERLINK("http://x","根拠")を確認' }, acting));

  const values = sheetValues(a.env, '確認履歴');
  expect(values[0]).toEqual([...REVIEW_HEADERS]);
  expect(values.slice(1).map((r) => r.slice(2))).toEqual([['税制課', '2020年度', '差戻し', '入力中', '差戻し', '', '', '=HYPERLINK("http://x","根拠")を確認', '']]);
  const sheet = a.env.spreadsheet.getSheetByName('確認履歴')!;
  // Stored as text, not as a formula.
  expect(sheet.getRange(2, 10).getFormula()).toBe('');
  expect(sheet.getProtections(a.env.globals.SpreadsheetApp.ProtectionType.SHEET)[0].getDescription()).toContain('確認履歴');
  const names = a.env.spreadsheet.getSheets().map((s) => s.getName());
  // 変更履歴 (made by 初期設定) stays the last tab; 確認履歴 goes just before it.
  expect(names.slice(-2)).toEqual(['確認履歴', '変更履歴']);

  const status = asCoordinator(a, (book) => cycleStatus(book, 2020));
  expect(status.departments.find((d) => d.dept === '税制課')).toMatchObject({ state: '差戻し', returns: [expect.objectContaining({ reason: '=HYPERLINK("http://x","根拠")を確認' })] });

  // Through the built bundle: 年度確定 reads 確認履歴 and refuses, listing the departments; without a reason it stops.
  const refused = closeMenu(a, '2020', '');
  expect(refused.title).toBe('年度確定');
  expect(refused.prompt).toContain('確定しませんでした。');
  expect(refused.prompt).toContain('確認済みでない部門');
  expect(refused.prompt).toContain('・税制課（差戻し）');
  expect(a.env.spreadsheet.getSheetByName('年度確定')).toBeNull();

  // Every department submits (in its tab) and is confirmed: the bundle closes and appends 確定 per department.
  for (const d of status.departments) {
    a.env.spreadsheet.getSheetByName(d.dept)!.getRange('D1').setValue('提出済');
    // 確認 refuses a tab with errors: a 要因 where a submitted tab's grade needs one.
    for (const m of asCoordinator(a, (book) => analyzePlan(book, '確認').causesMissing.filter((x) => x.department === d.dept)))
      a.env.spreadsheet.getSheetByName(d.dept)!.getRange(m.cell).setValue('周知が不足したため');
    asCoordinator(a, (book, acting) => confirmTab(book, { dept: d.dept, year: 2020 }, acting));
  }
  const closed = closeMenu(a, '2020');
  expect(closed).toMatchObject({ title: '年度確定', prompt: expect.stringMatching(/2020年度を確定しました/) });
  const after = sheetValues(a.env, '確認履歴').slice(1);
  const closing = after.filter((r) => r[4] === '確定');
  expect(closing.map((r) => r[2])).toEqual(status.departments.map((d) => d.dept));
  expect(closing.every((r) => r[5] === '確認済' && r[6] === '確定')).toBe(true);
  expect(asCoordinator(a, (book) => cycleStatus(book, 2020)).departments.every((d) => d.state === '確定')).toBe(true);
});

test('the menu’s 年度確定 asks for a reason while departments are not 確認済, and records the override', () => {
  const a = demo();
  asCoordinator(a, (book, acting) => returnTab(book, { dept: '税制課', year: 2020, reason: '要確認' }, acting));
  const closed = closeMenu(a, '2020', '議会報告の期限のため');
  expect(closed).toMatchObject({ title: '年度確定', prompt: expect.stringMatching(/2020年度を確定しました/) });
  expect(closed.prompt).toContain('理由: 議会報告の期限のため');
  const rows = sheetValues(a.env, '確認履歴').slice(1);
  expect(rows.find((r) => r[2] === '税制課' && r[4] === '確認なしで確定')?.[9]).toBe('議会報告の期限のため');
  expect(sheetValues(a.env, '年度確定').flat().join('\n')).toContain('理由: 議会報告の期限のため');
});
