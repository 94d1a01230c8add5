import ExcelJS from 'exceljs';
// jszip comes with exceljs; used here only to look at the XML a user's Excel would read.
import JSZip from 'jszip';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { calendarDate, calendarParts } from '../../src/core/calendar';
import { UserError } from '../../src/core/errors';
import { sheetFormats, type SheetOutput } from '../../src/core/workbook';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-xlsx-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => jest.restoreAllMocks());

const PLAN = '実施計画';
const FINDINGS = '所見 一覧';
const FORMULA_TEXT = '=IMPORTXML("http://x","//a")';
/** 2025/4/1 as the core holds dates (src/core/calendar.ts). */
const day = calendarDate(2025, 4, 1);

function planOutput(): SheetOutput {
  return {
    name: PLAN,
    values: [
      ['実施計画 一覧'],
      ['番号', '事業名', '進捗率', '評価', '日付', '完了', '取得式'],
      [1, '窓口 DX', 0.307, 'A', day, true, FORMULA_TEXT],
      [2, '', 0.5, 'D', '', false, ''],
    ],
    numberFormats: [{ range: { row: 3, col: 3, numRows: 2, numCols: 1 }, format: '0.0%' }],
    styles: [
      { range: { row: 1, col: 1, numRows: 1, numCols: 1 }, style: 'title' },
      { range: { row: 2, col: 1, numRows: 1, numCols: 7 }, style: 'header' },
      { range: { row: 3, col: 1, numRows: 2, numCols: 2 }, style: 'readonly' },
      { range: { row: 3, col: 3, numRows: 2, numCols: 2 }, style: 'editable' },
    ],
    links: [{ row: 3, col: 2, sheet: FINDINGS, cell: 'B2' }],
    notes: [{ row: 3, col: 4, text: '評価の根拠を確認' }],
    editableRanges: [{ row: 3, col: 3, numRows: 2, numCols: 2 }],
    listValidations: [
      { range: { row: 3, col: 4, numRows: 2, numCols: 1 }, values: ['A', 'B', 'C', 'D', '−'], helpText: '評価を選ぶ' },
    ],
    helpTexts: [{ range: { row: 3, col: 3, numRows: 2, numCols: 1 }, text: '例: 30.7%' }],
    gradeRanges: [{ range: { row: 3, col: 4, numRows: 2, numCols: 1 }, grades: ['A', 'B', 'C', 'D'] }],
    frozenRows: 2,
    columnWidths: [6, 30],
  };
}

function findingsOutput(rows: number): SheetOutput {
  const values = [['番号', '所見']];
  for (let i = 1; i <= rows; i++) values.push([String(i), `所見 ${i}`]);
  return { name: FINDINGS, values, notes: [{ row: 2, col: 2, text: '古いメモ' }], gradeRanges: [{ range: { row: 2, col: 1, numRows: 1, numCols: 1 }, grades: ['A', 'B', 'C', 'D'] }] };
}

async function raw(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

async function zipText(file: string, part: string): Promise<string | undefined> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  return zip.file(part)?.async('string');
}

/** The worksheet part of a sheet, found through the workbook's relationships. */
async function sheetXml(file: string, name: string): Promise<string> {
  const book = (await zipText(file, 'xl/workbook.xml'))!;
  const rId = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="(rId\\d+)"`).exec(book)![1];
  const rels = (await zipText(file, 'xl/_rels/workbook.xml.rels'))!;
  const target = new RegExp(`Id="${rId}"[^>]*Target="([^"]+)"`).exec(rels)?.[1]
    ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rId}"`).exec(rels)![1];
  return (await zipText(file, `xl/${target.replace(/^\/?xl\//, '')}`))!;
}

async function writeBook(file: string): Promise<void> {
  const wb = XlsxWorkbook.create();
  wb.writeSheets([planOutput(), findingsOutput(5), { name: 'データ', values: [['x']], hidden: true }]);
  wb.writeSheets([{ name: '表紙', values: [['進捗']], position: 0 }]);
  await wb.save(file);
}

