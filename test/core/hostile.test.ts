/**
 * Hostile workbooks (issue 5, point 9): validate, the check and rollup on broken workbooks end in located
 * Japanese findings, or in a Japanese UserError when the book is unusable, never in a crash; and whatever
 * fails leaves the previous 達成状況 as it was. The last test prints how many hostile workbooks were tried.
 */
import { calendarDate } from '../../src/core/calendar';
import { UserError } from '../../src/core/errors';
import { checkWorkbook, rollupWorkbook, validateWorkbook } from '../../src/core/jobs';
import { readFindingsTable } from '../../src/core/layout/findings';
import { readSummaryTable } from '../../src/core/layout/summary';
import type { SummaryRow } from '../../src/core/analyze';
import type { Finding } from '../../src/core/model';
import { sheetFormats, type Scalar, type SheetData, type SheetOutput } from '../../src/core/workbook';
import { MemoryWorkbook } from '../support/memory-workbook';
import { actualCell, demoBook, otherCityBook } from '../support/plans';
import { TENFOLD_LIMIT, tenfoldGrowth } from '../support/scaling';

const SUMMARY = '達成状況';
const FINDINGS = '検証結果';
const JAPANESE = /[\u3040-\u30FF\u4E00-\u9FFF]/;
/** Excel's limit for one cell (Sheets allows 50,000). */
const EXCEL_CELL_LIMIT = 32_767;
const LONG = 50_000;
const long = (c = 'あ') => c.repeat(LONG);

let tried = 0;

interface Result {
  refused?: UserError;
  findings: Finding[];
  rows: SummaryRow[];
  book: MemoryWorkbook;
}

/** A job's outcome: its result, or the UserError it stopped with. Anything else is a crash and fails the test. */
function guarded<T>(job: () => T): T | UserError {
  try {
    return job();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw new Error(`crashed instead of a finding or a UserError: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

/** Plain checks (10,000-finding books make jest's expect the slow part). */
function expectLocated(f: Finding): void {
  const bad = (why: string) => {
    throw new Error(`${why}: ${JSON.stringify(f).slice(0, 300)}`);
  };
  if (!JAPANESE.test(f.message)) bad('not Japanese');
  if (/undefined|NaN|Infinity|\[object |GMT/.test(f.message)) bad('a leaked value');
  if (f.sheet === '') bad('no sheet');
  if (!/^$|^[A-Z]{1,3}[1-9]\d*$/.test(f.cell)) bad('not a cell');
  for (const text of [f.sheet, f.indicator, f.message]) if (text.length > 1100) bad(`${text.length} characters`);
}

function expectWritable(out: SheetOutput): void {
  for (const row of out.values)
    for (const v of row) {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${out.name}: non-finite ${v}`);
      if (typeof v === 'string' && v.length > EXCEL_CELL_LIMIT) throw new Error(`${out.name}: a cell of ${v.length} characters`);
    }
}

/**
 * Runs validate, the check (validate --out) and rollup on a hostile book. Both either succeed with located
 * findings or refuse with the same Japanese UserError; a refusal writes nothing.
 */
function attempt(book: MemoryWorkbook): Result {
  tried++;
  const before = book.sheetNames().includes(SUMMARY) ? book.readSheet(SUMMARY)!.values : undefined;
  const writes = book.writes;
  const validated = guarded(() => validateWorkbook(book));
  expect(book.writes).toBe(writes);
  const checked = guarded(() => checkWorkbook(book));
  const rolled = guarded(() => rollupWorkbook(book));
  if (validated instanceof UserError) {
    // The same reasons, each job naming itself (入力チェックできません / 集計できません).
    const reasons = (e: UserError) => e.message.replace(/^\S*できません/, '');
    for (const e of [checked, rolled]) {
      expect(e).toBeInstanceOf(UserError);
      expect(reasons(e as UserError)).toBe(reasons(validated));
    }
    expect(validated.message).toMatch(JAPANESE);
    expect(validated.message).not.toMatch(/TypeError|undefined|\n\s+at /);
    expect(book.writes).toBe(writes);
    if (before) expect(book.readSheet(SUMMARY)!.values).toEqual(before);
    return { refused: validated, findings: [], rows: [], book };
  }
  if (checked instanceof UserError || rolled instanceof UserError) throw new Error('validate ran but rollup refused');
  const { analysis } = rolled;
  const all = JSON.stringify(analysis.findings);
  expect(JSON.stringify(validated.findings)).toBe(all);
  expect(JSON.stringify(checked.findings)).toBe(all);
  for (const f of analysis.findings) expectLocated(f);
  for (const name of [SUMMARY, FINDINGS]) expectWritable(book.outputs.get(name)!);
  expect(readSummaryTable(book.readSheet(SUMMARY)!)).toHaveLength(analysis.rows.length);
  expect(readFindingsTable(book.readSheet(FINDINGS)!)).toHaveLength(analysis.findings.length);
  for (const r of analysis.rows) if (r.rate !== null) expect(Number.isFinite(r.rate)).toBe(true);
  return { findings: analysis.findings, rows: analysis.rows, book };
}

