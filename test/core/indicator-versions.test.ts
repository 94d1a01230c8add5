/**
 * Versions of an indicator (issue 17 item 5, 中間見直し): 計画マスタ's optional 適用開始年度・適用終了年度・改定前の指標・
 * 改定根拠 columns, the series they make, the findings about years with no version in force or two, rollup against
 * the version in force, 達成状況's note and change table, the department tab's read-only cells, and closed years.
 */
import fc from 'fast-check';
import { calendarDate } from '../../src/core/calendar';
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { masterFingerprint } from '../../src/core/files/stamp';
import { readSeries, versionCovers } from '../../src/core/indicator-versions';
import { initWorkbook, rollupJson, rollupWorkbook, setupDepartmentTabs, validateWorkbook } from '../../src/core/jobs';
import { readMaster, VERSION_FIELDS, type MasterRow } from '../../src/core/layout/master';
import { readSettings } from '../../src/core/layout/settings';
import { readSummaryTable } from '../../src/core/layout/summary';
import type { Finding, Indicator } from '../../src/core/model';
import { cycleStatus } from '../../src/core/cycle';
import { reminderPlan } from '../../src/core/cycle/reminders';
import { deptForm, saveForm } from '../../src/core/sidebar/service';
import { buildReport } from '../../src/core/report';
import { closeYear } from '../../src/core/year-lock';
import { a1, type Scalar } from '../../src/core/workbook';
import { MemoryWorkbook } from '../support/memory-workbook';
import { demoBook, otherCityBook } from '../support/plans';

const KIKAKU = { now: calendarDate(2021, 5, 31, 17, 0, 0), user: 'kikaku@city.example.lg.jp' };
const BASIS = '中間見直し素案（令和3年度）。決定した会議・日付は素案に記載なし';
const VERSION_HEADERS = Object.values(VERSION_FIELDS).map((f) => f.header);
const versionFindings = (fs: Finding[]) => fs.filter((f) => f.code.startsWith('version-') || f.code === 'bad-version-year' || f.code === 'closed-year-version-changed');

/** The 計画マスタ row of an indicator (No. in A, 指標名 in E as init writes them). */
function masterRow(book: MemoryWorkbook, no: number, name: string): number {
  const i = book.readSheet('計画マスタ')!.values.findIndex((r) => r[0] === no && r[4] === name);
  if (i < 0) throw new Error(`no master row ${no} ${name}`);
  return i + 1;
}
const masterCol = (book: MemoryWorkbook, header: string) => book.find('計画マスタ', header).col;
/** Types into an indicator's master cell under `header`; returns its A1. */
function setMaster(book: MemoryWorkbook, no: number, name: string, header: string, value: Scalar): string {
  const row = masterRow(book, no, name);
  const col = masterCol(book, header);
  book.type('計画マスタ', row, col, value);
  return a1(row, col);
}
/** (row, col) of a department tab's cell for an indicator and header. */
const tabCell = (book: MemoryWorkbook, tab: string, name: string, header: string) => ({ row: book.find(tab, name).row, col: book.find(tab, header).col });
const settingsOf = (book: MemoryWorkbook) => readSettings(book.readSheet('設定')).settings!;
const read = (book: MemoryWorkbook) => readMaster(book.readSheet('計画マスタ'), settingsOf(book));
const ind = (inds: Indicator[], no: number, name: string) => inds.find((i) => i.no === no && i.name === name)!;

/** The demo's master rows without any version column filled (a plan before its revision was entered). */
const unrevised: MasterRow[] = demoMaster.map(({ validFrom: _f, validTo: _t, revises: _r, basis: _b, ...rest }) => rest);
function unrevisedBook(): MemoryWorkbook {
  const book = new MemoryWorkbook();
  initWorkbook(book, { settings: demoSettings, master: unrevised });
  setupDepartmentTabs(book, demoEntries);
  return book;
}

