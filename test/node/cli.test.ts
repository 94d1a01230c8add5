/** The command line on real .xlsx files through exceljs, in-process and as the installed `shinchoku` bin. */
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { run, type Io } from '../../src/node/cli';

const exec = promisify(execFile);
const root = join(__dirname, '..', '..');

function capture(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false, out: () => out, err: () => err };
}

async function cli(...args: string[]) {
  const io = capture();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

const dir = () => mkdtempSync(join(tmpdir(), 'shinchoku-cli-'));

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** The row (1-based) whose cells include every given text, on a raw exceljs sheet. */
function rowWith(ws: ExcelJS.Worksheet, ...texts: string[]): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    const vals = (row.values as unknown[]).map((v) => String(v ?? ''));
    if (!found && texts.every((t) => vals.includes(t))) found = row;
  });
  if (!found) throw new Error(`no row with ${texts.join(', ')} on ${ws.name}`);
  return found;
}

function colOf(ws: ExcelJS.Worksheet, header: string): number {
  const row = rowWith(ws, header);
  return (row.values as unknown[]).findIndex((v) => v === header);
}

describe('shinchoku demo', () => {
  test('prints the achievement summary and writes a workbook with 達成状況 and 検証結果', async () => {
    const out = join(dir(), 'out', 'demo.xlsx');
    const r = await cli('demo', '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/研修参加人数\s+情報政策室\s+200人\s+115人\s+57\.5%\s+C\s+評価済/);
    expect(r.out).toMatch(/申込み\s+情報政策室\s+10%\s+30\.7%\s+307\.0%\s+A/);
    expect(r.out).toMatch(/施設稼働率の上昇\s+情報政策室\s+10%\s+-16\.7%\s+-167\.0%\s+D/);
    expect(r.out).toContain('検証結果: エラー 0件・警告 3件');
    expect(existsSync(out)).toBe(true);

    const wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['設定', '計画マスタ', '達成状況', '検証結果', '税制課', '情報政策室']));
    const summary = wb.getWorksheet('達成状況')!;
    const no20 = rowWith(summary, '研修参加人数', '2019年度');
    const rateCell = no20.getCell(colOf(summary, '達成率'));
    expect(rateCell.value).toBeCloseTo(0.575, 12);
    expect(rateCell.numFmt).toBe('0.0%');
    expect(no20.getCell(colOf(summary, '評価')).value).toBe('C');
    const actual = no20.getCell(colOf(summary, '実績'));
    expect(actual.value).toBe(115);
    expect(actual.numFmt).toBe('#,##0');
    const entry = no20.getCell(colOf(summary, '入力セル'));
    expect(entry.value).toMatchObject({ text: expect.stringMatching(/^情報政策室!F\d+$/) });
    expect(wb.worksheets.map((w) => w.name).slice(0, 4)).toEqual(['設定', '計画マスタ', '達成状況', '検証結果']);
    const findings = wb.getWorksheet('検証結果')!;
    expect(findings.getCell('A1').value).toBe('検証結果（エラー 0件・警告 3件）');
    expect(rowWith(findings, '警告', '税制課').getCell(5).value).toMatch(/複数の指標/);
  });

  test('--json gives rates as ratios', async () => {
    const r = await cli('demo', '--out', join(dir(), 'demo.xlsx'), '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const no20 = json.summary.find((x: { no: number; fiscalYear: number }) => x.no === 20 && x.fiscalYear === 2019);
    // No.20 changes its indicator from 2022 (the demo's 中間見直し): every row of it says so in `revision`.
    // E1 from 148 (FY2018) to 200 (FY2021, the last 予定 of this version): 148 + 52 × 1/3; 進捗率 (115 − 148)/52 against 1/3 of the period.
    const expected = 148 + 52 / 3;
    expect(no20).toEqual({
      no: 20, indicator: '研修参加人数', department: '情報政策室', fiscalYear: 2019, target: 200, actual: 115, unit: '人', rate: 0.575, grade: 'C', status: '評価済', cause: '', direction: '',
      revision: '令和4年度に指標変更（研修参加人数 → 研修受講率、改定根拠: 中間見直し素案（令和3年度）。決定した会議・日付は素案に記載なし）',
      expected: expect.closeTo(expected, 9), expectedRatio: expect.closeTo(115 / expected, 12), expectedGrade: 'B', expectedNote: '',
      paceRatio: expect.closeTo((115 - 148) / 52 / (1 / 3), 12), paceNote: '',
    });
    expect(json.findings).toHaveLength(3);
    expect(json.counts.byYear[0]).toMatchObject({ key: '2019年度', total: 8 });
  });
});

