/** The sidebar's server side on the demo plan: the form, compare-and-set saves, 提出, the coordinator's view. */
import { calendarDate } from '../../src/core/calendar';
import { setupDepartmentTabs } from '../../src/core/jobs';
import { checkEntry } from '../../src/core/sidebar/entry-check';
import { coordinatorView, deptForm, sidebarStart, entryText, runCheck, runRollup, saveForm } from '../../src/core/sidebar/service';
import type { FormChange, FormRow } from '../../src/core/sidebar/types';
import { MemoryWorkbook } from '../support/memory-workbook';
import { actualCell, demoBook, otherCityBook } from '../support/plans';

const TODAY = { now: calendarDate(2021, 6, 30, 9, 5, 3), user: 'yamada@city.example.lg.jp' };
const rowOf = (rows: FormRow[], name: string) => rows.find((r) => r.name === name)!;
const change = (row: FormRow, after: string, field: 'actual' | 'comment' = 'actual'): FormChange =>
  ({ no: row.no, name: row.name, field, before: row[field].text, after });

describe('the department form', () => {
  test('the year under evaluation with target, unit, last year, entry and comment cells', () => {
    const form = deptForm(demoBook(), '情報政策室');
    expect(form).toMatchObject({ dept: '情報政策室', fiscalYear: 2020, fiscalYearLabel: '2020年度', submitted: false, cannotSubmit: false });
    expect(form.departments).toEqual(expect.arrayContaining(['情報政策室', '税制課', '市民課']));
    expect(rowOf(form.rows, '申込み')).toMatchObject({
      no: 1, unit: '%', target: '申込み 20%', lastYear: '申込み 30.7%', actual: { text: '申込み 32.8%' }, comment: { text: '' },
    });
    expect(rowOf(form.rows, '申込み').actual.cell).toMatch(/^[A-Z]+\d+$/);
  });

  test('siblings of the same plan No. travel with the row, and the check names the finding on its field', () => {
    const form = deptForm(demoBook(), '税制課');
    const row = rowOf(form.rows, '課税証明');
    expect(row.siblings).toEqual([{ name: '住民票等', dept: '市民課' }]);
    expect(row.messages).toEqual([expect.objectContaining({ field: 'actual', severity: 'warning' })]);
    expect(checkEntry(row.actual.text, row)).toMatchObject({ kind: 'number', understood: '1,730件、住民票等: 36,104件' });
  });

  test('the active tab picks the department; off a department tab the first one is shown', () => {
    const book = demoBook();
    expect(sidebarStart(book, '市民課')).toMatchObject({ activeDept: '市民課', form: { dept: '市民課' } });
    const first = sidebarStart(book, '計画マスタ');
    expect(first).toMatchObject({ activeDept: '', form: { dept: first.form!.departments[0] } });
    expect(sidebarStart(new MemoryWorkbook(), 'Sheet1')).toEqual({ activeDept: '', form: null });
  });

  test('an unknown department is refused in Japanese', () => {
    expect(() => deptForm(demoBook(), '総務課')).toThrow(/報告部門「総務課」/);
  });
});

