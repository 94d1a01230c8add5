/**
 * 計画マスタ's optional 概要・目的・成果目標 columns (issue 14, item 1): found by header, one value per plan No. (the
 * first row that has it), a differing value warns with both cells; masters without the columns read as before.
 * The demo's texts are the seed document's, read from the seed file itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarDate } from '../../src/core/calendar';
import { demoMaster, demoSettings } from '../../src/core/demo/suita';
import { analyzePlan, initWorkbook, rollupWorkbook } from '../../src/core/jobs';
import { masterSheet, readMaster, PLAN_TEXT_FIELDS } from '../../src/core/layout/master';
import { readSettings } from '../../src/core/layout/settings';
import type { PlanText } from '../../src/core/model';
import { buildReport } from '../../src/core/report';
import type { Scalar } from '../../src/core/workbook';
import { MemoryWorkbook } from '../support/memory-workbook';
import { demoBook } from '../support/plans';

const SEED = join(__dirname, '..', 'fixtures', 'seed', 'suita-plan.txt');
const TEXT_HEADERS = ['概要', '目的', '成果目標'];
const VERSION_HEADERS = ['適用開始年度', '適用終了年度', '改定前の指標', '改定根拠'];

/**
 * 概要・目的・成果目標 per plan No. as chapter 6 of the seed writes them: the 概要 and 目的 rows' text and the
 * 成果目標（アウトカム）row's 内容, each <p>…</p> (or other tagged block) a line, superscripts (^{※1}) inline.
 */
function seedTexts(): Map<number, PlanText> {
  const paragraphs = (s: string) =>
    s.replace(/\^\{([^}]*)\}/g, '$1').split(/<[^>]*>/).map((x) => x.trim()).filter(Boolean).join('\n');
  const out = new Map<number, PlanText>();
  let current: PlanText | undefined;
  for (const line of readFileSync(SEED, 'utf8').split('\n')) {
    const cells = line.split('\t');
    if (cells[0] === 'No.' && /^\d+$/.test(cells[1] ?? '')) {
      current = { overview: '', purpose: '', outcome: '' };
      out.set(Number(cells[1]), current);
    } else if (current && cells[0] === '概要') current.overview = paragraphs(cells[1]!);
    else if (current && cells[0] === '目的') current.purpose = paragraphs(cells[1]!);
    else if (current && /^成果目標/.test(cells[0]!) && cells[1] === '内容') current.outcome = paragraphs(cells[2]!);
  }
  return out;
}

const settings = () => readSettings(demoMasterBook().readSheet('設定')).settings!;

function masterValues(book: MemoryWorkbook): Scalar[][] {
  return book.readSheet('計画マスタ')!.values.map((r) => [...r]);
}

function readDemo(values: Scalar[][]) {
  const book = new MemoryWorkbook();
  book.setSheet('計画マスタ', values);
  return readMaster(book.readSheet('計画マスタ'), settings());
}

function demoMasterBook(): MemoryWorkbook {
  const book = new MemoryWorkbook();
  initWorkbook(book, { settings: demoSettings, master: demoMaster });
  return book;
}

