/**
 * The yearly cycle walked in a real browser (Debian's Chromium through playwright-core), each person on their own
 * local preview over the same .xlsx (a copy of the demo with 設定's 調整担当者, 広報課's 入力担当者 and 所属長): the
 * department fills its missing entry and submits; the coordinator's board shows 提出済 and returns one indicator
 * with a reason; the department sees the form editable again and the reason on the board, fixes and resubmits; the
 * coordinator confirms. Then `shinchoku close-year` refuses naming the departments not confirmed, and 確認履歴 keeps
 * the return's reason. With 所属長確認 on, the 所属長 confirms first (the coordinator is refused until then). A closed
 * past year is read-only on the board, and a reason written like markup shows as text.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { calendarDate } from '../../src/core/calendar';
import { readReviewLog, returnTab, type CycleStatus } from '../../src/core/cycle';
import { closeYear } from '../../src/core/year-lock';
import { startPreview, type Preview } from '../../src/node/preview';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { cli, fileHash } from '../support/cli';
import { SHOTS, useBrowser } from '../support/browser';

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');
const COORD = 'kikaku@city.example.lg.jp';
const KOHO = 'koho@city.example.lg.jp';
const HEAD = 'koho-kacho@city.example.lg.jp';
const DEPT = '広報課';
const REASON = '閲覧者数の集計期間（4月〜3月）を確認してください';
const HOSTILE = '<img src=x onerror=alert(1)>根拠を記入';

const fx = useBrowser('shinchoku-walk-');

let n = 0;
/** A copy of the demo whose 設定 names the coordinator, 広報課's 入力担当者 and 所属長, with 所属長確認 on or off. */
async function book(headStep: boolean): Promise<string> {
  const file = join(fx.dir, `walk-${++n}.xlsx`);
  copyFileSync(fx.template, file);
  const wb = await XlsxWorkbook.open(file);
  const values = wb.readSheet('設定')!.values;
  const rowOf = (text: string) => values.findIndex((r) => r[0] === text || r[1] === text) + 1;
  const blank = (r: number) => (values[r - 1] ?? []).every((v) => v === '' || v === null || v === undefined);
  const editors = rowOf('入力担当者メール');
  expect([rowOf('調整担当者メール'), editors]).toEqual([expect.any(Number), expect.any(Number)]);
  // init writes the 所属長確認 row and the 所属長メール column; the demo's editor table is empty.
  const headRow = rowOf('所属長確認');
  const headCol = values[editors - 1].indexOf('所属長メール') + 1;
  expect([headRow > 0, headCol > 0, blank(editors + 1)]).toEqual([true, true, true]);
  wb.writeTexts('設定', [
    { row: rowOf('調整担当者メール'), col: 2, text: COORD },
    { row: headRow, col: 1, text: '所属長確認' }, { row: headRow, col: 2, text: headStep ? '使う' : '使わない' },
    { row: editors + 1, col: 1, text: DEPT }, { row: editors + 1, col: 2, text: KOHO }, { row: editors + 1, col: headCol, text: HEAD },
  ]);
  await wb.save(file);
  return file;
}

interface Person {
  page: Page;
  preview: Preview;
  done: () => Promise<void>;
}

/** A person signed in as `user` on their own preview of the book (the department's tab active). */
async function signIn(file: string, user: string): Promise<Person> {
  const preview = await startPreview({ book: file, activeSheet: DEPT, user, page: join(root, 'build', 'sidebar.html') });
  const page = await fx.browser.newPage({ viewport: { width: 300, height: 900 } });
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('dialog', (d) => void d.dismiss());
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(preview.url);
  await page.locator('#dept-select').waitFor();
  return { page, preview, done: async () => { expect(problems).toEqual([]); await page.close(); await preview.close(); } };
}

const field = (page: Page, name: string) => page.locator(`input[data-name="${name}"]`);
const card = (page: Page): Locator => page.locator(`li.cycle-dept[data-dept="${DEPT}"]`);

async function openBoard(page: Page): Promise<void> {
  await page.click('#tab-coordinator');
  await card(page).waitFor();
}

/** The board's answer after an action (the status line once the board reloaded). */
async function boardSays(page: Page, text: string): Promise<void> {
  await page.locator('#cycle-status', { hasText: text }).waitFor();
}

async function review(file: string) {
  return readReviewLog((await XlsxWorkbook.open(file)).readSheet('確認履歴')).records.filter((r) => r.dept === DEPT);
}

