/**
 * 部門ファイルの配布・回収 in a real browser (Debian's Chromium through playwright-core) against the local preview over a
 * copy of the demo .xlsx, the page Sheets shows as a dialog (build/files.html, its exceljs and JSZip inside):
 * - 配布: the sidebar's button opens it; it lists the 9 department files; a file downloaded from it holds what
 *   `shinchoku split` writes (sheets, states, values, formats, locked cells, the stamp; only the time and person of
 *   issue differ), and the .zip holds all 9 under their names, flagged UTF-8.
 * - 回収: files filled with exceljs as departments would are chosen and imported as `shinchoku collect` does (rollup
 *   --json shows the value, 変更履歴 says 回収); another year's file and a CSV are refused with their reasons; the same
 *   file again changes nothing, and the book stays byte-identical.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yauzl from 'yauzl';
import type ExcelJS from 'exceljs';
import { readStamp } from '../../src/core/files/stamp';
import { startPreview } from '../../src/node/preview';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { cellOf, cli, fileHash, loadXlsx } from '../support/cli';
import { openPreviewPage, SHOTS, useBrowser } from '../support/browser';

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');
const fx = useBrowser('shinchoku-files-ui-');

/** Each cell's locked state on a sheet (exceljs: unlocked only when protection.locked is false). */
function unlocked(ws: ExcelJS.Worksheet): string[] {
  const cells: string[] = [];
  ws.eachRow({ includeEmpty: true }, (row) => row.eachCell({ includeEmpty: true }, (c) => {
    if (c.protection?.locked === false) cells.push(c.address);
  }));
  return cells.sort();
}

/** The entries of a zip with whether each name is flagged UTF-8 (general purpose bit 11). */
function zipEntries(data: Buffer): Promise<{ name: string; utf8: boolean; bytes: Buffer }[]> {
  return new Promise((ok, fail) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return fail(err);
      const out: { name: string; utf8: boolean; bytes: Buffer }[] = [];
      zip.on('entry', (e: yauzl.Entry) => zip.openReadStream(e, (er, stream) => {
        if (er || !stream) return fail(er);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.push({ name: e.fileName, utf8: (e.generalPurposeBitFlag & 0x800) !== 0, bytes: Buffer.concat(chunks) });
          zip.readEntry();
        });
      }));
      zip.on('end', () => ok(out));
      zip.readEntry();
    });
  });
}

test('配布: the sidebar opens it; a downloaded file holds what split writes; the .zip holds all 9', async () => {
  const book = join(fx.dir, 'issue.xlsx');
  copyFileSync(fx.template, book);
  const cliOut = mkdtempSync(join(fx.dir, 'split-'));
  expect((await cli('split', book, '--out', cliOut)).code).toBe(0);
  const before = fileHash(book);
  const preview = await startPreview({ book, page: join(root, 'build', 'sidebar.html') });
  const context = await fx.browser.newContext({ acceptDownloads: true, viewport: { width: 760, height: 900 } });
  const sidebar = await context.newPage();
  sidebar.setDefaultTimeout(20_000);
  const errors: string[] = [];
  sidebar.on('pageerror', (e) => errors.push(e.message));
  try {
    await sidebar.goto(preview.url);
    await sidebar.click('#tab-coordinator');
    const [page] = await Promise.all([context.waitForEvent('page'), sidebar.click('#open-files')]);
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.locator('#issue-files li').nth(8).waitFor();
    expect(new URL(page.url()).pathname).toBe('/files.html');
    const cliFiles = readdirSync(cliOut).sort();
    expect(cliFiles).toHaveLength(9);
    expect((await page.locator('#issue-files .file-name').allInnerTexts()).sort()).toEqual(cliFiles);
    await expect(page.locator('#files-year').inputValue()).resolves.toBe('2020');
    await expect(page.locator('#issue-status').innerText()).resolves.toBe('2020年度の部門ファイル 9件');
    await page.screenshot({ path: join(SHOTS, 'files-dialog.png') });

    // One department's file, as the browser builds it, against the command line's.
    const [one] = await Promise.all([page.waitForEvent('download'), page.click('#issue-files button[data-dept="税制課"]')]);
    expect(one.suggestedFilename()).toBe('2020年度_税制課.xlsx');
    const mine = join(fx.dir, 'browser-税制課.xlsx');
    await one.saveAs(mine);
    const [b, c] = [await loadXlsx(mine), await loadXlsx(join(cliOut, '2020年度_税制課.xlsx'))];
    expect(b.worksheets.map((w) => [w.name, w.state])).toEqual(c.worksheets.map((w) => [w.name, w.state]));
    expect(b.worksheets.map((w) => w.state)).toEqual(['visible', 'visible', 'veryHidden']);
    const [bb, cb] = [await XlsxWorkbook.open(mine), await XlsxWorkbook.open(join(cliOut, '2020年度_税制課.xlsx'))];
    expect(bb.readSheet('税制課')).toEqual(cb.readSheet('税制課'));
    expect(unlocked(b.getWorksheet('税制課')!)).toEqual(unlocked(c.getWorksheet('税制課')!));
    expect(unlocked(b.getWorksheet('税制課')!).length).toBeGreaterThan(0);
    expect(bb.readSheet('記入要領')!.values.slice(0, -1)).toEqual(cb.readSheet('記入要領')!.values.slice(0, -1));
    const [bs, cs] = [readStamp(bb.readSheet('配布情報')).stamp!, readStamp(cb.readSheet('配布情報')).stamp!];
    expect(bs.issuedBy).toBe('プレビュー利用者');
    expect({ ...bs, issuedAt: '', issuedBy: '' }).toEqual({ ...cs, issuedAt: '', issuedBy: '' });

    // All of them in one .zip, under the same names, flagged UTF-8 so Windows shows the Japanese names.
    const [all] = await Promise.all([page.waitForEvent('download'), page.click('#download-zip')]);
    expect(all.suggestedFilename()).toBe('2020年度_部門ファイル.zip');
    const zipFile = join(fx.dir, 'all.zip');
    await all.saveAs(zipFile);
    const entries = await zipEntries(readFileSync(zipFile));
    expect(entries.map((e) => e.name).sort()).toEqual(cliFiles);
    expect(entries.every((e) => e.utf8)).toBe(true);
    for (const e of entries) {
      const f = join(fx.dir, `zip-${e.name}`);
      writeFileSync(f, e.bytes);
      const stamp = readStamp((await XlsxWorkbook.open(f)).readSheet('配布情報')).stamp!;
      expect(`2020年度_${stamp.dept}.xlsx`).toBe(e.name);
    }
    await expect(page.locator('#issue-status').innerText()).resolves.toContain('（9件）をダウンロードしました');
    expect(errors).toEqual([]);
    expect(fileHash(book)).toBe(before);
  } finally {
    await context.close();
    await preview.close();
  }
});

