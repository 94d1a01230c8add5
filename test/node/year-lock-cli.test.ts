/**
 * 年度確定 through the command line (`close-year`, `reopen-year`) on real .xlsx files read back with exceljs: the
 * snapshot sheet, locked entry cells, the 年度確定 and 変更履歴 rows, refusals that leave the file byte-identical,
 * and re-closing after a reopen.
 */
import ExcelJS from 'exceljs';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoMaster } from '../../src/core/demo/suita';
import { CLI_USER, cli, demoBookFile, fileHash, loadXlsx } from '../support/cli';

jest.setTimeout(60_000);

const EVIL = '=HYPERLINK("http://evil","x")';
const TIME = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/;
const dir = () => mkdtempSync(join(tmpdir(), 'shinchoku-yl-'));
const USER = CLI_USER;
const hash = fileHash;
const load = loadXlsx;
const demoBook = () => demoBookFile('shinchoku-yl-', 'plan.xlsx');

/** A sheet's rows as dense 0-based arrays (empty cells null), hyperlinks reduced to their text. */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row, r) => {
    rows[r - 1] = Array.from((row.values as unknown[]).slice(1), (v) => (v && typeof v === 'object' && 'text' in v ? (v as { text: unknown }).text : v ?? null));
  });
  return rows;
}

/** Column (1-based) of a header text in the given row. */
function colIn(ws: ExcelJS.Worksheet, row: number, header: string): number {
  const col = (ws.getRow(row).values as unknown[]).findIndex((v) => v === header);
  if (col < 1) throw new Error(`no header ${header} in row ${row} of ${ws.name}`);
  return col;
}

/** Department tabs: A1 says 部門. */
const deptTabs = (wb: ExcelJS.Workbook) => wb.worksheets.filter((ws) => ws.getCell('A1').value === '部門');

/**
 * Whether each data row's entry cells of a year are unlocked, per tab: `{ tab: [actual, comment][] }`. Rows of a
 * version not in force that year (the demo's 電子化率 before 2022, indicator-versions.ts) are read-only whether the
 * year is closed or not, so they are left out.
 */
function unlockedByTab(wb: ExcelJS.Workbook, fy: number): Record<string, boolean[][]> {
  const out: Record<string, boolean[][]> = {};
  const notInForce = new Set(demoMaster.filter((m) => (m.validFrom ?? fy) > fy || (m.validTo ?? fy) < fy).map((m) => m.name));
  // The demo's five revisions (No.1, 4, 6, 13, 20): before 2022 their later versions are not in force.
  expect(notInForce.size).toBe(fy < 2022 ? 5 : 0);
  for (const ws of deptTabs(wb)) {
    const cols = [colIn(ws, 3, `${fy}年度 実績`), colIn(ws, 3, `${fy}年度 コメント`)];
    const rows: boolean[][] = [];
    for (let r = 4; r <= ws.rowCount; r++)
      if (!notInForce.has(String(ws.getCell(r, 3).value))) rows.push(cols.map((c) => ws.getCell(r, c).protection?.locked === false));
    out[ws.name] = rows;
  }
  return out;
}

/** The indicator table of a 達成状況 sheet: rows under the first `No. … 年度` header, up to the first blank row. */
function indicatorRows(ws: ExcelJS.Worksheet): { year: unknown; no: unknown; name: unknown; actual: unknown; grade: unknown }[] {
  const rows = rowsOf(ws);
  const h = rows.findIndex((r) => r?.[0] === 'No.' && r.includes('年度'));
  expect(h).toBeGreaterThan(0);
  const col = (name: string) => rows[h].indexOf(name);
  const out = [];
  for (let i = h + 1; rows[i]?.length; i++) {
    const r = rows[i];
    out.push({ year: r[col('年度')], no: r[col('No.')], name: r[col('指標名')], actual: r[col('実績')], grade: r[col('評価')] });
  }
  return out;
}

/** exceljs keeps a loaded sheet's <sheetProtection> here (not in its typings). */
const protectionOf = (ws: ExcelJS.Worksheet) => (ws as ExcelJS.Worksheet & { sheetProtection?: { sheet?: boolean } }).sheetProtection;

function formulaCells(ws: ExcelJS.Worksheet): string[] {
  const found: string[] = [];
  ws.eachRow((row) => row.eachCell((cell) => {
    if (cell.type === ExcelJS.ValueType.Formula) found.push(cell.address);
  }));
  return found;
}

