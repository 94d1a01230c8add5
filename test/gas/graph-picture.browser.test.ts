/**
 * The グラフ sheet as the built bundle wrote it into the fakes (menuInitDemo, 集計), drawn by test/support/sheet-picture
 * and looked at in Debian's Chromium: the three stacked bar charts at the anchors the bundle set, each bar's
 * segments in the chart's colours and as long as their counts (their sum the row's 計), one sparkline per SPARKLINE
 * formula with no column and a break in the line where a year is empty. Screenshots for the README go to
 * test/gas/screenshots/ (graph-sheet.png, graph-sparklines.png). The picture refuses what it would draw wrongly.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { a1 } from '../../src/core/workbook';
import { launchChromium } from '../support/browser';
import { sheetPicture } from '../support/sheet-picture';
import { addon, buildProject, type Built } from './bundle-harness';

jest.setTimeout(60_000);

const SHOTS = join(__dirname, 'screenshots');
const ORIGIN = 'http://sheet-picture.test';
const FONT = (w: string) => require.resolve(`@expo-google-fonts/biz-udpgothic/${w}/BIZUDPGothic_${w}.ttf`);

let built: Built;
let browser: Browser;
beforeAll(async () => {
  built = buildProject();
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

function rolledUp(): GoogleAppsScript.Spreadsheet.Sheet {
  const a = addon(built);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  a.call('menuRollup');
  return a.env.spreadsheet.getSheetByName('グラフ')!;
}

/** The page's document as far as these tests read it (the tests compile without the DOM's types). */
interface Browserish { document: { fonts: { ready: Promise<unknown>; check(font: string, text: string): boolean } } }

/** A page showing the picture, its font served from the package (no file:// loads, no network). */
async function show(html: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.setDefaultTimeout(10_000);
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/sheet.html') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
    if (path === '/regular.ttf' || path === '/bold.ttf') return route.fulfill({ contentType: 'font/ttf', body: readFileSync(FONT(path === '/bold.ttf' ? '700Bold' : '400Regular')) });
    return route.abort();
  });
  await page.goto(`${ORIGIN}/sheet.html`);
  await page.evaluate(() => (globalThis as unknown as Browserish).document.fonts.ready);
  return page;
}

/** Charts.ChartType's names are its values (the fakes' enum); the test has no Charts global. */
const chartType = (name: string) => name as unknown as GoogleAppsScript.Charts.ChartType;

interface Box { x: number; y: number; width: number; height: number }
const boxOf = async (page: Page, selector: string): Promise<Box> => (await page.locator(selector).boundingBox())!;

