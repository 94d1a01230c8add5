/**
 * The sidebar in a real browser (Debian's Chromium through playwright-core), against the local preview over a
 * real .xlsx file: live feedback, saves that land in the file, the conflict case, 提出 blocked by errors, hostile
 * text shown and stored as text, the coordinator's check and rollup. Screenshots of each view go to
 * test/ui/screenshots/ (the README shows them).
 */
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { initWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import type { MasterRow } from '../../src/core/layout/master';
import type { SaveRequest } from '../../src/core/sidebar/types';
import { closeYear } from '../../src/core/year-lock';
import { startPreview, type Preview } from '../../src/node/preview';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { SHOTS, useBrowser } from '../support/browser';

jest.setTimeout(60_000);

const root = join(__dirname, '..', '..');
const HOSTILE = '<img src=x onerror=alert(1)>';
const IMPORT = '=IMPORTXML("http://x","//a")';

const fx = useBrowser('shinchoku-ui-');

interface Session {
  page: Page;
  preview: Preview;
  file: string;
  dialogs: string[];
  done: () => Promise<void>;
}

let n = 0;
/** A fresh copy of the demo workbook, a preview over it, and a 300px-wide page (the sidebar's width). */
async function open(options: { file?: string; activeSheet?: string } = {}): Promise<Session> {
  const file = options.file ?? join(fx.dir, `book-${++n}.xlsx`);
  if (!options.file) copyFileSync(fx.template, file);
  const preview = await startPreview({ book: file, activeSheet: options.activeSheet ?? '', page: join(root, 'build', 'sidebar.html') });
  const page = await fx.browser.newPage({ viewport: { width: 300, height: 800 } });
  // A broken page fails its test in seconds instead of hanging the run.
  page.setDefaultTimeout(10_000);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => dialogs.push(`pageerror: ${e.message}`));
  await page.goto(preview.url);
  await page.locator('#dept-select').waitFor();
  return { page, preview, file, dialogs, done: async () => { await page.close(); await preview.close(); } };
}

/** The entry field of an indicator (by its No. and name) in the department view. */
const actualField = (page: Page, name: string) => page.locator(`input[data-name="${name}"]`);
const feedbackOf = async (page: Page, name: string) => {
  const id = await actualField(page, name).getAttribute('aria-describedby');
  return page.locator(`[id="${id}"]`);
};

async function sheetValues(file: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    rows[r - 1] = (row.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'text' in (v as object) ? (v as { text: unknown }).text : v));
  });
  return rows;
}

async function cellOf(file: string, sheet: string, a1: string): Promise<ExcelJS.Cell> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.getWorksheet(sheet)!.getCell(a1);
}

/** Someone types `theirs` into 情報政策室's 申込み cell in the file after the page loaded; then the page saves `mine`. */
async function someoneTypesThenSave(s: Session, theirs: string, mine: string): Promise<string> {
  const cell = (await actualField(s.page, '申込み').getAttribute('data-cell'))!;
  const book = await XlsxWorkbook.open(s.file);
  book.writeTexts('情報政策室', [{ row: Number(cell.slice(1)), col: cell.charCodeAt(0) - 64, text: theirs }]);
  await book.save(s.file);
  await actualField(s.page, '申込み').fill(mine);
  await s.page.click('#save');
  return cell;
}

