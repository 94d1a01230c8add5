/**
 * `shinchoku split` and `shinchoku collect` through the real command line on real .xlsx files (issue 16 items 1–2,
 * Done when): the demo splits into one file per 報告部門 (9: the demo's 報告部門, counted from the plan); one file is
 * filled with exceljs as a department would, a second one also goes through LibreOffice (soffice --convert-to xlsx,
 * which keeps the very hidden stamp as a hidden sheet); collect takes both and rollup --json shows the new values; a
 * file stamped with another year is refused; a second collect leaves the book byte-identical; a cell edited in the
 * book meanwhile is a conflict and kept (and --prefer-file takes the file's value, logged); files that are not
 * returned files get a Japanese message and change nothing.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportingDepts } from '../../src/core/layout/master';
import { analyzePlan } from '../../src/core/jobs';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { cellOf, cli, demoBookFile, fileHash, loadXlsx } from '../support/cli';

jest.setTimeout(180_000);

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shinchoku-split-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Types into a department file with exceljs and saves it, as a department would in Excel. */
async function fill(file: string, dept: string, indicator: string, values: Record<string, string>, submit = false): Promise<void> {
  const wb = await loadXlsx(file);
  const ws = wb.getWorksheet(dept)!;
  for (const [header, value] of Object.entries(values)) cellOf(ws, indicator, header).value = value;
  if (submit) ws.getCell('D1').value = '提出済';
  await wb.xlsx.writeFile(file);
}

