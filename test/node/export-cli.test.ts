/**
 * `shinchoku export` on the demo book: the Parquet file read back by hyparquet and the CSV read back by csv-parse give
 * the rows of `rollup --json` (the round trip: the same rate, grade and status per indicator × year), with the column
 * types the README states; formula-safe text; the refusals; and the built bin/shinchoku.js on this Node.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { OPEN_DATA_HEADERS, readOpenData, type OpenDataFigures } from '../../src/core/export/open-data';
import { cli, demoBookFile, fileHash } from '../support/cli';

const exec = promisify(execFile);
const root = join(__dirname, '..', '..');

let book: string;
let summary: OpenDataFigures[];
beforeAll(async () => {
  book = await demoBookFile('shinchoku-export-');
  const r = await cli('rollup', book, '--json', '--out', join(dirname(book), 'rolled.xlsx'));
  expect(r.code).toBe(0);
  summary = (JSON.parse(r.out) as { summary: (OpenDataFigures & Record<string, unknown>)[] }).summary.map((s) => ({
    no: s.no, indicator: s.indicator, fiscalYear: s.fiscalYear, target: s.target, actual: s.actual, unit: s.unit, rate: s.rate, grade: s.grade, status: s.status,
  }));
  expect(summary.length).toBeGreaterThan(50);
});

async function readParquet(file: string) {
  const { parquetMetadata, parquetReadObjects } = await import('hyparquet');
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { metadata: parquetMetadata(buffer), rows: await parquetReadObjects({ file: buffer }) };
}

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parse(readFileSync(file), { bom: true, relax_column_count: false }) as string[][];
  return { header, rows };
}

describe('export --format parquet', () => {
  test('hyparquet reads back the rows of rollup --json, with the column types and nulls for blanks', async () => {
    const out = join(dirname(book), 'open.parquet');
    const r = await cli('export', book, '--format', 'parquet', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${summary.length}行`);
    const { metadata, rows } = await readParquet(out);
    expect(Number(metadata.num_rows)).toBe(summary.length);
    const schema = metadata.schema.slice(1);
    expect(schema.map((s) => s.name)).toEqual(OPEN_DATA_HEADERS);
    const typeOf = (name: string) => schema.find((s) => s.name === name)!;
    for (const name of ['団体コード', '計画名', '指標', '年度(和暦)', '評価', '状態', '評価なしの理由'])
      expect(typeOf(name)).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
    for (const name of ['予定', '実績', '達成率']) expect(typeOf(name)).toMatchObject({ type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    for (const name of ['No', '年度(西暦)']) expect(typeOf(name)).toMatchObject({ type: 'INT32', repetition_type: 'OPTIONAL' });

    const figures = readOpenData(OPEN_DATA_HEADERS, rows.map((row) => OPEN_DATA_HEADERS.map((h) => row[h])));
    expect(figures).toEqual(summary);
    // Blanks are nulls, never '' or 0: every ungraded row has no rate and no grade.
    const ungraded = rows.filter((row) => row['状態'] !== '評価済');
    expect(ungraded.length).toBeGreaterThan(0);
    expect(new Set(ungraded.flatMap((row) => [row['達成率'], row['評価']]))).toEqual(new Set([null]));
    expect(rows.every((row) => row['団体コード'] === '272051')).toBe(true);
  });

  test('--year R2 writes that year only', async () => {
    const out = join(dirname(book), 'r2.parquet');
    expect((await cli('export', book, '--out', out, '--year', 'R2')).code).toBe(0);
    const { rows } = await readParquet(out);
    expect(rows.length).toBe(summary.filter((s) => s.fiscalYear === 2020).length);
    expect(new Set(rows.map((row) => row['年度(西暦)']))).toEqual(new Set([2020]));
  });
});

describe('export --format csv', () => {
  test('UTF-8 with a BOM and CRLF; csv-parse reads back the rows of rollup --json, numbers exactly', async () => {
    const out = join(dirname(book), 'open.csv');
    expect((await cli('export', book, '--format', 'csv', '--out', out)).code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${OPEN_DATA_HEADERS.join(',')}`);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const { header, rows } = readCsv(out);
    expect(header).toEqual(OPEN_DATA_HEADERS);
    expect(rows.length).toBe(summary.length);
    expect(readOpenData(header, rows, { csv: true })).toEqual(summary);
    // A negative number is written as a number (No.4's 2020 実績 ▲16.7), not made "formula-safe".
    expect(text).toMatch(/,-16\.7,/);
  });

  test('text that would start a formula in Excel gets one apostrophe, and reads back as typed', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    const title = '=HYPERLINK("http://example.com","計画")';
    const settings = wb.getWorksheet('設定')!;
    settings.eachRow((row) => {
      if (row.getCell(1).value === '計画名') row.getCell(2).value = title;
    });
    const edited = join(dirname(book), 'formula.xlsx');
    await wb.xlsx.writeFile(edited);
    const out = join(dirname(book), 'formula.csv');
    expect((await cli('export', edited, '--format', 'csv', '--out', out)).code).toBe(0);
    const { header, rows } = readCsv(out);
    expect(new Set(rows.map((r) => r[header.indexOf('計画名')]))).toEqual(new Set([`'${title}`]));
    expect(readOpenData(header, rows, { csv: true })).toEqual(summary);
  });
});

describe('refusals and replacing', () => {
  test('--out naming the book (or a link to it), and an unknown format, are refused in Japanese; the book is unchanged', async () => {
    const before = fileHash(book);
    const same = await cli('export', book, '--format', 'csv', '--out', book);
    expect(same).toMatchObject({ code: 2, err: expect.stringContaining('--out に元のブック') });
    const link = join(dirname(book), 'link.csv');
    symlinkSync(book, link);
    expect(await cli('export', book, '--format', 'csv', '--out', link)).toMatchObject({ code: 2, err: expect.stringContaining('--out に元のブック') });
    expect(await cli('export', book, '--format', 'json', '--out', join(dirname(book), 'x.json'))).toMatchObject({ code: 2, err: expect.stringContaining('--format「json」には対応していません') });
    expect(await cli('export', book, '--out', join(dirname(book), 'x.txt'))).toMatchObject({ code: 2, err: expect.stringContaining('--format csv か --format parquet を指定してください') });
    expect(fileHash(book)).toBe(before);
  });

  test('an existing file is replaced whole, and no temporary file is left', async () => {
    const dir = dirname(book);
    const out = join(dir, 'replace.csv');
    writeFileSync(out, 'x'.repeat(200_000));
    expect((await cli('export', book, '--format', 'csv', '--out', out)).code).toBe(0);
    expect(readCsv(out).rows.length).toBe(summary.length);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

test('the built bin/shinchoku.js writes Parquet on this Node (the ES module loaded by import())', async () => {
  const out = join(dirname(book), 'built.parquet');
  await exec('node', [join(root, 'scripts', 'build.mjs')], { cwd: root });
  const r = await exec('node', [join(root, 'bin', 'shinchoku.js'), 'export', book, '--out', out], { cwd: root });
  expect(r.stdout).toContain('Parquet');
  const { rows } = await readParquet(out);
  expect(readOpenData(OPEN_DATA_HEADERS, rows.map((row) => OPEN_DATA_HEADERS.map((h) => row[h])))).toEqual(summary);
});
