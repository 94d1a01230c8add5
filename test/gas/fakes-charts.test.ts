/**
 * The fakes' embedded charts (test/gas/fakes/chart.ts), hidden columns and the RangeList / mergeAcross additions of
 * issue 14 item 4, each pinned to the reference text it follows.
 */
import { createEnvironment, METHOD_SCOPES, SCOPES } from './fakes';

function sheetOf() {
  const env = createEnvironment();
  const g = env.globals;
  return { env, g, sheet: g.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0] };
}

describe('embedded charts', () => {
  test('newChart → build draws nothing until insertChart; getCharts lists inserted charts with their parts', () => {
    const { g, sheet } = sheetOf();
    const range = sheet.getRange('A1:C6');
    const chart = sheet
      .newChart()
      .setChartType(g.Charts.ChartType.LINE)
      .addRange(range)
      .addRange(sheet.getRange('A1:C6')) // "Does not add the range if it has already been added"
      .setNumHeaders(1)
      .setHiddenDimensionStrategy(g.Charts.ChartHiddenDimensionStrategy.SHOW_BOTH)
      .setPosition(5, 2, 0, 4)
      .setOption('title', 'グラフ')
      .setOption('series', { 0: { lineWidth: 2 } })
      .build();
    expect(sheet.getCharts()).toEqual([]);
    expect(chart.getChartId()).toBeNull();
    sheet.insertChart(chart);
    const [inserted] = sheet.getCharts();
    expect(inserted.getChartId()).toEqual(expect.any(Number));
    expect(inserted.getRanges().map((r) => r.getA1Notation())).toEqual(['A1:C6']);
    expect(inserted.getNumHeaders()).toBe(1);
    expect(String(inserted.getHiddenDimensionStrategy())).toBe('SHOW_BOTH');
    const at = inserted.getContainerInfo();
    expect([at.getAnchorRow(), at.getAnchorColumn(), at.getOffsetX(), at.getOffsetY()]).toEqual([5, 2, 0, 4]);
    expect(inserted.getOptions().get('title')).toBe('グラフ');
    // "null if the option was not set"
    expect(inserted.getOptions().get('width')).toBeNull();
    expect(String(inserted.modify().getChartType())).toBe('LINE');
  });

  test('a new builder hides hidden rows by default ("Defaults to IGNORE_ROWS")', () => {
    const { sheet } = sheetOf();
    sheet.insertChart(sheet.newChart().addRange(sheet.getRange('A1:B2')).build());
    expect(String(sheet.getCharts()[0].getHiddenDimensionStrategy())).toBe('IGNORE_ROWS');
  });

  test('removeChart removes that chart; a chart not on the sheet throws (assumed); clear() keeps charts', () => {
    const { g, sheet } = sheetOf();
    const build = () => sheet.newChart().setChartType(g.Charts.ChartType.LINE).addRange(sheet.getRange('A1:B3')).build();
    sheet.insertChart(build());
    sheet.insertChart(build());
    sheet.clear();
    expect(sheet.getCharts()).toHaveLength(2);
    const [first, second] = sheet.getCharts();
    sheet.removeChart(first);
    expect(sheet.getCharts().map((c) => c.getChartId())).toEqual([second.getChartId()]);
    expect(() => sheet.removeChart(first)).toThrow(/don't match the method signature/);
    expect(() => sheet.newChart().setChartType('CURVE' as unknown as GoogleAppsScript.Charts.ChartType)).toThrow(/setChartType/);
  });

  test('updateChart saves what modify() changed', () => {
    const { g, sheet } = sheetOf();
    sheet.insertChart(sheet.newChart().setChartType(g.Charts.ChartType.LINE).addRange(sheet.getRange('A1:B3')).build());
    sheet.updateChart(sheet.getCharts()[0].modify().setOption('title', '新').build());
    expect(sheet.getCharts()).toHaveLength(1);
    expect(sheet.getCharts()[0].getOptions().get('title')).toBe('新');
  });

  test('the chart classes are in the scope table: the builder needs no scope, inserting and removing need the spreadsheet\'s', () => {
    expect(METHOD_SCOPES['Sheet.newChart']).toEqual([]);
    expect(METHOD_SCOPES['EmbeddedChartBuilder.setOption']).toEqual([]);
    expect(METHOD_SCOPES['EmbeddedChart.getRanges']).toEqual([]);
    for (const m of ['Sheet.insertChart', 'Sheet.getCharts', 'Sheet.removeChart', 'Sheet.hideColumns', 'Sheet.setRowHeights', 'Range.mergeAcross'])
      expect([m, METHOD_SCOPES[m]]).toEqual([m, [SCOPES.currentOnly, SCOPES.spreadsheets]]);
  });
});

describe('hidden columns, mergeAcross and RangeList formats', () => {
  test('hideColumns / showColumns / isColumnHiddenByUser, 1-based, inside the grid', () => {
    const { sheet } = sheetOf();
    sheet.hideColumns(8, 4);
    expect([7, 8, 11, 12].map((c) => sheet.isColumnHiddenByUser(c))).toEqual([false, true, true, false]);
    sheet.showColumns(1, 26);
    expect(sheet.isColumnHiddenByUser(8)).toBe(false);
    expect(() => sheet.hideColumns(26, 2)).toThrow();
  });

  test('mergeAcross merges each row of the range; breakApart undoes it', () => {
    const { sheet } = sheetOf();
    sheet.getRange('B2:D4').mergeAcross();
    expect(sheet.getRange('A1:E5').getMergedRanges().map((r) => r.getA1Notation())).toEqual(['B2:D2', 'B3:D3', 'B4:D4']);
    sheet.getRange('A1:E5').breakApart();
    expect(sheet.getRange('A1:E5').getMergedRanges()).toEqual([]);
  });

  test('RangeList sets wrap, alignment, size and borders on each of its ranges', () => {
    const { sheet } = sheetOf();
    const list = sheet.getRangeList(['A1', 'C3:D3']);
    list.setWrap(true).setHorizontalAlignment('center').setFontSize(14).setBorder(true, true, true, true, true, true);
    expect(sheet.getRange('D3').getWrap()).toBe(true);
    expect(sheet.getRange('A1').getHorizontalAlignment()).toBe('center');
    expect(sheet.getRange('B2').getWrap()).toBe(false);
  });
});
