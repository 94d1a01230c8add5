/** Runs the `shinchoku` command line in this process, capturing what it prints (no terminal: no progress bar). */
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { run, type Io } from '../../src/node/cli';

export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false };
  const code = await run(args, io);
  return { code, out, err };
}

/** The user the command line records in 変更履歴 and 確認履歴: the OS user, or （不明） when the system does not tell. */
export const CLI_USER = (() => {
  try {
    return userInfo().username || '（不明）';
  } catch {
    return '（不明）';
  }
})();

/** A fresh demo book (`init --demo`) in a new temporary folder. */
export async function demoBookFile(prefix: string, name = 'demo.xlsx'): Promise<string> {
  const book = join(mkdtempSync(join(tmpdir(), prefix)), name);
  expect((await cli('init', book, '--demo')).code).toBe(0);
  return book;
}

/** A file's SHA-256, to show a refused job left it byte-identical. */
export const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A workbook file read back with exceljs. */
export async function loadXlsx(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** A department sheet's cell as a person finds it in Excel: the indicator's row, the header's column (exceljs). */
export function cellOf(ws: ExcelJS.Worksheet, indicator: string, header: string): ExcelJS.Cell {
  let row = 0;
  let col = 0;
  ws.eachRow((r, n) => r.eachCell((c, k) => {
    if (c.value === indicator && !row) row = n;
    if (c.value === header) col = k;
  }));
  if (!row || !col) throw new Error(`${indicator} / ${header} not found on ${ws.name}`);
  return ws.getCell(row, col);
}