describe('前年度 in a revised indicator\'s first year (中間見直し)', () => {
  /** The demo with 設定's 評価年度 moved to `fy`. */
  function bookIn(fy: number): MemoryWorkbook {
    const book = demoBook();
    const r = book.find('設定', '評価年度');
    book.type('設定', r.row, 2, fy);
    return book;
  }
  const masterType = (book: MemoryWorkbook, no: number, name: string, header: string, value: string) => {
    const row = book.readSheet('計画マスタ')!.values.findIndex((r) => r[0] === no && r[4] === name) + 1;
    book.type('計画マスタ', row, book.find('計画マスタ', header).col, value);
  };
  const typeActual = (book: MemoryWorkbook, dept: string, name: string, fy: number, value: string) => {
    const { row, col } = actualCell(book, dept, name, fy);
    book.type(dept, row, col, value);
  };

  test('2022: the year before was the replaced indicator\'s, so 前年度 says so and labels its figure as the old one\'s', () => {
    const form = deptForm(bookIn(2022), '情報政策室');
    expect(rowOf(form.rows, '電子化率')).toMatchObject({ lastYear: '', lastYearNote: '—（2022年度からの新しい指標。改定前の「申込み」の2021年度実績: (本年度未測定)）' });
    expect(rowOf(form.rows, '研修受講率')).toMatchObject({ lastYear: '', lastYearNote: '—（2022年度からの新しい指標。改定前の「研修参加人数」の2021年度実績: (本年度末測定)）' });
    // An indicator never revised keeps its own last year.
    expect(rowOf(form.rows, '会議システム')).toMatchObject({ lastYear: '(本年度末測定)', lastYearNote: '' });
  });

  test('the replaced indicator without a 2021 figure, or reported by another department: said, no figure guessed', () => {
    const book = bookIn(2022);
    typeActual(book, '情報政策室', '申込み', 2021, '');
    expect(rowOf(deptForm(book, '情報政策室').rows, '電子化率').lastYearNote).toBe('—（2022年度からの新しい指標。改定前の「申込み」の2021年度実績はありません）');
    masterType(book, 1, '電子化率', '報告部門', '市民課');
    setupDepartmentTabs(book);
    const row = rowOf(deptForm(book, '市民課').rows, '電子化率');
    expect(row).toMatchObject({ lastYear: '', lastYearNote: '—（2022年度からの新しい指標。改定前の指標は「申込み」（報告部門: 情報政策室））' });
  });

  test('a year with no version in force before it (a gap) says there was none', () => {
    const book = bookIn(2023);
    masterType(book, 1, '電子化率', '適用開始年度', '2023年度');
    expect(rowOf(deptForm(book, '情報政策室').rows, '電子化率').lastYearNote).toBe('—（2023年度からの新しい指標。2022年度に適用される指標はありません）');
  });

  test('2023: the second year of 電子化率 compares with its own 2022; 期待値 and 達成見込み never use 申込み\'s figures', () => {
    const book = bookIn(2023);
    typeActual(book, '情報政策室', '電子化率', 2022, '電子化率 50%');
    expect(rowOf(deptForm(book, '情報政策室').rows, '電子化率')).toMatchObject({ lastYear: '電子化率 50%', lastYearNote: '' });
    // 2022: 申込み's 実績 (a different measure) does not make an outlook for 電子化率.
    const y2022 = bookIn(2022);
    typeActual(y2022, '情報政策室', '申込み', 2021, '申込み 40%');
    const row = rowOf(deptForm(y2022, '情報政策室').rows, '電子化率');
    expect(row.outlook).toMatch(/^見込み算出不可（傾向: 実績のある年度がないため/);
    expect(row.expected).toBeNull();
  });
});

describe('checkEntry: what the page shows while typing', () => {
  const pct = { no: 4, name: '閲覧数', unit: '%', siblings: [] };
  const count = { no: 2, name: '課税証明', unit: '件', siblings: [] };
  test.each([
    ['▲16.7%', pct, 'number', '−16.7%'],
    ['１，７３０件', count, 'number', '1,730件'],
    ['1730', count, 'number', '1,730件'],
    ['約1.5万件', count, 'number', '約15,000件'],
    ['未測定', count, 'status', '未測定'],
    ['-', count, 'status', '対象外'],
    ['', count, 'empty', ''],
  ])('%s → %s %s', (text, row, kind, understood) => {
    expect(checkEntry(text, row)).toMatchObject({ kind, understood });
  });

  test.each([
    ['1,73件', count, /桁区切り/],
    ['46,000人', count, /単位「人」が指標の単位「件」と異なります/],
    ['たくさん', count, /数値として読めません/],
  ])('%s is an error with a Japanese message', (text, row, message) => {
    const r = checkEntry(text, row);
    expect(r.kind).toBe('error');
    expect(r.messages.map((m) => m.message).join('\n')).toMatch(message);
  });
});

