/**
 * Tests of the in-memory Apps Script fakes themselves (test/gas/fakes). Each test pins one behaviour the
 * checklist in platform-facts.md asks for, so a regression in a fake makes a test here fail.
 */
import * as vm from 'node:vm';
import { createEnvironment, errorCells, ERROR_LITERALS, FakeEnvironment, TYPED_INPUT_FORMS } from './fakes';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function firstSheet(env: FakeEnvironment): Sheet {
  return env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
}

/** Expects fn to throw exactly `message`. */
function expectThrowText(fn: () => unknown, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(Error);
  expect((caught as Error).message).toBe(message);
}

describe('values', () => {
  test('getValues returns numbers, booleans, Dates and strings, with "" for empty cells', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    const date = new Date('2021-05-31T00:00:00+09:00');
    sheet.getRange(1, 1, 1, 4).setValues([[12.5, true, date, 'text']]);
    const values = sheet.getRange(1, 1, 2, 5).getValues();
    expect(values[0].slice(0, 2)).toEqual([12.5, true]);
    expect(values[0][2]).toBeInstanceOf(Date);
    expect((values[0][2] as Date).getTime()).toBe(date.getTime());
    expect(values[0][3]).toBe('text');
    expect(values[0][4]).toBe('');
    expect(values[1]).toEqual(['', '', '', '', '']);
    expect(sheet.getRange('E9').getValue()).toBe('');
    expect(sheet.getRange('A1').getValue()).toBe(12.5);
  });

  test('setValue(null) empties a cell and getFormulas gives "" for plain values', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet.getRange('A1').setValue('x');
    sheet.getRange('A1').setValue(null);
    expect(sheet.getRange('A1').getValue()).toBe('');
    sheet.getRange('B1').setValue(5);
    expect(sheet.getRange('B1').getFormulas()).toEqual([['']]);
  });

  test('dates are serials in the spreadsheet time zone, not the script time zone', () => {
    const env = createEnvironment({ spreadsheetTimeZone: 'America/New_York', scriptTimeZone: 'Asia/Tokyo' });
    const sheet = firstSheet(env);
    sheet.getRange('A1').setValue('2021/05/31');
    const d = sheet.getRange('A1').getValue() as Date;
    expect(d.toISOString()).toBe('2021-05-31T04:00:00.000Z'); // midnight in New York
    expect(sheet.getRange('A1').getDisplayValue()).toBe('2021/05/31');
    expect(env.globals.Session.getScriptTimeZone()).toBe('Asia/Tokyo');
    expect(env.spreadsheet.getSpreadsheetTimeZone()).toBe('America/New_York');
  });

  test('a cell over 50,000 characters is rejected and nothing is written', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    expectThrowText(
      () => sheet.getRange(1, 1, 1, 2).setValues([['ok', 'x'.repeat(50001)]]),
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    expect(sheet.getRange('A1').getValue()).toBe('');
    sheet.getRange('A1').setValue('x'.repeat(50000));
    expect((sheet.getRange('A1').getValue() as string).length).toBe(50000);
  });
});

describe('getRange', () => {
  test('1-based arguments with the exact error texts', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    expectThrowText(() => sheet.getRange(0, 1), 'The starting row of the range is too small.');
    expectThrowText(() => sheet.getRange(1, 0), 'The starting column of the range is too small.');
    expectThrowText(() => sheet.getRange(1, 1, 0, 1), 'The number of rows in the range must be at least 1.');
    expectThrowText(() => sheet.getRange(1, 1, 1, 0), 'The number of columns in the range must be at least 1.');
    expectThrowText(() => sheet.getRange('not a range!!'), 'Range not found');
  });

  test('the classic empty-sheet bug getRange(2, 1, getLastRow() - 1, n) throws', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    expectThrowText(
      () => sheet.getRange(2, 1, sheet.getLastRow() - 1, 3),
      'The number of rows in the range must be at least 1.',
    );
  });

  test('A1 notation, positions and Range.getLastRow as the range end', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    const r = sheet.getRange('B2:D4');
    expect([r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()]).toEqual([2, 2, 3, 3]);
    expect(r.getLastRow()).toBe(4);
    expect(r.getLastColumn()).toBe(4);
    expect(r.getA1Notation()).toBe('B2:D4');
    expect(sheet.getRange(3, 27).getA1Notation()).toBe('AA3');
    expect(sheet.getRange('A:B').getNumRows()).toBe(1000);
    expect(r.getSheet().getName()).toBe('シート1');
  });

  test('strictGrid makes ranges outside the grid throw; otherwise the grid grows on write', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet.getRange(1001, 27).setValue(1);
    expect(sheet.getMaxRows()).toBe(1001);
    expect(sheet.getMaxColumns()).toBe(27);
    env.strictGrid = true;
    expectThrowText(() => sheet.getRange(1, 28), 'The coordinates of the range are outside the dimensions of the sheet.');
  });

  test('the total-cells limit is configurable', () => {
    const env = createEnvironment({ limits: { maxCells: 30000 } });
    const sheet = firstSheet(env);
    expectThrowText(
      () => sheet.getRange(2000, 1).setValue(1),
      'This action would increase the number of cells in the workbook above the limit of 30000 cells.',
    );
    expectThrowText(
      () => env.spreadsheet.insertSheet('more'),
      'This action would increase the number of cells in the workbook above the limit of 30000 cells.',
    );
  });
});

