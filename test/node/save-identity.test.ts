/**
 * A save keeps the workbook's identity (issue 13, item 5): the real file behind a symlink is the one updated, its
 * permission bits stay, a read-only book is refused untouched, and a file planted under the temporary name a save
 * used to pick (`.<name>.<pid>.tmp`) is never written through. Real .xlsx files through the command line.
 */
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { attack } from '../support/attack';
import { cli } from '../support/cli';

jest.setTimeout(60_000);

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function demoBook(dir: string): Promise<string> {
  const book = join(dir, 'plan.xlsx');
  expect((await cli('init', book, '--demo')).code).toBe(0);
  return book;
}

async function sheetNames(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((w) => w.name);
}

const mode = (file: string) => statSync(file).mode & 0o777;

test('a book reached through a symlink: the real file is updated and the link stays a link', async () => {
  await attack('1.15', 'a symlinked book: rollup updates the real file, the link stays', 1, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shinchoku-save-'));
    mkdirSync(join(dir, 'real'));
    const real = await demoBook(join(dir, 'real'));
    const link = join(dir, 'link.xlsx');
    symlinkSync(real, link);
    const r = await cli('rollup', link);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(await sheetNames(real)).toContain('達成状況');
    // Nothing left beside the link or the real file.
    expect(readdirSync(dir).sort()).toEqual(['link.xlsx', 'real']);
    expect(readdirSync(join(dir, 'real')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    return undefined;
  });
});

test('the permission bits of the book are kept (0600 stays 0600, 0640 stays 0640)', async () => {
  await attack('1.9', 'a private book (0600, 0640): rollup keeps its permission bits', 1, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shinchoku-save-'));
    const book = await demoBook(dir);
    for (const bits of [0o600, 0o640]) {
      chmodSync(book, bits);
      expect((await cli('rollup', book)).code).toBe(0);
      expect(mode(book)).toBe(bits);
    }
    return undefined;
  });
});

test('a read-only book is refused in Japanese and left byte-identical', async () => {
  await attack('1.8', 'a read-only book: rollup, setup, close-year refuse and leave it byte-identical', 1, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shinchoku-save-'));
    const book = await demoBook(dir);
    chmodSync(book, 0o444);
    const before = hash(book);
    for (const args of [['rollup', book], ['setup', book], ['close-year', book, '2020']]) {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.err).toContain('読み取り専用のため保存しません');
      expect(hash(book)).toBe(before);
    }
    // --out writes elsewhere, as the message says.
    const out = join(dir, 'out.xlsx');
    expect((await cli('rollup', book, '--out', out)).code).toBe(0);
    expect(await sheetNames(out)).toContain('達成状況');
    expect(hash(book)).toBe(before);
    return undefined;
  });
});

test('a symlink planted under the old, guessable temporary name is not written through', async () => {
  await attack('1.17', 'a symlink planted under the old temporary name is not written through', 1, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shinchoku-save-'));
    const book = await demoBook(dir);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'do not touch');
    // The in-process command line runs with this process's pid: the name a save used to write to.
    symlinkSync(victim, join(dir, `.plan.xlsx.${process.pid}.tmp`));
    expect((await cli('rollup', book)).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('do not touch');
    expect(await sheetNames(book)).toContain('達成状況');
    return undefined;
  });
});

test('a save over a book another program changed since it was read is refused, and the other change is kept', async () => {
  await attack('1.21', 'another program saves the book between our open and save: refused, its change kept', 1, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shinchoku-save-'));
    const book = await demoBook(dir);
    const mine = await XlsxWorkbook.open(book);
    // Another program saves the book meanwhile (as Excel would: a new file renamed over it).
    const theirs = await XlsxWorkbook.open(book);
    theirs.appendLog([['2026-12-01 10:00', 'ほかのプログラム', '', '', '', '', '']]);
    await theirs.save(book);
    const after = hash(book);
    mine.appendLog([['2026-12-01 10:01', 'このプログラム', '', '', '', '', '']]);
    await expect(mine.save(book)).rejects.toThrow('読み込んだ後に別のプログラム');
    expect(hash(book)).toBe(after);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Saving to another file is not blocked, and a book saved by this workbook may be saved again.
    await mine.save(join(dir, 'copy.xlsx'));
    await mine.save(join(dir, 'copy.xlsx'));
    return undefined;
  });
});