describe('init, setup, validate, rollup on a file', () => {
  test('init --demo then rollup --out leaves the original as it was', async () => {
    const d = dir();
    const book = join(d, 'plan.xlsx');
    expect((await cli('init', book, '--demo')).code).toBe(0);
    const other = join(d, 'result.xlsx');
    const r = await cli('rollup', book, '--out', other);
    expect(r.code).toBe(0);
    expect((await load(book)).getWorksheet('達成状況')).toBeUndefined();
    expect((await load(other)).getWorksheet('達成状況')).toBeDefined();
  });

  test('init refuses to overwrite an existing file', async () => {
    const book = join(dir(), 'plan.xlsx');
    await cli('init', book, '--demo');
    const r = await cli('init', book);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/すでにあります/);
  });

  test('an entry typed in Excel as a percent number, a new entry, setup again, rollup: nothing lost', async () => {
    const d = dir();
    const book = join(d, 'plan.xlsx');
    await cli('init', book, '--demo');
    const wb = await load(book);
    const ws = wb.getWorksheet('情報政策室')!;
    const row = rowWith(ws, '申込み');
    const cell = row.getCell(colOf(ws, '2021年度 実績'));
    cell.value = 0.412; // typed as 41.2% in Excel
    cell.numFmt = '0.0%';
    row.getCell(colOf(ws, '2021年度 コメント')).value = '前年より増加';
    await wb.xlsx.writeFile(book);

    expect((await cli('setup', book)).code).toBe(0);
    const r = await cli('rollup', book, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const fy2021 = json.summary.find((x: { no: number; indicator: string; fiscalYear: number }) => x.indicator === '申込み' && x.fiscalYear === 2021);
    expect(fy2021.actual).toBeCloseTo(41.2, 10);
    expect(fy2021.rate).toBeCloseTo(41.2 / 30, 10);
    const after = (await load(book)).getWorksheet('情報政策室')!;
    expect(rowWith(after, '申込み').getCell(colOf(after, '2021年度 コメント')).value).toBe('前年より増加');
  });

  test('rollup never changes a department tab', async () => {
    const book = join(dir(), 'plan.xlsx');
    await cli('init', book, '--demo');
    const values = async () => {
      const ws = (await load(book)).getWorksheet('税制課')!;
      const all: unknown[] = [];
      ws.eachRow((r) => all.push(r.values));
      return all;
    };
    const before = await values();
    await cli('rollup', book);
    expect(await values()).toEqual(before);
  });

  test('validate exits 1 and names sheet and cell when there are errors', async () => {
    const book = join(dir(), 'plan.xlsx');
    await cli('init', book, '--demo');
    const wb = await load(book);
    const ws = wb.getWorksheet('広報課')!;
    const row = rowWith(ws, '閲覧者数');
    const col = colOf(ws, '2021年度 実績');
    row.getCell(col).value = '1,73人';
    await wb.xlsx.writeFile(book);
    const r = await cli('validate', book);
    expect(r.code).toBe(1);
    const a1 = row.getCell(col).address;
    expect(r.out).toContain(`エラー  広報課!${a1}  No.5 閲覧者数`);
    const j = await cli('validate', book, '--json');
    expect(JSON.parse(j.out).findings).toContainEqual(expect.objectContaining({ sheet: '広報課', cell: a1, code: 'bad-grouping' }));
  });

  test('validate --out writes 検証結果 and notes on the bad cell, keeping a person\'s note; a fixed cell loses its mark', async () => {
    const book = join(dir(), 'plan.xlsx');
    await cli('init', book, '--demo');
    let wb = await load(book);
    let ws = wb.getWorksheet('広報課')!;
    const col = colOf(ws, '2021年度 実績');
    const at = rowWith(ws, '閲覧者数').getCell(col).address;
    ws.getCell(at).value = '1,73人';
    ws.getCell(at).note = '広報課: 確認中';
    const other = rowWith(ws, '閲覧者数').getCell(colOf(ws, '2022年度 実績')).address;
    ws.getCell(other).value = '12,3人';
    await wb.xlsx.writeFile(book);
    const before = JSON.stringify(ws.getSheetValues());

    const r = await cli('validate', book, '--out', book);
    expect(r.code).toBe(1);
    wb = await load(book);
    ws = wb.getWorksheet('広報課')!;
    expect(JSON.stringify(ws.getSheetValues())).toBe(before);
    expect(ws.getCell(at).note).toMatch(/^【入力チェック】\nエラー: .*\n――――\n広報課: 確認中$/);
    const found = wb.getWorksheet('検証結果')!;
    expect(rowWith(found, '広報課').getCell(3).text).toBe(at);

    expect(ws.getCell(other).note).toMatch(/^【入力チェック】\nエラー: /);
    ws.getCell(at).value = '1,730人';
    ws.getCell(other).value = '12,300人';
    await wb.xlsx.writeFile(book);
    expect((await cli('validate', book, '--out', book)).code).toBe(0);
    ws = (await load(book)).getWorksheet('広報課')!;
    expect(ws.getCell(at).note).toBe('広報課: 確認中');
    expect(ws.getCell(other).note).toBeUndefined();
  });

  test('validate exits 0 on the demo (warnings only)', async () => {
    const book = join(dir(), 'plan.xlsx');
    await cli('init', book, '--demo');
    const r = await cli('validate', book);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/警告 3件/);
  });
});