test('グラフ drawn from the fakes: the charts at their anchors, bars as their counts, a sparkline per SPARKLINE', async () => {
  const sheet = rolledUp();
  const charts = sheet.getCharts();
  expect(charts).toHaveLength(3);
  const lastRow = sheet.getLastRow();
  const lastCol = sheet.getLastColumn();
  const formulas = sheet.getRange(1, 1, lastRow, lastCol).getFormulas();
  const sparkCells = formulas.flatMap((r, i) => r.flatMap((f, j) => (f.startsWith('=SPARKLINE') ? [{ cell: a1(i + 1, j + 1), formula: f }] : [])));
  expect(sparkCells.length).toBeGreaterThan(20);

  const page = await show(sheetPicture(sheet, { fonts: { regular: `${ORIGIN}/regular.ttf`, bold: `${ORIGIN}/bold.ttf` } }));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await expect(page.evaluate(() => (globalThis as unknown as Browserish).document.fonts.check('13px "BIZ UDPGothic"', '指標別の推移'))).resolves.toBe(true);
    const whole = await boxOf(page, '.sheet');
    await page.setViewportSize({ width: Math.ceil(whole.width), height: Math.ceil(whole.height) });
    const viewport = page.viewportSize()!;
    const inside = (b: Box) => b.width > 0 && b.height > 0 && b.x >= 0 && b.y >= 0 && b.x + b.width <= viewport.width && b.y + b.height <= viewport.height;

    // Each chart where the bundle anchored it, the size its options give, over its own table's cells.
    const bottoms: number[] = [];
    for (const chart of charts) {
      const info = chart.getContainerInfo();
      const anchor = a1(info.getAnchorRow(), info.getAnchorColumn());
      const box = await boxOf(page, `.chart[data-anchor="${anchor}"]`);
      const cell = await boxOf(page, `.cell[data-cell="${anchor}"]`);
      expect([box.x, box.y]).toEqual([cell.x + info.getOffsetX(), cell.y + info.getOffsetY()]);
      expect([box.width, box.height]).toEqual([chart.getOptions().get('width'), chart.getOptions().get('height')]);
      expect(inside(box)).toBe(true);
      bottoms.push(box.y + box.height);

      // The table the chart reads, from the fake: a header of series names, a row per bar, and 計 right after it.
      const range = chart.getRanges()[0];
      const [header, ...rows] = range.getValues();
      const totalCol = range.getColumn() + range.getNumColumns();
      expect(sheet.getRange(range.getRow(), totalCol).getValue()).toBe('計');
      const totals = rows.map((_, i) => sheet.getRange(range.getRow() + 1 + i, totalCol).getValue() as number);
      const colors = chart.getOptions().get('colors') as string[];
      expect(colors).toHaveLength(header.length - 1);

      // The SVG's coloured rects: the bars' segments (the tallest) by row, and the legend's swatches above them,
      // one per colour in order, inside the chart.
      const rects = await page.locator(`.chart[data-anchor="${anchor}"] rect`).evaluateAll((els) => els.map((e) => {
        const b = e.getBoundingClientRect();
        return { fill: e.getAttribute('fill')!, x: b.x, y: b.y, width: b.width, height: b.height };
      }));
      const coloured = rects.filter((r) => colors.includes(r.fill));
      const barHeight = Math.max(...coloured.map((r) => r.height));
      const byRow = (list: typeof coloured) => [...new Set(list.map((r) => r.y))].sort((p, q) => p - q).map((y) => list.filter((r) => r.y === y).sort((p, q) => p.x - q.x));
      const legend = byRow(coloured.filter((r) => r.height < barHeight)).flat();
      const bars = byRow(coloured.filter((r) => r.height === barHeight));
      expect(legend.map((r) => r.fill)).toEqual(colors);
      expect(legend.every((r) => r.x + r.width <= box.x + box.width && r.y + r.height < bars[0][0].y)).toBe(true);
      const legendText = await page.locator(`.chart[data-anchor="${anchor}"] text`).evaluateAll((els, names) => els.filter((e) => names.includes(e.textContent!)).map((e) => e.getBoundingClientRect().right), header.slice(1));
      expect(legendText).toHaveLength(header.length - 1);
      expect(Math.max(...legendText)).toBeLessThanOrEqual(box.x + box.width);
      expect(bars).toHaveLength(rows.length);
      let pxPerCount: number | undefined;
      bars.forEach((segments, i) => {
        const counts = rows[i].slice(1) as number[];
        // The segments are the non-zero series in order, each in its series' colour.
        expect(segments.map((s) => s.fill)).toEqual(colors.filter((_, j) => counts[j] > 0));
        const drawn = counts.filter((c) => c > 0);
        expect(drawn.reduce((s, c) => s + c, 0)).toBe(totals[i]);
        segments.forEach((s, k) => {
          pxPerCount ??= s.width / drawn[k];
          expect(Math.abs(s.width / drawn[k] - pxPerCount)).toBeLessThan(0.05);
          // End to end: each segment starts where the one before it ends.
          if (k) expect(Math.abs(s.x - (segments[k - 1].x + segments[k - 1].width))).toBeLessThan(0.05);
        });
      });
      expect(pxPerCount).toBeGreaterThan(0);
    }

    // One sparkline per SPARKLINE formula, in its cell, drawing its own range's values from the fake.
    const sparks = await page.locator('svg.sparkline').evaluateAll((els) => els.map((e) => ({
      cell: e.getAttribute('data-cell')!,
      type: e.getAttribute('data-charttype')!,
      columns: [...e.querySelectorAll('rect')].map((r) => ({ index: Number(r.getAttribute('data-index')), fill: r.getAttribute('fill'), height: r.getBoundingClientRect().height })),
      runs: [...e.querySelectorAll('polyline, circle')].map((r) => ({ from: Number(r.getAttribute('data-from')), to: Number(r.getAttribute('data-to')), color: r.getAttribute(r.tagName === 'circle' ? 'fill' : 'stroke') })),
      box: (() => { const b = e.getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; })(),
    })));
    expect(sparks.map((s) => s.cell).sort()).toEqual(sparkCells.map((s) => s.cell).sort());
    let emptyColumns = 0;
    let emptyInLines = 0;
    for (const { cell, formula } of sparkCells) {
      const s = sparks.find((x) => x.cell === cell)!;
      expect(inside(s.box)).toBe(true);
      const [, from, to] = /^=SPARKLINE\(([A-Z]+\d+):([A-Z]+\d+),/.exec(formula)!;
      const values = sheet.getRange(`${from}:${to}`).getValues()[0];
      const present = values.flatMap((v, i) => (v === '' ? [] : [i]));
      const color = /"color","(#[0-9a-fA-F]{6})"/.exec(formula)![1];
      expect(s.type).toBe(/"charttype","column"/.test(formula) ? 'column' : 'line');
      if (s.type === 'column') {
        // No column for an empty year; the others as tall as their values (the scale starts at 0 or below).
        expect(s.columns.map((c) => c.index)).toEqual(present);
        expect(s.columns.every((c) => c.fill === color)).toBe(true);
        const perUnit = s.columns.map((c) => c.height / Math.abs(values[c.index] as number)).filter((r) => Number.isFinite(r));
        for (const r of perUnit) expect(Math.abs(r - perUnit[0]) / perUnit[0]).toBeLessThan(0.02);
        if (present.length < values.length) emptyColumns++;
      } else {
        // The line's runs cover the years with values, and none crosses an empty one.
        expect(s.runs.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, k) => r.from + k))).toEqual(present);
        expect(s.runs.every((r) => r.color === color)).toBe(true);
        if (present.length < values.length) emptyInLines++;
      }
    }
    // The demo's empty years: 実績 sparklines without a column for them, 予定 lines that start late or end early.
    expect(emptyColumns).toBeGreaterThan(0);
    expect(emptyInLines).toBeGreaterThan(0);
    // No.1 申込み: measured in 2019 and 2020, 「(本年度未測定)」 in 2021: its 実績 columns stop there.
    const table = sheet.getRange(1, 1, lastRow, lastCol).getValues();
    const headerRow = table.findIndex((r) => r[0] === '指標');
    const no1 = table.findIndex((r) => r[0] === 'No.1 申込み');
    const actual2021 = table[headerRow].indexOf('2021年度 実績');
    expect([table[no1][actual2021 - 2], table[no1][actual2021 - 1], table[no1][actual2021]]).toEqual([30.7, 32.8, '']);
    expect(sparks.find((x) => x.cell === a1(no1 + 1, 5))!.columns.map((c) => c.index)).toEqual([0, 1]);

    await page.screenshot({ path: join(SHOTS, 'graph-sheet.png'), clip: { x: 0, y: 0, width: Math.max(...(await page.locator('.chart').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right)))) + 12, height: Math.max(...bottoms) + 12 } });

    // The 指標別の推移 table: its title, header and first ten indicators (the demo has no 少ないほど良い one; its
    // empty years are years before an indicator starts and from 2021 on, 「(本年度未測定)」 in the demo).
    const title = table.findIndex((r) => String(r[0]).startsWith('指標別の推移')) + 1;
    expect(title).toBe(headerRow);
    const last = title + 11;
    const top = await boxOf(page, `.cell[data-cell="${a1(title, 1)}"]`);
    const bottom = await boxOf(page, `.cell[data-cell="${a1(last, lastCol)}"]`);
    await page.screenshot({ path: join(SHOTS, 'graph-sparklines.png'), clip: { x: 0, y: top.y - 1, width: bottom.x + bottom.width + 1, height: bottom.y + bottom.height - top.y + 2 } });
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
});

