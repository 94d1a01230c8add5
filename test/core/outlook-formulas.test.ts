/**
 * EXPECTED_VALUE, PROJECTED_FINAL and PACE_NEEDED (issue 17 item 3): the conventions of formulas.ts (ranges in,
 * same shape out, blanks give '', Japanese errors naming the argument and place), and the outlook methods behind.
 */
import fc from 'fast-check';
import { expectedValueFormula, paceNeededFormula, projectedFinalFormula, type FormulaResult } from '../../src/core/formulas';
import { thrown } from '../support/thrown';


describe('EXPECTED_VALUE', () => {
  test('the issue’s example: seed No.5 閲覧者数 FY2019 is 155,892 (144,865 + 55,135 × 2/10)', () => {
    expect(expectedValueFormula(144865, 200000, 2017, 2027, 2019)).toBe(155892);
  });

  test('what people type: values with labels and units, years as era labels', () => {
    expect(expectedValueFormula('閲覧者数 144,865人', '200,000人', '平成29年度', '令和9年度', 'R1')).toBe(155892);
  });

  test('% text is its ratio, as a percent cell arrives', () => {
    expect(expectedValueFormula('10%', '30%', 2019, 2023, 2021)).toBeCloseTo(0.2, 12);
    expect(expectedValueFormula(0.1, 0.3, 2019, 2023, 2021)).toBeCloseTo(0.2, 12);
  });

  test('a range of years gives the same shape; a blank gives a blank cell', () => {
    expect(expectedValueFormula(100, 200, 2018, 2023, [[2019], [2020], ['']])).toEqual([[120], [140], ['']]);
    expect(expectedValueFormula('', 200, 2018, 2023, 2020)).toBe('');
    expect(expectedValueFormula(100, '未測定', 2018, 2023, 2020)).toBe('');
  });

  test('見込み算出不可 with the reason; bad cells name the argument and place', () => {
    expect(thrown(() => expectedValueFormula(100, 200, 2023, 2023, 2023))).toBe('見込み算出不可: 基準年度（2023年度）が目標年度（2023年度）より前ではないため期待値を計算できません');
    expect(thrown(() => expectedValueFormula(100, 200, 2018, 2023, 2017))).toMatch(/基準年度（2018年度）より前/);
    expect(thrown(() => expectedValueFormula(100, 200, 2018, 2023, [[2019], ['来年']]))).toMatch(/^年度（範囲の2行目）: /);
    expect(thrown(() => expectedValueFormula('5件', '10人', 2018, 2023, 2020))).toMatch(/^単位が一致しません（基準値「件」、目標「人」）/);
  });
});

describe('PROJECTED_FINAL', () => {
  // Seed No.5 閲覧者数: 234,964 (FY2019), 349,879 (FY2020), FY2021 not measured; the line reaches 694,624 in FY2023.
  test('傾向 (default): least squares through the measured years; 未測定 is skipped, not 0', () => {
    expect(projectedFinalFormula([[234964, 349879, '(本年度未測定)']], [[2019, 2020, 2021]], 2023)).toBeCloseTo(694624, 6);
    expect(projectedFinalFormula([[234964, 349879, '']], [['令和元年度', '令和2年度', '令和3年度']], '令和5年度', '傾向')).toBeCloseTo(694624, 6);
  });

  test('実績ペース: from the baseline to the latest actual (No.20: 148 → 441, 587.5 by FY2021)', () => {
    expect(projectedFinalFormula([[115, 441]], [[2019, 2020]], 2021, '実績ペース', 148, 2018)).toBe(587.5);
    expect(thrown(() => projectedFinalFormula([[115, 441]], [[2019, 2020]], 2021, '実績ペース'))).toBe('方式「実績ペース」には基準値と基準年度が必要です（5・6番目の引数）');
  });

  test('several indicators at once: one series per row (years in a row), one result per row', () => {
    const r = projectedFinalFormula([[10, 14, 18], [5, '', 25]], [[2019, 2020, 2021]], 2023) as number[][];
    expect(r).toHaveLength(2);
    expect(r[0]![0]).toBeCloseTo(26, 10);
    expect(r[1]![0]).toBeCloseTo(45, 10);
  });

  test('years in a column: one series per column, the result a row', () => {
    const r = projectedFinalFormula([[10, 5], [14, ''], [18, 25]], [[2019], [2020], [2021]], [[2023, 2022]]) as number[][];
    expect(r).toHaveLength(1);
    expect(r[0]![0]).toBeCloseTo(26, 10);
    expect(r[0]![1]).toBeCloseTo(35, 10);
  });

  test('actuals after the target year are not used; a series without actuals gives a blank', () => {
    expect(projectedFinalFormula([[10, 14, 99]], [[2019, 2020, 2021]], 2020)).toBeCloseTo(14, 10);
    expect(projectedFinalFormula([['', '未測定']], [[2019, 2020]], 2023)).toBe('');
  });

  test('one measured year, a bad cell, mismatched ranges, an unknown 方式: Japanese errors', () => {
    expect(thrown(() => projectedFinalFormula([[5, '']], [[2019, 2020]], 2023))).toBe('見込み算出不可: 実績のある年度が1つだけのため、傾向の見込みを計算できません（2年度以上の実績が必要です）');
    expect(thrown(() => projectedFinalFormula([[5, 6], ['1,73', 6]], [[2019, 2020]], 2023))).toMatch(/^実績（範囲の2行目）: 2019年度の「1,73」: .*桁区切り/);
    expect(thrown(() => projectedFinalFormula([[5, 6, 7]], [[2019, 2020]], 2023))).toMatch(/^実績の範囲と年度の範囲の大きさが合いません/);
    expect(thrown(() => projectedFinalFormula([[5, 6]], [[2019, 2020], [2021, 2022]], 2023))).toBe('年度の範囲は1行か1列で指定してください');
    expect(thrown(() => projectedFinalFormula([[5, 6]], [[2019, 2020]], 2023, '平均'))).toMatch(/^方式「平均」は使えません/);
    expect(thrown(() => projectedFinalFormula([[5, 6]], [[2019, '']], 2023))).toMatch(/年度（年度の範囲の2番目）が空欄です/);
    expect(thrown(() => projectedFinalFormula([['5件', '6人']], [[2019, 2020]], 2023))).toBe('単位が一致しません（2019年度「件」、2020年度「人」）。同じ単位で指定してください');
  });
});

