/**
 * The file round trip across the server boundary (issue 16, the Sheets dialog): sheets as JSON (dates as serials,
 * exact), a page's request checked before anything is read (shapes, values, limits), the returned file's format told
 * from its name and first bytes, and issueFiles / collectUploads over the demo in memory: the same files and the same
 * collect as the command line's split and collect, with the messages in the dialog's words.
 */
import fc from 'fast-check';
import { calendarDate } from '../../src/core/calendar';
import { collectFiles } from '../../src/core/files/collect';
import { departmentFiles } from '../../src/core/files/department-file';
import { collectUploads, issueFiles, namedDepartmentFiles, type UploadedFile } from '../../src/core/files/exchange';
import { returnedFileProblem, UNREADABLE_XLSX } from '../../src/core/files/file-format';
import { COMMAND_LINE_HINTS, SHEETS_HINTS } from '../../src/core/files/hints';
import { fromWire, sheetFromWire, sheetOutputFromWire, sheetOutputToWire, sheetToWire, toWire, WIRE_LIMITS } from '../../src/core/files/transfer';
import { UserError } from '../../src/core/errors';
import type { Scalar } from '../../src/core/workbook';
import { MemoryWorkbook } from '../support/memory-workbook';
import { actualCell, demoBook } from '../support/plans';

const actor = { now: calendarDate(2021, 5, 20, 9, 0, 0), user: 'kikaku@city.example.lg.jp' };
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const refuse = (what: string): never => {
  throw new UserError(what);
};