/** Saves a file through LibreOffice Calc (headless), as a department using LibreOffice would. */
function throughLibreOffice(file: string): string {
  const out = join(dir, `lo-${Date.now()}`);
  mkdirSync(out);
  const profile = mkdtempSync(join(tmpdir(), 'shinchoku-lo-profile-'));
  try {
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', out, file], { stdio: 'pipe', timeout: 150_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const [name] = readdirSync(out);
  return join(out, name);
}

async function split(book: string, ...args: string[]): Promise<string> {
  const out = mkdtempSync(join(dir, 'files-'));
  const r = await cli('split', book, '--out', out, ...args);
  expect(r.code).toBe(0);
  return out;
}

const actualOf = (rollup: string, dept: string, indicator: string, fy: number) =>
  (JSON.parse(rollup).summary as { department: string; indicator: string; fiscalYear: number; actual: number }[]).find((r) => r.department === dept && r.indicator === indicator && r.fiscalYear === fy)?.actual;

test('split makes one file per 報告部門; collect takes an Excel-filled and a LibreOffice-saved file; rollup shows them; again changes nothing', async () => {
  const book = await demoBookFile('shinchoku-split-');
  const out = await split(book);
  const depts = reportingDepts(analyzePlan(await XlsxWorkbook.open(book), 'test').indicators);
  const files = readdirSync(out).sort();
  expect(depts).toHaveLength(9);
  expect(files).toEqual(depts.map((d) => `2020年度_${d}.xlsx`).sort());

  const zeisei = join(out, '2020年度_税制課.xlsx');
  const written = await loadXlsx(zeisei);
  expect(written.worksheets.map((w) => [w.name, w.state])).toEqual([['記入要領', 'visible'], ['税制課', 'visible'], ['配布情報', 'veryHidden']]);
  // 予定 locked, the year's 実績 unlocked, the sheet protected.
  const tab = written.getWorksheet('税制課')!;
  expect(cellOf(tab, '課税証明', '2020年度 予定').protection?.locked).not.toBe(false);
  expect(cellOf(tab, '課税証明', '2020年度 実績').protection?.locked).toBe(false);
  expect(cellOf(tab, '課税証明', '2019年度 実績').protection?.locked).not.toBe(false);
  expect((tab as unknown as { sheetProtection: unknown }).sheetProtection).toBeTruthy();

  await fill(zeisei, '税制課', '課税証明', { '2020年度 実績': '1,800件', '2020年度 コメント': '窓口の混雑が減った' });
  const shimin = join(out, '2020年度_市民課.xlsx');
  await fill(shimin, '市民課', '住民票等', { '2020年度 実績': '40,000件' }, true);
  const shiminLo = throughLibreOffice(shimin);
  const lo = await loadXlsx(shiminLo);
  // LibreOffice has no very hidden sheets: it keeps the stamp as a hidden one (which also shows the file went through it).
  expect(lo.getWorksheet('配布情報')?.state).toBe('hidden');

  const first = await cli('collect', book, zeisei, shiminLo, '--json');
  expect(first.code).toBe(0);
  const result = JSON.parse(first.out);
  expect(result.files.map((f: { outcome: string; imported: unknown[]; outside: unknown[] }) => [f.outcome, f.imported.length, f.outside.length])).toEqual([['imported', 2, 0], ['imported', 1, 0]]);
  expect(result.files[1].submitted).toBe(true);
  expect(result.missing).toHaveLength(7);

  const rollup = await cli('rollup', book, '--json', '--out', join(dir, 'rollup.xlsx'));
  expect(actualOf(rollup.out, '税制課', '課税証明', 2020)).toBe(1800);
  expect(actualOf(rollup.out, '市民課', '住民票等', 2020)).toBe(40000);
  const log = (await loadXlsx(book)).getWorksheet('変更履歴')!;
  const hows: string[] = [];
  log.eachRow((r, n) => n > 1 && hows.push(String(r.getCell(7).value)));
  expect(hows.filter((h) => h === '回収（2020年度_税制課.xlsx）')).toHaveLength(2);
  expect(hows.filter((h) => h.startsWith('回収（2020年度_市民課'))).toHaveLength(3);

  const hash = fileHash(book);
  const second = await cli('collect', book, zeisei, shiminLo);
  expect(second.code).toBe(0);
  expect(second.out).toContain('取り込む変更はありません');
  expect(fileHash(book)).toBe(hash);
});

test('a file stamped with another year is refused; a cell edited in the book meanwhile is a conflict, kept unless --prefer-file', async () => {
  const book = await demoBookFile('shinchoku-split-');
  const out2019 = await split(book, '--year', '2019');
  const out = await split(book);
  const old = join(out2019, '2019年度_税制課.xlsx');
  await fill(old, '税制課', '課税証明', { '2019年度 実績': '1,111件' });
  const hash = fileHash(book);
  const refused = await cli('collect', book, old);
  expect(refused.code).toBe(1);
  expect(refused.out).toContain('2019年度のファイルです');
  expect(fileHash(book)).toBe(hash);

  // The coordinator corrects the book in Excel after the files went out; the department types another value.
  const wb = await loadXlsx(book);
  cellOf(wb.getWorksheet('税制課')!, '課税証明', '2020年度 実績').value = '1,750件';
  await wb.xlsx.writeFile(book);
  const file = join(out, '2020年度_税制課.xlsx');
  await fill(file, '税制課', '課税証明', { '2020年度 実績': '1,800件' });
  const kept = await cli('collect', book, file);
  expect(kept.code).toBe(0);
  expect(kept.out).toMatch(/競合 [A-Z]+\d+（No\.2 課税証明 の実績）: ファイル「1,800件」／ブック「1,750件」→ ブックの値を残しました/);
  let rollup = await cli('rollup', book, '--json', '--out', join(dir, 'r1.xlsx'));
  expect(actualOf(rollup.out, '税制課', '課税証明', 2020)).toBe(1750);

  const won = await cli('collect', book, file, '--prefer-file');
  expect(won.out).toContain('ファイルの値にしました');
  rollup = await cli('rollup', book, '--json', '--out', join(dir, 'r2.xlsx'));
  expect(actualOf(rollup.out, '税制課', '課税証明', 2020)).toBe(1800);
});

test('files that are not returned files get a Japanese message and leave the book as it was', async () => {
  const book = await demoBookFile('shinchoku-split-');
  const csv = join(dir, 'returned.csv');
  writeFileSync(csv, 'No.,指標名\n1,申込み\n');
  const broken = join(dir, 'broken.xlsx');
  writeFileSync(broken, 'PK\u0003\u0004 not really a zip');
  // An OLE compound file: what Excel writes for .xls, and for an .xlsx saved with a password (MS-OFFCRYPTO).
  const compound = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
  const xls = join(dir, 'old.xls');
  writeFileSync(xls, compound);
  const encrypted = join(dir, 'password.xlsx');
  writeFileSync(encrypted, compound);
  const otherBook = join(dir, 'other.xlsx');
  copyFileSync(book, otherBook);
  const hash = fileHash(book);
  const r = await cli('collect', book, csv, broken, xls, encrypted, otherBook);
  expect(r.code).toBe(1);
  const lines = r.out.split('\n').filter((l) => l.startsWith('■'));
  expect(lines).toHaveLength(5);
  expect(lines.every((l) => l.endsWith('取り込みませんでした'))).toBe(true);
  expect(lines[0]).toContain('CSV ファイルです');
  expect(lines[1]).toContain('.xlsx として読めません');
  expect(lines[2]).toContain('パスワードで保護された');
  expect(lines[3]).toContain('パスワードで保護された');
  expect(lines[4]).toContain('「配布情報」シートがありません');
  expect(fileHash(book)).toBe(hash);
});
