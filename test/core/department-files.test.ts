/**
 * Department files in the core (issue 16 items 1–2), on the demo plan in memory: what split hands out (one file per
 * 報告部門, the year's entry cells the only editable ones, 記入要領, the stamp) and what collect does with a returned
 * file (imports, unchanged, conflicts, outside-area changes, renamed and added sheets, refusals, 提出, idempotence).
 */
import { calendarDate } from '../../src/core/calendar';
import { readReviewLog } from '../../src/core/cycle';
import { collectFiles, type CollectOptions } from '../../src/core/files/collect';
import { departmentFiles, GUIDE_SHEET } from '../../src/core/files/department-file';
import { readStamp, STAMP_SHEET } from '../../src/core/files/stamp';
import { analyzePlan } from '../../src/core/jobs';
import { closeYear } from '../../src/core/year-lock';
import { reportingDepts } from '../../src/core/layout/master';
import { MemoryWorkbook } from '../support/memory-workbook';
import { actualCell, demoBook } from '../support/plans';

const actor = { now: calendarDate(2021, 5, 20, 9, 0, 0), user: 'kikaku@city.example.lg.jp' };
const opts: CollectOptions = { actor, year: null };

/** The department's file as the department gets it (its sheets in a workbook of their own). */
function handOut(book: MemoryWorkbook, dept: string, year: number | null = null): MemoryWorkbook {
  const file = departmentFiles(book, year, actor).find((f) => f.dept === dept)!;
  const wb = new MemoryWorkbook();
  wb.writeSheets(file.outputs);
  return wb;
}

const returned = (sheets: MemoryWorkbook, name = '2020年度_税制課.xlsx') => ({ name, sheets });

test('split: one file per 報告部門, only the year’s entries and 提出 editable, 記入要領 and a very hidden stamp', () => {
  const book = demoBook();
  const files = departmentFiles(book, null, actor);
  const depts = reportingDepts(analyzePlan(book, 'test').indicators);
  expect(files.map((f) => f.dept)).toEqual(depts);
  expect(files).toHaveLength(9);
  const zeisei = files.find((f) => f.dept === '税制課')!;
  expect(zeisei.outputs.map((o) => o.name)).toEqual([GUIDE_SHEET, '税制課', STAMP_SHEET]);
  const [guide, tab, stamp] = zeisei.outputs;
  expect(guide.readOnly).toBe(true);
  const guideText = (g: typeof guide) => new Map(g.values.map((r) => [String(r[0]), String(r[1] ?? '')]));
  expect(guideText(guide).get('実績')).toContain('数値と単位で入力します');
  expect(guideText(guide).get('今後の方向性')).toContain('拡充');
  expect(guideText(guide).get('提出期限')).toBe('令和3年5月31日（月）');
  expect(guideText(guide).get('提出先')).toBe('情報政策室');
  book.type('設定', book.find('設定', '調整担当者メール').row, 2, 'kikaku@city.example.lg.jp');
  expect(guideText(departmentFiles(book, null, actor)[0].outputs[0]).get('提出先')).toBe('情報政策室（kikaku@city.example.lg.jp）');
  expect(stamp.veryHidden).toBe(true);
  expect(stamp.values.flat().every((v) => typeof v === 'string')).toBe(true);
  // Editable: 提出状況 (D1), 提出日 (F1), and one block of 2020's four entry columns; no other year.
  const header = tab.values[2] as string[];
  const col2020 = header.indexOf('2020年度 実績') + 1;
  expect(tab.editableRanges).toEqual([
    { row: 1, col: 4, numRows: 1, numCols: 1 },
    { row: 1, col: 6, numRows: 1, numCols: 1 },
    { row: 4, col: col2020, numRows: tab.values.length - 3, numCols: 4 },
  ]);
  expect(header.filter((h) => /実績$/.test(h)).length).toBeGreaterThan(1);
  const reading = readStamp({ name: STAMP_SHEET, values: stamp.values });
  expect(reading.problem).toBe('');
  expect(reading.stamp).toMatchObject({ plan: analyzePlan(book, 'test').settings!.title, dept: '税制課', fiscalYear: 2020, issuedBy: actor.user });
  expect(reading.stamp!.entries.length).toBeGreaterThan(0);
});

