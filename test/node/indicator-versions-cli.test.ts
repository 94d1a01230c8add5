/**
 * The mid-term revision (issue 17 item 5) through the command line on the demo file: `rollup --json` presents No.1
 * and No.20 as one indicator each with two versions, 達成状況 in the .xlsx shows the change, and the department sheet
 * locks a version's cells outside its 適用年度 (sheet protection, as Excel applies it).
 */
import { cellOf, cli, demoBookFile, loadXlsx } from '../support/cli';

interface Row { no: number; indicator: string; fiscalYear: number; rate: number | null; status: string; revision: string }
interface Version { name: string; unit: string; definition: string; from: number | null; to: number | null; range: string }
interface Change { no: number; kind: string; fiscalYear: number | null; before: Version | null; after: Version; basis: string; text: string }
const BASIS = '中間見直し素案（令和3年度）。決定した会議・日付は素案に記載なし';

describe('rollup --json on the demo', () => {
  let json: { summary: Row[]; changes: Change[]; findings: { code: string }[] };
  let book: string;
  beforeAll(async () => {
    book = await demoBookFile('shinchoku-versions-');
    const r = await cli('rollup', book, '--json');
    expect(r.code).toBe(0);
    json = JSON.parse(r.out);
  });

  test.each([
    [1, '申込み', '電子化率', '%', '%'],
    [20, '研修参加人数', '研修受講率', '人', '%'],
  ])('No.%i is one indicator with two versions: %s (2019–2021) → %s (2022–2023)', (no, before, after, beforeUnit, afterUnit) => {
    const change = json.changes.filter((c) => c.no === no);
    expect(change).toHaveLength(1);
    expect(change[0]).toMatchObject({
      kind: '変更', fiscalYear: 2022, basis: BASIS, text: `令和4年度に指標変更（${before} → ${after}、改定根拠: ${BASIS}）`,
      before: { name: before, unit: beforeUnit, from: 2019, to: 2021, range: '2019年度〜2021年度' },
      after: { name: after, unit: afterUnit, from: 2022, to: 2023, range: '2022年度〜2023年度' },
    });
    // One row per year, each judged by the version in force, all carrying the change.
    const rows = json.summary.filter((r) => r.no === no);
    expect(rows.map((r) => [r.fiscalYear, r.indicator])).toEqual([[2019, before], [2020, before], [2021, before], [2022, after], [2023, after]]);
    expect(rows.every((r) => r.revision === change[0]!.text)).toBe(true);
  });

  test('the demo gives no version finding, and the figures of 2019–2020 are the document\'s', () => {
    expect(json.findings.filter((f) => f.code.startsWith('version-'))).toEqual([]);
    const rate = (no: number, fy: number) => json.summary.find((r) => r.no === no && r.fiscalYear === fy)!.rate;
    expect(rate(1, 2020)).toBeCloseTo(32.8 / 20, 12);
    expect(rate(20, 2019)).toBeCloseTo(115 / 200, 12);
  });

  test('達成状況 in the file shows the change with both definitions; the department sheet locks the other version\'s years', async () => {
    const wb = await loadXlsx(book);
    const summary = wb.getWorksheet('達成状況')!;
    const lines: unknown[][] = [];
    summary.eachRow((r) => lines.push((r.values as unknown[]).slice(1)));
    const title = lines.findIndex((l) => l[0] === '指標の変更（中間見直し）');
    expect(title).toBeGreaterThan(0);
    const no20 = lines.slice(title).find((l) => l[0] === 20)!;
    expect(no20.slice(2, 13)).toEqual(['2022年度', `令和4年度に指標変更（研修参加人数 → 研修受講率、改定根拠: ${BASIS}）`, '研修参加人数', '人', '情報セキュリティ研修の参加人数。基準値は平成30年度（参考）', '2019年度〜2021年度', '研修受講率', '%', undefined, '2022年度〜2023年度', BASIS]); // an empty cell: the document gives no more than name and unit

    const tab = wb.getWorksheet('情報政策室')!;
    const locked = (name: string, fy: number) => cellOf(tab, name, `${fy}年度 実績`).protection?.locked !== false;
    expect([2019, 2020, 2021, 2022, 2023].map((fy) => locked('申込み', fy))).toEqual([false, false, false, true, true]);
    expect([2019, 2020, 2021, 2022, 2023].map((fy) => locked('電子化率', fy))).toEqual([true, true, true, false, false]);
  });
});
