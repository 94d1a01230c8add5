/**
 * Parts exceljs cannot keep (issue 13, item 4 second half; attacks 1.20, 3.8, 3.9). The list in
 * src/node/xlsx-losses.ts is checked against exceljs itself: a workbook holding every kind of part goes through a
 * load → save round trip (`rollup --out`), and what the saved file still holds must be exactly what the list calls
 * kept. Such a workbook is read and saved elsewhere, never over itself.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attack } from '../support/attack';
import { cli } from '../support/cli';
import { keptByExceljs, lostKind } from '../../src/node/xlsx-losses';
import { readPackage } from '../../src/node/xlsx-package';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';

jest.setTimeout(60_000);

const FIXTURE = join(__dirname, '..', 'fixtures', 'openpyxl', 'demo-chart.xlsx');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAIAQMAAAD+wSzIAAAABlBMVEX///+/v7+jQ3Y5AAAADklEQVQI12P4AIX8EAgALgAD/aNpbtEAAAAASUVORK5CYII=',
  'base64',
);

let root: string;
let demo: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shinchoku-losses-'));
  demo = join(root, 'demo.xlsx');
  expect((await cli('init', demo, '--demo')).code).toBe(0);
  expect((await cli('rollup', demo)).code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const partsOf = async (file: string) => Object.values((await JSZip.loadAsync(readFileSync(file))).files).filter((f) => !f.dir).map((f) => f.name);
/** A part's family: its name without numbers (exceljs numbers the parts it writes afresh). */
const family = (name: string) => name.replace(/\d+/g, '');

/** Parts no writer of this test can make, added by name; exceljs picks parts up by name only (lib/xlsx/xlsx.js). */
const INJECTED: Record<string, string> = {
  'xl/charts/chart1.xml': '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>',
  'xl/charts/style1.xml': '<cs:chartStyle xmlns:cs="http://schemas.microsoft.com/office/drawing/2012/chartStyle"/>',
  'xl/chartsheets/sheet1.xml': '<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  'xl/pivotTables/pivotTable1.xml': '<pivotTableDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  'xl/pivotCache/pivotCacheDefinition1.xml': '<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  'xl/pivotCache/pivotCacheRecords1.xml': '<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  'xl/slicers/slicer1.xml': '<slicers xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"/>',
  'xl/slicerCaches/slicerCache1.xml': '<slicerCacheDefinition xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"/>',
  'xl/timelines/timeline1.xml': '<timelines xmlns="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"/>',
  'xl/timelineCaches/timelineCache1.xml': '<timelineCacheDefinition xmlns="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"/>',
  'xl/vbaProject.bin': 'VBA',
  'xl/externalLinks/externalLink1.xml': '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  'xl/threadedComments/threadedComment1.xml': '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"/>',
  'xl/persons/person.xml': '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"/>',
  'xl/ctrlProps/ctrlProp1.xml': '<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="Button"/>',
  'xl/activeX/activeX1.xml': '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>',
  'xl/embeddings/oleObject1.bin': 'OLE',
  'xl/diagrams/data1.xml': '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"/>',
  'xl/queryTables/queryTable1.xml': '<queryTable xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  'xl/connections.xml': '<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  'xl/model/item.data': 'MODEL',
  'xl/richData/rdrichvalue.xml': '<rvData xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"/>',
  'xl/metadata.xml': '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  'xl/drawings/vmlDrawingHF1.vml': '<xml xmlns:v="urn:schemas-microsoft-com:vml"/>',
  'docProps/custom.xml':
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="担当"><vt:lpwstr>情報政策室</vt:lpwstr></property></Properties>',
  'customXml/item1.xml': '<root/>',
  'customXml/itemProps1.xml': '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>',
  'xl/calcChain.xml': '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  'xl/printerSettings/printerSettings1.bin': 'PRINTER',
  'docProps/thumbnail.jpeg': 'JPEG',
  'xl/somethingNew.xml': '<new/>',
};