test('collect: the department’s entries go in, logged as 回収; a second collect changes nothing', () => {
  const book = demoBook();
  const file = handOut(book, '税制課');
  const cell = actualCell(file, '税制課', '課税証明', 2020);
  file.type('税制課', cell.row, cell.col, '1,800件').type('税制課', cell.row, cell.col + 1, '窓口の混雑が減った');
  const first = collectFiles(book, [returned(file)], opts);
  expect(first.files[0]).toMatchObject({ outcome: 'imported', dept: '税制課' });
  expect(first.files[0].imported.map((i) => [i.fieldLabel, i.after])).toEqual([['実績', '1,800件'], ['コメント', '窓口の混雑が減った']]);
  expect(book.cell('税制課', cell.row, cell.col)).toBe('1,800件');
  expect(book.changeLog.map((r) => r[6])).toEqual(['回収（2020年度_税制課.xlsx）', '回収（2020年度_税制課.xlsx）']);
  expect(first.missing).not.toContain('税制課');
  expect(first.missing).toHaveLength(8);
  const writes = book.textWrites.length;
  const second = collectFiles(book, [returned(file)], opts);
  expect(second.files[0]).toMatchObject({ outcome: 'unchanged', imported: [] });
  expect(book.textWrites).toHaveLength(writes);
  expect(book.changeLog).toHaveLength(2);
});

test('collect: a cell the book changed meanwhile is a conflict and kept; with preferFile the file wins', () => {
  const book = demoBook();
  const file = handOut(book, '税制課');
  const cell = actualCell(book, '税制課', '課税証明', 2020);
  book.type('税制課', cell.row, cell.col, '1,750件');
  file.type('税制課', cell.row, cell.col, '1,800件');
  const kept = collectFiles(book, [returned(file)], opts).files[0];
  expect(kept.conflicts).toEqual([expect.objectContaining({ cell: expect.any(String), fileValue: '1,800件', bookValue: '1,750件', kept: 'book' })]);
  expect(kept.outcome).toBe('unchanged');
  expect(book.cell('税制課', cell.row, cell.col)).toBe('1,750件');
  const won = collectFiles(book, [returned(file)], { ...opts, preferFile: true }).files[0];
  expect(won.conflicts[0].kept).toBe('file');
  expect(book.cell('税制課', cell.row, cell.col)).toBe('1,800件');
  expect(book.changeLog.at(-1)?.slice(4)).toEqual(['1,750件', '1,800件', '回収（2020年度_税制課.xlsx）']);
});

test('collect: the book’s own change since issue stays when the department left the cell alone', () => {
  const book = demoBook();
  const file = handOut(book, '税制課');
  const cell = actualCell(book, '税制課', '課税証明', 2020);
  book.type('税制課', cell.row, cell.col, '1,750件');
  const r = collectFiles(book, [returned(file)], opts).files[0];
  expect(r).toMatchObject({ outcome: 'unchanged', conflicts: [] });
  expect(book.cell('税制課', cell.row, cell.col)).toBe('1,750件');
});

test('collect: changes outside the entry area are listed and ignored; added and renamed sheets are reported', () => {
  const book = demoBook();
  const file = handOut(book, '税制課');
  const target = file.find('税制課', '2020年度 予定');
  const before = book.cell('税制課', target.row + 1, target.col);
  file.type('税制課', target.row + 1, target.col, '9,999件');
  file.renameSheet('税制課', '税制課（記入済）');
  file.setSheet('メモ', [['下書き']]);
  const cell = actualCell(file, '税制課（記入済）', '課税証明', 2020);
  file.type('税制課（記入済）', cell.row, cell.col, '1,800件');
  const r = collectFiles(book, [returned(file)], opts).files[0];
  expect(r.outcome).toBe('imported');
  expect(r.outside).toEqual([{ cell: `${String.fromCharCode(64 + target.col)}${target.row + 1}`, value: '9,999件' }]);
  expect(r.renamedSheets).toEqual([{ from: '税制課', to: '税制課（記入済）' }]);
  expect(r.addedSheets).toEqual(['メモ']);
  expect(book.cell('税制課', target.row + 1, target.col)).toBe(before);
});

