/**
 * Attack 4.4 (issue 13 item 7) in the core: a closed year's 実績 changed after 年度確定 (the .xlsx lock is sheet
 * protection without a password; in Sheets the owner can still edit) is compared with the snapshot. A difference is
 * an error naming the tab cell and the snapshot cell, and 達成状況 keeps the snapshot's figure, never the new one.
 */
import { calendarDate } from '../../src/core/calendar';
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { initWorkbook, rollupWorkbook, setupDepartmentTabs, validateWorkbook } from '../../src/core/jobs';
import { readSummaryTable } from '../../src/core/layout/summary';
import { deptForm, saveForm } from '../../src/core/sidebar/service';
import type { Finding } from '../../src/core/model';
import { closeYear, reopenYear } from '../../src/core/year-lock';
import type { Scalar } from '../../src/core/workbook';
import { attack } from '../support/attack';
import { MemoryWorkbook } from '../support/memory-workbook';
import { demoBook } from '../support/plans';

const KIKAKU = { now: calendarDate(2021, 5, 31, 17, 0, 0), user: 'kikaku@city.example.lg.jp' };

const closedFindings = (fs: Finding[]) => fs.filter((f) => f.code.startsWith('closed-year'));

/** (row, col) of a tab's cell for an indicator and header. */
function cellOf(book: MemoryWorkbook, tab: string, indicator: string, header: string) {
  return { row: book.find(tab, indicator).row, col: book.find(tab, header).col };
}

/** The published 達成状況 row of an indicator and year, as written into the book. */
function published(book: MemoryWorkbook, sheet: string, indicator: string, fy: number) {
  return readSummaryTable(book.readSheet(sheet)!).find((r) => r.indicator === indicator && r.fiscalYear === fy);
}

test('an untouched demo closed year by year gives no closed-year finding and the same figures', () => {
  const book = demoBook();
  const before = rollupWorkbook(book).analysis;
  for (const fy of [2019, 2020, 2021]) closeYear(book, fy, KIKAKU);
  const after = rollupWorkbook(book).analysis;
  expect(closedFindings(after.findings)).toEqual([]);
  expect(after.findings).toEqual(before.findings);
  expect(after.rows).toEqual(before.rows);
});

test('an indicator name longer than a generated cell holds (clipped in the snapshot) still finds its snapshot row', () => {
  const long = `申込み${'あ'.repeat(1500)}`;
  const book = new MemoryWorkbook();
  initWorkbook(book, { settings: demoSettings, master: demoMaster.map((r) => (r.name === '申込み' ? { ...r, name: long } : r)) });
  setupDepartmentTabs(book, demoEntries.map((e) => (e.name === '申込み' ? { ...e, name: long } : e)));
  closeYear(book, 2020, KIKAKU);
  expect(closedFindings(validateWorkbook(book).findings)).toEqual([]);
});

test('harmless differences are no change: the same figure re-typed, full-width, or as a number cell', () => {
  const book = demoBook();
  closeYear(book, 2020, KIKAKU);
  const { row, col } = cellOf(book, '情報政策室', '申込み', '2020年度 実績');
  expect(book.cell('情報政策室', row, col)).toBe('申込み 32.8%');
  const same: [Scalar, string][] = [['申込み　３２．８％', ''], ['32.8%', ''], [32.8, ''], [0.328, '0.0%'], [' 申込み 32.8% ', '@']];
  for (const [value, format] of same) {
    book.type('情報政策室', row, col, value, format);
    expect(closedFindings(validateWorkbook(book).findings)).toEqual([]);
  }
});