describe('reading the version columns', () => {
  test('the demo: No.1, No.4, No.6, No.13 and No.20 each one series of two versions, with 適用年度 and 改定根拠 from the document', () => {
    const book = demoBook();
    const { indicators } = read(book);
    expect(versionFindings(validateWorkbook(book).findings)).toEqual([]);
    const v = (no: number, name: string) => {
      const { from, to, previous, basis } = ind(indicators, no, name).version!;
      return { from, to, previous, basis };
    };
    expect(v(1, '申込み')).toEqual({ from: 2019, to: 2021, previous: '', basis: '' });
    expect(v(1, '電子化率')).toEqual({ from: 2022, to: 2023, previous: '申込み', basis: BASIS });
    expect(v(4, '予約できる施設数')).toEqual({ from: 2022, to: 2023, previous: '施設稼働率の上昇', basis: BASIS });
    expect(v(20, '研修受講率')).toEqual({ from: 2022, to: 2023, previous: '研修参加人数', basis: BASIS });
    // The cells are named for findings: 電子化率 is the master's third row, the four columns after the 予定 columns.
    expect(ind(indicators, 1, '電子化率').version!.cells).toEqual({ from: 'V3', to: 'W3', previous: 'X3', basis: 'Y3' });
    expect(masterCol(book, '適用開始年度')).toBe(masterCol(book, '2023年度 予定') + 1);
    // Indicators the revision did not touch (and No.2, whose 住民票等 the document reports for FY2020) have none.
    expect(ind(indicators, 2, '住民票等').version).toBeUndefined();
    expect(ind(indicators, 5, '閲覧者数').version).toBeUndefined();

    const { series } = readSeries(indicators, settingsOf(book));
    const multi = series.filter((s) => s.versions.length > 1).map((s) => [s.no, s.versions.map((i) => i.name)]);
    expect(multi).toEqual([[1, ['申込み', '電子化率']], [4, ['施設稼働率の上昇', '予約できる施設数']], [6, ['オープン化', 'オープンデータ 閲覧数']], [13, ['公衆無線LANアクセス回数', '避難所施設の整備率']], [20, ['研修参加人数', '研修受講率']]]);
    // Every active indicator is in exactly one series.
    expect(series.flatMap((s) => s.versions).length).toBe(indicators.filter((i) => i.name && i.state === '実施中').length);
  });

  test('years read as 年度 are written any way the master takes a 年度 (令和4年度, 2022, R4)', () => {
    for (const typed of ['令和4年度', 2022, '2022年度', 'R4年度']) {
      const book = demoBook();
      setMaster(book, 1, '電子化率', '適用開始年度', typed);
      expect([typed, ind(read(book).indicators, 1, '電子化率').version!.from]).toEqual([typed, 2022]);
    }
  });

  test('an unreadable 年度 is an error on its cell, in Japanese, and the version is treated as open on that side', () => {
    const book = demoBook();
    const cell = setMaster(book, 1, '電子化率', '適用開始年度', 'そのうち');
    const { indicators, findings } = read(book);
    expect(findings.filter((f) => f.code === 'bad-version-year')).toEqual([
      { severity: 'error', code: 'bad-version-year', sheet: '計画マスタ', cell, indicator: 'No.1 電子化率', message: expect.stringContaining('適用開始年度「そのうち」を年度として読めません') },
    ]);
    expect(ind(indicators, 1, '電子化率').version!.from).toBeNull();
  });

  test('old books: a master without the four columns reads exactly as one with them empty, and rolls up the same', () => {
    const withCols = otherCityBook();
    const values = withCols.readSheet('計画マスタ')!.values;
    const header = values[0]!;
    expect(VERSION_HEADERS.every((h) => header.includes(h))).toBe(true);
    const keep = header.map((h, c) => (VERSION_HEADERS.includes(String(h)) ? -1 : c)).filter((c) => c >= 0);
    const without = otherCityBook();
    without.setSheet('計画マスタ', values.map((r) => keep.map((c) => r[c] ?? '')));
    expect(without.readSheet('計画マスタ')!.values[0]).not.toContain('適用開始年度');

    const a = read(withCols);
    const b = read(without);
    const shape = (inds: Indicator[]) => inds.map(({ targets, row, ...rest }) => ({ ...rest, row, targets: [...targets].map(([fy, c]) => [fy, c.value]) }));
    expect(a.indicators.every((i) => i.version === undefined)).toBe(true);
    expect(shape(b.indicators)).toEqual(shape(a.indicators));
    expect(b.findings).toEqual(a.findings);
    expect(versionFindings(a.findings)).toEqual([]);
    const ra = rollupWorkbook(withCols).analysis;
    const rb = rollupWorkbook(without).analysis;
    expect(rb.rows).toEqual(ra.rows);
    expect(ra.rows.every((r) => r.revision === '' && !r.note.includes('指標変更'))).toBe(true);
    expect(ra.changes).toEqual([]);
    // The department file's fingerprint of an old master is what it was: no version, nothing added.
    for (const dept of ['DX推進課', '人事課']) expect(masterFingerprint(b.indicators, dept)).toBe(masterFingerprint(a.indicators, dept));
  });

  test('the fingerprint follows 適用年度 (it decides which cells of a department file are editable)', () => {
    const book = demoBook();
    const before = masterFingerprint(read(book).indicators, '情報政策室');
    setMaster(book, 1, '電子化率', '適用開始年度', '2023年度');
    expect(masterFingerprint(read(book).indicators, '情報政策室')).not.toBe(before);
    expect(masterFingerprint(read(book).indicators, '税制課')).toBe(masterFingerprint(read(demoBook()).indicators, '税制課'));
  });
});