describe('saving', () => {
  test('only the changed cells are written, as text, in one write', () => {
    const book = demoBook();
    const form = deptForm(book, '情報政策室');
    const row = rowOf(form.rows, '申込み');
    const r = saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [change(row, '33.0%'), change(row, '前年より増加', 'comment')], submit: false }, TODAY);
    expect(r).toMatchObject({ status: 'saved', saved: 2, conflicts: [] });
    expect(book.textWrites).toEqual([{ sheet: '情報政策室', cells: expect.arrayContaining([expect.objectContaining({ text: '33.0%' }), expect.objectContaining({ text: '前年より増加' })]) }]);
    expect(book.textWrites[0].cells).toHaveLength(2);
    expect(rowOf(r.form.rows, '申込み')).toMatchObject({ actual: { text: '33.0%' }, comment: { text: '前年より増加' } });
  });

  test('a cell changed since loading is not overwritten; keeping one\'s own value is an explicit second save', () => {
    const book = demoBook();
    const form = deptForm(book, '情報政策室');
    const row = rowOf(form.rows, '申込み');
    const other = form.rows.find((r) => r.name !== '申込み')!;
    // Someone types into the tab after the form was loaded.
    const at = book.find('情報政策室', '申込み 32.8%');
    book.type('情報政策室', at.row, at.col, '申込み 35%');
    const r = saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [change(row, '33.0%'), change(other, '12件', 'comment')], submit: false }, TODAY);
    expect(r.status).toBe('conflict');
    expect(r.saved).toBe(0);
    expect(r.conflicts).toEqual([{ no: 1, name: '申込み', field: 'actual', cell: row.actual.cell, yours: '33.0%', now: '申込み 35%' }]);
    expect(book.textWrites).toEqual([]);
    expect(rowOf(r.form.rows, '申込み').actual.text).toBe('申込み 35%');

    const keep = saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [{ ...change(row, '33.0%'), before: '申込み 35%' }], submit: false }, TODAY);
    expect(keep).toMatchObject({ status: 'saved', saved: 1 });
    expect(rowOf(keep.form.rows, '申込み').actual.text).toBe('33.0%');
  });

  test('the same value typed by someone else is not a conflict and not written twice', () => {
    const book = demoBook();
    const row = rowOf(deptForm(book, '情報政策室').rows, '申込み');
    const at = book.find('情報政策室', '申込み 32.8%');
    book.type('情報政策室', at.row, at.col, '33.0%');
    expect(saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [change(row, '33.0%')], submit: false }, TODAY)).toMatchObject({ status: 'saved', saved: 0 });
    expect(book.textWrites).toEqual([]);
  });

  test('hostile text is stored as the text typed', () => {
    const book = demoBook();
    const row = rowOf(deptForm(book, '情報政策室').rows, '申込み');
    const payloads = ['=IMPORTXML("http://x","//a")', '<img src=x onerror=alert(1)>'];
    saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [change(row, payloads[0]), change(row, payloads[1], 'comment')], submit: false }, TODAY);
    const cells = book.readSheet('情報政策室')!.values.flat();
    for (const p of payloads) expect(cells).toContain(p);
  });

  test('a number typed as a percent in the tab reads back as the percent the person meant', () => {
    const book = otherCityBook();
    expect(entryText({ value: 0.95, format: '0%', sheet: '', row: 1, col: 1 })).toBe('95%');
    expect(entryText({ value: 1730, format: '', sheet: '', row: 1, col: 1 })).toBe('1,730');
    expect(entryText({ value: calendarDate(2024, 4, 1), format: '', sheet: '', row: 1, col: 1 })).toBe('2024-04-01');
    expect(deptForm(book, '人事課').rows[0].actual.text).toBe('');
  });
});

