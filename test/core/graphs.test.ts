/**
 * The グラフ sheet in the core (issue 17 item 4), on the demo: the graphs hold 達成状況's counts (a bar's segments add
 * up to the indicators counted that year or 基本方針; 評価なし is what has no grade); the sheet's tables are those
 * numbers and each chart's data range points at its own table; the SVG draws one segment per non-zero count with the
 * grade colours, and the same graph gives the same bytes.
 */
import { analyzePlan, rollupWorkbook } from '../../src/core/jobs';
import { countRows } from '../../src/core/counts';
import { gradeGraphs, outlookGraph, UNGRADED_SERIES } from '../../src/core/graphs/grade-graphs';
import { planOutlook } from '../../src/core/outlook';
import { graphSheet } from '../../src/core/graphs/graph-sheet';
import { stackedBarSvg } from '../../src/core/graphs/bar-chart';
import { gradeColor } from '../../src/core/grades';
import { valueAxis } from '../../src/core/svg';
import { demoBook, otherCityBook } from '../support/plans';
import { trajectories } from '../../src/core/graphs/trajectories';
import { parseA1 } from '../../src/core/workbook';

function demoGraphs() {
  const analysis = analyzePlan(demoBook(), 'test');
  const settings = analysis.settings!;
  const counts = countRows(analysis.rows, settings.scale, settings.evaluationYear);
  const grades = settings.scale.map((b) => b.grade);
  return { analysis, counts, grades, graphs: gradeGraphs(counts, grades, 2020) };
}

test('the graphs are 達成状況’s counts: per year and per 基本方針, a segment per grade and one 評価なし', () => {
  const { analysis, counts, grades, graphs } = demoGraphs();
  const [byYear, byPolicy] = graphs;
  // The years up to the 評価年度 (2020): the later ones have nothing graded yet.
  expect(byYear.categories).toEqual(['2019年度', '2020年度']);
  expect(counts.byYear.map((l) => l.key)).toEqual(['2019年度', '2020年度', '2021年度', '2022年度', '2023年度']);
  expect(byYear.series.map((s) => s.name)).toEqual([...grades, UNGRADED_SERIES]);
  expect(byYear.series.map((s) => s.color)).toEqual([...grades.map((_, i) => `#${gradeColor(i, grades.length)}`), '#BFBFBF']);
  byYear.categories.forEach((label, i) => {
    const fy = Number(label.replace('年度', ''));
    const rows = analysis.rows.filter((r) => r.fiscalYear === fy);
    expect(byYear.series.reduce((sum, s) => sum + s.values[i], 0)).toBe(rows.length);
    for (const [k, g] of grades.entries()) expect(byYear.series[k].values[i]).toBe(rows.filter((r) => r.status === '評価済' && r.grade === g).length);
    expect(byYear.series.at(-1)!.values[i]).toBe(rows.filter((r) => r.status !== '評価済').length);
  });
  const current = analysis.rows.filter((r) => r.fiscalYear === 2020);
  expect(byPolicy.title).toBe('基本方針別の評価（2020年度）');
  expect(byPolicy.categories).toEqual([...new Set(current.map((r) => r.policy))]);
  expect(byPolicy.series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0)).toBe(current.length);
  // The demo grades something in 2020, and leaves something ungraded.
  expect(byYear.series.slice(0, -1).some((s) => s.values.some((v) => v > 0))).toBe(true);
  expect(byYear.series.at(-1)!.values.some((v) => v > 0)).toBe(true);
});

test('the sheet: a table per graph, each chart reading exactly its table, placed right of it and clear of the next', () => {
  const { graphs } = demoGraphs();
  const sheet = graphSheet('吹田市第4期 情報化推進計画', graphs);
  expect(sheet.output.name).toBe('グラフ');
  // Not a snapshot: the coordinators rewrite it with every 集計 (the job gives its editors).
  expect(sheet.output.readOnly).toBeUndefined();
  const v = sheet.output.values;
  expect(sheet.graphs).toHaveLength(2);
  for (const p of sheet.graphs) {
    const { row, col, numRows, numCols } = p.data;
    expect(v[row - 2][0]).toBe(p.graph.title);
    expect(v[row - 1].slice(col - 1, col - 1 + numCols)).toEqual([p.graph.categoryLabel, ...p.graph.series.map((s) => s.name)]);
    expect(v[row - 1][numCols]).toBe('計');
    p.graph.categories.forEach((c, i) => {
      const line = v[row + i];
      expect(line[0]).toBe(c);
      expect(line.slice(1, numCols)).toEqual(p.graph.series.map((s) => s.values[i]));
      expect(line[numCols]).toBe(p.graph.series.reduce((sum, s) => sum + s.values[i], 0));
    });
    expect(numRows).toBe(p.graph.categories.length + 1);
    // Right of the table (and its 計 column), with one column between.
    expect(p.col).toBe(numCols + 3);
  }
  // The second table starts below the first chart.
  const [a, b] = sheet.graphs;
  expect((b.row - a.row) * 21).toBeGreaterThanOrEqual(a.heightPx);
});

