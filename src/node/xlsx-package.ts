/**
 * The .xlsx zip package before exceljs sees it: sizes checked (a zip bomb is refused before anything is inflated
 * into memory), sheet names Excel forbids named, the parts a save would lose listed (xlsx-losses.ts), and parts
 * exceljs would not find under their names (sheets not named sheetN.xml, openpyxl's comments and tables) renamed in
 * memory so that exceljs reads them and so keeps them.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as path from 'path';
import yauzl from 'yauzl';
import { UserError } from '../core/errors';
import { addLoss, drawingShapes, keptByExceljs, lostKind, SHEET_MARKERS, vmlControls, type Loss } from './xlsx-losses';

const MiB = 1024 * 1024;

/**
 * What a workbook may inflate to. exceljs holds a loaded workbook in ≈ 15× its XML (the bench's largest plan, 50 tabs
 * × 1,000 indicators: 67 MB of XML, largest sheet 31 MB, 1.0 GB peak RSS), so 256 MiB of XML is ≈ 4 GB: the most an
 * office PC with 8 GB can lend, and 4× the largest plan the bench runs. One part stays well under V8's longest string
 * (512 Mi characters: exceljs reads each part into one string). Entries: a workbook of 1,000 sheets has ≈ 2,000.
 */
export const PACKAGE_LIMITS = { totalBytes: 256 * MiB, partBytes: 128 * MiB, entries: 10_000 };

/** A package ready for exceljs, and what a save of it would lose. */
export interface XlsxPackage {
  /** The bytes to load: the file's own, or a copy with parts renamed as exceljs expects. */
  data: Buffer;
  losses: Loss[];
}

const mb = (bytes: number) => `${Math.ceil(bytes / MiB).toLocaleString('en-US')} MB`;

function tooBig(file: string, what: string): UserError {
  return new UserError(
    `${file} は大きすぎるため開きません（${what}）。ブックが本当にこの大きさなら、不要なシートを別のブックに移してください。壊れたファイルや、開くとメモリを使い果たすように作られたファイルのこともあります`,
  );
}

function overstated(file: string, part: string): UserError {
  return new UserError(
    `${file} は開きません。${part} が、ファイルに書かれている大きさより大きく展開されます（壊れたファイルか、開くとメモリを使い果たすように作られたファイルです）`,
  );
}

/** Parts read as text to find sheets, relationships and what a save would lose. */
const wantedText = (name: string) =>
  /\.(rels|vml)$/.test(name) || /^(\[Content_Types\]|xl\/workbook|docProps\/custom)\.xml$/.test(name) || /^xl\/(drawings\/[^/]+|comments[^/]*|comments\/[^/]+|tables\/[^/]+)\.xml$/.test(name);

function openZip(data: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    // Names are decoded as JSZip (exceljs's reader) decodes them, and not refused as yauzl would refuse a leading
    // "/" (exceljs reads such parts).
    yauzl.fromBuffer(data, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false }, (e, zip) => (e || !zip ? reject(e) : resolve(zip))),
  );
}

/** An entry's name, read undecoded (decodeStrings: false) as JSZip reads it: UTF-8. */
const nameOf = (entry: yauzl.Entry) => (entry.fileName as unknown as Buffer).toString('utf8');