describe('close-year', () => {
  test('writes a protected snapshot of that year, locks its entry cells only, and records the act', async () => {
    const book = await demoBook();
    // What the rollup computes for 2020 (into another file; the book itself stays as it is).
    const rollup = await cli('rollup', book, '--out', join(dir(), 'r.xlsx'), '--json');
    const expected = (JSON.parse(rollup.out).summary as { no: number; indicator: string; fiscalYear: number; actual: number | null; grade: string }[])
      .filter((x) => x.fiscalYear === 2020);
    expect(expected.length).toBeGreaterThan(5);

    const before = await load(book);
    // Before closing, every 2020 entry cell is open.
    for (const rows of Object.values(unlockedByTab(before, 2020))) for (const r of rows) expect(r).toEqual([true, true]);
    const valuesBefore = Object.fromEntries(deptTabs(before).map((ws) => [ws.name, rowsOf(ws)]));

    const r = await cli('close-year', book, 'R2');
    expect(r).toEqual({ code: 0, err: '', out: expect.stringContaining('2020年度を確定しました。達成状況の控えを「達成状況_2020年度」に保存し') });

    const wb = await load(book);
    const snap = wb.getWorksheet('達成状況_2020年度')!;
    expect(snap).toBeDefined();
    expect(protectionOf(snap)).toMatchObject({ sheet: true });
    expect(snap.getCell('A1').value).toMatch(/達成状況 2020年度 確定版/);
    const rows = indicatorRows(snap);
    expect(rows.map((x) => x.year)).toEqual(expected.map(() => '2020年度'));
    expect(rows.map((x) => [x.no, x.name, x.actual, x.grade])).toEqual(expected.map((x) => [x.no, x.indicator, x.actual, x.grade]));
    // Every cell of the snapshot is locked.
    snap.eachRow((row) => row.eachCell((c) => expect(c.protection?.locked).not.toBe(false)));
    expect(wb.getWorksheet('達成状況')).toBeUndefined();

    // 2020 entry cells locked in every department tab, 2021 ones still open; values untouched; tabs still protected.
    const tabs = deptTabs(wb);
    expect(tabs.map((ws) => ws.name)).toEqual(expect.arrayContaining(['情報政策室', '税制課', '市民課', '広報課']));
    const locked2020 = unlockedByTab(wb, 2020);
    const open2021 = unlockedByTab(wb, 2021);
    for (const ws of tabs) {
      expect(protectionOf(ws)).toMatchObject({ sheet: true });
      expect(locked2020[ws.name].length).toBeGreaterThan(0);
      for (const r of locked2020[ws.name]) expect(r).toEqual([false, false]);
      for (const r of open2021[ws.name]) expect(r).toEqual([true, true]);
      // The submission cell stays open.
      expect(ws.getCell('D1').protection?.locked).toBe(false);
      expect(rowsOf(ws)).toEqual(valuesBefore[ws.name]);
    }
    // A concrete cell: 情報政策室 申込み 2020 実績 (I4 in the demo) is locked, its 2021 neighbour (L4) is open.
    const info = wb.getWorksheet('情報政策室')!;
    expect(info.getCell(4, colIn(info, 3, '2020年度 実績')).value).toBe('申込み 32.8%');
    expect(info.getCell(4, colIn(info, 3, '2020年度 実績')).protection?.locked).not.toBe(false);
    expect(info.getCell(4, colIn(info, 3, '2021年度 実績')).protection?.locked).toBe(false);

    const record = rowsOf(wb.getWorksheet('年度確定')!);
    expect(record[1]).toEqual(['年度', '操作', '日時', '実行者', '理由', '控えシート']);
    expect(record.slice(2)).toEqual([['2020年度', '確定', expect.stringMatching(TIME), USER, null, '達成状況_2020年度']]);
    const log = rowsOf(wb.getWorksheet('変更履歴')!);
    expect(log[0]).toEqual(['日時', '利用者', 'シート', 'セル', '変更前', '変更後', '方法']);
    expect(log.slice(1)).toEqual([[expect.stringMatching(TIME), USER, '年度確定', null, null, '2020年度を確定（控え: 達成状況_2020年度）', '年度確定']]);
  });

  test('setup after closing keeps the closed year locked', async () => {
    const book = await demoBook();
    expect((await cli('close-year', book, '2020')).code).toBe(0);
    expect((await cli('setup', book)).code).toBe(0);
    const wb = await load(book);
    for (const rows of Object.values(unlockedByTab(wb, 2020))) for (const r of rows) expect(r).toEqual([false, false]);
    for (const rows of Object.values(unlockedByTab(wb, 2021))) for (const r of rows) expect(r).toEqual([true, true]);
  });

  test('an unreadable entry of that year blocks closing and names its cell; one of another year does not', async () => {
    const book = await demoBook();
    let wb = await load(book);
    let ws = wb.getWorksheet('広報課')!;
    const row = (ws.getColumn(3).values as unknown[]).indexOf('閲覧者数');
    expect(row).toBeGreaterThan(3);
    const at = ws.getCell(row, colIn(ws, 3, '2020年度 実績')).address;
    ws.getCell(at).value = 'たくさん';
    await wb.xlsx.writeFile(book);
    const h = hash(book);

    const r = await cli('close-year', book, '2020');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^エラー: 2020年度を確定できません。読めない実績・予定が1件あります/);
    expect(r.err).toContain(`広報課!${at} No.5 閲覧者数（入力エラー）`);
    expect(hash(book)).toBe(h);

    // The same text in 2021 does not concern 2020.
    wb = await load(book);
    ws = wb.getWorksheet('広報課')!;
    ws.getCell(at).value = '349,879人';
    ws.getCell(row, colIn(ws, 3, '2021年度 実績')).value = 'たくさん';
    await wb.xlsx.writeFile(book);
    expect((await cli('close-year', book, '2020')).code).toBe(0);
  });
});

