/**
 * 報告書作成's core part (issue 14, item 4): the sheets for a request, and where each chart's numbers go
 * (src/core/report/job.ts, chart-data.ts).
 */
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { initWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { placeChartData } from '../../src/core/report/chart-data';
import type { ReportSheetChart, ReportSheetOutput } from '../../src/core/report/print-layout';
import { PRINT_HELP, reportMessage, reportSheets } from '../../src/core/report/job';
import { demoBook } from '../support/plans';
import { MemoryWorkbook } from '../support/memory-workbook';

const DAY = new Date(Date.UTC(2021, 4, 31));
const WHOLE = { fiscalYear: null, audience: 'internal', scope: { kind: 'all' } } as const;

describe('reportSheets', () => {
  test('表紙・概要 and 報告書, coordinators as editors, the header row frozen, how to print on A1', () => {
    const { model, outputs } = reportSheets(demoBook(), WHOLE, DAY);
    expect(outputs.map((o) => o.name)).toEqual(['表紙・概要', '報告書']);
    for (const o of outputs) {
      expect(o.editors).toEqual({ sheet: demoSettings.coordinators ?? [] });
      expect(o.notes).toContainEqual({ row: 1, col: 1, text: PRINT_HELP });
    }
    expect(outputs[1].frozenRows).toBe(outputs[1].print.repeatRows!.last);
    expect(outputs[0].frozenRows).toBeUndefined();
    expect(reportMessage(model, ['表紙・概要', '報告書'], 26)).toBe(`報告書（令和2年度（2020年度）・庁内用）を「表紙・概要」「報告書」シートに書き出しました（アクションプラン ${model.plans.length}件、グラフ 26件）。`);
  });

  test('a department tab named like a report sheet stops the job instead of being overwritten', () => {
    const book = new MemoryWorkbook();
    const master = demoMaster.map((r) => (r.reportingDept === '市民課' ? { ...r, reportingDept: '報告書' } : r));
    initWorkbook(book, { settings: demoSettings, master });
    setupDepartmentTabs(book, demoEntries);
    expect(() => reportSheets(book, WHOLE, DAY)).toThrow('報告部門「報告書」の部門シートと同じ名前のため、報告書のシート「報告書」を作れません。計画マスタの報告部門の名前を変えてください');
  });
});

describe('placeChartData', () => {
  const chart = (row: number, categories: string[], target: (number | null)[], actual: (number | null)[]): ReportSheetChart => ({
    row, col: 2, widthPx: 400, heightPx: 140, title: 't', categories, unit: '件', svg: '',
    series: [{ name: '予定', values: target }, { name: '実績', values: actual }],
  });
  const out = (charts: ReportSheetChart[]): ReportSheetOutput => ({
    name: '報告書',
    values: Array.from({ length: 12 }, (_, i) => [`r${i + 1}`, '', '']),
    columnWidths: [17, 12, 12],
    charts,
    print: { paper: 'A4', orientation: 'portrait', fitToWidth: true, printArea: { row: 1, col: 1, numRows: 12, numCols: 3 }, rowBreaks: [] },
  });

  test('a table of numbers per chart, right of the layout after a spare column, ending on the chart\'s row; null stays empty', () => {
    const o = out([chart(6, ['R2', 'R3', 'R4'], [10, 20, null], [null, 15, 25])]);
    const d = placeChartData(o);
    expect(d.hiddenCols).toEqual({ first: 4, count: 4 });
    expect(d.charts[0].data).toEqual({ row: 3, col: 5, numRows: 4, numCols: 3 });
    expect(d.values.slice(2, 6).map((r) => r.slice(4))).toEqual([['年度', '予定', '実績'], ['R2', 10, ''], ['R3', 20, 15], ['R4', '', 25]]);
    // The layout's own cells are untouched, and so is the output.
    expect(d.values.map((r) => r.slice(0, 3))).toEqual(o.values);
    expect(o.values[2]).toHaveLength(3);
    expect(d.values.every((r) => r.every((v) => v !== undefined))).toBe(true);
  });

  test('charts whose tables would overlap get another column group; a chart near the top starts its table at row 1', () => {
    const d = placeChartData(out([chart(2, ['a', 'b', 'c'], [1, 2, 3], [1, 2, 3]), chart(4, ['a', 'b'], [1, 2], [1, 2]), chart(11, ['a'], [1], [null])]));
    expect(d.charts.map((c) => [c.data.row, c.data.col])).toEqual([[1, 5], [2, 8], [10, 5]]);
    expect(d.hiddenCols).toEqual({ first: 4, count: 7 });
  });

  test('no charts, nothing added or hidden', () => {
    const o = out([]);
    expect(placeChartData(o)).toEqual({ values: o.values, charts: [], hiddenCols: null });
  });
});
