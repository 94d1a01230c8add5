/**
 * Attack 3.12 on a real .xlsx: two 報告部門 differing only in case (`IT推進課`, `it推進課`) written into 計画マスタ
 * with exceljs. `setup` used to exit 0 printing 「新規 1（IT推進課）」 on every run while only one tab existed; now it
 * stops (exit 2) naming both names and their cells and leaves the file byte-identical, and `validate` reports it.
 */
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attack } from '../support/attack';
import { cli } from '../support/cli';

jest.setTimeout(120_000);

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The demo book with the 報告部門 of two 情報政策室 indicators renamed to `a` and `b`; returns the book and the two cells. */
async function clashingBook(a: string, b: string): Promise<{ book: string; cells: string[] }> {
  const book = join(mkdtempSync(join(tmpdir(), 'shinchoku-dept-')), 'plan.xlsx');
  expect((await cli('init', book, '--demo')).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(book);
  const ws = wb.getWorksheet('計画マスタ')!;
  let header = 0;
  let col = 0;
  ws.eachRow((row, n) => {
    const c = (row.values as unknown[]).indexOf('報告部門');
    if (!header && c > 0) [header, col] = [n, c];
  });
  const cells: string[] = [];
  for (let r = header + 1; r <= ws.rowCount && cells.length < 2; r++) {
    const cell = ws.getCell(r, col);
    if (cell.value !== '情報政策室') continue;
    cell.value = cells.length ? b : a;
    cells.push(cell.address);
  }
  if (cells.length < 2) throw new Error('no 報告部門 cells to rename');
  await wb.xlsx.writeFile(book);
  return { book, cells };
}

const PAIRS: [string, string][] = [['IT推進課', 'it推進課'], ['ICT推進課', 'Ict推進課']];

test('attack 3.12: setup stops on 報告部門 that differ only in case, naming both; the file is unchanged; validate reports it', async () => {
  await attack('3.12', '報告部門 differing only in case (IT推進課 / it推進課): setup stops, validate reports it (.xlsx)', PAIRS.length, async (i) => {
    const [a, b] = PAIRS[i];
    const { book, cells } = await clashingBook(a, b);
    const expected = `報告部門「${a}」（計画マスタ!${cells[0]}）と「${b}」（計画マスタ!${cells[1]}）は大文字・小文字だけが違います`;
    const before = hash(book);
    // Twice: the report saw 「新規 1（IT推進課）」 on every run.
    for (let run = 0; run < 2; run++) {
      const s = await cli('setup', book);
      if (s.code !== 2 || !s.err.includes(expected)) return `setup run ${run + 1}: exit ${s.code}, ${s.out}${s.err}`;
      if (hash(book) !== before) return 'setup changed the file';
    }
    const v = await cli('validate', book);
    if (v.code !== 1 || !v.out.includes(expected)) return `validate ${v.code}: ${v.out.slice(0, 300)}`;
    return undefined;
  });
});