async function status(file: string): Promise<CycleStatus> {
  const r = await cli('status', file, '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as CycleStatus;
}

/** The department fills what is missing (or fixes `fix`) and submits from its form. */
async function submitAsDept(p: Person, entries: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(entries)) await field(p.page, name).fill(text);
  await p.page.click('#submit');
  await p.page.locator('#submission', { hasText: '提出済' }).waitFor();
}

test('submit, return one indicator with a reason, fix, resubmit, confirm; close-year then refuses naming the rest', async () => {
  const file = await book(false);
  const dept = await signIn(file, KOHO);
  const coord = await signIn(file, COORD);
  try {
    // The department: one of its two entries is missing.
    await openBoard(dept.page);
    await expect(card(dept.page).locator('dl').innerText()).resolves.toMatch(/入力\s+1\/2（未入力1）/);
    await dept.page.click('#tab-dept');
    await submitAsDept(dept, { 登録者数: '登録者数 60,000人' });

    // The coordinator: 提出済, all entries in; returns 閲覧者数 only, after being told the reason is required.
    await openBoard(coord.page);
    await expect(card(coord.page).locator('.badge').innerText()).resolves.toBe('提出済');
    await expect(card(coord.page).locator('dl').innerText()).resolves.toMatch(/入力\s+2\/2/);
    await expect(coord.page.locator('#cycle-close').innerText()).resolves.toContain('年度確定はまだできません');
    await card(coord.page).locator('button.cycle-return').click();
    const form = card(coord.page).locator('form.return-form');
    await expect(form.locator('select.return-target option').allInnerTexts()).resolves.toEqual(['シート全体', 'No.5 閲覧者数', 'No.5 登録者数']);
    await form.locator('button[type=submit]').click();
    await form.locator('[role=alert]', { hasText: '差し戻す理由を入力してください' }).waitFor();
    const callsBefore = coord.preview.calls.length;
    await form.locator('select.return-target').selectOption({ label: 'No.5 閲覧者数' });
    await form.locator('textarea.return-reason').fill(REASON);
    await coord.page.screenshot({ path: join(SHOTS, 'cycle-return.png') });
    await form.locator('button[type=submit]').click();
    await boardSays(coord.page, '差し戻しました');
    // The table of entries below the board follows too (広報課 back to 未提出).
    const tableRow = coord.page.locator('table.departments tr', { has: coord.page.locator('th', { hasText: DEPT }) });
    await tableRow.locator('.badge', { hasText: '未提出' }).waitFor();
    // Nothing went to the server for the empty reason: the return, then the board's and the table's reloads.
    expect(coord.preview.calls.slice(callsBefore)).toEqual(['sidebarReturn', 'sidebarCycle', 'sidebarStatus']);
    await expect(card(coord.page).locator('.badge').innerText()).resolves.toBe('差戻し');
    await expect(card(coord.page).locator('ul.return-reasons').innerText()).resolves.toContain(`No.5 閲覧者数: ${REASON}`);

    // The department: its form is editable again (未提出, 提出 offered), and the reason is on its page.
    await dept.page.reload();
    await dept.page.locator('#dept-select').waitFor();
    await expect(dept.page.locator('#submission').innerText()).resolves.toBe('未提出');
    await expect(field(dept.page, '閲覧者数').isEditable()).resolves.toBe(true);
    await expect(dept.page.locator('#submit').isDisabled()).resolves.toBe(false);
    await openBoard(dept.page);
    await expect(card(dept.page).innerText()).resolves.toContain(REASON);
    await dept.page.click('#tab-dept');
    await submitAsDept(dept, { 閲覧者数: '閲覧者数 160,000人' });

    // The coordinator: submitted again; 確認 asks nothing more.
    await coord.page.click('#cycle-reload');
    await card(coord.page).locator('.badge', { hasText: '提出済' }).waitFor();
    await card(coord.page).locator('button.cycle-confirm').click();
    await boardSays(coord.page, '確認しました（提出済 → 確認済）');
    await expect(card(coord.page).locator('.badge').innerText()).resolves.toBe('確認済');
    await expect(card(coord.page).locator('button.cycle-confirm').count()).resolves.toBe(0);
    await coord.page.screenshot({ path: join(SHOTS, 'cycle-board.png') });
  } finally {
    await dept.done();
    await coord.done();
  }

  // Recorded: who did what, and the return's reason stays after the fix.
  const rows = await review(file);
  expect(rows.map((r) => [r.act, r.from, r.to, r.by])).toEqual([
    ['提出', '入力中', '提出済', KOHO],
    ['差戻し', '提出済', '差戻し', COORD],
    ['提出', '差戻し', '提出済', KOHO],
    ['確認', '提出済', '確認済', COORD],
  ]);
  expect(rows[1]).toMatchObject({ no: 5, indicator: '閲覧者数', reason: REASON });
  const s = await status(file);
  expect(s.departments.find((d) => d.dept === DEPT)).toMatchObject({ state: '確認済', filled: 2, total: 2, returns: [] });
  expect(s.unconfirmed).not.toContain(DEPT);
  expect(s.unconfirmed.length).toBe(s.departments.length - 1);

  // 年度確定 waits for the other departments, naming them, and writes nothing.
  const before = fileHash(file);
  const refused = await cli('close-year', file, '2020');
  expect(refused.code).toBe(2);
  for (const other of s.unconfirmed) expect(refused.err).toContain(`・${other}（`);
  expect(refused.err).not.toContain(`・${DEPT}`);
  expect(fileHash(file)).toBe(before);
});