describe('setValues shape', () => {
  test('row and column mismatches give the exact texts', () => {
    const env = createEnvironment();
    const range = firstSheet(env).getRange(1, 1, 2, 4);
    expectThrowText(
      () => range.setValues([[1, 2, 3, 4]]),
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expectThrowText(
      () => range.setValues([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]),
      'The number of columns in the data does not match the number of columns in the range. The data has 5 but the range has 4.',
    );
  });

  test('ragged rows are checked one by one and nothing is written', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    expectThrowText(
      () => sheet.getRange(1, 1, 2, 2).setValues([[1, 2], [3]]),
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(sheet.getLastRow()).toBe(0);
  });

  test('a non-2-D argument is a signature error', () => {
    const env = createEnvironment();
    const range = firstSheet(env).getRange(1, 1, 1, 2);
    expect(() => range.setValues(['a', 'b'] as unknown as string[][])).toThrow(
      "The parameters (String[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
  });

  test('all rows are written (not only the last one)', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet.getRange(2, 2, 3, 2).setValues([[1, 2], [3, 4], [5, 6]]);
    expect(sheet.getRange(1, 1, 5, 4).getValues()).toEqual([
      ['', '', '', ''],
      ['', 1, 2, ''],
      ['', 3, 4, ''],
      ['', 5, 6, ''],
      ['', '', '', ''],
    ]);
  });
});

describe('setValues parses strings like typed input', () => {
  test('formulas, quote prefix, grouping, percent, sign, decimals and booleans', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet
      .getRange(1, 1, 1, 8)
      .setValues([['=SUM(A1)', "'001", '1,730', '30%', '-5', '2.000', 'TRUE', '001']]);
    expect(sheet.getRange(1, 1, 1, 8).getValues()).toEqual([['', '001', 1730, 0.3, -5, 2, true, 1]]);
    expect(sheet.getRange('A1').getFormula()).toBe('=SUM(A1)');
    expect(sheet.getRange('D1').getNumberFormat()).toBe('0%');
    expect(sheet.getRange('C1').getNumberFormat()).toBe('#,##0');
  });

  test('non-numeric text stays text; a leading + is a formula', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet.getRange(1, 1, 1, 3).setValues([['1,730件', '1,73', '+abc']]);
    expect(sheet.getRange(1, 1, 1, 3).getValues()).toEqual([['1,730件', '1,73', '']]);
    expect(sheet.getRange('C1').getFormula()).toBe('=+abc');
  });

  test('a percent keeps an existing number format', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet.getRange('A1').setNumberFormat('0.0%').setValue('30%');
    expect(sheet.getRange('A1').getNumberFormat()).toBe('0.0%');
    expect(sheet.getRange('A1').getDisplayValue()).toBe('30.0%');
  });

  test('plain-text (@) cells keep strings exactly as typed', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    const range = sheet.getRange(1, 1, 1, 5);
    range.setNumberFormat('@');
    range.setValues([['1,730件', '30.7%', '1,730', '001', '=1+1']]);
    expect(range.getValues()).toEqual([['1,730件', '30.7%', '1,730', '001', '=1+1']]);
    expect(range.getFormulas()).toEqual([['', '', '', '', '']]);
    expect(range.getDisplayValues()).toEqual([['1,730件', '30.7%', '1,730', '001', '=1+1']]);
    // Assumed (audit F5): the forms typed input converts, and a leading quote, stay as written.
    const more = sheet.getRange(2, 1, 1, 6);
    more.setNumberFormat('@');
    more.setValues([["'abc", '#N/A', '1e5', '2024年3月31日', '１２３', 'TRUE']]);
    expect(more.getValues()).toEqual([["'abc", '#N/A', '1e5', '2024年3月31日', '１２３', 'TRUE']]);
    expect(errorCells(more)).toEqual([[null, null, null, null, null, null]]);
  });

  test('exponents, currencies, booleans and spaces around a number', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    const range = sheet.getRange(1, 1, 1, 7);
    range.setValues([['1e5', '1.5E+3', '€5', '¥5', 'TRUE', 'false', ' 12 ']]);
    expect(range.getValues()).toEqual([[100000, 1500, 5, 5, true, false, 12]]);
    expect(range.getNumberFormats()[0].slice(0, 3)).toEqual(['0.00E+00', '0.00E+00', '"€"#,##0']);
  });

  test('an error literal gives an error cell, read back as its literal; quoted it is text', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    const range = sheet.getRange(1, 1, 1, ERROR_LITERALS.length);
    range.setValues([[...ERROR_LITERALS]]);
    expect(range.getValues()).toEqual([[...ERROR_LITERALS]]);
    expect(range.getDisplayValues()).toEqual([[...ERROR_LITERALS]]);
    expect(errorCells(range)).toEqual([[...ERROR_LITERALS]]);
    expect(range.getFormulas()[0].every((f) => f === '')).toBe(true);
    const text = sheet.getRange(2, 1, 1, 3);
    text.setValues([["'#N/A", '#n/a', '#N/A?']]);
    expect(text.getValues()).toEqual([['#N/A', '#N/A', '#N/A?']]);
    expect(errorCells(text)).toEqual([[null, '#N/A', null]]);
    sheet.getRange('B2').setValue('ok');
    sheet.getRange('A1').clear();
    expect(errorCells(sheet.getRange(1, 1, 2, 2))).toEqual([[null, '#REF!'], [null, null]]);
  });

  test('ja-JP dates and times become dates; an impossible date stays text', () => {
    const env = createEnvironment({ spreadsheetTimeZone: 'Asia/Tokyo' });
    const sheet = firstSheet(env);
    const range = sheet.getRange(1, 1, 1, 7);
    range.setValues([['2024年3月31日', '2024年3月', '3月31日', '10時30分', '10時30分15秒', '２０２４年３月３１日', '2024年2月30日']]);
    const values = range.getValues()[0];
    const tokyo = (d: unknown) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(d as Date);
    expect(values.slice(0, 6).every((v) => v instanceof Date)).toBe(true);
    expect(tokyo(values[0])).toBe('2024-03-31, 00:00:00');
    expect(tokyo(values[1])).toBe('2024-03-01, 00:00:00');
    const thisYear = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric' }).format(new Date());
    expect([`${thisYear}-03-31, 00:00:00`, `${Number(thisYear) - 1}-03-31, 00:00:00`, `${Number(thisYear) + 1}-03-31, 00:00:00`]).toContain(tokyo(values[2]));
    expect(tokyo(values[3])).toBe('1899-12-30, 10:30:00');
    expect(tokyo(values[4])).toBe('1899-12-30, 10:30:15');
    expect(tokyo(values[5])).toBe('2024-03-31, 00:00:00');
    expect(values[6]).toBe('2024年2月30日');
    expect(range.getDisplayValues()[0].slice(0, 5)).toEqual(['2024年3月31日', '2024年3月', '3月31日', '10時30分', '10時30分15秒']);
  });

  test('full-width digits are numbers in ja_JP, text in other locales', () => {
    const ja = firstSheet(createEnvironment());
    ja.getRange(1, 1, 1, 3).setValues([['１２３', '１，２３４', '－５']]);
    expect(ja.getRange(1, 1, 1, 3).getValues()).toEqual([[123, 1234, -5]]);
    expect(ja.getRange('B1').getNumberFormat()).toBe('#,##0');
    const en = firstSheet(createEnvironment({ locale: 'en_US' }));
    en.getRange(1, 1, 1, 2).setValues([['１２３', '2024年3月31日']]);
    expect(en.getRange(1, 1, 1, 2).getValues()).toEqual([['１２３', '2024年3月31日']]);
  });

  test('every example in TYPED_INPUT_FORMS converts; quote-prefixed it comes back as written', () => {
    const examples = TYPED_INPUT_FORMS.flatMap((f) => f.examples);
    expect(examples.length).toBeGreaterThanOrEqual(30);
    const sheet = firstSheet(createEnvironment());
    const typed = sheet.getRange(1, 1, 1, examples.length);
    typed.setValues([examples]);
    const values = typed.getValues()[0];
    const formulas = typed.getFormulas()[0];
    const errors = errorCells(typed)[0];
    const unconverted = examples.filter((e, i) => values[i] === e && formulas[i] === '' && errors[i] === null);
    expect(unconverted).toEqual([]);
    const quoted = sheet.getRange(2, 1, 1, examples.length);
    quoted.setValues([examples.map((e) => `'${e}`)]);
    expect(quoted.getValues()).toEqual([examples]);
    expect(quoted.getFormulas()[0].every((f) => f === '')).toBe(true);
  });

  test('a date typed into a date-formatted cell keeps the format; into a number format it takes the date format', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet.getRange('A1').setNumberFormat('yyyy/MM/dd').setValue('3月31日');
    expect(sheet.getRange('A1').getNumberFormat()).toBe('yyyy/MM/dd');
    sheet.getRange('B1').setNumberFormat('#,##0').setValue('10時30分');
    expect(sheet.getRange('B1').getNumberFormat()).toBe('H"時"mm"分"');
  });

  test('formula results can be supplied by the test', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet.getRange('B1').setFormula('=A1*2');
    env.setFormulaResult('シート1', 'B1', 42);
    expect(sheet.getRange('B1').getValue()).toBe(42);
    expect(sheet.getRange('B1').getFormula()).toBe('=A1*2');
    env.formulaResolver = (f) => (f === '=1+1' ? 2 : undefined);
    sheet.getRange('C1').setValue('=1+1');
    expect(sheet.getRange('C1').getValue()).toBe(2);
  });
});