test('attack 4.4: a closed year edited in the tab is an error naming both cells; 達成状況 keeps the figure of record', async () => {
  /** Each try: tab, indicator, year closed, the new cell value (and number format), and what the snapshot holds. */
  const tries: { tab: string; at?: string; indicator: string; fy: number; value: Scalar; format?: string; live: string; record: string; rate: number | null }[] = [
    // The report's attack: text edit of 情報政策室!I4 after close-year 2020 (32.8% of 20% = 164%, not 495%).
    { tab: '情報政策室', indicator: '申込み', fy: 2020, value: '申込み 99%', live: '「申込み 99%」', record: '「32.8%」', rate: 32.8 / 20 },
    // A number cell, as a shell hands over a typed percentage (0.99 shown as 99%).
    { tab: '情報政策室', indicator: '申込み', fy: 2020, value: 0.99, format: '0%', live: '「0.99」', record: '「32.8%」', rate: 32.8 / 20 },
    // A figure replaced by a status, in another department and year.
    { tab: '広報課', indicator: '閲覧者数', fy: 2020, value: '未測定', live: '「未測定」', record: '「349,879人」', rate: null },
    // An entry cleared.
    { tab: '税制課', indicator: '課税証明', fy: 2019, value: '', live: '（空欄）', record: '「-」', rate: null },
    // One cell holding two indicators (税制課 reports 住民票等 for 市民課): only the changed one is reported.
    { tab: '税制課', at: '課税証明', indicator: '住民票等', fy: 2020, value: '課税証明 1,730件 住民票等 99,999件', live: '「課税証明 1,730件 住民票等 99,999件」', record: '「36,104件」', rate: null },
    // An entry added where the year had none at the close (an indicator in force in 2020 without a 2020 予定; the
    // demo's 電子化率 is a version in force from 2022 only, so its 2020 cell is not an entry: indicator-versions tests).
    { tab: '広報課', indicator: '登録者数', fy: 2020, value: '登録者数 60,000人', live: '「登録者数 60,000人」', record: 'にこの指標の行はなく', rate: null },
  ];
  await attack('4.4', "closed year's 実績 edited in the tab after close-year (text, number cell, status, cleared, added, shared cell)", tries.length, async (i) => {
    const t = tries[i];
    const book = demoBook();
    closeYear(book, t.fy, KIKAKU);
    const snapshot = `達成状況_${t.fy}年度`;
    const recorded = published(book, snapshot, t.indicator, t.fy);
    const { row, col } = cellOf(book, t.tab, t.at ?? t.indicator, `${t.fy}年度 実績`);
    book.type(t.tab, row, col, t.value, t.format ?? '');
    const checked = validateWorkbook(book);
    const { analysis } = rollupWorkbook(book);
    const found = closedFindings(analysis.findings);
    const cell = `${String.fromCharCode(64 + col)}${row}`;
    if (found.length !== 1) return `${found.length} closed-year findings: ${JSON.stringify(found)}`;
    const f = found[0];
    if (f.severity !== 'error' || f.sheet !== t.tab || f.cell !== cell) return `finding at ${f.severity} ${f.sheet}!${f.cell}`;
    const snapCell = recorded ? `${snapshot}!I` : snapshot;
    if (!f.message.startsWith(`${t.fy}年度は確定済みですが、${t.tab}!${cell} の実績${t.live}が確定時の控え（${snapCell}`) || !f.message.includes(t.record))
      return `message: ${f.message}`;
    if (!f.message.includes('年度確定の解除（shinchoku reopen-year）')) return `no way out: ${f.message}`;
    if (!closedFindings(checked.findings).length) return 'validate gave no finding';
    // The figure of record is what 達成状況 publishes, for the row and on the sheet.
    const shown = published(book, '達成状況', t.indicator, t.fy);
    if (JSON.stringify(shown ? [shown.actual, shown.rate, shown.grade] : null) !== JSON.stringify(recorded ? [recorded.actual, recorded.rate, recorded.grade] : null))
      return `達成状況 shows ${JSON.stringify(shown)}, the snapshot ${JSON.stringify(recorded)}`;
    if (t.rate !== null && Math.abs((shown?.rate ?? NaN) - t.rate) > 1e-9) return `rate ${shown?.rate}`;
    if (shown && !shown.note.includes('確定時の控えの値')) return `no note: ${shown.note}`;
    return undefined;
  });
});

test('a cumulative indicator: the year of record feeds the later years, and an untouched close gives no finding', () => {
  const book = demoBook();
  const y2021 = cellOf(book, '中央図書館', '地域資料', '2021年度 実績');
  const y2022 = cellOf(book, '中央図書館', '地域資料', '2022年度 実績');
  book.type('中央図書館', y2021.row, y2021.col, '地域資料 150点').type('中央図書館', y2022.row, y2022.col, '地域資料 160点');
  closeYear(book, 2021, KIKAKU);
  expect(closedFindings(validateWorkbook(book).findings)).toEqual([]);

  book.type('中央図書館', y2021.row, y2021.col, '地域資料 500点');
  const { analysis } = rollupWorkbook(book);
  expect(closedFindings(analysis.findings)).toEqual([
    expect.objectContaining({ severity: 'error', sheet: '中央図書館', message: expect.stringContaining('の実績「地域資料 500点」が確定時の控え（達成状況_2021年度!I') }),
  ]);
  expect(closedFindings(analysis.findings)[0].message).toContain('「累計 150点」、単年度 150点');
  const rows = analysis.rows.filter((r) => r.indicator === '地域資料');
  expect(rows.map((r) => [r.fiscalYear, r.actual])).toEqual([[2021, 150], [2022, 310], [2023, null]]);
});

