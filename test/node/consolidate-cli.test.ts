/**
 * `shinchoku consolidate` on real .xlsx city books (made from the demo with another name, code, period, with and
 * without a rollup), the summary read back with exceljs; a broken input is listed and skipped; --out equal to an
 * input is refused and changes nothing.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCity } from '../../src/core/consolidate';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { cli, fileHash, loadXlsx } from '../support/cli';
import { codeOf, fillCityBook, type CityVariant } from '../support/city-books';

jest.setTimeout(120_000);

const VARIANTS: CityVariant[] = [
  { name: '甲市', code5: '27205', rollup: true, close: true },
  { name: '乙町', code5: '13101', rollup: false, dropEvery: 2 },
  { name: '丙村', code5: '01100', rollup: true, lastYear: 2024, dropEvery: 3 },
  { name: '丁市', code5: '', rollup: true },
];

let dir: string;
let books: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shinchoku-consolidate-'));
  books = [];
  for (const [i, v] of VARIANTS.entries()) {
    const file = join(dir, `city${i + 1}.xlsx`);
    await fillCityBook(XlsxWorkbook.create(), v).save(file);
    books.push(file);
  }
});

const cellText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

test('four books into one summary: sheets, stacked rows per city, the per-city table and what each lacks', async () => {
  const out = join(dir, 'summary.xlsx');
  const r = await cli('consolidate', ...books, '--out', out);
  expect(r).toMatchObject({ code: 0, err: '' });
  for (const name of ['甲市', '乙町', '丙村', '丁市', codeOf('27205'), '団体コード未設定']) expect(r.out).toContain(name);
  expect(r.out).toContain('「達成状況」がありません（集計がまだです）');
  expect(r.out).toContain('計画期間（2019年度〜2024年度）がほかの多くの団体（2019年度〜2023年度）と異なります');
  expect(r.out).toMatch(/所要時間: \d+\.\d秒/);

  const wb = await loadXlsx(out);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['一覧', '団体別', '基本方針別', '年度別', '不足']);
  const rows = wb.getWorksheet('一覧')!;
  expect(rows.getRow(2).getCell(1).value).toBe('団体コード');
  // Each city's rows, as its own analysis of the same file gives them, with its name in column B.
  const expected = await Promise.all(books.map(async (b) => readCity(await XlsxWorkbook.open(b), b).rows.length));
  const byName = new Map<string, number>();
  for (let i = 3; i <= rows.rowCount; i++) {
    const name = cellText(rows.getRow(i).getCell(2).value);
    byName.set(name, (byName.get(name) ?? 0) + 1);
  }
  expect([...byName]).toEqual(VARIANTS.map((v, i) => [v.name, expected[i]]));
  const byCity = wb.getWorksheet('団体別')!;
  expect([3, 4, 5, 6].map((i) => cellText(byCity.getRow(i).getCell(1).value))).toEqual([codeOf('27205'), codeOf('13101'), codeOf('01100'), '団体コード未設定']);
  const lacks = wb.getWorksheet('不足')!;
  const lackFiles = [];
  for (let i = 3; i <= lacks.rowCount; i++) lackFiles.push(cellText(lacks.getRow(i).getCell(3).value));
  expect(new Set(lackFiles)).toEqual(new Set(books.slice(1)));
});

test('--json gives each city with its counts and lacks', async () => {
  const r = await cli('consolidate', books[0], books[1], '--out', join(dir, 'two.xlsx'), '--json');
  expect(r.code).toBe(0);
  const json = JSON.parse(r.out) as { cities: { name: string; code: string; total: number; lacks: { kind: string }[] }[]; unreadable: unknown[] };
  expect(json.cities.map((c) => [c.name, c.code, c.lacks.map((l) => l.kind)])).toEqual([
    ['甲市', codeOf('27205'), []],
    ['乙町', codeOf('13101'), ['no-rollup', 'year-open']],
  ]);
  expect(json.cities[0].total).toBeGreaterThan(10);
  expect(json.unreadable).toEqual([]);
});

test('a broken input is listed with its reason and the others are consolidated (exit code 1)', async () => {
  const broken = join(dir, 'broken.xlsx');
  writeFileSync(broken, 'これは xlsx ではありません');
  const out = join(dir, 'with-broken.xlsx');
  const r = await cli('consolidate', books[0], broken, books[2], '--out', out);
  expect(r.code).toBe(1);
  expect(r.out).toContain(`・${broken}: ${broken} は .xlsx として読めません（壊れているか、別の形式です）`);
  const wb = await loadXlsx(out);
  expect(wb.getWorksheet('団体別')!.rowCount).toBe(4);
  const lacks = wb.getWorksheet('不足')!;
  const last = lacks.getRow(lacks.rowCount);
  expect([cellText(last.getCell(3).value), cellText(last.getCell(4).value)]).toEqual([broken, `読み込めません: ${broken} は .xlsx として読めません（壊れているか、別の形式です）`]);
});

test('--out equal to an input is refused and the input is left as it was; no readable book writes nothing', async () => {
  const before = fileHash(books[1]);
  const r = await cli('consolidate', books[0], books[1], '--out', books[1]);
  expect(r.code).toBe(2);
  expect(r.err).toContain(`--out（${books[1]}）に入力のブック（${books[1]}）は指定できません`);
  expect(fileHash(books[1])).toBe(before);

  const broken = join(dir, 'only-broken.xlsx');
  writeFileSync(broken, 'x');
  const out = join(dir, 'none.xlsx');
  const none = await cli('consolidate', broken, '--out', out);
  expect(none.code).toBe(2);
  expect(none.err).toContain('読み込めたブックがないため、集約を書き出しませんでした');
  expect(existsSync(out)).toBe(false);
});
