/**
 * The open data (公表) table from the core: 全国地方公共団体コード read and checked in 設定, the demo's rows equal to
 * rollup's summary rows field by field, the 「公表データ」 sheet, formula-safe text, and the reader back.
 */
import { demoSettings } from '../../src/core/demo/suita';
import { checkDigit, isValidCode, readMunicipalityCode } from '../../src/core/export/municipality-code';
import { formulaSafe, fromFormulaSafe } from '../../src/core/export/formula-safe';
import { OPEN_DATA_HEADERS, openDataOfWorkbook, readOpenData } from '../../src/core/export/open-data';
import { openDataSheet, writeOpenDataSheet } from '../../src/core/export/open-data-sheet';
import { rollupJson, rollupWorkbook } from '../../src/core/jobs';
import { readSettings } from '../../src/core/layout/settings';
import { demoBook } from '../support/plans';
import { INJECTION_PAYLOADS } from '../support/payloads';

const codeRow = (book: ReturnType<typeof demoBook>) => book.find('設定', '全国地方公共団体コード');

describe('全国地方公共団体コード', () => {
  test('the check digit by the 総務省 rule: known codes of the 総務省 list', () => {
    // 北海道 010006, 東京都千代田区 131016, 大阪市 271004, 横浜市 141003, 吹田市 272051.
    for (const code of ['010006', '131016', '271004', '141003', '272051']) {
      expect(checkDigit(code.slice(0, 5))).toBe(Number(code[5]));
      expect(isValidCode(code)).toBe(true);
    }
    // Remainder 0 gives 1, remainder 1 gives 0 (the two-digit cases of 11 − remainder).
    expect(checkDigit('00000')).toBe(1);
    expect(isValidCode('272050')).toBe(false);
    expect(isValidCode('27205')).toBe(false);
  });

  test('weights 6 5 4 3 2: 00015 sums to 13 (remainder 2, digit 9), 00040 to 12 (remainder 1, digit 0)', () => {
    expect(checkDigit('00015')).toBe(9);
    expect(checkDigit('00040')).toBe(0);
  });

  test('the demo is 吹田市 272051, init writes the row, and readSettings reads it', () => {
    expect(demoSettings.municipalityCode).toBe('272051');
    const book = demoBook();
    const at = codeRow(book);
    expect(book.cell('設定', at.row, at.col + 1)).toBe('272051');
    expect(String(book.cell('設定', at.row, at.col + 2))).toContain('検査数字');
    expect(readSettings(book.readSheet('設定')).settings!.municipalityCode).toBe('272051');
  });

  test.each([
    ['２７２０５１', '272051', null],
    [' 272051 ', '272051', null],
    [272051, '272051', null],
    [10006, '010006', 'warning'],
    ['', '', null],
  ])('%p reads as %p', (raw, code, severity) => {
    const r = readMunicipalityCode(raw, '全国地方公共団体コード', 'B11');
    expect(r.code).toBe(code);
    expect(r.findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });

  test.each([
    ['272050', '検査数字は 1'],
    ['27205', '272051'],
    [27205, '272051'],
    ['吹田市', '6桁の数字'],
    ['2720511', '6桁の数字'],
  ])('%p is an error naming the 設定 cell, and no code is used', (raw, hint) => {
    const r = readMunicipalityCode(raw, '全国地方公共団体コード', 'B11');
    expect(r.code).toBe('');
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'error', sheet: '設定', cell: 'B11', code: 'bad-municipality-code', message: expect.stringContaining(hint) })]);
  });

  test('a wrong code in 設定 stops the export with the cell; a book without the row exports with the column blank', () => {
    const book = demoBook();
    const at = codeRow(book);
    book.type('設定', at.row, at.col + 1, '272052');
    expect(() => openDataOfWorkbook(book)).toThrow(new RegExp(`設定!B${at.row}: 「全国地方公共団体コード」の「272052」`));
    const without = demoBook();
    const values = without.readSheet('設定')!.values.filter((r) => r[0] !== '全国地方公共団体コード');
    without.setSheet('設定', values);
    const table = openDataOfWorkbook(without);
    expect(table.rows.length).toBeGreaterThan(0);
    expect(new Set(table.rows.map((r) => r[0]))).toEqual(new Set([null]));
  });
});