const refused = (r: Result, message: RegExp) => {
  expect(r.refused).toBeDefined();
  expect(r.refused!.message).toMatch(message);
};
const found = (r: Result, want: Partial<Finding>) => {
  expect(r.refused).toBeUndefined();
  expect(r.findings).toContainEqual(expect.objectContaining(want));
};
const noErrors = (r: Result) => {
  expect(r.refused).toBeUndefined();
  expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
};

/** Another city's plan with a few entries, rolled up once so that a previous 達成状況 exists. */
function base(): MemoryWorkbook {
  const book = otherCityBook();
  typeActual(book, '人事課', '年間残業時間', 2025, '46,000時間');
  typeActual(book, '教育総務課', '書かない窓口導入校', 2025, '12校');
  typeActual(book, 'DX推進課', '移行システム数', 2024, 2);
  rollupWorkbook(book);
  return book;
}

function typeActual(book: MemoryWorkbook, dept: string, name: string, fy: number, value: Scalar): string {
  const { row, col } = actualCell(book, dept, name, fy);
  book.type(dept, row, col, value);
  return at(row, col);
}

const at = (row: number, col: number) => `${String.fromCharCode(64 + col)}${row}`;

/** Replaces the text of the cell that holds `text` on `sheet`; returns its A1. */
function replace(book: MemoryWorkbook, sheet: string, text: string, value: Scalar): string {
  const c = book.find(sheet, text);
  book.type(sheet, c.row, c.col, value);
  return at(c.row, c.col);
}

/** The master cell of an indicator's row under a header. */
function masterCell(book: MemoryWorkbook, name: string, header: string): { row: number; col: number; a1: string } {
  const row = book.find('計画マスタ', name).row;
  const col = book.find('計画マスタ', header).col;
  return { row, col, a1: at(row, col) };
}

function setMaster(book: MemoryWorkbook, name: string, header: string, value: Scalar): string {
  const c = masterCell(book, name, header);
  book.type('計画マスタ', c.row, c.col, value);
  return c.a1;
}

function values(book: MemoryWorkbook, sheet: string): Scalar[][] {
  return book.readSheet(sheet)!.values;
}

describe('missing, renamed and extra sheets', () => {
  test('an empty workbook', () => refused(attempt(new MemoryWorkbook()), /進捗管理のブックではありません/));
  test('a workbook of something else', () => refused(attempt(new MemoryWorkbook().setSheet('Sheet1', [['売上', 100]])), /「設定」「計画マスタ」シートが必要/));
  test.each(['設定', '計画マスタ'])('%s deleted', (name) => refused(attempt(base().deleteSheet(name)), /進捗管理のブックではありません/));
  test.each(['設定', '計画マスタ'])('%s renamed', (name) => refused(attempt(base().renameSheet(name, `${name} (2)`)), /「設定」「計画マスタ」シートが必要/));
  test('設定 emptied', () => refused(attempt(base().setSheet('設定', [])), /できません[\s\S]*計画期間（開始年度）」の行がありません/));
  test('計画マスタ emptied', () => found(attempt(base().setSheet('計画マスタ', [])), { severity: 'error', code: 'header-missing', sheet: '計画マスタ', cell: 'A1' }));
  test('a department tab deleted', () => found(attempt(base().deleteSheet('人事課')), { severity: 'error', code: 'missing-tab', sheet: '人事課' }));
  test('a department tab renamed', () => {
    const r = attempt(base().renameSheet('人事課', '人事課（旧）'));
    found(r, { severity: 'error', code: 'missing-tab', sheet: '人事課' });
    found(r, { severity: 'warning', code: 'unknown-tab', sheet: '人事課（旧）' });
  });
  test('a department tab copied', () => {
    const book = base();
    book.setSheet('人事課 のコピー', values(book, '人事課'));
    found(attempt(book), { severity: 'warning', code: 'unknown-tab', sheet: '人事課 のコピー' });
  });
  test('達成状況 deleted and 検証結果 renamed', () => noErrors(attempt(base().deleteSheet(SUMMARY).renameSheet(FINDINGS, '検証結果（前回）'))));
  test('forty extra sheets, blank or of other content', () => {
    const book = base();
    for (let i = 0; i < 40; i++) book.setSheet(`Sheet${i}`, i % 2 ? [] : [['メモ', i], [true, calendarDate(2025, 1, 1)]]);
    noErrors(attempt(book));
  });
  test('a sheet named like a department that is not a department tab', () => {
    const book = base().setSheet('人事課', [['メモ'], ['大事なこと']]);
    found(attempt(book), { severity: 'error', code: 'header-missing', sheet: '人事課', cell: 'A1' });
    expect(book.cell('人事課', 2, 1)).toBe('大事なこと');
  });
  test.each([SUMMARY, '設定', '計画マスタ'])('a department named like the add-in\'s sheet %s', (name) => {
    const book = base();
    const cell = setMaster(book, '年間残業時間', '報告部門', name);
    const r = attempt(book);
    found(r, { severity: 'error', code: 'reserved-dept', sheet: '計画マスタ', cell });
    expect(r.findings.filter((f) => f.code === 'missing-tab' && f.sheet === name)).toEqual([]);
  });
});