describe('検証結果: no version in force, or two', () => {
  test('a gap: 電子化率 from 2023 leaves 2022 without an indicator, on 電子化率\'s 適用開始年度 cell', () => {
    const book = demoBook();
    const cell = setMaster(book, 1, '電子化率', '適用開始年度', '2023年度');
    const { findings } = validateWorkbook(book);
    const gap = findings.filter((f) => f.code === 'version-gap');
    expect(gap).toEqual([{
      severity: 'error', code: 'version-gap', sheet: '計画マスタ', cell, indicator: 'No.1 電子化率',
      message: '2022年度に適用される指標がありません（「申込み」は2019年度〜2021年度、「電子化率」は2023年度のみ）。適用開始年度・適用終了年度をつなげてください。この年度は評価しません',
    }]);
    // 電子化率's 2022 予定 now lies outside its years: a warning on that 予定 cell, and no row judges 2022.
    const target = a1(masterRow(book, 1, '電子化率'), masterCol(book, '2022年度 予定'));
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'version-target-out-of-range', sheet: '計画マスタ', cell: target, indicator: 'No.1 電子化率' }));
    const rows = rollupWorkbook(book).analysis.rows.filter((r) => r.no === 1);
    expect(rows.map((r) => [r.fiscalYear, r.indicator])).toEqual([[2019, '申込み'], [2020, '申込み'], [2021, '申込み'], [2023, '電子化率']]);
  });

  test('an overlap: 研修参加人数 to 2023 gives two indicators in 2022–2023, on the later one\'s cell, one finding for the run', () => {
    const book = demoBook();
    setMaster(book, 20, '研修参加人数', '適用終了年度', '2023年度');
    const cell = a1(masterRow(book, 20, '研修受講率'), masterCol(book, '適用開始年度'));
    const overlap = validateWorkbook(book).findings.filter((f) => f.code === 'version-overlap');
    expect(overlap).toEqual([{
      severity: 'error', code: 'version-overlap', sheet: '計画マスタ', cell, indicator: 'No.20 研修受講率',
      message: '2022年度〜2023年度に適用される指標が2つあります（「研修参加人数」は2019年度〜2023年度、「研修受講率」は2022年度〜2023年度）。適用開始年度・適用終了年度が重ならないようにしてください。重なる年度はどちらも集計しています',
    }]);
  });

  test('the chain: a 改定前の指標 that names nothing, itself, or closes a loop; a change without 改定根拠; a reversed range', () => {
    const codes = (edit: (b: MemoryWorkbook) => void) => {
      const book = demoBook();
      edit(book);
      return versionFindings(validateWorkbook(book).findings).map((f) => [f.severity, f.code, f.cell, f.indicator]);
    };
    const at = (book: MemoryWorkbook, no: number, name: string, header: string) => a1(masterRow(book, no, name), masterCol(book, header));
    const demo = demoBook();
    // Unlinked, the two are separate indicators; their years do not overlap, so the name is the only trouble.
    expect(codes((b) => setMaster(b, 1, '電子化率', '改定前の指標', '申し込み'))).toEqual([
      ['error', 'version-previous-missing', at(demo, 1, '電子化率', '改定前の指標'), 'No.1 電子化率'],
    ]);
    const unlinked = demoBook();
    setMaster(unlinked, 1, '電子化率', '改定前の指標', '申し込み');
    const missing = validateWorkbook(unlinked).findings.find((f) => f.code === 'version-previous-missing')!;
    expect(missing.message).toBe('改定前の指標「申し込み」は No.1 の指標（実施中・完了）にありません（No.1 の指標: 「申込み」）。別々の指標として扱います');
    expect(codes((b) => setMaster(b, 1, '電子化率', '改定前の指標', '電子化率'))).toEqual([
      ['error', 'version-previous-self', at(demo, 1, '電子化率', '改定前の指標'), 'No.1 電子化率'],
    ]);
    // A loop: the link that would close it is refused; the one kept is then a change without 改定根拠.
    expect(codes((b) => setMaster(b, 4, '施設稼働率の上昇', '改定前の指標', '予約できる施設数'))).toEqual([
      ['error', 'version-cycle', at(demo, 4, '予約できる施設数', '改定前の指標'), 'No.4 予約できる施設数'],
      ['warning', 'version-basis-missing', at(demo, 4, '施設稼働率の上昇', '改定根拠'), 'No.4 施設稼働率の上昇'],
    ]);
    expect(codes((b) => setMaster(b, 20, '研修受講率', '改定根拠', ''))).toEqual([
      ['warning', 'version-basis-missing', at(demo, 20, '研修受講率', '改定根拠'), 'No.20 研修受講率'],
    ]);
    expect(codes((b) => setMaster(b, 1, '申込み', '適用終了年度', '2018年度'))).toEqual([
      ['error', 'version-range-reversed', at(demo, 1, '申込み', '適用開始年度'), 'No.1 申込み'],
      ['error', 'version-gap', at(demo, 1, '電子化率', '適用開始年度'), 'No.1 電子化率'],
      ['warning', 'version-target-out-of-range', at(demo, 1, '申込み', '2019年度 予定'), 'No.1 申込み'],
      ['warning', 'version-target-out-of-range', at(demo, 1, '申込み', '2020年度 予定'), 'No.1 申込み'],
      ['warning', 'version-target-out-of-range', at(demo, 1, '申込み', '2021年度 予定'), 'No.1 申込み'],
      // The department's 実績 for those years are kept in the tab and flagged too.
      ...[2019, 2020, 2021].map((fy) => {
        const { row, col } = tabCell(demo, '情報政策室', '申込み', `${fy}年度 実績`);
        return ['warning', 'version-entry-out-of-range', a1(row, col), 'No.1 申込み'];
      }),
    ]);
  });

  test('a fork: two later versions of one indicator; the second is kept as a separate indicator', () => {
    const book = new MemoryWorkbook();
    const base = { no: 1, policy: '', theme: '', actionPlan: '手続', unit: '%', reportingDept: '情報政策室', ownerDepts: '', relatedDepts: '' };
    initWorkbook(book, { settings: demoSettings, master: [
      { ...base, name: 'A', targets: { 2019: '10%' }, validTo: 2020 },
      { ...base, name: 'B', targets: { 2022: '20%' }, validFrom: 2021, revises: 'A', basis: '会議' },
      { ...base, name: 'C', targets: { 2022: '30%' }, validFrom: 2021, revises: 'A', basis: '会議' },
    ] });
    const { series, findings } = readSeries(read(book).indicators, settingsOf(book));
    expect(findings.map((f) => [f.code, f.cell])).toEqual([['version-fork', 'X4']]);
    expect(findings[0]!.message).toContain('「A」は 計画マスタ!X3 の「B」の改定前の指標にもなっています');
    expect(series.map((s) => s.versions.map((i) => i.name))).toEqual([['A', 'B'], ['C']]);
  });
});

