/**
 * The workbook lock (book-lock.ts) in one process: waiting with a Japanese line, giving up with a message naming the
 * file, taking over a dead process's lock, cleaning up killed saves' temporary files, locking the real file behind a
 * symlink; and the command line's --out for setup, close-year and reopen-year (the original unchanged).
 * Races between separate processes are in lock-race.test.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/core/errors';
import { SHEET } from '../../src/core/layout/sheet-names';
import { lockPathOf, realBookPath, withBookLock } from '../../src/node/book-lock';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { cli } from '../support/cli';

jest.setTimeout(60_000);

const dir = () => mkdtempSync(join(tmpdir(), 'shinchoku-lock-'));
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

test('a second job waits for the first, says so once in Japanese, and then runs', async () => {
  const file = join(dir(), 'book.xlsx');
  writeFileSync(file, 'x');
  const order: string[] = [];
  const waits: string[] = [];
  const first = withBookLock(file, async () => {
    order.push('first start');
    await sleep(600);
    order.push('first end');
  });
  await sleep(50);
  const second = withBookLock(file, async () => void order.push('second'), { onWait: (m) => waits.push(m) });
  await Promise.all([first, second]);
  expect(order).toEqual(['first start', 'first end', 'second']);
  expect(waits).toEqual([`ほかの処理（shinchoku）が ${file} を使用中です。終わるのを待っています…`]);
  expect(existsSync(lockPathOf(file))).toBe(false);
});

test('a job that waited too long gives up with a message naming the file and does not run', async () => {
  const file = join(dir(), 'book.xlsx');
  writeFileSync(file, 'x');
  let release!: () => void;
  const held = withBookLock(file, () => new Promise<void>((ok) => (release = ok)));
  await sleep(50);
  let ran = false;
  const e = await withBookLock(file, async () => void (ran = true), { waitMs: 400 }).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).toContain(`${file} はほかの処理（shinchoku のコマンドかプレビュー）が使用中のため`);
  expect((e as Error).message).toContain('何も変更していません');
  expect(ran).toBe(false);
  release();
  await held;
});

test('a lock left by a killed process is taken over once stale, and its orphan temporary files are removed', async () => {
  const d = dir();
  const file = join(d, 'book.xlsx');
  writeFileSync(file, 'x');
  mkdirSync(lockPathOf(file));
  const old = new Date(Date.now() - 5 * 60_000);
  utimesSync(lockPathOf(file), old, old);
  writeFileSync(join(d, '.book.xlsx.0123456789abcdef.tmp'), 'killed save');
  writeFileSync(join(d, '.book.xlsx.4242.tmp'), 'killed save, old naming');
  symlinkSync(join(d, 'book.xlsx'), join(d, '.book.xlsx.fedcba9876543210.tmp'));
  writeFileSync(join(d, '.other.xlsx.0123456789abcdef.tmp'), 'another book');
  const waits: string[] = [];
  await withBookLock(file, async () => undefined, { onWait: (m) => waits.push(m) });
  expect(waits).toEqual([]);
  // Only the book's own regular temporary files go; a symlink under such a name was not made by a save.
  expect(readdirSync(d).sort()).toEqual(['.book.xlsx.fedcba9876543210.tmp', '.other.xlsx.0123456789abcdef.tmp', 'book.xlsx']);
});

test('a fresh lock is not taken over', async () => {
  const file = join(dir(), 'book.xlsx');
  writeFileSync(file, 'x');
  mkdirSync(lockPathOf(file));
  const e = await withBookLock(file, async () => undefined, { waitMs: 300 }).catch((err: unknown) => err);
  expect((e as Error).message).toContain('使用中');
  expect(existsSync(lockPathOf(file))).toBe(true);
});

test('a symlinked book and a new file in a symlinked folder lock the real path', async () => {
  const d = dir();
  mkdirSync(join(d, 'real'));
  writeFileSync(join(d, 'real', 'book.xlsx'), 'x');
  symlinkSync(join(d, 'real', 'book.xlsx'), join(d, 'link.xlsx'));
  symlinkSync(join(d, 'real'), join(d, 'alias'));
  const real = await realBookPath(join(d, 'real', 'book.xlsx'));
  expect(await realBookPath(join(d, 'link.xlsx'))).toBe(real);
  expect(await realBookPath(join(d, 'alias', 'new.xlsx'))).toBe(join(real, '..', 'new.xlsx'));
  let inside = false;
  await withBookLock(join(d, 'link.xlsx'), async () => {
    inside = existsSync(lockPathOf(real));
  });
  expect(inside).toBe(true);
});

test('the command line waits for a job holding the book, with a Japanese line on stderr, and then saves', async () => {
  const d = dir();
  const book = join(d, 'plan.xlsx');
  expect((await cli('init', book, '--demo')).code).toBe(0);
  let release!: () => void;
  const held = withBookLock(book, () => new Promise<void>((ok) => (release = ok)));
  await sleep(50);
  const rollup = cli('rollup', book);
  await sleep(400);
  release();
  await held;
  const r = await rollup;
  expect(r.code).toBe(0);
  expect(r.err).toContain(`ほかの処理（shinchoku）が ${book} を使用中です。終わるのを待っています…`);
  expect((await XlsxWorkbook.open(book)).sheetNames()).toContain(SHEET.summary);
});

test('two inits of one new book at once: one creates it, the other refuses and does not overwrite it', async () => {
  const book = join(dir(), 'new', 'plan.xlsx');
  const runs = await Promise.all([cli('init', book, '--demo'), cli('init', book)]);
  expect(runs.map((r) => r.code).sort()).toEqual([0, 2]);
  expect(runs.find((r) => r.code === 2)!.err).toContain('すでにあります');
  const made = runs.findIndex((r) => r.code === 0);
  // The --demo run has department tabs; the plain one has none.
  expect((await XlsxWorkbook.open(book)).sheetNames().includes('税制課')).toBe(made === 0);
});

describe('--out for setup, close-year and reopen-year', () => {
  test('each saves its result to the other file and leaves the book unchanged', async () => {
    const d = dir();
    const book = join(d, 'plan.xlsx');
    expect((await cli('init', book, '--demo')).code).toBe(0);
    const original = hash(book);

    const setupOut = join(d, 'setup.xlsx');
    const s = await cli('setup', book, '--out', setupOut);
    expect(s.code).toBe(0);
    expect(s.out).toContain(`保存先: ${setupOut}`);
    expect((await XlsxWorkbook.open(setupOut)).sheetNames()).toContain(SHEET.log);

    const closed = join(d, 'closed.xlsx');
    const c = await cli('close-year', book, '2020', '--out', closed);
    expect(c.code).toBe(0);
    expect(c.out).toContain('確定しました');
    expect(c.out).toContain(`保存先: ${closed}`);
    const closedBook = await XlsxWorkbook.open(closed);
    expect(closedBook.sheetNames()).toEqual(expect.arrayContaining([SHEET.yearClose, `${SHEET.summary}_2020年度`]));

    const reopened = join(d, 'reopened.xlsx');
    const o = await cli('reopen-year', closed, '2020', '--reason', '数値の訂正', '--out', reopened);
    expect(o.code).toBe(0);
    expect(o.out).toContain(`保存先: ${reopened}`);
    const rows = (await XlsxWorkbook.open(reopened)).readSheet(SHEET.yearClose)!.values.flat().map(String);
    expect(rows).toContain('数値の訂正');

    expect(hash(book)).toBe(original);
    expect((await XlsxWorkbook.open(book)).sheetNames()).not.toContain(SHEET.yearClose);
    expect((await XlsxWorkbook.open(closed)).readSheet(SHEET.yearClose)!.values.flat().map(String)).not.toContain('数値の訂正');
  });

  test('--out naming the book itself saves in place, with no extra line', async () => {
    const d = dir();
    const book = join(d, 'plan.xlsx');
    expect((await cli('init', book, '--demo')).code).toBe(0);
    const c = await cli('close-year', book, '2020', '--out', book);
    expect(c.code).toBe(0);
    expect(c.out).not.toContain('保存先');
    expect((await XlsxWorkbook.open(book)).sheetNames()).toContain(SHEET.yearClose);
  });
});