describe('department view', () => {
  test('opens in one server call and explains every entry while it is typed', async () => {
    const s = await open({ activeSheet: '情報政策室' });
    try {
      expect(s.preview.calls).toEqual(['sidebarStart']);
      await expect(s.page.locator('#dept-select').inputValue()).resolves.toBe('情報政策室');
      // Every field has a visible label, and its feedback is tied to it.
      await expect(s.page.getByLabel('実績（%）').count()).resolves.toBeGreaterThan(0);

      const cases: [string, string, RegExp][] = [
        ['申込み', '▲16.7%', /読み取り: −16\.7%/],
        ['申込み', '３２．８％', /読み取り: 32\.8%/],
        ['申込み', '46人', /単位「人」が指標の単位「%」と異なります/],
        ['申込み', 'たくさん', /数値として読めません/],
      ];
      for (const [name, text, expected] of cases) {
        await actualField(s.page, name).fill(text);
        await expect((await feedbackOf(s.page, name)).innerText()).resolves.toMatch(expected);
      }
      await actualField(s.page, '申込み').fill('1,73%');
      const feedback = await feedbackOf(s.page, '申込み');
      await expect(feedback.innerText()).resolves.toMatch(/エラー: .*桁区切り/);
      await expect(actualField(s.page, '申込み').getAttribute('aria-invalid')).resolves.toBe('true');
      await actualField(s.page, '申込み').fill('▲16.7%');
      await s.page.screenshot({ path: join(SHOTS, 'dept-view.png') });
      expect(s.dialogs).toEqual([]);
    } finally {
      await s.done();
    }
  });

  test('full-width digits with a unit, in a department counted in 件', async () => {
    const s = await open({ activeSheet: '税制課' });
    try {
      await actualField(s.page, '課税証明').fill('１，７３０件');
      await expect((await feedbackOf(s.page, '課税証明')).innerText()).resolves.toMatch(/読み取り: 1,730件/);
    } finally {
      await s.done();
    }
  });

  test('保存 writes only the changed cell into the workbook', async () => {
    const s = await open({ activeSheet: '情報政策室' });
    try {
      const before = await sheetValues(s.file, '情報政策室');
      const cell = (await actualField(s.page, '申込み').getAttribute('data-cell'))!;
      await actualField(s.page, '申込み').fill('申込み 33.5%');
      await s.page.click('#save');
      await s.page.locator('#dept-status', { hasText: '保存しました（1件）' }).waitFor();
      const after = await sheetValues(s.file, '情報政策室');
      const changed: string[] = [];
      after.forEach((row, r) => row.forEach((v, c) => {
        if (v !== before[r]?.[c]) changed.push(`${String.fromCharCode(65 + c)}${r + 1}`);
      }));
      expect(changed).toEqual([cell]);
      expect((await cellOf(s.file, '情報政策室', cell)).value).toBe('申込み 33.5%');
      expect(s.preview.calls).toEqual(['sidebarStart', 'sidebarSave']);
      // 変更履歴 got one row for it.
      const log = await sheetValues(s.file, '変更履歴');
      expect(log[0]).toEqual(['日時', '利用者', 'シート', 'セル', '変更前', '変更後', '方法']);
      expect(log.slice(1)).toEqual([[expect.any(String), 'プレビュー利用者', '情報政策室', cell, '申込み 32.8%', '申込み 33.5%', 'サイドバー']]);
    } finally {
      await s.done();
    }
  });

  test('a cell changed in the sheet meanwhile is not overwritten; the person sees it and chooses', async () => {
    const s = await open({ activeSheet: '情報政策室' });
    try {
      const cell = await someoneTypesThenSave(s, '申込み 35%', '申込み 33.5%');
      const box = s.page.locator('#conflicts');
      await box.waitFor();
      await expect(box.innerText()).resolves.toMatch(new RegExp(`No\\.1 申込み 実績（${cell}）[\\s\\S]*いまの値: 申込み 35%[\\s\\S]*あなたの入力: 申込み 33\\.5%`));
      expect((await cellOf(s.file, '情報政策室', cell)).value).toBe('申込み 35%');
      await s.page.screenshot({ path: join(SHOTS, 'dept-conflict.png') });

      await s.page.click('#conflict-keep');
      await s.page.locator('#dept-status', { hasText: '保存しました（1件）' }).waitFor();
      expect((await cellOf(s.file, '情報政策室', cell)).value).toBe('申込み 33.5%');
    } finally {
      await s.done();
    }
  });

  test('reloading after a conflict shows what the sheet holds and drops the person\'s value', async () => {
    const s = await open({ activeSheet: '情報政策室' });
    try {
      const cell = await someoneTypesThenSave(s, '申込み 35%', '申込み 33.5%');
      await s.page.click('#conflict-reload');
      await expect(actualField(s.page, '申込み').inputValue()).resolves.toBe('申込み 35%');
      expect((await cellOf(s.file, '情報政策室', cell)).value).toBe('申込み 35%');
    } finally {
      await s.done();
    }
  });

  test('提出 is blocked while an entry has an error, then while a D has no 要因, then marks the tab 提出済', async () => {
    const s = await open({ activeSheet: '広報課' });
    try {
      const field = s.page.locator('input[data-name]').first();
      await field.fill('1,73');
      await s.page.click('#submit');
      await s.page.locator('#dept-status', { hasText: 'エラーのある入力があるため提出できません' }).waitFor();
      // Runs in the page, where `document` exists (this file is typed for Node).
      await expect(field.evaluate((e) => e === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).resolves.toBe(true);
      expect(s.preview.calls).toEqual(['sidebarStart']);
      await s.page.screenshot({ path: join(SHOTS, 'dept-submit-blocked.png') });

      // 1,730人 of 154,500 reads now, but is a D (and below the baseline): 提出 needs its 要因 first, named by cell.
      await field.fill('1,730');
      await s.page.click('#submit');
      await s.page.locator('#dept-status', { hasText: '要因の入力が必要です' }).waitFor();
      const cause = s.page.locator('textarea[data-field="cause"]').first();
      const causeCell = (await cause.getAttribute('data-cell'))!;
      await expect(s.page.locator('#dept-status').innerText()).resolves.toContain(`広報課!${causeCell}`);
      await expect(s.page.locator('.indicator').first().innerText()).resolves.toContain('評価が「D」のため、要因の入力が必要です');
      await s.page.screenshot({ path: join(SHOTS, 'dept-cause-needed.png') });
      expect((await sheetValues(s.file, '広報課'))[0].slice(2, 4)).toEqual(['提出状況', '未提出']);

      await cause.fill('集計方法を変えたため');
      await s.page.selectOption('select[data-field="direction"]', '改善');
      await s.page.click('#submit');
      await s.page.locator('#submission', { hasText: '提出済' }).waitFor();
      const top = (await sheetValues(s.file, '広報課'))[0];
      expect(top.slice(2, 4)).toEqual(['提出状況', '提出済']);
      await expect(s.page.locator('textarea[data-field="cause"]').first().inputValue()).resolves.toBe('集計方法を変えたため');
      await expect(s.page.locator('select[data-field="direction"]').first().inputValue()).resolves.toBe('改善');
      expect((await cellOf(s.file, '広報課', causeCell)).value).toBe('集計方法を変えたため');
    } finally {
      await s.done();
    }
  });

  test('hostile text is shown as text and stored as text, never run', async () => {
    const s = await open({ activeSheet: '情報政策室' });
    try {
      const cell = (await actualField(s.page, '申込み').getAttribute('data-cell'))!;
      await actualField(s.page, '申込み').fill(IMPORT);
      const comment = s.page.locator(`textarea`).first();
      await comment.fill(HOSTILE);
      await s.page.click('#save');
      await s.page.locator('#dept-status', { hasText: '保存しました（2件）' }).waitFor();
      // After the save the form is rebuilt from the file: the values come back as text.
      await expect(actualField(s.page, '申込み').inputValue()).resolves.toBe(IMPORT);
      await expect(s.page.locator('textarea').first().inputValue()).resolves.toBe(HOSTILE);
      await expect(s.page.locator('img').count()).resolves.toBe(0);
      const stored = await cellOf(s.file, '情報政策室', cell);
      expect(stored.type).toBe(ExcelJS.ValueType.String);
      expect(stored.value).toBe(IMPORT);
      expect(s.dialogs).toEqual([]);
    } finally {
      await s.done();
    }
  });

  test('a closed year: the form is read-only with a notice, and the server refuses a save', async () => {
    const file = join(fx.dir, 'closed.xlsx');
    copyFileSync(fx.template, file);
    const book = await XlsxWorkbook.open(file);
    closeYear(book, 2020, { now: new Date(), user: 'coordinator@example.jp' });
    await book.save(file);
    const s = await open({ file, activeSheet: '情報政策室' });
    try {
      const note = s.page.locator('#closed-note');
      await expect(note.isVisible()).resolves.toBe(true);
      await expect(note.innerText()).resolves.toMatch(/2020年度は確定済みです/);
      await expect(note.getAttribute('role')).resolves.toBe('status');
      const fields = s.page.locator('#dept-view input, #dept-view textarea');
      const count = await fields.count();
      expect(count).toBeGreaterThan(2);
      for (let i = 0; i < count; i++) await expect(fields.nth(i).isDisabled()).resolves.toBe(true);
      await expect(s.page.locator('#save').isDisabled()).resolves.toBe(true);
      await expect(s.page.locator('#submit').isDisabled()).resolves.toBe(true);
      // The year's figures are still shown.
      await expect(actualField(s.page, '申込み').inputValue()).resolves.toBe('申込み 32.8%');
      await s.page.screenshot({ path: join(SHOTS, 'dept-closed.png') });

      // Another department of the same year is closed too.
      await s.page.selectOption('#dept-select', '税制課');
      await s.page.locator('#dept-view input[data-name="課税証明"]').waitFor();
      await expect(s.page.locator('#closed-note').isVisible()).resolves.toBe(true);
      await expect(s.page.locator('#dept-view input[data-name="課税証明"]').isDisabled()).resolves.toBe(true);

      // A save sent anyway (through the page's google.script.run) is refused and writes nothing.
      const digest = () => createHash('sha256').update(readFileSync(file)).digest('hex');
      const before = digest();
      const cell = (await actualField(s.page, '課税証明').getAttribute('data-cell'))!;
      const was = (await cellOf(file, '税制課', cell)).value;
      const request: SaveRequest = {
        dept: '税制課', fiscalYear: 2020, submit: true,
        changes: [{ no: 2, name: '課税証明', field: 'actual', before: String(was), after: '9,999件' }],
      };
      type Runner = {
        withSuccessHandler(f: (v: unknown) => void): Runner;
        withFailureHandler(f: (e: Error) => void): Runner;
        sidebarSave(r: SaveRequest): void;
      };
      // Runs in the page (this file is typed for Node, hence the cast).
      const answer = await s.page.evaluate((req) => new Promise<string>((done) => {
        const run = (globalThis as unknown as { google: { script: { run: Runner } } }).google.script.run;
        run.withSuccessHandler(() => done('saved')).withFailureHandler((e) => done(`failed: ${e.message}`)).sidebarSave(req);
      }), request);
      expect(answer).toMatch(/^failed: 2020年度は確定済みのため、保存も提出もできません/);
      expect(s.preview.calls).toEqual(['sidebarStart', 'sidebarForm', 'sidebarSave']);
      expect(digest()).toBe(before);
      expect(s.dialogs).toEqual([]);
    } finally {
      await s.done();
    }
  });
});

describe('hostile names in the plan', () => {
  test('a department and an indicator named like markup show as text', async () => {
    const file = join(fx.dir, 'hostile.xlsx');
    const book = XlsxWorkbook.create();
    const master: MasterRow[] = [
      { no: 1, policy: '方針', theme: '取組', actionPlan: '<script>alert(1)</script>', name: HOSTILE, unit: '件',
        reportingDept: '<b onmouseover=alert(1)>課', ownerDepts: '', relatedDepts: '', targets: { 2024: '100件' } },
    ];
    initWorkbook(book, { settings: { title: '<i>試験</i>', firstYear: 2024, lastYear: 2025, evaluationYear: 2024, coordinatorDept: '' }, master });
    setupDepartmentTabs(book);
    await book.save(file);
    const s = await open({ file, activeSheet: '<b onmouseover=alert(1)>課' });
    try {
      await expect(s.page.locator('#dept-select option').first().innerText()).resolves.toBe('<b onmouseover=alert(1)>課');
      await expect(s.page.locator('li.indicator h3').innerText()).resolves.toBe(`No.1 ${HOSTILE}`);
      await expect(s.page.locator('li.indicator .plan').innerText()).resolves.toBe('<script>alert(1)</script>');
      await expect(s.page.locator('img, b, i, li.indicator script').count()).resolves.toBe(0);
      await s.page.click('#tab-coordinator');
      await s.page.locator('table.departments').waitFor();
      await expect(s.page.locator('table.departments tbody th').innerText()).resolves.toBe('<b onmouseover=alert(1)>課');
      expect(s.dialogs).toEqual([]);
    } finally {
      await s.done();
    }
  });
});

describe('coordinator view', () => {
  test('opens with the board and one call for the view; 入力チェック and 集計 show progress and results; a finding selects its cell', async () => {
    const s = await open();
    try {
      await s.page.click('#tab-coordinator');
      await s.page.locator('table.departments').waitFor();
      // The cycle's board (cycle-board.ts), then the entries and findings.
      expect(s.preview.calls).toEqual(['sidebarStart', 'sidebarStatus']);
      const rows = await s.page.locator('table.departments tbody tr').allInnerTexts();
      // 10 indicators in 2020: 電子化率, 予約できる施設数, オープンデータ 閲覧数 and 研修受講率 are versions in force from 2022
      // (indicator-versions.ts).
      expect(rows[0]).toMatch(/^情報政策室\s+6\/10\s+未提出\s+注意2$/);
      await s.page.screenshot({ path: join(SHOTS, 'coordinator-view.png') });

      await s.page.click('#run-check');
      await s.page.locator('#job-result', { hasText: 'エラー 0件・警告 3件' }).waitFor();
      await s.page.click('#run-rollup');
      await s.page.locator('#job-result', { hasText: '「達成状況」を更新しました' }).waitFor();
      await expect(s.page.locator('ul.grades li').first().innerText()).resolves.toMatch(/^A \d+件$/);
      const summary = await sheetValues(s.file, '達成状況');
      expect(summary.length).toBeGreaterThan(10);
      await s.page.screenshot({ path: join(SHOTS, 'coordinator-rollup.png') });

      await s.page.locator('button.finding').first().click();
      await s.page.locator('#coordinator-status', { hasText: 'を表示しました' }).waitFor();
      expect(s.preview.calls.slice(-1)).toEqual(['sidebarShowCell']);
    } finally {
      await s.done();
    }
  });

  test('報告書: the coordinator picks year, 庁内用/公表用 and scope; the preview says to use shinchoku report and writes nothing', async () => {
    const s = await open();
    try {
      await s.page.click('#tab-coordinator');
      await s.page.locator('#report-section').waitFor();
      expect(s.preview.calls).toEqual(['sidebarStart', 'sidebarStatus']);
      // Folded until the coordinator opens it.
      await expect(s.page.locator('#report-year').isVisible()).resolves.toBe(false);
      await s.page.click('#report-heading');
      // The plan's years in both eras, the year under evaluation picked.
      const years = await s.page.locator('#report-year option').allInnerTexts();
      expect(years).toEqual(['令和元年度（2019年度）', '令和2年度（2020年度）', '令和3年度（2021年度）', '令和4年度（2022年度）', '令和5年度（2023年度）']);
      await expect(s.page.locator('#report-year').inputValue()).resolves.toBe('2020');
      await expect(s.page.locator('#report-internal').isChecked()).resolves.toBe(true);
      // 全体, then the master's 基本方針 and departments in groups.
      const scope = s.page.locator('#report-scope');
      await expect(scope.locator('option').first().innerText()).resolves.toBe('全体');
      await expect(scope.locator('optgroup[label="基本方針"] option').count()).resolves.toBeGreaterThan(0);
      await expect(scope.locator('optgroup[label="部門"] option', { hasText: '情報政策室' }).count()).resolves.toBe(1);

      await s.page.selectOption('#report-year', '2021');
      await s.page.check('#report-public');
      await s.page.selectOption('#report-scope', { label: '情報政策室' });
      const before = createHash('sha256').update(readFileSync(s.file)).digest('hex');
      await s.page.click('#run-report');
      await s.page.locator('#report-result', { hasText: 'プレビューでは報告書シートは作れません' }).waitFor();
      expect(s.preview.calls.slice(-1)).toEqual(['sidebarReport']);
      expect(createHash('sha256').update(readFileSync(s.file)).digest('hex')).toBe(before);
      // The choices stay as picked for the next run.
      await expect(s.page.locator('#report-year').inputValue()).resolves.toBe('2021');
      await expect(s.page.locator('#report-public').isChecked()).resolves.toBe(true);
      await expect(s.page.locator('#run-report').isDisabled()).resolves.toBe(false);
      await s.page.locator('#report-section').screenshot({ path: join(SHOTS, 'coordinator-report.png') });
    } finally {
      await s.done();
    }
  });

  test('the tabs work from the keyboard', async () => {
    const s = await open();
    try {
      await s.page.focus('#tab-dept');
      await s.page.keyboard.press('ArrowRight');
      await expect(s.page.locator('#tab-coordinator').getAttribute('aria-selected')).resolves.toBe('true');
      await expect(s.page.locator('#panel-coordinator').isVisible()).resolves.toBe(true);
      await expect(s.page.locator('#panel-dept').isVisible()).resolves.toBe(false);
    } finally {
      await s.done();
    }
  });
});

describe('failures read as Japanese', () => {
  test('the multi-account sign-in problem gets its own explanation', async () => {
    const file = join(fx.dir, 'multi.xlsx');
    copyFileSync(fx.template, file);
    const preview = await startPreview({ book: file, page: join(root, 'build', 'sidebar.html') });
    const page = await fx.browser.newPage({ viewport: { width: 300, height: 600 } });
    try {
      await page.route('**/rpc/sidebarStart', (route) =>
        route.fulfill({ contentType: 'application/json', body: JSON.stringify({ error: 'ScriptError: We\'re sorry, a server error occurred while reading from storage. Error code PERMISSION_DENIED.' }) }));
      await page.goto(preview.url);
      await page.locator('#dept-status', { hasText: '複数の Google アカウント' }).waitFor();
    } finally {
      await page.close();
      await preview.close();
    }
  });
});

test('the page is one self-contained file', () => {
  const html = readFileSync(join(root, 'build', 'sidebar.html'), 'utf8');
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|https?:\/\/(?!www\.w3\.org)/);
  // No Apps Script service in the page's code (its types come from the server module only at build time).
  expect(html).not.toMatch(/SpreadsheetApp|HtmlService|LockService|PropertiesService/);
  expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  process.stdout.write(`sidebar page: ${Buffer.byteLength(html)} bytes\n`);
});