test('the SVG: a segment per non-zero count in its grade’s colour, labels and legend; deterministic', () => {
  const { graphs } = demoGraphs();
  const g = graphs[0];
  const svg = stackedBarSvg(g);
  expect(stackedBarSvg(g)).toBe(svg);
  const segments = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="16" fill="(#[0-9A-Fa-f]{6})"/g)].map((m) => [m[2], Number(m[1])]);
  // Bar by bar, grade by grade, a segment per non-zero count, its width proportional to the count on the axis.
  const totals = g.categories.map((_, i) => g.series.reduce((sum, x) => sum + x.values[i], 0));
  const { max } = valueAxis(totals);
  const plotWidth = 560 - 150 - 20;
  const expected = g.categories.flatMap((_, i) => g.series.filter((x) => x.values[i] > 0).map((x) => [x.color, Math.round((plotWidth * x.values[i] * 100) / max) / 100]));
  expect(segments.map(([c, w]) => [c, Math.round(Number(w) * 10)])).toEqual(expected.map(([c, w]) => [c, Math.round(Number(w) * 10)]));
  for (const c of g.categories) expect(svg).toContain(`>${c}</text>`);
  for (const x of g.series) expect(svg).toContain(`>${x.name}</text>`);
  expect(svg).not.toMatch(/NaN|Infinity/);
  // A long 基本方針 is cut with an ellipsis to fit the margin.
  const long = { ...graphs[1], categories: ['とても長い基本方針の名前がここに入ります'] , series: graphs[1].series.map((s) => ({ ...s, values: [1] })) };
  expect(stackedBarSvg(long)).toContain('>とても長い基本方針の名…</text>');
});

test('集計 writes グラフ after 検証結果, rewrites its own, and leaves a person’s own グラフ sheet with a warning', () => {
  const book = demoBook();
  rollupWorkbook(book);
  const names = book.sheetNames();
  expect(names.indexOf('グラフ')).toBe(names.indexOf('検証結果') + 1);
  const out = book.outputs.get('グラフ')!;
  expect(out.graphs!.map((g) => [g.kind, g.title])).toEqual([['stackedBar', '評価の推移（年度別）'], ['stackedBar', '基本方針別の評価（2020年度）'], ['stackedBar', '達成見込み（基本方針別、2020年度まで）']]);
  const first = book.readSheet('グラフ')!.values;
  rollupWorkbook(book);
  expect(book.readSheet('グラフ')!.values).toEqual(first);

  const mine = demoBook();
  mine.writeSheets([{ name: 'グラフ', values: [['私のグラフ'], ['手で作った表']] }]);
  const r = rollupWorkbook(mine);
  expect(mine.readSheet('グラフ')!.values).toEqual([['私のグラフ'], ['手で作った表']]);
  expect(r.analysis.findings.filter((f) => f.code === 'graph-sheet-taken')).toEqual([expect.objectContaining({ severity: 'warning', sheet: 'グラフ', message: expect.stringContaining('書き換えませんでした') })]);
  expect(mine.readSheet('検証結果')!.values.flat()).toContain(r.analysis.findings.find((f) => f.code === 'graph-sheet-taken')!.message);
});

test('達成見込み by 基本方針: the counts of 達成状況’s 「基本方針別の達成見込みの件数」, one segment per class', () => {
  const book = demoBook();
  const { analysis } = rollupWorkbook(book);
  const records = planOutlook(analysis, { cut: analysis.outlookRule?.cut }).indicators;
  const g = outlookGraph(records, 2020);
  expect(g.series.map((s) => s.name)).toEqual(['ほぼ達成できる', 'もう少しの努力で達成できる', '一層の努力が必要', '見込み算出不可']);
  // Each bar adds up to the 基本方針's indicators, and the whole to every indicator with an outlook.
  g.categories.forEach((policy, i) => expect(g.series.reduce((sum, s) => sum + s.values[i], 0)).toBe(records.filter((r) => r.policy === policy).length));
  // The same numbers as the table 達成状況 writes.
  const summary = book.readSheet('達成状況')!.values;
  const top = summary.findIndex((r) => String(r[0]).startsWith('基本方針別の達成見込みの件数'));
  g.categories.forEach((policy, i) => {
    const line = summary.slice(top + 2).find((r) => r[0] === policy)!;
    expect(line.slice(1, 5)).toEqual(g.series.map((s) => s.values[i]));
  });
});

