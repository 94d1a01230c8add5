/**
 * Hostile .xlsx files through exceljs and the command line (issue 5, point 9): merged cells, formulas and their
 * error values, 50,000-character cells, 10,000-row tabs, wrong types, renamed and deleted tabs, files that are
 * not workbooks. `validate` and `rollup` end in findings (exit 0 or 1) or in a Japanese message (exit 2), never a
 * stack trace; a rollup that stops, at any point, leaves the file (and so its previous 達成状況) byte for byte.
 * The last test prints how many hostile files were tried.
 */
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { cli } from '../support/cli';
import { TENFOLD_LIMIT, tenfoldGrowthAsync } from '../support/scaling';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';

jest.setTimeout(60_000);

const JAPANESE = /[\u3040-\u30FF\u4E00-\u9FFF]/;
const EXCEL_CELL_LIMIT = 32_767;

let root: string;
/** The demo plan after init --demo and one rollup: it has a 達成状況 to lose. */
let demo: string;
let tried = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shinchoku-hostile-'));
  demo = join(root, 'demo.xlsx');
  expect((await cli('init', demo, '--demo')).code).toBe(0);
  expect((await cli('rollup', demo)).code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** The cell holding `text` on a sheet (exact match of its text). */
function cellWith(ws: ExcelJS.Worksheet, text: string): ExcelJS.Cell {
  let found: ExcelJS.Cell | undefined;
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (!found && cell.text === text) found = cell;
    }),
  );
  if (!found) throw new Error(`no cell "${text}" on ${ws.name}`);
  return found;
}

/** Row and column of a cell as numbers (exceljs types them as strings). */
const rc = (cell: ExcelJS.Cell) => ({ row: Number(cell.row), col: Number(cell.col) });

/** The cell of `name`'s row under `header` (both found by text). */
function under(ws: ExcelJS.Worksheet, name: string, header: string): ExcelJS.Cell {
  return ws.getCell(rc(cellWith(ws, name)).row, rc(cellWith(ws, header)).col);
}

interface Finding {
  severity: string;
  code: string;
  sheet: string;
  cell: string;
  message: string;
}

interface Outcome {
  /** Exit code of rollup: 0 done, 2 refused. */
  code: number;
  findings: Finding[];
  err: string;
  file: string;
}

/** A message for people: Japanese, no stack trace, no JavaScript error name. */
function expectPlain(err: string): void {
  expect(err).toMatch(JAPANESE);
  expect(err).not.toMatch(/TypeError|RangeError|ReferenceError|undefined|\n\s+at |予期しないエラー/);
}

/**
 * Copies the demo, lets `mutate` damage it through exceljs, then runs validate and rollup on it. A refused job
 * leaves the file as it was; a successful rollup writes 達成状況 and 検証結果 whose cells Excel can hold.
 */
async function hostile(mutate: (wb: ExcelJS.Workbook) => void | Promise<void>): Promise<Outcome> {
  return runJobs(await hostileFile(mutate));
}

/** A copy of the demo damaged by `mutate`, saved. */
async function hostileFile(mutate: (wb: ExcelJS.Workbook) => void | Promise<void>): Promise<string> {
  const file = join(mkdtempSync(join(root, 'case-')), 'plan.xlsx');
  copyFileSync(demo, file);
  const wb = await load(file);
  await mutate(wb);
  await wb.xlsx.writeFile(file);
  return file;
}

