/**
 * Attack 4.4 on real .xlsx files, as the report ran it: `close-year`, then a closed year's 実績 changed in the file
 * with exceljs (the sheet protection has no password, so Excel's "unprotect sheet" is one click), then `validate` and
 * `rollup`. The change is an error naming the tab cell and the snapshot cell, and 達成状況 keeps the snapshot's
 * figure. An untouched book after close-year gives no such finding.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSummaryTable } from '../../src/core/layout/summary';
import type { Scalar } from '../../src/core/workbook';
import { attack } from '../support/attack';
import { cli } from '../support/cli';

jest.setTimeout(120_000);

const dir = () => mkdtempSync(join(tmpdir(), 'shinchoku-tamper-'));

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** A sheet's values as the core reads a table (1-based rows to a dense grid, hyperlinks to their text). */
function grid(ws: ExcelJS.Worksheet): Scalar[][] {
  const out: Scalar[][] = [];
  ws.eachRow((row, r) => {
    out[r - 1] = Array.from((row.values as unknown[]).slice(1), (v) => (v && typeof v === 'object' && 'text' in v ? (v as { text: Scalar }).text : ((v ?? '') as Scalar)));
  });
  return Array.from(out, (r) => r ?? []);
}

/** The 達成状況 (or snapshot) row of an indicator and year, read back from the file. */
async function published(book: string, sheet: string, indicator: string, fy: number) {
  const ws = (await load(book)).getWorksheet(sheet)!;
  return readSummaryTable({ name: sheet, values: grid(ws) }).find((r) => r.indicator === indicator && r.fiscalYear === fy);
}

/** The A1 address of a tab's cell: the row naming `indicator`, the column headed `header`. */
function addressOf(ws: ExcelJS.Worksheet, indicator: string, header: string): string {
  let row = 0;
  let col = 0;
  ws.eachRow((r, n) => {
    (r.values as unknown[]).forEach((v, c) => {
      if (v === indicator && !row) row = n;
      if (v === header) col = c;
    });
  });
  if (!row || !col) throw new Error(`no ${indicator} / ${header} in ${ws.name}`);
  return ws.getCell(row, col).address;
}

async function closedDemo(fy: number): Promise<string> {
  const book = join(dir(), 'plan.xlsx');
  expect((await cli('init', book, '--demo')).code).toBe(0);
  expect((await cli('close-year', book, String(fy))).code).toBe(0);
  return book;
}

/** Changes one cell of a tab in the file, as a person who unprotected the sheet would. */
async function edit(book: string, tab: string, cell: string, value: Scalar, numFmt?: string): Promise<void> {
  const wb = await load(book);
  const c = wb.getWorksheet(tab)!.getCell(cell);
  c.value = value as ExcelJS.CellValue;
  if (numFmt) c.numFmt = numFmt;
  await wb.xlsx.writeFile(book);
}

test('an untouched demo after close-year: validate exits 0 with no closed-year finding, rollup keeps the figures', async () => {
  const book = await closedDemo(2020);
  const v = await cli('validate', book, '--json');
  expect(v.code).toBe(0);
  expect((JSON.parse(v.out).findings as { code: string }[]).filter((f) => f.code.startsWith('closed-year'))).toEqual([]);
  expect((await cli('rollup', book)).code).toBe(0);
  const row = await published(book, '達成状況', '申込み', 2020);
  expect(row?.rate).toBeCloseTo(32.8 / 20, 12);
});

test('attack 4.4: a closed 実績 edited in the .xlsx is an error naming both cells; 達成状況 keeps the figure of record', async () => {
  const tries: { fy: number; tab: string; indicator: string; value: Scalar; numFmt?: string; live: string; record: RegExp }[] = [
    // The report's edit: 情報政策室!I4 「申込み 32.8%」 → 「申込み 99%」 (495% before the fix).
    { fy: 2020, tab: '情報政策室', indicator: '申込み', value: '申込み 99%', live: '「申込み 99%」', record: /「32\.8%」/ },
    // A number cell, as Excel stores 99% typed into a cell with a percent format.
    { fy: 2020, tab: '情報政策室', indicator: '申込み', value: 0.99, numFmt: '0%', live: '「0.99」', record: /「32\.8%」/ },
    // Another department, another year, a bare number.
    { fy: 2019, tab: '広報課', indicator: '閲覧者数', value: 999999, live: '「999999」', record: /「234,964人」/ },
    // A figure of 2019 with a rate (30.7% of 10%), replaced by a status.
    { fy: 2019, tab: '情報政策室', indicator: '申込み', value: '未測定', live: '「未測定」', record: /「30\.7%」/ },
  ];
  await attack('4.4', "closed year's 実績 edited in the .xlsx after close-year (text, number cell, another year, status)", tries.length, async (i) => {
    const t = tries[i];
    const book = await closedDemo(t.fy);
    const cell = addressOf((await load(book)).getWorksheet(t.tab)!, t.indicator, `${t.fy}年度 実績`);
    const record = await published(book, `達成状況_${t.fy}年度`, t.indicator, t.fy);
    if (!record) return `no snapshot row for ${t.indicator}`;
    await edit(book, t.tab, cell, t.value, t.numFmt);

    const v = await cli('validate', book);
    const expected = `${t.fy}年度は確定済みですが、${t.tab}!${cell} の実績${t.live}が確定時の控え（達成状況_${t.fy}年度!I`;
    if (v.code !== 1 || !v.out.includes(expected) || !t.record.test(v.out)) return `validate ${v.code}: ${v.out.slice(0, 400)}`;

    const r = await cli('rollup', book);
    if (r.code !== 0) return `rollup ${r.code}: ${r.err}`;
    const shown = await published(book, '達成状況', t.indicator, t.fy);
    if (!shown || shown.rate !== record.rate || shown.actual !== record.actual || shown.grade !== record.grade)
      return `達成状況 ${JSON.stringify(shown)} against the snapshot ${JSON.stringify(record)}`;
    const wb = await load(book);
    const findings = grid(wb.getWorksheet('検証結果')!).flat().filter((x) => typeof x === 'string' && x.startsWith(expected));
    if (findings.length !== 1) return `検証結果 holds ${findings.length} such findings`;
    return undefined;
  });
});

test('a deleted snapshot sheet is an error naming it', async () => {
  const book = await closedDemo(2020);
  const wb = await load(book);
  wb.removeWorksheet(wb.getWorksheet('達成状況_2020年度')!.id);
  await wb.xlsx.writeFile(book);
  const v = await cli('validate', book);
  expect(v.code).toBe(1);
  expect(v.out).toContain('2020年度は確定済みですが、確定時の控え「達成状況_2020年度」シートがありません');
});