test('the SVG legend wraps instead of running past the chart: 達成見込み’s long class names, all inside 560px', () => {
  const book = demoBook();
  const { analysis } = rollupWorkbook(book);
  const g = outlookGraph(planOutlook(analysis, { cut: analysis.outlookRule?.cut }).indicators, 2020);
  const svg = stackedBarSvg(g);
  const legend = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*font-size="10">([^<]+)<\/text>/g)].filter((m) => g.series.some((s) => s.name === m[3]));
  expect(legend.map((m) => m[3])).toEqual(g.series.map((s) => s.name));
  // About 10px per full-width character at 10px: every name ends inside the chart, on two lines here.
  for (const m of legend) expect(Number(m[1]) + [...m[3]].length * 10).toBeLessThanOrEqual(560);
  expect(new Set(legend.map((m) => m[2])).size).toBe(2);
  // The bars move down by the extra line, and the height says so (the グラフ sheet leaves room by it).
  const oneLine = { ...g, series: g.series.map((s, i) => ({ ...s, name: `S${i}` })) };
  const height = (x: string) => Number(/<svg [^>]*height="(\d+)"/.exec(x)![1]);
  expect(height(svg) - height(stackedBarSvg(oneLine))).toBe(14);
  const firstBar = (x: string) => Math.min(...[...x.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="16"/g)].map((m) => Number(m[1])));
  expect(firstBar(svg) - firstBar(stackedBarSvg(oneLine))).toBe(14);
});

test('指標別の推移: each indicator’s 予定 and 実績 by year, 「少ないほど良い」 for 減少, sparklines over exactly its row’s cells', () => {
  for (const book of [demoBook(), otherCityBook()]) {
    const { analysis, settings } = rollupWorkbook(book);
    const years = Array.from({ length: settings.lastYear - settings.firstYear + 1 }, (_, i) => settings.firstYear + i);
    const out = book.outputs.get('グラフ')!;
    const v = out.values;
    const header = v.findIndex((r) => r[0] === '指標' && r[3] === '予定の推移');
    expect(header).toBeGreaterThan(0);
    const rows = trajectories(analysis, years);
    expect(rows.length).toBe(new Set(analysis.rows.map((r) => `${r.no}|${r.indicator}`)).size);
    rows.forEach((t, i) => {
      const line = v[header + 1 + i];
      expect(line.slice(0, 3)).toEqual([`No.${t.no} ${t.indicator}`, t.unit, analysis.indicators.find((x) => x.no === t.no && x.name === t.indicator)!.direction === '減少' ? '少ないほど良い' : '']);
      // The row's year cells: the 予定 and 実績 of 達成状況's rows, empty where a year has none.
      for (const [k, fy] of years.entries()) {
        const r = analysis.rows.find((x) => x.no === t.no && x.indicator === t.indicator && x.fiscalYear === fy);
        expect([fy, line[5 + k] ?? '']).toEqual([fy, r?.target ?? '']);
        expect([fy, line[5 + years.length + k] ?? '']).toEqual([fy, r?.actual ?? '']);
      }
    });
    // Each sparkline reads its own row's year cells of its kind, on a scale holding every number of the row.
    for (const s of out.sparklines!) {
      const m = /^=SPARKLINE\(([A-Z]+)(\d+):([A-Z]+)(\d+),\{"charttype","(line|column)";"ymin",(-?[\d.e+-]+);"ymax",(-?[\d.e+-]+);"color","#[0-9A-Fa-f]{6}"\}\)$/.exec(s.formula)!;
      expect(m).not.toBeNull();
      expect([Number(m[2]), Number(m[4])]).toEqual([s.row, s.row]);
      const from = parseA1(`${m[1]}${m[2]}`)!.col;
      const to = parseA1(`${m[3]}${m[4]}`)!.col;
      expect(to - from + 1).toBe(years.length);
      expect([s.col, m[5], from]).toEqual(s.col === 4 ? [4, 'line', 6] : [5, 'column', 6 + years.length]);
      const cells = v[s.row - 1].slice(from - 1, to).filter((x): x is number => typeof x === 'number');
      expect(cells.length).toBeGreaterThan(0);
      expect(Number(m[6])).toBeLessThanOrEqual(Math.min(0, ...cells));
      expect(Number(m[7])).toBeGreaterThanOrEqual(Math.max(...cells));
      expect(v[s.row - 1][s.col - 1] ?? '').toBe('');
    }
  }
  // The other plan has 減少 indicators, marked.
  const { analysis } = rollupWorkbook(otherCityBook());
  expect(analysis.indicators.some((i) => i.direction === '減少')).toBe(true);
});