/** The central directory's entries, refused past the limits by what they declare (nothing inflated yet). */
function listEntries(file: string, zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  if (zip.entryCount > PACKAGE_LIMITS.entries) throw tooBig(file, `部分が ${zip.entryCount.toLocaleString('en-US')} 個あります。上限は ${PACKAGE_LIMITS.entries.toLocaleString('en-US')} 個`);
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    let total = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      if (entry.uncompressedSize > PACKAGE_LIMITS.partBytes)
        return reject(tooBig(file, `${nameOf(entry)} が展開すると ${mb(entry.uncompressedSize)} になります。1 つの部分の上限は ${mb(PACKAGE_LIMITS.partBytes)}`));
      if (total > PACKAGE_LIMITS.totalBytes) return reject(tooBig(file, `展開すると ${mb(total)} 以上になります。上限は ${mb(PACKAGE_LIMITS.totalBytes)}`));
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * Inflates an entry, discarding it unless `keep`. yauzl stops the stream with an error as soon as it yields more than
 * the entry declares, so a bomb whose directory understates its sizes costs no more than what it declared.
 */
function inflate(file: string, zip: yauzl.ZipFile, entry: yauzl.Entry, keep: boolean, scan?: (chunk: Buffer) => void): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (e, stream) => {
      if (e || !stream) return reject(e);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        if (keep) chunks.push(c);
        scan?.(c);
      });
      stream.on('error', (err: Error) => {
        stream.destroy();
        reject(/too many bytes/.test(err.message) ? overstated(file, nameOf(entry)) : err);
      });
      stream.on('end', () => resolve(keep ? Buffer.concat(chunks) : undefined));
    });
  });
}

/** XML attributes of one start tag (prefixes dropped: `r:id` is `id`), entities decoded. */
function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1].replace(/^[\w.-]+:/, '')] = decodeXml(m[2] ?? m[3]);
  return out;
}

function decodeXml(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex: string, dec: string, named: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[named.toLowerCase()],
  );
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

interface Rel {
  id: string;
  /** The type's last segment (worksheet, comments …); `typeUri` is the whole. */
  type: string;
  typeUri: string;
  /** The part it points at (a package part name without the leading slash), or the raw target when external. */
  target: string;
  external: boolean;
}

const relsName = (part: string) => path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);

