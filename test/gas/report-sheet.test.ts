/**
 * 報告書作成 in Sheets (issue 14, item 4) through the built bundle on the fakes, the manifest's scopes gating every
 * call: the menu and the sidebar write 表紙・概要 and 報告書 with the core layout's cells, one native line chart per
 * indicator over its numbers in hidden columns, and a rewrite replaces the charts instead of adding to them.
 */
import { placeChartData } from '../../src/core/report/chart-data';
import type { ReportSheetOutput } from '../../src/core/report/print-layout';
import { PRINT_HELP, reportSheets } from '../../src/core/report/job';
import type { CoordinatorView, ReportRequest, ReportResult } from '../../src/core/sidebar/types';
import { heightRuns, mergeRuns, neededMerges } from '../../src/gas/report-sheet';
import { SheetsWorkbook } from '../../src/gas/sheets-workbook';
import { addon as makeAddon, buildProject, type Addon, type Built } from './bundle-harness';
import type { FakeEnvironment } from './fakes';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

const WHOLE: ReportRequest = { fiscalYear: null, audience: 'internal', scope: { kind: 'all' } };

function demo(): Addon {
  const a = makeAddon(built);
  a.call('menuInitDemo');
  return a;
}

/** What the core lays out for the fakes' workbook (read on the test channel: nothing counted). */
function expected(env: FakeEnvironment, request: ReportRequest): ReportSheetOutput[] {
  return env.withGlobals(() => reportSheets(new SheetsWorkbook(env.spreadsheet), request, new Date(Date.UTC(2021, 4, 31))).outputs);
}

const sheet = (env: FakeEnvironment, name: string) => env.spreadsheet.getSheetByName(name)!;
const json = <T>(v: unknown) => JSON.parse(JSON.stringify(v)) as T;

/** The layout's cells as the sheet holds them (the print area). */
function printed(env: FakeEnvironment, out: ReportSheetOutput): unknown[][] {
  const a = out.print.printArea;
  return sheet(env, out.name).getRange(a.row, a.col, a.numRows, a.numCols).getValues();
}

function layoutValues(out: ReportSheetOutput): unknown[][] {
  const a = out.print.printArea;
  return Array.from({ length: a.numRows }, (_, i) => Array.from({ length: a.numCols }, (_, j) => out.values[i]?.[j] ?? ''));
}

/** Charts of a sheet as plain facts. */
function charts(env: FakeEnvironment, name: string) {
  return sheet(env, name)
    .getCharts()
    .map((c) => {
      const at = c.getContainerInfo();
      const options = c.getOptions();
      return {
        ranges: c.getRanges().map((r) => r.getA1Notation()),
        row: at.getAnchorRow(),
        col: at.getAnchorColumn(),
        hidden: String(c.getHiddenDimensionStrategy()),
        headers: c.getNumHeaders(),
        title: options.get('title'),
        interpolateNulls: options.get('interpolateNulls'),
        series: options.get('series') as Record<string, { lineWidth: number; pointSize: number }>,
        type: (c as unknown as { modify(): { getChartType(): string } }).modify().getChartType(),
      };
    });
}

