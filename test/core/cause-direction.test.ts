/**
 * 要因 and 今後の方向性 (issue 15, item 2): two entry columns per year on department tabs, old tabs upgraded by setup
 * with every entry kept, read by the check and the rollup, required before 提出 for low grades and results worse than
 * the baseline (設定 「要因が必要な評価」, default C), and carried and counted on 達成状況.
 */
import { calendarDate } from '../../src/core/calendar';
import { rollupWorkbook, setupDepartmentTabs, validateWorkbook } from '../../src/core/jobs';
import { readDeptTab } from '../../src/core/layout/department';
import { buildReport } from '../../src/core/report/build';
import { readSummaryTable } from '../../src/core/layout/summary';
import { deptForm, saveForm } from '../../src/core/sidebar/service';
import type { FormChange, FormRow } from '../../src/core/sidebar/types';
import { a1, carriedCells, type Scalar } from '../../src/core/workbook';
import type { MemoryWorkbook } from '../support/memory-workbook';
import { demoBook } from '../support/plans';

const TODAY = { now: calendarDate(2021, 6, 30, 9, 5, 3), user: 'yamada@city.example.lg.jp' };
const DIRECTION_LIST = ['拡充', '継続', '改善', '縮小', '廃止', '完了'];
const rowOf = (rows: FormRow[], name: string) => rows.find((r) => r.name === name)!;
const change = (row: FormRow, field: FormChange['field'], after: string): FormChange => ({ no: row.no, name: row.name, field, before: row[field].text, after });

/** The cell of an indicator's row under a header of its department tab. */
function cellOf(book: MemoryWorkbook, dept: string, indicator: string, header: string): { row: number; col: number } {
  const values = book.readSheet(dept)!.values;
  const col = values[2].indexOf(header) + 1;
  const row = values.findIndex((r) => r[2] === indicator) + 1;
  if (!col || !row) throw new Error(`no ${indicator} / ${header} on ${dept}`);
  return { row, col };
}

function typeAt(book: MemoryWorkbook, dept: string, indicator: string, header: string, value: Scalar): string {
  const { row, col } = cellOf(book, dept, indicator, header);
  book.type(dept, row, col, value);
  return a1(row, col);
}

function setSetting(book: MemoryWorkbook, key: string, value: Scalar): string {
  const values = book.readSheet('設定')!.values;
  let row = values.findIndex((r) => r[0] === key) + 1;
  if (!row) {
    // An optional row: typed where a coordinator would, in the blank row below the key/value rows.
    row = values.findIndex((r) => r[0] === '提出期限') + 2;
    expect(values[row - 1].every((v) => v === '')).toBe(true);
    book.type('設定', row, 1, key);
  }
  book.type('設定', row, 2, value);
  return a1(row, 2);
}

/** The tab as the layout before 要因・今後の方向性 wrote it: those columns taken out. */
function asOldLayout(book: MemoryWorkbook, dept: string): void {
  const values = book.readSheet(dept)!.values;
  const drop = new Set(values[2].flatMap((h, i) => (/ (要因|今後の方向性)$/.test(String(h)) ? [i] : [])));
  book.setSheet(dept, values.map((r) => r.filter((_, i) => !drop.has(i))));
}