describe('計画マスタ: 概要・目的・成果目標', () => {
  test('init writes the three headers after the 予定 and version columns, the other columns where they were', () => {
    const header = masterValues(demoMasterBook())[0]!;
    expect(header.slice(0, 16)).toEqual([
      'No.', '基本方針', '取組', 'アクションプラン', '指標名', '単位', '方向', '算定方法', '基準値', '基準年度', '累計',
      '報告部門', '主管部門', '関係部門', '状態', '備考',
    ]);
    expect(header.slice(16, 21)).toEqual(['2019年度 予定', '2020年度 予定', '2021年度 予定', '2022年度 予定', '2023年度 予定']);
    // The version columns of a revised indicator (中間見直し, indicator-versions.ts) sit between 予定 and the texts.
    expect(header.slice(21, 25)).toEqual(VERSION_HEADERS);
    expect(header.slice(25)).toEqual(TEXT_HEADERS);
    expect(Object.values(PLAN_TEXT_FIELDS).map((f) => f.header)).toEqual(TEXT_HEADERS);
    const sheet = masterSheet([], [2024]);
    expect(sheet.values[0]).toEqual([...header.slice(0, 16), '2024年度 予定', ...VERSION_HEADERS, ...TEXT_HEADERS]);
    expect(sheet.columnWidths).toHaveLength(sheet.values[0]!.length);
  });

  test('the demo has the seed\'s texts for every plan with a page, copied exactly (paragraphs as lines)', () => {
    const seed = seedTexts();
    const read = readMaster(demoMasterBook().readSheet('計画マスタ'), settings());
    const active = [1, 2, 4, 5, 6, 10, 12, 13, 15, 16, 17, 19, 20, 21, 22];
    expect([...seed.keys()].filter((no) => seed.get(no)!.overview)).toEqual(active);
    for (const no of active) {
      const inds = read.indicators.filter((i) => i.no === no);
      expect(inds.length).toBeGreaterThan(0);
      for (const i of inds) expect({ no, ...i.planText }).toEqual({ no, ...seed.get(no) });
    }
    // Spot checks against the document: No.1's two paragraphs, No.5's 「デジタルデバインド」 as written, No.21's ※1.
    const no1 = read.indicators.find((i) => i.no === 1)!.planText!;
    expect(no1.overview.split('\n')).toEqual([
      '各種手続の電子化（申請手続をインターネットを通じて行えるようにする電子申請）については、マイナンバーカードの活用も含めて検討し、推進します。',
      '平成30年度（2018年度）末から開始している簡易な申込みを行えるシステムについては、利用できる種類を増やす等の拡充を行い、市民にとって利便性の高いシステムとなるよう取り組みます。',
    ]);
    expect(read.indicators.find((i) => i.no === 5)!.planText!.overview).toContain('デジタルデバインド対策として');
    expect(read.indicators.find((i) => i.no === 21)!.planText!.outcome).toBe('使用料・手数料・自己負担金等※1のうち、キャッシュレス決済が可能な支払い対象の拡大を目指します。');
    expect(read.indicators.find((i) => i.no === 2)!.planText!.purpose).toBe('日々の生活圏内において、時間や場所にとらわれず市民が必要な証明書等の取得を可能とし、市民の利便性向上を図ります。');
    // Excluded plans (削除・省略) have none in the document.
    for (const i of read.indicators.filter((x) => !active.includes(x.no))) expect(i.planText).toEqual({ overview: '', purpose: '', outcome: '' });
    // The texts go on a plan's first row only, and that gives no finding.
    expect(read.findings.filter((f) => f.code === 'plan-text-differs')).toEqual([]);
  });

  test('a master without the columns reads as before: same indicators, no finding about them, no texts', () => {
    const withCols = masterValues(demoMasterBook());
    const width = withCols[0]!.length;
    const without = withCols.map((r) => r.slice(0, width - 3));
    const a = readDemo(withCols);
    const b = readDemo(without);
    const strip = (r: typeof a) => r.indicators.map(({ planText: _planText, ...rest }) => rest);
    expect(strip(b)).toEqual(strip(a));
    expect(b.findings).toEqual(a.findings);
    for (const i of b.indicators) expect(i.planText).toEqual({ overview: '', purpose: '', outcome: '' });
  });

  test('the columns are found by header text anywhere, 成果目標（アウトカム） as the document heads it', () => {
    const v = masterValues(demoMasterBook());
    const width = v[0]!.length;
    // Move the three columns to the front and spell 成果目標 as the seed does.
    const moved = v.map((r, i) => {
      const texts = r.slice(width - 3);
      if (i === 0) texts[2] = '成果目標（アウトカム）';
      return [...texts, ...r.slice(0, width - 3)];
    });
    const read = readDemo(moved);
    expect(read.findings).toEqual(readDemo(v).findings);
    const no12 = read.indicators.find((i) => i.no === 12)!.planText!;
    expect(no12.outcome).toBe(seedTexts().get(12)!.outcome);
    expect(no12.overview.split('\n')).toHaveLength(2);
  });

  test('several rows of one plan: the first non-empty value counts; a different one warns, naming both cells', () => {
    const v = masterValues(demoMasterBook());
    const col = (h: string) => v[0]!.indexOf(h);
    const rowsOf = (no: number) => v.flatMap((r, i) => (r[0] === no ? [i] : []));
    const [first1, second1] = rowsOf(1) as [number, number];
    const [first2, second2] = rowsOf(2) as [number, number];
    // No.1: the second row repeats the 概要 (with a trailing space, line ending CRLF): no warning.
    v[second1]![col('概要')] = `${String(v[first1]![col('概要')]).replace('\n', ' \r\n')}  `;
    // No.2: the first row's 目的 is empty, the second row's counts; the second row's 概要 differs.
    const purpose2 = v[first2]![col('目的')];
    v[first2]![col('目的')] = '';
    v[second2]![col('目的')] = purpose2!;
    v[second2]![col('概要')] = '別の概要';
    const read = readDemo(v);
    const no1 = read.indicators.filter((i) => i.no === 1);
    expect(no1.map((i) => i.planText!.overview)).toEqual([seedTexts().get(1)!.overview, seedTexts().get(1)!.overview]);
    const no2 = read.indicators.filter((i) => i.no === 2);
    for (const i of no2) expect(i.planText).toEqual(seedTexts().get(2));
    const differs = read.findings.filter((f) => f.code === 'plan-text-differs');
    const letter = (c: number) => String.fromCharCode(65 + c);
    expect(differs).toEqual([{
      severity: 'warning', code: 'plan-text-differs', sheet: '計画マスタ', cell: `${letter(col('概要'))}${second2 + 1}`,
      indicator: 'No.2 住民票等',
      message: `No.2 の概要が 計画マスタ!${letter(col('概要'))}${first2 + 1} と違います。報告書には最初の行（${letter(col('概要'))}${first2 + 1}）の概要を使います。同じ内容にするか、ほかの行の概要を空にしてください`,
    }]);
  });

  test('the warning reaches 検証結果 through the rollup, and the report uses the first value', () => {
    const book = demoBook();
    const at = book.find('計画マスタ', '概要');
    const rows = book.readSheet('計画マスタ')!.values.flatMap((r, i) => (r[0] === 1 ? [i + 1] : []));
    book.type('計画マスタ', rows[1]!, at.col, '書き換えた概要');
    const { analysis, settings: s } = rollupWorkbook(book);
    expect(analysis.findings.filter((f) => f.code === 'plan-text-differs').map((f) => [f.severity, f.sheet, f.indicator])).toEqual([['warning', '計画マスタ', 'No.1 電子化率']]);
    const model = buildReport(analysis, s, { audience: 'internal', dataDate: calendarDate(2021, 5, 31) });
    const no1 = model.plans.find((p) => p.no === 1)!;
    expect(no1.overview).toBe(seedTexts().get(1)!.overview);
    expect(no1.findings.join('\n')).toContain('概要が');
  });
});

