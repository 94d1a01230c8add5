/**
 * The Sheets adapter's cell-level rules: every string bound for a cell that is not plain text gets the quote prefix
 * (so no typed-input form can convert it), and a number format reported as `General` reads as no format (audit F6).
 */
import type { SheetData } from '../../src/core/workbook';
import { asTypedText, isAutomaticFormat, SheetsWorkbook } from '../../src/gas/sheets-workbook';
import { INJECTION_PAYLOADS } from '../support/payloads';
import { addon as makeAddon, buildProject, entryCell, sheetValues, type Built } from './bundle-harness';
import { createEnvironment, errorCells, TYPED_INPUT_FORMS } from './fakes';


describe('asTypedText', () => {
  test('quotes every non-empty string, one that already starts with a quote included', () => {
    expect(asTypedText('')).toBe('');
    expect(asTypedText('abc')).toBe("'abc");
    expect(asTypedText("'abc")).toBe("''abc");
    expect(asTypedText('指標')).toBe("'指標");
  });

  test('every payload and every typed-input form comes back exactly, as text, from a cell that is not plain text', () => {
    const texts = [...new Set([...INJECTION_PAYLOADS, ...TYPED_INPUT_FORMS.flatMap((f) => f.examples)])];
    const sheet = createEnvironment().spreadsheet.getSheets()[0];
    const range = sheet.getRange(1, 1, 1, texts.length);
    range.setValues([texts.map(asTypedText)]);
    expect(range.getValues()).toEqual([texts]);
    expect(range.getFormulas()[0].filter((f) => f !== '')).toEqual([]);
    expect(errorCells(range)[0].filter((e) => e !== null)).toEqual([]);
  });
});

describe('General reads as no format', () => {
  test('isAutomaticFormat: the automatic pattern and General in any case', () => {
    expect(['0.###############', 'General', 'general', 'GENERAL'].map(isAutomaticFormat)).toEqual([true, true, true, true]);
    expect(['', '0', '0.0%', '#,##0', '@', 'General Number'].map(isAutomaticFormat)).toEqual([false, false, false, false, false, false]);
  });

  test('readSheet gives "" for General and the automatic format, and keeps a real one', () => {
    const env = createEnvironment({ sheetNames: ['表'] });
    const sheet = env.spreadsheet.getSheetByName('表')!;
    sheet.getRange(1, 1, 1, 5).setValues([[1, 2, 3, 4, 0.307]]);
    sheet.getRange(1, 1, 1, 5).setNumberFormats([['General', 'GENERAL', '0.###############', '#,##0', '0.0%']]);
    const data = env.withGlobals(() => new SheetsWorkbook(env.globals.SpreadsheetApp.getActiveSpreadsheet()).readSheet('表')) as SheetData;
    const formats = typeof data.formats === 'function' ? data.formats() : data.formats;
    expect(formats).toEqual([['', '', '', '#,##0', '0.0%']]);
  });

  let built: Built;
  beforeAll(() => {
    built = buildProject();
  });

  test('setup does not write General back onto an entry that someone formatted so', () => {
    const { env, call } = makeAddon(built);
    env.setAuthMode('FULL');
    call('menuInitDemo');
    const cell = entryCell(env, '税制課', '課税証明', '2021年度 実績');
    cell.setNumberFormat('General').setValue(1730);
    call('menuSetup');
    const after = entryCell(env, '税制課', '課税証明', '2021年度 実績');
    expect(after.getValue()).toBe(1730);
    expect(after.getNumberFormat()).not.toMatch(/^general$/i);
    call('menuRollup');
    const summary = sheetValues(env, '達成状況');
    expect(summary.find((r) => r[4] === '課税証明' && r[6] === '2021年度')?.[8]).toBe(1730);
  });
});