describe('sheet extent', () => {
  test('getLastRow/getLastColumn are 0 on an empty sheet and follow content', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    expect(sheet.getLastRow()).toBe(0);
    expect(sheet.getLastColumn()).toBe(0);
    sheet.getRange('C5').setValue('x');
    expect(sheet.getLastRow()).toBe(5);
    expect(sheet.getLastColumn()).toBe(3);
    sheet.getRange('A7').setNote('a note is not content');
    sheet.getRange('A8').setBackground('#ff0000');
    expect(sheet.getLastRow()).toBe(5);
    sheet.getRange('C5').clearContent();
    expect(sheet.getLastRow()).toBe(0);
  });

  test('getDataRange is A1 on an empty sheet and A1..(lastCol,lastRow) otherwise', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1');
    expect(sheet.getDataRange().getValues()).toEqual([['']]);
    sheet.getRange('B3').setValue(1);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:B3');
  });

  test('default grid is 1000 × 26', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
  });

  test('clear() removes contents and formats; clearContents keeps formats', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet.getRange('A1').setNumberFormat('0%').setValue(0.5);
    sheet.clearContents();
    expect(sheet.getRange('A1').getValue()).toBe('');
    expect(sheet.getRange('A1').getNumberFormat()).toBe('0%');
    sheet.clear();
    expect(sheet.getRange('A1').getNumberFormat()).toBe('0.###############');
  });
});