describe('writing and reading back', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(dir, 'book.xlsx');
    await writeBook(file);
  });

  test('sheets come back in tab order, positions and hidden state applied', async () => {
    const wb = await XlsxWorkbook.open(file);
    expect(wb.sheetNames()).toEqual(['表紙', PLAN, FINDINGS, 'データ']);
    const r = await raw(file);
    expect(r.getWorksheet('データ')!.state).toBe('hidden');
    expect(r.getWorksheet(PLAN)!.state).toBe('visible');
  });

  test('values, types, empties and formats read back as written', async () => {
    const sheet = (await XlsxWorkbook.open(file)).readSheet(PLAN)!;
    expect(sheet.values).toEqual([
      ['実施計画 一覧', '', '', '', '', '', ''],
      ['番号', '事業名', '進捗率', '評価', '日付', '完了', '取得式'],
      [1, '窓口 DX', 0.307, 'A', day, true, FORMULA_TEXT],
      [2, '', 0.5, 'D', '', false, ''],
    ]);
    expect(sheet.values[2][4]).toBeInstanceOf(Date);
    expect(sheetFormats(sheet)[2][2]).toBe('0.0%');
    expect(sheetFormats(sheet)[3][2]).toBe('0.0%');
    expect(sheetFormats(sheet)[2][0]).toBe('');
  });

  test('a string starting with = is stored as text, not as a formula', async () => {
    const cell = (await raw(file)).getWorksheet(PLAN)!.getCell('G3');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(FORMULA_TEXT);
    const xml = await sheetXml(file, PLAN);
    expect(xml).not.toMatch(/<f>/);
  });

  test('[tz] a calendar date is stored as the serial of that day, whatever the machine\'s zone', async () => {
    const v = (await raw(file)).getWorksheet(PLAN)!.getCell('E3').value as Date;
    // exceljs maps serials to UTC midnight.
    expect(v.getTime()).toBe(Date.UTC(2025, 3, 1));
    const xml = await sheetXml(file, PLAN);
    // 45748 = days from 1899-12-30 to 2025-04-01.
    expect(xml).toMatch(/<c r="E3"[^>]*><v>45748<\/v><\/c>/);
  });

  test('styles: title, header, readonly and editable fills, link look', async () => {
    const ws = (await raw(file)).getWorksheet(PLAN)!;
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    const header = ws.getCell('B2');
    expect(header.font?.bold).toBe(true);
    expect(header.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } });
    expect(header.border?.bottom?.style).toBe('thin');
    expect(ws.getCell('A3').fill).toMatchObject({ fgColor: { argb: 'FFF2F2F2' } });
    expect(ws.getCell('C3').fill).toMatchObject({ fgColor: { argb: 'FFFFF9E0' } });
    expect(ws.getCell('C3').numFmt).toBe('0.0%');
    expect(ws.getColumn(2).width).toBe(30);
  });

  test('links are internal hyperlinks that keep the cell text', async () => {
    const sheet = (await XlsxWorkbook.open(file)).readSheet(PLAN)!;
    expect(sheet.values[2][1]).toBe('窓口 DX');
    const xml = await sheetXml(file, PLAN);
    const link = /<hyperlink [^>]*\/>/.exec(xml)![0];
    expect(link).toContain('ref="B3"');
    expect(link).toContain('location="&apos;所見 一覧&apos;!B2"');
    expect(link).not.toContain('r:id');
    const cell = (await raw(file)).getWorksheet(PLAN)!.getCell('B3');
    expect(cell.value).toEqual({ text: '窓口 DX', hyperlink: "#'所見 一覧'!B2" });
  });

  test('notes, list validation and input help', async () => {
    const ws = (await raw(file)).getWorksheet(PLAN)!;
    const note = ws.getCell('D3').note;
    const noteText = typeof note === 'string' ? note : note!.texts!.map((t) => t.text).join('');
    expect(noteText).toBe('評価の根拠を確認');
    expect(ws.getCell('D4').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"A,B,C,D,−"'],
      allowBlank: true,
      prompt: '評価を選ぶ',
      showInputMessage: true,
    });
    expect(ws.getCell('D4').dataValidation.showErrorMessage).toBeFalsy();
    expect(ws.getCell('C3').dataValidation).toMatchObject({ prompt: '例: 30.7%', showInputMessage: true });
    expect(ws.getCell('C3').dataValidation.type).not.toBe('list');
    expect(ws.getCell('B3').dataValidation).toBeUndefined();
  });

  test('frozen rows and grade colours', async () => {
    const ws = (await raw(file)).getWorksheet(PLAN)!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const cf = (ws as unknown as { conditionalFormattings: { ref: string; rules: ExcelJS.CellIsRuleType[] }[] })
      .conditionalFormattings;
    expect(cf).toHaveLength(1);
    expect(cf[0].ref).toBe('D3:D4');
    expect(cf[0].rules.map((r) => [r.type, r.operator, r.formulae?.[0]])).toEqual([
      ['cellIs', 'equal', '"A"'],
      ['cellIs', 'equal', '"B"'],
      ['cellIs', 'equal', '"C"'],
      ['cellIs', 'equal', '"D"'],
    ]);
    expect(cf[0].rules[3].style?.fill).toMatchObject({ bgColor: { argb: 'FFF4A3A3' } });
  });

  test('protection: sheet protected without password, editable cells unlocked', async () => {
    const r = await raw(file);
    const ws = r.getWorksheet(PLAN)! as ExcelJS.Worksheet & { sheetProtection: Record<string, unknown> | null };
    // In the file, selecting cells is allowed by default (only a "1" forbids it); formatColumns="0" allows it.
    expect(ws.sheetProtection).toMatchObject({ sheet: true, formatColumns: true });
    expect(ws.sheetProtection!.selectLockedCells).not.toBe(false);
    expect(ws.sheetProtection!.selectUnlockedCells).not.toBe(false);
    expect(ws.sheetProtection!.hashValue).toBeUndefined();
    expect(ws.getCell('C3').protection?.locked).toBe(false);
    expect(ws.getCell('D4').protection?.locked).toBe(false);
    expect(ws.getCell('B3').protection?.locked).not.toBe(false);
    expect(ws.getCell('E3').protection?.locked).not.toBe(false);
    const other = r.getWorksheet(FINDINGS)! as ExcelJS.Worksheet & { sheetProtection: unknown };
    expect(other.sheetProtection ?? null).toBeNull();
    const xml = await sheetXml(file, PLAN);
    expect(/<sheetProtection [^>]*\/>/.exec(xml)![0]).toBe('<sheetProtection sheet="1" formatColumns="0"/>');
  });
});

