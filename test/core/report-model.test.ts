/** The report model (issue 14) on the demo plan: the same numbers as 達成状況, counts that add up, 公表用 without addresses. */
import fc from 'fast-check';
import { calendarDate } from '../../src/core/calendar';
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { UserError } from '../../src/core/errors';
import { initWorkbook, rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { readSummaryTable } from '../../src/core/layout/summary';
import { formatValue } from '../../src/core/parse/format';
import { formatRate } from '../../src/core/rates';
import { buildReport, type ReportModel, type ReportOptions } from '../../src/core/report';
import { MemoryWorkbook } from '../support/memory-workbook';
import { demoBook } from '../support/plans';

const DATA_DATE = calendarDate(2021, 5, 31);
const ADDRESS = /[A-Za-z0-9._%+-]+[@＠][A-Za-z0-9.-]+/;

function demoReport(options: Partial<ReportOptions> = {}, book = demoBook()) {
  const result = rollupWorkbook(book);
  const model = buildReport(result.analysis, result.settings, { audience: 'internal', dataDate: DATA_DATE, ...options });
  return { ...result, book, model };
}

/** The demo with a coordinator's address in 設定 and one in a department's コメント. */
function bookWithAddresses(): MemoryWorkbook {
  const book = new MemoryWorkbook();
  initWorkbook(book, { settings: { ...demoSettings, coordinators: ['kanri@example.jp'] }, master: demoMaster });
  setupDepartmentTabs(book, demoEntries);
  const row = book.find('情報政策室', '研修参加人数').row;
  const col = book.find('情報政策室', '2020年度 コメント').col;
  book.type('情報政策室', row, col, '研修の日程は担当（kenshu@example.jp）まで。参加者は前年の約3倍');
  return book;
}

/** The 指標名 a year cell's figures are: the version in force for a revised indicator (中間見直し). */
const nameOf = (ind: ReportModel['plans'][number]['indicators'][number], y: { version: string }) => (ind.versions.length ? y.version : ind.name);

function cellOf(model: ReportModel, no: number, name: string, fy: number) {
  const plan = model.plans.find((p) => p.no === no);
  const cell = plan?.indicators.flatMap((i) => i.years.filter((y) => y.fiscalYear === fy && nameOf(i, y) === name))[0];
  if (!cell) throw new Error(`no cell No.${no} ${name} ${fy}`);
  return cell;
}

describe('report model: the same numbers as 達成状況', () => {
  const { analysis, model, book } = demoReport();
  const sheet = readSummaryTable(book.readSheet('達成状況')!);

  test('every indicator and year of 達成状況 is in its plan page with the same 予定, 実績, rate and grade', () => {
    expect(analysis.rows.length).toBeGreaterThan(0);
    expect(sheet).toHaveLength(analysis.rows.length);
    for (const r of analysis.rows) {
      const c = cellOf(model, r.no, r.indicator, r.fiscalYear);
      const s = sheet.find((x) => x.no === r.no && x.indicator === r.indicator && x.fiscalYear === r.fiscalYear)!;
      expect(c.rateValue).toBe(s.rate);
      expect(c.rate).toBe(formatRate(s.rate));
      expect(c.grade).toBe(s.grade);
      expect(c.status).toBe(s.status === '評価済' ? '' : s.status);
      expect(c.actual).toBe(typeof s.actual === 'number' ? formatValue(s.actual, s.unit) : String(s.actual));
      expect(c.target).toBe(typeof s.target === 'number' ? formatValue(s.target, s.unit) : String(s.target));
      expect(c.actualValue).toBe(r.actual);
    }
  });

  test('the cells without a row in 達成状況 are empty', () => {
    const cells = model.plans.flatMap((p) => p.indicators.flatMap((i) => i.years.map((y) => ({ no: p.no, name: nameOf(i, y), y }))));
    const rows = new Set(analysis.rows.map((r) => `${r.no}|${r.indicator}|${r.fiscalYear}`));
    const empty = cells.filter((c) => !rows.has(`${c.no}|${c.name}|${c.y.fiscalYear}`));
    expect(empty.length).toBe(cells.length - analysis.rows.length);
    for (const { y } of empty) expect([y.target, y.actual, y.rate, y.grade]).toEqual(['', '', '', '']);
  });

  test('the seed figures read as people work them out (domain.md): 307.0%, 57.5%, ▲16.7% → D', () => {
    expect(cellOf(model, 1, '申込み', 2019)).toMatchObject({ actual: '30.7%', target: '10%', rate: '307.0%', grade: 'A' });
    expect(cellOf(model, 20, '研修参加人数', 2019)).toMatchObject({ actual: '115人', target: '200人', rate: '57.5%', grade: 'C' });
    expect(cellOf(model, 4, '施設稼働率の上昇', 2020)).toMatchObject({ actual: '-16.7%', rate: '-167.0%', grade: 'D' });
    expect(cellOf(model, 2, '課税証明', 2020)).toMatchObject({ actual: '1,730件', rate: '266.2%' });
    expect(cellOf(model, 20, '研修参加人数', 2021)).toMatchObject({ actual: '(本年度末測定)', rate: '', grade: '−', status: '未測定' });
  });

  test('year columns are labelled in both eras, the year under evaluation marked', () => {
    const years = model.plans[0]!.indicators[0]!.years;
    expect(years.map((y) => y.label)).toEqual([
      '令和元年度（2019年度）', '令和2年度（2020年度）', '令和3年度（2021年度）', '令和4年度（2022年度）', '令和5年度（2023年度）',
    ]);
    expect(years.filter((y) => y.current).map((y) => y.fiscalYear)).toEqual([2020]);
  });
});

describe('report model: pages and lines', () => {
  const { model } = demoReport();

  test('15 active plans get a page, in No. order, with the master\'s fields', () => {
    expect(model.plans.map((p) => p.no)).toEqual([1, 2, 4, 5, 6, 10, 12, 13, 15, 16, 17, 19, 20, 21, 22]);
    const no2 = model.plans.find((p) => p.no === 2)!;
    expect(no2).toMatchObject({ policy: '市民のためのサービスデザイン', theme: '手続', actionPlan: 'コンビニエンスストア等での証明交付の拡充', ownerDepts: '税制課、市民課', relatedDepts: '' });
    expect(no2.indicators.map((i) => [i.name, i.department])).toEqual([['課税証明', '税制課'], ['住民票等', '市民課']]);
    for (const p of model.plans) for (const i of p.indicators) for (const c of i.charts) expect(c.svg.startsWith('<svg')).toBe(true);
  });

  test('the 7 deleted, merged and omitted plans get a line each with the reason', () => {
    expect(model.otherPlans.map((x) => [x.no, x.state])).toEqual([
      [3, '削除'], [7, '完了'], [8, '省略'], [9, '省略'], [11, '省略'], [14, '省略'], [18, '削除'],
    ]);
    expect(model.otherPlans.find((x) => x.no === 7)!.reason).toContain('No.22');
    for (const x of model.otherPlans) expect(x.reason).not.toBe('');
    expect(model.plans.length + model.otherPlans.length).toBe(22);
  });

  test('概要・目的・成果目標 come from the master, one per plan (master-overview.test.ts compares them with the seed)', () => {
    for (const p of model.plans) for (const t of [p.overview, p.purpose, p.outcome]) expect(t).toEqual(expect.any(String));
    expect(model.plans.find((p) => p.no === 4)!.purpose).toBe('システムの導入により、利用者の利便性向上を図ります。');
  });

  test('the cover names the plan, the year, the data date and the audience', () => {
    expect(model.cover).toMatchObject({
      planTitle: '吹田市第4期 情報化推進計画', fiscalYear: 2020, fiscalYearLabel: '令和2年度（2020年度）',
      dataDate: { year: 2021, month: 5, day: 31 }, dataDateLabel: '令和3年（2021年）5月31日', audienceLabel: '庁内用',
    });
    expect(model.header).toContain('令和2年度（2020年度）');
    expect(model.cover).toMatchObject({ scope: { kind: 'all' }, scopeLabel: '' });
  });

  test('the model is plain JSON and the same analysis gives the same model', () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(demoReport().model).toEqual(model);
  });
});