describe('missing and renamed headers', () => {
  test.each(['計画期間（開始年度）', '計画期間（終了年度）'])('設定: row 「%s」 renamed', (key) => {
    const book = base();
    replace(book, '設定', key, `${key}（旧）`);
    refused(attempt(book), new RegExp(`できません[\\s\\S]*・設定: 「${key.replace(/[()（）]/g, '.')}」の行がありません`));
  });
  test('設定: row 「評価年度」 renamed: the last year is evaluated, with an error', () => {
    const book = base();
    replace(book, '設定', '評価年度', '評価する年度');
    found(attempt(book), { severity: 'error', code: 'setting-row-missing', sheet: '設定', message: expect.stringContaining('「評価年度」') });
  });
  test('設定: 評価基準 renamed: the grade table still decides', () => {
    const book = base();
    replace(book, '設定', '評価基準', '基準');
    const r = attempt(book);
    noErrors(r);
    expect(validateWorkbook(book).settings!.scale.map((b) => b.grade)).toEqual(['S', 'A', 'B', 'C']);
  });
  test.each(['達成率の下限(%)', '評価'])('設定: grade table header 「%s」 renamed', (header) => {
    const book = base();
    const { row } = book.find('設定', '達成率の下限(%)');
    book.type('設定', row, book.find('設定', '名称').col, '名称');
    const cell = book.readSheet('設定')!.values[row - 1].findIndex((v) => v === header) + 1;
    book.type('設定', row, cell, `${header}（変更）`);
    found(attempt(book), { severity: 'error', code: 'grade-header-missing', sheet: '設定', cell: `A${row}`, message: expect.stringContaining(`「${header}」`) });
  });
  test.each(['No.', 'アクションプラン', '指標名', '単位', '報告部門'])('計画マスタ: required header 「%s」 renamed', (header) => {
    const book = base();
    replace(book, '計画マスタ', header, `${header}（旧）`);
    found(attempt(book), { severity: 'error', code: 'header-missing', sheet: '計画マスタ', cell: 'A1', message: expect.stringContaining(`「${header}」`) });
  });
  test.each(['方向', '算定方法', '基準値', '累計', '状態'])('計画マスタ: header 「%s」 renamed: every indicator takes the default, and says so', (header) => {
    const book = base();
    replace(book, '計画マスタ', header, `${header}（旧）`);
    found(attempt(book), { severity: 'warning', code: 'header-missing', sheet: '計画マスタ', cell: 'A1', message: expect.stringContaining(`「${header}」`) });
  });
  test('計画マスタ: the header row moved down, columns reversed', () => {
    const book = base();
    const v = values(book, '計画マスタ');
    book.setSheet('計画マスタ', [[], ['計画マスタ（2025年4月改訂）'], [], ...v.map((r) => [...r].reverse())]);
    noErrors(attempt(book));
    expect(validateWorkbook(book).indicators).toHaveLength(5);
  });
  test('計画マスタ: every 予定 header renamed', () => {
    const book = base();
    for (let fy = 2024; fy <= 2028; fy++) replace(book, '計画マスタ', `${fy}年度 予定`, `${fy} 目標値`);
    found(attempt(book), { severity: 'error', code: 'no-target-columns', sheet: '計画マスタ', cell: 'A1' });
  });
  test('計画マスタ: one 予定 header renamed', () => {
    const book = base();
    replace(book, '計画マスタ', '2025年度 予定', '2025 予定値');
    found(attempt(book), { severity: 'warning', code: 'missing-year-column', sheet: '計画マスタ', message: expect.stringContaining('2025年度 予定') });
  });
  test('計画マスタ: two 予定 columns for one year', () => {
    const book = base();
    const c = book.find('計画マスタ', '2026年度 予定');
    book.type('計画マスタ', c.row, c.col, '令和7年度 予定');
    found(attempt(book), { severity: 'error', code: 'duplicate-year-column', sheet: '計画マスタ', cell: at(c.row, c.col) });
  });
  test.each(['No.', '指標名'])('department tab: header 「%s」 renamed', (header) => {
    const book = base();
    replace(book, '人事課', header, `${header}?`);
    found(attempt(book), { severity: 'error', code: 'header-missing', sheet: '人事課', cell: 'A1' });
  });
  test('department tab: the 実績 header of a year renamed, with an entry under it', () => {
    const book = base();
    replace(book, '人事課', '2025年度 実績', '2025年度 実績値');
    const r = attempt(book);
    found(r, { severity: 'error', code: 'missing-year-column', sheet: '人事課', cell: 'A3', message: expect.stringContaining('2025年度 実績') });
  });
  test('department tab: every 実績 header renamed', () => {
    const book = base();
    for (let fy = 2024; fy <= 2028; fy++) replace(book, '人事課', `${fy}年度 実績`, `${fy}年度 結果`);
    found(attempt(book), { severity: 'error', code: 'header-missing', sheet: '人事課' });
  });
  test('department tab: two 実績 columns for one year', () => {
    const book = base();
    const c = book.find('人事課', '2026年度 実績');
    book.type('人事課', c.row, c.col, '2025年度 実績');
    const r = attempt(book);
    found(r, { severity: 'error', code: 'duplicate-year-column', sheet: '人事課', cell: at(c.row, c.col) });
    found(r, { severity: 'error', code: 'missing-year-column', sheet: '人事課', message: expect.stringContaining('2026年度 実績') });
  });
  test('department tab: the submission line and instructions removed', () => {
    const book = base();
    const v = values(book, '人事課');
    book.setSheet('人事課', v.slice(2));
    noErrors(attempt(book));
  });
  test('department tab: the table pushed below row 30', () => {
    const book = base();
    book.setSheet('人事課', [...Array.from({ length: 40 }, () => ['']), ...values(book, '人事課')]);
    found(attempt(book), { severity: 'error', code: 'header-missing', sheet: '人事課' });
  });
});

