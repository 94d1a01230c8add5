/**
 * Embedded charts: Sheet.newChart() → EmbeddedChartBuilder → build() → Sheet.insertChart(chart), and the Charts
 * service's enums. Sources: reference/spreadsheet/EmbeddedChartBuilder.md, EmbeddedChart.md, Sheet.md (newChart,
 * insertChart, getCharts, removeChart, updateChart) and reference/charts/ChartType.md, ChartHiddenDimensionStrategy.md
 * in the mirror; the JSDoc of gas-types-detailed for the details quoted below.
 *
 * Modelled: the ranges, type, position, options (stored as given: setOption "doesn't validate the option you specify
 * is valid for this chart type nor if the value is of the correct format"), hidden-dimension strategy and headers of
 * a chart. Not modelled: rendering, and charts following inserted or deleted rows (their ranges stay put here, as
 * the fakes' protections do). Assumed (no source): inserting one built chart twice adds two charts; removeChart of a
 * chart not on the sheet throws; a chart's ranges may lie on any sheet.
 */
import type { Ctx } from './context';
import { MSG, describeArg } from './errors';
import { FakeRange } from './range';
import type { FakeSheet } from './sheet';
import { FakeObject } from './wrap';

const enumOf = <T extends string>(names: readonly T[]) =>
  Object.freeze(Object.fromEntries(names.map((n) => [n, n]))) as { readonly [K in T]: K };

/** Charts.ChartType (reference/charts/ChartType.md). */
export const CHART_TYPE = enumOf(['TIMELINE', 'AREA', 'BAR', 'BUBBLE', 'CANDLESTICK', 'COLUMN', 'COMBO', 'GAUGE', 'GEO', 'HISTOGRAM', 'RADAR', 'LINE', 'ORG', 'PIE', 'SCATTER', 'SPARKLINE', 'STEPPED_AREA', 'TABLE', 'TREEMAP', 'WATERFALL'] as const);
/** Charts.ChartHiddenDimensionStrategy (reference/charts/ChartHiddenDimensionStrategy.md). */
export const CHART_HIDDEN_DIMENSION_STRATEGY = enumOf(['IGNORE_BOTH', 'IGNORE_ROWS', 'IGNORE_COLUMNS', 'SHOW_BOTH'] as const);
/** Charts.ChartMergeStrategy (reference/charts/ChartMergeStrategy.md). */
export const CHART_MERGE_STRATEGY = enumOf(['MERGE_COLUMNS', 'MERGE_ROWS'] as const);

/** The Charts service as scripts use it here: its enums (no method of it is modelled). */
export class FakeCharts extends FakeObject {
  readonly className = 'Charts';
  readonly ChartType = CHART_TYPE;
  readonly ChartHiddenDimensionStrategy = CHART_HIDDEN_DIMENSION_STRATEGY;
  readonly ChartMergeStrategy = CHART_MERGE_STRATEGY;
}

/** What a chart is made of; a builder edits a copy, a built chart holds one. */
export interface ChartSpec {
  type: string | null;
  ranges: FakeRange[];
  options: Map<string, unknown>;
  /** setPosition(anchorRowPos, anchorColPos, offsetX, offsetY): 1-based anchor cell. */
  position: { row: number; col: number; offsetX: number; offsetY: number };
  hidden: string;
  merge: string;
  numHeaders: number;
  transpose: boolean;
}

function copySpec(s: ChartSpec): ChartSpec {
  return { ...s, ranges: [...s.ranges], options: new Map(s.options), position: { ...s.position } };
}

const sameRange = (a: FakeRange, b: FakeRange) => a._sheet === b._sheet && a.getA1Notation() === b.getA1Notation();

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

export class FakeEmbeddedChartBuilder extends FakeObject {
  readonly className = 'EmbeddedChartBuilder';
  readonly _spec: ChartSpec;

  /** `chartId`: the chart modify() was called on (null for Sheet.newChart()). */
  constructor(ctx: Ctx, readonly _sheet: FakeSheet, spec: ChartSpec | null, readonly _chartId: number | null) {
    super(ctx);
    this._spec = spec
      ? copySpec(spec)
      : {
          type: null, ranges: [], options: new Map(), position: { row: 1, col: 1, offsetX: 0, offsetY: 0 },
          // "Defaults to IGNORE_ROWS" (EmbeddedChartBuilder.setHiddenDimensionStrategy; the enum's page calls
          // IGNORE_BOTH the default: the builder's page is followed, and code that needs hidden columns says so).
          hidden: 'IGNORE_ROWS', merge: 'MERGE_COLUMNS', numHeaders: -1, transpose: false,
        };
  }