describe('PACE_NEEDED', () => {
  test('(目標 − 実績) ÷ (目標年度 − 年度), and the pace so far with the baseline in the actual’s place', () => {
    expect(paceNeededFormula(130, 2020, 200, 2023)).toBeCloseTo(70 / 3, 12);
    // これまでの年増分 = PACE_NEEDED(基準値, 基準年度, 実績, 年度).
    expect(paceNeededFormula(100, 2018, 130, 2020)).toBe(15);
    expect(paceNeededFormula([[130], [90]], [[2020], [2021]], 200, 2023)).toEqual([[expect.closeTo(70 / 3, 12)], [55]]);
  });

  test('減少 needs a negative pace; a blank gives a blank; no year left is an error with the reason', () => {
    expect(paceNeededFormula(90, 2020, 50, 2023)).toBeCloseTo(-40 / 3, 12);
    expect(paceNeededFormula('', 2020, 50, 2023)).toBe('');
    expect(thrown(() => paceNeededFormula(90, 2023, 50, 2023))).toBe('見込み算出不可: 2023年度は目標年度（2023年度）以後で、残りの年度がありません');
  });
});

describe('the new custom functions never give NaN or Infinity and fail only in Japanese', () => {
  const cell = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: 2000, max: 2040 }),
    fc.constantFrom('', '未測定', '-', '1,730件', '▲16.7%', '令和元年度', 'R5', '来年', '1,73'),
  );
  const finite = (r: FormulaResult): boolean => (Array.isArray(r) ? r.every((row) => row.every((v) => typeof v === 'string' || Number.isFinite(v))) : typeof r === 'string' || Number.isFinite(r));
  const japanese = (f: () => FormulaResult) => {
    try {
      expect(finite(f())).toBe(true);
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/);
      expect(m).not.toMatch(/NaN|Infinity|undefined/);
    }
  };

  test('EXPECTED_VALUE and PACE_NEEDED on any cells', () =>
    fc.assert(
      fc.property(cell, cell, cell, cell, cell, (a, b, c, d, e) => {
        japanese(() => expectedValueFormula(a, b, c, d, e));
        japanese(() => paceNeededFormula(a, b, c, d));
      }),
      { numRuns: 3000 },
    ));

  test('PROJECTED_FINAL on any series', () =>
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 5 }), cell, fc.constantFrom('', '傾向', '実績ペース'), cell, cell, (values, tn, how, b, b0) => {
        const years = values.map((_, i) => 2019 + i);
        japanese(() => projectedFinalFormula([values], [years], tn, how, b, b0));
      }),
      { numRuns: 3000 },
    ));
});
