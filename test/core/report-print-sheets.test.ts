/**
 * The report laid out as sheets for A4 printing (issue 14, item 3): the shape both the .xlsx and the Sheets 報告書
 * write. One block per active plan with a page break before it, every value of the model in its cell, widths
 * within the A4 budget, and breaks only between pieces (never inside a year table or between a table and its chart).
 */
import { calendarDate } from '../../src/core/calendar';
import { rollupWorkbook } from '../../src/core/jobs';
import {
  buildReport,
  COVER_SHEET,
  PLANS_SHEET,
  REPORT_PAGE,
  reportPrintSheets,
  type ReportModel,
  type ReportSheetOutput,
} from '../../src/core/report';
import { linesOf, PrintSheetBuilder, rowHeightFor } from '../../src/core/report/print-builder';
import { yearHead } from '../../src/core/report/print-sheets';
import type { Scalar } from '../../src/core/workbook';
import { demoBook } from '../support/plans';

const DATA_DATE = calendarDate(2021, 5, 31);

function demoModel(audience: 'internal' | 'public' = 'internal'): ReportModel {
  const { analysis, settings } = rollupWorkbook(demoBook());
  return buildReport(analysis, settings, { audience, dataDate: DATA_DATE });
}

const text = (v: Scalar | undefined) => (v === undefined ? '' : String(v));
const cell = (s: ReportSheetOutput, row: number, col: number) => text(s.values[row - 1]?.[col - 1]);
/** Rows (1-based) whose first cell is `value`, from `from` to before `to`. */
const rowsWith = (s: ReportSheetOutput, value: string, from = 1, to = s.values.length + 1) =>
  s.values.flatMap((r, i) => (i + 1 >= from && i + 1 < to && text(r[0]) === value ? [i + 1] : []));
const blockTitle = (p: ReportModel['plans'][number]) => `No.${p.no}　${p.actionPlan}`;