test('with 所属長確認: the coordinator is refused until the 所属長 confirms, then confirms', async () => {
  const file = await book(true);
  const dept = await signIn(file, KOHO);
  try {
    await submitAsDept(dept, { 登録者数: '登録者数 60,000人' });
  } finally {
    await dept.done();
  }
  const coord = await signIn(file, COORD);
  const head = await signIn(file, HEAD);
  try {
    await openBoard(coord.page);
    await expect(card(coord.page).locator('button.cycle-confirm').innerText()).resolves.toBe('所属長確認');
    await card(coord.page).locator('button.cycle-confirm').click();
    await coord.page.locator('#cycle-status.error', { hasText: '所属長（「設定」の所属長メール）の確認が必要です' }).waitFor();

    await openBoard(head.page);
    await card(head.page).locator('button.cycle-confirm').click();
    await boardSays(head.page, '確認しました（提出済 → 所属長確認済）');
    await expect(card(head.page).locator('.badge').innerText()).resolves.toBe('所属長確認済');

    await coord.page.click('#cycle-reload');
    await card(coord.page).locator('.badge', { hasText: '所属長確認済' }).waitFor();
    await card(coord.page).locator('button.cycle-confirm').click();
    await boardSays(coord.page, '確認しました（所属長確認済 → 確認済）');
  } finally {
    await coord.done();
    await head.done();
  }
  expect((await review(file)).map((r) => [r.act, r.to, r.by])).toEqual([
    ['提出', '提出済', KOHO],
    ['所属長確認', '所属長確認済', HEAD],
    ['確認', '確認済', COORD],
  ]);
});

test('a closed past year is shown read-only; a reason written like markup shows as text', async () => {
  const file = await book(false);
  const wb = await XlsxWorkbook.open(file);
  closeYear(wb, 2019, { now: calendarDate(2020, 6, 1, 9, 0, 0), user: COORD });
  returnTab(wb, { dept: DEPT, year: 2020, reason: HOSTILE }, { actor: { now: calendarDate(2021, 5, 20, 9, 0, 0), user: COORD } });
  await wb.save(file);
  const coord = await signIn(file, COORD);
  try {
    await openBoard(coord.page);
    await expect(card(coord.page).locator('ul.return-reasons').innerText()).resolves.toBe(`シート全体: ${HOSTILE}（2021/05/20 09:00:00 ${COORD}）`);
    await expect(card(coord.page).locator('img').count()).resolves.toBe(0);
    await expect(coord.page.locator('#cycle-year option').allInnerTexts()).resolves.toEqual(['2019年度', '2020年度（評価年度）', '2021年度', '2022年度', '2023年度']);

    await coord.page.selectOption('#cycle-year', '2019');
    await coord.page.locator('#cycle-close', { hasText: '2019年度は年度確定済みです（表示だけです）' }).waitFor();
    const badges = await coord.page.locator('li.cycle-dept .badge').allInnerTexts();
    expect(badges.length).toBeGreaterThan(1);
    expect(new Set(badges)).toEqual(new Set(['確定']));
    await expect(coord.page.locator('ul.cycle-depts button').count()).resolves.toBe(0);

    await coord.page.selectOption('#cycle-year', '2020');
    await card(coord.page).locator('.badge', { hasText: '差戻し' }).waitFor();
    await expect(card(coord.page).locator('button.cycle-return').count()).resolves.toBe(1);
  } finally {
    await coord.done();
  }
});
