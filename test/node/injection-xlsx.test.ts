/**
 * No formula injection in .xlsx: payloads saved through the sidebar service (as the preview does), carried by
 * setup and copied by the rollup are stored as strings — never as formulas — and entry cells keep the text format,
 * so Excel does not turn them into formulas when someone edits the cell later.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { deptForm, saveForm } from '../../src/core/sidebar/service';
import type { FormChange } from '../../src/core/sidebar/types';
import { ensureDemoBook } from '../../src/node/preview';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { INJECTION_PAYLOADS } from '../support/payloads';

test('payloads stay strings through save, setup and rollup, in a real file', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'shinchoku-inj-')), 'book.xlsx');
  await ensureDemoBook(file);
  let book = await XlsxWorkbook.open(file);
  let tried = 0;
  const saved: { sheet: string; cell: string; text: string }[] = [];
  for (const dept of ['情報政策室', '広報課', '中央図書館']) {
    const form = deptForm(book, dept);
    const changes: FormChange[] = form.rows.map((row, i) => ({ no: row.no, name: row.name, field: 'actual', before: row.actual.text, after: INJECTION_PAYLOADS[(tried + i) % INJECTION_PAYLOADS.length] }));
    changes.forEach((c, i) => saved.push({ sheet: dept, cell: form.rows[i].actual.cell, text: c.after }));
    tried += changes.length;
    expect(saveForm(book, { dept, fiscalYear: form.fiscalYear, changes, submit: false }, { now: new Date(), user: 'test' }).status).toBe('saved');
  }
  setupDepartmentTabs(book);
  rollupWorkbook(book);
  await book.save(file);
  book = await XlsxWorkbook.open(file);
  expect(book.sheetNames()).toContain('達成状況');

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const formulas: string[] = [];
  const strings = new Set<unknown>();
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
    if (cell.type === ExcelJS.ValueType.Formula) formulas.push(`${ws.name}!${cell.address}`);
    if (cell.type === ExcelJS.ValueType.String) strings.add(cell.value);
  })));
  expect(formulas).toEqual([]);
  for (const { sheet, cell, text } of saved) {
    const c = wb.getWorksheet(sheet)!.getCell(cell);
    // XML turns a bare carriage return into a line feed (exceljs writes it unescaped); the text is otherwise kept.
    expect({ type: c.type, value: c.value, numFmt: c.numFmt }).toEqual({ type: ExcelJS.ValueType.String, value: text.replace(/\r/g, '\n'), numFmt: '@' });
  }
  // The rollup copied entries into 達成状況 as strings, too.
  const summaryStrings = new Set<unknown>();
  wb.getWorksheet('達成状況')!.eachRow((row) => row.eachCell((c) => { if (c.type === ExcelJS.ValueType.String) summaryStrings.add(c.value); }));
  expect([...summaryStrings].filter((v) => INJECTION_PAYLOADS.includes(String(v))).length).toBeGreaterThan(0);
  process.stdout.write(`injection (.xlsx): ${INJECTION_PAYLOADS.length} payloads, ${tried} cells saved, then setup and rollup\n`);
});