describe('report print sheets of the demo', () => {
  const model = demoModel();
  const sheets = reportPrintSheets(model);
  const cover = sheets.find((s) => s.name === COVER_SHEET)!;
  const plans = sheets.find((s) => s.name === PLANS_SHEET)!;
  const starts = model.plans.map((p) => rowsWith(plans, blockTitle(p)));
  const blockOf = (i: number) => ({ from: starts[i]![0]!, to: starts[i + 1]?.[0] ?? plans.values.length + 1 });
  const blockTexts = (i: number) => {
    const { from, to } = blockOf(i);
    return plans.values.slice(from - 1, to - 1).flat().map(text);
  };

  test('two sheets, A4 portrait fit to width, each as wide as A4 allows without shrinking', () => {
    expect(sheets.map((s) => s.name)).toEqual([COVER_SHEET, PLANS_SHEET]);
    for (const s of sheets) {
      expect(s.print).toMatchObject({ paper: 'A4', orientation: 'portrait', fitToWidth: true });
      const width = s.columnWidths!.reduce((a, b) => a + b, 0);
      expect(width).toBeLessThanOrEqual(REPORT_PAGE.widthUnits);
      expect(width).toBeLessThanOrEqual(100);
      expect(width).toBeGreaterThan(REPORT_PAGE.widthUnits - 6);
      expect(s.frozenRows).toBeUndefined();
      // The print area is every row and column written; every row has its height.
      expect(s.print.printArea).toEqual({ row: 1, col: 1, numRows: s.values.length, numCols: s.columnWidths!.length });
      for (const r of s.values) expect(r.length).toBeLessThanOrEqual(s.columnWidths!.length);
      expect(s.print.rowHeights!.map((h) => h.row)).toEqual(s.values.map((_, i) => i + 1));
      const breaks = s.print.rowBreaks;
      expect([...breaks].sort((a, b) => a - b)).toEqual(breaks);
      expect(new Set(breaks).size).toBe(breaks.length);
      for (const b of breaks) expect(b).toBeGreaterThan(1);
      for (const b of breaks) expect(b).toBeLessThanOrEqual(s.values.length);
    }
    // The running header repeats on every page of the plan sheet; the cover has none.
    expect(plans.print.repeatRows).toEqual({ first: 1, last: 1 });
    expect(cell(plans, 1, 1)).toBe(model.header);
    expect(cover.print.repeatRows).toBeUndefined();
  });

  test('one block per active plan, in order, each starting a page', () => {
    expect(model.plans).toHaveLength(15);
    for (const s of starts) expect(s).toHaveLength(1);
    const rows = starts.map((s) => s[0]!);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
    expect(rows[0]).toBe(2); // right under the repeated header: the sheet's first page
    for (const r of rows.slice(1)) expect(plans.print.rowBreaks).toContain(r);
    // The other plans' lines start a page of their own after the last block.
    const others = rowsWith(plans, '個別のページがないアクションプラン（削除・統合・省略など）');
    expect(others).toHaveLength(1);
    expect(others[0]!).toBeGreaterThan(rows.at(-1)!);
    expect(plans.print.rowBreaks).toContain(others[0]);
  });

  test('each block holds its plan\'s texts, indicators, comments and findings, as the model writes them', () => {
    model.plans.forEach((p, i) => {
      const texts = blockTexts(i);
      const all = texts.join('\n');
      for (const v of [p.policy, p.theme, p.actionPlan, p.ownerDepts, p.relatedDepts]) if (v) expect(texts).toContain(v);
      for (const label of ['基本方針', '取組', 'アクションプラン', '主管部門', '関係部門']) expect(texts).toContain(label);
      for (const [label, v] of [['概要', p.overview], ['目的', p.purpose], ['成果目標', p.outcome]] as const) {
        if (v) {
          expect(texts).toContain(label);
          expect(texts).toContain(v);
        } else expect(texts).not.toContain(label);
      }
      for (const ind of p.indicators) {
        const about = (x: { unit: string; department: string; methodText: string }) => `（単位: ${x.unit || '−'}　報告部門: ${x.department}　達成率: ${x.methodText}）`;
        if (!ind.versions.length) {
          expect(all).toContain(`評価指標: ${ind.name}${about(ind)}`);
          if (ind.description) expect(texts).toContain(ind.description);
        } else {
          expect(texts).toContain(`評価指標: ${ind.name}`);
          for (const v of ind.versions) expect(all).toContain(`【${v.period}】${v.name}${about(v)}${v.description ? `\n${v.description}` : ''}`);
        }
        for (const c of ind.changes) expect(texts).toContain(c);
        for (const y of ind.years) if (y.note) expect(texts).toContain(`※ ${y.label}: ${y.note}`);
      }
      for (const c of p.comments) {
        expect(texts).toContain(c.text);
        expect(texts).toContain(`${c.yearLabel}　${c.department}（${c.indicator}）`);
      }
      if (!p.comments.length) expect(texts).toContain('（コメントはありません）');
      for (const f of p.findings) expect(texts).toContain(`・${f}`);
    });
    // 庁内用: some plans carry findings (the demo has warnings).
    expect(model.plans.some((p) => p.findings.length)).toBe(true);
  });

  test('each indicator\'s table: a column per fiscal year (both eras), rows 予定/実績/達成率/評価 with the model\'s values', () => {
    let tables = 0;
    model.plans.forEach((p, i) => {
      const { from, to } = blockOf(i);
      const heads = rowsWith(plans, '年度', from, to);
      expect(heads).toHaveLength(p.indicators.length);
      p.indicators.forEach((ind, k) => {
        // A revised indicator (中間見直し) has a 指標 row first: the version each year's figures are.
        const revised = ind.versions.length ? 1 : 0;
        const h = heads[k]! + revised;
        if (revised) expect(cell(plans, h, 1)).toBe('指標');
        expect([1, 2, 3, 4].map((d) => cell(plans, h + d, 1))).toEqual(['予定', '実績', '達成率', '評価']);
        ind.years.forEach((y, j) => {
          const col = 2 + j;
          expect(cell(plans, heads[k]!, col)).toBe(yearHead(y.label));
          if (revised) expect(cell(plans, h, col)).toBe(y.version);
          expect(cell(plans, heads[k]!, col).replace('\n', '')).toBe(y.label);
          expect(cell(plans, h + 1, col)).toBe(y.target);
          expect(cell(plans, h + 2, col)).toBe(y.actual);
          expect(cell(plans, h + 3, col)).toBe(y.rate);
          expect(cell(plans, h + 4, col)).toBe(y.status ? `${y.grade}（${y.status}）` : y.grade);
        });
        // The 評価 cells are coloured by grade.
        expect(plans.gradeRanges).toContainEqual({ range: { row: h + 4, col: 2, numRows: 1, numCols: ind.years.length }, grades: model.summary.grades.map((g) => g.grade) });
        tables++;
      });
    });
    expect(tables).toBe(model.plans.reduce((n, p) => n + p.indicators.length, 0));
    // Both eras in the header: 令和2年度 over （2020年度）.
    expect(yearHead('令和2年度（2020年度）')).toBe('令和2年度\n（2020年度）');
  });

  test('a chart per indicator (per version of a revised one) under its table: the model\'s SVG and numbers, null gaps', () => {
    const all = model.plans.flatMap((p) => p.indicators.flatMap((i) => i.charts));
    expect(plans.charts).toHaveLength(all.length);
    expect(all.length).toBeGreaterThan(model.plans.flatMap((p) => p.indicators).length);
    expect(cover.charts).toEqual([]);
    model.plans.forEach((p, i) => {
      const { from, to } = blockOf(i);
      const heads = rowsWith(plans, '年度', from, to);
      const charts = plans.charts.filter((c) => c.row >= from && c.row < to);
      expect(charts).toHaveLength(p.indicators.reduce((n, ind) => n + ind.charts.length, 0));
      let at = 0;
      p.indicators.forEach((ind, k) => {
        for (const m of ind.charts) {
          const c = charts[at++]!;
          expect(c.svg).toBe(m.svg);
          expect(c.title).toBe(m.alt);
          expect(c.unit).toBe(m.unit);
          expect(c.categories).toHaveLength(ind.years.length);
          expect(c.categories[0]).toMatch(/^令和(元|\d+)年度$/);
          expect(c.series).toEqual([
            { name: '予定', values: m.targets },
            { name: '実績', values: m.actuals },
          ]);
          // Below the 評価 row (notes may come between), before the next table.
          expect(c.row).toBeGreaterThan(heads[k]! + 4);
          if (heads[k + 1]) expect(c.row).toBeLessThan(heads[k + 1]!);
          // Its row is as tall as the chart; the chart fits the columns up to what sits right of it in its row (a
          // revised indicator's next chart, the 達成見込み) or the sheet's end.
          const height = plans.print.rowHeights![c.row - 1]!.height;
          expect(height).toBeGreaterThanOrEqual(c.heightPx * 0.75);
          const values = plans.values[c.row - 1]!;
          const right = [...plans.charts.filter((o) => o.row === c.row && o.col > c.col).map((o) => o.col), ...values.flatMap((v, j) => (j + 1 > c.col && v !== '' ? [j + 1] : []))];
          const end = Math.min(plans.columnWidths!.length + 1, ...right);
          const px = plans.columnWidths!.slice(c.col - 1, end - 1).reduce((a, w) => a + w * 7 + 5, 0);
          expect(c.widthPx).toBeLessThanOrEqual(px);
        }
      });
    });
    // 実績 unmeasured in 令和3年度 is a gap, not zero; 令和4年度 on is 電子化率's, drawn in its own chart.
    const no1 = model.plans.find((p) => p.no === 1)!.indicators[0]!;
    expect(plans.charts.find((c) => c.svg === no1.charts[0]!.svg)!.series[1]!.values).toEqual([30.7, 32.8, null, null, null]);
    expect(plans.charts.find((c) => c.svg === no1.charts[1]!.svg)!.series[0]!.values).toEqual([null, null, null, 45, 100]);
  });

  test('期待値 and 期待値比 rows under 評価 only for an indicator with a 期待値; 達成見込み beside its chart (a revised one: under its charts)', () => {
    let withRows = 0;
    let without = 0;
    let beside = 0;
    model.plans.forEach((p, i) => {
      const { from, to } = blockOf(i);
      const heads = rowsWith(plans, '年度', from, to);
      p.indicators.forEach((ind, k) => {
        const own = { from: heads[k]!, to: heads[k + 1] ?? to };
        const evaluation = rowsWith(plans, '評価', own.from, own.to)[0]!;
        if (ind.expectedRows) {
          expect([cell(plans, evaluation + 1, 1), cell(plans, evaluation + 2, 1)]).toEqual(['期待値', '期待値比']);
          ind.years.forEach((y, j) => {
            expect(cell(plans, evaluation + 1, 2 + j)).toBe(y.expected);
            expect(cell(plans, evaluation + 2, 2 + j)).toBe(y.expectedRatio);
          });
          withRows++;
        } else {
          expect(rowsWith(plans, '期待値', own.from, own.to)).toEqual([]);
          expect(rowsWith(plans, '期待値比', own.from, own.to)).toEqual([]);
          without++;
        }
        const o = ind.outlook!;
        const texts = plans.values.slice(own.from - 1, own.to - 1).flat().map(text);
        const head = `${o.label}: ${o.class}`;
        const body = [o.basis, o.paceText].filter(Boolean).join('。');
        const chartRows = plans.charts.filter((c) => c.row > own.from && c.row < own.to).map((c) => c.row);
        if (ind.charts.length === 1) {
          // In the chart's row, right of it: the row is as tall as the text's lines.
          const r = chartRows[0]!;
          const col = plans.values[r - 1]!.findIndex((v) => v !== '') + 1;
          expect(cell(plans, r, col)).toBe(`${head}\n${body}`);
          const units = plans.columnWidths!.slice(col - 1).reduce((a, b) => a + b, 0);
          expect(units).toBeGreaterThanOrEqual(30);
          expect(plans.print.rowHeights![r - 1]!.height).toBeGreaterThanOrEqual(rowHeightFor(linesOf(`${head}\n${body}`, units)));
          beside++;
        } else {
          // A revised indicator: its charts side by side in one row, the 達成見込み in the rows under them.
          expect(new Set(chartRows).size).toBe(1);
          const r = chartRows[0]!;
          expect([cell(plans, r + 1, 1), cell(plans, r + 2, 1)]).toEqual([head, body]);
        }
        expect(texts.filter((t) => t.includes(o.label))).toHaveLength(1);
      });
    });
    expect(withRows).toBeGreaterThanOrEqual(5);
    expect(without).toBeGreaterThanOrEqual(5);
    expect(beside).toBeGreaterThan(10);
  });

  test('a revised indicator (中間見直し) names each year\'s version in a 指標 row, and its versions and change above the table', () => {
    const no1 = model.plans.findIndex((p) => p.no === 1);
    const { from, to } = blockOf(no1);
    const texts = plans.values.slice(from - 1, to - 1).map((r) => r.filter((v) => v !== '').map(String));
    const [head] = rowsWith(plans, '年度', from, to);
    expect(texts[head! - from + 1]).toEqual(['指標', '申込み', '申込み', '申込み', '電子化率', '電子化率']);
    expect(texts[head! - from + 2]).toEqual(['予定', '10%', '20%', '30%', '45%', '100%']);
    const above = texts.slice(0, head! - from).flat();
    expect(above).toContain('評価指標: 申込み → 電子化率');
    expect(above.some((t) => t.startsWith('【令和元年度～令和3年度】申込み（単位: %'))).toBe(true);
    expect(above.some((t) => t.startsWith('【令和4年度～令和5年度】電子化率（単位: %'))).toBe(true);
    expect(above.some((t) => t.startsWith('令和4年度に指標変更（申込み → 電子化率、改定根拠: '))).toBe(true);
    // A plan never revised has neither.
    const no5 = blockOf(model.plans.findIndex((p) => p.no === 5));
    const five = plans.values.slice(no5.from - 1, no5.to - 1).flat().map(String);
    expect(five.some((t) => t.includes('指標変更') || t.startsWith('【') || t === '指標')).toBe(false);
  });

  test('wrapped texts get the height of their lines', () => {
    for (const s of sheets) {
      for (const w of s.wrapped!) {
        const units = s.columnWidths!.slice(w.col - 1, w.col - 1 + w.numCols).reduce((a, b) => a + b, 0);
        const v = cell(s, w.row, w.col);
        const size = s.styles!.some((st) => st.style === 'title' && st.range.row === w.row && st.range.col === w.col) ? 'title' : 'body';
        const lines = linesOf(v, units, size);
        expect(lines).toBeGreaterThan(1);
        expect(s.print.rowHeights![w.row - 1]!.height).toBeGreaterThanOrEqual(rowHeightFor(lines, size));
      }
      // A long text spans the width (merged), and is wrapped.
      for (const m of s.merges!) expect(m.col + m.numCols - 1).toBeLessThanOrEqual(s.columnWidths!.length);
    }
    const no1 = model.plans.find((p) => p.no === 1)!;
    if (no1.overview) {
      const r = rowsWith(plans, '概要')[0]!;
      expect(plans.merges).toContainEqual({ row: r, col: 2, numRows: 1, numCols: plans.columnWidths!.length - 1 });
      expect(plans.wrapped!.some((w) => w.row === r)).toBe(true);
    }
  });

  test('the cover and summary: cover texts, every count table line, the grade scale and the rate method', () => {
    const texts = cover.values.flat().map(text);
    const c = model.cover;
    for (const v of [c.audienceLabel, c.planTitle, c.reportTitle, `評価対象年度　${c.fiscalYearLabel}`, `データの日付: ${c.dataDateLabel}`, c.coordinatorDept])
      expect(texts).toContain(v);
    expect(texts).toContain('評価結果の概要');
    for (const t of model.summary.counts) {
      expect(texts).toContain(t.title);
      const head = cover.values.findIndex((r, i) => text(r[0]) === t.keyHeader && text(cover.values[i - 1]?.[0]) === t.title) + 1;
      expect(head).toBeGreaterThan(0);
      expect(cover.values[head - 1]!.slice(0, t.columnLabels.length + 2)).toEqual([t.keyHeader, ...t.columnLabels, '合計']);
      t.lines.forEach((l, i) => expect(cover.values[head + i]!.slice(0, l.counts.length + 2)).toEqual([l.label, ...l.counts, l.total]));
    }
    expect(texts).toContain(`評価の区分（評価基準: ${model.summary.scaleName}）`);
    for (const g of model.summary.grades) {
      const r = rowsWith(cover, g.grade)[0]!;
      expect(cover.values[r - 1]!.filter((v) => v !== '')).toEqual([g.grade, g.label, g.range]);
    }
    for (const s of model.summary.rateMethod) expect(texts).toContain(s);
    for (const s of model.summary.ungradedReasons) expect(texts).toContain(`・${s}`);
    expect(texts.some((t) => t.startsWith('庁内確認用: 検証結果'))).toBe(true);
    // The summary starts a page after the cover.
    expect(cover.print.rowBreaks).toContain(rowsWith(cover, '評価結果の概要')[0]);
  });

  test('the other plans: a line each with its state and reason', () => {
    expect(model.otherPlans).toHaveLength(7);
    for (const x of model.otherPlans) {
      const r = rowsWith(plans, `No.${x.no}`);
      expect(r).toHaveLength(1);
      expect(plans.values[r[0]! - 1]!.filter((v) => v !== '')).toEqual([`No.${x.no}`, x.actionPlan, x.state, x.reason]);
    }
  });

  test('公表用 has no findings and no internal lines', () => {
    const pub = reportPrintSheets(demoModel('public'));
    const all = pub.flatMap((s) => s.values.flat().map(text)).join('\n');
    expect(all).not.toContain('庁内確認事項');
    expect(all).not.toContain('庁内確認用');
    expect(all).toContain('公表用');
    expect(all).not.toMatch(/@/);
  });

  test('comments: a heading each and the text in a bordered cell across the width, as tall as its lines', () => {
    const base = demoModel();
    const p = base.plans[0]!;
    const long = `${'入力の手順を見直し、申込みの案内を各窓口に掲示した。'.repeat(6)}\n次年度は対象の手続を増やす。`;
    const comments = [
      { department: '情報政策室', indicator: p.indicators[0]!.name, fiscalYear: 2020, yearLabel: '令和2年度（2020年度）', text: long },
      { department: '情報政策室', indicator: p.indicators[0]!.name, fiscalYear: 2019, yearLabel: '令和元年度（2019年度）', text: '短いコメント' },
    ];
    const s = reportPrintSheets({ ...base, plans: [{ ...p, comments }, ...base.plans.slice(1)] })[1]!;
    const end = rowsWith(s, blockTitle(base.plans[1]!))[0]!;
    expect(rowsWith(s, '（コメントはありません）', 2, end)).toEqual([]);
    for (const c of comments) {
      const head = rowsWith(s, `${c.yearLabel}　${c.department}（${c.indicator}）`, 2, end);
      expect(head).toHaveLength(1);
      const r = head[0]! + 1;
      expect(cell(s, r, 1)).toBe(c.text);
      expect(s.merges).toContainEqual({ row: r, col: 1, numRows: 1, numCols: s.columnWidths!.length });
      expect(s.bordered).toContainEqual({ row: r, col: 1, numRows: 1, numCols: s.columnWidths!.length });
    }
    const r = rowsWith(s, long, 2, end)[0]!;
    const units = s.columnWidths!.reduce((a, b) => a + b, 0);
    expect(linesOf(long, units)).toBeGreaterThanOrEqual(4);
    expect(s.print.rowHeights![r - 1]!.height).toBe(rowHeightFor(linesOf(long, units)));
    expect(s.wrapped).toContainEqual({ row: r, col: 1, numRows: 1, numCols: s.columnWidths!.length });
  });

  test('pages: a plan taller than a page breaks before an indicator, never inside a table or before its chart', () => {
    const base = demoModel();
    const p = base.plans[0]!;
    const many: ReportModel = { ...base, plans: [{ ...p, indicators: [...p.indicators, ...p.indicators, ...p.indicators, ...p.indicators] }, ...base.plans.slice(1)] };
    const s = reportPrintSheets(many)[1]!;
    const end = rowsWith(s, blockTitle(base.plans[1]!))[0]!;
    const inside = s.print.rowBreaks.filter((b) => b > 2 && b < end);
    expect(inside.length).toBeGreaterThanOrEqual(1);
    const heads = rowsWith(s, '年度', 2, end);
    const charts = s.charts.filter((c) => c.row < end).map((c) => c.row);
    expect(heads).toHaveLength(4 * p.indicators.length);
    heads.forEach((h, k) => {
      // Never between a table and its chart; a revised indicator's further charts (one per version) may start a
      // page, each with its title.
      const own = charts.filter((r) => r > h && r < (heads[k + 1] ?? end));
      for (const b of inside) expect(b <= h - 2 || b > own[0]!).toBe(true);
      for (const b of inside) if (b > own[0]! && b <= own[own.length - 1]!) expect(own).toContain(b + 1);
    });
    // Each page's rows fit the page body (the break comes before what would not fit).
    const heights = s.print.rowHeights!.map((h) => h.height);
    const bounds = [2, ...inside, end];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const h = heights.slice(bounds[i]! - 1, bounds[i + 1]! - 1).reduce((a, b) => a + b, 0);
      expect(h).toBeLessThanOrEqual(REPORT_PAGE.bodyPt - heights[0]!);
    }
  });
});

describe('print pages of a piece taller than a page', () => {
  test('it is broken between its rows where the page is full, so the printed pages are the ones the layout counts', () => {
    const b = new PrintSheetBuilder('報告書', [20, 20]);
    b.text('見出し');
    b.repeatRowsSoFar();
    b.piece(true);
    for (let i = 0; i < 120; i++) b.row([{ value: `行${i + 1}` }], 20 + (i % 3));
    b.piece();
    b.text('次の部分');
    const out = b.build();
    const heights = out.print.rowHeights!.map((h) => h.height);
    const budget = REPORT_PAGE.bodyPt - heights[0]!;
    const bounds = [2, ...out.print.rowBreaks, heights.length + 1];
    expect(out.print.rowBreaks.length).toBeGreaterThanOrEqual(Math.ceil(heights.slice(1).reduce((a, h) => a + h, 0) / budget) - 1);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const page = heights.slice(bounds[i]! - 1, bounds[i + 1]! - 1).reduce((a, h) => a + h, 0);
      expect(page).toBeLessThanOrEqual(budget);
      // Full pages: the next row would not have fitted.
      if (i + 2 < bounds.length) expect(page + heights[bounds[i + 1]! - 1]!).toBeGreaterThan(budget);
    }
  });
});
