/** SpreadsheetApp: entry point, builders, enums and flush(). */
import { BOOLEAN_CRITERIA, FakeConditionalFormatRuleBuilder } from './conditional-format';
import type { Ctx } from './context';
import { MSG } from './errors';
import type { FakeSpreadsheet } from './spreadsheet';
import type { FakeSheet } from './sheet';
import { FakeUi } from './ui';
import { DATA_VALIDATION_CRITERIA, FakeDataValidationBuilder } from './validation';
import { FakeObject } from './wrap';

const enumOf = <T extends string>(names: readonly T[]) =>
  Object.freeze(Object.fromEntries(names.map((n) => [n, n]))) as { readonly [K in T]: K };

export const PROTECTION_TYPE = enumOf(['RANGE', 'SHEET'] as const);
export const DIMENSION = enumOf(['ROWS', 'COLUMNS'] as const);
export const DATA_VALIDATION_CRITERIA_ENUM = enumOf(DATA_VALIDATION_CRITERIA);
export const BOOLEAN_CRITERIA_ENUM = enumOf(BOOLEAN_CRITERIA);
export const WRAP_STRATEGY = enumOf(['WRAP', 'OVERFLOW', 'CLIP'] as const);

export class FakeSpreadsheetApp extends FakeObject {
  readonly className = 'SpreadsheetApp';
  readonly ProtectionType = PROTECTION_TYPE;
  readonly Dimension = DIMENSION;
  readonly DataValidationCriteria = DATA_VALIDATION_CRITERIA_ENUM;
  readonly BooleanCriteria = BOOLEAN_CRITERIA_ENUM;
  readonly WrapStrategy = WRAP_STRATEGY;

  constructor(
    ctx: Ctx,
    readonly _ss: FakeSpreadsheet,
    readonly _ui: FakeUi,
  ) {
    super(ctx);
  }
  /** null in a clock-trigger run: no document is open there (triggers.ts, [reported]). */
  getActiveSpreadsheet(): FakeSpreadsheet | null {
    return this.ctx.triggerRun ? null : this._ss;
  }
  getActive(): FakeSpreadsheet | null {
    return this.ctx.triggerRun ? null : this._ss;
  }
  getActiveSheet(): FakeSheet | null {
    return this._ss._active;
  }
  /** No UI in a clock-trigger run [reported: "Exception: Cannot call SpreadsheetApp.getUi() from this context. | time-based", GitHub davepar/gcalendarsync#93]. */
  getUi(): FakeUi {
    if (this.ctx.triggerRun) throw this.ctx.error(MSG.noUi);
    return this._ui;
  }
  /** A no-op apart from the bookkeeping tests observe (env.flushes, env.flushBeforeRelease). */
  flush(): void {
    this.ctx.noteFlush();
  }
  newDataValidation(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder(this.ctx);
  }
  newConditionalFormatRule(): FakeConditionalFormatRuleBuilder {
    return new FakeConditionalFormatRuleBuilder(this.ctx);
  }
  /** Only the bound spreadsheet can be opened (currentonly scope); gated like the real call. */
  openById(id: string): FakeSpreadsheet {
    if (id === this._ss._id) return this._ss;
    throw this.ctx.error(`Unexpected error while getting the method or property openById on object SpreadsheetApp.`);
  }
}