test('collect: a file marked 提出済 marks the tab and records the 提出; a later changed file is refused while submitted', () => {
  const book = demoBook();
  const file = handOut(book, '税制課');
  const status = file.find('税制課', '提出状況');
  file.type('税制課', status.row, status.col + 1, '提出済');
  const r = collectFiles(book, [returned(file)], opts).files[0];
  expect(r).toMatchObject({ outcome: 'imported', submitted: true });
  expect(book.cell('税制課', status.row, status.col + 1)).toBe('提出済');
  const records = readReviewLog(book.readSheet('確認履歴')).records;
  expect(records.map((x) => [x.dept, x.act, x.to])).toEqual([['税制課', '提出', '提出済']]);
  expect(records[0].check).not.toBe('');
  const cell = actualCell(file, '税制課', '課税証明', 2020);
  file.type('税制課', cell.row, cell.col, '1,900件');
  const later = collectFiles(book, [returned(file)], opts).files[0];
  expect(later.outcome).toBe('refused');
  expect(later.message).toContain('提出済');
  expect(book.cell('税制課', cell.row, cell.col)).not.toBe('1,900件');
});

test('collect: a file marked 提出済 whose entries have an error is imported but not marked 提出済', () => {
  const book = demoBook();
  const file = handOut(book, '税制課');
  const status = file.find('税制課', '提出状況');
  file.type('税制課', status.row, status.col + 1, '提出済');
  const cell = actualCell(file, '税制課', '課税証明', 2020);
  file.type('税制課', cell.row, cell.col, 'たくさん');
  const r = collectFiles(book, [returned(file)], opts).files[0];
  expect(r).toMatchObject({ outcome: 'imported', submitted: false });
  expect(r.notSubmitted).toHaveLength(1);
  expect(r.notSubmitted[0]).toContain(`税制課!${String.fromCharCode(64 + cell.col)}${cell.row}`);
  expect(book.cell('税制課', cell.row, cell.col)).toBe('たくさん');
  expect(book.cell('税制課', status.row, status.col + 1)).toBe('未提出');
  expect(book.readSheet('確認履歴')).toBeUndefined();
  const again = collectFiles(book, [returned(file)], opts).files[0];
  expect(again.outcome).toBe('unchanged');
});

test('collect refuses a file for a closed year, and split refuses to hand one out', () => {
  const book = demoBook();
  const file = handOut(book, '税制課');
  const cell = actualCell(file, '税制課', '課税証明', 2020);
  file.type('税制課', cell.row, cell.col, '1,800件');
  closeYear(book, 2020, actor);
  const logged = book.changeLog.length;
  const r = collectFiles(book, [returned(file)], opts).files[0];
  expect(r.outcome).toBe('refused');
  expect(r.message).toContain('年度確定済み');
  expect(book.changeLog).toHaveLength(logged);
  expect(() => departmentFiles(book, 2020, actor)).toThrow('2020年度は年度確定済み');
});

test('collect refuses a file of another year, another plan, a changed master, and one without a stamp', () => {
  const book = demoBook();
  const other = handOut(book, '税制課', 2019);
  const cell = actualCell(other, '税制課', '課税証明', 2019);
  other.type('税制課', cell.row, cell.col, '1,111件');
  const plain = handOut(book, '税制課').deleteSheet(STAMP_SHEET);
  const renamedPlan = handOut(book, '税制課');
  renamedPlan.type(STAMP_SHEET, 2, 2, '別の計画');
  const fresh = handOut(book, '市民課');
  const master = book.find('計画マスタ', '住民票等');
  book.type('計画マスタ', master.row, master.col, '住民票の写し等');
  const files = [returned(other, 'a.xlsx'), returned(plain, 'b.xlsx'), returned(renamedPlan, 'c.xlsx'), returned(fresh, 'd.xlsx')];
  const r = collectFiles(book, files, opts).files;
  expect(r.map((x) => x.outcome)).toEqual(['refused', 'refused', 'refused', 'refused']);
  expect(r[0].message).toContain('2019年度のファイルです');
  expect(r[1].message).toContain('配布情報');
  expect(r[2].message).toContain('別の計画');
  expect(r[3].message).toContain('計画マスタ');
  expect(book.changeLog).toHaveLength(0);
  expect(book.textWrites).toHaveLength(0);
});