describe('sheets', () => {
  test('duplicate names are rejected (case-insensitively) by insertSheet and setName', () => {
    const env = createEnvironment({ sheetNames: ['達成状況', 'Summary'] });
    const ss = env.globals.SpreadsheetApp.getActiveSpreadsheet();
    expectThrowText(
      () => ss.insertSheet('達成状況'),
      'A sheet with the name "達成状況" already exists. Please enter another name.',
    );
    expectThrowText(() => ss.insertSheet('SUMMARY'), 'A sheet with the name "SUMMARY" already exists. Please enter another name.');
    const other = ss.insertSheet('部門A');
    expectThrowText(() => other.setName('達成状況'), 'A sheet with the name "達成状況" already exists. Please enter another name.');
    other.setName('部門A'); // renaming to its own name is fine
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['達成状況', 'Summary', '部門A']);
  });

  test('getSheetByName is null when missing; insertSheet index is 0-based; getIndex is 1-based', () => {
    const env = createEnvironment({ sheetNames: ['a', 'b'] });
    const ss = env.globals.SpreadsheetApp.getActiveSpreadsheet();
    expect(ss.getSheetByName('zzz')).toBeNull();
    const first = ss.insertSheet('first', 0);
    expect(first.getIndex()).toBe(1);
    expect(ss.getSheetByName('b')!.getIndex()).toBe(3);
    expect(ss.getActiveSheet().getName()).toBe('first');
  });

  test('insertSheet activates the new sheet (A1 selected); setActiveSheet(sheet, true) brings back its selection', () => {
    const env = createEnvironment({ sheetNames: ['a', 'b'] });
    const ss = env.globals.SpreadsheetApp.getActiveSpreadsheet();
    ss.getSheetByName('b')!.getRange('C3:D4').activate();
    const added = ss.insertSheet('new', 0);
    expect(ss.getActiveSheet().getName()).toBe('new');
    expect(ss.getActiveRange()!.getA1Notation()).toBe('A1');
    expect(added.getIndex()).toBe(1);
    ss.setActiveSheet(ss.getSheetByName('b')!, true);
    expect(ss.getActiveSheet().getName()).toBe('b');
    expect(ss.getActiveRange()!.getA1Notation()).toBe('C3:D4');
  });

  test('setActiveSheet without restoreSelection keeps the current cells selected (assumed reading of the reference)', () => {
    const env = createEnvironment({ sheetNames: ['a', 'b'] });
    const ss = env.globals.SpreadsheetApp.getActiveSpreadsheet();
    ss.getSheetByName('b')!.getRange('C3').activate();
    ss.getSheetByName('a')!.getRange('B2').activate();
    ss.setActiveSheet(ss.getSheetByName('b')!);
    expect(ss.getActiveRange()!.getA1Notation()).toBe('B2');
    expect(ss.getActiveRange()!.getSheet().getName()).toBe('b');
  });

  test('the last visible sheet cannot be deleted', () => {
    const env = createEnvironment({ sheetNames: ['only'] });
    const ss = env.globals.SpreadsheetApp.getActiveSpreadsheet();
    expectThrowText(() => ss.deleteSheet(ss.getSheets()[0]), "You can't remove all the visible sheets in a document.");
    const extra = ss.insertSheet('extra');
    ss.deleteSheet(extra);
    expect(ss.getSheets().length).toBe(1);
  });

  test('hide/show, frozen rows and column widths are stored', () => {
    const env = createEnvironment({ sheetNames: ['a', 'b'] });
    const sheet = env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('b')!;
    sheet.hideSheet();
    expect(sheet.isSheetHidden()).toBe(true);
    sheet.showSheet();
    sheet.setFrozenRows(2);
    sheet.setColumnWidths(1, 3, 150);
    expect(sheet.getFrozenRows()).toBe(2);
    expect(sheet.getColumnWidth(3)).toBe(150);
  });
});