describe('bad input: a clear Japanese message and a non-zero exit, never a stack trace', () => {
  const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

  test('missing file', async () => {
    const r = await cli('rollup', join(dir(), 'nai.xlsx'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ファイルが見つかりません/);
    noStack(r.err);
  });

  test('a corrupt file', async () => {
    const p = join(dir(), 'broken.xlsx');
    writeFileSync(p, 'これはxlsxではありません');
    const r = await cli('validate', p);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\.xlsx として読めません/);
    noStack(r.err);
  });

  test('a workbook that is not ours', async () => {
    const p = join(dir(), 'other.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').getCell('A1').value = '家計簿';
    await wb.xlsx.writeFile(p);
    const r = await cli('rollup', p);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/進捗管理のブックではありません/);
  });

  test('a workbook open in Excel (owner file present) is not written', async () => {
    const d = dir();
    const book = join(d, 'plan.xlsx');
    await cli('init', book, '--demo');
    writeFileSync(join(d, '~$plan.xlsx'), '');
    const r = await cli('rollup', book);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Excel/);
    expect((await load(book)).getWorksheet('達成状況')).toBeUndefined();
  });

  test('an unknown command', async () => {
    const r = await cli('shukei');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/知らないコマンドです/);
  });
});

describe('the installed bin', () => {
  test('npx shinchoku works from the project and fails cleanly', async () => {
    const help = await exec('npx', ['--no-install', 'shinchoku', '--help'], { cwd: root });
    expect(help.stdout).toMatch(/rollup/);
    const missing = await exec('node', [join(root, 'bin', 'shinchoku.js'), 'validate', 'nai.xlsx'], { cwd: dir() }).catch((e) => e);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/ファイルが見つかりません: nai\.xlsx/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  }, 30000);
});
