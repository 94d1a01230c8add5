/** Conditional format rules and their builder (fact 48: Sheet.setConditionalFormatRules replaces all). */
import type { Ctx } from './context';
import { FakeObject } from './wrap';

export const BOOLEAN_CRITERIA = [
  'CELL_EMPTY',
  'CELL_NOT_EMPTY',
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_EQUAL_TO',
  'DATE_AFTER_RELATIVE',
  'DATE_BEFORE_RELATIVE',
  'DATE_EQUAL_TO_RELATIVE',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_STARTS_WITH',
  'TEXT_ENDS_WITH',
  'CUSTOM_FORMULA',
] as const;
export type BooleanCriteriaName = (typeof BOOLEAN_CRITERIA)[number];

interface CfState {
  criteria: BooleanCriteriaName | null;
  values: unknown[];
  background: string | null;
  fontColor: string | null;
  bold: boolean | null;
  italic: boolean | null;
  ranges: object[];
}

function copyState(s: CfState): CfState {
  return { ...s, values: [...s.values], ranges: [...s.ranges] };
}

export class FakeColor extends FakeObject {
  readonly className = 'Color';
  constructor(
    ctx: Ctx,
    private readonly hex: string,
  ) {
    super(ctx);
  }
  asHexString(): string {
    return this.hex;
  }
  asRgbColor(): FakeColor {
    return this;
  }
  getColorType(): string {
    return 'RGB';
  }
}

export class FakeBooleanCondition extends FakeObject {
  readonly className = 'BooleanCondition';
  constructor(
    ctx: Ctx,
    private readonly s: CfState,
  ) {
    super(ctx);
  }
  getCriteriaType(): string | null {
    return this.s.criteria;
  }
  getCriteriaValues(): unknown[] {
    return [...this.s.values];
  }
  getBackgroundObject(): FakeColor | null {
    return this.s.background === null ? null : new FakeColor(this.ctx, this.s.background);
  }
  getFontColorObject(): FakeColor | null {
    return this.s.fontColor === null ? null : new FakeColor(this.ctx, this.s.fontColor);
  }
  getBold(): boolean | null {
    return this.s.bold;
  }
  getItalic(): boolean | null {
    return this.s.italic;
  }
}

export class FakeConditionalFormatRule extends FakeObject {
  readonly className = 'ConditionalFormatRule';
  constructor(
    ctx: Ctx,
    readonly _state: CfState,
  ) {
    super(ctx);
  }
  getRanges(): object[] {
    return [...this._state.ranges];
  }
  getBooleanCondition(): FakeBooleanCondition | null {
    return this._state.criteria === null ? null : new FakeBooleanCondition(this.ctx, copyState(this._state));
  }
  getGradientCondition(): null {
    return null;
  }
  copy(): FakeConditionalFormatRuleBuilder {
    return new FakeConditionalFormatRuleBuilder(this.ctx, copyState(this._state));
  }
}

export class FakeConditionalFormatRuleBuilder extends FakeObject {
  readonly className = 'ConditionalFormatRuleBuilder';
  constructor(
    ctx: Ctx,
    readonly _state: CfState = {
      criteria: null,
      values: [],
      background: null,
      fontColor: null,
      bold: null,
      italic: null,
      ranges: [],
    },
  ) {
    super(ctx);
  }
  private _when(criteria: BooleanCriteriaName, values: unknown[]): this {
    this._state.criteria = criteria;
    this._state.values = values;
    return this;
  }
  build(): FakeConditionalFormatRule {
    return new FakeConditionalFormatRule(this.ctx, copyState(this._state));
  }
  copy(): FakeConditionalFormatRuleBuilder {
    return new FakeConditionalFormatRuleBuilder(this.ctx, copyState(this._state));
  }
  getRanges(): object[] {
    return [...this._state.ranges];
  }
  getBooleanCondition(): FakeBooleanCondition | null {
    return this._state.criteria === null ? null : new FakeBooleanCondition(this.ctx, copyState(this._state));
  }
  setRanges(ranges: object[]): this {
    this._state.ranges = [...ranges];
    return this;
  }
  setBackground(color: string | null): this {
    this._state.background = color;
    return this;
  }
  setFontColor(color: string | null): this {
    this._state.fontColor = color;
    return this;
  }
  setBold(bold: boolean | null): this {
    this._state.bold = bold;
    return this;
  }
  setItalic(italic: boolean | null): this {
    this._state.italic = italic;
    return this;
  }
  whenCellEmpty(): this {
    return this._when('CELL_EMPTY', []);
  }
  whenCellNotEmpty(): this {
    return this._when('CELL_NOT_EMPTY', []);
  }
  whenTextEqualTo(text: string): this {
    return this._when('TEXT_EQUAL_TO', [text]);
  }
  whenTextContains(text: string): this {
    return this._when('TEXT_CONTAINS', [text]);
  }
  whenTextDoesNotContain(text: string): this {
    return this._when('TEXT_DOES_NOT_CONTAIN', [text]);
  }
  whenTextStartsWith(text: string): this {
    return this._when('TEXT_STARTS_WITH', [text]);
  }
  whenTextEndsWith(text: string): this {
    return this._when('TEXT_ENDS_WITH', [text]);
  }
  whenFormulaSatisfied(formula: string): this {
    return this._when('CUSTOM_FORMULA', [formula]);
  }
  whenNumberBetween(start: number, end: number): this {
    return this._when('NUMBER_BETWEEN', [start, end]);
  }
  whenNumberNotBetween(start: number, end: number): this {
    return this._when('NUMBER_NOT_BETWEEN', [start, end]);
  }
  whenNumberEqualTo(n: number): this {
    return this._when('NUMBER_EQUAL_TO', [n]);
  }
  whenNumberNotEqualTo(n: number): this {
    return this._when('NUMBER_NOT_EQUAL_TO', [n]);
  }
  whenNumberGreaterThan(n: number): this {
    return this._when('NUMBER_GREATER_THAN', [n]);
  }
  whenNumberGreaterThanOrEqualTo(n: number): this {
    return this._when('NUMBER_GREATER_THAN_OR_EQUAL_TO', [n]);
  }
  whenNumberLessThan(n: number): this {
    return this._when('NUMBER_LESS_THAN', [n]);
  }
  whenNumberLessThanOrEqualTo(n: number): this {
    return this._when('NUMBER_LESS_THAN_OR_EQUAL_TO', [n]);
  }
}