describe('the department tab layout', () => {
  test('each year has 予定・実績・コメント・要因・今後の方向性; the entries are editable text, the 方向性 a list', () => {
    const book = demoBook();
    const out = book.outputs.get('税制課')!;
    const header = out.values[2];
    const i2020 = header.indexOf('2020年度 予定');
    expect(header.slice(i2020, i2020 + 5)).toEqual(['2020年度 予定', '2020年度 実績', '2020年度 コメント', '2020年度 要因', '2020年度 今後の方向性']);
    expect(header).toHaveLength(4 + 5 * 5);
    const col = (h: string) => header.indexOf(h) + 1;
    const rows = out.values.length - 3;
    expect(out.editableRanges).toContainEqual({ row: 4, col: col('2020年度 実績'), numRows: rows, numCols: 4 });
    expect(out.numberFormats).toContainEqual({ range: { row: 4, col: col('2020年度 実績'), numRows: rows, numCols: 4 }, format: '@' });
    const list = out.listValidations!.find((v) => v.range.col === col('2020年度 今後の方向性'))!;
    expect(list).toMatchObject({ range: { row: 4, numRows: rows, numCols: 1 }, values: DIRECTION_LIST });
    expect(list.helpText).toContain('今後の方向性');
    expect(out.helpTexts!.find((h) => h.range.col === col('2020年度 要因'))?.text).toContain('要因');
    // One width for every column but No.: one setColumnWidths call per new tab in Sheets.
    expect(new Set(out.columnWidths!.slice(1))).toEqual(new Set([20]));
  });

  test('an old tab without the two columns is read, and setup adds them keeping every entry where it belongs', () => {
    const book = demoBook();
    typeAt(book, '情報政策室', '申込み', '2019年度 コメント', '前年度の申込みが多かった');
    asOldLayout(book, '情報政策室');
    const old = readDeptTab(book.readSheet('情報政策室')!, { firstYear: 2019, lastYear: 2023 })!;
    expect(old.unknownColumns).toEqual([]);
    expect(old.rows.every((r) => r.causes.size === 0 && r.directions.size === 0)).toBe(true);
    const was = book.find('情報政策室', '申込み 32.8%');
    // Before setup, the analysis reads the old tab as before.
    const before = rollupWorkbook(book).analysis.rows.filter((r) => r.department === '情報政策室');

    const result = setupDepartmentTabs(book);
    const out = book.outputs.get('情報政策室')!;
    expect(out.values[2]).toContain('2020年度 要因');
    const now = book.find('情報政策室', '申込み 32.8%');
    expect(now.row).toBe(was.row);
    expect(now.col).toBe(was.col + 2); // 2019's 要因 and 今後の方向性 came in before it
    expect(book.cell('情報政策室', now.row, cellOf(book, '情報政策室', '申込み', '2019年度 コメント').col)).toBe('前年度の申込みが多かった');
    // The carry says where each old entry went, for people's notes and formats.
    const carried = [...carriedCells(out.carry!)].find((c) => c.from.row === was.row && c.from.col === was.col);
    expect(carried).toEqual({ from: was, to: now, formula: true });
    expect(result.keptEntries).toBeGreaterThan(0);
    const after = rollupWorkbook(book).analysis.rows.filter((r) => r.department === '情報政策室');
    expect(after.map((r) => [r.no, r.indicator, r.fiscalYear, r.actual, r.grade])).toEqual(before.map((r) => [r.no, r.indicator, r.fiscalYear, r.actual, r.grade]));
  });
});

describe('reading 要因 and 今後の方向性', () => {
  test('the rollup carries both; a 方向性 written with spaces or full-width spaces reads as the list value', () => {
    const book = demoBook();
    typeAt(book, '情報政策室', '施設稼働率の上昇', '2020年度 要因', '感染症対策で施設の利用を制限したため');
    typeAt(book, '情報政策室', '施設稼働率の上昇', '2020年度 今後の方向性', '　改善 ');
    const { analysis } = rollupWorkbook(book);
    const row = analysis.rows.find((r) => r.no === 4 && r.fiscalYear === 2020)!;
    expect(row).toMatchObject({ cause: '感染症対策で施設の利用を制限したため', direction: '改善', grade: 'D' });
    expect(analysis.findings.filter((f) => f.sheet === '情報政策室' && f.severity === 'error')).toEqual([]);
  });

  test('a 方向性 not on the list is an error naming its cell, in every year', () => {
    const book = demoBook();
    const cell = typeAt(book, '情報政策室', '申込み', '2019年度 今後の方向性', '拡大');
    const f = validateWorkbook(book).findings.filter((x) => x.code === 'bad-direction');
    expect(f).toEqual([expect.objectContaining({ severity: 'error', sheet: '情報政策室', cell, indicator: 'No.1 申込み' })]);
    expect(f[0].message).toMatch(/今後の方向性「拡大」は一覧（拡充・継続・改善・縮小・廃止・完了）のどれでもありません/);
  });
});

