import { calendarDate } from '../../src/core/calendar';
import {
  achievementGradeFormula as GRADE,
  achievementRateFormula as RATE,
  fiscalYearFormula as FY,
  jpNumberFormula as NUM,
  readScale,
} from '../../src/core/formulas';
import { SCALE_PRESETS } from '../../src/core/grades';

/** Asserts a 2-D result numerically (blanks and strings exactly). */
function expectGrid(actual: unknown, expected: (number | string)[][]): void {
  expect(Array.isArray(actual)).toBe(true);
  const g = actual as unknown[][];
  expect(g.map((r) => r.length)).toEqual(expected.map((r) => r.length));
  expected.forEach((row, r) =>
    row.forEach((e, c) => {
      if (typeof e === 'number') expect(g[r]![c]).toBeCloseTo(e, 12);
      else expect(g[r]![c]).toBe(e);
    }),
  );
}

describe('ACHIEVEMENT_RATE, scalar calls', () => {
  test.each<[string, unknown[], number]>([
    ['No.1 FY2019 as typed numbers', [30.7, 10], 3.07],
    ['No.20 FY2019', [115, 200], 0.575],
    ['percent cells arrive as ratios', [0.307, 0.1], 3.07],
    ['percent text is read as its ratio', ['30.7%', '10%'], 3.07],
    ['percent text against a percent cell', ['30.7%', 0.1], 3.07],
    ['percent cell against percent text', [0.307, '10%'], 3.07],
    ['full-width percent text', ['３０．７％', '１０％'], 3.07],
    ['negative with ▲', ['▲16.7%', '10%'], -1.67],
    ['thousands separators and units', ['1,730件', '650件'], 1730 / 650],
    ['a unit on one side only', ['1,730件', 650], 1730 / 650],
    ['a labelled single value', ['申込み 30.7%', '10%'], 3.07],
    ['万 multipliers', ['3万5千件', '5万件'], 0.7],
    ['a parenthesised note after the value', ['100%（全校）', '100%'], 1],
  ])('%s', (_, args, expected) => {
    const r = RATE(...(args as [unknown, unknown]));
    expect(typeof r).toBe('number');
    expect(r as number).toBeCloseTo(expected, 12);
  });

  test.each<[string, unknown[], number]>([
    ['増加 with a baseline uses 基準比', [105, 110, 100], 0.5],
    ['増加 with a baseline below: negative progress', [95, 110, 100, '増加'], -0.5],
    ['減少 with a baseline', [80, 60, 100, '減少'], 0.5],
    ['減少 without a baseline: 目標 ÷ 実績', [80, 60, '', '減少'], 0.75],
    ['維持 met', [100, 100, '', '維持'], 1],
    ['維持 not met', [99, 100, '', '維持'], 0],
    ['blank direction is 増加', [30.7, 10, '', ''], 3.07],
    ['full-width direction text', [80, 60, 100, '減少 '], 0.5],
  ])('%s', (_, args, expected) => {
    const r = RATE(...(args as [unknown, unknown, unknown, unknown]));
    expect(r as number).toBeCloseTo(expected, 12);
  });

  test('0.307 and "30.7%" give the same rate against 0.1 and "10%"', () => {
    const rates = [RATE(0.307, 0.1), RATE('30.7%', '10%'), RATE(0.307, '10%'), RATE('30.7%', 0.1)];
    expect(new Set(rates).size).toBe(1);
  });

  test.each<[string, unknown[]]>([
    ['blank actual', ['', 10]],
    ['whitespace actual', ['  ', 10]],
    ['omitted actual', [undefined, 10]],
    ['blank target', [5, '']],
    ['未測定', ['未測定', 10]],
    ['(本年度未測定)', ['(本年度未測定)', 10]],
    ['集計中', ['集計中', '10%']],
    ['- (対象外)', ['-', 10]],
    ['－ full-width dash', ['－', 10]],
    ['中止', ['中止', 10]],
    ['a status target', [5, '未測定']],
  ])('%s gives a blank cell', (_, args) => {
    expect(RATE(...(args as [unknown, unknown]))).toBe('');
  });

  test.each<[string, unknown[], RegExp]>([
    ['bad grouping', ['1,73', 10], /^実績: 「1,73」の桁区切りが3桁ごとになっていません$/],
    ['bad target', [5, '約?'], /^目標: /],
    ['a grade symbol', ['○', 10], /評価記号/],
    ['unit mismatch', ['5件', '10人'], /^単位が一致しません（実績「件」、目標「人」）/],
    ['% vs ポイント', ['5%', '10ポイント'], /単位が一致しません/],
    ['baseline unit mismatch', ['5件', '10件', '3人'], /基準値「人」/],
    ['two values in one cell', ['課税証明 1,730件 住民票等 36,104件', 100], /^実績: .*値が2つあります/],
    ['zero target', [5, 0], /目標が0のため達成率を計算できません/],
    ['negative target', [5, -1], /目標が負の値/],
    ['unknown direction', [5, 10, '', '上昇'], /^方向: 「上昇」は方向として読めません/],
    ['boolean', [true, 10], /^実績: TRUE\/FALSE/],
    ['a date', [calendarDate(2020, 1, 1), 10], /^実績: 日付/],
    ['date text', ['2020/1/1', 10], /日付/],
    ['増加 target below baseline', [5, 90, 100], /目標が基準値より小さい/],
  ])('%s throws a Japanese message', (_, args, message) => {
    expect(() => RATE(...(args as [unknown, unknown, unknown, unknown]))).toThrow(message);
  });
});

