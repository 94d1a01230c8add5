/**
 * Rich text (Excel-style partial formatting) survives every save: rollup, setup, close-year, validate --out and a
 * sidebar save over the .xlsx adapter (what the preview does), through the streaming writer and the in-memory one.
 * exceljs 4.4.0's streaming writer keyed its shared-string table by the value, so every rich-text cell got the
 * string of the first rich-text cell written (issue 13, item 1).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveForm } from '../../src/core/sidebar/service';
import { calendarDate } from '../../src/core/calendar';
import { run, type Io } from '../../src/node/cli';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { attack } from '../support/attack';

const RICH_ATTACK = 'rich-text cells (partial bold/italic, as Excel stores them) through rollup, validate --out, setup, close-year and a sidebar save, both writers';

type Rich = ExcelJS.CellRichTextValue;

const quiet: Io = { stdout: () => undefined, stderr: () => undefined, isTTY: false };
const cli = (...args: string[]) => run(args, quiet);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shinchoku-rich-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEPT = '情報政策室';
const MASTER = '計画マスタ';
const OTHER = '打合せメモ';

/** Department-tab comment cells (2019 コメント in G, 2020 コメント in L: 予定・実績・コメント・要因・今後の方向性 per year) of the demo plan. */
const deptRich: Record<string, Rich> = {
  L4: { richText: [{ text: '電子申請は' }, { font: { bold: true }, text: '前年比2倍' }, { text: 'に増えた' }] },
  L6: { richText: [{ text: '予約' }, { font: { color: { argb: 'FFFF0000' } }, text: 'システム更新' }, { text: 'のため一時停止' }] },
  G4: { richText: [{ font: { name: 'Arial' }, text: 'LGWAN ' }, { font: { name: 'ＭＳ ゴシック' }, text: '接続の申込み' }] },
};
/** 計画マスタ 備考 cells. */
const masterRich: Record<string, Rich> = {
  P2: { richText: [{ text: '利用率の' }, { font: { italic: true }, text: '平均' }] },
  P3: { richText: [{ font: { bold: true, color: { argb: 'FF0070C0' } }, text: '電子化' }, { text: '対象手続の電子化率' }] },
};
/** A sheet the add-in does not own: same text in different formats, the same rich text twice, a plain twin. */
const otherRich: Record<string, Rich> = {
  A1: { richText: [{ font: { bold: true }, text: '重要' }, { text: '：予算要求' }] },
  A2: { richText: [{ font: { italic: true }, text: '重要' }, { text: '：予算要求' }] },
  A3: { richText: [{ font: { bold: true }, text: '重要' }, { text: '：予算要求' }] },
  A4: { richText: [{ text: 'Wi-Fi ' }, { font: { underline: true, size: 14 }, text: '公衆無線LAN' }, { text: ' 整備' }] },
};
const otherPlain = { A5: '重要：予算要求' };

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The demo book with rich text written by exceljs's in-memory writer (as Excel keeps it: shared strings). */
async function richBook(name: string, slowPath = false): Promise<string> {
  const file = join(dir, name);
  expect(await cli('init', file, '--demo')).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  for (const [a, v] of Object.entries(deptRich)) wb.getWorksheet(DEPT)!.getCell(a).value = v;
  for (const [a, v] of Object.entries(masterRich)) wb.getWorksheet(MASTER)!.getCell(a).value = v;
  const other = wb.addWorksheet(OTHER);
  for (const [a, v] of Object.entries({ ...otherRich, ...otherPlain })) other.getCell(a).value = v;
  // An image is something only the in-memory writer writes (canStream), so the save takes that path.
  if (slowPath) other.addImage(wb.addImage({ base64: PNG, extension: 'png' }), 'C1:D2');
  await wb.xlsx.writeFile(file);
  return file;
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const plain = (v: ExcelJS.CellValue) => (v && typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : v);

/** Every rich-text cell's value, read back from the file. */
async function richCells(file: string): Promise<Record<string, ExcelJS.CellValue>> {
  const wb = await load(file);
  const out: Record<string, ExcelJS.CellValue> = {};
  const take = (sheet: string, cells: Record<string, unknown>) => {
    for (const a of Object.keys(cells)) out[`${sheet}!${a}`] = wb.getWorksheet(sheet)!.getCell(a).value;
  };
  take(DEPT, deptRich);
  take(MASTER, masterRich);
  take(OTHER, { ...otherRich, ...otherPlain });
  return out;
}

/** Before any save of ours: what the file holds (exceljs may add defaults to the runs it wrote). */
async function before(file: string) {
  // Only the save under test counts (init, which made the book, saved too).
  jest.clearAllMocks();
  const cells = await richCells(file);
  // The fixture itself is right: each cell has its own text.
  for (const [a, v] of Object.entries(deptRich)) expect(plain(cells[`${DEPT}!${a}`])).toBe(plain(v));
  for (const [a, v] of Object.entries(otherRich)) expect(cells[`${OTHER}!${a}`]).toEqual(v);
  return cells;
}

/** Cells whose runs a save keeps (sheets the job copies) keep them exactly; rebuilt tabs keep the text. */
function expectKept(after: Record<string, ExcelJS.CellValue>, was: Record<string, ExcelJS.CellValue>, deptRuns: boolean): void {
  for (const key of Object.keys(was)) {
    if (key.startsWith(`${DEPT}!`) && !deptRuns) expect([key, plain(after[key])]).toEqual([key, plain(was[key])]);
    else expect([key, after[key]]).toEqual([key, was[key]]);
  }
}

describe.each([
  ['streaming writer', false],
  ['in-memory writer', true],
])('rich text survives every save (%s)', (_label, slowPath) => {
  const tag = slowPath ? 'slow' : 'fast';
  // Each case really takes its writer (save() picks by canStream).
  let writers: Record<'writeStreaming' | 'writeWhole', jest.SpyInstance>;
  beforeEach(() => {
    const proto = XlsxWorkbook.prototype as unknown as Record<'writeStreaming' | 'writeWhole', () => Promise<void>>;
    writers = { writeStreaming: jest.spyOn(proto, 'writeStreaming'), writeWhole: jest.spyOn(proto, 'writeWhole') };
  });
  afterEach(() => {
    const calls = { streaming: writers.writeStreaming.mock.calls.length, whole: writers.writeWhole.mock.calls.length };
    jest.restoreAllMocks();
    expect(calls).toEqual(slowPath ? { streaming: 0, whole: 1 } : { streaming: 1, whole: 0 });
  });

  test('rollup', async () => {
    await attack('1.19', RICH_ATTACK, 1, async () => {
      const file = await richBook(`rollup-${tag}.xlsx`, slowPath);
      const was = await before(file);
      expect(await cli('rollup', file)).toBe(0);
      expectKept(await richCells(file), was, true);
      return undefined;
    });
  });

  test('validate --out', async () => {
    await attack('1.19', RICH_ATTACK, 1, async () => {
      const file = await richBook(`validate-${tag}.xlsx`, slowPath);
      const was = await before(file);
      const out = join(dir, `validate-out-${tag}.xlsx`);
      expect(await cli('validate', file, '--out', out)).toBeLessThan(2);
      expectKept(await richCells(out), was, true);
      return undefined;
    });
  });

  test('setup (department tabs rebuilt: their comments keep their text)', async () => {
    await attack('1.19', RICH_ATTACK, 1, async () => {
      const file = await richBook(`setup-${tag}.xlsx`, slowPath);
      const was = await before(file);
      expect(await cli('setup', file)).toBe(0);
      expectKept(await richCells(file), was, false);
      return undefined;
    });
  });

  test('close-year', async () => {
    await attack('1.19', RICH_ATTACK, 1, async () => {
      const file = await richBook(`close-${tag}.xlsx`, slowPath);
      const was = await before(file);
      expect(await cli('close-year', file, '2019')).toBe(0);
      expectKept(await richCells(file), was, false);
      return undefined;
    });
  });

  test('a sidebar save over the .xlsx adapter (as the preview saves)', async () => {
    await attack('1.19', RICH_ATTACK, 1, async () => {
      const file = await richBook(`sidebar-${tag}.xlsx`, slowPath);
      const was = await before(file);
      const book = await XlsxWorkbook.open(file);
      const result = saveForm(
        book,
        { dept: DEPT, fiscalYear: 2020, submit: false, changes: [{ no: 1, name: '申込み', field: 'actual', before: '申込み 32.8%', after: '申込み 33.0%' }] },
        { now: calendarDate(2021, 4, 10), user: 'テスト' },
      );
      expect(result).toMatchObject({ status: 'saved', saved: 1 });
      await book.save(file);
      const after = await richCells(file);
      expectKept(after, was, true);
      expect((await load(file)).getWorksheet(DEPT)!.getCell('K4').value).toBe('申込み 33.0%');
      return undefined;
    });
  });
});

/** The XML a user's Excel reads: each rich-text cell points at a shared string holding its own runs. */
test('after rollup, sharedStrings.xml holds each rich text once, and each cell points at its own', async () => {
  const file = await richBook('raw.xlsx');
  expect(await cli('rollup', file)).toBe(0);
  const zip = await JSZip.loadAsync(readFileSync(file));
  const sst = await zip.file(/sharedStrings\.xml$/)[0].async('string');
  const items = [...sst.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1]);
  const textOf = (si: string) => [...si.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]).join('');
  // Name → part: workbook.xml's sheet r:id, then workbook.xml.rels' Target.
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const part = (name: string) => {
    const rid = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(workbook)![1];
    const target = new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
    return `xl/${target.replace(/^\/?xl\//, '')}`;
  };
  const cellSi = async (sheet: string, a: string) => {
    const xml = await zip.file(part(sheet))!.async('string');
    const m = new RegExp(`<c r="${a}"[^>]*t="s"[^>]*>\\s*<v>(\\d+)</v>`).exec(xml);
    expect([sheet, a, m && 'shared']).toEqual([sheet, a, 'shared']);
    return items[Number(m![1])];
  };
  for (const [sheet, cells] of [[DEPT, deptRich], [MASTER, masterRich], [OTHER, otherRich]] as const) {
    for (const [a, v] of Object.entries(cells)) {
      const si = await cellSi(sheet, a);
      expect([sheet, a, textOf(si)]).toEqual([sheet, a, plain(v)]);
      expect(si.match(/<r>/g)?.length).toBe(v.richText.length);
    }
  }
  // Same text, other format: two entries; the same rich text twice: one; the plain twin: a plain <t>.
  expect(await cellSi(OTHER, 'A1')).toContain('<b/>');
  expect(await cellSi(OTHER, 'A2')).toContain('<i/>');
  expect(await cellSi(OTHER, 'A3')).toBe(await cellSi(OTHER, 'A1'));
  expect(await cellSi(OTHER, 'A5')).toBe('<t>重要：予算要求</t>');
});