describe('報告書作成 from the menu', () => {
  test('is in the menu, after the year\'s items (年度確定 … 新年度の準備)', () => {
    const { env, call } = makeAddon(built);
    call('onOpen');
    const items = env.ui.menus[0].items.map((i) => (i.type === 'item' ? i.caption : '---'));
    expect(items.slice(items.indexOf('新年度の準備') + 1, items.indexOf('入力サイドバー'))).toEqual(['---', '報告書作成', 'オープンデータ出力', '---']);
  });

  test('asks for the year and 庁内用/公表用, writes both sheets with the layout\'s cells and says how to print', () => {
    const { env, call } = demo();
    env.ui.promptTexts.push('');
    env.ui.responses.push('OK', 'NO');
    call('menuReport');
    const last = env.ui.alerts.at(-1)!;
    expect(last.title).toBe('報告書作成');
    expect(last.prompt).toMatch(/^報告書（令和2年度（2020年度）・庁内用）を「表紙・概要」「報告書」シートに書き出しました（アクションプラン \d+件、グラフ \d+件）。/);
    expect(last.prompt).toContain('ファイル → 印刷');
    expect(last.prompt).toContain('幅に合わせる');
    // The report sheet is opened for printing.
    expect(env.spreadsheet.getActiveSheet()!.getName()).toBe('報告書');

    const [cover, plans] = expected(env, WHOLE);
    expect(printed(env, plans)).toEqual(layoutValues(plans));
    // The cover's data date is the run's day (the spreadsheet's clock); every other cell is the layout's.
    const dateRow = layoutValues(cover).findIndex((r) => String(r[0]).startsWith('データの日付'));
    const got = printed(env, cover);
    expect(got.filter((_, i) => i !== dateRow)).toEqual(layoutValues(cover).filter((_, i) => i !== dateRow));
    expect(String(got[dateRow][0])).toMatch(/^データの日付: 令和\d+年（\d{4}年）\d+月\d+日$/);
    expect(sheet(env, '報告書').getRange(1, 1).getNote()).toBe(PRINT_HELP);
  });

  test('a cancelled question writes nothing', () => {
    const { env, call } = demo();
    env.ui.promptTexts.push('');
    env.ui.responses.push('OK', 'CANCEL');
    call('menuReport');
    expect(env.ui.alerts.at(-1)!.prompt).toBe('取り消しました。');
    expect(env.spreadsheet.getSheetByName('報告書')).toBeNull();
  });
});