describe('ACHIEVEMENT_RATE, ranges', () => {
  test('a column in, the same column out', () => {
    expectGrid(RATE([[30.7], [115]], [[10], [200]]), [[3.07], [0.575]]);
  });

  test('a 2×2 block keeps its shape', () => {
    expectGrid(RATE([[1, 2], [3, 4]], [[2, 2], [2, 2]]), [[0.5, 1], [1.5, 2]]);
  });

  test('a single target broadcasts over a range of actuals', () => {
    expectGrid(RATE([[5], [10], [15]], 10), [[0.5], [1], [1.5]]);
  });

  test('a 1×1 range broadcasts like a value', () => {
    expectGrid(RATE([[5], [10]], [[10]]), [[0.5], [1]]);
  });

  test('a single actual against a range of targets', () => {
    expectGrid(RATE(10, [[5], [20]]), [[2], [0.5]]);
  });

  test('blanks and statuses in a range give blank cells, other cells their rates', () => {
    expectGrid(RATE([[''], ['未測定'], ['-'], ['▲16.7%'], ['30.7%']], [['10%'], ['10%'], ['10%'], ['10%'], [0.1]]), [
      [''], [''], [''], [-1.67], [3.07],
    ]);
  });

  test('direction and baseline ranges go cell by cell', () => {
    expectGrid(RATE([[80], [80], [105]], [[60], [60], [110]], [[100], [''], [100]], [['減少'], ['減少'], ['']]), [[0.5], [0.75], [0.5]]);
  });

  test('a scalar direction broadcasts', () => {
    expectGrid(RATE([[80], [70]], [[60], [60]], 100, '減少'), [[0.5], [0.75]]);
  });

  test.each<[string, unknown[], RegExp]>([
    ['bad cell names its row', [[[1], [2], ['1,73']], 10], /^実績（範囲の3行目）: 「1,73」の桁区切りが3桁ごとになっていません$/],
    ['bad cell in a block names row and column', [[[1, 2], [3, '○']], 10], /^実績（範囲の2行目・2列目）: /],
    ['no rate in a range names the row', [[[1], [2]], [[10], [0]]], /^範囲の2行目: 目標が0のため/],
    ['unit mismatch in a range names the row', [[['1件'], ['2件']], [['5件'], ['5人']]], /^範囲の2行目: 単位が一致しません/],
    ['shape mismatch', [[[1], [2], [3]], [[1], [2]]], /^実績と目標の範囲の大きさが違います（実績 3行×1列、目標 2行×1列）/],
    ['shape mismatch, columns', [[[1, 2]], [[1], [2]]], /大きさが違います/],
    ['direction shape mismatch', [[[1], [2]], 10, '', [['減少'], ['減少'], ['減少']]], /^実績と方向の範囲の大きさが違います/],
  ])('%s', (_, args, message) => {
    expect(() => RATE(...(args as [unknown, unknown, unknown, unknown]))).toThrow(message);
  });
});

