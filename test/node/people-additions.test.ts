/**
 * Attack 1.20 (issue 13, item 4; attack report F4, appendix E): what people add to a department tab — notes,
 * highlighting, fonts, column widths, a formula in a 実績 cell — survives setup and 年度確定, which rebuild the tab,
 * also when the master moves the rows and the plan period moves the year columns. Real files, the real command line.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attack } from '../support/attack';
import { cli } from '../support/cli';
import { FINDING_NOTE_MARK } from '../../src/core/layout/finding-notes';

const DEPT = '税制課';
const INDICATOR = '課税証明';
const YELLOW = 'FFFFFF00';
const RED = 'FFFF0000';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'shinchoku-people-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Where things are on a department tab, found by header text and indicator name (never by fixed position). */
function locate(ws: ExcelJS.Worksheet): { row: number; col: (header: string) => number } {
  let headerRow = 0;
  ws.eachRow((row, r) => {
    if (!headerRow && row.values && (row.values as unknown[]).includes('指標名')) headerRow = r;
  });
  const headers = ws.getRow(headerRow).values as unknown[];
  const col = (header: string) => {
    const c = headers.indexOf(header);
    if (c < 1) throw new Error(`no column ${header}`);
    return c;
  };
  let row = 0;
  ws.eachRow((r, n) => {
    if (n > headerRow && r.getCell(col('指標名')).value === INDICATOR) row = n;
  });
  if (!row) throw new Error(`no row for ${INDICATOR}`);
  return { row, col };
}

const ENTRY_NOTE = '確認: 窓口分を含む（山田）';
const NAME_NOTE = '担当: 税制課 山田';
const LAST_COL_NOTE = '列を広げました';

/** People's additions, as appendix E makes them (exceljs standing in for Excel). */
async function addPeoplesWork(book: string, options: { findingNote?: boolean } = {}): Promise<void> {
  const wb = await load(book);
  const ws = wb.getWorksheet(DEPT)!;
  const { row, col } = locate(ws);
  const entry = ws.getCell(row, col('2020年度 実績'));
  entry.note = options.findingNote ? `${FINDING_NOTE_MARK}\nエラー: 古い指摘\n――――\n${ENTRY_NOTE}` : ENTRY_NOTE;
  const name = ws.getCell(row, col('指標名'));
  name.note = NAME_NOTE;
  name.style = { ...name.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: YELLOW } }, font: { bold: true, color: { argb: RED } } };
  const comment = ws.getCell(row, col('2021年度 コメント'));
  comment.style = { ...comment.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: YELLOW } } };
  ws.getCell(3, col('2023年度 コメント')).note = LAST_COL_NOTE;
  // As Excel writes a note: the author's name in bold, then the text.
  ws.getCell(row, col('2020年度 コメント')).note = { texts: [{ font: { bold: true }, text: '山田:' }, { text: '\n窓口分は別集計' }] } as ExcelJS.Comment;
  ws.getColumn(col('指標名')).width = 45;
  ws.getCell(row, col('2022年度 実績')).value = { formula: '6000+730', result: 6730 } as ExcelJS.CellFormulaValue;
  await wb.xlsx.writeFile(book);
}

/** What did not survive, or undefined when all did. */
async function lost(book: string, closed?: number, moved?: Scenario['moved']): Promise<string | undefined> {
  const ws = (await load(book)).getWorksheet(DEPT);
  if (!ws) return `${DEPT} is gone`;
  const { row, col } = locate(ws);
  const problems: string[] = [];
  if (moved && (row !== moved.row || col('2020年度 実績') !== moved.entryCol)) problems.push(`not moved as planned: row ${row}, column ${col('2020年度 実績')}`);
  const at = (header: string) => ws.getCell(row, col(header));
  const note = (c: ExcelJS.Cell) => (typeof c.note === 'string' ? c.note : (c.note?.texts ?? []).map((t) => t.text).join(''));
  if (note(at('2020年度 実績')) !== ENTRY_NOTE) problems.push(`entry note: ${JSON.stringify(note(at('2020年度 実績')))}`);
  if (note(at('指標名')) !== NAME_NOTE) problems.push(`name note: ${JSON.stringify(note(at('指標名')))}`);
  if (note(ws.getCell(3, col('2023年度 コメント'))) !== LAST_COL_NOTE) problems.push('header note');
  const rich = at('2020年度 コメント').note;
  if (note(at('2020年度 コメント')) !== '山田:\n窓口分は別集計' || typeof rich === 'string' || !rich?.texts?.[0]?.font?.bold) problems.push(`rich note: ${JSON.stringify(rich)}`);
  const name = at('指標名');
  if ((name.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb !== YELLOW) problems.push(`name fill: ${JSON.stringify(name.fill)}`);
  if (!name.font?.bold || name.font.color?.argb !== RED) problems.push(`name font: ${JSON.stringify(name.font)}`);
  if ((at('2021年度 コメント').fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb !== YELLOW) problems.push('comment fill');
  const width = ws.getColumn(col('指標名')).width;
  if (width !== 45) problems.push(`width: ${width}`);
  const formula = at('2022年度 実績');
  if (formula.formula !== '6000+730') problems.push(`formula: ${JSON.stringify(formula.value)}`);
  else if ((formula.value as ExcelJS.CellFormulaValue).result !== 6730) problems.push(`formula result: ${JSON.stringify(formula.value)}`);
  // Ours still come from the layout: a closed year's entry is grey (not the yellow of an open one).
  if (closed !== undefined) {
    const fill = (at(`${closed}年度 実績`).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    if (fill !== 'FFF2F2F2') problems.push(`closed entry fill: ${fill}`);
  }
  return problems.length ? problems.join('; ') : undefined;
}

/** A new 税制課 indicator in the master, right above 課税証明, so the tab's rows move down by one. */
async function addIndicatorBefore(book: string): Promise<void> {
  const wb = await load(book);
  const ws = wb.getWorksheet('計画マスタ')!;
  const headers = ws.getRow(1).values as unknown[];
  let at = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(headers.indexOf('指標名')).value === INDICATOR) at = n;
  });
  const values: ExcelJS.CellValue[] = [];
  const set = (h: string, v: ExcelJS.CellValue) => (values[headers.indexOf(h)] = v);
  set('No.', 2);
  set('アクションプラン', 'コンビニエンスストア等での証明交付の拡充');
  set('指標名', '窓口交付');
  set('単位', '件');
  set('方向', '増加');
  set('算定方法', '実績÷目標');
  set('報告部門', DEPT);
  set('状態', '実施中');
  set('2020年度 予定', '100件');
  ws.insertRow(at, values);
  await wb.xlsx.writeFile(book);
}