describe('50,000-character cells', () => {
  test('in an entry', () => {
    const book = base();
    const cell = typeActual(book, '人事課', '年間残業時間', 2025, long('1'));
    found(attempt(book), { severity: 'error', code: 'too-long', sheet: '人事課', cell });
  });
  test('in a comment, the submission status and the submission date', () => {
    const book = base();
    const { row, col } = actualCell(book, '人事課', '年間残業時間', 2025);
    book.type('人事課', row, col + 1, long());
    const status = replace(book, '人事課', '未提出', long('済'));
    book.type('人事課', 1, 6, long('日'));
    found(attempt(book), { severity: 'warning', code: 'bad-submission-status', sheet: '人事課', cell: status });
  });
  test('in an indicator name, in both the master and the tab', () => {
    const book = base();
    setMaster(book, '年間残業時間', '指標名', long('名'));
    replace(book, '人事課', '年間残業時間', long('名'));
    noErrors(attempt(book));
  });
  test('in an indicator name in the master only', () => {
    const book = base();
    setMaster(book, '年間残業時間', '指標名', long('名'));
    found(attempt(book), { severity: 'error', code: 'not-in-master', sheet: '人事課' });
  });
  test.each([
    ['報告部門', 'missing-tab'],
    ['No.', 'bad-no'],
    ['単位', 'unit-mismatch'],
    ['方向', 'bad-direction'],
    ['状態', 'bad-state'],
    ['算定方法', 'bad-method'],
    ['基準値', 'bad-baseline'],
    ['2025年度 予定', 'too-long'],
    ['アクションプラン', null],
    ['備考', null],
  ])('in the master column %s', (header, code) => {
    const book = base();
    setMaster(book, '年間残業時間', header, long(header === 'No.' || header === '基準値' ? '9' : 'x'));
    const r = attempt(book);
    if (code) found(r, { severity: 'error', code });
    else noErrors(r);
  });
  test('in the title of 設定', () => {
    const book = base();
    replace(book, '設定', '北浜市 DX推進計画', long());
    noErrors(attempt(book));
  });
  test('in the years of 設定', () => {
    const book = base();
    const { row } = book.find('設定', '評価年度');
    book.type('設定', row, 2, long('2'));
    found(attempt(book), { severity: 'error', code: 'setting-not-fy', sheet: '設定', cell: `B${row}` });
    const first = book.find('設定', '計画期間（開始年度）').row;
    book.type('設定', first, 2, long('2'));
    refused(attempt(book), new RegExp(`設定!B${first}`));
  });
  test('as a header of the master', () => {
    const book = base();
    replace(book, '計画マスタ', '単位', long('単'));
    found(attempt(book), { severity: 'error', code: 'header-missing', message: expect.stringContaining('「単位」') });
  });
  test('as a sheet name a department refers to, and a grade label', () => {
    const book = base();
    setMaster(book, '運用経費', '報告部門', long('課'));
    replace(book, '設定', '大きく上回る', long('超'));
    const r = attempt(book);
    found(r, { severity: 'error', code: 'missing-tab' });
  });
});