describe('the 報告書 sheet', () => {
  function written(request: ReportRequest = WHOLE): { a: Addon; result: ReportResult; outs: ReportSheetOutput[] } {
    const a = demo();
    const result = json<ReportResult>(a.call('sidebarReport', request));
    return { a, result, outs: expected(a.env, request) };
  }

  test('one line chart per indicator over its own numbers: 予定 a line, 実績 points, an unmeasured year an empty cell', () => {
    const { a, result, outs } = written();
    const plans = outs.find((o) => o.name === '報告書')!;
    const data = placeChartData(plans);
    expect(data.charts.length).toBeGreaterThan(10);
    expect(result.charts).toBe(data.charts.length);
    const got = charts(a.env, '報告書');
    expect(got).toHaveLength(data.charts.length);
    got.forEach((c, i) => {
      const { chart, data: table } = data.charts[i];
      expect(c).toMatchObject({ row: chart.row, col: chart.col, hidden: 'SHOW_BOTH', headers: 1, title: chart.title, interpolateNulls: false, type: 'LINE' });
      expect(c.series[0]).toMatchObject({ lineWidth: 2, pointSize: 0 });
      expect(c.series[1]).toMatchObject({ lineWidth: 0, pointSize: 7 });
      const range = sheet(a.env, '報告書').getRange(table.row, table.col, table.numRows, table.numCols);
      expect(c.ranges).toEqual([range.getA1Notation()]);
      expect(range.getValues()).toEqual([
        ['年度', '予定', '実績'],
        ...chart.categories.map((label, k) => [label, chart.series[0].values[k] ?? '', chart.series[1].values[k] ?? '']),
      ]);
    });
    // Some indicator has a year without a number: its cell is empty, never 0.
    expect(data.charts.some(({ chart }) => chart.series.some((s) => s.values.includes(null)))).toBe(true);
    // The tables' columns are hidden; the printed columns are not.
    const s = sheet(a.env, '報告書');
    const { first, count } = data.hiddenCols!;
    for (let c = first; c < first + count; c++) expect(s.isColumnHiddenByUser(c)).toBe(true);
    for (let c = 1; c < first; c++) expect(s.isColumnHiddenByUser(c)).toBe(false);
    expect(first).toBe(plans.print.printArea.numCols + 1);
    expect(charts(a.env, '表紙・概要')).toEqual([]);
  });

  test('row heights, merges, wrapping, widths and frozen header follow the layout', () => {
    const { a, outs } = written();
    for (const out of outs) {
      const s = sheet(a.env, out.name);
      const px = (out.print.rowHeights ?? []).map(({ height }) => Math.round((height * 4) / 3));
      const common = heightRuns(px)[0].height;
      // A row of text taller than a line gets the line's height and grows to its content in Sheets (not in the fakes).
      for (const { row } of out.print.rowHeights ?? []) {
        const text = out.values[row - 1]?.some((v) => v !== '');
        expect([row, s.getRowHeight(row)]).toEqual([row, text && px[row - 1] > common ? common : px[row - 1]]);
      }
      expect(px.filter((h) => h > common * 4).length).toBeGreaterThan(out.charts.length - 1);
      (out.columnWidths ?? []).forEach((w, i) => expect(s.getColumnWidth(i + 1)).toBe(w * 8));
      const needed = neededMerges(out);
      expect(needed.length).toBeGreaterThan(0);
      for (const m of needed) expect(s.getRange(m.row, m.col, m.numRows, m.numCols).getMergedRanges().map((r) => r.getA1Notation())).toEqual([s.getRange(m.row, m.col, m.numRows, m.numCols).getA1Notation()]);
      for (const w of out.wrapped ?? []) expect(s.getRange(w.row, w.col).getWrap()).toBe(true);
      expect(s.getFrozenRows()).toBe(out.print.repeatRows?.last ?? 0);
    }
  });

  test('a rewrite with another scope replaces charts and merges: none of the earlier run is left', () => {
    const { a } = written();
    const before = charts(a.env, '報告書').length;
    const policy = json<CoordinatorView>(a.call('sidebarStatus')).report.policies[0];
    const request: ReportRequest = { fiscalYear: 2021, audience: 'public', scope: { kind: 'policy', policy } };
    const result = json<ReportResult>(a.call('sidebarReport', request));
    const plans = expected(a.env, request).find((o) => o.name === '報告書')!;
    const data = placeChartData(plans);
    expect(data.charts.length).toBeLessThan(before);
    expect(result.charts).toBe(data.charts.length);
    expect(charts(a.env, '報告書').map((c) => c.ranges[0])).toEqual(data.charts.map((c) => sheet(a.env, '報告書').getRange(c.data.row, c.data.col, c.data.numRows, c.data.numCols).getA1Notation()));
    expect(printed(a.env, plans)).toEqual(layoutValues(plans));
    expect(String(printed(a.env, plans)[0][0])).toContain('公表用');
    const s = sheet(a.env, '報告書');
    const merged = s.getRange(1, 1, s.getMaxRows(), s.getMaxColumns()).getMergedRanges().map((r) => r.getA1Notation()).sort();
    expect(merged).toEqual(neededMerges(plans).map((m) => s.getRange(m.row, m.col, m.numRows, m.numCols).getA1Notation()).sort());
    // The same request again: the same charts, not twice as many.
    a.call('sidebarReport', request);
    expect(charts(a.env, '報告書')).toHaveLength(data.charts.length);
  });

  test('the sidebar lists the plan\'s years, 基本方針 and departments, and refuses a malformed request in Japanese', () => {
    const a = demo();
    const view = json<CoordinatorView>(a.call('sidebarStatus'));
    expect(view.report.years.map((y) => y.label)).toContain('令和2年度（2020年度）');
    expect(view.report.policies.length).toBeGreaterThan(0);
    expect(view.report.departments).toContain('情報政策室');
    expect(() => a.call('sidebarReport', { fiscalYear: '2020', audience: 'internal', scope: { kind: 'all' } })).toThrow(/報告書作成の依頼の内容が正しくありません（年度）/);
    expect(() => a.call('sidebarReport', { fiscalYear: null, audience: 'internal', scope: { kind: 'department', department: 'どこにもない課' } })).toThrow(/部門「どこにもない課」は計画マスタにありません/);
    expect(a.env.spreadsheet.getSheetByName('報告書')).toBeNull();
  });

  test('people who are not coordinators cannot write it', () => {
    const a = demo();
    a.env.context.activeUserEmail = 'someone@example.jp';
    expect(() => a.call('sidebarReport', WHOLE)).toThrow(/調整担当者/);
    expect(a.env.spreadsheet.getSheetByName('報告書')).toBeNull();
  });
});