describe('rewriting one sheet', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(dir, 'rewrite.xlsx');
    await writeBook(file);
    const wb = await XlsxWorkbook.open(file);
    wb.writeSheets([{ name: FINDINGS, values: [['番号', '所見'], ['1', '新しい所見']] }]);
    await wb.save(file);
  });

  test('the rewritten sheet has no leftover rows, notes, rules or protection', async () => {
    const wb = await XlsxWorkbook.open(file);
    expect(wb.sheetNames()).toEqual(['表紙', PLAN, FINDINGS, 'データ']);
    expect(wb.readSheet(FINDINGS)!.values).toEqual([['番号', '所見'], ['1', '新しい所見']]);
    const ws = (await raw(file)).getWorksheet(FINDINGS)!;
    expect(ws.rowCount).toBe(2);
    expect(ws.getCell('B2').note).toBeUndefined();
    expect((ws as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings).toHaveLength(0);
  });

  test('the other sheets keep values, styles, notes, validation, protection and links', async () => {
    const wb = await XlsxWorkbook.open(file);
    expect(wb.readSheet(PLAN)!.values[2]).toEqual([1, '窓口 DX', 0.307, 'A', day, true, FORMULA_TEXT]);
    const ws = (await raw(file)).getWorksheet(PLAN)! as ExcelJS.Worksheet & { sheetProtection: unknown };
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(ws.getCell('D3').note).toBeDefined();
    expect(ws.getCell('D4').dataValidation?.type).toBe('list');
    expect(ws.getCell('C3').protection?.locked).toBe(false);
    expect(ws.sheetProtection).toMatchObject({ sheet: true });
    expect(await sheetXml(file, PLAN)).toContain('location="&apos;所見 一覧&apos;!B2"');
  });

  test('a rewritten sheet keeps its tab position when position is given again', async () => {
    const wb = await XlsxWorkbook.open(file);
    wb.writeSheets([{ name: PLAN, values: [['x']], position: 3 }]);
    expect(wb.sheetNames()).toEqual(['表紙', PLAN, FINDINGS, 'データ']);
    expect(wb.readSheet(PLAN)!.values).toEqual([['x']]);
  });
});