describe('10,000-row tabs', () => {
  const ROWS = 10_000;
  // Each test also checks that the work grows about linearly with the rows (CPU time at 10,000 against 1,000, in
  // this process; test/support/scaling.ts), rather than timing it against a constant.
  test('a master with 10,000 rows of junk under the plan', () => {
    const { growth, result: r } = tenfoldGrowth((rows) => {
      const book = base();
      const v = values(book, '計画マスタ');
      for (let i = 0; i < rows; i++) v.push([i % 3 ? `x${i}` : i + 100, '', '', `計画${i}`, i % 2 ? '' : `指標${i}`, '件', i % 5 ? '増加' : '横ばい', '', '', '', '', '', '', '', '', '', `${i}件`]);
      book.setSheet('計画マスタ', v);
      return () => attempt(book);
    }, ROWS);
    expect(growth).toBeLessThan(TENFOLD_LIMIT);
    found(r, { severity: 'error', code: 'bad-no', sheet: '計画マスタ', cell: 'A8' });
    found(r, { severity: 'error', code: 'bad-direction' });
    found(r, { severity: 'error', code: 'missing-dept' });
  });
  test('a department tab with 10,000 rows of entries without an indicator', () => {
    let book = base();
    const { growth, result: r } = tenfoldGrowth((rows) => {
      book = base();
      const v = values(book, '人事課');
      const col = book.find('人事課', '2025年度 実績').col;
      for (let i = 0; i < rows; i++) {
        const row: Scalar[] = Array(v[2].length).fill('');
        row[col - 1] = `${i}時間`;
        v.push(row);
      }
      book.setSheet('人事課', v);
      return () => attempt(book);
    }, ROWS);
    expect(growth).toBeLessThan(TENFOLD_LIMIT);
    expect(r.findings.filter((f) => f.code === 'entry-without-indicator')).toHaveLength(ROWS);
    expect(readFindingsTable(book.readSheet(FINDINGS)!).length).toBeGreaterThanOrEqual(ROWS);
  });
  test('a plan of 10,000 indicators, every one entered', () => {
    const { growth, result: r } = tenfoldGrowth((indicators) => {
      const book = base();
      const v = values(book, '計画マスタ');
      const header = v[0];
      const col = (h: string) => header.indexOf(h);
      for (let i = 0; i < indicators; i++) {
        const row: Scalar[] = Array(header.length).fill('');
        row[col('No.')] = 100 + i;
        row[col('アクションプラン')] = `計画${i}`;
        row[col('指標名')] = `指標${i}`;
        row[col('単位')] = '件';
        row[col('報告部門')] = `部門${i % 10}`;
        row[col('2025年度 予定')] = `${i + 1}件`;
        v.push(row);
      }
      book.setSheet('計画マスタ', v);
      // The department tabs hold one row per indicator, each with an entry (not set up: typed here).
      for (let d = 0; d < 10; d++) {
        const rows: Scalar[][] = [['部門', `部門${d}`, '提出状況', '未提出'], [], ['No.', '指標名', '2025年度 実績']];
        for (let i = d; i < indicators; i += 10) rows.push([100 + i, `指標${i}`, i % 7 ? `${i}件` : '未測定']);
        book.setSheet(`部門${d}`, rows);
      }
      return () => attempt(book);
    }, ROWS);
    expect(growth).toBeLessThan(TENFOLD_LIMIT);
    expect(r.refused).toBeUndefined();
    expect(r.rows.filter((x) => x.no >= 100 && x.status === '評価済')).toHaveLength(ROWS - Math.ceil(ROWS / 7));
    found(r, { severity: 'error', code: 'missing-year-column', sheet: '部門0' });
  });
  test('a 10,000-row sheet of other content and a 5,000-column header row', () => {
    const book = base();
    book.setSheet('メモ', Array.from({ length: ROWS }, (_, i) => [i, `メモ${i}`, i % 2 === 0]));
    const v = values(book, '計画マスタ');
    for (let c = 0; c < 5000; c++) v[0].push(`列${c}`);
    book.setSheet('計画マスタ', v);
    noErrors(attempt(book));
  });
});