describe('call budget', () => {
  /** Service calls of one sidebarReport, and those of its charts' builders. */
  function measure(a: Addon, request: ReportRequest) {
    a.env.resetCalls();
    const result = json<ReportResult>(a.call('sidebarReport', request));
    const counts = a.env.callCounts();
    const builder = Object.entries(counts).filter(([k]) => k.startsWith('EmbeddedChartBuilder.')).reduce((n, [, v]) => n + v, 0);
    return { result, counts, total: a.env.calls.total, builder };
  }

  test('a fixed number per sheet, a few per plan block, 15 per chart (1 more on a rewrite), none per cell', () => {
    const a0 = demo();
    const policy = json<CoordinatorView>(a0.call('sidebarStatus')).report.policies[0];
    let a = a0;
    const report = (request: ReportRequest) => {
      // Each on a spreadsheet without a report: its first run draws charts only, its rewrite removes its own.
      a = demo();
      const first = measure(a, request);
      const again = measure(a, request);
      const model = a.env.withGlobals(() => reportSheets(new SheetsWorkbook(a.env.spreadsheet), request, new Date(Date.UTC(2021, 4, 31))).model);
      return { first, again, plans: model.plans.length, charts: first.result.charts };
    };
    for (const r of [report(WHOLE), report({ fiscalYear: null, audience: 'public', scope: { kind: 'policy', policy } })]) {
      const { first, again, plans, charts: n } = r;
      // Per chart: newChart, insertChart and 13 builder calls (type, range, headers, hidden columns, position, 7 options, build).
      expect(first.counts['Sheet.newChart']).toBe(n);
      expect(first.counts['Sheet.insertChart']).toBe(n);
      expect(first.builder).toBe(13 * n);
      expect(again.counts['Sheet.removeChart']).toBe(n);
      // Never per cell: one setValues per sheet, no single-cell write, one conditional-format rule per grade.
      expect(first.counts['Range.setValues']).toBe(2);
      expect(first.counts['Range.setValue'] ?? 0).toBe(0);
      expect(first.counts['SpreadsheetApp.newConditionalFormatRule']).toBeLessThanOrEqual(8);
      // Per plan block: a few merged runs and spacer / chart rows; the rest is fixed per run and per tab read.
      const merges = first.counts['Range.mergeAcross'] ?? 0;
      const heights = first.counts['Sheet.setRowHeights'] ?? 0;
      expect(merges).toBeLessThanOrEqual(10 + 8 * plans);
      expect(heights).toBeLessThanOrEqual(12 + 2 * plans + 3 * n);
      const tabs = a.env.spreadsheet.getSheets().length;
      const rest = first.total - 15 * n - merges - heights;
      expect(rest).toBeLessThanOrEqual(130 + 3 * tabs);
      expect(again.total - 16 * n - merges - heights).toBeLessThanOrEqual(140 + 3 * tabs);
      // eslint-disable-next-line no-console
      console.log(`報告書作成 (${plans} plans, ${n} charts): ${first.total} calls: charts 15 each, mergeAcross ${merges}, setRowHeights ${heights}, the rest ${rest} (${tabs} tabs); rewrite ${again.total}`);
    }
  });
});

describe('mergeRuns', () => {
  test('consecutive rows merged over the same columns become one mergeAcross range', () => {
    const r = (row: number, col: number, numCols: number) => ({ row, col, numRows: 1, numCols });
    expect(mergeRuns([r(1, 1, 6), r(2, 1, 6), r(3, 2, 5), r(4, 2, 5), r(6, 2, 5), r(5, 1, 6)])).toEqual([
      { row: 1, col: 1, numRows: 2, numCols: 6 },
      { row: 5, col: 1, numRows: 1, numCols: 6 },
      { row: 3, col: 2, numRows: 2, numCols: 5 },
      { row: 6, col: 2, numRows: 1, numCols: 5 },
    ]);
  });
});