describe('refusals exit 2 with a Japanese message and leave the file byte-identical', () => {
  let closed = '';
  beforeAll(async () => {
    closed = await demoBook();
    expect((await cli('close-year', closed, '2020')).code).toBe(0);
  });

  const cases: [string, string[], RegExp][] = [
    ['closing a closed year', ['close-year', '2020'], /^エラー: 2020年度はすでに確定しています/],
    ['closing it again written as 令和2年度', ['close-year', '令和2年度'], /^エラー: 2020年度はすでに確定しています/],
    ['reopening without --reason', ['reopen-year', '2020'], /^エラー: 必要なオプションがありません。shinchoku --help で使い方を確認してください\n$/],
    ['reopening with an empty reason', ['reopen-year', '2020', '--reason', ''], /^エラー: 2020年度の確定を解除する理由を入力してください/],
    ['reopening with a blank reason', ['reopen-year', '2020', '--reason', ' \u3000\t '], /^エラー: 2020年度の確定を解除する理由を入力してください/],
    ['closing a year outside the plan', ['close-year', '2030'], /^エラー: .*2030年度は計画期間（2019年度〜2023年度）の年度ではありません/],
    ['reopening a year outside the plan', ['reopen-year', '2030', '--reason', '誤り'], /^エラー: .*2030年度は計画期間（2019年度〜2023年度）の年度ではありません/],
    ['reopening a year not closed', ['reopen-year', '2021', '--reason', '誤り'], /^エラー: 2021年度は確定されていません/],
    ['a year that is not one', ['close-year', 'らいねん'], /^エラー: 「らいねん」を年度として読めません/],
  ];

  test.each(cases)('%s', async (_name, [command, ...rest], message) => {
    const d = dir();
    const book = join(d, 'plan.xlsx');
    copyFileSync(closed, book);
    const h = hash(book);
    const r = await cli(command, book, ...rest);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(hash(book)).toBe(h);
    // No temporary file left beside it either.
    expect(readdirSync(d)).toEqual(['plan.xlsx']);
  });
});

