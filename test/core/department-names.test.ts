/**
 * Attack 3.12 (issue 13 item 9): two 報告部門 that differ only in case (`IT推進課`, `it推進課`) are one sheet name to
 * Excel and Google Sheets, so setup used to report a tab for each while only one existed. Now setup stops with a
 * message naming both names and their 計画マスタ cells, and validate reports it. Names that are different sheet
 * names (full-width and half-width: attack 3.13) still get a tab each.
 */
import { demoMaster, demoSettings } from '../../src/core/demo/suita';
import { UserError } from '../../src/core/errors';
import { initWorkbook, setupDepartmentTabs, setupMessage, validateWorkbook } from '../../src/core/jobs';
import type { MasterRow } from '../../src/core/layout/master';
import { sheetNameKey } from '../../src/core/layout/sheet-names';
import { attack } from '../support/attack';
import { MemoryWorkbook } from '../support/memory-workbook';

/** The demo plan with the first indicators' 報告部門 renamed, in order. */
function bookWith(...depts: string[]): MemoryWorkbook {
  const master: MasterRow[] = demoMaster.map((r) => ({ ...r }));
  const active = master.filter((r) => r.name && (r.state ?? '実施中') === '実施中');
  depts.forEach((d, i) => (active[i].reportingDept = d));
  const book = new MemoryWorkbook();
  initWorkbook(book, { settings: demoSettings, master });
  return book;
}

/** The 計画マスタ cell where a 報告部門 is first written. */
function masterCell(book: MemoryWorkbook, dept: string): string {
  const { row, col } = book.find('計画マスタ', dept);
  return `${String.fromCharCode(64 + col)}${row}`;
}

test('sheet names compare like Excel and Sheets: case folds, width and spaces do not', () => {
  expect(sheetNameKey('IT推進課')).toBe(sheetNameKey('it推進課'));
  expect(sheetNameKey('ＩＴ課')).toBe(sheetNameKey('ｉｔ課'));
  expect(sheetNameKey('IT課')).not.toBe(sheetNameKey('ＩＴ課'));
  expect(sheetNameKey('税制課 ')).not.toBe(sheetNameKey('税制課'));
  expect(sheetNameKey('Straße')).not.toBe(sheetNameKey('STRASSE'));
});

test('attack 3.12: departments differing only in case stop setup, naming both and their cells; validate reports it', async () => {
  const pairs: [string, string][] = [['IT推進課', 'it推進課'], ['DX推進室', 'Dx推進室'], ['ＩＣＴ課', 'ｉｃｔ課']];
  await attack('3.12', '報告部門 differing only in case (IT推進課 / it推進課), setup and validate', pairs.length, async (i) => {
    const [a, b] = pairs[i];
    const book = bookWith(a, b);
    const cells = [masterCell(book, a), masterCell(book, b)];
    const names = () => book.sheetNames().filter((n) => sheetNameKey(n) === sheetNameKey(a));
    let message = '';
    try {
      const r = setupDepartmentTabs(book);
      return `setup went on: ${setupMessage({ ...r, pending: [], findings: [] })}`;
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      message = e.message;
    }
    const expected = `報告部門「${a}」（計画マスタ!${cells[0]}）と「${b}」（計画マスタ!${cells[1]}）は大文字・小文字だけが違います`;
    if (!message.startsWith('部門シートを作成できません。') || !message.includes(expected)) return `setup said: ${message}`;
    if (names().length) return `tabs written: ${names().join(', ')}`;
    const found = validateWorkbook(book).findings.filter((f) => f.code === 'dept-name-clash');
    if (found.length !== 1 || found[0].severity !== 'error' || found[0].sheet !== '計画マスタ' || found[0].cell !== cells[1] || !found[0].message.includes(expected))
      return `validate: ${JSON.stringify(found)}`;
    return undefined;
  });
});

test('attack 3.13 still holds: full-width and half-width names are separate tabs', () => {
  const book = bookWith('IT課', 'ＩＴ課', 'ｉｔ課');
  expect(() => setupDepartmentTabs(book)).toThrow('報告部門「ＩＴ課」（計画マスタ!');
  const widths = bookWith('IT課', 'ＩＴ課');
  const result = setupDepartmentTabs(widths);
  expect(result.created).toEqual(expect.arrayContaining(['IT課', 'ＩＴ課']));
  expect(widths.sheetNames()).toEqual(expect.arrayContaining(['IT課', 'ＩＴ課']));
  expect(validateWorkbook(widths).findings.filter((f) => f.code === 'dept-name-clash')).toEqual([]);
});

test('the same name written the same way on several rows is one department, not a clash', () => {
  const book = bookWith('IT推進課', 'IT推進課', 'IT推進課');
  expect(setupDepartmentTabs(book).created).toContain('IT推進課');
  expect(validateWorkbook(book).findings.filter((f) => f.code === 'dept-name-clash')).toEqual([]);
});