describe('report model: summary counts', () => {
  const { analysis, counts, model } = demoReport();
  const [byYear, byPolicy, byTheme, byDept] = model.summary.counts;

  test('each line adds up to its total, and the tables to the rows of 達成状況', () => {
    for (const t of model.summary.counts) {
      expect(t.columnLabels).toHaveLength(t.columns.length);
      for (const l of t.lines) {
        expect(l.counts).toHaveLength(t.columns.length);
        expect(l.counts.reduce((a, b) => a + b, 0)).toBe(l.total);
      }
    }
    const total = (t: typeof byYear) => t!.lines.reduce((a, l) => a + l.total, 0);
    expect(total(byYear)).toBe(analysis.rows.length);
    const current = analysis.rows.filter((r) => r.fiscalYear === 2020).length;
    for (const t of [byPolicy, byTheme, byDept]) expect(total(t)).toBe(current);
  });

  test('the counts are 達成状況\'s (countRows), the rows without a grade by reason', () => {
    const keys = byYear!.columns;
    expect(keys.slice(0, 4)).toEqual(['A', 'B', 'C', 'D']);
    counts.byYear.forEach((line, i) => expect(byYear!.lines[i]!.counts).toEqual(keys.map((k) => line.counts[k])));
    counts.byDepartment.forEach((line, i) => expect(byDept!.lines[i]!.counts).toEqual(keys.map((k) => line.counts[k])));
    const y2019 = byYear!.lines[0]!;
    expect(y2019.label).toBe('令和元年度（2019年度）');
    expect(Object.fromEntries(keys.map((k, i) => [k, y2019.counts[i]]))).toMatchObject({ A: 5, B: 0, C: 1, D: 0, 対象外: 2 });
    expect(byPolicy!.lines.map((l) => l.label)).toEqual(['市民のためのサービスデザイン', '市民を守るICT', '業務改善を支えるICT']);
  });

  test('the scale and the rate method are in words', () => {
    expect(model.summary.grades.map((g) => `${g.grade} ${g.label} ${g.range}`)).toEqual([
      'A 達成 達成率 100%以上', 'B 概ね達成 達成率 80%以上100%未満', 'C 未達成 達成率 50%以上80%未満', 'D 大幅未達 達成率 50%未満',
    ]);
    expect(model.summary.rateMethod.join('')).toContain('実績÷目標');
    expect(model.summary.rateMethod.join('')).toContain('No.10 地域資料');
    expect(model.summary.ungradedReasons.map((s) => s.split(':')[0])).toEqual(['未測定', '未入力', '対象外', '目標なし']);
  });

  test('another year counts that year', () => {
    const m = demoReport({ year: 2019 }).model;
    expect(m.cover.fiscalYearLabel).toBe('令和元年度（2019年度）');
    expect(m.summary.counts[1]!.title).toContain('令和元年度（2019年度）');
    expect(m.summary.counts[1]!.lines.reduce((a, l) => a + l.total, 0)).toBe(analysis.rows.filter((r) => r.fiscalYear === 2019).length);
    expect(() => demoReport({ year: 2030 })).toThrow(UserError);
  });
});