describe('auth modes', () => {
  test('NONE can build a menu but not read the spreadsheet or properties', () => {
    const env = createEnvironment({ authMode: 'NONE' });
    const { SpreadsheetApp, PropertiesService } = env.globals;
    SpreadsheetApp.getUi()
      .createAddonMenu()
      .addItem('集計する', 'runRollup')
      .addSeparator()
      .addItem('サイドバーを開く', 'showSidebar')
      .addToUi();
    expect(env.ui.menus).toEqual([
      {
        title: 'Shinchoku',
        addon: true,
        items: [
          { type: 'item', caption: '集計する', functionName: 'runRollup' },
          { type: 'separator' },
          { type: 'item', caption: 'サイドバーを開く', functionName: 'showSidebar' },
        ],
      },
    ]);
    expectThrowText(
      () => SpreadsheetApp.getActiveSpreadsheet(),
      'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet. Required permissions: (https://www.googleapis.com/auth/spreadsheets.currentonly || https://www.googleapis.com/auth/spreadsheets)',
    );
    expect(() => PropertiesService.getDocumentProperties()).toThrow(
      'You do not have permission to call PropertiesService.getDocumentProperties.',
    );
  });

  test('NONE also blocks objects obtained earlier', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    env.setAuthMode('NONE');
    expect(() => sheet.getRange('A1')).toThrow('You do not have permission to call Sheet.getRange.');
  });

  test('CUSTOM_FUNCTION can read but not write, and has no Ui', () => {
    const env = createEnvironment();
    firstSheet(env).getRange('A1').setValue(3);
    env.setAuthMode('CUSTOM_FUNCTION');
    const sheet = firstSheet(env);
    expect(sheet.getRange('A1').getValue()).toBe(3);
    expectThrowText(() => sheet.getRange('A1').setValue(4), 'You do not have permission to call setValue');
    expectThrowText(() => sheet.getRange('A1:B1').setValues([[1, 2]]), 'You do not have permission to call setValues');
    expectThrowText(() => env.globals.SpreadsheetApp.getActiveSpreadsheet().insertSheet('x'), 'You do not have permission to call insertSheet');
    expectThrowText(() => sheet.clear(), 'You do not have permission to call clear');
    expectThrowText(() => sheet.protect(), 'You do not have permission to call protect');
    expectThrowText(() => env.globals.SpreadsheetApp.getUi(), 'Cannot call SpreadsheetApp.getUi() from this context.');
    expect(env.globals.PropertiesService.getScriptProperties().getProperty('k')).toBeNull();
    expect(env.spreadsheet.getSheets()[0].getRange('A1').getValue()).toBe(3);
  });

  test('LIMITED can read, write and build menus but cannot show a sidebar or alert', () => {
    const env = createEnvironment({ authMode: 'LIMITED', htmlFiles: { sidebar: '<p>hi</p>' } });
    const { SpreadsheetApp, HtmlService } = env.globals;
    firstSheet(env).getRange('A1').setValue('ok');
    SpreadsheetApp.getUi().createMenu('進捗').addItem('集計', 'rollup').addToUi();
    const html = HtmlService.createHtmlOutputFromFile('sidebar');
    expectThrowText(
      () => SpreadsheetApp.getUi().showSidebar(html),
      'You do not have permission to call Ui.showSidebar. Required permissions: https://www.googleapis.com/auth/script.container.ui',
    );
    expect(() => SpreadsheetApp.getUi().alert('x')).toThrow('You do not have permission to call Ui.alert.');
    expect(env.ui.shown).toEqual([]);
  });

  test('FULL shows sidebars and records alerts', () => {
    const env = createEnvironment({ htmlFiles: { sidebar: '<p>hi</p>' } });
    const { SpreadsheetApp, HtmlService } = env.globals;
    const ui = SpreadsheetApp.getUi();
    ui.showSidebar(HtmlService.createHtmlOutputFromFile('sidebar').setTitle('進捗'));
    expect(env.ui.shown).toEqual([{ kind: 'sidebar', title: '進捗', content: '<p>hi</p>' }]);
    expect(ui.alert('完了しました')).toBe(ui.Button.OK);
    env.ui.responses.push('NO');
    expect(ui.alert('確認', '実行しますか', ui.ButtonSet.YES_NO)).toBe(ui.Button.NO);
    expect(env.ui.alerts.map((a) => [a.title, a.prompt, a.response])).toEqual([
      ['', '完了しました', 'OK'],
      ['確認', '実行しますか', 'NO'],
    ]);
  });

  test('Session e-mail is blank in LIMITED, refused where nothing is authorized, and blank when the environment hides it', () => {
    const env = createEnvironment({ activeUserEmail: 'tanaka@city.example.jp', authMode: 'LIMITED' });
    const { Session } = env.globals;
    expect(Session.getActiveUser().getEmail()).toBe('');
    const refused = 'You do not have permission to call Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email';
    env.setAuthMode('NONE');
    expectThrowText(() => Session.getActiveUser(), refused);
    expect(Session.getActiveUserLocale()).toBe('ja');
    env.setAuthMode('CUSTOM_FUNCTION');
    expectThrowText(() => Session.getActiveUser(), refused);
    env.setAuthMode('FULL');
    expect(Session.getActiveUser().getEmail()).toBe('tanaka@city.example.jp');
    const hidden = createEnvironment({ activeUserEmail: '' });
    expect(hidden.globals.Session.getActiveUser().getEmail()).toBe('');
    expect(hidden.globals.Session.getEffectiveUser().getEmail()).toBe('owner@example.jp');
  });

  test('ScriptApp.AuthMode names the modes', () => {
    const env = createEnvironment();
    expect(String(env.globals.ScriptApp.AuthMode.LIMITED)).toBe('LIMITED');
  });
});

describe('PropertiesService', () => {
  test('values are coerced to strings and misses are null', () => {
    const env = createEnvironment();
    const props = env.globals.PropertiesService.getDocumentProperties();
    props.setProperty('count', 5 as unknown as string);
    props.setProperties({ flag: true as unknown as string });
    expect(props.getProperty('count')).toBe('5');
    expect(props.getProperties()).toEqual({ count: '5', flag: 'true' });
    expect(props.getProperty('missing')).toBeNull();
    props.deleteProperty('count');
    expect(env.properties.document.getKeys()).toEqual(['flag']);
  });

  test('9 KB per value and 500 KB per store, with the quota text; failed writes change nothing', () => {
    const env = createEnvironment();
    const props = env.globals.PropertiesService.getScriptProperties();
    const quota = 'You have exceeded the property storage quota. Please remove some properties and try again.';
    props.setProperty('ok', 'x'.repeat(9 * 1024));
    expectThrowText(() => props.setProperty('big', 'x'.repeat(9 * 1024 + 1)), quota);
    expectThrowText(() => props.setProperty('multi', 'あ'.repeat(3100)), quota); // 9,300 bytes in UTF-8
    // 9,218 + 55 × 9,003 bytes = 504,383; one more 9,004-byte entry passes 512,000.
    for (let i = 0; i < 55; i++) props.setProperty(`k${i}`, 'y'.repeat(9000));
    expectThrowText(() => props.setProperty('last', 'z'.repeat(9000)), quota);
    expect(props.getProperty('last')).toBeNull();
  });

  test('an empty key is rejected', () => {
    const env = createEnvironment();
    expectThrowText(
      () => env.globals.PropertiesService.getUserProperties().setProperty('', 'v'),
      'When setting or getting a property value, the property name must not be null or empty.',
    );
  });

  test('custom functions read the owner’s user properties', () => {
    const env = createEnvironment({ activeUserEmail: 'editor@example.jp' });
    env.properties.userOf('owner@example.jp').setProperty('who', 'owner');
    env.globals.PropertiesService.getUserProperties().setProperty('who', 'editor');
    const result = env.runCustomFunction(() => env.globals.PropertiesService.getUserProperties().getProperty('who'));
    expect(result).toEqual({ value: 'owner' });
  });
});