async function runJobs(file: string): Promise<Outcome> {
  tried++;
  const before = hash(file);
  const v = await cli('validate', file, '--json');
  expect([0, 1, 2]).toContain(v.code);
  const r = await cli('rollup', file, '--json');
  expect(readdirSync(dirname(file)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  if (r.code === 2) {
    expect(v.code).toBe(2);
    expect(r.err).toMatch(/^エラー: /);
    expectPlain(r.err);
    expectPlain(v.err);
    expect(hash(file)).toBe(before);
    return { code: 2, findings: [], err: r.err, file };
  }
  expect(r.code).toBe(0);
  expect(r.err).toBe('');
  const findings = JSON.parse(r.out).findings as Finding[];
  expect(JSON.parse(v.out).findings.map((f: Finding) => f.code)).toEqual(findings.map((f) => f.code));
  expect(v.code).toBe(findings.some((f) => f.severity === 'error') ? 1 : 0);
  for (const f of findings) {
    expect(f.message).toMatch(JAPANESE);
    expect(f.sheet).not.toBe('');
    expect(f.cell).toMatch(/^$|^[A-Z]{1,3}[1-9]\d*$/);
  }
  // The written sheets open in Excel: no cell over its limit, no non-finite number.
  const out = await load(file);
  for (const name of ['達成状況', '検証結果']) {
    const ws = out.getWorksheet(name)!;
    expect(ws).toBeDefined();
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && cell.value.length > EXCEL_CELL_LIMIT) throw new Error(`${name}!${cell.address}: ${cell.value.length} characters`);
        if (typeof cell.value === 'number' && !Number.isFinite(cell.value)) throw new Error(`${name}!${cell.address}: ${cell.value}`);
      }),
    );
  }
  return { code: 0, findings, err: '', file };
}

const found = (o: Outcome, want: Partial<Finding>) => {
  expect(o.code).toBe(0);
  expect(o.findings).toContainEqual(expect.objectContaining(want));
};

describe('merged cells', () => {
  test('the 予定 and 実績 headers of a year merged in a department tab', async () => {
    let at = '';
    const o = await hostile((wb) => {
      const ws = wb.getWorksheet('税制課')!;
      const target = rc(cellWith(ws, '2020年度 予定'));
      ws.mergeCells(target.row, target.col, target.row, target.col + 1);
      at = `A${target.row}`;
    });
    found(o, { severity: 'error', code: 'missing-year-column', sheet: '税制課', cell: at });
  });

  test('the No. cells of a plan with two indicators merged in 計画マスタ', async () => {
    let at = '';
    const o = await hostile((wb) => {
      const ws = wb.getWorksheet('計画マスタ')!;
      const first = rc(cellWith(ws, '課税証明'));
      const second = rc(cellWith(ws, '住民票等'));
      ws.mergeCells(first.row, 1, second.row, 1);
      ws.mergeCells(first.row, 4, second.row, 4);
      at = `A${second.row}`;
    });
    found(o, { severity: 'error', code: 'bad-no', sheet: '計画マスタ', cell: at, message: expect.stringContaining('セルを結合せず') });
  });

  test('entry cells of two years merged, and the submission line merged', async () => {
    const o = await hostile((wb) => {
      const ws = wb.getWorksheet('広報課')!;
      const a = rc(under(ws, '閲覧者数', '2020年度 実績'));
      ws.mergeCells(a.row, a.col, a.row, a.col + 4);
      ws.mergeCells('A1:F1');
    });
    expect(o.code).toBe(0);
  });

  test('a 設定 row merged over its value', async () => {
    const o = await hostile((wb) => {
      const ws = wb.getWorksheet('設定')!;
      const r = rc(cellWith(ws, '評価年度')).row;
      ws.mergeCells(r, 1, r, 2);
    });
    found(o, { severity: 'error', code: 'setting-missing', sheet: '設定', cell: 'B6' });
  });

  test('the plan period merged away: refused, file untouched', async () => {
    const o = await hostile((wb) => {
      const ws = wb.getWorksheet('設定')!;
      const r = rc(cellWith(ws, '計画期間（開始年度）')).row;
      ws.mergeCells(r, 1, r, 3);
    });
    expect(o.code).toBe(2);
    expect(o.err).toMatch(/設定!B4/);
  });
});