describe('wrong types', () => {
  test.each<[string, Scalar, string]>([
    ['TRUE', true, 'boolean'],
    ['a date', calendarDate(2025, 6, 30), 'date'],
    ['NaN', NaN, 'not-finite'],
    ['Infinity', Infinity, 'not-finite'],
    ['1e300', 1e300, 'too-large'],
    ['#DIV/0!', '#DIV/0!', 'formula-error'],
    ['#REF!', '#REF!', 'formula-error'],
    ['#N/A', '#N/A', 'formula-error'],
    ['#VALUE!', '#VALUE!', 'formula-error'],
    ['#NAME?', '#NAME?', 'formula-error'],
    ['#ERROR!', '#ERROR!', 'formula-error'],
    ['a formula kept as text', '=SUM(H4:H9)', 'no-number'],
  ])('an entry that is %s', (_, value, code) => {
    const book = base();
    const cell = typeActual(book, '人事課', '年間残業時間', 2025, value);
    const r = attempt(book);
    found(r, { severity: 'error', code, sheet: '人事課', cell });
    const row = rollupWorkbook(book).analysis.rows.find((x) => x.indicator === '年間残業時間' && x.fiscalYear === 2025)!;
    expect(row).toMatchObject({ status: '入力エラー', actual: null, rate: null });
  });
  test.each<[string, Scalar]>([['#DIV/0!', '#DIV/0!'], ['TRUE', true], ['a date', calendarDate(2025, 4, 1)]])('a target that is %s', (_, value) => {
    const book = base();
    const cell = setMaster(book, '年間残業時間', '2025年度 予定', value);
    const r = attempt(book);
    found(r, { severity: 'error', sheet: '計画マスタ', cell });
    const row = rollupWorkbook(book).analysis.rows.find((x) => x.indicator === '年間残業時間' && x.fiscalYear === 2025)!;
    expect(row).toMatchObject({ status: '目標エラー', rate: null });
  });
  test.each<[string, Scalar, string]>([
    ['text', 'abc', '「abc」'],
    ['a fraction', 1.5, '「1.5」'],
    ['a date', calendarDate(2025, 4, 1), '「2025-04-01」'],
    ['TRUE', true, '「true」'],
    ['#REF!', '#REF!', '「#REF!」'],
    ['empty (merged over the rows of a plan)', '', 'セルを結合せず'],
  ])('a master No. that is %s', (_, value, quoted) => {
    const book = base();
    const cell = setMaster(book, '年間残業時間', 'No.', value);
    found(attempt(book), { severity: 'error', code: 'bad-no', sheet: '計画マスタ', cell, message: expect.stringContaining(quoted) });
  });
  test('a department-tab No. that is a date', () => {
    const book = base();
    const row = book.find('人事課', '年間残業時間').row;
    book.type('人事課', row, 1, calendarDate(2025, 4, 1));
    const cell = `A${row}`;
    found(attempt(book), { severity: 'error', code: 'bad-no', sheet: '人事課', cell, message: expect.stringContaining('2025-04-01') });
  });
  test.each<[string, Scalar, string]>([
    ['基準値', '多い', 'bad-baseline'],
    ['基準値', false, 'bad-baseline'],
    ['基準値', calendarDate(2023, 4, 1), 'bad-baseline'],
    ['方向', 1, 'bad-direction'],
    ['状態', true, 'bad-state'],
    ['算定方法', calendarDate(2023, 4, 1), 'bad-method'],
  ])('master %s that is %p', (header, value, code) => {
    const book = base();
    const cell = setMaster(book, '年間残業時間', header, value);
    const r = attempt(book);
    found(r, { severity: 'error', code, sheet: '計画マスタ', cell });
    for (const f of r.findings) expect(f.message).not.toMatch(/GMT|Coordinated/);
  });
  test('numbers, booleans and dates where the master has names', () => {
    const book = base();
    setMaster(book, '年間残業時間', '指標名', 2024);
    replace(book, '人事課', '年間残業時間', 2024);
    setMaster(book, '移行システム数', '単位', true);
    typeActual(book, 'DX推進課', '移行システム数', 2025, '3システム');
    setMaster(book, '移行システム数', '累計', calendarDate(2024, 1, 1));
    setMaster(book, '書かない窓口導入校', '基本方針', false);
    const r = attempt(book);
    expect(r.refused).toBeUndefined();
    found(r, { severity: 'error', code: 'unit-mismatch', sheet: 'DX推進課' });
  });
  test('a department that is a number', () => {
    const book = base();
    setMaster(book, '年間残業時間', '報告部門', 42);
    found(attempt(book), { severity: 'error', code: 'missing-tab', sheet: '42' });
  });
  test('error values in every cell of a department tab', () => {
    const book = base();
    book.setSheet('人事課', values(book, '人事課').map((row, r) => (r < 3 ? row : row.map(() => '#REF!'))));
    found(attempt(book), { severity: 'error', code: 'bad-no', sheet: '人事課' });
  });
  test('dates in every cell of a department tab', () => {
    const book = base();
    book.setSheet('人事課', values(book, '人事課').map((row) => row.map(() => calendarDate(2025, 1, 1))));
    found(attempt(book), { severity: 'error', code: 'header-missing', sheet: '人事課' });
  });
  test('設定 years that are a boolean, error values, a fraction, reversed, or dates', () => {
    const year = (key: string, value: Scalar) => {
      const book = base();
      book.type('設定', book.find('設定', key).row, 2, value);
      return attempt(book);
    };
    found(year('評価年度', true), { severity: 'error', code: 'setting-boolean', sheet: '設定', cell: 'B6' });
    refused(year('計画期間（開始年度）', false), /TRUE\/FALSE/);
    refused(year('計画期間（開始年度）', '#REF!'), /設定!B4/);
    refused(year('計画期間（終了年度）', 2025.5), /設定!B5/);
    refused(year('計画期間（終了年度）', 2020), /終了年度.*が開始年度.*より前/);
    noErrors(year('計画期間（開始年度）', calendarDate(2024, 4, 1)));
    found(year('評価年度', calendarDate(2035, 4, 1)), { severity: 'error', code: 'year-out-of-period', sheet: '設定' });
  });
  test.each<[string, Scalar]>([['#REF!', '#REF!'], ['TRUE', true], ['a date', calendarDate(2025, 1, 1)]])('a grade bound that is %s', (_, value) => {
    const book = base();
    const { row } = book.find('設定', '大きく上回る');
    const col = book.find('設定', '達成率の下限(%)').col;
    book.type('設定', row, col, value);
    found(attempt(book), { severity: 'error', code: 'bad-scale-bound', sheet: '設定', cell: at(row, col) });
  });
  test('ragged rows, holes and nulls as a careless shell might hand them over', () => {
    const book = base();
    const v = values(book, '計画マスタ');
    const holey = v.map((row, i) => {
      if (i === 0) return row;
      const copy: Scalar[] = new Array(row.length + 3);
      row.forEach((x, c) => {
        if (c % 4 !== 1) copy[c] = x;
      });
      return copy;
    });
    holey.push([], [null as unknown as Scalar, undefined as unknown as Scalar]);
    book.setSheet('計画マスタ', holey);
    const tab = values(book, '人事課');
    tab[3] = tab[3].slice(0, 5);
    book.setSheet('人事課', tab);
    expect(attempt(book).refused).toBeUndefined();
  });
});