describe('LockService', () => {
  test('contention: tryLock false, waitLock throws, and a releasing holder lets us in', () => {
    const env = createEnvironment();
    const { LockService } = env.globals;
    env.lock.holdByOther('document');
    const lock = LockService.getDocumentLock();
    expect(lock.tryLock(5000)).toBe(false);
    expect(lock.hasLock()).toBe(false);
    expectThrowText(() => lock.waitLock(5000), 'Lock timeout: another process was holding the lock for too long.');
    env.lock.holdByOther('document', { releaseAfterMs: 3000 });
    expect(lock.tryLock(1000)).toBe(false);
    expect(lock.tryLock(3000)).toBe(true);
    expect(lock.hasLock()).toBe(true);
    expect(env.lock.waits('document')).toEqual([5000, 5000, 1000, 3000]);
  });

  test('records whether flush() came after the last write before releaseLock()', () => {
    const env = createEnvironment();
    const { LockService, SpreadsheetApp } = env.globals;
    const sheet = firstSheet(env);
    const lock = LockService.getScriptLock();

    lock.waitLock(1000);
    sheet.getRange('A1').setValue(1);
    SpreadsheetApp.flush();
    lock.releaseLock();

    lock.waitLock(1000);
    sheet.getRange('A1').setValue(2);
    lock.releaseLock();

    lock.waitLock(1000);
    SpreadsheetApp.flush();
    sheet.getRange('A1').setValue(3);
    lock.releaseLock();

    lock.releaseLock(); // not held: no effect, nothing recorded
    expect(env.flushBeforeRelease).toEqual([true, false, false]);
    expect(env.flushes).toBe(2);
  });
});

describe('protections', () => {
  test('Sheet.protect() returns the existing sheet protection', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    const p1 = sheet.protect().setDescription('入力欄以外');
    const p2 = sheet.protect();
    expect(p2.getDescription()).toBe('入力欄以外');
    expect(sheet.getProtections(env.globals.SpreadsheetApp.ProtectionType.SHEET)).toHaveLength(1);
    expect(p1 === p2).toBe(true);
  });

  test('a new range protection mirrors the editors; owner and current user cannot be removed', () => {
    const env = createEnvironment({ editorEmails: ['a@example.jp', 'b@example.jp'] });
    const sheet = firstSheet(env);
    const p = sheet.getRange('A1:B2').protect();
    expect(p.getEditors().map((u) => u.getEmail())).toEqual(['owner@example.jp', 'a@example.jp', 'b@example.jp']);
    p.removeEditors(p.getEditors());
    expect(p.getEditors().map((u) => u.getEmail())).toEqual(['owner@example.jp']);
    p.addEditor('a@example.jp');
    p.removeEditor('owner@example.jp');
    expect(p.getEditors().map((u) => u.getEmail())).toEqual(['owner@example.jp', 'a@example.jp']);
    expect(p.canEdit()).toBe(true);
    expect(sheet.getProtections(env.globals.SpreadsheetApp.ProtectionType.RANGE)).toHaveLength(1);
    p.remove();
    expect(sheet.getProtections(env.globals.SpreadsheetApp.ProtectionType.RANGE)).toHaveLength(0);
  });

  test('enforceProtection blocks script writes by a non-editor; unprotected ranges and warning-only pass', () => {
    const env = createEnvironment({
      activeUserEmail: 'dept@example.jp',
      editorEmails: ['dept@example.jp'],
      enforceProtection: true,
    });
    const setup = env.spreadsheet.getSheets()[0];
    const protection = setup.protect();
    protection.setUnprotectedRanges([setup.getRange('C1:C10')]);
    protection.removeEditors(['dept@example.jp']); // kept: it is the current user
    env.context.effectiveUserEmail = 'other@example.jp';
    env.context.activeUserEmail = 'other@example.jp';
    expect(protection.canEdit()).toBe(false);
    const sheet = firstSheet(env);
    expectThrowText(
      () => sheet.getRange('A1').setValue('x'),
      'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
    );
    sheet.getRange('C2').setValue('allowed');
    protection.setWarningOnly(true);
    sheet.getRange('A1').setValue('after warning');
    expect(sheet.getRange('A1').getValue()).toBe('after warning');
  });

  test('the owner can always edit', () => {
    const env = createEnvironment({ enforceProtection: true });
    const sheet = firstSheet(env);
    const p = sheet.getRange('A1').protect();
    p.removeEditors(p.getEditors());
    p.setDomainEdit(false);
    expect(p.canEdit()).toBe(true);
    sheet.getRange('A1').setValue('owner writes');
    expect(sheet.getRange('A1').getValue()).toBe('owner writes');
  });
});

