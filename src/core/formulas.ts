/**
 * The custom functions' logic (domain.md §7, §7a), pure: no Node or Apps Script APIs. `src/gas/main.ts` exposes
 * them to Sheets under upper-case names.
 *
 * Conventions shared by every function here:
 * - An argument is a single value or a range (a 2-D array, as Sheets passes `A1:B3`). The result has the shape of
 *   the range arguments: a value for values, a 2-D array of the same shape for ranges (one call per range).
 *   Range arguments must all have the same shape; a single value (or a 1×1 range) is used for every cell.
 * - Blank cells, and entries that are deliberately not numbers (未測定, 集計中, `-` 対象外, 中止, 完了), give `''`
 *   (a blank cell), never an error.
 * - Anything else that cannot be read throws an `Error` with a Japanese message, which Sheets shows on the
 *   `#ERROR!` cell. A range call throws for the first bad cell and names its place in the range
 *   (`実績（範囲の3行目）: 「1,73」の桁区切りが3桁ごとになっていません`): Sheets cannot show an error for one cell
 *   of an array result, and a wrong value must never be shown as a number.
 * - Dates are calendar dates (calendar.ts): the Sheets shell turns the instants Apps Script passes into the wall
 *   clock of the spreadsheet's time zone before calling these (src/gas/time-zone.ts).
 */
import { errorText } from './errors';
import { isoDayText } from './calendar';
import { DEFAULT_SCALE_NAME, SCALE_PRESETS, gradeOf, scaleProblems } from './grades';
import { DIRECTIONS, type Direction, type GradeBand } from './model';
import { achievementRate } from './rates';
import { FORECAST_METHODS, linearValue, neededPerYearValue, NOT_COMPUTABLE, runRateValue, trend, type ForecastMethod, type Outcome, type YearValue } from './outlook';
import { parseEntry } from './parse/entry';
import { cleanNumber } from './parse/format';
import { parseFiscalYear } from './parse/fiscal-year';
import { normalizeText, quote } from './parse/normalize';
import { canonicalUnit } from './parse/units';
import type { Scalar } from './workbook';

/** What one result cell holds: a number, a grade letter, or '' for a blank cell. */
export type FormulaValue = number | string;
/** A result: one value, or a 2-D array with the shape of the range arguments. */
export type FormulaResult = FormulaValue | FormulaValue[][];

/** A problem with one cell; `arg` is the Japanese name of the argument it came from, when that helps. */
class CellError extends Error {
  constructor(
    message: string,
    readonly arg: string | null = null,
  ) {
    super(message);
  }
}

// ---- shapes ----

interface Arg {
  /** Japanese argument name used in messages (実績, 目標 …). */
  name: string;
  value: unknown;
}

type Grid = unknown[][];

/** A range as a 2-D array; a flat array (never sent by Sheets) is read as one row. */
function asGrid(x: unknown[]): Grid {
  return x.every(Array.isArray) ? (x as Grid) : [x];
}

const shapeOf = (g: Grid): string => `${g.length}行×${g[0]?.length ?? 0}列`;
const isSingle = (g: Grid): boolean => g.length === 1 && g[0]!.length === 1;

/**
 * Applies `fn` cell by cell. Range arguments must share one shape (1×1 ranges and single values are used for
 * every cell); the result is a value when no argument is a range, otherwise a 2-D array of that shape.
 */
