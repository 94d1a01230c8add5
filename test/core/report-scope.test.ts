/**
 * The report's scope (issue 14, item 4: 全体 / 基本方針 / 部門): plan pages, the lines for the other plans and the
 * count tables cover the same plans, the counts add up to the whole plan's, the cover says the scope, and a name
 * the master does not have is refused in Japanese with the valid ones.
 */
import { calendarDate } from '../../src/core/calendar';
import { UserError } from '../../src/core/errors';
import { rollupWorkbook } from '../../src/core/jobs';
import { buildReport, reportScopes, type ReportModel, type ReportScope } from '../../src/core/report';
import { demoBook } from '../support/plans';

const DATA_DATE = calendarDate(2021, 5, 31);
const { analysis, settings } = rollupWorkbook(demoBook());
const report = (scope?: ReportScope, year?: number): ReportModel =>
  buildReport(analysis, settings, { audience: 'internal', dataDate: DATA_DATE, ...(scope ? { scope } : {}), ...(year ? { year } : {}) });
const whole = report();

const POLICIES = ['市民のためのサービスデザイン', '市民を守るICT', '業務改善を支えるICT'];
const total = (m: ReportModel, table: number) => m.summary.counts[table]!.lines.reduce((a, l) => a + l.total, 0);
/** Each count table's cells summed over a list of reports, keyed by line label and column. */
function cellSums(models: ReportModel[], table: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of models) {
    const t = m.summary.counts[table]!;
    t.lines.forEach((l) => l.counts.forEach((n, i) => out.set(`${l.label}|${t.columns[i]}`, (out.get(`${l.label}|${t.columns[i]}`) ?? 0) + n)));
  }
  return new Map([...out].filter(([, n]) => n > 0));
}
/** The rows of 達成状況 (analysis) of some plans. */
const rowsOf = (nos: number[], fy?: number) => analysis.rows.filter((r) => nos.includes(r.no) && (fy === undefined || r.fiscalYear === fy)).length;

describe('reportScopes: what a sidebar lists', () => {
  test('the 基本方針 in master order, and the departments of 報告部門 and 主管部門', () => {
    const scopes = reportScopes(analysis);
    expect(scopes.policies).toEqual(POLICIES);
    for (const d of ['情報政策室', '税制課', '市民課', '広報課', '中央図書館', '教育センター', 'まなびの支援課', '危機管理室', '法制室', '会計室'])
      expect(scopes.departments).toContain(d);
    expect(new Set(scopes.departments).size).toBe(scopes.departments.length);
    // 関係部門 alone does not put a department in the list (人事室 is 主管 of No.20, so it is there; 総務室 is not).
    expect(scopes.departments).toContain('人事室');
    expect(scopes.departments).not.toContain('総務室');
  });
});

describe('report scope: 基本方針', () => {
  const byPolicy = POLICIES.map((policy) => report({ kind: 'policy', policy }));

  test('each report has the plans of its 基本方針 only; together they are the whole report\'s, each once', () => {
    byPolicy.forEach((m, i) => {
      expect(m.plans.length).toBeGreaterThan(0);
      for (const p of m.plans) expect(p.policy).toBe(POLICIES[i]);
    });
    expect(byPolicy.flatMap((m) => m.plans.map((p) => p.no)).sort((a, b) => a - b)).toEqual(whole.plans.map((p) => p.no));
    expect(byPolicy.flatMap((m) => m.otherPlans.map((x) => x.no)).sort((a, b) => a - b)).toEqual(whole.otherPlans.map((x) => x.no));
    expect(byPolicy[1]!.plans.map((p) => p.no)).toEqual([13, 15]);
    expect(byPolicy[1]!.otherPlans.map((x) => [x.no, x.state])).toEqual([[14, '省略']]);
    // A plan's page is the same whatever the scope.
    for (const m of byPolicy) for (const p of m.plans) expect(p).toEqual(whole.plans.find((w) => w.no === p.no));
  });

  test('the count tables count those plans\' rows, and the three add up to the whole report\'s', () => {
    byPolicy.forEach((m) => {
      const nos = m.plans.map((p) => p.no);
      expect(total(m, 0)).toBe(rowsOf(nos));
      for (const t of [1, 2, 3]) expect(total(m, t)).toBe(rowsOf(nos, 2020));
      expect(m.summary.counts[1]!.lines.map((l) => l.label)).toEqual([m.cover.scope.kind === 'policy' ? m.cover.scope.policy : '']);
      for (const t of m.summary.counts) for (const l of t.lines) expect(l.counts.reduce((a, b) => a + b, 0)).toBe(l.total);
    });
    for (const t of [0, 1, 2, 3]) {
      expect(byPolicy.reduce((a, m) => a + total(m, t), 0)).toBe(total(whole, t));
      expect(cellSums(byPolicy, t)).toEqual(cellSums([whole], t));
    }
  });

  test('the cover and the running header say the scope; the rate method names only the scope\'s indicators', () => {
    const m = byPolicy[0]!;
    expect(m.cover.scope).toEqual({ kind: 'policy', policy: '市民のためのサービスデザイン' });
    expect(m.cover.scopeLabel).toBe('基本方針: 市民のためのサービスデザイン');
    expect(m.header).toContain('基本方針: 市民のためのサービスデザイン');
    expect(whole.summary.rateMethod.join('')).toContain('No.10 地域資料');
    expect(m.summary.rateMethod.join('')).toContain('No.10 地域資料');
    expect(byPolicy[2]!.summary.rateMethod.join('')).not.toContain('No.10');
  });

  test('another year counts that year within the scope', () => {
    const m = report({ kind: 'policy', policy: '業務改善を支えるICT' }, 2019);
    expect(total(m, 1)).toBe(rowsOf(m.plans.map((p) => p.no), 2019));
  });
});