test('回収: chosen files are imported as collect does; another year and a CSV are refused; again changes nothing', async () => {
  const book = join(fx.dir, 'collect.xlsx');
  copyFileSync(fx.template, book);
  const out = mkdtempSync(join(fx.dir, 'files-'));
  expect((await cli('split', book, '--out', out)).code).toBe(0);
  const out2019 = mkdtempSync(join(fx.dir, 'files2019-'));
  expect((await cli('split', book, '--out', out2019, '--year', '2019')).code).toBe(0);
  const zeisei = join(out, '2020年度_税制課.xlsx');
  const wb = await loadXlsx(zeisei);
  cellOf(wb.getWorksheet('税制課')!, '課税証明', '2020年度 実績').value = '1,800件';
  await wb.xlsx.writeFile(zeisei);
  const csv = join(fx.dir, '税制課.csv');
  writeFileSync(csv, 'No,指標\n9,課税証明\n');

  const { preview, page, errors, close } = await openPreviewPage(fx.browser, { book }, { width: 760, height: 1000 }, 30_000);
  try {
    await page.goto(`${preview.url}files.html`);
    await page.locator('#issue-files li').first().waitFor();
    await page.setInputFiles('#collect-files', [zeisei, join(out2019, '2019年度_税制課.xlsx'), csv]);
    await page.click('#collect-run');
    await page.locator('#collect-table tbody tr').nth(2).waitFor();
    const rows = await page.locator('#collect-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['2020年度_税制課.xlsx', '税制課', '取り込み', '1', '0'],
      ['2019年度_税制課.xlsx', '税制課', '取り込まず', '0', '0'],
      ['税制課.csv', '—', '取り込まず', '0', '0'],
    ]);
    const report = await page.locator('#collect-report').innerText();
    expect(report).toContain('取り込み 1件、変更なし 3件、競合 0件');
    expect(report).toContain('取り込み K4（No.2 課税証明 の実績）: 「課税証明 1,730件 住民票等 36,104件」→「1,800件」');
    // Refused with the dialog's own words for what to do (its 年度 select, not the command line's --year).
    expect(report).toContain('2019年度のファイルです（回収するのは2020年度。その年度を回収するときは、画面の「年度」で2019年度を選んでください）');
    expect(report).toContain('税制課.csv: CSV ファイルです');
    expect(report).toContain('まだ返っていない部門');
    await expect(page.locator('#collect-status').innerText()).resolves.toBe('1件のファイルから取り込みました。集計すると達成状況に反映されます。取り込まなかったファイルが2件あります（理由は下の表のあと）。');
    await page.screenshot({ path: join(SHOTS, 'files-collect.png'), fullPage: true });

    const rollup = JSON.parse((await cli('rollup', book, '--json')).out) as { summary: { department: string; indicator: string; fiscalYear: number; actual: number }[] };
    expect(rollup.summary.find((r) => r.department === '税制課' && r.indicator === '課税証明' && r.fiscalYear === 2020)?.actual).toBe(1800);
    const log = (await XlsxWorkbook.open(book)).readSheet('変更履歴')!.values;
    expect(log.filter((r) => r.some((v) => String(v).includes('回収（2020年度_税制課.xlsx）')))).toHaveLength(1);

    // The same file again: nothing to import, and the book is not even saved.
    const saved = fileHash(book);
    await page.setInputFiles('#collect-files', [zeisei]);
    await page.click('#collect-run');
    await page.locator('#collect-table tbody tr td:text("変更なし")').waitFor();
    await expect(page.locator('#collect-status').innerText()).resolves.toBe('取り込んだセルはありません。');
    expect(fileHash(book)).toBe(saved);
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
});
