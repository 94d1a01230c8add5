/** Data validation rules and their builder (platform-facts fact 45; allowInvalid defaults to true). */
import type { Ctx } from './context';
import { FakeObject } from './wrap';

export const DATA_VALIDATION_CRITERIA = [
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_IS_VALID_DATE',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
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
  'TEXT_IS_VALID_EMAIL',
  'TEXT_IS_VALID_URL',
  'VALUE_IN_LIST',
  'VALUE_IN_RANGE',
  'CUSTOM_FORMULA',
  'CHECKBOX',
] as const;
export type DataValidationCriteriaName = (typeof DATA_VALIDATION_CRITERIA)[number];

interface RuleState {
  criteria: DataValidationCriteriaName | null;
  args: unknown[];
  allowInvalid: boolean;
  helpText: string | null;
}

function copyState(s: RuleState): RuleState {
  return { criteria: s.criteria, args: [...s.args], allowInvalid: s.allowInvalid, helpText: s.helpText };
}

export class FakeDataValidation extends FakeObject {
  readonly className = 'DataValidation';
  constructor(
    ctx: Ctx,
    readonly _state: RuleState,
  ) {
    super(ctx);
  }
  getCriteriaType(): string | null {
    return this._state.criteria;
  }
  getCriteriaValues(): unknown[] {
    return [...this._state.args];
  }
  getAllowInvalid(): boolean {
    return this._state.allowInvalid;
  }
  getHelpText(): string | null {
    return this._state.helpText;
  }
  copy(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder(this.ctx, copyState(this._state));
  }
}

export class FakeDataValidationBuilder extends FakeObject {
  readonly className = 'DataValidationBuilder';
  constructor(
    ctx: Ctx,
    readonly _state: RuleState = { criteria: null, args: [], allowInvalid: true, helpText: null },
  ) {
    super(ctx);
  }
  private _set(criteria: DataValidationCriteriaName, args: unknown[]): this {
    this._state.criteria = criteria;
    this._state.args = args;
    return this;
  }
  build(): FakeDataValidation {
    return new FakeDataValidation(this.ctx, copyState(this._state));
  }
  copy(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder(this.ctx, copyState(this._state));
  }
  getCriteriaType(): string | null {
    return this._state.criteria;
  }
  getCriteriaValues(): unknown[] {
    return [...this._state.args];
  }
  getAllowInvalid(): boolean {
    return this._state.allowInvalid;
  }
  getHelpText(): string | null {
    return this._state.helpText;
  }
  setAllowInvalid(allow: boolean): this {
    this._state.allowInvalid = allow;
    return this;
  }
  setHelpText(text: string): this {
    this._state.helpText = text;
    return this;
  }
  withCriteria(criteria: DataValidationCriteriaName, args: unknown[]): this {
    return this._set(criteria, [...args]);
  }
  requireValueInList(values: unknown[], showDropdown = true): this {
    return this._set('VALUE_IN_LIST', [[...values], showDropdown]);
  }
  requireValueInRange(range: unknown, showDropdown = true): this {
    return this._set('VALUE_IN_RANGE', [range, showDropdown]);
  }
  requireTextIsEmail(): this {
    return this._set('TEXT_IS_VALID_EMAIL', []);
  }
  requireTextIsUrl(): this {
    return this._set('TEXT_IS_VALID_URL', []);
  }
  requireTextContains(text: string): this {
    return this._set('TEXT_CONTAINS', [text]);
  }
  requireTextEqualTo(text: string): this {
    return this._set('TEXT_EQUAL_TO', [text]);
  }
  requireNumberBetween(start: number, end: number): this {
    return this._set('NUMBER_BETWEEN', [start, end]);
  }
  requireNumberNotBetween(start: number, end: number): this {
    return this._set('NUMBER_NOT_BETWEEN', [start, end]);
  }
  requireNumberEqualTo(n: number): this {
    return this._set('NUMBER_EQUAL_TO', [n]);
  }
  requireNumberGreaterThan(n: number): this {
    return this._set('NUMBER_GREATER_THAN', [n]);
  }
  requireNumberGreaterThanOrEqualTo(n: number): this {
    return this._set('NUMBER_GREATER_THAN_OR_EQUAL_TO', [n]);
  }
  requireNumberLessThan(n: number): this {
    return this._set('NUMBER_LESS_THAN', [n]);
  }
  requireNumberLessThanOrEqualTo(n: number): this {
    return this._set('NUMBER_LESS_THAN_OR_EQUAL_TO', [n]);
  }
  requireDate(): this {
    return this._set('DATE_IS_VALID_DATE', []);
  }
  requireDateBetween(start: Date, end: Date): this {
    return this._set('DATE_BETWEEN', [start, end]);
  }
  requireCheckbox(checked?: unknown, unchecked?: unknown): this {
    const args = checked === undefined ? [] : unchecked === undefined ? [checked] : [checked, unchecked];
    return this._set('CHECKBOX', args);
  }
  requireFormulaSatisfied(formula: string): this {
    return this._set('CUSTOM_FORMULA', [formula]);
  }
}