describe('提出', () => {
  test('refused while an entry of the form has an error (the entries are still saved), then accepted', () => {
    const book = otherCityBook();
    const row = rowOf(deptForm(book, '人事課').rows, '年間残業時間');
    const bad = saveForm(book, { dept: '人事課', fiscalYear: 2025, changes: [change(row, '46,00時間')], submit: true }, TODAY);
    expect(bad.status).toBe('invalid');
    expect(bad.saved).toBe(1);
    expect(bad.errors).toEqual([expect.objectContaining({ sheet: '人事課', cell: row.actual.cell, message: expect.stringMatching(/桁区切り/) })]);
    expect(bad.form.submitted).toBe(false);

    const fixed = rowOf(bad.form.rows, '年間残業時間');
    const ok = saveForm(book, { dept: '人事課', fiscalYear: 2025, changes: [change(fixed, '46,000時間')], submit: true }, TODAY);
    expect(ok).toMatchObject({ status: 'saved', saved: 1, form: { submitted: true, submittedAt: '2021/6/30' } });
  });

  test('a stale fiscal year is refused', () => {
    const book = otherCityBook();
    expect(() => saveForm(book, { dept: '人事課', fiscalYear: 2024, changes: [], submit: false }, TODAY)).toThrow(/評価する年度が2025年度に変わりました/);
  });
});

describe('the coordinator', () => {
  test('per department: filled / total, submitted, findings; check and rollup report counts', () => {
    const book = demoBook();
    const view = coordinatorView(book);
    expect(view.fiscalYearLabel).toBe('2020年度');
    const tax = view.departments.find((d) => d.dept === '税制課')!;
    expect(tax).toMatchObject({ filled: 1, total: 1, submitted: false, errors: 0, warnings: 1, hasTab: true });
    expect(view.findings.length).toBe(3);

    const check = runCheck(book);
    expect(check).toMatchObject({ job: 'check', errors: 0, warnings: 3, sheets: ['検証結果'] });
    const rollup = runRollup(book);
    expect(rollup.grades.find((g) => g.grade === 'A')!.count).toBeGreaterThan(0);
    expect(rollup.message).toMatch(/^「達成状況」を更新しました（2020年度: A \d+件/);
    expect(book.outputs.has('達成状況')).toBe(true);
  });
});

describe('変更履歴', () => {
  test('each written cell is one row: when, who, sheet, cell, before, after, how; conflicts and rollups add none', () => {
    const book = demoBook();
    const form = deptForm(book, '情報政策室');
    const row = rowOf(form.rows, '申込み');
    saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [change(row, '33.0%'), change(row, '増加', 'comment')], submit: false }, TODAY);
    expect(book.changeLog).toEqual([
      ['2021/06/30 09:05:03', 'yamada@city.example.lg.jp', '情報政策室', row.actual.cell, '申込み 32.8%', '33.0%', 'サイドバー'],
      ['2021/06/30 09:05:03', 'yamada@city.example.lg.jp', '情報政策室', row.comment.cell, '', '増加', 'サイドバー'],
    ]);
    // A stale save writes and logs nothing.
    saveForm(book, { dept: '情報政策室', fiscalYear: 2020, changes: [change(row, '40%')], submit: false }, TODAY);
    expect(book.changeLog).toHaveLength(2);
    runRollup(book);
    runCheck(book);
    expect(book.changeLog).toHaveLength(2);
    expect(book.outputs.has('変更履歴')).toBe(false);
  });

  test('提出 is logged, and an unknown user is recorded as such', () => {
    const book = otherCityBook();
    saveForm(book, { dept: '人事課', fiscalYear: 2025, changes: [], submit: true }, { now: calendarDate(2025, 4, 1), user: '' });
    expect(book.changeLog.map((r) => [r[1], r[5], r[6]])).toEqual([['（不明）', '提出済', 'サイドバー（提出）'], ['（不明）', '2025/4/1', 'サイドバー（提出）']]);
  });

  test('setup logs each tab it creates or updates', () => {
    const book = otherCityBook();
    setupDepartmentTabs(book, [], TODAY);
    expect(book.changeLog.every((r) => r[6] === '部門シート作成・更新' && r[4] === '')).toBe(true);
    expect(book.changeLog.map((r) => r[2])).toEqual(expect.arrayContaining(['人事課', 'DX推進課']));
  });
});