describe('提出 needs a 要因 for low grades and results worse than the baseline', () => {
  test('a D without 要因 refuses 提出 naming the cell; with it, the tab is submitted', () => {
    const book = demoBook();
    const form = deptForm(book, '情報政策室');
    const row = rowOf(form.rows, '施設稼働率の上昇');
    expect(row.causeNeeded).toMatch(/評価が「D」のため/);
    expect(row.cause.cell).toBe(a1(cellOf(book, '情報政策室', '施設稼働率の上昇', '2020年度 要因').row, cellOf(book, '情報政策室', '施設稼働率の上昇', '2020年度 要因').col));
    expect(rowOf(form.rows, '申込み').causeNeeded).toBe('');
    expect(form.directions).toEqual(DIRECTION_LIST);

    const refused = saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [], submit: true }, TODAY);
    expect(refused.status).toBe('invalid');
    expect(refused.errors).toEqual([expect.objectContaining({ sheet: '情報政策室', cell: row.cause.cell, indicator: 'No.4 施設稼働率の上昇' })]);
    expect(refused.errors[0].message).toMatch(/評価が「D」のため、要因の入力が必要です/);
    expect(refused.form.submitted).toBe(false);

    const ok = saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [change(row, 'cause', '施設の利用制限'), change(row, 'direction', '継続')], submit: true }, TODAY);
    expect(ok).toMatchObject({ status: 'saved', saved: 2, form: { submitted: true } });
    expect(rowOf(ok.form.rows, '施設稼働率の上昇')).toMatchObject({ cause: { text: '施設の利用制限' }, direction: { text: '継続' }, causeNeeded: '' });
    expect(book.cell('情報政策室', ...(Object.values(cellOf(book, '情報政策室', '施設稼働率の上昇', '2020年度 今後の方向性')) as [number, number]))).toBe('継続');
    // 変更履歴 names the cells written.
    const log = book.changeLog.map((r) => r.join('|')).join('\n');
    expect(log).toContain(row.cause.cell);
  });

  test('a 方向性 not on the list blocks 提出 like any entry error', () => {
    const book = demoBook();
    const row = rowOf(deptForm(book, '税制課').rows, '課税証明');
    const r = saveForm(book, { dept: '税制課', fiscalYear: 2020, changes: [change(row, 'direction', '拡大')], submit: true }, TODAY);
    expect(r.status).toBe('invalid');
    expect(r.errors).toEqual([expect.objectContaining({ cell: row.direction.cell, message: expect.stringContaining('拡大') })]);
  });

  test('the demo still submits where no grade is at or below C (税制課), and its check is as before', () => {
    const book = demoBook();
    expect(saveForm(book, { dept: '税制課', fiscalYear: 2020, changes: [], submit: true }, TODAY)).toMatchObject({ status: 'saved', form: { submitted: true } });
    expect(validateWorkbook(book).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('設定 「要因が必要な評価」 moves the threshold; a grade not on the scale is an error on its cell', () => {
    const book = demoBook();
    setSetting(book, '要因が必要な評価', 'A');
    const r = saveForm(book, { dept: '税制課', fiscalYear: 2020, changes: [], submit: true }, TODAY);
    expect(r.status).toBe('invalid');
    expect(r.errors[0]).toMatchObject({ indicator: 'No.2 課税証明', message: expect.stringMatching(/評価が「A」のため/) });

    const cell = setSetting(book, '要因が必要な評価', 'Ｚ');
    const f = validateWorkbook(book).findings.find((x) => x.code === 'bad-cause-grade')!;
    expect(f).toMatchObject({ severity: 'error', sheet: '設定', cell });
    // The default applies meanwhile: C and below.
    expect(rowOf(deptForm(book, '税制課').rows, '課税証明').causeNeeded).toBe('');

    setSetting(book, '要因が必要な評価', 'ｄ');
    expect(rowOf(deptForm(book, '情報政策室').rows, '施設稼働率の上昇').causeNeeded).toMatch(/「D」/);
    expect(validateWorkbook(book).findings.find((x) => x.code === 'bad-cause-grade')).toBeUndefined();
  });

  test('a result below its baseline needs a 要因 even when its grade is above the threshold', () => {
    const book = demoBook();
    // No.5 閲覧者数: baseline 144,865人; 140,000 of 154,500 is 90.6%, a B.
    typeAt(book, '広報課', '閲覧者数', '2020年度 実績', '140,000人');
    const row = rowOf(deptForm(book, '広報課').rows, '閲覧者数');
    expect(row.causeNeeded).toMatch(/基準値（144865）を下回ったため/);
    const r = saveForm(book, { dept: '広報課', fiscalYear: 2020, changes: [], submit: true }, TODAY);
    expect(r).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ cell: row.cause.cell, indicator: 'No.5 閲覧者数' })] });
    expect(rollupWorkbook(book).analysis.rows.find((x) => x.no === 5 && x.fiscalYear === 2020)?.grade).toBe('B');
  });

  test('a tab marked 提出済 in the sheet without a needed 要因: the check says so at the cell; unsubmitted tabs get no finding', () => {
    const book = demoBook();
    expect(validateWorkbook(book).findings.filter((f) => f.code === 'cause-missing')).toEqual([]);
    const status = book.find('情報政策室', '提出状況');
    book.type('情報政策室', status.row, status.col + 1, '提出済');
    const cause = cellOf(book, '情報政策室', '施設稼働率の上昇', '2020年度 要因');
    const f = validateWorkbook(book).findings.filter((x) => x.code === 'cause-missing');
    expect(f).toEqual([expect.objectContaining({ severity: 'error', sheet: '情報政策室', cell: a1(cause.row, cause.col), indicator: 'No.4 施設稼働率の上昇' })]);
    expect(f[0].message).toMatch(/^提出済ですが、評価が「D」のため/);
  });

  test('an old tab: the form has no 要因 cells, 提出 names the 実績 cell and asks for setup, a save of 要因 is refused', () => {
    const book = demoBook();
    asOldLayout(book, '情報政策室');
    const form = deptForm(book, '情報政策室');
    const row = rowOf(form.rows, '施設稼働率の上昇');
    expect(row).toMatchObject({ cause: { cell: '' }, direction: { cell: '' } });
    const r = saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [], submit: true }, TODAY);
    expect(r.errors).toEqual([expect.objectContaining({ cell: row.actual.cell, message: expect.stringContaining('部門シート作成・更新') })]);
    expect(() => saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [change(row, 'cause', 'x')], submit: false }, TODAY)).toThrow(/2020年度の要因の列がありません/);
  });
});