describe('data validation and conditional formats', () => {
  test('rules default to allowInvalid = true and keep their criteria', () => {
    const env = createEnvironment();
    const { SpreadsheetApp } = env.globals;
    const rule = SpreadsheetApp.newDataValidation().requireValueInList(['提出済', '未提出']).setHelpText('選んでください').build();
    expect(rule.getAllowInvalid()).toBe(true);
    expect(rule.getCriteriaType()).toBe(SpreadsheetApp.DataValidationCriteria.VALUE_IN_LIST);
    expect(rule.getCriteriaValues()).toEqual([['提出済', '未提出'], true]);
    expect(rule.getHelpText()).toBe('選んでください');
    const strict = SpreadsheetApp.newDataValidation().requireNumberBetween(0, 100).setAllowInvalid(false).build();
    expect(strict.getAllowInvalid()).toBe(false);

    const sheet = firstSheet(env);
    sheet.getRange('A2:A3').setDataValidation(rule);
    expect(sheet.getRange('A1:A3').getDataValidations().map((r) => r[0]?.getCriteriaType() ?? null)).toEqual([
      null,
      'VALUE_IN_LIST',
      'VALUE_IN_LIST',
    ]);
    sheet.getRange('A2').setValue('not in list'); // script writes are not rejected
    expect(sheet.getRange('A2').getValue()).toBe('not in list');
    sheet.getRange('A2:A3').clearDataValidations();
    expect(sheet.getRange('A2').getDataValidation()).toBeNull();
  });

  test('setConditionalFormatRules replaces all rules and keeps order', () => {
    const env = createEnvironment();
    const { SpreadsheetApp } = env.globals;
    const sheet = firstSheet(env);
    const build = (text: string) =>
      SpreadsheetApp.newConditionalFormatRule().whenTextEqualTo(text).setBackground('#f4cccc').setRanges([sheet.getRange('E2:E50')]).build();
    sheet.setConditionalFormatRules([build('A'), build('B')]);
    sheet.setConditionalFormatRules([build('C')]);
    const rules = sheet.getConditionalFormatRules();
    expect(rules).toHaveLength(1);
    expect(rules[0].getBooleanCondition()!.getCriteriaValues()).toEqual(['C']);
    expect(rules[0].getRanges()[0].getA1Notation()).toBe('E2:E50');
    sheet.setConditionalFormatRules([...sheet.getConditionalFormatRules(), build('D')]);
    expect(sheet.getConditionalFormatRules().map((r) => r.getBooleanCondition()!.getCriteriaValues()[0])).toEqual(['C', 'D']);
    sheet.clearConditionalFormatRules();
    expect(sheet.getConditionalFormatRules()).toEqual([]);
  });

  test('notes: setNote(null) clears; setNotes checks the shape', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    sheet.getRange('A1').setNote('要確認');
    expect(sheet.getRange('A1:B1').getNotes()).toEqual([['要確認', '']]);
    sheet.getRange('A1').setNote(null as unknown as string);
    expect(sheet.getRange('A1').getNote()).toBe('');
    expect(() => sheet.getRange('A1:B1').setNotes([['x']])).toThrow('The data has 1 but the range has 2.');
  });
});

describe('call counting', () => {
  test('100 getValue calls count 100; one getValues counts 1', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    env.spreadsheet.getSheets()[0].getRange(1, 1, 100, 1).setValues(Array.from({ length: 100 }, (_, i) => [i]));
    env.resetCalls();
    let sum = 0;
    for (let r = 1; r <= 100; r++) sum += sheet.getRange(r, 1).getValue() as number;
    expect(sum).toBe(4950);
    expect(env.calls['Range.getValue']).toBe(100);
    expect(env.calls['Sheet.getRange']).toBe(100);
    expect(env.calls.total).toBe(200);

    env.resetCalls();
    sheet.getRange(1, 1, 100, 1).getValues();
    expect(env.calls['Range.getValues']).toBe(1);
    expect(env.calls['Range.getValue']).toBe(0);
    expect(env.calls.total).toBe(2);
  });

  test('test-side objects are not counted', () => {
    const env = createEnvironment();
    env.spreadsheet.getSheets()[0].getRange('A1').getValue();
    expect(env.calls.total).toBe(0);
    env.globals.SpreadsheetApp.getActiveSpreadsheet();
    expect(env.callCounts()).toEqual({ 'SpreadsheetApp.getActiveSpreadsheet': 1 });
  });
});

describe('getDisplayValues', () => {
  test('percent, grouping, text and general formats', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    const range = sheet.getRange(1, 1, 1, 7);
    range.setValues([[0.307, 0.307, 1234567, 1234.56, 1730, 0.1 + 0.2, '']]);
    range.setNumberFormats([['0%', '0.0%', '#,##0', '#,##0.0', '@', '0.###############', '0%']]);
    expect(range.getDisplayValues()).toEqual([['31%', '30.7%', '1,234,567', '1,234.6', '1730', '0.3', '']]);
    sheet.getRange('A2').setValues([[-0.125]]);
    sheet.getRange('A2').setNumberFormat('0.0%');
    expect(sheet.getRange('A2').getDisplayValue()).toBe('-12.5%');
    sheet.getRange('B2').setNumberFormat('#,##0"件"').setValue(1730);
    expect(sheet.getRange('B2').getDisplayValue()).toBe('1,730件');
    sheet.getRange('C2').setValue(true);
    expect(sheet.getRange('C2').getDisplayValue()).toBe('TRUE');
  });
});