describe('ACHIEVEMENT_GRADE', () => {
  test.each<[unknown, unknown, string]>([
    [3.07, undefined, 'A'],
    [1, '', 'A'],
    [0.8, undefined, 'B'],
    [0.575, undefined, 'C'],
    ['57.5%', undefined, 'C'],
    ['57.5％', undefined, 'C'],
    [0.4999, undefined, 'D'],
    [-1.67, undefined, 'D'],
    ['▲16.7%', undefined, 'D'],
    [1.05, '110%型', 'B'],
    [1.1, '110%型', 'A'],
    [1.1, '110％型', 'A'],
    [0.8, '90/75型', 'B'],
    [0.7, '90/75型', 'C'],
    [0.85, '茨城型', 'B+'],
    [0.49, '茨城型', 'C'],
    [0.9, '愛知型', 'B'],
  ])('%p on %p → %s', (rate, scale, grade) => {
    expect(GRADE(rate, scale)).toBe(grade);
  });

  test.each(['', undefined, '未測定', '-'])('%p gives a blank cell', (rate) => {
    expect(GRADE(rate)).toBe('');
  });

  test('a range of rates gives a range of grades', () => {
    expect(GRADE([[3.07], [0.575], [''], ['未測定'], [0.85]])).toEqual([['A'], ['C'], [''], [''], ['B']]);
  });

  test('a custom scale range of [grade, lower bound %] rows', () => {
    const scale = [['S', 120], ['A', 100], ['B', '60%'], ['C', '']];
    expect(GRADE([[1.3], [1.0], [0.6], [0.59]], scale)).toEqual([['S'], ['A'], ['B'], ['C']]);
  });

  test('the 設定 grade table (評価 | 名称 | 下限(%)) with its header and blank rows below', () => {
    const table = [['評価', '名称', '達成率の下限(%)'], ['A', '達成', 100], ['B', '概ね達成', 80], ['C', '未達成', 50], ['D', '大幅未達', ''], ['', '', '']];
    expect(readScale(table)).toEqual(SCALE_PRESETS['愛知型']);
  });

  test.each<[string, unknown, unknown, RegExp]>([
    ['unknown preset', 0.5, '東京型', /^評価基準「東京型」はプリセットにありません（愛知型・110%型・茨城型・90\/75型）/],
    ['a scale whose last bound is not blank', 0.5, [['A', 100], ['B', 50]], /^評価表: 最後の評価「B」は下限を空にしてください/],
    ['bounds not decreasing', 0.5, [['A', 50], ['B', 80], ['C', '']], /^評価表: 評価「B」の下限は「A」の下限より小さくしてください/],
    ['an unreadable bound', 0.5, [['A', '百'], ['B', '']], /^評価表: 評価「A」の下限「百」を数値（%）として読めません/],
    ['percent-formatted bounds (1 = 100%)', 0.5, [['A', 1], ['B', 0.8], ['C', '']], /^評価表: 下限が割合/],
    ['a one-column range', 0.5, [['A'], ['B']], /2列/],
    ['a rate with a count unit', '5件', undefined, /^達成率は割合.*「件」は使えません/],
    ['a bad rate in a range', [[0.5], ['1,73']], undefined, /^範囲の2行目: 「1,73」の桁区切り/],
  ])('%s', (_, rate, scale, message) => {
    expect(() => GRADE(rate, scale)).toThrow(message);
  });
});

describe('JP_NUMBER', () => {
  test.each<[unknown, number | string]>([
    ['30.7%', 30.7],
    ['▲16.7%', -16.7],
    ['△5.2ポイント', -5.2],
    ['1,730件', 1730],
    ['１，７３０件', 1730],
    ['3万5千件', 35000],
    ['約1.5万人', 15000],
    ['申込み 30.7%', 30.7],
    [0.307, 0.307],
    [1730, 1730],
    ['', ''],
    [undefined, ''],
    ['未測定', ''],
    ['(本年度末測定)', ''],
    ['-', ''],
    ['中止', ''],
    ['完了', ''],
  ])('%p → %p', (input, expected) => {
    expect(NUM(input)).toBe(expected);
  });

  test('a range keeps its shape', () => {
    expect(NUM([['1,730件', '▲16.7%'], ['', '未測定']])).toEqual([[1730, -16.7], ['', '']]);
  });

  test.each<[unknown, RegExp]>([
    ['課税証明 1,730件 住民票等 36,104件', /値が2つあります。1つのセルに1つの値を指定してください/],
    ['1,73', /桁区切りが3桁ごとになっていません/],
    ['12/34', /分数か日付/],
    ['増加', /数値として読めません/],
    [true, /^TRUE\/FALSE は数値として読めません$/],
  ])('%p throws', (input, message) => {
    expect(() => NUM(input)).toThrow(message);
  });

  test('a bad cell in a range is named', () => {
    expect(() => NUM([['1'], ['2'], ['1,73']])).toThrow(/^範囲の3行目: 「1,73」/);
  });
});

describe('FISCAL_YEAR', () => {
  test.each<[unknown, number | string]>([
    ['令和元年度', 2019],
    ['令和1年度', 2019],
    ['R1', 2019],
    ['R01', 2019],
    ['R5', 2023],
    ['Ｒ５', 2023],
    ['平成31年度', 2019],
    ['H30', 2018],
    ['FY2019', 2019],
    ['2019年度', 2019],
    ['令和元年度 (2019年度)', 2019],
    [2019, 2019],
    [calendarDate(2020, 3, 31), 2019],
    [calendarDate(2020, 4, 1), 2020],
    ['', ''],
    [undefined, ''],
  ])('%p → %p', (input, expected) => {
    expect(FY(input)).toBe(expected);
  });

  test('a range of labels and dates', () => {
    expect(FY([['令和元年度', calendarDate(2024, 1, 15)], ['', 'H30']])).toEqual([[2019, 2023], ['', 2018]]);
  });

  test.each<[unknown, RegExp]>([
    ['来年', /年度として読めません/],
    ['R5.4.1', /日付です/],
    [123, /年度として読めません/],
  ])('%p throws', (input, message) => {
    expect(() => FY(input)).toThrow(message);
  });

  test('a bad label in a range is named', () => {
    expect(() => FY([['R1'], ['来年']])).toThrow(/^範囲の2行目: /);
  });
});