test('a closed year without its snapshot, or with one that cannot be read, is an error (the sidebar, which reads neither, is not stopped)', () => {
  const book = demoBook();
  closeYear(book, 2020, KIKAKU);
  book.deleteSheet('達成状況_2020年度');
  expect(closedFindings(validateWorkbook(book).findings)).toEqual([
    expect.objectContaining({ severity: 'error', sheet: '達成状況_2020年度', cell: '', message: expect.stringContaining('2020年度は確定済みですが、確定時の控え「達成状況_2020年度」シートがありません') }),
  ]);

  book.setSheet('達成状況_2020年度', [['控え'], ['消しました']]);
  expect(closedFindings(validateWorkbook(book).findings)).toEqual([
    expect.objectContaining({ severity: 'error', sheet: '達成状況_2020年度', cell: 'A1', message: expect.stringContaining('確定時の控え「達成状況_2020年度」の表') }),
  ]);
  expect(validateWorkbook(book).findings.find((f) => f.code === 'closed-year-snapshot')!.message).toContain('部門シートの値で集計しています');
  // The sidebar still opens and still refuses the closed year for its own reason.
  expect(deptForm(book, '広報課').closed).toBe(true);
  const open = deptForm(book, '広報課').rows[0];
  expect(() => saveForm(book, { dept: '広報課', fiscalYear: 2020, submit: false, changes: [{ no: open.no, name: open.name, field: 'actual', before: open.actual.text, after: '1人' }] }, KIKAKU))
    .toThrow('2020年度は確定済みのため、保存も提出もできません');
});

test('after reopening, the year is not compared; a second close compares with the new snapshot', () => {
  const book = demoBook();
  closeYear(book, 2020, KIKAKU);
  const { row, col } = cellOf(book, '情報政策室', '申込み', '2020年度 実績');
  book.type('情報政策室', row, col, '申込み 40%');
  expect(closedFindings(validateWorkbook(book).findings)).toHaveLength(1);
  // reopen → the new figure is the department's to make; close again → it is the record.
  reopenYear(book, 2020, '申込み率の集計誤り', KIKAKU);
  expect(closedFindings(validateWorkbook(book).findings)).toEqual([]);
  expect(closeYear(book, 2020, KIKAKU).snapshot).toBe('達成状況_2020年度_2');
  expect(closedFindings(validateWorkbook(book).findings)).toEqual([]);
  expect(published(book, '達成状況_2020年度_2', '申込み', 2020)?.rate).toBeCloseTo(2);
});

test("a closed year's 予定 changed in 計画マスタ is an error too, and the published rate stays", () => {
  const book = demoBook();
  closeYear(book, 2020, KIKAKU);
  const { row } = book.find('計画マスタ', '申込み');
  const col = book.find('計画マスタ', '2020年度 予定').col;
  expect(book.cell('計画マスタ', row, col)).toBe('申込み 20%');
  book.type('計画マスタ', row, col, '申込み 40%');
  const { analysis } = rollupWorkbook(book);
  const cell = `${String.fromCharCode(64 + col)}${row}`;
  expect(closedFindings(analysis.findings)).toEqual([
    expect.objectContaining({ severity: 'error', code: 'closed-year-target-changed', sheet: '計画マスタ', cell, indicator: 'No.1 申込み' }),
  ]);
  expect(closedFindings(analysis.findings)[0].message).toMatch(new RegExp(`^2020年度は確定済みですが、計画マスタ!${cell} の予定「申込み 40%」が確定時の控え（達成状況_2020年度!H\\d+「20%」）と違います。`));
  const shown = published(book, '達成状況', '申込み', 2020)!;
  expect([shown.target, shown.rate]).toEqual([20, 32.8 / 20]);
  // The same target written another way is no change.
  book.type('計画マスタ', row, col, 20);
  expect(closedFindings(validateWorkbook(book).findings)).toEqual([]);
});