test('the picture refuses a chart that is not what drawGraphs builds, and a SPARKLINE it does not draw', () => {
  expect(() => sheetPicture(rolledUp())).not.toThrow();

  // The bundle's own chart, changed one option at a time.
  const changed = (edit: (b: GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder) => void) => {
    const s = rolledUp();
    const chart = s.getCharts()[0];
    const b = chart.modify();
    edit(b);
    s.updateChart(b.build());
    return () => sheetPicture(s);
  };
  expect(changed((b) => b.setOption('isStacked', false))).toThrow('isStacked is false, not true');
  expect(changed((b) => b.setOption('colors', ['#ff0000']))).toThrow('is not one #RRGGBB per series');
  expect(changed((b) => b.setOption('legend', { position: 'right' }))).toThrow('the legend option');
  expect(changed((b) => b.setChartType(chartType('COLUMN')))).toThrow('its type is COLUMN');
  expect(changed((b) => b.setNumHeaders(0))).toThrow('header rows is 0');

  // A chart built without the options: nothing is drawn as stacked by default.
  const bare = rolledUp();
  bare.insertChart(bare.newChart().setChartType(chartType('BAR')).addRange(bare.getRange('A5:C7')).setNumHeaders(1).setPosition(1, 10, 0, 0).build());
  expect(() => sheetPicture(bare)).toThrow('the title option is missing');
  const untitled = bare.getCharts()[3];
  bare.updateChart(untitled.modify().setOption('title', '題').build());
  expect(() => sheetPicture(bare)).toThrow('isStacked is null, not true');

  // A sparkline over text: the "nan" option's handling is not drawn.
  const texty = rolledUp();
  const cell = texty.getRange(1, 1, texty.getLastRow(), 5).getFormulas().findIndex((r) => r[4].startsWith('=SPARKLINE')) + 1;
  texty.getRange(cell, 11).setValue('未測定');
  expect(() => sheetPicture(texty)).toThrow(`its cell K${cell} holds "未測定", not a number`);

  // SPARKLINEs other than the two graph-sheet.ts writes.
  for (const [formula, why] of [
    ['=SPARKLINE(F40:J40)', 'not a SPARKLINE over one range with an options array'],
    ['=SPARKLINE(F40:J40,{"charttype","bar";"ymin",0;"ymax",1;"color","#1f4e79"})', 'charttype "bar"'],
    ['=SPARKLINE(F40:J40,{"charttype","line";"ymin",0;"ymax",1;"color","#1f4e79";"empty","zero"})', 'the option "empty" is not drawn'],
    ['=SPARKLINE(F40:J41,{"charttype","line";"ymin",0;"ymax",1;"color","#1f4e79"})', 'not one row'],
    ['=SPARKLINE(F40:J40,{"charttype","line";"ymin",3;"ymax",3;"color","#1f4e79"})', 'are not a scale'],
  ] as const) {
    const s = rolledUp();
    s.getRange('Z1').setFormula(formula);
    expect(() => sheetPicture(s)).toThrow(why);
  }
});