describe('report plan pages: 概要・目的・成果目標', () => {
  const dataDate = calendarDate(2021, 5, 31);

  test('the demo report has the seed\'s texts on every plan page', () => {
    const { analysis, settings: s } = rollupWorkbook(demoBook());
    const model = buildReport(analysis, s, { audience: 'public', dataDate });
    const seed = seedTexts();
    expect(model.plans).toHaveLength(15);
    for (const p of model.plans)
      expect({ no: p.no, overview: p.overview, purpose: p.purpose, outcome: p.outcome }).toEqual({ no: p.no, ...seed.get(p.no) });
  });

  test('without the columns (an older master) the pages leave them out', () => {
    const book = demoBook();
    const v = book.readSheet('計画マスタ')!.values.map((r) => r.slice(0, r.length - 3));
    book.setSheet('計画マスタ', v);
    const analysis = analyzePlan(book, '報告書を作成');
    const model = buildReport(analysis, analysis.settings!, { audience: 'internal', dataDate });
    expect(model.plans).toHaveLength(15);
    for (const p of model.plans) {
      expect(p).not.toHaveProperty('overview');
      expect(p).not.toHaveProperty('purpose');
      expect(p).not.toHaveProperty('outcome');
    }
  });

  test('a plan with only some texts shows those', () => {
    const book = demoBook();
    const at = book.find('計画マスタ', '目的');
    const row = book.readSheet('計画マスタ')!.values.findIndex((r) => r[0] === 4) + 1;
    book.type('計画マスタ', row, at.col, '');
    const analysis = analyzePlan(book, '報告書を作成');
    const no4 = buildReport(analysis, analysis.settings!, { audience: 'internal', dataDate }).plans.find((p) => p.no === 4)!;
    expect(no4.overview).toBe(seedTexts().get(4)!.overview);
    expect(no4).not.toHaveProperty('purpose');
  });
});