describe('reading what others wrote', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(dir, 'others.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('外部');
    ws.getCell('A1').value = { richText: [{ text: '太字', font: { bold: true } }, { text: 'と普通' }] };
    ws.getCell('B1').value = { formula: 'A2*2', result: 84 };
    ws.getCell('C1').value = { formula: 'NOW()' } as ExcelJS.CellFormulaValue;
    ws.getCell('D1').value = { error: '#DIV/0!' };
    ws.getCell('E1').value = { text: 'サイト', hyperlink: 'https://example.jp/' };
    ws.getCell('A2').value = 42;
    ws.getCell('B2').value = 'merged';
    ws.mergeCells('B2:C3');
    ws.getCell('A4').value = new Date(Date.UTC(2025, 3, 1));
    ws.getCell('B4').value = false;
    ws.getCell('C4').value = ' ';
    ws.getCell('F1').value = { formula: 'B1', result: 'ok' };
    // Styled but empty cells beyond the data are not part of the used range.
    ws.getCell('H10').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
    ws.getCell('G12').value = '';
    await wb.xlsx.writeFile(file);
  });

  test('[tz] rich text, formulas, errors, links, merges, dates and trimming', async () => {
    const sheet = (await XlsxWorkbook.open(file)).readSheet('外部')!;
    expect(sheet.values).toEqual([
      ['太字と普通', 84, '', '#DIV/0!', 'サイト', 'ok'],
      [42, 'merged', '', '', '', ''],
      ['', '', '', '', '', ''],
      [calendarDate(2025, 4, 1), false, ' ', '', '', ''],
    ]);
    // The calendar day in the cell at midnight, read from the UTC fields only (src/core/calendar.ts).
    expect(calendarParts(sheet.values[3][0] as Date)).toEqual({ year: 2025, month: 4, day: 1, hour: 0, minute: 0, second: 0 });
    expect(sheetFormats(sheet)[3][0]).not.toBe('');
    expect(sheetFormats(sheet)).toHaveLength(4);
    expect(sheetFormats(sheet).every((r) => r.length === 6)).toBe(true);
  });

  test('a list Excel cannot hold (a comma, or over 255 characters) falls back to its help text', async () => {
    const f = path.join(dir, 'long-list.xlsx');
    const long = Array.from({ length: 60 }, (_, i) => `選択肢${i}`);
    const wb = XlsxWorkbook.create();
    wb.writeSheets([{
      name: 'S',
      values: [['a', 'b']],
      listValidations: [
        { range: { row: 1, col: 1, numRows: 1, numCols: 1 }, values: ['1,000', '2'], helpText: 'カンマ入り' },
        { range: { row: 1, col: 2, numRows: 1, numCols: 1 }, values: long, helpText: '長い一覧' },
      ],
    }]);
    await wb.save(f);
    const ws = (await raw(f)).getWorksheet('S')!;
    for (const [addr, prompt] of [['A1', 'カンマ入り'], ['B1', '長い一覧']]) {
      expect(ws.getCell(addr).dataValidation).toMatchObject({ prompt, showInputMessage: true });
      expect(ws.getCell(addr).dataValidation.type).not.toBe('list');
    }
  });

  test('non-finite numbers are written as text (a file with NaN would not open)', async () => {
    const f = path.join(dir, 'nan.xlsx');
    const wb = XlsxWorkbook.create();
    wb.writeSheets([{ name: 'S', values: [[NaN, Infinity, 1]] }]);
    await wb.save(f);
    expect((await XlsxWorkbook.open(f)).readSheet('S')!.values).toEqual([['NaN', 'Infinity', 1]]);
  });

  test('a hidden first sheet is not left as the active tab', async () => {
    const f = path.join(dir, 'hidden-first.xlsx');
    const wb = XlsxWorkbook.create();
    wb.writeSheets([{ name: '隠し', values: [['x']], hidden: true }, { name: '表', values: [['y']] }]);
    await wb.save(f);
    expect(await zipText(f, 'xl/workbook.xml')).toMatch(/<workbookView [^>]*firstSheet="1" activeTab="1"/);
  });

  test('unknown sheet and empty sheet', async () => {
    const wb = XlsxWorkbook.create();
    expect(wb.readSheet('無い')).toBeUndefined();
    wb.writeSheets([{ name: '空', values: [] }]);
    expect(wb.readSheet('空')).toEqual({ name: '空', values: [], formats: [] });
  });

  test('an Excel-style internal link (location only) survives open and save', async () => {
    const f = path.join(dir, 'location.xlsx');
    const wb = XlsxWorkbook.create();
    wb.writeSheets([{ name: 'A', values: [['go']], links: [{ row: 1, col: 1, sheet: 'B', cell: 'C3' }] }, { name: 'B', values: [] }]);
    await wb.save(f);
    const again = await XlsxWorkbook.open(f);
    again.writeSheets([{ name: 'B', values: [['b']] }]);
    await again.save(f);
    expect(await sheetXml(f, 'A')).toMatch(/<hyperlink ref="A1" location="&apos;B&apos;!C3"\/>/);
    expect((await XlsxWorkbook.open(f)).readSheet('A')!.values).toEqual([['go']]);
  });
});