describe('reopen-year and closing again', () => {
  test('a formula-like reason is stored as text; re-closing writes 達成状況_2020年度_2 and never touches the first snapshot', async () => {
    const book = await demoBook();
    expect((await cli('close-year', book, '2020')).code).toBe(0);
    const first = rowsOf((await load(book)).getWorksheet('達成状況_2020年度')!);

    const r = await cli('reopen-year', book, '令和2年度', '--reason', EVIL);
    expect(r).toEqual({ code: 0, err: '', out: expect.stringContaining('2020年度の確定を解除しました') });
    let wb = await load(book);
    // The year is open again; the snapshot stays.
    for (const rows of Object.values(unlockedByTab(wb, 2020))) for (const x of rows) expect(x).toEqual([true, true]);
    expect(rowsOf(wb.getWorksheet('達成状況_2020年度')!)).toEqual(first);
    const record = wb.getWorksheet('年度確定')!;
    expect(rowsOf(record).slice(2)).toEqual([
      ['2020年度', '確定', expect.stringMatching(TIME), USER, null, '達成状況_2020年度'],
      ['2020年度', '解除', expect.stringMatching(TIME), USER, EVIL],
    ]);
    const reason = record.getCell(4, 5);
    expect({ type: reason.type, value: reason.value, numFmt: reason.numFmt }).toEqual({ type: ExcelJS.ValueType.String, value: EVIL, numFmt: '@' });
    const log = wb.getWorksheet('変更履歴')!;
    expect(rowsOf(log).slice(-1)).toEqual([[expect.stringMatching(TIME), USER, '年度確定', null, '2020年度は確定済み', `2020年度の確定を解除（理由: ${EVIL}）`, '年度確定の解除']]);
    for (const ws of [record, log]) expect(formulaCells(ws)).toEqual([]);

    // A department corrects a 2020 figure while the year is open, the rollup runs, then the year is closed again.
    let info = wb.getWorksheet('情報政策室')!;
    info.getCell(4, colIn(info, 3, '2020年度 実績')).value = '申込み 40%';
    await wb.xlsx.writeFile(book);
    expect((await cli('rollup', book)).code).toBe(0);
    expect(rowsOf((await load(book)).getWorksheet('達成状況_2020年度')!)).toEqual(first);
    const again = await cli('close-year', book, '2020');
    expect(again).toEqual({ code: 0, err: '', out: expect.stringContaining('「達成状況_2020年度_2」') });

    wb = await load(book);
    const snap1 = wb.getWorksheet('達成状況_2020年度')!;
    const snap2 = wb.getWorksheet('達成状況_2020年度_2')!;
    expect(snap2).toBeDefined();
    expect(protectionOf(snap2)).toMatchObject({ sheet: true });
    expect(protectionOf(snap1)).toMatchObject({ sheet: true });
    expect(rowsOf(snap1)).toEqual(first);
    const pick = (ws: ExcelJS.Worksheet) => indicatorRows(ws).find((x) => x.name === '申込み');
    expect(pick(snap1)).toMatchObject({ year: '2020年度', actual: 32.8 });
    expect(pick(snap2)).toMatchObject({ year: '2020年度', actual: 40 });
    expect(indicatorRows(snap2).every((x) => x.year === '2020年度')).toBe(true);

    expect(rowsOf(wb.getWorksheet('年度確定')!).slice(2).map((x) => [x[0], x[1], x[5] ?? null])).toEqual([
      ['2020年度', '確定', '達成状況_2020年度'],
      ['2020年度', '解除', null],
      ['2020年度', '確定', '達成状況_2020年度_2'],
    ]);
    expect(rowsOf(wb.getWorksheet('変更履歴')!).slice(1).map((x) => x[6])).toEqual(['年度確定', '年度確定の解除', '年度確定']);
    for (const ws of [wb.getWorksheet('年度確定')!, wb.getWorksheet('変更履歴')!]) expect(formulaCells(ws)).toEqual([]);
    info = wb.getWorksheet('情報政策室')!;
    expect(info.getCell(4, colIn(info, 3, '2020年度 実績')).protection?.locked).not.toBe(false);
  });
});

describe('an unreadable 年度確定 stops closing and reopening (rewriting it would silently reopen a year)', () => {
  test.each([
    ['a renamed header', (ws: ExcelJS.Worksheet): void => {
      ws.getCell('B2').value = '操作（メモ）';
    }, /^エラー: 年度確定できません。次を直してください:\n・年度確定!A1: 「年度確定」の見出し/],
    ['a row that is not a record', (ws: ExcelJS.Worksheet): void => {
      ws.getRow(4).values = ['来年度', '確定'];
    }, /^エラー: 年度確定できません。次を直してください:\n・年度確定!A4: 4行目を読めません/],
  ] as const)('%s', async (_name, breakIt, message) => {
    const book = await demoBook();
    expect((await cli('close-year', book, '2020')).code).toBe(0);
    const wb = await load(book);
    breakIt(wb.getWorksheet('年度確定')!);
    await wb.xlsx.writeFile(book);
    const h = hash(book);
    const r = await cli('close-year', book, '2021');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(hash(book)).toBe(h);
    const reopen = await cli('reopen-year', book, '2020', '--reason', '誤り');
    expect(reopen.code).toBe(2);
    expect(reopen.err).toMatch(/年度確定を解除できません。次を直してください/);
    expect(hash(book)).toBe(h);
  });
});
