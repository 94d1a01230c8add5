/**
 * 部門ファイルの配布・回収 in (fake) Google Sheets through the built bundle, with the scope gate on (the manifest's
 * scopes, so the calls need nothing beyond them): the menu opens the dialog page; sidebarIssueFiles gives the 9
 * department files as JSON only; a file built from that answer with the browser's writer (src/xlsx), filled with
 * exceljs as a department would and read back with the browser's reader, is collected by sidebarCollectFiles into
 * the department tab with 回収 in 変更履歴; the same file again changes nothing; a file stamped for another year and
 * a page's malformed request are refused in Japanese; someone who is not a coordinator is refused.
 */
import ExcelJS from 'exceljs';
import type { CollectResult } from '../../src/core/files/collect';
import type { FilesIssue, UploadedFile } from '../../src/core/files/exchange';
import { readUploadedFile, workbookBytes } from '../../src/xlsx/department-file-io';
import { cellOf } from '../support/cli';
import { actAs, addon, buildProject, entryCell, sheetValues, type Addon, type Built } from './bundle-harness';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

function demo(): Addon {
  const a = addon(built);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  return a;
}

/** What google.script.run hands over: a JSON copy (a Date or undefined would not survive). */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A department's file as the dialog builds it, typed into with exceljs, read back as the dialog reads a chosen file. */
async function filled(issue: FilesIssue, dept: string, indicator: string, values: Record<string, string>): Promise<UploadedFile> {
  const file = issue.files.find((f) => f.dept === dept)!;
  const wb = new ExcelJS.Workbook();
  const built = await workbookBytes(file.sheets);
  await wb.xlsx.load(built.buffer.slice(built.byteOffset, built.byteOffset + built.byteLength) as ArrayBuffer);
  const ws = wb.getWorksheet(dept)!;
  for (const [header, value] of Object.entries(values)) cellOf(ws, indicator, header).value = value;
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  return readUploadedFile(file.fileName, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

test('the menu opens the dialog page; the files are JSON; a filled file is collected with 回収 logged; again nothing changes', async () => {
  const a = demo();
  a.env.htmlFiles.files = '<p>部門ファイル</p>';
  a.call('menuFiles');
  expect(a.env.ui.shown.at(-1)).toMatchObject({ kind: 'modal', title: '部門ファイルの配布・回収', content: '<p>部門ファイル</p>' });

  const answer = a.call('sidebarIssueFiles', null) as FilesIssue;
  expect(wire(answer)).toEqual(answer);
  expect(answer.fiscalYear).toBe(2020);
  expect(answer.files).toHaveLength(9);
  expect(answer.zipName).toBe('2020年度_部門ファイル.zip');
  expect(answer.files.find((f) => f.dept === '税制課')?.fileName).toBe('2020年度_税制課.xlsx');
  expect(answer.years).toEqual([2019, 2020, 2021, 2022, 2023]);

  const upload = await filled(answer, '税制課', '課税証明', { '2020年度 実績': '1,800件', '2020年度 コメント': '窓口の混雑が減った' });
  const result = a.call('sidebarCollectFiles', wire({ year: null, preferFile: false, files: [upload] })) as CollectResult;
  expect(wire(result)).toEqual(result);
  expect(result.files).toHaveLength(1);
  expect(result.files[0]).toMatchObject({ file: '2020年度_税制課.xlsx', dept: '税制課', outcome: 'imported', conflicts: [] });
  expect(result.files[0].imported.map((i) => i.after)).toEqual(['1,800件', '窓口の混雑が減った']);
  expect(entryCell(a.env, '税制課', '課税証明', '2020年度 実績').getValue()).toBe('1,800件');
  const log = sheetValues(a.env, '変更履歴');
  expect(log.filter((r) => r.some((c) => String(c).includes('回収（2020年度_税制課.xlsx）')))).toHaveLength(2);

  const again = a.call('sidebarCollectFiles', wire({ year: null, preferFile: false, files: [upload] })) as CollectResult;
  expect(again.files[0]).toMatchObject({ outcome: 'unchanged', imported: [] });
  expect(sheetValues(a.env, '変更履歴')).toHaveLength(log.length);
});

test('another year’s file and a malformed request are refused in Japanese; someone not a coordinator is refused', async () => {
  const a = demo();
  const y2019 = a.call('sidebarIssueFiles', 2019) as FilesIssue;
  expect(y2019.fiscalYear).toBe(2019);
  const other = await filled(y2019, '税制課', '課税証明', { '2019年度 コメント': '前年度の分' });
  const csv: UploadedFile = { name: '税制課.csv', problem: 'CSV ファイルです。配布した .xlsx ファイルをそのまま返送してもらってください' };
  const r = a.call('sidebarCollectFiles', wire({ year: null, preferFile: false, files: [other, csv] })) as CollectResult;
  expect(r.files.map((f) => f.outcome)).toEqual(['refused', 'refused']);
  expect(r.files[0].message).toContain('2019年度');
  expect(r.files[1].message).toBe('税制課.csv: CSV ファイルです。配布した .xlsx ファイルをそのまま返送してもらってください。取り込みませんでした');
  expect(entryCell(a.env, '税制課', '課税証明', '2019年度 コメント').getValue()).not.toBe('前年度の分');

  expect(() => a.call('sidebarCollectFiles', { year: null, preferFile: 'yes', files: [] })).toThrow('回収の依頼の内容が正しくありません（競合したセルの扱い）');
  expect(() => a.call('sidebarCollectFiles', wire({ year: null, preferFile: false, files: [{ name: 'x.xlsx', sheets: [{ name: 'A', values: [[{ serial: 'x' }]] }] }] })))
    .toThrow('回収の依頼の内容が正しくありません（シート「A」のA1の値）');

  actAs(a.env, 'someone@city.example.jp');
  expect(() => a.call('sidebarIssueFiles', null)).toThrow('部門ファイルの作成は調整担当者だけが実行できます');
  expect(() => a.call('sidebarCollectFiles', wire({ year: null, preferFile: false, files: [other] }))).toThrow('回収は調整担当者だけが実行できます');
});
