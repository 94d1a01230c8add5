/**
 * Messages that name the actual problem (issue 13, item 9; attacks 3.7, 1.10, 1.12): sheet names Excel forbids
 * already in the file, a folder that cannot be written, a file size limit. Run in child processes, so that what a
 * library prints on the process's own stderr is seen too.
 */
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attack } from '../support/attack';
import { cli } from '../support/cli';
import { cliChild } from '../support/cli-child';

jest.setTimeout(120_000);

let root: string;
let demo: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shinchoku-messages-'));
  chmodSync(root, 0o755);
  demo = join(root, 'demo.xlsx');
  expect((await cli('init', demo, '--demo')).code).toBe(0);
  expect((await cli('rollup', demo)).code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The demo with its sheet 検証結果 renamed to `name` in workbook.xml. */
async function withSheetName(name: string, file: string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(demo));
  const book = await zip.file('xl/workbook.xml')!.async('string');
  zip.file('xl/workbook.xml', book.replace('name="検証結果"', `name="${escapeXml(name)}"`));
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

test('3.7: sheet names Excel forbids are named as such, with no English on stderr', async () => {
  const cases: [string, RegExp][] = [
    ['a:b', /「a:b」: : \\ \/ \? \* \[ \] のどれかを含みます/],
    ['x/y', /「x\/y」: : \\ \/ \? \* \[ \] のどれかを含みます/],
    ['Q?', /「Q\?」: /],
    ['長い名前'.repeat(10), /40 文字あります（31 文字まで）/],
    ['History', /History は Excel が予約している名前です/],
    ["'quoted'", /先頭か末尾が ' です/],
  ];
  await attack('3.7', "sheet names Excel forbids already in the file (a:b, x/y, Q?, 40 characters, History, 'quoted')", cases.length, async (i) => {
    const [name, expected] = cases[i];
    const file = join(root, `bad-${i}.xlsx`);
    await withSheetName(name, file);
    const before = hash(file);
    const r = cliChild(['rollup', file]);
    if (r.code !== 2) return `${name}: exit ${r.code}`;
    if (!expected.test(r.err) || !/Excel で使えないシート名があるため開きません/.test(r.err)) return `${name}: ${r.err}`;
    if (/壊れている/.test(r.err)) return `${name}: called broken`;
    if (r.stderr.trim()) return `${name}: stderr ${r.stderr.slice(0, 200)}`;
    if (hash(file) !== before) return `${name}: file changed`;
    return undefined;
  });
});

test('1.10: a folder that cannot be written is named, not blamed on Excel', async () => {
  const dir = join(root, 'locked');
  mkdirSync(dir);
  const book = join(dir, 'book.xlsx');
  copyFileSync(demo, book);
  chmodSync(book, 0o666);
  chmodSync(dir, 0o555);
  const before = hash(book);
  // As a user without rights on the folder (root writes anywhere): the command line, and the save on its own.
  const runs = [cliChild(['rollup', book], { uid: 65534 }), cliChild(['--copy', book, join(dir, 'copy.xlsx')], { uid: 65534 })];
  await attack('1.10', 'read-only folder (0555, another user) — file unchanged, message names the folder', runs.length, async (i) => {
    const r = runs[i];
    if (r.code !== 2) return `exit ${r.code}`;
    if (!/フォルダ.*書き込めません/.test(r.err) || /Excel/.test(r.err)) return r.err;
    if (hash(book) !== before) return 'file changed';
    return undefined;
  });
});

test('1.12: a file size limit (ulimit -f) gets a Japanese message, not a bare code', async () => {
  const book = join(root, 'limited.xlsx');
  copyFileSync(demo, book);
  const before = hash(book);
  await attack('1.12', '`ulimit -f 40; shinchoku rollup book.xlsx` — file unchanged, message in Japanese', 1, async () => {
    const r = cliChild(['rollup', book], { shell: 'ulimit -f 40;' });
    if (r.code !== 2) return `exit ${r.code}`;
    if (!/大きさの上限（ulimit -f など）を超えます/.test(r.err) || /（EFBIG）/.test(r.err)) return r.err;
    if (hash(book) !== before) return 'file changed';
    return undefined;
  });
});