describe('errors', () => {
  async function openError(file: string): Promise<UserError> {
    const e = await XlsxWorkbook.open(file).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).not.toMatch(/\n\s+at /);
    return e as UserError;
  }

  test('missing file', async () => {
    const f = path.join(dir, 'nothing.xlsx');
    const e = await openError(f);
    expect(e.message).toBe(`ファイルが見つかりません: ${f}`);
    expect((e as { cause?: NodeJS.ErrnoException }).cause?.code).toBe('ENOENT');
  });

  test('a directory', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'folder-'));
    expect((await openError(d)).message).toContain(`${d} はフォルダです`);
  });

  test('a text file renamed .xlsx, a zero-byte file and a zip that is not a workbook', async () => {
    const text = path.join(dir, 'text.xlsx');
    fs.writeFileSync(text, '番号,事業名\n1,窓口\n');
    const empty = path.join(dir, 'empty.xlsx');
    fs.writeFileSync(empty, '');
    const zip = path.join(dir, 'other.xlsx');
    const z = new JSZip();
    z.file('hello.txt', 'hi');
    fs.writeFileSync(zip, await z.generateAsync({ type: 'nodebuffer' }));
    for (const f of [text, empty, zip]) {
      expect((await openError(f)).message).toBe(`${f} は .xlsx として読めません（壊れているか、別の形式です）`);
    }
  });

  test('permission or lock errors on open are mapped by code', async () => {
    const f = path.join(dir, 'book-locked.xlsx');
    const busy = Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
    fs.writeFileSync(f, 'x');
    jest.spyOn(fs.promises, 'open').mockRejectedValueOnce(busy);
    const e = await openError(f);
    expect(e.message).toBe(`${f} を開けません。Excel などで開いたままになっていないか確認してください`);
    expect((e as { cause?: unknown }).cause).toBe(busy);
  });

  async function saveError(wb: XlsxWorkbook, file: string): Promise<UserError> {
    const e = await wb.save(file).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }

  function tempFiles(d: string): string[] {
    return fs.readdirSync(d).filter((n) => n.endsWith('.tmp'));
  }

  test('an Excel owner file next to the target refuses the save and leaves the file alone', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'owner-'));
    const f = path.join(d, 'x.xlsx');
    fs.writeFileSync(f, 'original');
    fs.writeFileSync(path.join(d, '~$x.xlsx'), '');
    const wb = XlsxWorkbook.create();
    wb.writeSheets([{ name: 'S', values: [[1]] }]);
    const e = await saveError(wb, f);
    expect(e.message).toContain(`${f} を保存できません。Excel などで開いたままになっていないか確認してください`);
    expect(e.message).toContain('~$x.xlsx');
    expect(fs.readFileSync(f, 'utf8')).toBe('original');
    expect(tempFiles(d)).toEqual([]);
  });

  test('a LibreOffice lock file is treated the same way', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'lo-'));
    const f = path.join(d, 'x.xlsx');
    fs.writeFileSync(path.join(d, '.~lock.x.xlsx#'), '');
    expect((await saveError(XlsxWorkbook.create(), f)).message).toContain('開いたままになっていないか');
    expect(fs.existsSync(f)).toBe(false);
  });

  test('when the rename fails the target is untouched and no temp file remains', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'rename-'));
    const target = path.join(d, 'x.xlsx');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep.txt'), 'keep');
    const wb = XlsxWorkbook.create();
    wb.writeSheets([{ name: 'S', values: [[1]] }]);
    const e = await saveError(wb, target);
    expect(e.message).toContain(`${target} を保存できません`);
    expect(fs.readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('keep');
    expect(tempFiles(d)).toEqual([]);
    expect(fs.readdirSync(d)).toEqual(['x.xlsx']);
  });

  test('a locked target (EBUSY on rename) keeps the original bytes and removes the temp file', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'busy-'));
    const f = path.join(d, 'x.xlsx');
    await writeBook(f);
    const before = fs.readFileSync(f);
    const wb = await XlsxWorkbook.open(f);
    wb.writeSheets([{ name: PLAN, values: [['changed']] }]);
    const busy = Object.assign(new Error('EBUSY: resource busy or locked, rename'), { code: 'EBUSY' });
    const rename = jest.spyOn(fs.promises, 'rename').mockRejectedValueOnce(busy);
    const e = await saveError(wb, f);
    expect(rename).toHaveBeenCalledTimes(1);
    // A random temporary name beside the target (never a guessable one).
    expect(path.dirname(rename.mock.calls[0][0] as string)).toBe(d);
    expect(path.basename(rename.mock.calls[0][0] as string)).toMatch(/^\.x\.xlsx\.[0-9a-f]{16}\.tmp$/);
    expect(e.message).toBe(`${f} を保存できません。Excel などで開いたままになっていないか確認してください`);
    expect((e as { cause?: unknown }).cause).toBe(busy);
    expect(fs.readFileSync(f).equals(before)).toBe(true);
    expect(tempFiles(d)).toEqual([]);
  });

  test('save creates a missing parent directory and writes nothing else', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'mk-'));
    const f = path.join(d, 'sub', 'deeper', '出力.xlsx');
    const wb = XlsxWorkbook.create();
    wb.writeSheets([{ name: 'S', values: [['ok']] }]);
    await wb.save(f);
    expect(fs.readdirSync(path.dirname(f))).toEqual(['出力.xlsx']);
    expect((await XlsxWorkbook.open(f)).readSheet('S')!.values).toEqual([['ok']]);
  });

  test('sheet names Excel rejects', () => {
    const wb = XlsxWorkbook.create();
    expect(() => wb.writeSheets([{ name: 'a/b', values: [] }])).toThrow(UserError);
    expect(() => wb.writeSheets([{ name: 'x'.repeat(32), values: [] }])).toThrow(/31 文字以内/);
    expect(() => wb.writeSheets([{ name: 'history', values: [] }])).toThrow(UserError);
    expect(() => wb.writeSheets([{ name: "'引用'", values: [] }])).toThrow(UserError);
    expect(wb.sheetNames()).toEqual([]);
  });
});