describe('duplicates', () => {
  test('an indicator twice in the master', () => {
    const book = base();
    const v = values(book, '計画マスタ');
    const row = v.find((r) => r.includes('年間残業時間'))!;
    v.push([...row]);
    book.setSheet('計画マスタ', v);
    found(attempt(book), { severity: 'error', code: 'duplicate-indicator', sheet: '計画マスタ', cell: `E${v.length}` });
  });
  test('an indicator twice in its tab, with different entries', () => {
    const book = base();
    const v = values(book, '人事課');
    const row = [...v[3]];
    row[row.indexOf('46,000時間')] = '47,000時間';
    v.push(row);
    book.setSheet('人事課', v);
    found(attempt(book), { severity: 'error', code: 'duplicate-row', sheet: '人事課', cell: `A${v.length}` });
  });
  test('the same plan No. for two action plans', () => {
    const book = base();
    const cell = setMaster(book, '運用経費', 'No.', 1);
    found(attempt(book), { severity: 'error', code: 'duplicate-no', sheet: '計画マスタ', cell });
  });
});

describe('the demo, damaged', () => {
  test('every kind of damage at once', () => {
    const book = demoBook();
    rollupWorkbook(book);
    book.deleteSheet('法制室').renameSheet('広報課', '広報');
    replace(book, '計画マスタ', '単位', '単位（件・人）');
    replace(book, '税制課', '2020年度 実績', '2020年度 実積');
    replace(book, '情報政策室', '(本年度末測定)', long());
    const r = attempt(book);
    for (const code of ['missing-tab', 'header-missing', 'missing-year-column', 'too-long']) found(r, { code });
  });
});

