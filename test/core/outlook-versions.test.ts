/**
 * The outlook across a mid-term revision (issue 17 items 2 and 5 together), on the demo. While a replaced version is
 * still in force (評価年度 2020, before the FY2022 change), its outlook is towards its own last year and says the
 * indicator changes after it (No.13 公衆無線LAN needs more effort to reach 7,000 by FY2021). Once the change is in
 * force (評価年度 2022), the replaced version has no 達成見込み of its own and says why, naming the change and the
 * version that carries the outlook now; its yearly 期待値 still stand on its own line. An indicator no revision
 * touches keeps its computed outlook either way.
 */
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { analyzePlan, initWorkbook, rollupJson, setupDepartmentTabs } from '../../src/core/jobs';
import { countRows } from '../../src/core/counts';
import { planOutlook } from '../../src/core/outlook';
import { MemoryWorkbook } from '../support/memory-workbook';

function analysisAt(evaluationYear: number) {
  const book = new MemoryWorkbook();
  initWorkbook(book, { settings: { ...demoSettings, evaluationYear }, master: demoMaster });
  setupDepartmentTabs(book, demoEntries);
  return analyzePlan(book, 'test');
}
const outlookOf = (analysis: ReturnType<typeof analysisAt>) => {
  const { indicators } = planOutlook(analysis);
  return (no: number, name: string) => indicators.find((i) => i.no === no && i.indicator === name)!.outlook;
};

test('before the change: a version in force is judged towards its own last year, and says what comes after it', () => {
  const of = outlookOf(analysisAt(2020));
  const no13 = of(13, '公衆無線LANアクセス回数');
  // F2 over 2019–2020 (5,270, 4,991) to FY2021, the version's last year: 5,270 − 279 × 2 = 4,712; 7,000 is its target.
  expect(no13.projectedFinal).toBeCloseTo(4712, 9);
  expect(no13.class).toBe('一層の努力が必要');
  expect(no13.basis).toMatch(/2021年度の見込み 4,712回、目標 7,000回 の67\.3%/);
  expect(no13.basis).toContain('（2021年度までの指標。令和4年度からは「避難所施設の整備率」）');
  expect(no13.paceText).toMatch(/^あと毎年2,009回の増加が必要/);
  for (const [no, before] of [[1, '申込み'], [6, 'オープン化'], [20, '研修参加人数']] as const) expect(of(no, before).basis).toContain('2021年度までの指標');
  // The new version has nothing measured by 2020: no class, for its own reason, and it says from when it is the
  // indicator and what it replaces.
  expect(of(13, '避難所施設の整備率').class).toBe('見込み算出不可');
  expect(of(13, '避難所施設の整備率').basis).toMatch(/^見込み算出不可（傾向: 実績のある年度がないため.*（令和4年度からの指標。改定前は「公衆無線LANアクセス回数」）$/);
  expect(of(5, '閲覧者数').class).not.toBe('見込み算出不可');
});

test('after the change: a replaced version has no 達成見込み, with the change as its reason', () => {
  const of = outlookOf(analysisAt(2022));
  for (const [no, before, after] of [[1, '申込み', '電子化率'], [6, 'オープン化', 'オープンデータ 閲覧数'], [13, '公衆無線LANアクセス回数', '避難所施設の整備率'], [20, '研修参加人数', '研修受講率']] as const) {
    const o = of(no, before);
    expect(o).toMatchObject({ class: '見込み算出不可', projectedFinal: null, ratio: null, method: null, neededPerYear: null, pacePerYear: null });
    expect(o.basis).toContain('令和4年度に指標変更');
    expect(o.basis).toContain(`最終年度の見込みは新しい指標「${after}」で見ます`);
  }
  expect(of(1, '電子化率').basis).not.toContain('新しい指標');
  expect(of(1, '電子化率').basis).toContain('（令和4年度からの指標。改定前は「申込み」）');
  // An indicator no revision touches says nothing of one.
  expect(of(5, '閲覧者数').basis).not.toContain('改定前');
  expect(of(5, '閲覧者数').class).not.toBe('見込み算出不可');
});

test('rollup --json carries the same: the replaced version’s outlook says so, its rows keep their 期待値', () => {
  const analysis = analysisAt(2022);
  const json = rollupJson(analysis, countRows(analysis.rows, analysis.settings!.scale, analysis.settings!.evaluationYear));
  const no20 = json.outlooks.find((o: { no: number; indicator: string }) => o.no === 20 && o.indicator === '研修参加人数')!;
  expect(no20.outlook.class).toBe('見込み算出不可');
  expect(no20.outlook.basis).toContain('令和4年度に指標変更');
  expect(json.summary.find((r) => r.no === 20 && r.fiscalYear === 2019)!.expected).toBeCloseTo(148 + 52 / 3, 9);
});