describe('rollup against the version in force', () => {
  test('each year is judged by its own version: 2022 by 電子化率; moving 適用年度 moves the judgement, entries stay', () => {
    const book = demoBook();
    const own = tabCell(book, '情報政策室', '電子化率', '2022年度 実績');
    const old = tabCell(book, '情報政策室', '申込み', '2022年度 実績');
    book.type('情報政策室', own.row, own.col, '電子化率 50%').type('情報政策室', old.row, old.col, '申込み 40%');
    let { analysis } = rollupWorkbook(book);
    const row2022 = () => analysis.rows.filter((r) => r.no === 1 && r.fiscalYear === 2022);
    expect(row2022().map((r) => [r.indicator, r.actual, r.target, r.rate])).toEqual([['電子化率', 50, 45, 50 / 45]]);
    // 申込み's 2022 entry is kept in the tab, flagged, never used.
    expect(analysis.findings).toContainEqual({
      severity: 'warning', code: 'version-entry-out-of-range', sheet: '情報政策室', cell: a1(old.row, old.col), indicator: 'No.1 申込み',
      message: '2022年度は「申込み」の適用年度（2019年度〜2021年度）の外です。この実績は集計に使いません',
    });

    // The revision decided a year later: 申込み to 2022 (with a 予定), 電子化率 from 2023.
    setMaster(book, 1, '申込み', '適用終了年度', '2022年度');
    setMaster(book, 1, '申込み', '2022年度 予定', '申込み 35%');
    setMaster(book, 1, '電子化率', '適用開始年度', '2023年度');
    setMaster(book, 1, '電子化率', '2022年度 予定', '');
    setupDepartmentTabs(book);
    ({ analysis } = rollupWorkbook(book));
    expect(row2022().map((r) => [r.indicator, r.actual, r.target, r.rate])).toEqual([['申込み', 40, 35, 40 / 35]]);
    expect(analysis.findings.filter((f) => f.code === 'version-entry-out-of-range').map((f) => [f.indicator, f.cell])).toEqual([['No.1 電子化率', a1(own.row, own.col)]]);
    expect(book.cell('情報政策室', own.row, own.col)).toBe('電子化率 50%');
    expect(analysis.changes.find((c) => c.no === 1)!.text).toBe(`令和5年度に指標変更（申込み → 電子化率、改定根拠: ${BASIS}）`);
  });

  test('the department tab: a version\'s years outside its 適用年度 are read-only, the others editable', () => {
    const book = demoBook();
    const out = book.outputs.get('情報政策室')!;
    const editable = (name: string, fy: number) => {
      const { row, col } = tabCell(book, '情報政策室', name, `${fy}年度 実績`);
      return out.editableRanges!.some((r) => row >= r.row && row < r.row + r.numRows && col >= r.col && col < r.col + r.numCols);
    };
    const years = [2019, 2020, 2021, 2022, 2023];
    expect(years.map((fy) => editable('申込み', fy))).toEqual([true, true, true, false, false]);
    expect(years.map((fy) => editable('電子化率', fy))).toEqual([false, false, false, true, true]);
    expect(years.map((fy) => editable('研修受講率', fy))).toEqual([false, false, false, true, true]);
    // An indicator without versions stays editable every year, and 税制課 (no version) has one range per year as before.
    expect(years.map((fy) => editable('会議システム', fy))).toEqual([true, true, true, true, true]);
    expect(book.outputs.get('税制課')!.editableRanges!.length).toBe(2 + years.length);
  });

  test('the sidebar offers the versions in force in the year, and refuses to save into another', () => {
    const book = demoBook();
    const names = deptForm(book, '情報政策室').rows.map((r) => r.name);
    expect(names).toContain('申込み');
    expect(names).toContain('研修参加人数');
    for (const later of ['電子化率', '予約できる施設数', '研修受講率']) expect(names).not.toContain(later);
    const { row, col } = tabCell(book, '情報政策室', '電子化率', '2020年度 実績');
    const change = { no: 1, name: '電子化率', field: 'actual' as const, before: '', after: '電子化率 50%' };
    expect(() => saveForm(book, { dept: '情報政策室', fiscalYear: 2020, submit: false, changes: [change] }, KIKAKU))
      .toThrow('No.1 電子化率 は2020年度の指標ではありません（適用年度: 2022年度〜2023年度）。何も保存しませんでした');
    expect(book.cell('情報政策室', row, col)).toBe('');
  });

  test('submissions count the indicators in force in the evaluation year', () => {
    const analysis = validateWorkbook(demoBook());
    const coord = analysis.submissions.find((s) => s.department === '情報政策室')!;
    const inForce2020 = analysis.indicators.filter((i) => i.reportingDept === '情報政策室' && i.name && versionCovers(i.version, 2020));
    expect(coord.indicators).toBe(inForce2020.length);
    // 電子化率, 予約できる施設数, オープンデータ 閲覧数 and 研修受講率 start in 2022.
    expect(analysis.indicators.filter((i) => i.reportingDept === '情報政策室' && i.name).length - coord.indicators).toBe(4);
  });

  test('the board and the 督促 mail count and list only the versions in force in their year', () => {
    const book = demoBook();
    const later = ['電子化率', '予約できる施設数', 'オープンデータ 閲覧数', '研修受講率'];
    const board = (fy: number) => cycleStatus(book, fy).departments.find((d) => d.dept === '情報政策室')!;
    const missing = (fy: number) => reminderPlan(book, { year: fy, link: () => '' }).mails.find((m) => m.dept === '情報政策室')!.missing.map((m) => m.name);
    expect(board(2020).total).toBe(10);
    expect(missing(2020)).toContain('テレワーク実施');
    for (const name of later) expect(missing(2020)).not.toContain(name);
    // In 2022 the later versions are the indicators, the earlier ones are not.
    expect(board(2022).total).toBe(10);
    for (const name of later) expect(missing(2022)).toContain(name);
    for (const name of ['申込み', '施設稼働率の上昇', 'オープン化', '研修参加人数']) expect(missing(2022)).not.toContain(name);
  });
});