/** A shape (a text box) as Excel writes it into a drawing beside a picture. */
const SHAPE = '<xdr:twoCellAnchor><xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="TextBox 2"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>注意</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>';

/** A cross-sheet list validation and a sparkline, as Excel writes them into a sheet's extension list. */
const X14 =
  '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>設定!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>A2</xm:sqref></x14:dataValidation></x14:dataValidations></ext>' +
  '<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>絵!E2:F2</xm:f><xm:sqref>G2</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>';

/** The demo with a sheet 絵 holding a picture, a table and a note (exceljs keeps those), then every part above. */
async function kitchenSink(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(demo);
  const ws = wb.addWorksheet('絵');
  ws.addImage(wb.addImage({ buffer: PNG as unknown as ExcelJS.Buffer, extension: 'png' }), 'B2:C4');
  ws.addTable({ name: 'T1', ref: 'E1', headerRow: true, columns: [{ name: '名前' }, { name: '値' }], rows: [['a', 1]] });
  ws.getCell('A1').note = '人のメモ';
  const base = await wb.xlsx.writeBuffer();
  const zip = await JSZip.loadAsync(base);
  const drawing = Object.keys(zip.files).find((n) => /^xl\/drawings\/drawing\d+\.xml$/.test(n))!;
  zip.file(drawing, (await zip.file(drawing)!.async('string')).replace('</xdr:wsDr>', `${SHAPE}</xdr:wsDr>`));
  const sheet = (await Promise.all(zip.file(/^xl\/worksheets\/sheet\d+\.xml$/).map(async (f) => [f.name, await f.async('string')] as const))).find(([, x]) => x.includes('<drawing '))!;
  zip.file(sheet[0], sheet[1].replace('</worksheet>', `${X14}</worksheet>`));
  for (const [name, text] of Object.entries(INJECTED)) zip.file(name, text);
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

test('1.20-parts: what a load → save round trip keeps is exactly what the list calls kept', async () => {
  const input = join(root, 'sink.xlsx');
  const output = join(root, 'sink-out.xlsx');
  await kitchenSink(input);
  const before = hash(input);
  const inPlace = await cli('rollup', input);
  expect((await cli('rollup', input, '--out', output)).code).toBe(0);
  const inParts = (await partsOf(input)).filter((n) => !n.endsWith('.rels'));
  const outFamilies = new Set((await partsOf(output)).map(family));
  const wrong = inParts.filter((n) => keptByExceljs(n) !== outFamilies.has(family(n)));
  expect(wrong).toEqual([]);
  // Of a drawing, exceljs writes the pictures only: the shape is gone, the picture kept.
  const zip = await JSZip.loadAsync(readFileSync(output));
  const outDrawing = await zip.file(/^xl\/drawings\/drawing\d+\.xml$/)[0].async('string');
  expect(outDrawing).toMatch(/<xdr:pic>/);
  expect(outDrawing).not.toMatch(/<xdr:sp\b/);
  // Of a sheet's extension list, the cross-sheet validation and the sparkline are gone.
  const outSheets = await Promise.all(zip.file(/^xl\/worksheets\/sheet\d+\.xml$/).map((f) => f.async('string')));
  expect(outSheets.some((x) => /x14:(dataValidation|sparklineGroup)\b/.test(x))).toBe(false);

  await attack('1.20-parts', 'workbook with charts, pivots, macros, shapes … saved over itself — refused, names what would be lost', 1, async () => {
    if (inPlace.code !== 2) return `in-place rollup exit ${inPlace.code}`;
    if (hash(input) !== before) return 'file changed';
    const expected = [
      'グラフ 1 個', 'グラフシート 1 個', 'ピボットテーブル 1 個', 'ピボットテーブルのキャッシュ 1 個', 'スライサー 1 個', 'タイムライン 1 個',
      'マクロ（VBA） 1 個', '外部ブックへのリンク 1 個', 'スレッド形式のコメント 1 個', 'フォーム コントロール 1 個', 'ActiveX コントロール 1 個',
      '埋め込みオブジェクト 1 個', 'SmartArt 1 個', '外部データの接続 2 個', 'データ モデル 1 個', 'セル内の画像や動的配列の数式の情報 1 個',
      'フォーム コントロールや図形（VML） 1 個', 'ファイルのユーザー設定のプロパティ 1 個', 'ブックに付けられた XML データ（customXml） 1 個',
      'その他の部分（xl/somethingNew.xml） 1 個', '図形 1 個（シート「絵」）', 'スパークライン 1 個（シート「絵」）',
      '別のシートを参照する入力規則 1 個（シート「絵」）',
    ];
    const missing = expected.filter((e) => !inPlace.err.includes(e));
    if (missing.length) return `message lacks ${missing.join(', ')}: ${inPlace.err}`;
    if (!/上書きすると失われるため保存しません。--out で別のファイルに保存してください/.test(inPlace.err)) return inPlace.err;
    // Caches Excel writes again are not called losses.
    if (/calcChain|printerSettings|thumbnail/.test(inPlace.err)) return `rebuilt parts named: ${inPlace.err}`;
    return undefined;
  });
  // Dropped parts are either named in the message or rebuilt by Excel; none is silently ignored.
  expect(inParts.filter((n) => !keptByExceljs(n) && lostKind(n) === undefined)).toEqual(
    expect.arrayContaining(['xl/calcChain.xml', 'xl/printerSettings/printerSettings1.bin', 'docProps/thumbnail.jpeg']),
  );
});

test('3.9: a workbook with charts written by openpyxl is read, saved elsewhere, and not saved over itself', async () => {
  const file = join(root, 'openpyxl.xlsx');
  copyFileSync(FIXTURE, file);
  const before = hash(file);
  await attack('3.9', 'workbook with a chart written by openpyxl — reads; in-place save refused, --out works', 1, async () => {
    const validate = await cli('validate', file);
    if (validate.code === 2) return `validate refused: ${validate.err}`;
    const out = join(root, 'openpyxl-out.xlsx');
    const rollup = await cli('rollup', file, '--out', out);
    if (rollup.code !== 0) return `rollup --out exit ${rollup.code}: ${rollup.err}`;
    const inPlace = await cli('rollup', file);
    if (inPlace.code !== 2) return `in-place rollup exit ${inPlace.code}`;
    // The note is read (its comments part renamed where exceljs looks) but, being plain text, not written back.
    for (const item of ['グラフ 2 個（シート「メモ」・シート「グラフ」）', 'グラフシート 1 個（シート「グラフ」）', 'メモ 1 個（シート「メモ」）'])
      if (!inPlace.err.includes(item)) return `no ${item}: ${inPlace.err}`;
    if (/anchors|undefined|TypeError/.test(inPlace.err + validate.err)) return 'English error text';
    if (hash(file) !== before) return 'file changed';
    // The saved copy has the sheet's cells and nothing left to lose: it may be saved over itself.
    const copy = await XlsxWorkbook.open(out);
    if (copy.readSheet('メモ')?.values[1]?.[1] !== 5) return 'メモ cells lost';
    await copy.save(out);
    return undefined;
  });
});

test('openpyxl: a picture, a plain note and a table without a style are read; the table is written back', async () => {
  const file = join(root, 'picture-table.xlsx');
  copyFileSync(join(__dirname, '..', 'fixtures', 'openpyxl', 'picture-table.xlsx'), file);
  const book = await XlsxWorkbook.open(file);
  expect(book.readSheet('画像')?.values).toEqual([['名前', '値'], ['a', 1]]);
  await expect(book.save(file)).rejects.toThrow(/画像 1 個（シート「画像」）、メモ 1 個（シート「画像」）/);
  const out = join(root, 'picture-table-out.xlsx');
  await book.save(out);
  const zip = await JSZip.loadAsync(readFileSync(out));
  expect(await zip.file('xl/tables/table1.xml')?.async('string')).toMatch(/displayName="T1" ref="A1:B2"/);
});

test('LibreOffice writes an empty docProps/custom.xml into every file: that is no loss', async () => {
  const file = join(__dirname, '..', 'fixtures', 'libreoffice', 'demo-libreoffice.xlsx');
  expect((await readPackage(file, readFileSync(file))).losses).toEqual([]);
});

test('the preview saves through the same save: refused over the file, with the same message', async () => {
  const file = join(root, 'preview.xlsx');
  copyFileSync(FIXTURE, file);
  const before = hash(file);
  const book = await XlsxWorkbook.open(file);
  book.writeTexts('メモ', [{ row: 1, col: 3, text: '入力' }]);
  await expect(book.save(file)).rejects.toThrow(/保存できない部分があります: .*グラフシート 1 個/);
  expect(hash(file)).toBe(before);
});

/** The demo with its department tabs' parts renamed away from sheetN.xml (valid OOXML; attack 3.8). */
async function renamedSheets(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(demo));
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  let types = await zip.file('[Content_Types].xml')!.async('string');
  let newRels = rels;
  const moved: string[] = [];
  for (const m of rels.matchAll(/Target="(\/?xl\/)?worksheets\/(sheet(\d+)\.xml)"/g)) {
    if (Number(m[3]) < 3) continue; // 設定 and 計画マスタ stay; the rest move
    const from = `xl/worksheets/${m[2]}`;
    const to = Number(m[3]) % 2 ? `xl/worksheets/部門${m[3]}.xml` : `xl/other/tab${m[3]}.xml`;
    zip.file(to, await zip.file(from)!.async('nodebuffer'));
    zip.remove(from);
    const fromRels = `xl/worksheets/_rels/${m[2]}.rels`;
    const sheetRels = zip.file(fromRels);
    if (sheetRels) {
      const dir = to.replace(/[^/]+$/, '');
      let text = await sheetRels.async('string');
      if (dir !== 'xl/worksheets/') text = text.replace(/Target="\.\.\//g, 'Target="/xl/');
      zip.file(`${dir}_rels/${to.slice(dir.length)}.rels`, text);
      zip.remove(fromRels);
    }
    newRels = newRels.replace(m[0], `Target="/${to}"`);
    types = types.replace(`/${from}"`, `/${to}"`);
    moved.push(to);
  }
  zip.file('xl/_rels/workbook.xml.rels', newRels);
  zip.file('[Content_Types].xml', types);
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return moved;
}

test('3.8: sheets whose parts are not named sheetN.xml are read and kept by a save over the file', async () => {
  const file = join(root, 'renamed.xlsx');
  const moved = await renamedSheets(file);
  expect(moved.length).toBeGreaterThanOrEqual(6);
  const names = (await XlsxWorkbook.open(demo)).sheetNames();
  await attack('3.8', 'sheet parts not named xl/worksheets/sheetN.xml — read, and kept by rollup in place', 1, async () => {
    const book = await XlsxWorkbook.open(file);
    if (book.sheetNames().join() !== names.join()) return `read ${book.sheetNames().join()}`;
    const r = await cli('rollup', file);
    if (r.code !== 0) return `rollup exit ${r.code}: ${r.err}`;
    const after = await XlsxWorkbook.open(file);
    if (after.sheetNames().join() !== names.join()) return `after rollup: ${after.sheetNames().join()}`;
    const original = await XlsxWorkbook.open(demo);
    for (const n of names.filter((s) => !['達成状況', '検証結果'].includes(s)))
      if (JSON.stringify(after.readSheet(n)?.values) !== JSON.stringify(original.readSheet(n)?.values)) return `sheet ${n} changed`;
    return undefined;
  });
});
