/**
 * Never a silent wrong number (issue 12, Deliver 1; docs/parser-rules.md): an error finding means no number
 * anywhere (parser, rollup, 達成状況, custom functions), and a number accepted with a warning is the plain
 * reading of the text or the warning names the word that changed it.
 */
import fc from 'fast-check';
import { achievementRateFormula, jpNumberFormula } from '../../src/core/formulas';
import { NO_GRADE } from '../../src/core/grades';
import { initWorkbook, rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import type { PlanInput } from '../../src/core/jobs';
import { parseEntry } from '../../src/core/parse/entry';
import { formatValue } from '../../src/core/parse/format';
import type { NumberSegment } from '../../src/core/parse/types';
import { isKnownUnit, sameUnit } from '../../src/core/parse/units';
import { checkEntry } from '../../src/core/sidebar/entry-check';
import { MemoryWorkbook } from '../support/memory-workbook';
import { actualCell, otherCity } from '../support/plans';

// ---- the rollup ----

/** The other city's plan with one more indicator whose targets and unit the test chooses. */
function bookWith(unit: string, targets: Record<number, string | number>, actual?: string) {
  const plan: PlanInput = {
    ...otherCity,
    master: [
      ...otherCity.master,
      { no: 6, policy: '行政のDX', theme: '環境', actionPlan: 'ごみ減量', name: '一人当たりごみ量', unit,
        reportingDept: 'DX推進課', ownerDepts: 'DX推進課', relatedDepts: '', targets },
    ],
  };
  const book = new MemoryWorkbook();
  initWorkbook(book, plan);
  setupDepartmentTabs(book);
  if (actual !== undefined) {
    const { row, col } = actualCell(book, 'DX推進課', '一人当たりごみ量', 2025);
    book.type('DX推進課', row, col, actual);
  }
  const { analysis } = rollupWorkbook(book);
  const r = analysis.rows.find((x) => x.indicator === '一人当たりごみ量' && x.fiscalYear === 2025)!;
  const summary = book.outputs.get('達成状況')!;
  const line = summary.values.find((v) => v.includes('一人当たりごみ量') && v.some((c) => String(c).includes('2025')));
  return { r, analysis, line };
}

describe('an error finding means no number in the rollup', () => {
  test('a range target (60%～70%未満) gives no rate and no grade in 達成状況', () => {
    const { r, analysis, line } = bookWith('%', { 2025: '60%～70%未満' }, '65%');
    expect(r.status).toBe('目標エラー');
    expect(r.target).toBeNull();
    expect(r.rate).toBeNull();
    expect(r.grade).toBe(NO_GRADE);
    expect(analysis.findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'range', sheet: '計画マスタ' }));
    expect(line).toBeDefined();
    expect(line!.some((c) => ['S', 'A', 'B', 'C'].includes(String(c)))).toBe(false);
  });

  test('a range actual gives 入力エラー and no actual', () => {
    const { r } = bookWith('%', { 2025: '70%' }, '60%～70%');
    expect(r).toMatchObject({ status: '入力エラー', actual: null, rate: null, grade: NO_GRADE });
  });

  test('the indicator\'s unit is tried first: 452kg/人 against 450kg/人', () => {
    const { r, analysis } = bookWith('kg/人', { 2025: '450kg/人' }, '452kg/人');
    expect(r).toMatchObject({ status: '評価済', actual: 452, target: 450 });
    expect(analysis.findings.filter((f) => f.indicator?.includes('一人当たりごみ量'))).toEqual([]);
  });

  test('目標設定なし in a target is 目標なし (no grade, no error); in an actual it is an error', () => {
    const t = bookWith('%', { 2025: '目標設定なし' }, '65%');
    expect(t.r).toMatchObject({ status: '目標なし', rate: null, grade: NO_GRADE });
    expect(t.analysis.findings.filter((f) => f.indicator?.includes('一人当たりごみ量'))).toEqual([]);
    const a = bookWith('%', { 2025: '70%' }, '目標なし');
    expect(a.r).toMatchObject({ status: '入力エラー', rate: null });
    expect(a.analysis.findings).toContainEqual(expect.objectContaining({ code: 'no-target-in-actual' }));
  });

  test('1.8%減 is −1.8 with the warning naming 減', () => {
    const { r, analysis } = bookWith('%', { 2025: '2%' }, '1.8%減');
    expect(r.actual).toBe(-1.8);
    expect(analysis.findings).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'sign-word', message: expect.stringContaining('「減」を負の値として読みました') }));
  });
});

describe('an error finding means no number from the parser', () => {
  test.each(['60%～70%未満', '▲1.8%減', '12時間75分', '減 1.8%', '2020 15件', '1,73件', '60%から70%'])('%s', (s) => {
    const p = parseEntry(s);
    expect(p.findings.some((f) => f.severity === 'error')).toBe(true);
    expect(p.segments).toEqual([]);
  });
});

describe('an error finding means no number in the sidebar and the custom functions', () => {
  const row = { no: 6, name: '一人当たりごみ量', unit: '%', siblings: [] };
  test.each(['60%～70%未満', '▲1.8%減', '(1.90%)', '27.8%→36.2%'])('%s', (s) => {
    expect(checkEntry(s, row)).toMatchObject({ kind: 'error', understood: '' });
    expect(() => jpNumberFormula(s)).toThrow(/読めません|決められません/);
    expect(() => achievementRateFormula(s, '70%')).toThrow(/読めません|決められません/);
  });

  test('the sidebar reads the indicator\'s unit first, as the rollup does', () => {
    expect(checkEntry('452kg/人', { ...row, unit: 'kg/人' })).toMatchObject({ kind: 'number', understood: '452kg/人' });
    expect(checkEntry('1,204千人', { ...row, unit: '千人' })).toMatchObject({ kind: 'number', understood: '1,204千人' });
  });
});