describe('達成状況 shows the change', () => {
  test('each row of No.1 and No.20 notes 「令和4年度に指標変更」, and the change table has both definitions', () => {
    const book = demoBook();
    const { analysis, counts } = rollupWorkbook(book);
    const note1 = `令和4年度に指標変更（申込み → 電子化率、改定根拠: ${BASIS}）`;
    const note20 = `令和4年度に指標変更（研修参加人数 → 研修受講率、改定根拠: ${BASIS}）`;
    const table = readSummaryTable(book.readSheet('達成状況')!);
    const no1 = table.filter((r) => r.no === 1);
    // One indicator, its versions in turn: 申込み's years, then 電子化率's (2022–2023 have a 予定, no 実績 yet).
    expect(no1.map((r) => [r.indicator, r.fiscalYear, r.status])).toEqual([['申込み', 2019, '評価済'], ['申込み', 2020, '評価済'], ['申込み', 2021, '未測定'], ['電子化率', 2022, '未入力'], ['電子化率', 2023, '未入力']]);
    for (const r of [...no1, ...table.filter((x) => x.no === 20)]) expect(r.note).toContain(r.no === 1 ? note1 : note20);
    expect(table.filter((r) => r.no === 5).every((r) => !r.note.includes('指標変更'))).toBe(true);

    const values = book.readSheet('達成状況')!.values;
    const title = values.findIndex((r) => r[0] === '指標の変更（中間見直し）');
    expect(title).toBeGreaterThan(0);
    expect(values[title + 1]).toEqual(['No.', 'アクションプラン', '変更年度', '変更', '改定前の指標', '改定前の単位', '改定前の定義（備考）', '改定前の適用年度', '改定後の指標', '改定後の単位', '改定後の定義（備考）', '改定後の適用年度', '改定根拠']);
    expect(values.slice(title + 2, title + 7)).toEqual([
      [1, '手続の電子化', '2022年度', note1, '申込み', '%', '電子申込システムを利用する各手続のシステム利用率の平均', '2019年度〜2021年度', '電子化率', '%', '電子化対象手続の電子化率', '2022年度〜2023年度', BASIS],
      [4, 'Web施設予約システムの導入', '2022年度', `令和4年度に指標変更（施設稼働率の上昇 → 予約できる施設数、改定根拠: ${BASIS}）`, '施設稼働率の上昇', '%', '各施設の稼働率の平成30年度比の平均上昇率', '2019年度〜2021年度', '予約できる施設数', '施設', 'Web施設予約システムにより空き状況の確認や予約手続を行える各種公共施設数', '2022年度〜2023年度', BASIS],
      [6, 'オープンデータの推進と地図情報の活用', '2022年度', `令和4年度に指標変更（オープン化 → オープンデータ 閲覧数、改定根拠: ${BASIS}）`, 'オープン化', '%', 'オープンデータ公開ファイル数の平成30年度比の上昇率（平成30年度 775件）', '2019年度〜2021年度', 'オープンデータ 閲覧数', '人', '年間1,500人ずつ増やす。基準値は令和2年度（参考）', '2022年度〜2023年度', BASIS],
      [13, '施設のICT環境の充実', '2022年度', `令和4年度に指標変更（公衆無線LANアクセス回数 → 避難所施設の整備率、改定根拠: ${BASIS}）`, '公衆無線LANアクセス回数', '回', '地区公民館の公衆無線LAN（Wi-Fi）への延べアクセス回数', '2019年度〜2021年度', '避難所施設の整備率', '%', '避難所施設（142施設）の公衆無線LAN（Wi-Fi）整備率', '2022年度〜2023年度', BASIS],
      [20, '情報セキュリティの強化', '2022年度', note20, '研修参加人数', '人', '情報セキュリティ研修の参加人数。基準値は平成30年度（参考）', '2019年度〜2021年度', '研修受講率', '%', '', '2022年度〜2023年度', BASIS],
    ]);
    expect(values[title + 7]).toEqual([]);
    // --json carries the same: per row its revision, and the changes.
    const json = rollupJson(analysis, counts);
    expect(json.changes.map((c) => [c.no, c.kind, c.fiscalYear, c.before?.name, c.after.name])).toEqual([[1, '変更', 2022, '申込み', '電子化率'], [4, '変更', 2022, '施設稼働率の上昇', '予約できる施設数'], [6, '変更', 2022, 'オープン化', 'オープンデータ 閲覧数'], [13, '変更', 2022, '公衆無線LANアクセス回数', '避難所施設の整備率'], [20, '変更', 2022, '研修参加人数', '研修受講率']]);
    expect(json.summary.filter((r) => r.no === 20).map((r) => [r.indicator, r.fiscalYear, r.revision])).toEqual([
      ['研修参加人数', 2019, note20], ['研修参加人数', 2020, note20], ['研修参加人数', 2021, note20], ['研修受講率', 2022, note20], ['研修受講率', 2023, note20],
    ]);
  });

  test('the report\'s plan pages say the change once, for the indicator, and keep their year notes free of it', () => {
    const { analysis } = rollupWorkbook(demoBook());
    const model = buildReport(analysis, analysis.settings!, { audience: 'internal', dataDate: calendarDate(2021, 5, 31) });
    const no20 = model.plans.find((p) => p.no === 20)!;
    // One indicator of two versions (report-model.test.ts has the rest of the page).
    expect(no20.indicators.map((i) => [i.name, i.versions.map((v) => v.name), i.changes])).toEqual([
      ['研修参加人数 → 研修受講率', ['研修参加人数', '研修受講率'], [analysis.changes.find((c) => c.no === 20)!.text]],
    ]);
    for (const i of no20.indicators) for (const y of i.years) expect(y.note).not.toContain('指標変更');
    // 達成状況's row keeps the note; only the report's year cells leave it out.
    expect(analysis.rows.find((r) => r.no === 20 && r.fiscalYear === 2021)!.note).toContain('指標変更');
  });

  test('an indicator a revision adds (適用開始年度 after the plan\'s first year, with 改定根拠) is listed as 指標追加', () => {
    const book = demoBook();
    setMaster(book, 2, '住民票等', '適用開始年度', '令和4年度');
    setMaster(book, 2, '住民票等', '改定根拠', '令和4年3月 情報化推進本部会議');
    const { analysis } = rollupWorkbook(book);
    const added = analysis.changes.find((c) => c.no === 2)!;
    expect([added.kind, added.fiscalYear, added.before, added.after.name, added.text]).toEqual(['追加', 2022, null, '住民票等', '令和4年度に指標追加（住民票等、改定根拠: 令和4年3月 情報化推進本部会議）']);
    // The document's FY2020 figure for 住民票等 (in 税制課's cell) is then outside its years: kept, flagged, not used.
    expect(analysis.rows.filter((r) => r.indicator === '住民票等').map((r) => r.fiscalYear)).toEqual([2022, 2023]);
    expect(analysis.findings).toContainEqual(expect.objectContaining({ code: 'version-entry-out-of-range', sheet: '税制課', indicator: 'No.2 住民票等' }));
    const values = book.readSheet('達成状況')!.values;
    expect(values.some((r) => r[0] === 2 && r[4] === '（なし：指標の追加）' && r[8] === '住民票等')).toBe(true);
  });
});

