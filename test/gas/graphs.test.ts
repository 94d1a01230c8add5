/**
 * The グラフ sheet in (fake) Google Sheets through the built bundle, scope gate on: 集計 writes it after 検証結果 with a
 * native stacked bar chart over each table (the range is the table's header and bars, the grade colours per series);
 * a second 集計 replaces the charts instead of adding to them; a person's own グラフ sheet is left as it was.
 */
import { analyzePlan } from '../../src/core/jobs';
import { countRows } from '../../src/core/counts';
import { gradeGraphs, outlookGraph } from '../../src/core/graphs/grade-graphs';
import { planOutlook } from '../../src/core/outlook';
import { graphSheet } from '../../src/core/graphs/graph-sheet';
import { trajectories } from '../../src/core/graphs/trajectories';
import { a1 } from '../../src/core/workbook';
import { writeSparklines } from '../../src/gas/sheet-graphs';
import { demoBook } from '../support/plans';
import type { FakeEnvironment } from './fakes';
import { addon, buildProject, sheetValues, type Built } from './bundle-harness';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

function charts(env: FakeEnvironment) {
  return env.spreadsheet.getSheetByName('グラフ')!.getCharts().map((c) => {
    const o = c.getOptions();
    return {
      type: (c as unknown as { modify(): { getChartType(): string } }).modify().getChartType(),
      ranges: c.getRanges().map((r) => r.getA1Notation()),
      at: a1(c.getContainerInfo().getAnchorRow(), c.getContainerInfo().getAnchorColumn()),
      headers: c.getNumHeaders(),
      title: o.get('title'),
      stacked: o.get('isStacked'),
      colors: o.get('colors'),
    };
  });
}

test('集計 draws a stacked bar chart over each of グラフ’s tables; again, the charts are replaced', () => {
  const a = addon(built);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  a.call('menuRollup');
  const names = a.env.spreadsheet.getSheets().map((s) => s.getName());
  expect(names.indexOf('グラフ')).toBe(names.indexOf('検証結果') + 1);

  // What the core lays out for the demo, as the bundle should have drawn it.
  const analysis = analyzePlan(demoBook(), 'test');
  const s = analysis.settings!;
  const years = [2019, 2020, 2021, 2022, 2023];
  const expected = graphSheet(s.title, [
    ...gradeGraphs(countRows(analysis.rows, s.scale, s.evaluationYear), s.scale.map((b) => b.grade), s.evaluationYear),
    outlookGraph(planOutlook(analysis).indicators, s.evaluationYear),
  ], { rows: trajectories(analysis, years), years });
  const got = sheetValues(a.env, 'グラフ').map((r) => r.map(String));
  // The data range ends at the last row with a value; the layout's last rows are room for the chart.
  const rows = expected.output.values.map((r) => Array.from({ length: got[0].length }, (_, i) => String(r[i] ?? '')));
  while (rows.length && rows.at(-1)!.every((v) => v === '')) rows.pop();
  expect(got).toEqual(rows);
  const drawn = charts(a.env);
  expect(drawn).toEqual(expected.graphs.map((g) => ({
    type: 'BAR',
    ranges: [`${a1(g.data.row, g.data.col)}:${a1(g.data.row + g.data.numRows - 1, g.data.col + g.data.numCols - 1)}`],
    at: a1(g.row, g.col),
    headers: 1,
    title: g.title,
    stacked: true,
    colors: g.graph.series.map((x) => x.color),
  })));
  expect(drawn).toHaveLength(3);

  // The sparklines: each trajectory row's two cells hold the formulas the core wrote, in one setFormulas.
  const sheet = a.env.spreadsheet.getSheetByName('グラフ')!;
  const sparklines = expected.output.sparklines!;
  expect(sparklines.length).toBeGreaterThan(20);
  for (const x of sparklines) expect([x.row, x.col, sheet.getRange(x.row, x.col).getFormula()]).toEqual([x.row, x.col, x.formula]);
  expect(a.env.callCounts()['Range.setFormulas']).toBe(1);

  a.call('menuRollup');
  expect(charts(a.env)).toEqual(drawn);
});

test('a person’s own グラフ sheet is left as it was, with a warning in 検証結果', () => {
  const a = addon(built);
  a.env.setAuthMode('FULL');
  a.call('menuInitDemo');
  const own = a.env.spreadsheet.insertSheet('グラフ');
  own.getRange(1, 1, 2, 1).setValues([['私のグラフ'], ['手で作った表']]);
  a.call('menuRollup');
  expect(sheetValues(a.env, 'グラフ')).toEqual([['私のグラフ'], ['手で作った表']]);
  expect(own.getCharts()).toHaveLength(0);
  expect(sheetValues(a.env, '検証結果').flat().some((v) => String(v).includes('「グラフ」シートは進捗が作ったシートではないため'))).toBe(true);
});

test('sparklines go in one setFormulas over their box, and a box holding a value stops before writing', () => {
  const a = addon(built);
  const sheet = a.env.spreadsheet.insertSheet('試し') as unknown as GoogleAppsScript.Spreadsheet.Sheet;
  const cells = [{ row: 2, col: 4, formula: '=SPARKLINE(F2:J2)' }, { row: 3, col: 5, formula: '=SPARKLINE(K3:O3)' }];
  a.env.withGlobals(() => writeSparklines(sheet, cells, [[], [], []]));
  expect(sheet.getRange('D2:E3').getFormulas()).toEqual([['=SPARKLINE(F2:J2)', ''], ['', '=SPARKLINE(K3:O3)']]);
  sheet.getRange('D3').setValue('人の値');
  expect(() => a.env.withGlobals(() => writeSparklines(sheet, cells, [[], [], ['', '', '', '人の値']]))).toThrow('「試し」のスパークラインの範囲（D2:E3）に値のあるセル D3 があります');
  expect(sheet.getRange('D3').getValue()).toBe('人の値');
});
