/**
 * Hostile XML inside an .xlsx (attack report 3.1, 3.2): an external entity pointing at a local file (XXE) in a sheet
 * part and in sharedStrings.xml, and nested entities (billion laughs). The parser exceljs uses (saxes) does not
 * resolve external entities or expand user entities; these tests keep it so: the secret never reaches any output
 * and the book is refused in Japanese, untouched.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attack } from '../support/attack';
import { cli } from '../support/cli';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'shinchoku-xml-'));
const secret = join(dir, 'secret.txt');
const MARKER = 'SECRET-MARKER-7f3a';
writeFileSync(secret, MARKER);
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let demo = '';
beforeAll(async () => {
  demo = join(dir, 'demo.xlsx');
  expect((await cli('init', demo, '--demo')).code).toBe(0);
});

/** A copy of the demo book with one part's XML rewritten. */
async function withPart(name: string, part: RegExp, rewrite: (xml: string) => string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(demo));
  const file = zip.file(part)[0];
  zip.file(file.name, rewrite(await file.async('string')));
  const out = join(dir, name);
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return out;
}

/** A DOCTYPE declaring `decl` right after the XML declaration, and `use` put into the first text or value. */
function inject(xml: string, decl: string, use: string, root: string): string {
  const withDoctype = xml.replace(/^(<\?xml[^>]*\?>)?/, (d) => `${d}<!DOCTYPE ${root} [${decl}]>`);
  return withDoctype.replace(/<t( [^>]*)?>/, (t) => `${t}${use}`);
}

const XXE = `<!ENTITY xxe SYSTEM "file://${secret}">`;
const LAUGHS = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)].join('');

test('XXE in a sheet part and in sharedStrings.xml, billion laughs: refused in Japanese, no secret read, file untouched', async () => {
  const cases: [string, () => Promise<string>][] = [
    ['xxe-strings.xlsx', () => withPart('xxe-strings.xlsx', /sharedStrings\.xml$/, (x) => inject(x, XXE, '&xxe;', 'sst'))],
    ['xxe-sheet.xlsx', () => withPart('xxe-sheet.xlsx', /worksheets\/sheet3\.xml$/, (x) => x.replace(/^(<\?xml[^>]*\?>)?/, (d) => `${d}<!DOCTYPE worksheet [${XXE}]>`).replace('<sheetData>', '<sheetData><row r="999"><c r="A999" t="inlineStr"><is><t>&xxe;</t></is></c></row>'))],
    ['laughs.xlsx', () => withPart('laughs.xlsx', /sharedStrings\.xml$/, (x) => inject(x, LAUGHS, '&lol9;', 'sst'))],
  ];
  await attack('3.1', 'XXE (a file:// entity in sharedStrings.xml and in a sheet part) and billion laughs (10 levels)', cases.length, async (i) => {
    const file = await cases[i][1]();
    const before = hash(file);
    for (const args of [['validate', file], ['rollup', file], ['rollup', file, '--json']]) {
      const r = await cli(...args);
      if (`${r.out}${r.err}`.includes(MARKER)) return `${args[0]}: the secret reached the output`;
      if (r.code === 0) return `${args.join(' ')}: exit 0 on a hostile file`;
      if (!/[ぁ-ん]/.test(r.err)) return `${args[0]}: message not in Japanese: ${r.err.slice(0, 80)}`;
      if (r.err.includes('lollollol')) return `${args[0]}: entities expanded`;
    }
    return hash(file) === before ? undefined : 'the file changed';
  });
});
