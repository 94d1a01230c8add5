/**
 * The department view shows its indicator's 期待値 and 達成見込み while typing (issue 17 item 3), in Debian's Chromium
 * against the preview over a copy of the demo: No.5 閲覧者数 (広報課, B 144,865 in FY2017, T 174,000 in FY2023) shows
 * E1 for FY2020, worked out here from the formula (144,865 + 29,135 × 3/6 = 159,432.5, shown 159,433人), and each
 * 実績 typed is compared with it as it is typed; the 達成見込み line is the one rollup --json gives. Nothing is saved.
 */
import ExcelJS from 'exceljs';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fileHash } from '../support/cli';
import { openPreviewPage, SHOTS, useBrowser } from '../support/browser';

jest.setTimeout(60_000);
const fx = useBrowser('shinchoku-outlook-ui-');

test('No.5: 期待値 of the year, the typed 実績 against it, and the 達成見込み', async () => {
  const file = join(fx.dir, 'book.xlsx');
  copyFileSync(fx.template, file);
  const json = JSON.parse((await cli('rollup', file, '--json', '--out', join(fx.dir, 'scratch.xlsx'))).out) as { outlooks: { no: number; indicator: string; outlook: { class: string; basis: string } }[] };
  const o = json.outlooks.find((x) => x.no === 5 && x.indicator === '閲覧者数')!.outlook;
  const before = fileHash(file);
  const { preview, page, errors, close } = await openPreviewPage(fx.browser, { book: file, activeSheet: '広報課' });
  try {
    await page.goto(preview.url);
    const item = page.locator('li.indicator', { has: page.locator('input[data-name="閲覧者数"]') });
    await item.waitFor();
    const e1 = 144865 + (29135 * (2020 - 2017)) / (2023 - 2017);
    expect(e1).toBe(159432.5);
    await expect(item.locator('dd.expected').innerText()).resolves.toBe('159,433人');
    await expect(item.locator('dd.outlook').innerText()).resolves.toBe(o.class === '見込み算出不可' ? o.basis : `${o.class}（${o.basis}）`);

    const input = item.locator('input[data-name="閲覧者数"]');
    for (const [typed, ratio] of [['200,000人', 200000 / e1], ['15万人', 150000 / e1]] as const) {
      await input.fill(typed);
      await expect(item.locator('.versus-expected').innerText()).resolves.toBe(`期待値 159,433人 の${(Math.round(ratio * 1000) / 10).toFixed(1)}%（期待値比）`);
    }
    await item.screenshot({ path: join(SHOTS, 'dept-expected.png') });
    // A status is not a number: nothing to compare.
    await input.fill('未測定');
    await expect(item.locator('.versus-expected').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    expect(fileHash(file)).toBe(before);
  } finally {
    await close();
  }
});

test('中間見直し: in 2022, 電子化率\'s 前年度 says it is a new indicator and labels 申込み\'s figure as the old one\'s', async () => {
  // The demo with 設定's 評価年度 moved to 2022 (the cell right of its label), saved as people save it.
  const file = join(fx.dir, 'book-2022.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(fx.template);
  const settings = wb.getWorksheet('設定')!;
  let year: ExcelJS.Cell | undefined;
  settings.eachRow((row) => row.eachCell((cell) => {
    if (cell.value === '評価年度') year = row.getCell(Number(cell.col) + 1);
  }));
  year!.value = 2022;
  await wb.xlsx.writeFile(file);
  const { preview, page, errors, close } = await openPreviewPage(fx.browser, { book: file, activeSheet: '情報政策室' });
  try {
    await page.goto(preview.url);
    const item = page.locator('li.indicator', { has: page.locator('input[data-name="電子化率"]') });
    await item.waitFor();
    await expect(item.locator('dd.last-year').innerText()).resolves.toBe('—（2022年度からの新しい指標。改定前の「申込み」の2021年度実績: (本年度未測定)）');
    // An indicator never revised shows its own last year.
    const other = page.locator('li.indicator', { has: page.locator('input[data-name="会議システム"]') });
    await expect(other.locator('dd.last-year').innerText()).resolves.toBe('(本年度末測定)');
    await item.screenshot({ path: join(SHOTS, 'dept-new-indicator.png') });
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
});
