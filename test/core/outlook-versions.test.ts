/**
 * The outlook across a mid-term revision (issue 17 items 2 and 5 together), on the demo: a version the plan replaced
 * (No.1 申込み, No.20 研修参加人数) has no 達成見込み of its own, and says why, naming the change and the version that
 * carries the outlook now; its yearly 期待値 still stand on its own line. An indicator no revision touches keeps its
 * computed outlook.
 */
import { analyzePlan, rollupJson } from '../../src/core/jobs';
import { countRows } from '../../src/core/counts';
import { planOutlook } from '../../src/core/outlook';
import { demoBook } from '../support/plans';

const analysis = analyzePlan(demoBook(), 'test');
const outlook = planOutlook(analysis);
const of = (no: number, name: string) => outlook.indicators.find((i) => i.no === no && i.indicator === name)!.outlook;

test('a replaced version has no 達成見込み, with the change as its reason', () => {
  for (const [no, before, after] of [[1, '申込み', '電子化率'], [20, '研修参加人数', '研修受講率']] as const) {
    const o = of(no, before);
    expect(o).toMatchObject({ class: '見込み算出不可', projectedFinal: null, ratio: null, method: null, neededPerYear: null, pacePerYear: null });
    expect(o.basis).toContain('令和4年度に指標変更');
    expect(o.basis).toContain(`最終年度の見込みは新しい指標「${after}」で見ます`);
  }
  // The new version is judged on its own (nothing measured by 2020 yet: no class either, for its own reason).
  expect(of(1, '電子化率').basis).not.toContain('新しい指標');
  // An untouched indicator keeps what its numbers give.
  expect(of(5, '閲覧者数').class).not.toBe('見込み算出不可');
});

test('rollup --json carries the same: the replaced version’s outlook says so, its rows keep their 期待値', () => {
  const json = rollupJson(analysis, countRows(analysis.rows, analysis.settings!.scale, analysis.settings!.evaluationYear));
  const no20 = json.outlooks.find((o: { no: number; indicator: string }) => o.no === 20 && o.indicator === '研修参加人数')!;
  expect(no20.outlook.class).toBe('見込み算出不可');
  expect(no20.outlook.basis).toContain('令和4年度に指標変更');
  expect(json.summary.find((r) => r.no === 20 && r.fiscalYear === 2019)!.expected).toBeCloseTo(148 + 52 / 3, 9);
});