describe('達成状況', () => {
  test('carries 要因 and 今後の方向性 per row and counts 今後の方向性 by 基本方針 for the year', () => {
    const book = demoBook();
    typeAt(book, '情報政策室', '施設稼働率の上昇', '2020年度 要因', '施設の利用制限');
    typeAt(book, '情報政策室', '施設稼働率の上昇', '2020年度 今後の方向性', '改善');
    typeAt(book, '情報政策室', '申込み', '2020年度 今後の方向性', '継続');
    const { analysis } = rollupWorkbook(book);
    const values = book.readSheet('達成状況')!.values;
    const head = values.findIndex((r) => r[0] === 'No.' && r.includes('要因'));
    const col = (h: string) => values[head].indexOf(h);
    expect(values[head].slice(col('備考'), col('入力セル') + 1)).toEqual(['備考', '要因', '今後の方向性', '入力セル']);
    const no4 = values.find((r) => r[0] === 4 && r[col('年度')] === '2020年度')!;
    expect([no4[col('要因')], no4[col('今後の方向性')]]).toEqual(['施設の利用制限', '改善']);

    const title = values.findIndex((r) => r[0] === '基本方針別の今後の方向性（2020年度）');
    expect(values[title + 1]).toEqual(['基本方針', ...DIRECTION_LIST, '未記入', '合計']);
    const lines = new Map<string, Scalar[]>();
    for (let r = title + 2; values[r]?.length; r++) lines.set(String(values[r][0]), values[r].slice(1));
    const rows2020 = analysis.rows.filter((r) => r.fiscalYear === 2020);
    const policyOf = (no: number) => rows2020.find((r) => r.no === no)!.policy;
    const total = [...lines.values()].reduce((n, l) => n + Number(l.at(-1)), 0);
    expect(total).toBe(rows2020.length);
    const count = (policy: string, d: string) => Number(lines.get(policy)![[...DIRECTION_LIST, '未記入'].indexOf(d)]);
    expect(count(policyOf(4), '改善')).toBe(1);
    expect(count(policyOf(1), '継続')).toBe(1);
    // The table reads back, and a 達成状況 written before the two columns (a closed year's snapshot) still does.
    const table = readSummaryTable(book.readSheet('達成状況')!);
    expect(table).toHaveLength(analysis.rows.length);
    const keep = values[head].map((h) => h !== '要因' && h !== '今後の方向性');
    const older = values.map((r, i) => (i >= head && i <= head + analysis.rows.length ? r.filter((_, j) => keep[j] ?? true) : r));
    expect(readSummaryTable({ name: '達成状況', values: older })).toEqual(table);
  });
});

describe('the report', () => {
  test('a plan page shows the 要因 and 今後の方向性 with the comment of the year', () => {
    const book = demoBook();
    typeAt(book, '情報政策室', '施設稼働率の上昇', '2020年度 要因', '施設の利用制限');
    typeAt(book, '情報政策室', '施設稼働率の上昇', '2020年度 今後の方向性', '改善 ');
    const { analysis, settings } = rollupWorkbook(book);
    const report = buildReport(analysis, settings, { audience: 'internal', dataDate: calendarDate(2021, 5, 31) });
    const page = report.plans.find((p) => p.no === 4)!;
    const c = page.comments.find((x) => x.fiscalYear === 2020)!;
    expect(c).toMatchObject({ indicator: '施設稼働率の上昇', cause: '施設の利用制限', direction: '改善' });
    expect(c.text).toBe('要因: 施設の利用制限\n今後の方向性: 改善');
  });
});