function elementwise(args: Arg[], fn: (cells: unknown[]) => FormulaValue): FormulaResult {
  const grids = args.map((a) => (Array.isArray(a.value) ? asGrid(a.value) : null));
  if (grids.every((g) => g === null)) {
    try {
      return fn(args.map((a) => a.value));
    } catch (e) {
      throw userError(e, null);
    }
  }
  let shape: { grid: Grid; arg: Arg } | null = null;
  for (let i = 0; i < args.length; i++) {
    const g = grids[i];
    if (!g) continue;
    const arg = args[i]!;
    if (g.some((row) => !Array.isArray(row) || row.length !== g[0]!.length))
      throw new Error(`${arg.name}の範囲の各行の列数がそろっていません`);
    if (shape && isSingle(g)) continue;
    if (!shape || isSingle(shape.grid)) {
      shape = { grid: g, arg };
      continue;
    }
    if (g.length !== shape.grid.length || g[0]!.length !== shape.grid[0]!.length)
      throw new Error(
        `${shape.arg.name}と${arg.name}の範囲の大きさが違います（${shape.arg.name} ${shapeOf(shape.grid)}、${arg.name} ${shapeOf(g)}）。` +
          '同じ行数・列数の範囲か、1つのセル（値）を指定してください',
      );
  }
  const { grid } = shape!;
  const cols = grid[0]?.length ?? 0;
  return grid.map((row, r) =>
    row.map((_, c) => {
      const cells = args.map((a, i) => {
        const g = grids[i];
        if (!g) return a.value;
        return isSingle(g) ? g[0]![0] : g[r]![c];
      });
      try {
        return fn(cells);
      } catch (e) {
        throw userError(e, cols > 1 ? `${r + 1}行目・${c + 1}列目` : `${r + 1}行目`);
      }
    }),
  );
}

/** The Error Sheets shows: the argument and the place in the range first, then the problem. */
function userError(e: unknown, place: string | null): Error {
  const message = errorText(e);
  const arg = e instanceof CellError ? e.arg : null;
  const where = arg && place ? `${arg}（範囲の${place}）` : arg ?? (place ? `範囲の${place}` : null);
  return new Error(where ? `${where}: ${message}` : message);
}

// ---- reading cells ----

/** A Date from another realm (a vm context, the Apps Script bridge) as a plain Date; other values unchanged. */
function cellValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && Object.prototype.toString.call(v) === '[object Date]')
    return new Date((v as Date).getTime());
  return v;
}

/** A cell value as text for names and messages; a date as YYYY-MM-DD, never in the machine's zone. */
function textOf(v: unknown): string {
  const x = cellValue(v);
  return x instanceof Date ? isoDayText(x) : String(x);
}