describe('report model: 庁内用 and 公表用', () => {
  const internal = demoReport({}, bookWithAddresses()).model;
  const published = demoReport({ audience: 'public' }, bookWithAddresses()).model;

  test('庁内用 keeps the contacts, the findings and the comment as typed', () => {
    expect(internal.cover.contacts).toEqual(['kanri@example.jp']);
    expect(internal.findingCounts).toEqual({ errors: 0, warnings: 3 });
    expect(internal.plans.find((p) => p.no === 2)!.findings.join('')).toContain('税制課!');
    const comment = internal.plans.find((p) => p.no === 20)!.comments;
    expect(comment).toEqual([{ department: '情報政策室', indicator: '研修参加人数', fiscalYear: 2020, yearLabel: '令和2年度（2020年度）', text: '研修の日程は担当（kenshu@example.jp）まで。参加者は前年の約3倍' }]);
    expect(cellOf(internal, 2, '住民票等', 2020).note).toContain('税制課!');
  });

  test('公表用 has no e-mail address, no findings and no notes pointing into the workbook', () => {
    expect(JSON.stringify(published)).not.toMatch(ADDRESS);
    expect(published.cover).toMatchObject({ audience: 'public', audienceLabel: '公表用', contacts: [] });
    expect(published.findingCounts).toBeNull();
    for (const p of published.plans) expect(p.findings).toEqual([]);
    expect(published.plans.find((p) => p.no === 20)!.comments[0]!.text).toBe('研修の日程は担当（［メールアドレス省略］）まで。参加者は前年の約3倍');
    expect(cellOf(published, 2, '住民票等', 2020).note).toBe('');
    expect(published.header).toContain('公表用');
  });

  test('公表用 shows the same figures as 庁内用', () => {
    const figures = (m: ReportModel) => m.plans.map((p) => p.indicators.map((i) => i.years.map((y) => [y.target, y.actual, y.rate, y.grade])));
    expect(figures(published)).toEqual(figures(internal));
    expect(published.summary).toEqual(internal.summary);
  });
});