describe('formulas and error values, as exceljs reads them', () => {
  test.each<[string, ExcelJS.CellValue, string | null]>([
    ['a formula that divided by zero', { formula: 'B2/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue, 'formula-error'],
    ['an error value', { error: '#N/A' } as ExcelJS.CellErrorValue, 'formula-error'],
    ['a broken reference', { formula: '#REF!*2', result: { error: '#REF!' } } as ExcelJS.CellFormulaValue, 'formula-error'],
    ['a formula with a number', { formula: '1000+730', result: 1730 } as ExcelJS.CellFormulaValue, null],
    ['a formula without a cached value', { formula: 'SUM(A1:A3)' } as ExcelJS.CellFormulaValue, null],
    ['a formula with a text result', { formula: '"1,730件"', result: '1,730件' } as ExcelJS.CellFormulaValue, null],
    ['TRUE', true, 'boolean'],
    ['a date (the cell formatted as a date)', new Date(Date.UTC(2021, 4, 31)), 'date'],
    ['rich text', { richText: [{ text: '1,7', font: { bold: true } }, { text: '30件' }] }, null],
  ])('an entry that is %s', async (_, value, code) => {
    let at = '';
    const o = await hostile((wb) => {
      const cell = under(wb.getWorksheet('税制課')!, '課税証明', '2021年度 実績');
      cell.value = value;
      if (value instanceof Date) cell.numFmt = 'yyyy/m/d';
      at = cell.address;
    });
    expect(o.code).toBe(0);
    const mine = o.findings.filter((f) => f.sheet === '税制課' && f.cell === at);
    if (code) expect(mine).toContainEqual(expect.objectContaining({ severity: 'error', code }));
    else expect(mine.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('error values in a target, a No. and a department', async () => {
    const cells: Record<string, string> = {};
    const o = await hostile((wb) => {
      const ws = wb.getWorksheet('計画マスタ')!;
      const target = under(ws, '研修参加人数', '2020年度 予定');
      target.value = { formula: 'X1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
      cells.target = target.address;
      const no = under(ws, '電子化率', 'No.');
      no.value = { error: '#REF!' } as ExcelJS.CellErrorValue;
      cells.no = no.address;
      under(ws, '閲覧者数', '報告部門').value = { error: '#NAME?' } as ExcelJS.CellErrorValue;
    });
    found(o, { severity: 'error', code: 'formula-error', sheet: '計画マスタ', cell: cells.target });
    found(o, { severity: 'error', code: 'bad-no', sheet: '計画マスタ', cell: cells.no, message: expect.stringContaining('#REF!') });
    found(o, { severity: 'error', code: 'missing-tab', sheet: '#NAME?' });
  });

  test('a rich-text header, a hyperlinked department and a shared formula', async () => {
    const o = await hostile((wb) => {
      const ws = wb.getWorksheet('計画マスタ')!;
      cellWith(ws, '指標名').value = { richText: [{ text: '指標', font: { bold: true } }, { text: '名' }] };
      under(ws, '閲覧者数', '報告部門').value = { text: '広報課', hyperlink: '#広報課!A1' };
      const tab = wb.getWorksheet('税制課')!;
      const a = under(tab, '課税証明', '2022年度 実績');
      a.value = { formula: '1000*3', result: 3000 } as ExcelJS.CellFormulaValue;
      // The next year's 実績: five columns on (予定・実績・コメント・要因・今後の方向性 per year).
      tab.getCell(rc(a).row, rc(a).col + 5).value = { sharedFormula: a.address, result: 3000 } as unknown as ExcelJS.CellValue;
    });
    expect(o.code).toBe(0);
    expect(o.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('sizes', () => {
  test('50,000-character cells in an entry, an indicator name, a department and a header', async () => {
    let entry = '';
    const o = await hostile((wb) => {
      const tab = wb.getWorksheet('広報課')!;
      const a = under(tab, '閲覧者数', '2021年度 実績');
      a.value = '1'.repeat(50_000);
      entry = a.address;
      const ws = wb.getWorksheet('計画マスタ')!;
      under(ws, '研修参加人数', '指標名').value = '名'.repeat(50_000);
      under(ws, '電子化率', '報告部門').value = '課'.repeat(50_000);
      cellWith(ws, '備考').value = '備'.repeat(50_000);
      cellWith(wb.getWorksheet('設定')!, '計画名').value = '計画名';
      under(wb.getWorksheet('設定')!, '計画名', '値').value = 'あ'.repeat(50_000);
    });
    found(o, { severity: 'error', code: 'too-long', sheet: '広報課', cell: entry });
    found(o, { severity: 'error', code: 'missing-tab' });
    found(o, { severity: 'error', code: 'not-in-master', sheet: '情報政策室' });
  });

  test('a department tab of 10,000 rows', async () => {
    // validate and rollup grow about linearly with the rows: CPU time at 10,000 against 1,000, in this process
    // (test/support/scaling.ts), rather than a time against a constant.
    const { growth, result: o } = await tenfoldGrowthAsync(async (rows) => {
      const file = await hostileFile((wb) => {
        const ws = wb.getWorksheet('税制課')!;
        const { col } = rc(cellWith(ws, '2021年度 実績'));
        for (let i = 0; i < rows; i++) {
          const r = ws.getRow(ws.rowCount + 1);
          r.getCell(col).value = i % 2 ? `${i}件` : i;
          r.getCell(col + 1).value = 'コメント';
        }
      });
      return () => runJobs(file);
    }, 10_000);
    expect(growth).toBeLessThan(TENFOLD_LIMIT);
    expect(o.findings.filter((f) => f.code === 'entry-without-indicator')).toHaveLength(10_000);
  });

  test('a cell in the last column (XFD) of a department tab', async () => {
    const o = await hostile((wb) => {
      wb.getWorksheet('教育センター')!.getCell('XFD3').value = '最後の列';
    });
    expect(o.code).toBe(0);
  });
});

describe('sheets renamed, deleted, hidden, duplicated', () => {
  test('a department tab renamed and another deleted', async () => {
    const o = await hostile((wb) => {
      wb.getWorksheet('税制課')!.name = '税制課（旧）';
      wb.removeWorksheet(wb.getWorksheet('法制室')!.id);
    });
    found(o, { severity: 'error', code: 'missing-tab', sheet: '税制課' });
    found(o, { severity: 'error', code: 'missing-tab', sheet: '法制室' });
    found(o, { severity: 'warning', code: 'unknown-tab', sheet: '税制課（旧）' });
  });

  test('a hidden department tab and a duplicated indicator', async () => {
    let at = '';
    const o = await hostile((wb) => {
      wb.getWorksheet('市民課')!.state = 'hidden';
      const ws = wb.getWorksheet('計画マスタ')!;
      const src = rc(cellWith(ws, '研修参加人数')).row;
      const copy = ws.getRow(ws.rowCount + 1);
      ws.getRow(src).eachCell((cell, c) => (copy.getCell(c).value = cell.value));
      at = `E${copy.number}`;
    });
    found(o, { severity: 'error', code: 'duplicate-indicator', sheet: '計画マスタ', cell: at });
  });

  test.each(['設定', '計画マスタ'])('%s renamed: refused, file untouched', async (name) => {
    const o = await hostile((wb) => {
      wb.getWorksheet(name)!.name = `${name}（コピー）`;
    });
    expect(o.code).toBe(2);
    expect(o.err).toMatch(/進捗管理のブックではありません/);
  });

  test('headers renamed in 設定, 計画マスタ and a department tab', async () => {
    const o = await hostile((wb) => {
      cellWith(wb.getWorksheet('設定')!, '達成率の下限(%)').value = '下限値';
      cellWith(wb.getWorksheet('計画マスタ')!, '方向').value = '増減';
      cellWith(wb.getWorksheet('広報課')!, 'No.').value = '項番';
    });
    found(o, { severity: 'error', code: 'grade-header-missing', sheet: '設定' });
    found(o, { severity: 'warning', code: 'header-missing', sheet: '計画マスタ', message: expect.stringContaining('「方向」') });
    found(o, { severity: 'error', code: 'header-missing', sheet: '広報課' });
  });
});

describe('files that are not plan workbooks', () => {
  async function file(name: string, write: (path: string) => void | Promise<void>): Promise<Outcome> {
    const path = join(mkdtempSync(join(root, 'file-')), name);
    await write(path);
    return runJobs(path);
  }

  test('a workbook without sheets', async () => {
    const o = await file('empty.xlsx', (p) => new ExcelJS.Workbook().xlsx.writeFile(p));
    expect(o.code).toBe(2);
    expect(o.err).toMatch(/\.xlsx として読めません/);
  });

  test('a workbook of one blank sheet', async () => {
    const o = await file('blank.xlsx', async (p) => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Sheet1');
      await wb.xlsx.writeFile(p);
    });
    expect(o.code).toBe(2);
    expect(o.err).toMatch(/進捗管理のブックではありません/);
  });

  test.each<[string, (p: string) => void]>([
    ['a text file', (p) => writeFileSync(p, '計画,予定\n1,2\n')],
    ['an empty file', (p) => writeFileSync(p, '')],
    ['a truncated workbook', (p) => writeFileSync(p, readFileSync(demo).subarray(0, 4000))],
  ])('%s named .xlsx', async (_, write) => {
    const o = await file('plan.xlsx', write);
    expect(o.code).toBe(2);
    expect(o.err).toMatch(/読めません|開けません/);
  });
});

describe('a rollup that fails midway leaves the file as it was', () => {
  function copy(): string {
    const file = join(mkdtempSync(join(root, 'midway-')), 'plan.xlsx');
    copyFileSync(demo, file);
    return file;
  }

  test('writing the second sheet fails after the first was replaced in memory', async () => {
    const file = copy();
    const before = hash(file);
    const write = XlsxWorkbook.prototype.writeSheets;
    jest.spyOn(XlsxWorkbook.prototype, 'writeSheets').mockImplementation(function (this: XlsxWorkbook, outputs) {
      write.call(this, outputs.slice(0, 1));
      throw new Error('書き込みに失敗しました（テスト）');
    });
    tried++;
    const r = await cli('rollup', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('書き込みに失敗しました');
    expect(hash(file)).toBe(before);
    jest.restoreAllMocks();
    const wb = await load(file);
    expect(wb.getWorksheet('達成状況')!.getCell('A1').text).toMatch(/達成状況/);
  });

  test('saving fails (the temporary file cannot be made): the original stays, no temporary file is left', async () => {
    const file = copy();
    const before = hash(file);
    // The temporary name is random; fixing the random bytes lets a directory stand where the file would be made.
    jest.spyOn(require('node:crypto') as typeof import('node:crypto'), 'randomBytes').mockImplementation(() => Buffer.from('0011223344556677', 'hex'));
    const blocker = join(dirname(file), `.${basename(file)}.0011223344556677.tmp`);
    mkdirSync(join(blocker, 'x'), { recursive: true });
    tried++;
    const r = await cli('rollup', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^エラー: .*保存できません/);
    expectPlain(r.err);
    expect(hash(file)).toBe(before);
    jest.restoreAllMocks();
    rmSync(blocker, { recursive: true });
    expect(readdirSync(dirname(file))).toEqual(['plan.xlsx']);
  });

  test('the workbook is open in Excel (~$ lock file): refused before writing', async () => {
    const file = copy();
    const before = hash(file);
    writeFileSync(join(dirname(file), `~$${basename(file)}`), '');
    tried++;
    const r = await cli('rollup', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Excel などで開いたまま/);
    expect(hash(file)).toBe(before);
  });
});

test('hostile files tried', () => {
  process.stdout.write(`hostile workbooks tried (.xlsx): ${tried}\n`);
  expect(tried).toBeGreaterThanOrEqual(30);
});
