/**
 * `shinchoku next-year` on real .xlsx files (read back with exceljs): close-year then next-year moves 評価年度 to 2021,
 * `status --json` shows every department 入力中 for 2021, `rollup --json` gives the same 2020 figures as before,
 * 提出状況 is 未提出 again, `--json` carries the open list; refusals (not closed, twice) leave the file byte-identical.
 */
import type { CycleStatus } from '../../src/core/cycle';
import type { NextYearResult } from '../../src/core/cycle/next-year';
import { CLI_USER, cli, demoBookFile, fileHash, loadXlsx } from '../support/cli';

jest.setTimeout(120_000);

const demoBook = () => demoBookFile('shinchoku-next-year-', 'demo.xlsx');

interface RollupRow {
  fiscalYear: number;
  [k: string]: unknown;
}

async function rollup2020(book: string): Promise<RollupRow[]> {
  const r = await cli('rollup', book, '--json');
  expect(r).toMatchObject({ code: 0, err: '' });
  return (JSON.parse(r.out) as { summary: RollupRow[] }).summary.filter((s) => s.fiscalYear === 2020);
}

async function status(book: string): Promise<CycleStatus> {
  const r = await cli('status', book, '--json');
  expect(r).toMatchObject({ code: 0, err: '' });
  return JSON.parse(r.out) as CycleStatus;
}

test('close-year then next-year: 2021 under evaluation, every department 入力中, 2020 figures unchanged', async () => {
  const book = await demoBook();
  // 税制課 marks its tab 提出済 in Excel (D1 and F1 of the generated tab).
  const wb = await loadXlsx(book);
  const ws = wb.getWorksheet('税制課')!;
  expect(ws.getCell('C1').value).toBe('提出状況');
  ws.getCell('D1').value = '提出済';
  ws.getCell('F1').value = '2021/03/10';
  await wb.xlsx.writeFile(book);

  expect((await cli('close-year', book, '2020')).code).toBe(0);
  const before = await rollup2020(book);
  expect(before.length).toBeGreaterThan(10);

  const r = await cli('next-year', book);
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toContain('新年度の準備をしました。「設定」の評価年度を2020年度から2021年度にしました。');
  expect(r.out).toContain('1部門（税制課）の提出状況を「未提出」に戻しました');
  expect(r.out).toMatch(/2021年度の予定がない指標が\d+件あります/);

  const board = await status(book);
  expect(board.fiscalYear).toBe(2021);
  expect(board.departments.length).toBeGreaterThan(3);
  expect(board.departments.map((d) => d.state)).toEqual(board.departments.map(() => '入力中'));
  expect(await rollup2020(book)).toEqual(before);

  const after = await loadXlsx(book);
  expect(after.getWorksheet('税制課')!.getCell('D1').value).toBe('未提出');
  expect(after.getWorksheet('税制課')!.getCell('F1').value ?? '').toBe('');
  const settings = after.getWorksheet('設定')!;
  let evaluation: unknown;
  settings.eachRow((row) => {
    if (row.getCell(1).value === '評価年度') evaluation = row.getCell(2).value;
  });
  expect(evaluation).toBe('2021');
  const log: string[][] = [];
  after.getWorksheet('変更履歴')!.eachRow((row) => log.push(Array.from({ length: 7 }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
  expect(log.filter((l) => l[6] === '新年度の準備').map((l) => [l[1], l[2], l[4], l[5]])).toEqual([
    [CLI_USER, '設定', '2020', '2021'],
    [CLI_USER, '税制課', '提出済', '未提出'],
    [CLI_USER, '税制課', '2021/03/10', ''],
  ]);

  // Twice: 2021 is not closed yet, so nothing moves.
  const hash = fileHash(book);
  const again = await cli('next-year', book);
  expect(again.code).toBe(2);
  expect(again.err).toBe('エラー: 新年度の準備ができません。評価年度の2021年度はまだ確定していません。2021年度の実績を確定してから新年度に進みます。先に「年度確定」（コマンドラインは shinchoku close-year）で2021年度を確定してください\n');
  expect(fileHash(book)).toBe(hash);
});

test('--json gives the open list; --out leaves the book as it was; a year not closed is refused', async () => {
  const book = await demoBook();
  const hash = fileHash(book);
  const refused = await cli('next-year', book);
  expect(refused.code).toBe(2);
  expect(refused.err).toContain('評価年度の2020年度はまだ確定していません');
  expect(fileHash(book)).toBe(hash);

  expect((await cli('return', book, '--dept', '税制課', '--year', '2020', '--reason', '根拠を記入してください')).code).toBe(0);
  expect((await cli('close-year', book, '2020', '--force-reason', '議会報告の期限')).code).toBe(0);
  const closed = fileHash(book);
  const out = book.replace(/demo\.xlsx$/, 'next.xlsx');
  const r = await cli('next-year', book, '--json', '--out', out);
  expect(r).toMatchObject({ code: 0, err: '' });
  const result = JSON.parse(r.out) as Omit<NextYearResult, 'findings'> & { findings: { severityLabel: string }[] };
  expect(result).toMatchObject({ from: 2020, to: 2021, moved: true, reset: [], pending: [] });
  expect(result.open.returns).toEqual([{ dept: '税制課', reasons: [expect.objectContaining({ reason: '根拠を記入してください', by: `${CLI_USER}（コマンドライン・調整担当者として）` })] }]);
  expect(result.open.unconfirmedYears.map((y) => [y.fiscalYear, y.reason])).toEqual([[2020, '議会報告の期限']]);
  expect(result.findings.length).toBeGreaterThan(0);
  expect(result.findings.every((f) => f.severityLabel === '警告')).toBe(true);
  expect(fileHash(book)).toBe(closed);
  expect((await status(out)).fiscalYear).toBe(2021);
  expect((await status(book)).fiscalYear).toBe(2020);
});