// ---- the property ----

const PRE = ['', '', '', '約', '▲', '▼', 'ー', '△ ', '+', '-', '(令和3年度) ', '令和4年 ', 'R4 ', '減 ', '前年比', '2020 ', '増加 ',
  '(', '<', '未達成 (', '(令和4年度見込み)', '27.8%→', '令和3年度 5件 令和4年度 '];
const MID = ['', '', '', ' ', '万', ' 万', '千', ' 千', '割', ' 億', '億'];
const POST = ['', '', '', '減', '減少', '増', '増加', '強', '弱', '余り', '程度', '以上', 'の維持', 'を維持', '(312/741件)', '(全校)',
  ' 減', 'ー', '減減', '増減', '～70%', '30分', '未満', '\n(H29年)', '(全国16位)', '→36.2%', ')', '>', '減以上', '(2009~14 年)'];
const UNITS = ['%', '件', '人', 'ポイント', '時間', ''];
const MAGNITUDE: Record<string, number> = { 万: 1e4, 千: 1e3, 億: 1e8 };
const SIGN: Record<string, number> = { '▲': -1, '-': -1, '+': 1 };

const valueArb = fc.oneof(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 9999 }).map((x) => x / 10));

describe('no silent wrong number (property)', () => {
  test('an accepted number is the plain reading, or a warning names the word that changed it', () => {
    fc.assert(
      fc.property(valueArb, fc.constantFrom(...PRE), fc.constantFrom(...MID), fc.constantFrom(...UNITS), fc.constantFrom(...POST), (v, pre, mid, unit, post) => {
        const num = formatValue(v, null);
        // A digit after a bare number would only make another number.
        fc.pre(!/^\d/.test(post) || (unit === '時間' && mid === ''));
        const text = pre + num + mid + unit + post;
        const p = parseEntry(text);
        const errors = p.findings.filter((f) => f.severity === 'error');
        // An error: no number at all.
        if (errors.length > 0) {
          if (p.segments.length !== 0) throw new Error(`error with a number: ${text}`);
          return;
        }
        const nums = p.segments.filter((g): g is NumberSegment => g.kind === 'number');
        // One number was written: it reads as one value. Several segments only with labels, which the rollup matches
        // to indicator names and refuses when they name none (entries.ts); the parser never leaves two unlabelled.
        if (p.segments.length > 1) {
          if (p.segments.filter((g) => g.label === null).length > 1) throw new Error(`${JSON.stringify(text)} read as ${JSON.stringify(p.segments)}`);
          return;
        }
        if (nums.length !== 1) throw new Error(`${JSON.stringify(text)} read as ${JSON.stringify(p.segments)}`);
        const got = nums[0]!.value;
        const gotUnit = nums[0]!.unit;
        // The unit read is the unit written (割 alone reads as %); never a word swallowed into it (`%減`).
        const wantUnit = unit === '' ? (mid === '割' ? '%' : null) : unit;
        // An unknown unit such as `%ー` is refused by every indicator whose unit differs (entries.ts unitOk).
        const refusedLater = gotUnit !== null && !isKnownUnit(gotUnit) && !sameUnit(gotUnit, wantUnit);
        if (!sameUnit(gotUnit, wantUnit) && !(gotUnit === null && wantUnit === null) && !refusedLater)
          throw new Error(`${JSON.stringify(text)} read with unit ${JSON.stringify(gotUnit)}, written ${JSON.stringify(wantUnit)}`);
        // The plain reading: the number written, its sign glued before it, and a magnitude kanji after it.
        // Hours and minutes add up: 12時間30分 = 12.5 時間.
        const minutes = unit === '時間' && post === '30分' ? 0.5 : 0;
        const plain = (v * (MAGNITUDE[mid.trim()] ?? 1) + minutes) * (SIGN[pre] ?? 1);
        const warnings = p.findings.filter((f) => f.severity === 'warning');
        if (Math.abs(got - plain) <= 1e-9 * Math.max(1, Math.abs(plain))) return;
        if (got === 0 && plain === 0) return;
        // Not the plain reading: only with a warning that names the doubtful word.
        const words = [pre, mid, post].map((w) => w.trim()).filter((w) => w !== '' && !/^[\d.,]+$/.test(w));
        // Named: the word (or the part of it that decides, 「減」 of 減以上) quoted alone, or with the number it
        // qualifies (「3割」).
        const quoted = (m: string) => Array.from(m.matchAll(/「([^「」]+)」/g), (x) => x[1]!);
        const named = warnings.some((f) => quoted(f.message).some((q) => words.some((w) => (w.includes(q) && /[^\d.,\s]/.test(q)) || q === `${num}${w}`)));
        if (!named)
          throw new Error(`${JSON.stringify(text)} read as ${got} (plain ${plain}) with ${JSON.stringify(warnings.map((f) => f.message))}`);
      }),
      { numRuns: 20_000 },
    );
  });
});
