/**
 * The department view and the yearly cycle in a real browser (Debian's Chromium through playwright-core), against the
 * local preview over a real .xlsx file: the state badge, a return's reasons (the whole tab's in a box, an
 * indicator's next to its fields), fields disabled once the tab is submitted, and for a coordinator the
 * 「事務局修正の理由」 box that a correction of a submitted tab needs. Screenshots go to test/ui/screenshots/.
 */
import ExcelJS from 'exceljs';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { calendarDate } from '../../src/core/calendar';
import { confirmTab, cycleStatus, returnTab } from '../../src/core/cycle';
import { parseA1 } from '../../src/core/workbook';
import { deptForm, saveForm } from '../../src/core/sidebar/service';
import { startPreview, type Preview } from '../../src/node/preview';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { SHOTS, useBrowser } from '../support/browser';
import { cli } from '../support/cli';

jest.setTimeout(60_000);

const root = join(__dirname, '..', '..');
const COORD = 'kikaku@city.example.lg.jp';
const KOHO = 'koho@city.example.lg.jp';
const DEPT = '広報課';

const fx = useBrowser('shinchoku-cycle-ui-');

let n = 0;
/**
 * A copy of the demo with 広報課's 入力担当者 and a coordinator in 設定, submitted by 広報課 from the sidebar's
 * service (with a 要因 where 提出 needs one); `then` moves it on (a return) before the page opens.
 */
async function submittedBook(then?: (book: XlsxWorkbook) => void): Promise<string> {
  const file = join(fx.dir, `book-${++n}.xlsx`);
  copyFileSync(fx.template, file);
  const book = await XlsxWorkbook.open(file);
  const settings = book.readSheet('設定')!.values;
  const coordRow = settings.findIndex((r) => r[0] === '調整担当者メール') + 1;
  const header = settings.findIndex((r) => r.includes('入力担当者メール')) + 1;
  book.writeTexts('設定', [{ row: coordRow, col: 2, text: COORD }, { row: header + 1, col: 1, text: DEPT }, { row: header + 1, col: 2, text: KOHO }]);
  const form = deptForm(book, DEPT, KOHO);
  const changes = form.rows.filter((r) => r.causeNeeded).map((r) => ({ no: r.no, name: r.name, field: 'cause' as const, before: r.cause.text, after: '周知が遅れたため' }));
  expect(saveForm(book, { dept: DEPT, fiscalYear: 2020, changes, submit: true }, { now: calendarDate(2021, 5, 10, 9, 0, 0), user: KOHO }).form.state).toBe('提出済');
  then?.(book);
  await book.save(file);
  return file;
}

async function open(file: string, user: string): Promise<{ page: Page; preview: Preview; done: () => Promise<void> }> {
  const preview = await startPreview({ book: file, activeSheet: DEPT, user, page: join(root, 'build', 'sidebar.html') });
  const page = await fx.browser.newPage({ viewport: { width: 300, height: 800 } });
  page.setDefaultTimeout(10_000);
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(preview.url);
  await page.locator('#cycle-state').waitFor();
  return { page, preview, done: async () => { await page.close(); await preview.close(); } };
}

const fields = (page: Page) => page.locator('#dept-view li.indicator input, #dept-view li.indicator textarea, #dept-view li.indicator select');

async function reviewActs(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: string[][] = [];
  wb.getWorksheet('確認履歴')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

test('submitted: the badge says 提出済, every field is disabled, and the page says whom to ask', async () => {
  const s = await open(await submittedBook(), KOHO);
  try {
    await expect(s.page.locator('#cycle-state').textContent()).resolves.toBe('提出済');
    const count = await fields(s.page).count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) await expect(fields(s.page).nth(i).isDisabled()).resolves.toBe(true);
    await expect(s.page.locator('#save').isDisabled()).resolves.toBe(true);
    await expect(s.page.locator('#submit').isDisabled()).resolves.toBe(true);
    await expect(s.page.locator('#lock-note').textContent()).resolves.toContain(`調整担当者（${COORD}）に差戻しを頼んでください`);
    await expect(s.page.locator('#correction-reason').count()).resolves.toBe(0);
    await s.page.screenshot({ path: join(SHOTS, 'dept-submitted.png'), fullPage: true });
  } finally {
    await s.done();
  }
});