function isBlankValue(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function asScalar(v: unknown, arg: string | null): Scalar {
  const x = cellValue(v);
  if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' || x instanceof Date) return x;
  throw new CellError('セルの値として読めません', arg);
}

interface Written {
  value: number;
  /** The unit as written (canonical spelling), or null for a bare number. */
  unit: string | null;
}

/**
 * One number as written, through the entry parser: `"▲16.7%"` → -16.7 %, `"1,730件"` → 1730 件,
 * `"申込み 30.7%"` → 30.7 %, a number cell → itself without a unit. Null for blanks and statuses (未測定, - …).
 */
function readWritten(v: unknown, arg: string | null): Written | null {
  if (isBlankValue(v)) return null;
  const x = asScalar(v, arg);
  if (typeof x === 'boolean') throw new CellError('TRUE/FALSE は数値として読めません', arg);
  if (x instanceof Date) throw new CellError('日付は数値として読めません', arg);
  const p = parseEntry(x);
  if (p.empty) return null;
  const error = p.findings.find((f) => f.severity === 'error');
  if (error) throw new CellError(error.message, arg);
  if (p.segments.length > 1)
    throw new CellError(`${quote(String(x))}には値が${p.segments.length}つあります。1つのセルに1つの値を指定してください`, arg);
  const seg = p.segments[0];
  if (!seg || seg.kind === 'status') return null;
  return { value: seg.value, unit: seg.unit === null ? null : canonicalUnit(seg.unit) };
}

/** A value for a rate: percent is turned into its ratio (`"30.7%"` → 0.307), as Sheets hands a 30.7% cell over. */
function readRatioAware(v: unknown, arg: string): Written | null {
  const w = readWritten(v, arg);
  if (w && w.unit === '%') return { value: cleanNumber(w.value / 100), unit: '%' };
  return w;
}

function readDirection(v: unknown): Direction {
  if (isBlankValue(v)) return '増加';
  const text = normalizeText(textOf(asScalar(v, '方向'))).trim();
  const d = DIRECTIONS.find((dir) => dir === text);
  if (!d) throw new CellError(`${quote(text)}は方向として読めません。${DIRECTIONS.map((s) => `「${s}」`).join('')}のどれかを指定してください（省略すると増加）`, '方向');
  return d;
}

/** Values whose units must agree (`件` and `人` do not; `%` and a bare number do). */
function sameUnits(written: ReadonlyArray<readonly [string, Written | null]>): void {
  const withUnit = written.filter((e): e is readonly [string, Written] => e[1] !== null && e[1].unit !== null);
  if (new Set(withUnit.map(([, w]) => w.unit)).size > 1)
    throw new CellError(`単位が一致しません（${withUnit.map(([n, w]) => `${n}「${w.unit}」`).join('、')}）。同じ単位で指定してください`);
}

// ---- ACHIEVEMENT_RATE ----

/**
 * 達成率 as a ratio (1 = 100%), unrounded and uncapped (domain.md §4).
 * - 増加 (default): 実績 ÷ 目標; with a baseline, (実績 − 基準値) ÷ (目標 − 基準値).
 * - 減少: (基準値 − 実績) ÷ (基準値 − 目標); without a baseline 目標 ÷ 実績.
 * - 維持: 1 when the target is kept, 0 when not.
 * Text with `%` is read as its ratio (`"30.7%"` → 0.307) so that it agrees with a percent cell (0.307).
 * Units written on several arguments must agree (`件` and `人` do not; `%` and a bare number do).
 */
export function achievementRateFormula(actual: unknown, target: unknown, baseline?: unknown, direction?: unknown): FormulaResult {
  const args: Arg[] = [
    { name: '実績', value: actual },
    { name: '目標', value: target },
    { name: '基準値', value: baseline },
    { name: '方向', value: direction },
  ];
  return elementwise(args, ([a, t, b, d]) => {
    const dir = readDirection(d);
    const act = readRatioAware(a, '実績');
    const tgt = readRatioAware(t, '目標');
    const base = readRatioAware(b, '基準値');
    if (!act || !tgt) return '';
    sameUnits([['実績', act], ['目標', tgt], ['基準値', base]]);
    const r = achievementRate({
      actual: act.value,
      target: tgt.value,
      baseline: base ? base.value : null,
      direction: dir,
      method: base ? '基準比' : '実績÷目標',
    });
    if (r.kind === 'none') throw new CellError(r.reason);
    return r.rate;
  });
}

// ---- ACHIEVEMENT_GRADE ----

/** Reads a scale: a preset name, or a range of [評価, 下限(%)] or [評価, 名称, 下限(%)] rows. */
export function readScale(scale: unknown): GradeBand[] {
  if (isBlankValue(scale)) return SCALE_PRESETS[DEFAULT_SCALE_NAME]!;
  if (!Array.isArray(scale)) {
    const name = normalizeText(textOf(asScalar(scale, '評価基準'))).trim();
    const key = Object.keys(SCALE_PRESETS).find((k) => normalizeText(k) === name);
    if (!key)
      throw new Error(
        `評価基準「${name}」はプリセットにありません（${Object.keys(SCALE_PRESETS).join('・')}）。` +
          'プリセット名か、「評価」「達成率の下限(%)」の2列の範囲を指定してください',
      );
    return SCALE_PRESETS[key]!;
  }
  const grid = asGrid(scale);
  const width = grid[0]?.length ?? 0;
  if (width !== 2 && width !== 3)
    throw new Error('評価表は「評価」「達成率の下限(%)」の2列（または「評価」「名称」「達成率の下限(%)」の3列）の範囲で指定してください');
  const rows = grid.filter((row, i) => !row.every(isBlankValue) && !(i === 0 && String(row[0]).trim() === '評価'));
  const bands: GradeBand[] = [];
  const numericBounds: number[] = [];
  rows.forEach((row) => {
    const grade = isBlankValue(row[0]) ? '' : textOf(row[0]).trim();
    const raw = row[width - 1];
    let min: number | null = null;
    if (!isBlankValue(raw)) {
      let w: Written | null = null;
      try {
        w = readWritten(raw, null);
      } catch {
        w = null;
      }
      if (!w || (w.unit !== null && w.unit !== '%'))
        throw new Error(`評価表: 評価「${grade}」の下限「${textOf(raw)}」を数値（%）として読めません`);
      // A number is a percent (100 = 100%), as in 設定's 「達成率の下限(%)」 column; "100%" text is the same.
      min = cleanNumber(w.value / 100);
      if (typeof raw === 'number') numericBounds.push(raw);
    }
    bands.push({ grade, label: width === 3 && !isBlankValue(row[1]) ? textOf(row[1]).trim() : '', min });
  });
  if (numericBounds.length > 0 && numericBounds.every((b) => Math.abs(b) <= 2))
    throw new Error(
      '評価表: 下限が割合（100%が1）のようです。パーセント表示のセルは1が1%と区別できないため、' +
        '下限は100、80、50のように%の数値で（表示形式を「自動」か「数値」にして）入力してください',
    );
  const problems = scaleProblems(bands);
  if (problems.length) throw new Error(`評価表: ${problems.join('、')}`);
  return bands;
}

/**
 * The grade letter of a rate on a scale (domain.md §5). The rate is a ratio (0.575), or text `"57.5%"`.
 * Blank and unmeasured rates give ''.
 */
export function achievementGradeFormula(rate: unknown, scale?: unknown): FormulaResult {
  const bands = readScale(scale);
  return elementwise([{ name: '達成率', value: rate }], ([v]) => {
    const w = readWritten(v, null);
    if (!w) return '';
    if (w.unit !== null && w.unit !== '%')
      throw new CellError(`達成率は割合（例: 0.575）か「57.5%」で指定してください（「${w.unit}」は使えません）`);
    const ratio = w.unit === '%' ? cleanNumber(w.value / 100) : w.value;
    return gradeOf(ratio, bands).grade;
  });
}

// ---- JP_NUMBER ----

/**
 * The number as written, without converting percent: `"30.7%"` → 30.7, `"▲16.7%"` → -16.7, `"1,730件"` → 1730,
 * `"3万5千件"` → 35000, a number → itself. Blank and statuses give ''; several values in one cell are an error.
 */
export function jpNumberFormula(text: unknown): FormulaResult {
  return elementwise([{ name: '値', value: text }], ([v]) => {
    const w = readWritten(v, null);
    return w ? w.value : '';
  });
}

// ---- FISCAL_YEAR ----

/** The fiscal year (年度, April–March) of a label (令和元年度, R5, H30, FY2019, 2019年度) or a date. Blank gives ''. */
export function fiscalYearFormula(labelOrDate: unknown): FormulaResult {
  return elementwise([{ name: '年度', value: labelOrDate }], ([v]) => {
    if (isBlankValue(v)) return '';
    const r = parseFiscalYear(asScalar(v, null));
    if (r.fy === null) throw new CellError(r.findings[0]?.message ?? '年度として読めません');
    return r.fy;
  });
}

// ---- EXPECTED_VALUE, PROJECTED_FINAL, PACE_NEEDED (outlook/, issue 17) ----

/** A fiscal year argument: 2019, 「令和元年度」, 「R1」, or a date (its fiscal year). Null for a blank. */
function readYear(v: unknown, arg: string): number | null {
  if (isBlankValue(v)) return null;
  const r = parseFiscalYear(asScalar(v, arg));
  if (r.fy === null) throw new CellError(r.findings[0]?.message ?? '年度として読めません', arg);
  return r.fy;
}

function outcomeValue(o: Outcome): number {
  if (o.kind === 'none') throw new CellError(`${NOT_COMPUTABLE}: ${o.reason}`);
  return o.value;
}

/**
 * E1 期待値: 基準値 + (目標 − 基準値) × (年度 − 基準年度) ÷ (目標年度 − 基準年度), unrounded. Years are numbers or
 * labels (令和元年度). `%` text is read as its ratio, as in ACHIEVEMENT_RATE. A blank argument gives ''.
 */
export function expectedValueFormula(baseline: unknown, target: unknown, baselineYear: unknown, targetYear: unknown, year: unknown): FormulaResult {
  const args: Arg[] = [
    { name: '基準値', value: baseline },
    { name: '目標', value: target },
    { name: '基準年度', value: baselineYear },
    { name: '目標年度', value: targetYear },
    { name: '年度', value: year },
  ];
  return elementwise(args, ([b, t, b0, tn, y]) => {
    const base = readRatioAware(b, '基準値');
    const tgt = readRatioAware(t, '目標');
    const [t0, n, fy] = [readYear(b0, '基準年度'), readYear(tn, '目標年度'), readYear(y, '年度')];
    if (!base || !tgt || t0 === null || n === null || fy === null) return '';
    sameUnits([['基準値', base], ['目標', tgt]]);
    return outcomeValue(linearValue(base.value, t0, tgt.value, n, fy));
  });
}

/** 方式 of PROJECTED_FINAL: 「傾向」 (default) or 「実績ペース」. */
function readForecastMethod(v: unknown): ForecastMethod {
  if (isBlankValue(v)) return '傾向';
  if (Array.isArray(v)) throw new Error('方式は1つのセル（「傾向」か「実績ペース」）で指定してください');
  const text = normalizeText(textOf(asScalar(v, '方式'))).trim();
  const m = FORECAST_METHODS.find((x) => x === text);
  if (!m) throw new Error(`方式${quote(text)}は使えません。${FORECAST_METHODS.map((x) => `「${x}」`).join('か')}を指定してください（省略すると傾向）`);
  return m;
}

/**
 * 最終年度の見込み from a series of 実績 and their 年度 (outlook/forecast.ts): 「傾向」 the least-squares line of
 * the measured years read at 目標年度 (at least two), 「実績ペース」 基準値 + (実績 − 基準値) × (目標年度 − 基準年度) ÷
 * (実績の年度 − 基準年度) from the latest measured year (needs 基準値 and 基準年度).
 * The 年度 range is one row or one column. 実績 has as many columns (or rows) as it: each row (or column) is one
 * indicator's series, and the result has one value per series (a column, or a row). Blank and 未測定 実績 are
 * skipped, never read as 0; 実績 after 目標年度 are not used. A series without any 実績 gives ''. 目標年度, 基準値
 * and 基準年度 are single values or ranges with the result's shape.
 */
export function projectedFinalFormula(actuals: unknown, years: unknown, targetYear: unknown, method?: unknown, baseline?: unknown, baselineYear?: unknown): FormulaResult {
  const how = readForecastMethod(method);
  const yearGrid = Array.isArray(years) ? asGrid(years) : [[years]];
  const row = yearGrid.length === 1;
  if (!row && !yearGrid.every((r) => Array.isArray(r) && r.length === 1)) throw new Error('年度の範囲は1行か1列で指定してください');
  const yearCells = row ? yearGrid[0]! : yearGrid.map((r) => r[0]);
  const fys = yearCells.map((c, i) => {
    try {
      return readYear(c, '年度の範囲');
    } catch (e) {
      throw new Error(`年度の範囲の${i + 1}番目: ${errorText(e)}`);
    }
  });
  const grid = Array.isArray(actuals) ? asGrid(actuals) : [[actuals]];
  if (grid.some((r) => !Array.isArray(r) || r.length !== grid[0]!.length)) throw new Error('実績の範囲の各行の列数がそろっていません');
  const series = row ? grid : (grid[0] ?? []).map((_, c) => grid.map((r) => r[c]));
  if (series.some((s) => s.length !== fys.length))
    throw new Error(`実績の範囲と年度の範囲の大きさが合いません（年度 ${fys.length}個、実績 ${shapeOf(grid)}）。年度が1行なら実績の列数を、1列なら行数を年度の数に合わせてください`);
  const index: unknown = series.length === 1 ? 0 : row ? series.map((_, i) => [i]) : [series.map((_, i) => i)];
  const args: Arg[] = [
    { name: '実績', value: index },
    { name: '目標年度', value: targetYear },
    { name: '基準値', value: baseline },
    { name: '基準年度', value: baselineYear },
  ];
  return elementwise(args, ([i, tn, b, b0]) => {
    const n = readYear(tn, '目標年度');
    const cells = series[i as number]!;
    const points: YearValue[] = [];
    const written: [string, Written | null][] = [];
    cells.forEach((cell, k) => {
      let w: Written | null;
      try {
        w = readRatioAware(cell, '実績');
      } catch (e) {
        throw new CellError(`${fys[k] ?? `${k + 1}番目`}${fys[k] ? '年度' : ''}の「${textOf(cell)}」: ${errorText(e)}`, '実績');
      }
      if (!w) return;
      const fy = fys[k];
      if (fy === null || fy === undefined) throw new CellError(`実績「${textOf(cell)}」の年度（年度の範囲の${k + 1}番目）が空欄です`, '実績');
      written.push([`${fy}年度`, w]);
      if (n === null || fy <= n) points.push({ year: fy, value: w.value });
    });
    if (n === null || !written.length) return '';
    sameUnits(written);
    if (how === '傾向') return outcomeValue(trend(points, n).projected);
    const base = readRatioAware(b, '基準値');
    const t0 = readYear(b0, '基準年度');
    if (!base || t0 === null) throw new CellError('方式「実績ペース」には基準値と基準年度が必要です（5・6番目の引数）');
    sameUnits([...written, ['基準値', base]]);
    const latest = points.reduce<YearValue | null>((l, p) => (!l || p.year > l.year ? p : l), null);
    if (!latest) throw new CellError(`${NOT_COMPUTABLE}: 目標年度（${n}年度）までの実績がありません`);
    return outcomeValue(runRateValue({ year: t0, value: base.value }, latest, n));
  });
}

/**
 * F3 必要な年増分: (目標 − 実績) ÷ (目標年度 − 年度), the change needed each remaining year. With 基準値 and
 * 基準年度 in place of 実績 and 年度, and 実績 and its 年度 in place of 目標 and 目標年度, it is the pace so far:
 * (実績 − 基準値) ÷ (年度 − 基準年度). A blank argument gives ''.
 */
export function paceNeededFormula(actual: unknown, year: unknown, target: unknown, targetYear: unknown): FormulaResult {
  const args: Arg[] = [
    { name: '実績', value: actual },
    { name: '年度', value: year },
    { name: '目標', value: target },
    { name: '目標年度', value: targetYear },
  ];
  return elementwise(args, ([a, y, t, tn]) => {
    const act = readRatioAware(a, '実績');
    const tgt = readRatioAware(t, '目標');
    const [fy, n] = [readYear(y, '年度'), readYear(tn, '目標年度')];
    if (!act || !tgt || fy === null || n === null) return '';
    sameUnits([['実績', act], ['目標', tgt]]);
    return outcomeValue(neededPerYearValue({ year: fy, value: act.value }, { year: n, value: tgt.value }));
  });
}
