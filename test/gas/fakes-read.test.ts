/**
 * The fakes' whole-sheet read in one call, Sheet.getSheetValues with -1 (Sheet reference: "A -1 value given as the
 * row or column position is equivalent to getting the very last row or column that has data in the sheet").
 */
import { createEnvironment, errorCells, MSG, type FakeEnvironment } from './fakes';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function sheetWithData(env: FakeEnvironment): Sheet {
  const sheet = env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
  sheet.getRange(1, 1, 1, 2).setValues([['見出し', 'B']]);
  sheet.getRange('D4').setValue(7);
  return sheet;
}

describe('Sheet.getSheetValues with -1', () => {
  test('(1, 1, -1, -1) is the data range: through the last row and column with data', () => {
    const env = createEnvironment();
    const sheet = sheetWithData(env);
    const values = sheet.getSheetValues(1, 1, -1, -1);
    expect(values).toEqual(sheet.getDataRange().getValues());
    expect(values).toHaveLength(4);
    expect(values.every((r) => r.length === 4)).toBe(true);
    expect(values[3][3]).toBe(7);
  });

  test('-1 counts rows and columns from the given start', () => {
    const env = createEnvironment();
    const sheet = sheetWithData(env);
    expect(sheet.getSheetValues(2, 1, -1, 2)).toEqual([['', ''], ['', ''], ['', '']]);
    expect(sheet.getSheetValues(1, 2, 1, -1)).toEqual([['B', '', '']]);
  });

  test('-1 as a start position is the last row or column with data', () => {
    const env = createEnvironment();
    const sheet = sheetWithData(env);
    expect(sheet.getSheetValues(-1, -1, 1, 1)).toEqual([[7]]);
  });

  test('a whole-sheet read is one counted call, whatever the size', () => {
    const env = createEnvironment();
    const sheet = sheetWithData(env);
    sheet.getRange(1, 1, 500, 10).setValues(Array.from({ length: 500 }, (_, i) => Array.from({ length: 10 }, (_, j) => i * j)));
    env.resetCalls();
    sheet.getSheetValues(1, 1, -1, -1);
    expect(env.callCounts()).toEqual({ 'Sheet.getSheetValues': 1 });
  });

  test('an error cell reads as its literal (assumed), like the quote-prefixed text; only errorCells tells them apart', () => {
    const env = createEnvironment();
    const sheet = env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
    sheet.getRange(1, 1, 1, 3).setValues([['#N/A', "'#N/A", "'1e5"]]);
    expect(sheet.getSheetValues(1, 1, -1, -1)).toEqual([['#N/A', '#N/A', '1e5']]);
    expect(errorCells(sheet.getDataRange())).toEqual([['#N/A', null, null]]);
  });

  test('on an empty sheet there is nothing to read: the range-size error (behaviour in Sheets unverified)', () => {
    const env = createEnvironment();
    const sheet = env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
    expect(() => sheet.getSheetValues(1, 1, -1, -1)).toThrow(MSG.rowsAtLeastOne);
  });
});