/** The plan period starts a year earlier, so every year column of the tab moves right. */
async function startPeriodEarlier(book: string): Promise<void> {
  const wb = await load(book);
  const ws = wb.getWorksheet('設定')!;
  ws.eachRow((r) => {
    if (r.getCell(1).value === '計画期間（開始年度）') r.getCell(2).value = 2018;
  });
  await wb.xlsx.writeFile(book);
}

/** An image forces the in-memory writer (the streaming one cannot write images): both writers must keep them. */
async function addImage(book: string): Promise<void> {
  const wb = await load(book);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  const id = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
  wb.addWorksheet('メモ').addImage(id, 'B2:C3');
  await wb.xlsx.writeFile(book);
}

interface Scenario {
  what: string;
  before?: (book: string) => Promise<void>;
  run: (book: string) => Promise<{ code: number; out: string; err: string }>;
  closed?: number;
  findingNote?: boolean;
  /** Where 課税証明's row and its 2020 実績 column are afterwards (the demo has them at row 4, column I). */
  moved?: { row: number; entryCol: number };
}

const SCENARIOS: Scenario[] = [
  { what: 'setup', run: (b) => cli('setup', b) },
  { what: 'close-year 2020', run: (b) => cli('close-year', b, '2020'), closed: 2020 },
  { what: 'setup after an indicator was added above', before: addIndicatorBefore, run: (b) => cli('setup', b), moved: { row: 5, entryCol: 11 } },
  { what: 'close-year after an indicator was added above', before: addIndicatorBefore, run: (b) => cli('close-year', b, '2020'), closed: 2020, moved: { row: 5, entryCol: 11 } },
  { what: 'setup after the period moved a year earlier', before: startPeriodEarlier, run: (b) => cli('setup', b), moved: { row: 4, entryCol: 16 } },
  { what: 'setup twice, with the check\'s old note on the entry', findingNote: true, run: async (b) => {
    const first = await cli('setup', b);
    return first.code ? first : cli('setup', b);
  } },
  { what: 'setup on a book the in-memory writer saves (an image)', before: addImage, run: (b) => cli('setup', b) },
];

describe('people\'s additions on department tabs (attack 1.20)', () => {
  it('keeps notes, fill, font, widths and 実績 formulas through setup and close-year', async () => {
    await attack('1.20', 'people\'s notes, fill, font, widths and 実績 formulas on department tabs through setup and close-year (rows and year columns moved)', SCENARIOS.length, async (i) => {
      const s = SCENARIOS[i];
      const book = join(dir, `book-${i}.xlsx`);
      const init = await cli('init', book, '--demo');
      if (init.code) return `init: ${init.err}`;
      await addPeoplesWork(book, { findingNote: s.findingNote });
      await s.before?.(book);
      const r = await s.run(book);
      if (r.code) return `${s.what}: exit ${r.code} ${r.err}`;
      const problem = await lost(book, s.closed, s.moved);
      return problem && `${s.what}: ${problem}`;
    });
  }, 120_000);

  it('keeps the value a formula entry had, so the check and the rollup read it the same', async () => {
    const book = join(dir, 'value.xlsx');
    expect((await cli('init', book, '--demo')).code).toBe(0);
    await addPeoplesWork(book);
    const before = JSON.parse((await cli('rollup', book, '--json')).out) as { summary: { indicator: string; fiscalYear: number; actual: unknown }[] };
    expect((await cli('setup', book)).code).toBe(0);
    const after = JSON.parse((await cli('rollup', book, '--json')).out) as typeof before;
    const pick = (x: typeof before) => x.summary.find((r) => r.indicator === INDICATOR && r.fiscalYear === 2022)?.actual;
    expect(pick(before)).toBe(6730);
    expect(pick(after)).toBe(6730);
  }, 60_000);

  it('does not carry our own look: a reopened year is editable-yellow again, and notes are not doubled', async () => {
    const book = join(dir, 'ours.xlsx');
    expect((await cli('init', book, '--demo')).code).toBe(0);
    await addPeoplesWork(book);
    expect((await cli('close-year', book, '2020')).code).toBe(0);
    expect((await cli('reopen-year', book, '2020', '--reason', '訂正のため')).code).toBe(0);
    const ws = (await load(book)).getWorksheet(DEPT)!;
    const { row, col } = locate(ws);
    expect((ws.getCell(row, col('2020年度 実績')).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF9E0');
    // The notes people wrote are kept once, not doubled by each rebuild.
    expect(ws.getCell(row, col('2020年度 実績')).note).toBe(ENTRY_NOTE);
    expect(ws.getCell(row, col('2022年度 実績')).formula).toBe('6000+730');
  }, 60_000);
});