test('a cell value survives JSON: dates (with a time of day) as serials, the rest as they are', () => {
  const values: Scalar[] = ['課税証明 1,730件', 0.307, -16.7, true, false, '', calendarDate(2021, 5, 31), calendarDate(2021, 6, 1, 17, 45, 30)];
  const back = json(values.map(toWire)).map(fromWire);
  expect(back).toEqual(values);
  fc.assert(fc.property(fc.integer({ min: Date.UTC(1900, 2, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
    const d = new Date(ms);
    expect((fromWire(json(toWire(d))) as Date).getTime()).toBe(ms);
  }));
});

test('a department file’s sheets go to the page and back as JSON, whole', () => {
  const book = demoBook();
  for (const f of departmentFiles(book, null, actor))
    for (const out of f.outputs) {
      const wire = json(sheetOutputToWire(out));
      expect(wire).toEqual(sheetOutputToWire(out));
      expect(sheetOutputFromWire(wire)).toEqual(out);
    }
  const sheet = { name: 'A', values: [['x', calendarDate(2021, 4, 1)]], formats: [['', 'yyyy/m/d']] };
  expect(sheetFromWire(json(sheetToWire(sheet)), refuse, { cells: 10 })).toEqual(sheet);
});

test('a page’s sheet is checked: shapes, values, sizes; the cells are counted across the request', () => {
  const bad = (raw: unknown, budget = { cells: 100 }) => () => sheetFromWire(raw, refuse, budget);
  expect(bad(null)).toThrow('シート');
  expect(bad({ name: 'A', values: 'x' })).toThrow('シート');
  expect(bad({ name: 'A', values: ['x'] })).toThrow('シート「A」の1行目');
  expect(bad({ name: 'A', values: [[{ serial: 'x' }]] })).toThrow('シート「A」のA1の値');
  expect(bad({ name: 'A', values: [[1, { serial: 1e20 }]] })).toThrow('シート「A」のB1の値');
  expect(bad({ name: 'A', values: [[''], ['', '', null]] })).toThrow('シート「A」のC2の値');
  expect(bad({ name: 'A', values: [[{ __proto__: { serial: 1 } }]] })).toThrow('シート「A」のA1の値');
  expect(bad({ name: 'A', values: [['x'.repeat(WIRE_LIMITS.text + 1)]] })).toThrow('シート「A」のA1の文字が多すぎます');
  expect(bad({ name: 'A', values: [[1]], formats: [[1]] })).toThrow('シート「A」の表示形式');
  const budget = { cells: 3 };
  sheetFromWire({ name: 'A', values: [[1, 2]] }, refuse, budget);
  expect(bad({ name: 'B', values: [[1, 2]] }, budget)).toThrow(`セルが多すぎます（${WIRE_LIMITS.cells.toLocaleString('ja-JP')}個まで）`);
});

test('the format of a returned file, from its name and first bytes', () => {
  const zip = [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0];
  const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  expect(returnedFileProblem('2020年度_税制課.xlsx', zip)).toBe('');
  expect(returnedFileProblem('税制課.CSV', zip)).toContain('CSV ファイルです');
  expect(returnedFileProblem('2020年度_税制課.xlsx', ole)).toContain('パスワードで保護されたファイルか、古い Excel 形式（.xls）');
  expect(returnedFileProblem('税制課.xls', ole)).toContain('古い Excel 形式');
  expect(returnedFileProblem('a.xlsx', [], 0)).toBe('空のファイルです');
  expect(returnedFileProblem('a.xlsx', [0x3c, 0x68, 0x74, 0x6d, 0x6c])).toBe(UNREADABLE_XLSX);
});

test('issueFiles: the same files as split with their names and the open years; the dialog’s words in its messages', () => {
  const book = demoBook();
  const issue = issueFiles(book, null, actor, SHEETS_HINTS);
  expect(json(issue)).toEqual(issue);
  const named = namedDepartmentFiles(book, null, actor);
  expect(issue.files.map((f) => f.fileName)).toEqual(named.map((f) => f.fileName));
  expect(issue.files.map((f) => f.sheets.map(sheetOutputFromWire))).toEqual(named.map((f) => f.outputs));
  expect(new Set(issue.files.map((f) => f.fileName.toLowerCase())).size).toBe(issue.files.length);
  expect(issue).toMatchObject({ fiscalYear: 2020, fiscalYearLabel: '2020年度', zipName: '2020年度_部門ファイル.zip', years: [2019, 2020, 2021, 2022, 2023] });
  // A department tab missing: the message says what to do in the shell's words.
  const broken = demoBook();
  broken.deleteSheet('税制課');
  expect(() => issueFiles(broken, null, actor, SHEETS_HINTS)).toThrow('見出しが壊れています。メニュー「部門シート作成・更新」で作成・更新してください');
  expect(() => departmentFiles(broken, null, actor)).toThrow('見出しが壊れています。shinchoku setup で作成・更新してください');
});

test('collectUploads: a page’s upload is collected as collectFiles collects the file; refusals in the dialog’s words', () => {
  const book = demoBook();
  const copy = demoBook();
  const issue = issueFiles(book, null, actor, SHEETS_HINTS);
  const file = issue.files.find((f) => f.dept === '税制課')!;
  // The department types a value into its file: the sheets as the page reads them back.
  const sheets = file.sheets.map((s) => ({ name: s.name, values: s.values.map((r) => [...r]) }));
  const tab = sheets.find((s) => s.name === '税制課')!;
  const at = actualCell(book, '税制課', '課税証明', 2020);
  tab.values[at.row - 1][at.col - 1] = '1,800件';
  const upload: UploadedFile = { name: file.fileName, sheets };
  const csv: UploadedFile = { name: '税制課.csv', problem: 'CSV ファイルです。配布した .xlsx ファイルをそのまま返送してもらってください' };
  const other = { ...upload, name: 'other.xlsx', sheets: issueFiles(book, 2019, actor, SHEETS_HINTS).files.find((f) => f.dept === '税制課')!.sheets };
  const result = collectUploads(book, json({ year: null, preferFile: false, files: [upload, csv, other] }), actor, SHEETS_HINTS);
  expect(result.files.map((f) => f.outcome)).toEqual(['imported', 'refused', 'refused']);
  expect(result.files[1].message).toBe('税制課.csv: CSV ファイルです。配布した .xlsx ファイルをそのまま返送してもらってください。取り込みませんでした');
  expect(result.files[2].message).toContain('その年度を回収するときは、画面の「年度」で2019年度を選んでください');

  // The same file through collectFiles (the command line's way) does the same to a copy of the book.
  const wb = new MemoryWorkbook();
  wb.writeSheets(file.sheets.map(sheetOutputFromWire));
  wb.type('税制課', at.row, at.col, '1,800件');
  const direct = collectFiles(copy, [{ name: file.fileName, sheets: wb }], { actor, year: null });
  expect(direct.files[0].imported).toEqual(result.files[0].imported);
  expect(copy.readSheet('税制課')).toEqual(book.readSheet('税制課'));
  // Again: nothing changes.
  expect(collectUploads(book, json({ year: null, preferFile: false, files: [upload] }), actor, COMMAND_LINE_HINTS).files[0].outcome).toBe('unchanged');
});

test('collectUploads refuses a malformed request before reading anything', () => {
  const book = demoBook();
  const before = book.readSheet('税制課');
  const bad = (request: unknown) => () => collectUploads(book, request, actor, SHEETS_HINTS);
  expect(bad(null)).toThrow('回収の依頼の内容が正しくありません（依頼がありません）');
  expect(bad({ year: '2020', preferFile: false, files: [] })).toThrow('（年度）');
  expect(bad({ year: null, preferFile: false, files: [] })).toThrow('（ファイルがありません）');
  expect(bad({ year: null, preferFile: false, files: [{ name: 1 }] })).toThrow('（ファイル名）');
  expect(bad({ year: null, preferFile: false, files: [{ name: 'a.xlsx', problem: 3 }] })).toThrow('（ファイルの問題）');
  expect(bad({ year: null, preferFile: false, files: [{ name: 'a.xlsx' }] })).toThrow('（a.xlsx のシート）');
  expect(bad({ year: null, preferFile: false, files: Array.from({ length: WIRE_LIMITS.sheets + 1 }, () => ({ name: 'a.xlsx', problem: 'x' })) })).toThrow(`ファイルは一度に${WIRE_LIMITS.sheets}件までです`);
  expect(book.readSheet('税制課')).toEqual(before);
});