describe('report scope: 部門', () => {
  test('a department that reports an indicator: the plans where it is 主管部門 or reports one', () => {
    expect(report({ kind: 'department', department: '税制課' }).plans.map((p) => p.no)).toEqual([2]);
    expect(report({ kind: 'department', department: '市民課' }).plans.map((p) => p.no)).toEqual([2]);
    // 危機管理室: 主管 of No.15, reports No.13's 避難所施設の整備率 (and is one of No.13's 主管部門).
    expect(report({ kind: 'department', department: '危機管理室' }).plans.map((p) => p.no)).toEqual([13, 15]);
    // 会計室 is 主管 of No.17 with 法制室, which reports its only indicator.
    expect(report({ kind: 'department', department: '会計室' }).plans.map((p) => p.no)).toEqual([17]);
  });

  test('情報政策室: every plan it is 主管 of or reports for (the 全室課 plans it reports as coordinator)', () => {
    const m = report({ kind: 'department', department: '情報政策室' });
    const expected = whole.plans
      .filter((p) => p.ownerDepts.split('、').includes('情報政策室') || p.indicators.some((i) => i.department === '情報政策室'))
      .map((p) => p.no);
    expect(m.plans.map((p) => p.no)).toEqual(expected);
    expect(expected).toEqual([1, 4, 6, 16, 19, 20, 21, 22]);
    // No.5: 主管 広報課、全室課, 関係部門 情報政策室 (relation alone does not count).
    expect(m.plans.map((p) => p.no)).not.toContain(5);
    expect(m.cover.scopeLabel).toBe('部門: 情報政策室');
    expect(total(m, 0)).toBe(rowsOf(expected));
    expect(total(m, 3)).toBe(rowsOf(expected, 2020));
    expect(m.otherPlans).toEqual([]);
  });

  test('the name may differ in width and spaces; the cover uses the master\'s spelling', () => {
    const m = report({ kind: 'department', department: ' 税制課 ' });
    expect(m.cover.scope).toEqual({ kind: 'department', department: '税制課' });
    expect(report({ kind: 'policy', policy: '市民を守るＩＣＴ' }).cover.scopeLabel).toBe('基本方針: 市民を守るICT');
  });

  test('{ kind: "all" } is the whole report', () => {
    expect(report({ kind: 'all' })).toEqual(whole);
  });
});

describe('report scope: unknown names', () => {
  test('an unknown 基本方針 is a UserError in Japanese listing the valid ones', () => {
    let err: unknown;
    try {
      report({ kind: 'policy', policy: '市民サービス' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      '基本方針「市民サービス」は計画マスタにありません。報告書の範囲には次のどれかを指定してください: 「市民のためのサービスデザイン」「市民を守るICT」「業務改善を支えるICT」',
    );
  });

  test('an unknown department is a UserError listing the departments', () => {
    expect(() => report({ kind: 'department', department: '総務室' })).toThrow(UserError);
    expect(() => report({ kind: 'department', department: '総務室' })).toThrow(/部門「総務室」は計画マスタにありません。[\s\S]*「情報政策室」[\s\S]*「税制課」/);
    expect(() => report({ kind: 'department', department: '' })).toThrow(UserError);
  });

  test('a master without 基本方針 has no policy to pick: the error says to report on the whole plan', () => {
    const bare = { ...analysis, indicators: analysis.indicators.map((i) => ({ ...i, policy: '' })) };
    expect(reportScopes(bare).policies).toEqual([]);
    expect(() => buildReport(bare, settings, { audience: 'internal', dataDate: DATA_DATE, scope: { kind: 'policy', policy: '市民を守るICT' } }))
      .toThrow('基本方針「市民を守るICT」は計画マスタにありません（計画マスタに基本方針が書かれていません）。報告書の範囲は全体にしてください');
  });
});