  /** "Does not add the range if it has already been added to the chart." */
  addRange(range: FakeRange): this {
    if (!(range instanceof FakeRange)) throw this.ctx.error(MSG.signature(describeArg(range), 'SpreadsheetApp.EmbeddedChartBuilder.addRange'));
    if (!this._spec.ranges.some((r) => sameRange(r, range))) this._spec.ranges.push(range);
    return this;
  }
  /** "Does not throw an error if the range is not in this chart." */
  removeRange(range: FakeRange): this {
    this._spec.ranges = this._spec.ranges.filter((r) => !sameRange(r, range));
    return this;
  }
  clearRanges(): this {
    this._spec.ranges = [];
    return this;
  }
  /** "Returns a copy of the list of ranges currently providing data for this chart." */
  getRanges(): FakeRange[] {
    return [...this._spec.ranges];
  }
  setChartType(type: unknown): this {
    if (typeof type !== 'string' || !(type in CHART_TYPE)) throw this.ctx.error(MSG.signature(describeArg(type), 'SpreadsheetApp.EmbeddedChartBuilder.setChartType'));
    this._spec.type = type;
    return this;
  }
  getChartType(): string | null {
    return this._spec.type;
  }
  /** "anchorRowPos and anchorColPos are 1-indexed." */
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): this {
    const args = [anchorRowPos, anchorColPos, offsetX, offsetY];
    if (!args.every(isInt) || anchorRowPos < 1 || anchorColPos < 1)
      throw this.ctx.error(MSG.signature(args.map(describeArg).join(','), 'SpreadsheetApp.EmbeddedChartBuilder.setPosition'));
    this._spec.position = { row: anchorRowPos, col: anchorColPos, offsetX, offsetY };
    return this;
  }
  getContainer(): FakeContainerInfo {
    return new FakeContainerInfo(this.ctx, this._spec.position);
  }
  /** Stored as given: the method "doesn't validate the option you specify". */
  setOption(option: string, value: unknown): this {
    if (typeof option !== 'string') throw this.ctx.error(MSG.signature(describeArg(option), 'SpreadsheetApp.EmbeddedChartBuilder.setOption'));
    this._spec.options.set(option, value);
    return this;
  }
  setHiddenDimensionStrategy(strategy: unknown): this {
    if (typeof strategy !== 'string' || !(strategy in CHART_HIDDEN_DIMENSION_STRATEGY))
      throw this.ctx.error(MSG.signature(describeArg(strategy), 'SpreadsheetApp.EmbeddedChartBuilder.setHiddenDimensionStrategy'));
    this._spec.hidden = strategy;
    return this;
  }
  setMergeStrategy(strategy: unknown): this {
    if (typeof strategy !== 'string' || !(strategy in CHART_MERGE_STRATEGY))
      throw this.ctx.error(MSG.signature(describeArg(strategy), 'SpreadsheetApp.EmbeddedChartBuilder.setMergeStrategy'));
    this._spec.merge = strategy;
    return this;
  }
  /** "Negative values cause headers to be auto-detected." */
  setNumHeaders(headers: number): this {
    if (!isInt(headers)) throw this.ctx.error(MSG.signature(describeArg(headers), 'SpreadsheetApp.EmbeddedChartBuilder.setNumHeaders'));
    this._spec.numHeaders = headers;
    return this;
  }
  setTransposeRowsAndColumns(transpose: boolean): this {
    this._spec.transpose = !!transpose;
    return this;
  }
  /** "This method does not automatically draw the chart on top of the spreadsheet" (insertChart does). */
  build(): FakeEmbeddedChart {
    return new FakeEmbeddedChart(this.ctx, this._sheet, copySpec(this._spec), this._chartId);
  }
}

export class FakeEmbeddedChart extends FakeObject {
  readonly className = 'EmbeddedChart';
  constructor(ctx: Ctx, readonly _sheet: FakeSheet, readonly _spec: ChartSpec, public _chartId: number | null) {
    super(ctx);
  }
  /** "or null if the chart is not in a spreadsheet". */
  getChartId(): number | null {
    return this._chartId;
  }
  getRanges(): FakeRange[] {
    return [...this._spec.ranges];
  }
  /** "The returned options are immutable." */
  getOptions(): FakeChartOptions {
    return new FakeChartOptions(this.ctx, new Map(this._spec.options));
  }
  getContainerInfo(): FakeContainerInfo {
    return new FakeContainerInfo(this.ctx, this._spec.position);
  }
  getHiddenDimensionStrategy(): string {
    return this._spec.hidden;
  }
  getMergeStrategy(): string {
    return this._spec.merge;
  }
  getNumHeaders(): number {
    return this._spec.numHeaders;
  }
  getTransposeRowsAndColumns(): boolean {
    return this._spec.transpose;
  }
  /** "Invoke sheet.updateChart(chart) to save any changes." */
  modify(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(this.ctx, this._sheet, this._spec, this._chartId);
  }
}

export class FakeChartOptions extends FakeObject {
  readonly className = 'ChartOptions';
  constructor(ctx: Ctx, private readonly _options: Map<string, unknown>) {
    super(ctx);
  }
  /** "The value currently set for the specified option or null if the option was not set" (ChartOptions.get). */
  get(option: string): unknown {
    return this._options.has(option) ? this._options.get(option) : null;
  }
  /** Defaults are not modelled: null for an option not set ("returns null if the default value is not available"). */
  getOrDefault(option: string): unknown {
    return this.get(option);
  }
}

export class FakeContainerInfo extends FakeObject {
  readonly className = 'ContainerInfo';
  constructor(ctx: Ctx, private readonly _at: ChartSpec['position']) {
    super(ctx);
  }
  getAnchorRow(): number {
    return this._at.row;
  }
  getAnchorColumn(): number {
    return this._at.col;
  }
  getOffsetX(): number {
    return this._at.offsetX;
  }
  getOffsetY(): number {
    return this._at.offsetY;
  }
}
