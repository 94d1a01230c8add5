/**
 * The zip package before exceljs (issue 13, item 8 and attack 3.3): a decompression bomb is refused from its
 * central directory, or after inflating no more than it declared when the directory lies, in a process whose memory
 * stays small; a real workbook's parts pass.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attack } from '../support/attack';
import { cli } from '../support/cli';
import { cliChild } from '../support/cli-child';
import { entriesOf, spacesDeflated, writeZip, type RawEntry } from '../support/zip-bomb';
import { markerScan, PACKAGE_LIMITS, readPackage } from '../../src/node/xlsx-package';

jest.setTimeout(120_000);

const JAPANESE = /[\u3040-\u30FF\u4E00-\u9FFF]/;
const GiB = 1024 ** 3;
/** A child that refuses a bomb needs the demo's parts and the Node runtime, nothing like the bomb's size. */
const RSS_BOUND = 300 * 1024 * 1024;

let root: string;
let demo: string;
let demoEntries: RawEntry[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shinchoku-package-'));
  demo = join(root, 'demo.xlsx');
  expect((await cli('init', demo, '--demo')).code).toBe(0);
  expect((await cli('rollup', demo)).code).toBe(0);
  demoEntries = await entriesOf(demo);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The demo with one more part that inflates to `mib` MiB of spaces, its directory declaring `declared` bytes. */
function bomb(name: string, mib: number, declared: number): string {
  const file = join(root, name);
  writeFileSync(file, writeZip([...demoEntries, { name: 'xl/worksheets/sheet99.xml', deflated: spacesDeflated(mib), declaredSize: declared }]));
  return file;
}

/** The demo with three more parts of 100 MiB each: every part under its limit, the sum over. */
function threeParts(): string {
  const file = join(root, 'three.xlsx');
  const part = (n: number) => ({ name: `xl/media/big${n}.bin`, deflated: spacesDeflated(100), declaredSize: 100 * 1024 * 1024 });
  writeFileSync(file, writeZip([...demoEntries, part(1), part(2), part(3)]));
  return file;
}

test('3.3: a zip bomb, its size declared or understated, is refused in bounded memory', async () => {
  const cases = [
    { file: bomb('declared.xlsx', 3 * 1024, 3 * GiB), what: 'declares 3 GiB' },
    { file: bomb('lying.xlsx', 3 * 1024, 4096), what: 'declares 4 KiB, inflates to 3 GiB' },
    { file: bomb('just-over.xlsx', 129, 129 * 1024 * 1024), what: 'one part of 129 MiB' },
    { file: threeParts(), what: 'three parts of 100 MiB each' },
  ];
  await attack('3.3', 'zip bomb: 3 MB that inflates to 3 GiB (declared or understated) — refused before exceljs', cases.length, async (i) => {
    const { file, what } = cases[i];
    const before = hash(file);
    const r = cliChild(['rollup', file]);
    if (r.code !== 2) return `${what}: exit ${r.code}`;
    if (!/大きすぎる|書かれている大きさより大きく展開されます/.test(r.err) || !JAPANESE.test(r.err)) return `${what}: message ${r.err}`;
    if (r.stderr.trim()) return `${what}: stray stderr ${r.stderr.slice(0, 200)}`;
    if (r.peakRss > RSS_BOUND) return `${what}: peak RSS ${Math.round(r.peakRss / 2 ** 20)} MB`;
    if (hash(file) !== before) return `${what}: file changed`;
    return undefined;
  });
});

test('a bomb file is small: the test is about inflation, not about reading a large file', () => {
  expect(readFileSync(join(root, 'lying.xlsx')).length).toBeLessThan(8 * 1024 * 1024);
});

test('too many entries are refused from the directory alone', async () => {
  const many = Array.from({ length: PACKAGE_LIMITS.entries + 1 }, (_, i) => ({ name: `x/${i}`, deflated: Buffer.from([3, 0]), declaredSize: 0 }));
  await expect(readPackage('many.xlsx', writeZip([...demoEntries, ...many]))).rejects.toThrow(/部分が 10,\d{3} 個/);
});

test('a real workbook passes, its data unchanged when nothing needs renaming', async () => {
  const data = readFileSync(demo);
  const pkg = await readPackage(demo, data);
  expect(pkg.data).toBe(data);
  expect(pkg.losses).toEqual([]);
});

test('an understated part that inflates only a little more is refused too (no slack)', async () => {
  const xml = Buffer.from('<worksheet/>'.padEnd(5000, ' '));
  const { deflateRawSync } = await import('node:zlib');
  const file = join(root, 'slightly.xlsx');
  writeFileSync(file, writeZip([...demoEntries, { name: 'xl/worksheets/sheet98.xml', deflated: deflateRawSync(xml), declaredSize: 4000 }]));
  const r = await cli('validate', file);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/sheet98\.xml が、ファイルに書かれている大きさより大きく展開されます/);
});

test('a marker split across two inflated chunks is counted once', () => {
  const marked = new Map<string, Map<string, number>>();
  const scan = markerScan('xl/worksheets/sheet1.xml', marked);
  for (const chunk of ['<worksheet><x14:sparkl', 'ineGroup a="1"/><x14:sparklineGroup ', 'b="2"/>']) scan(Buffer.from(chunk));
  expect(marked.get('xl/worksheets/sheet1.xml')?.get('スパークライン')).toBe(2);
});