describe('a closed year never changes', () => {
  test('a revision entered after FY2020 was closed leaves the snapshot and FY2020 as published', () => {
    const book = unrevisedBook();
    closeYear(book, 2020, KIKAKU);
    const snapshot = () => book.readSheet('達成状況_2020年度')!.values.map((r) => [...r]);
    const before = snapshot();
    const published = readSummaryTable(book.readSheet('達成状況_2020年度')!);
    const fy2020 = () => readSummaryTable(book.readSheet('達成状況')!).filter((r) => r.fiscalYear === 2020).map(({ note: _n, ...r }) => r);

    // The revision as the demo has it (電子化率 from 2022): FY2020 is untouched, no closed-year finding.
    for (const [name, from, to, prev] of [['申込み', '2019年度', '2021年度', ''], ['電子化率', '2022年度', '2023年度', '申込み']] as const) {
      setMaster(book, 1, name, '適用開始年度', from);
      setMaster(book, 1, name, '適用終了年度', to);
      setMaster(book, 1, name, '改定前の指標', prev);
    }
    setMaster(book, 1, '電子化率', '改定根拠', BASIS);
    let { analysis } = rollupWorkbook(book);
    expect(versionFindings(analysis.findings)).toEqual([]);
    expect(analysis.findings.filter((f) => f.code.startsWith('closed-year'))).toEqual([]);
    expect(fy2020()).toEqual(published.filter((r) => r.fiscalYear === 2020).map(({ note: _n, ...r }) => r));
    expect(snapshot()).toEqual(before);

    // A revision that reaches back into the closed year (電子化率 from 2020): FY2020 stays 申込み as published, an error says so.
    setMaster(book, 1, '申込み', '適用終了年度', '2019年度');
    const cell = setMaster(book, 1, '電子化率', '適用開始年度', '2020年度');
    ({ analysis } = rollupWorkbook(book));
    const closed = analysis.findings.filter((f) => f.code === 'closed-year-version-changed');
    expect(closed.map((f) => [f.severity, f.sheet, f.cell, f.indicator])).toEqual([
      ['error', '計画マスタ', a1(masterRow(book, 1, '申込み'), masterCol(book, '適用開始年度')), 'No.1 申込み'],
      ['error', '計画マスタ', cell, 'No.1 電子化率'],
    ]);
    expect(closed[1]!.message).toBe('2020年度は確定済みで、確定時の控え（達成状況_2020年度）はこの年度を「申込み」で評価していますが、計画マスタの適用年度では「電子化率」（2020年度〜2023年度）は適用されます。達成状況には控えのとおり載せています。適用年度を確定時のとおりに戻すか、年度確定の解除（shinchoku reopen-year）をしてから直してください');
    expect(fy2020()).toEqual(published.filter((r) => r.fiscalYear === 2020).map(({ note: _n, ...r }) => r));
    expect(analysis.rows.find((r) => r.no === 1 && r.fiscalYear === 2020)!.actual).toBe(32.8);
    expect(snapshot()).toEqual(before);
    // An open year follows the new 適用年度: 2021 is 電子化率's now (no 予定, no entry there: no row), not 申込み's.
    expect(analysis.rows.filter((r) => r.no === 1).map((r) => [r.fiscalYear, r.indicator])).toEqual([[2019, '申込み'], [2020, '申込み'], [2022, '電子化率'], [2023, '電子化率']]);
  });

  test('an entry typed after the close into the closed year of a version not in force is flagged and never used', () => {
    const book = demoBook();
    closeYear(book, 2020, KIKAKU);
    const published = readSummaryTable(book.readSheet('達成状況_2020年度')!).filter((r) => r.no === 1);
    const { row, col } = tabCell(book, '情報政策室', '電子化率', '2020年度 実績');
    book.type('情報政策室', row, col, '電子化率 50%');
    const { analysis } = rollupWorkbook(book);
    expect(analysis.findings.filter((f) => f.sheet === '情報政策室' && f.cell === a1(row, col)).map((f) => f.code)).toEqual(['version-entry-out-of-range']);
    expect(readSummaryTable(book.readSheet('達成状況')!).filter((r) => r.no === 1 && r.fiscalYear === 2020)).toEqual(published.filter((r) => r.fiscalYear === 2020));
  });
});