describe('report model: a revised indicator (中間見直し) as the plan document shows it', () => {
  const { model, analysis } = demoReport();
  const plan = (no: number) => model.plans.find((p) => p.no === no)!;
  const masterCell = (book: MemoryWorkbook, no: number, name: string, header: string) => {
    const row = book.readSheet('計画マスタ')!.values.findIndex((r) => r[0] === no && r[4] === name) + 1;
    return { row, col: book.find('計画マスタ', header).col };
  };

  test('No.1 is one indicator: each version with its years and definition, the change as 達成状況 words it', () => {
    expect(plan(1).indicators).toHaveLength(1);
    const no1 = plan(1).indicators[0]!;
    expect(no1.name).toBe('申込み → 電子化率');
    expect(no1.versions).toEqual([
      { name: '申込み', unit: '%', department: '情報政策室', methodText: '実績÷目標', description: '電子申込システムを利用する各手続のシステム利用率の平均', period: '令和元年度～令和3年度' },
      { name: '電子化率', unit: '%', department: '情報政策室', methodText: '実績÷目標', description: '電子化対象手続の電子化率', period: '令和4年度～令和5年度' },
    ]);
    const change = analysis.changes.find((c) => c.no === 1)!;
    expect(change.text.startsWith('令和4年度に指標変更（申込み → 電子化率、改定根拠: ')).toBe(true);
    expect(no1.changes).toEqual([change.text]);
    // The years' notes do not repeat it.
    for (const y of no1.years) expect(y.note).not.toContain('指標変更');
  });

  test('each year\'s 予定 and 実績 are the version in force that year', () => {
    const no1 = plan(1).indicators[0]!;
    expect(no1.years.map((y) => [y.fiscalYear, y.version, y.target, y.actual])).toEqual([
      [2019, '申込み', '10%', '30.7%'], [2020, '申込み', '20%', '32.8%'], [2021, '申込み', '30%', '(本年度未測定)'],
      [2022, '電子化率', '45%', ''], [2023, '電子化率', '100%', ''],
    ]);
  });

  test('a chart per version, each drawing its own years only, in its own unit (No.20: 人 then %)', () => {
    const no20 = plan(20).indicators[0]!;
    expect(no20.name).toBe('研修参加人数 → 研修受講率');
    expect(no20.charts.map((c) => [c.title, c.unit, c.targets])).toEqual([
      ['研修参加人数（令和元年度～令和3年度）', '人', [200, 200, 200, null, null]],
      ['研修受講率（令和4年度～令和5年度）', '%', [null, null, null, 100, 100]],
    ]);
    expect(no20.charts[0]!.actuals[0]).toBe(115);
    expect(no20.charts[0]!.svg).toContain('115人');
    expect(no20.charts[1]!.svg).not.toContain('人');
  });

  test('a plan never revised has no versions, no change and one chart, and its cells name no version', () => {
    for (const no of [2, 5, 12]) {
      for (const ind of plan(no).indicators) {
        expect(ind.versions).toEqual([]);
        expect(ind.changes).toEqual([]);
        expect(ind.charts.map((c) => c.title)).toEqual(['']);
        expect(ind.years.every((y) => y.version === '')).toBe(true);
      }
    }
    expect(plan(5).indicators.map((i) => i.name)).toEqual(['閲覧者数', '登録者数']);
  });

  test('a year two versions claim (overlapping 適用年度) shows no figure and says why; a moved 適用年度 moves the columns', () => {
    const book = demoBook();
    const to = masterCell(book, 1, '申込み', '適用終了年度');
    book.type('計画マスタ', to.row, to.col, '2022年度');
    const target = masterCell(book, 1, '申込み', '2022年度 予定');
    book.type('計画マスタ', target.row, target.col, '申込み 35%');
    // 達成状況 holds both (rollup counts both and 検証結果 says so).
    expect(rollupWorkbook(book).analysis.rows.filter((r) => r.no === 1 && r.fiscalYear === 2022).map((r) => r.indicator)).toEqual(['申込み', '電子化率']);
    const overlap = plan1Of(book);
    const y2022 = overlap.years.find((y) => y.fiscalYear === 2022)!;
    expect([y2022.version, y2022.target, y2022.actual, y2022.rate]).toEqual(['', '', '', '']);
    expect(y2022.note).toBe('この年度は「申込み」「電子化率」の適用年度が重なっているため、数値を載せていません（計画マスタの適用年度を直してください）');
    // The revision a year later: 電子化率 from 2023, so 2022 is 申込み's (a year without figures still names it).
    const from = masterCell(book, 1, '電子化率', '適用開始年度');
    book.type('計画マスタ', from.row, from.col, '2023年度');
    book.type('計画マスタ', target.row, target.col, '');
    const later = plan1Of(book);
    expect(later.years.map((y) => y.version)).toEqual(['申込み', '申込み', '申込み', '申込み', '電子化率']);
    // 電子化率's 予定 for 2022 is outside its years now: not used, not shown.
    expect(later.years[3]!.target).toBe('');
    expect(later.versions.map((v) => v.period)).toEqual(['令和元年度～令和4年度', '令和5年度のみ']);
    expect(later.changes[0]!.startsWith('令和5年度に指標変更（申込み → 電子化率')).toBe(true);
  });

  test('fuzz: wherever the revision falls, each year\'s column is the version in force and the periods meet', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2023 }), (split) => {
        const book = demoBook();
        const to = masterCell(book, 1, '申込み', '適用終了年度');
        const from = masterCell(book, 1, '電子化率', '適用開始年度');
        book.type('計画マスタ', to.row, to.col, `${split - 1}年度`).type('計画マスタ', from.row, from.col, `${split}年度`);
        const no1 = plan1Of(book);
        expect(no1.years.map((y) => y.version)).toEqual(no1.years.map((y) => (y.fiscalYear < split ? '申込み' : '電子化率')));
        const era = (fy: number) => (fy === 2019 ? '令和元年度' : `令和${fy - 2018}年度`);
        const period = (a: number, b: number) => (a === b ? `${era(a)}のみ` : `${era(a)}～${era(b)}`);
        expect(no1.versions.map((v) => v.period)).toEqual([period(2019, split - 1), period(split, 2023)]);
        expect(no1.changes).toHaveLength(1);
        expect(no1.changes[0]!.startsWith(`${era(split)}に指標変更（申込み → 電子化率`)).toBe(true);
        // Each chart draws its own version's years only.
        no1.charts.forEach((c, i) => no1.years.forEach((y, k) => {
          if ((y.version === '申込み') !== (i === 0)) expect([c.targets[k], c.actuals[k]]).toEqual([null, null]);
        }));
      }),
      { numRuns: 8 },
    );
  });

  function plan1Of(book: MemoryWorkbook) {
    return demoReport({}, book).model.plans.find((p) => p.no === 1)!.indicators[0]!;
  }
});