describe('a failure midway leaves the previous 達成状況 as it was', () => {
  /** A copy of a book that records each read and write, and fails on the n-th read (0: never). */
  class RecordingBook extends MemoryWorkbook {
    readonly log: string[] = [];
    private count = 0;
    constructor(from: MemoryWorkbook, private readonly failOn: number) {
      super();
      for (const name of from.sheetNames()) {
        const sheet = from.readSheet(name)!;
        this.setSheet(name, sheet.values, sheetFormats(sheet));
      }
    }
    override readSheet(name: string): SheetData | undefined {
      this.log.push(`read ${name}`);
      if (++this.count === this.failOn) throw new Error('読み込みに失敗しました（テスト）');
      return super.readSheet(name);
    }
    override writeSheets(outputs: SheetOutput[]): void {
      this.log.push(`write ${outputs.map((o) => o.name).join(',')}`);
      super.writeSheets(outputs);
    }
  }

  test('rollup reads everything, computes, then writes 達成状況, 検証結果 and グラフ in one call at the very end', () => {
    const book = new RecordingBook(base(), 0);
    rollupWorkbook(book);
    expect(book.log.filter((l) => l.startsWith('write'))).toEqual([`write ${SUMMARY},${FINDINGS},グラフ`]);
    expect(book.log[book.log.length - 1]).toBe(`write ${SUMMARY},${FINDINGS},グラフ`);
  });

  test('a read that fails at any point writes nothing', () => {
    const original = base();
    const probe = new RecordingBook(original, 0);
    rollupWorkbook(probe);
    const count = probe.log.filter((l) => l.startsWith('read')).length;
    expect(count).toBeGreaterThan(3);
    for (let n = 1; n <= count; n++) {
      tried++;
      const book = new RecordingBook(original, n);
      const summary = book.cell(SUMMARY, 1, 1);
      const writes = book.writes;
      expect(() => rollupWorkbook(book)).toThrow('読み込みに失敗しました');
      expect(book.log.some((l) => l.startsWith('write'))).toBe(false);
      expect(book.writes).toBe(writes);
      expect(book.cell(SUMMARY, 1, 1)).toBe(summary);
      expect(values(book, SUMMARY)).toEqual(values(original, SUMMARY));
      expect(values(book, FINDINGS)).toEqual(values(original, FINDINGS));
    }
  });

  test('a refused rollup leaves the previous 達成状況 and 検証結果', () => {
    const book = base();
    const summary = values(book, SUMMARY);
    const findings = values(book, FINDINGS);
    book.type('設定', book.find('設定', '計画期間（開始年度）').row, 2, '来年度');
    refused(attempt(book), /計画期間（開始年度）/);
    expect(values(book, SUMMARY)).toEqual(summary);
    expect(values(book, FINDINGS)).toEqual(findings);
  });
});

test('hostile workbooks tried', () => {
  process.stdout.write(`hostile workbooks tried (core): ${tried}\n`);
  expect(tried).toBeGreaterThanOrEqual(100);
});