test('returned: the badge says 差戻し, the tab’s reason in a box, the indicator’s next to its fields, fields open', async () => {
  const file = await submittedBook((book) => {
    const row = deptForm(book, DEPT, COORD).rows[0];
    const acting = { actor: { now: calendarDate(2021, 5, 12, 9, 0, 0), user: COORD } };
    returnTab(book, { dept: DEPT, year: 2020, reason: `${row.name}の根拠を書いてください`, indicators: [{ no: row.no, name: row.name }] }, acting);
    returnTab(book, { dept: DEPT, year: 2020, reason: 'コメントを全体に補ってください' }, acting);
  });
  const s = await open(file, KOHO);
  try {
    await expect(s.page.locator('#cycle-state').textContent()).resolves.toBe('差戻し');
    await expect(s.page.locator('#tab-returns').textContent()).resolves.toContain('コメントを全体に補ってください');
    const items = s.page.locator('li.indicator');
    const first = items.nth(0);
    const name = (await first.locator('input[data-name]').getAttribute('data-name'))!;
    await expect(first.locator('.return-reason').textContent()).resolves.toBe(`${name}の根拠を書いてください`);
    await expect(first.getAttribute('class')).resolves.toContain('returned');
    // Only that indicator carries it.
    await expect(s.page.locator('li.indicator .return-reason').count()).resolves.toBe(1);
    await expect(first.locator('input[data-name]').isDisabled()).resolves.toBe(false);
    await expect(s.page.locator('#submit').isDisabled()).resolves.toBe(false);
    await s.page.screenshot({ path: join(SHOTS, 'dept-returned.png'), fullPage: true });
  } finally {
    await s.done();
  }
});

test('a coordinator on a submitted tab: fields open, a save needs 「事務局修正の理由」, and is recorded as 事務局修正', async () => {
  const file = await submittedBook();
  const s = await open(file, COORD);
  try {
    await expect(s.page.locator('#cycle-state').textContent()).resolves.toBe('提出済');
    await expect(s.page.getByLabel('事務局修正の理由').isVisible()).resolves.toBe(true);
    await expect(s.page.locator('#submit').isDisabled()).resolves.toBe(true);
    const comment = s.page.locator('li.indicator').nth(0).locator('textarea[data-field="comment"]');
    await expect(comment.isDisabled()).resolves.toBe(false);
    await comment.fill('事務局で出典を補記');
    await s.page.click('#save');
    await expect(s.page.locator('#dept-status').textContent()).resolves.toContain('「事務局修正の理由」を入力してください');
    expect(s.preview.calls.filter((c) => c === 'sidebarSave')).toEqual([]);
    await s.page.getByLabel('事務局修正の理由').fill('出典の記載漏れ');
    await s.page.screenshot({ path: join(SHOTS, 'dept-correction.png'), fullPage: true });
    await s.page.click('#save');
    await s.page.locator('#dept-status', { hasText: '保存しました（1件）' }).waitFor();
  } finally {
    await s.done();
  }
  const rows = await reviewActs(file);
  const fix = rows.filter((r) => r[4] === '事務局修正');
  expect(fix).toHaveLength(1);
  expect(fix[0].slice(1, 7)).toEqual([COORD, DEPT, '2020年度', '事務局修正', '提出済', '提出済']);
  expect(fix[0][9]).toMatch(/^出典の記載漏れ（修正したセル: [A-Z]+\d+）$/);
});

test('on the .xlsx itself: saved and read back it is as submitted; a cell typed in the file after 提出 is named and refuses 確認', async () => {
  const file = await submittedBook();
  const book = await XlsxWorkbook.open(file);
  const dept = () => cycleStatus(book, 2020).departments.find((d) => d.dept === DEPT)!;
  expect(dept()).toMatchObject({ state: '提出済', changed: [], changedNote: '' });
  // As Excel would: the file's cell changed, not through the sidebar.
  const cell = deptForm(book, DEPT, KOHO).rows[0].comment.cell;
  book.writeTexts(DEPT, [{ ...parseA1(cell)!, text: '提出後に追記' }]);
  await book.save(file);
  const again = await XlsxWorkbook.open(file);
  const after = cycleStatus(again, 2020).departments.find((d) => d.dept === DEPT)!;
  expect(after).toMatchObject({ changed: [cell], changedNote: `提出後に変更されています（${DEPT}!${cell}）` });
  const acting = { actor: { now: calendarDate(2021, 5, 12, 9, 0, 0), user: COORD } };
  expect(() => confirmTab(again, { dept: DEPT, year: 2020 }, acting)).toThrow(`提出後に変更されています（${DEPT}!${cell}）`);
  // The same note in `shinchoku status` and on the coordinator's board.
  const text = await cli('status', file);
  expect(text.out).toContain(`    注意: 提出後に変更されています（${DEPT}!${cell}）。確認するには`);
  const s = await open(file, COORD);
  try {
    await s.page.click('#tab-coordinator');
    const card = s.page.locator(`li.cycle-dept[data-dept="${DEPT}"]`);
    await card.locator('.cycle-changed', { hasText: `提出後に変更されています（${DEPT}!${cell}）` }).waitFor();
    expect(await s.page.locator('li.cycle-dept .cycle-changed').count()).toBe(1);
  } finally {
    await s.done();
  }
});