function parseRels(part: string, xml: string | undefined): Rel[] {
  if (!xml) return [];
  const dir = path.posix.dirname(part);
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => {
    const a = attrs(m[0]);
    const external = a.TargetMode === 'External';
    const raw = a.Target ?? '';
    const target = external ? raw : raw.startsWith('/') ? path.posix.normalize(raw.slice(1)) : path.posix.normalize(path.posix.join(dir, raw));
    return { id: a.Id ?? '', type: (a.Type ?? '').replace(/^.*\//, ''), typeUri: a.Type ?? '', target, external };
  });
}

/** Relationships written back, targets relative to the part's own folder (the form exceljs looks them up by). */
function writeRels(part: string, rels: Rel[]): string {
  const dir = path.posix.dirname(part);
  const items = rels.map((r) => {
    const target = r.external ? r.target : path.posix.relative(dir, r.target);
    return `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.typeUri)}" Target="${escapeXml(target)}"${r.external ? ' TargetMode="External"' : ''}/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;
}

interface SheetRef {
  name: string;
  part: string | undefined;
  type: string;
  relId: string;
}

/**
 * Why Excel refuses a sheet name (undefined when it takes it): 1–31 characters, none of : \\ / ? * [ ], no ' at
 * either end, not History. exceljs throws on most and truncates long ones with an English console warning.
 */
export function excelSheetNameProblem(name: string): string | undefined {
  if (name.length === 0) return '名前が空です';
  if (name.length > 31) return `${name.length} 文字あります（31 文字まで）`;
  if (/[:\\/?*[\]]/.test(name)) return ': \\ / ? * [ ] のどれかを含みます';
  if (/^'|'$/.test(name)) return "先頭か末尾が ' です";
  if (name.toLowerCase() === 'history') return 'History は Excel が予約している名前です';
  return undefined;
}

/** A sheet name of a file being opened: Excel's rules, and no other sheet of the same name but for case. */
function sheetNameProblem(name: string, seen: Set<string>): string | undefined {
  const problem = excelSheetNameProblem(name);
  if (problem) return problem;
  if (seen.has(name.toLowerCase())) return 'ほかのシートと同じ名前です（大文字・小文字の違いだけ）';
  return undefined;
}

/**
 * Where exceljs looks for what a worksheet's relationships point at: it keys comments, notes' VML and tables by
 * these names (lib/xlsx/xlsx.js), and fails on a sheet whose relationship points elsewhere (openpyxl's
 * xl/comments/comment1.xml).
 */
const CANONICAL: Record<string, { re: RegExp; make: (n: number) => string }> = {
  comments: { re: /^xl\/comments\d+\.xml$/, make: (n) => `xl/comments${n}.xml` },
  vmlDrawing: { re: /^xl\/drawings\/vmlDrawing\d+\.vml$/, make: (n) => `xl/drawings/vmlDrawing${n}.vml` },
  table: { re: /^xl\/tables\/table\d+\.xml$/, make: (n) => `xl/tables/table${n}.xml` },
  worksheet: { re: /^xl\/worksheets\/sheet\d+\.xml$/, make: (n) => `xl/worksheets/sheet${n}.xml` },
};

/** Refuses, before reading it, a file larger than anything it may inflate to. */
export function checkFileSize(file: string, bytes: number): void {
  if (bytes > PACKAGE_LIMITS.totalBytes) throw tooBig(file, `ファイルが ${mb(bytes)} あります。上限は ${mb(PACKAGE_LIMITS.totalBytes)}`);
}

/** Reads, checks and prepares the package of `file` (already read into `data`). Throws a UserError when refused. */
export async function readPackage(file: string, data: Buffer): Promise<XlsxPackage> {
  checkFileSize(file, data.length);
  const zip = await openZip(data);
  const texts = new Map<string, string>();
  const names = new Set<string>();
  const marked = new Map<string, Map<string, number>>();
  try {
    const entries = await listEntries(file, zip);
    for (const entry of entries) {
      const name = nameOf(entry).replace(/^\//, '');
      if (name.endsWith('/')) continue;
      names.add(name);
      const scan = /^xl\/[^/]+\/[^/]+\.xml$/.test(name) && !wantedText(name) ? markerScan(name, marked) : undefined;
      const bytes = await inflate(file, zip, entry, wantedText(name), scan);
      if (bytes) texts.set(name, bytes.toString('utf8'));
    }
  } finally {
    zip.close();
  }
  return prepare(file, data, names, texts, marked);
}

/**
 * Counts SHEET_MARKERS in a part as it streams by. The text carried over from the previous chunk is shorter than any
 * marker, so a marker split across chunks is counted once.
 */
export function markerScan(part: string, marked: Map<string, Map<string, number>>): (chunk: Buffer) => void {
  const longest = Math.max(...SHEET_MARKERS.map(([m]) => m.length));
  let carry = '';
  return (chunk) => {
    const text = carry + chunk.toString('latin1');
    for (const [marker, kind] of SHEET_MARKERS) {
      let n = 0;
      for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) n++;
      if (!n) continue;
      const counts = marked.get(part) ?? new Map<string, number>();
      counts.set(kind, (counts.get(kind) ?? 0) + n);
      marked.set(part, counts);
    }
    carry = text.slice(-(longest - 1));
  };
}

async function prepare(file: string, data: Buffer, names: Set<string>, texts: Map<string, string>, marked: Map<string, Map<string, number>>): Promise<XlsxPackage> {
  const bookRels = parseRels('xl/workbook.xml', texts.get('xl/_rels/workbook.xml.rels'));
  const byId = new Map(bookRels.map((r) => [r.id, r]));
  const sheets: SheetRef[] = [...(texts.get('xl/workbook.xml') ?? '').matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => {
    const a = attrs(m[0]);
    const rel = byId.get(a.id ?? '');
    return { name: a.name ?? '', part: rel && !rel.external ? rel.target : undefined, type: rel?.type ?? '', relId: a.id ?? '' };
  });

  const seen = new Set<string>();
  const problems: string[] = [];
  for (const s of sheets) {
    const problem = sheetNameProblem(s.name, seen);
    if (problem) problems.push(`「${s.name}」: ${problem}`);
    seen.add(s.name.toLowerCase());
  }
  if (problems.length)
    throw new UserError(`${file} には Excel で使えないシート名があるため開きません。${problems.join('、')}。Excel などでシート名を変えてから、もう一度実行してください`);

  // Renames (old part → new) so that exceljs finds every worksheet and what its sheets point at.
  const renames = new Map<string, string>();
  const taken = new Set(names);
  const fresh = (kind: string) => {
    const c = CANONICAL[kind];
    for (let n = 1; ; n++) if (!taken.has(c.make(n))) return taken.add(c.make(n)), c.make(n);
  };
  const rewritten = new Map<string, string>();
  let bookRelsChanged = false;
  for (const s of sheets) {
    if (s.type !== 'worksheet' || !s.part || !names.has(s.part) || CANONICAL.worksheet.re.test(s.part)) continue;
    const to = fresh('worksheet');
    renames.set(s.part, to);
    byId.get(s.relId)!.target = to;
    s.part = to;
    bookRelsChanged = true;
  }
  if (bookRelsChanged) rewritten.set('xl/_rels/workbook.xml.rels', writeRels('xl/workbook.xml', bookRels));

  const originalOf = (part: string) => [...renames].find(([, to]) => to === part)?.[0] ?? part;
  const owner = new Map<string, string>();
  const reach = (part: string, sheet: string) => {
    if (owner.has(part)) return;
    owner.set(part, sheet);
    for (const r of parseRels(part, texts.get(relsName(part)))) if (!r.external) reach(r.target, sheet);
  };
  for (const s of sheets) if (s.part) reach(originalOf(s.part), s.name);

  for (const s of sheets) {
    if (s.type !== 'worksheet' || !s.part) continue;
    const original = originalOf(s.part);
    const rels = parseRels(original, texts.get(relsName(original)));
    let changed = original !== s.part;
    for (const r of rels) {
      const c = CANONICAL[r.type];
      if (r.external || !c || !names.has(r.target) || c.re.test(r.target) || r.type === 'worksheet') continue;
      const to = renames.get(r.target) ?? fresh(r.type);
      renames.set(r.target, to);
      if (owner.has(r.target)) owner.set(to, owner.get(r.target)!);
      r.target = to;
      changed = true;
    }
    // exceljs looks relationships up by the relative form (../comments1.xml); openpyxl writes absolute targets.
    if (changed || /Target="\//.test(texts.get(relsName(original)) ?? '')) {
      rewritten.set(relsName(s.part), writeRels(s.part, rels));
      if (original !== s.part) renames.set(relsName(original), relsName(s.part));
    }
  }

  const losses = new Map<string, Loss>();
  const sheetOf = (part: string) => owner.get(part);
  for (const name of names) {
    const now = renames.get(name) ?? name;
    if (renames.has(name) && now.endsWith('.rels')) continue;
    const kind = lostKind(now);
    // LibreOffice writes an empty docProps/custom.xml into every file: only properties in it are a loss.
    if (now === 'docProps/custom.xml') {
      const properties = (texts.get(name)?.match(/<(?:\w+:)?property\b/g) ?? []).length;
      if (properties) addLoss(losses, kind!, undefined, properties);
      continue;
    }
    if (kind) addLoss(losses, kind, kind === 'グラフシート' || kind === 'シート' ? sheets.find((s) => s.part === now || s.part === name)?.name : sheetOf(name));
    const text = texts.get(name);
    if (!text || !keptByExceljs(now)) continue;
    if (/^xl\/drawings\/[^/]+\.xml$/.test(now)) {
      const shapes = drawingShapes(text);
      if (shapes) addLoss(losses, '図形', sheetOf(name), shapes);
      // exceljs reads drawings only under the xdr: prefix Excel uses; another prefix (openpyxl's default namespace)
      // reads as an empty drawing (loadPackage), so its pictures are not written back.
      const pictures = (text.match(/<(?:\w+:)?pic\b/g) ?? []).length;
      if (pictures && !/<xdr:wsDr\b/.test(text)) addLoss(losses, '画像', sheetOf(name), pictures);
    }
    if (/^xl\/tables\/table\d+\.xml$/.test(now) && !/<(?:\w+:)?tableStyleInfo\b/.test(text)) {
      // exceljs fails writing a table it read without a style (openpyxl's default); "no style" said explicitly.
      rewritten.set(now, text.replace(/<\/((?:\w+:)?)table>\s*$/, (end, p: string) => `<${p}tableStyleInfo showFirstColumn="0" showLastColumn="0" showRowStripes="0" showColumnStripes="0"/>${end}`));
    }
    if (/^xl\/comments\d+\.xml$/.test(now)) {
      // exceljs reads a note's text from its runs (<r>) only; a note of plain text (<text><t>, as openpyxl writes)
      // loads empty and is not written back.
      const plain = (text.match(/<(?:\w+:)?comment\b[\s\S]*?<\/(?:\w+:)?comment>/g) ?? []).filter((c) => !/<(?:\w+:)?r>/.test(c)).length;
      if (plain) addLoss(losses, 'メモ', sheetOf(name), plain);
    }
    if (now.endsWith('.vml')) {
      const controls = vmlControls(text);
      if (controls) addLoss(losses, 'フォーム コントロール', sheetOf(name), controls);
    }
  }
  for (const s of sheets) if (s.type === 'worksheet' && (!s.part || !names.has(originalOf(s.part)))) addLoss(losses, 'シート', s.name);
  for (const [part, counts] of marked) {
    if (!keptByExceljs(renames.get(part) ?? part)) continue; // the part itself is counted as lost
    for (const [kind, n] of counts) addLoss(losses, kind, sheetOf(part), n);
  }

  if (renames.size === 0 && rewritten.size === 0) return { data, losses: [...losses.values()] };
  return { data: await renamed(data, renames, rewritten), losses: [...losses.values()] };
}

/** A copy of the package with parts renamed and some rewritten ([Content_Types].xml follows the renames). */
async function renamed(data: Buffer, renames: Map<string, string>, rewritten: Map<string, string>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(data);
  for (const [from, to] of renames) {
    const f = zip.file(from);
    if (!f) continue;
    zip.file(to, await f.async('nodebuffer'));
    zip.remove(from);
  }
  for (const [name, text] of rewritten) zip.file(name, text);
  const types = zip.file('[Content_Types].xml');
  if (types) {
    let xml = await types.async('string');
    for (const [from, to] of renames) xml = xml.split(`PartName="/${from}"`).join(`PartName="/${to}"`);
    zip.file('[Content_Types].xml', xml);
  }
  // Parts not renamed keep their compressed bytes (JSZip copies them when the method is the same).
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

type DrawingLoader = {
  _processDrawingEntry(entry: unknown, model: { drawings: Record<string, unknown> }, name: string): Promise<void>;
};

/**
 * Loads the package into a fresh exceljs workbook. A drawing exceljs cannot parse becomes an empty one rather than
 * failing the whole load ("Cannot read properties of undefined (reading 'anchors')"); readPackage has counted what
 * it held. exceljs's English console warnings are not for the people running the command (readPackage has already
 * refused the names it warns about).
 */
export async function loadPackage(pkg: XlsxPackage): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const xlsx = wb.xlsx as unknown as DrawingLoader;
  const parse = xlsx._processDrawingEntry;
  xlsx._processDrawingEntry = async function (this: DrawingLoader, entry, model, name) {
    await parse.call(this, entry, model, name);
    model.drawings[name] ??= { anchors: [] };
  };
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    await wb.xlsx.load(pkg.data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } finally {
    console.warn = warn;
  }
  return wb;
}