describe('fuzz: two versions of one indicator, any 適用年度', () => {
  const year = fc.option(fc.integer({ min: 2017, max: 2025 }), { nil: undefined });
  test('a gap finding exactly when a year between them has no version, an overlap exactly when one has two', () => {
    fc.assert(
      fc.property(year, year, year, year, (aFrom, aTo, bFrom, bTo) => {
        const book = new MemoryWorkbook();
        const base = { no: 1, policy: '', theme: '', actionPlan: '手続', unit: '%', reportingDept: '情報政策室', ownerDepts: '', relatedDepts: '', targets: {} };
        initWorkbook(book, { settings: demoSettings, master: [
          { ...base, name: 'A', validFrom: aFrom, validTo: aTo },
          { ...base, name: 'B', validFrom: bFrom, validTo: bTo, revises: 'A', basis: '会議' },
        ] });
        const s = settingsOf(book);
        const inds = read(book).indicators;
        const { findings, series } = readSeries(inds, s);
        expect(series.map((x) => x.versions.map((i) => i.name))).toEqual([['A', 'B']]);
        const first = aFrom ?? s.firstYear;
        const last = bTo ?? s.lastYear;
        const counts: number[] = [];
        for (let fy = Math.max(first, s.firstYear); fy <= Math.min(last, s.lastYear); fy++) counts.push(inds.filter((i) => versionCovers(i.version, fy)).length);
        const has = (code: string) => findings.some((f) => f.code === code);
        expect(has('version-gap')).toBe(counts.includes(0));
        expect(has('version-overlap')).toBe(counts.some((n) => n > 1));
        expect(has('version-range-reversed')).toBe((aFrom !== undefined && aTo !== undefined && aFrom > aTo) || (bFrom !== undefined && bTo !== undefined && bFrom > bTo));
        for (const f of findings) {
          expect(f.sheet).toBe('計画マスタ');
          expect(f.cell).toMatch(/^[A-Z]+\d+$/);
          expect(f.message).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/);
          expect(f.message).not.toMatch(/undefined|NaN|Infinity|null/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