describe('report model: 期待値 and 達成見込み as 達成状況 gives them (issue 17)', () => {
  const { model, book, analysis } = demoReport();
  const plan = (no: number) => model.plans.find((p) => p.no === no)!;
  const indicator = (no: number, name: string) => plan(no).indicators.find((i) => i.name === name || i.name.startsWith(`${name} →`))!;
  /** 達成状況's per-indicator table as records keyed by header. */
  const summaryRows = () => {
    const values = book.readSheet('達成状況')!.values;
    const h = values.findIndex((r) => r.includes('期待値比') && r[0] === 'No.');
    const heads = values[h]!.map(String);
    const rows: Record<string, unknown>[] = [];
    for (const r of values.slice(h + 1)) {
      if (typeof r[0] !== 'number') break;
      rows.push(Object.fromEntries(heads.map((k, i) => [k, r[i] ?? ''])));
    }
    return rows;
  };

  test('No.5 閲覧者数: FY2019 期待値 = 144,865 + (174,000 − 144,865) × 2/6, shown as 達成状況 rounds it, and 期待値比 against the 実績 234,964', () => {
    const y2019 = indicator(5, '閲覧者数').years.find((y) => y.fiscalYear === 2019)!;
    expect(y2019.expectedValue).toBeCloseTo(144865 + (174000 - 144865) * (2 / 6), 9);
    expect(y2019.expected).toBe('154,577人');
    expect(y2019.expectedRatio).toBe(formatRate(234964 / y2019.expectedValue!));
    expect(y2019.expectedRatio).toBe('152.0%');
    expect(indicator(5, '閲覧者数').expectedRows).toBe(true);
  });

  test('every year\'s 期待値 and 期待値比 are 達成状況\'s, and a year without a row has none', () => {
    const sheet = summaryRows();
    let withExpected = 0;
    for (const r of analysis.rows) {
      const c = cellOf(model, r.no, r.indicator, r.fiscalYear);
      const s = sheet.find((x) => x['No.'] === r.no && x['指標名'] === r.indicator && x['年度'] === `${r.fiscalYear}年度`)!;
      expect(c.expectedValue).toBe(s['期待値'] === '' ? null : s['期待値']);
      expect(c.expectedRatio).toBe(s['期待値比'] === '' ? '' : formatRate(s['期待値比'] as number));
      expect(c.expected === '').toBe(c.expectedValue === null);
      if (c.expected) {
        expect(c.expected.endsWith(r.unit)).toBe(true);
        withExpected++;
      }
    }
    expect(withExpected).toBeGreaterThan(10);
    for (const p of model.plans) for (const i of p.indicators) {
      expect(i.expectedRows).toBe(i.years.some((y) => y.expected !== ''));
      for (const y of i.years.filter((y) => y.actual === '' && y.target === '' && y.rate === '')) if (!y.grade) expect([y.expected, y.expectedRatio]).toEqual(['', '']);
    }
  });

  test('an indicator without a baseline (No.2 課税証明) has no 期待値 in any year, so no 期待値 rows', () => {
    const no2 = indicator(2, '課税証明');
    expect(no2.expectedRows).toBe(false);
    expect(no2.years.map((y) => [y.expected, y.expectedRatio, y.expectedValue])).toEqual(no2.years.map(() => ['', '', null]));
    expect(no2.outlook!.class).toBe('見込み算出不可');
  });

  test('達成見込み, its basis and pace are 達成状況\'s for the 評価年度 (a revised indicator: the version in force)', () => {
    const sheet = summaryRows();
    let n = 0;
    for (const p of model.plans) for (const ind of p.indicators) {
      const y = ind.years.find((c) => c.fiscalYear === 2020)!;
      const name = ind.versions.length ? y.version : ind.name;
      const row = sheet.find((s) => s['No.'] === p.no && s['指標名'] === name && s['達成見込み'] !== '')!;
      const o = ind.outlook!;
      expect(o.label).toBe('達成見込み（2020年度時点）');
      expect(o.class).toBe(row['達成見込み']);
      expect(`${o.basis}。${o.paceText}`).toBe(row['見込みの根拠']);
      n++;
    }
    expect(n).toBe(model.plans.reduce((k, p) => k + p.indicators.length, 0));
    expect(indicator(5, '閲覧者数').outlook).toMatchObject({ class: 'ほぼ達成できる' });
    expect(indicator(5, '閲覧者数').outlook!.basis.startsWith('傾向（実績2年度の最小二乗）: 2023年度の見込み 694,624人')).toBe(true);
  });

  test('another report year judges as of that year: FY2019 No.5 has one measured year, so the run rate 144,865 + 90,099 × 6/2', () => {
    const o = demoReport({ year: 2019 }).model.plans.find((p) => p.no === 5)!.indicators[0]!.outlook!;
    expect(o.label).toBe('達成見込み（2019年度時点）');
    expect(o.basis.startsWith('実績ペース（基準値2017年度から2019年度の実績まで）: 2023年度の見込み 415,162人')).toBe(true);
    expect(o.class).toBe('ほぼ達成できる');
  });

  test('a revised indicator: before the change the replaced version\'s outlook, from it the new one\'s (never the replaced one\'s 見込み算出不可)', () => {
    const no20 = (year: number) => demoReport({ year }).model.plans.find((p) => p.no === 20)!.indicators[0]!.outlook!;
    expect(no20(2020).basis).toContain('（2021年度までの指標。令和4年度からは「研修受講率」）');
    expect(no20(2020).class).toBe('ほぼ達成できる');
    const later = no20(2022);
    expect(later.label).toBe('達成見込み（2022年度時点）');
    expect(later.class).toBe('見込み算出不可');
    expect(later.basis).toContain('2022年度までに実績のある年度がない');
    expect(later.basis).not.toContain('最終年度の見込みは新しい指標');
  });

  test('a report year two versions claim says so instead of picking one', () => {
    const book = demoBook();
    const master = book.readSheet('計画マスタ')!.values;
    const row = master.findIndex((r) => r[0] === 1 && r[4] === '申込み') + 1;
    book.type('計画マスタ', row, book.find('計画マスタ', '適用終了年度').col, '2022年度');
    // 申込み with a 予定 in 2022 too: both versions have a row that year (the overlap test above).
    book.type('計画マスタ', row, book.find('計画マスタ', '2022年度 予定').col, '申込み 35%');
    const o = demoReport({ year: 2022 }, book).model.plans.find((p) => p.no === 1)!.indicators[0]!.outlook!;
    expect(o).toEqual({
      label: '達成見込み（2022年度時点）', class: '見込み算出不可', paceText: '',
      basis: '見込み算出不可: 2022年度は「申込み」「電子化率」の適用年度が重なっているため、見込みを示していません（計画マスタの適用年度を直してください）',
    });
  });

  test('公表用 shows the same 期待値 and 達成見込み', () => {
    const published = demoReport({ audience: 'public' }).model;
    const of = (m: ReportModel) => m.plans.map((p) => p.indicators.map((i) => [i.outlook, i.expectedRows, i.years.map((y) => [y.expected, y.expectedRatio])]));
    expect(of(published)).toEqual(of(model));
  });

  test('fuzz: for any report year, every 期待値 text has a value and no text holds NaN or Infinity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2019, max: 2023 }), (year) => {
        const m = demoReport({ year }).model;
        for (const p of m.plans) for (const i of p.indicators) {
          expect(i.outlook!.label).toBe(`達成見込み（${year}年度時点）`);
          const texts = [i.outlook!.class, i.outlook!.basis, i.outlook!.paceText, ...i.years.flatMap((y) => [y.expected, y.expectedRatio])];
          for (const t of texts) expect(t).not.toMatch(/NaN|Infinity|undefined/);
          for (const y of i.years) {
            expect(y.expected === '').toBe(y.expectedValue === null);
            if (y.expectedValue !== null) expect(Number.isFinite(y.expectedValue)).toBe(true);
          }
        }
      }),
      { numRuns: 5 },
    );
  });
});
