/**
 * `shinchoku rollup <book> --json` on the demo book (issue 17): summary rows carry `expected`, `expectedRatio` and
 * `paceRatio` (null with a Japanese note when a method lacks what it needs), and `outlooks` one 達成見込み per
 * indicator with the method named.
 */
import { cli, demoBookFile } from '../support/cli';

interface Row {
  no: number;
  indicator: string;
  fiscalYear: number;
  target: number | null;
  actual: number | null;
  expected: number | null;
  expectedRatio: number | null;
  expectedNote: string;
  paceRatio: number | null;
  paceNote: string;
}
interface OutlookRecord {
  no: number;
  indicator: string;
  baseline: number | null;
  baselineYear: number | null;
  finalTarget: number | null;
  finalYear: number | null;
  latestYear: number | null;
  outlook: {
    projectedFinal: number | null;
    method: string | null;
    ratio: number | null;
    class: string;
    basis: string;
    neededPerYear: number | null;
    neededReason: string;
    pacePerYear: number | null;
    paceReason: string;
    paceText: string;
    runRate: { value: number | null; reason: string };
    trend: { value: number | null; reason: string; slope: number | null; points: number };
  };
}

let json: { summary: Row[]; outlooks: OutlookRecord[] };
beforeAll(async () => {
  const book = await demoBookFile('shinchoku-outlook-');
  const r = await cli('rollup', book, '--json');
  expect(r.code).toBe(0);
  json = JSON.parse(r.out);
}, 60_000);

const row = (no: number, indicator: string, fy: number) => json.summary.find((r) => r.no === no && r.indicator === indicator && r.fiscalYear === fy)!;
const outlookOf = (no: number, indicator: string) => json.outlooks.find((o) => o.no === no && o.indicator === indicator)!;

test('No.5 閲覧者数 FY2019: E1 from 144,865 (FY2017) to FY2023’s 174,000, its ratio and the elapsed-share pace', () => {
  const r = row(5, '閲覧者数', 2019);
  expect(r.expected).toBeCloseTo(144865 + (174000 - 144865) * (2 / 6), 9);
  expect(r.expectedRatio).toBeCloseTo(234964 / r.expected!, 12);
  expect(r.paceRatio).toBeCloseTo((234964 - 144865) / (174000 - 144865) / (2 / 6), 12);
  expect([r.expectedNote, r.paceNote]).toEqual(['', '']);
});

test('a row without a baseline has no expected value, and its note says why', () => {
  const r = row(1, '申込み', 2019);
  expect(r).toMatchObject({ expected: null, expectedRatio: null, paceRatio: null });
  expect(r.expectedNote).toBe('計画マスタに基準値がありません。期待値を計算できません');
  expect(r.paceNote).toMatch(/計画マスタに基準値がありません/);
});

test('No.5 閲覧者数’s outlook: 傾向 (two measured years) to 694,624 in FY2023, ほぼ達成できる, with both methods', () => {
  const o = outlookOf(5, '閲覧者数');
  expect(o).toMatchObject({ baseline: 144865, baselineYear: 2017, finalTarget: 174000, finalYear: 2023, latestYear: 2020 });
  expect(o.outlook.method).toBe('傾向');
  expect(o.outlook.projectedFinal).toBeCloseTo(694624, 6);
  expect(o.outlook.class).toBe('ほぼ達成できる');
  expect(o.outlook.basis).toMatch(/^傾向（実績2年度の最小二乗）: 2023年度の見込み 694,624人、目標 174,000人 の399\.2%/);
  expect(o.outlook.runRate.value).toBe(554893);
  expect(o.outlook.trend).toMatchObject({ points: 2, slope: 114915 });
  expect(o.outlook.pacePerYear).toBeCloseTo(205014 / 3, 9);
  expect(o.outlook.neededPerYear).toBeCloseTo((174000 - 349879) / 3, 9);
});

test('No.13 公衆無線LAN: falling, 一層の努力が必要, and the pace needed is said', () => {
  const o = outlookOf(13, '公衆無線LANアクセス回数').outlook;
  expect(o.class).toBe('一層の努力が必要');
  expect(o.paceText).toMatch(/^あと毎年2,009回の増加が必要（これまでの年増分は見込み算出不可: 計画マスタに基準値がありません）$/);
  expect(o.paceReason).toBe('計画マスタに基準値がありません');
});

test('an indicator with one measured year and no baseline: 見込み算出不可 with both reasons', () => {
  const o = outlookOf(2, '課税証明').outlook;
  expect(o).toMatchObject({ class: '見込み算出不可', method: null, projectedFinal: null, ratio: null });
  expect(o.trend.reason).toMatch(/実績のある年度が1つだけ/);
  expect(o.runRate.reason).toMatch(/計画マスタに基準値がありません/);
});

test('one outlook per indicator of the summary; a missing value is never silent', () => {
  const keys = new Set(json.summary.map((r) => `${r.no} ${r.indicator}`));
  expect(json.outlooks.map((o) => `${o.no} ${o.indicator}`).sort()).toEqual([...keys].sort());
  for (const r of json.summary) {
    if (r.expected === null) expect(r.expectedNote).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/);
    if (r.actual !== null && r.paceRatio === null) expect(r.paceNote).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/);
  }
  for (const { outlook: o } of json.outlooks) {
    expect(['ほぼ達成できる', 'もう少しの努力で達成できる', '一層の努力が必要', '見込み算出不可']).toContain(o.class);
    expect(o.projectedFinal === null).toBe(o.class === '見込み算出不可' && o.method === null);
    if (o.neededPerYear === null) expect(o.neededReason).not.toBe('');
    if (o.pacePerYear === null) expect(o.paceReason).not.toBe('');
  }
});