describe('custom functions', () => {
  test('a thrown error becomes #ERROR! with the note text; the mode is restored', () => {
    const env = createEnvironment();
    function RATE(): number {
      throw new Error('目標値がありません');
    }
    expect(env.runCustomFunction(RATE, [])).toEqual({ error: '#ERROR!', note: 'Error: 目標値がありません (line 0).' });
    expect(env.authMode).toBe('FULL');
    expect(env.runCustomFunction((a: number, b: number) => a / b, [3, 4])).toEqual({ value: 0.75 });
  });

  test('writing from a custom function fails like in Sheets', () => {
    const env = createEnvironment();
    const { SpreadsheetApp } = env.globals;
    const result = env.runCustomFunction(() => SpreadsheetApp.getActiveSheet().getRange('A1').setValue(1), []);
    expect(result).toEqual({ error: '#ERROR!', note: 'Error: You do not have permission to call setValue (line 0).' });
  });

  test('names ending in _ are not callable', () => {
    const env = createEnvironment();
    function helper_(): number {
      return 1;
    }
    expect(env.runCustomFunction(helper_, [])).toEqual({ error: '#NAME?', note: "Unknown function: 'HELPER_'." });
  });

  test('toArgument: a scalar for one cell, a 2-D array with "" for a range, percents as decimals', () => {
    const env = createEnvironment();
    const sheet = env.spreadsheet.getSheets()[0];
    sheet.getRange(1, 1, 2, 2).setValues([['30%', ''], [5, 'x']]);
    expect(env.toArgument(sheet.getRange('A1'))).toBe(0.3);
    expect(env.toArgument(sheet.getRange('B1'))).toBe('');
    expect(env.toArgument(sheet.getRange('A1:B2'))).toEqual([[0.3, ''], [5, 'x']]);
  });
});

describe('other services', () => {
  test('HtmlService reads provided files and reports missing ones', () => {
    const env = createEnvironment();
    env.htmlFiles['sidebar'] = '<p>進捗</p>';
    const { HtmlService } = env.globals;
    const out = HtmlService.createHtmlOutputFromFile('sidebar').setTitle('進捗').setWidth(300);
    expect([out.getTitle(), out.getContent()]).toEqual(['進捗', '<p>進捗</p>']);
    expectThrowText(() => HtmlService.createHtmlOutputFromFile('missing'), 'No HTML file named missing was found.');
    const t = HtmlService.createTemplate('<b><?= name ?></b><?!= raw ?>');
    (t as unknown as Record<string, unknown>).name = '<x>';
    (t as unknown as Record<string, unknown>).raw = '<i>ok</i>';
    expect(t.evaluate().getContent()).toBe('<b>&lt;x&gt;</b><i>ok</i>');
    expect(env.htmlOutputs).toHaveLength(2);
  });

  test('Logger records messages', () => {
    const env = createEnvironment({ authMode: 'NONE' });
    env.globals.Logger.log('rows: %s', 12);
    expect(env.logs).toEqual(['rows: 12']);
  });

  test('Utilities.formatDate uses the given time zone', () => {
    const env = createEnvironment();
    const d = new Date('2021-03-31T15:30:00Z');
    expect(env.globals.Utilities.formatDate(d, 'Asia/Tokyo', 'yyyy/MM/dd HH:mm')).toBe('2021/04/01 00:30');
    expect(env.globals.Utilities.formatDate(d, 'UTC', 'yyyy-MM-dd')).toBe('2021-03-31');
    // SimpleDateFormat pads a year to the count of letters, and cuts it to two digits for yy.
    const early = new Date(Date.UTC(999, 0, 2, 12));
    expect(env.globals.Utilities.formatDate(early, 'UTC', 'yyyy/yy/y')).toBe('0999/99/999');
  });

  test('unimplemented methods throw a clear error', () => {
    const env = createEnvironment();
    const sheet = firstSheet(env);
    expect(() => sheet.getRange('A1').getRichTextValue()).toThrow('FakeSheets: Range.getRichTextValue is not implemented');
    expect(() => env.globals.SpreadsheetApp.openByUrl('x')).toThrow(
      'FakeSheets: SpreadsheetApp.openByUrl is not implemented',
    );
  });

  test('install() puts the globals on a target and restores it', () => {
    const env = createEnvironment();
    const target: Record<string, unknown> = { Logger: 'old' };
    const restore = env.install(target);
    expect(target.SpreadsheetApp).toBe(env.globals.SpreadsheetApp);
    restore();
    expect(target).toEqual({ Logger: 'old' });
  });

  test('owner and editors are users with e-mails', () => {
    const env = createEnvironment({ ownerEmail: 'joho@city.example.jp', editorEmails: ['dept@city.example.jp'] });
    const ss = env.globals.SpreadsheetApp.getActiveSpreadsheet();
    expect(ss.getOwner()!.getEmail()).toBe('joho@city.example.jp');
    expect(ss.getEditors().map((u) => u.getEmail())).toEqual(['joho@city.example.jp', 'dept@city.example.jp']);
  });
});

describe('vm contexts', () => {
  test('script code in a vm context sees its own Date and can write Dates', () => {
    const env = createEnvironment();
    const context = vm.createContext({ ...env.globals });
    env.dateConstructor = vm.runInContext('Date', context) as DateConstructor;
    const result = vm.runInContext(
      `const r = SpreadsheetApp.getActiveSheet().getRange('A1');
       r.setValue(new Date(Date.UTC(2021, 4, 30, 15)));
       const v = r.getValue();
       [v instanceof Date, r.getDisplayValue()]`,
      context,
    ) as unknown[];
    expect(result).toEqual([true, '2021/05/31']);
  });
});