describe('the open data rows', () => {
  const book = demoBook();
  const table = openDataOfWorkbook(book);
  const json = rollupJson(...((r) => [r.analysis, r.counts] as const)(rollupWorkbook(demoBook())));

  test('the columns, in the issue\'s order', () => {
    expect(table.headers).toEqual(['団体コード', '計画名', 'No', '基本方針', '取組', 'アクションプラン', '指標', '単位', '方向', '年度(西暦)', '年度(和暦)', '予定', '実績', '達成率', '評価', '状態', '評価なしの理由']);
  });

  test('one row per row of rollup --json, with the same figures, in the same order', () => {
    expect(table.rows.length).toBe(json.summary.length);
    const figures = readOpenData(OPEN_DATA_HEADERS, table.rows);
    expect(figures).toEqual(json.summary.map((s) => ({ no: s.no, indicator: s.indicator, fiscalYear: s.fiscalYear, target: s.target, actual: s.actual, unit: s.unit, rate: s.rate, grade: s.grade, status: s.status })));
  });

  test('a graded and an ungraded row, cell by cell', () => {
    const row = (no: number, name: string, fy: number) => table.rows.find((r) => r[2] === no && r[6] === name && r[9] === fy)!;
    expect(row(2, '課税証明', 2020)).toEqual([
      '272051', '吹田市第4期 情報化推進計画', 2, '市民のためのサービスデザイン', '手続', 'コンビニエンスストア等での証明交付の拡充', '課税証明', '件', '増加',
      2020, '令和2年度', 650, 1730, 1730 / 650, 'A', '評価済', null,
    ]);
    const ungraded = table.rows.filter((r) => r[15] !== '評価済');
    expect(ungraded.length).toBeGreaterThan(0);
    for (const r of ungraded) {
      expect(r[13]).toBeNull();
      expect(r[14]).toBeNull();
      expect(typeof r[16]).toBe('string');
    }
    expect(row(1, '申込み', 2019)[10]).toBe('令和元年度');
  });

  test('--year keeps that year\'s rows only; a year outside the plan is refused', () => {
    const y = openDataOfWorkbook(demoBook(), 2020);
    expect(y.years).toEqual([2020]);
    expect(y.rows.length).toBe(json.summary.filter((s) => s.fiscalYear === 2020).length);
    expect(() => openDataOfWorkbook(demoBook(), 2030)).toThrow('2030年度は計画期間（2019〜2023年度）の外です');
  });

  test('the reader refuses a missing column and a number that does not read', () => {
    expect(() => readOpenData(OPEN_DATA_HEADERS.filter((h) => h !== '達成率'), [])).toThrow('「達成率」がありません');
    const bad = table.rows[0].map((v, i) => (i === 13 ? '1,5' : v));
    expect(() => readOpenData(OPEN_DATA_HEADERS, [bad])).toThrow('2行目の「達成率」の「1,5」は数値ではありません');
  });
});

describe('formula-safe text', () => {
  test('every payload round-trips exactly; those that start a formula get one apostrophe; numbers never change', () => {
    for (const p of [...INJECTION_PAYLOADS, "'=1+1", "''@x", "'plain", '-', '']) {
      const safe = formulaSafe(p) as string;
      expect(fromFormulaSafe(safe)).toBe(p);
      expect(/^[=+\-@\t\r]/.test(safe)).toBe(false);
    }
    expect(formulaSafe('=1+1')).toBe("'=1+1");
    expect(formulaSafe(-16.7)).toBe(-16.7);
    expect(formulaSafe(null)).toBeNull();
  });
});

describe('「公表データ」', () => {
  test('the sheet holds the header and the rows, blanks as empty cells, no number formats, and nothing else changes', () => {
    const book = demoBook();
    const before = book.sheetNames().map((n) => JSON.stringify(book.readSheet(n)));
    const message = writeOpenDataSheet(book);
    const table = openDataOfWorkbook(book);
    expect(message).toContain(`「公表データ」シートに ${table.rows.length}行`);
    expect(message).toContain('ダウンロード');
    const sheet = book.readSheet('公表データ')!;
    expect(sheet.values[0]).toEqual(OPEN_DATA_HEADERS);
    expect(sheet.values.slice(1)).toEqual(table.rows.map((r) => r.map((v) => v ?? '')));
    expect(book.outputs.get('公表データ')!.numberFormats ?? []).toEqual([]);
    // Only 「公表データ」 was added; every other sheet is as it was, and 公表データ is not read as a department tab.
    expect(book.sheetNames().filter((n) => n !== '公表データ').map((n) => JSON.stringify(book.readSheet(n)))).toEqual(before);
    expect(rollupWorkbook(book).analysis.findings.filter((f) => f.sheet === '公表データ')).toEqual([]);
  });

  test('text that would start a formula is written with the apostrophe, as in the CSV', () => {
    const table = openDataOfWorkbook(demoBook());
    const rows = table.rows.map((r) => r.map((v, i) => (i === 6 ? '=HYPERLINK("http://x")' : v)));
    const out = openDataSheet({ ...table, rows });
    expect(out.values[1][6]).toBe('\'=HYPERLINK("http://x")');
  });
});
