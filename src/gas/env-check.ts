/**
 * The probes of 環境チェック: each one writes to a temporary sheet through the same calls the add-in's own writes
 * use (SheetsWorkbook.writeTexts, asTypedText, SpreadsheetCalendar), reads back and returns what it saw; what that
 * means is src/core/env-check.ts's business. The temporary sheet is removed and the person's sheet and selection
 * restored whatever a probe does (try/finally); a probe that throws is recorded and the others still run.
 */
import { calendarDate, isoDayText } from '../core/calendar';
import {
  ENV_PROBES,
  PROBE_DESCRIPTION,
  TEMP_SHEET,
  TEMP_SHEET_TAKEN,
  customFunctionSettled,
  listedAddresses,
  type ActivationSeen,
  type CellSeen,
  type CleanupSeen,
  type CustomFunctionSeen,
  type DateSeen,
  type EnvObservations,
  type IdentitySeen,
  type NewProtectionSeen,
  type Probe,
  type ProtectionSeen,
  type RangeListSeen,
  type SeenValue,
  type ValidationSeen,
} from '../core/env-check';
import type { EnvReport } from '../core/env-check-report';
import { envCheckRows } from '../core/env-check-rows';
import { UserError, errorText } from '../core/errors';
import { SHEET } from '../core/layout/sheet-names';
import { authorizeIn } from '../core/roles';
import { a1, type Scalar } from '../core/workbook';
import { SheetsWorkbook, asTypedText, isAutomaticFormat } from './sheets-workbook';
import { SpreadsheetCalendar, datesAsSerials, isDateValue, timeZones } from './time-zone';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

/** One column of the temporary sheet per probe, so no probe reads what another wrote. */
const COL = {
  plainTextOneByOne: 1,
  plainTextAtOnce: 2,
  quoted: 3,
  quotedType: 4,
  unquoted: 5,
  unquotedType: 6,
  quoteInPlainText: 7,
  date: 8,
  percent: 9,
  percentFormula: 10,
  validation: 11,
  untouched: 12,
  /** The cell the new-protection probe protects (a range protection writes no cell). */
  newProtection: 13,
} as const;

function attempt<T>(probe: () => T): Probe<T> {
  try {
    return { seen: probe() };
  } catch (e) {
    return { error: errorText(e) };
  }
}

function seenValue(v: unknown): SeenValue {
  if (isDateValue(v)) return { date: Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString() };
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : String(v);
}

/** A column of cells read back in four calls (five with the TYPE column beside it). */
function readBack(range: Range, written: readonly string[], types?: Range): CellSeen[] {
  const values = range.getValues();
  const formulas = range.getFormulas();
  const formats = range.getNumberFormats();
  const displays = range.getDisplayValues();
  const typeValues = types?.getValues();
  return written.map((w, i) => ({
    written: w,
    value: seenValue(values[i][0]),
    formula: formulas[i][0],
    // As the add-in reads it: '' for the format of a cell nobody formatted.
    format: isAutomaticFormat(formats[i][0]) ? '' : formats[i][0],
    display: displays[i][0],
    ...(typeValues ? { type: seenValue(typeValues[i][0]) } : {}),
  }));
}

const column = (sheet: Sheet, col: number, rows: number) => sheet.getRange(1, col, rows, 1);
const typeFormulas = (col: number, rows: number) => Array.from({ length: rows }, (_, i) => [`=TYPE(${a1(i + 1, col)})`]);

/** Who Google says runs this execution, and under whose authority (Session reference: "In most other scenarios, this returns the same account"). */
export function probeIdentity(): Probe<IdentitySeen> {
  return attempt(() => ({ active: Session.getActiveUser().getEmail(), effective: Session.getEffectiveUser().getEmail() }));
}

/** The sidebar's path (writeTexts: plain text, then one setValue per cell) and the log's (plain text, then setValues). */
function probePlainText(ss: Spreadsheet, sheet: Sheet): { oneByOne: CellSeen[]; atOnce: CellSeen[] } {
  const texts = ENV_PROBES.plainText;
  new SheetsWorkbook(ss).writeTexts(TEMP_SHEET, texts.map((text, i) => ({ row: i + 1, col: COL.plainTextOneByOne, text })));
  column(sheet, COL.plainTextAtOnce, texts.length).setNumberFormat('@').setValues(texts.map((t) => [t]));
  return { oneByOne: readBack(column(sheet, COL.plainTextOneByOne, texts.length), texts), atOnce: readBack(column(sheet, COL.plainTextAtOnce, texts.length), texts) };
}

/** Texts as the add-in writes them into cells that are not plain text (asTypedText), each with =TYPE() beside it. */
function probeQuoted(sheet: Sheet): CellSeen[] {
  const texts = ENV_PROBES.quoted;
  column(sheet, COL.quoted, texts.length).setValues(texts.map((t) => [asTypedText(t)]));
  column(sheet, COL.quotedType, texts.length).setFormulas(typeFormulas(COL.quoted, texts.length));
  return readBack(column(sheet, COL.quoted, texts.length), texts, column(sheet, COL.quotedType, texts.length));
}

/** The same kind of texts written raw: what Sheets turns them into. */
function probeUnquoted(sheet: Sheet): CellSeen[] {
  const texts = ENV_PROBES.unquoted;
  column(sheet, COL.unquoted, texts.length).setValues(texts.map((t) => [t]));
  column(sheet, COL.unquotedType, texts.length).setFormulas(typeFormulas(COL.unquoted, texts.length));
  return readBack(column(sheet, COL.unquoted, texts.length), texts, column(sheet, COL.unquotedType, texts.length));
}

function probeQuoteInPlainText(ss: Spreadsheet, sheet: Sheet): CellSeen {
  const text = ENV_PROBES.quoteInPlainText;
  new SheetsWorkbook(ss).writeTexts(TEMP_SHEET, [{ row: 1, col: COL.quoteInPlainText, text }]);
  return readBack(column(sheet, COL.quoteInPlainText, 1), [text])[0];
}

/**
 * A date typed as people type it, read the way the add-in reads date cells and by V8's own clock; and the same date
 * written the way the add-in writes one (datesAsSerials: a serial and a date format), read back.
 */
function probeDate(ss: Spreadsheet, sheet: Sheet): DateSeen {
  const calendar = new SpreadsheetCalendar(() => ss.getSpreadsheetTimeZone());
  const asRead = (v: unknown) => (isDateValue(v) ? isoDayText(calendar.calendarOf(v)) : '');
  const [y, m, d] = ENV_PROBES.expectedDate.split('-').map(Number);
  const grid: Scalar[][] = [[calendarDate(y, m, d)]];
  const [{ format }] = datesAsSerials(grid);
  sheet.getRange(2, COL.date).setNumberFormat(format).setValues(grid);
  const writtenBack = asRead(sheet.getRange(2, COL.date).getValue());

  const cell = sheet.getRange(1, COL.date);
  cell.setValue(ENV_PROBES.typedDate);
  const value: unknown = cell.getValue();
  const [seen] = readBack(cell, [ENV_PROBES.typedDate]);
  const scriptZone = Session.getScriptTimeZone();
  if (!isDateValue(value)) return { cell: seen, asRead: '', writtenBack, inScriptZone: '', localClock: '', scriptZone };
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    cell: seen,
    asRead: asRead(value),
    writtenBack,
    inScriptZone: Utilities.formatDate(value, scriptZone, 'yyyy-MM-dd'),
    localClock: `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`,
    scriptZone,
  };
}

/** 30.7 % as Sheets stores it and the add-in's custom function next to it; the function runs in its own execution, so the cell is read until it settles. */
function probePercent(sheet: Sheet): CustomFunctionSeen {
  const { value, format, formula: formulaOf } = ENV_PROBES.percent;
  sheet.getRange(1, COL.percent).setNumberFormat(format).setValue(value);
  const formula = formulaOf(a1(1, COL.percent));
  const cell = sheet.getRange(1, COL.percentFormula).setFormula(formula);
  let seen: SeenValue = '';
  let attempts = 0;
  for (;;) {
    SpreadsheetApp.flush();
    seen = seenValue(cell.getValue());
    attempts++;
    if (customFunctionSettled(seen) || attempts >= ENV_PROBES.customFunctionReads) break;
    Utilities.sleep(ENV_PROBES.customFunctionWaitMs);
  }
  return { formula, value: seen, display: cell.getDisplayValue(), attempts };
}

/**
 * A protection narrowed in Google's order (the script's user, then nobody copied from the file), then 設定's addresses
 * as protection.ts adds them: all in one addEditors call and, when Google refuses that, one at a time, so a refused
 * address is known by name and message.
 */
function probeProtection(sheet: Sheet, emails: readonly string[]): ProtectionSeen {
  const p = sheet.protect().setDescription(PROBE_DESCRIPTION);
  p.addEditor(Session.getEffectiveUser());
  p.removeEditors(p.getEditors());
  if (p.canDomainEdit()) p.setDomainEdit(false);
  let batchError = '';
  if (emails.length)
    try {
      p.addEditors([...emails]);
    } catch (e) {
      batchError = errorText(e);
    }
  const refused: ProtectionSeen['refused'] = [];
  if (batchError)
    for (const email of emails)
      try {
        p.addEditor(email);
      } catch (e) {
        refused.push({ email, message: errorText(e) });
      }
  return { tried: [...emails], batchError, refused, editorsAfter: p.getEditors().map((u) => u.getEmail()) };
}

/**
 * What a new protection lists before anyone changes it, and after its first editor call (the script's user added,
 * as in Google's sample), next to the file's editors: protection.ts narrows a new protection with one removeEditors
 * of the file's editors, so anyone else it listed would keep their right. A range protection, so the sheet's own
 * (probeProtection's, which marks the sheet as the check's) is left alone; removed again whatever happens.
 */
function probeNewProtection(ss: Spreadsheet, sheet: Sheet): NewProtectionSeen {
  const emails = (users: GoogleAppsScript.Base.User[]) => users.map((u) => u.getEmail());
  const file = emails(ss.getEditors());
  const me = Session.getEffectiveUser();
  const p = sheet.getRange(1, COL.newProtection).protect();
  try {
    const fresh = emails(p.getEditors());
    p.addEditor(me);
    return { file, fresh, afterFirstChange: emails(p.getEditors()), me: me.getEmail() };
  } finally {
    p.remove();
  }
}

/** A1 notations out of order and overlapping, and what getRanges() hands back (reads only, nothing is written). */
function probeRangeList(sheet: Sheet): RangeListSeen {
  const asked = [...ENV_PROBES.rangeList];
  return { asked, got: sheet.getRangeList(asked).getRanges().map((r) => r.getA1Notation()) };
}

/** Last of the probes: it clears the sheet. */
function probeClear(sheet: Sheet): ValidationSeen {
  const cell = sheet.getRange(1, COL.validation);
  cell.setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(['A', 'B'], true).build());
  const before = cell.getDataValidation() !== null;
  sheet.clear();
  return { before, after: sheet.getRange(1, COL.validation).getDataValidation() !== null };
}

/** Removes a temporary sheet an interrupted check left behind (known by its protection); any other sheet of that name stops the check. */
function removeLeftover(ss: Spreadsheet): boolean {
  const old = ss.getSheetByName(TEMP_SHEET);
  if (!old) return false;
  const ours = old.getProtections(SpreadsheetApp.ProtectionType.SHEET).some((p) => p.getDescription() === PROBE_DESCRIPTION);
  if (!ours) throw new UserError(TEMP_SHEET_TAKEN);
  ss.deleteSheet(old);
  return true;
}

const selectionOf = (ss: Spreadsheet) => ss.getActiveRange()?.getA1Notation() ?? '';

/**
 * Everything that needs the temporary sheet. `emails` are 設定's addresses (null: no 設定, nothing to protect for).
 * Restoring as SheetsWorkbook does after its own insertSheet: setActiveSheet with restoreSelection.
 */
export function probeOnTemporarySheet(ss: Spreadsheet, emails: readonly string[] | null): Partial<EnvObservations> {
  const leftoverRemoved = removeLeftover(ss);
  const before = ss.getActiveSheet();
  const activation: ActivationSeen = { before: before.getName(), selectionBefore: selectionOf(ss), temp: TEMP_SHEET, afterInsert: '', restored: '', selectionRestored: '' };
  const obs: Partial<EnvObservations> = {};
  let temp: Sheet | null = null;
  try {
    temp = ss.insertSheet(TEMP_SHEET, ss.getNumSheets());
    const sheet = temp;
    activation.afterInsert = ss.getActiveSheet().getName();
    obs.untouchedFormat = attempt(() => {
      const format = sheet.getRange(1, COL.untouched).getNumberFormat();
      return { format, readAsAutomatic: isAutomaticFormat(format) };
    });
    obs.protection = attempt(() => probeProtection(sheet, emails ?? []));
    obs.newProtection = attempt(() => probeNewProtection(ss, sheet));
    obs.rangeList = attempt(() => probeRangeList(sheet));
    obs.plainText = attempt(() => probePlainText(ss, sheet));
    obs.quoteInPlainText = attempt(() => probeQuoteInPlainText(ss, sheet));
    obs.quoted = attempt(() => probeQuoted(sheet));
    obs.unquoted = attempt(() => probeUnquoted(sheet));
    obs.date = attempt(() => probeDate(ss, sheet));
    obs.percent = attempt(() => probePercent(sheet));
    obs.clear = attempt(() => probeClear(sheet));
  } finally {
    // Each step on its own: a failed restore must not keep the temporary sheet, nor the other way round.
    const restore = attempt(() => ss.setActiveSheet(before, true));
    if (temp) {
      const removed = temp;
      obs.cleanup = attempt((): CleanupSeen => {
        ss.deleteSheet(removed);
        return { temp: TEMP_SHEET, leftoverRemoved };
      });
    }
    obs.activation =
      'error' in restore
        ? restore
        : attempt(() => ({ ...activation, restored: ss.getActiveSheet().getName(), selectionRestored: selectionOf(ss) }));
  }
  return obs;
}

/**
 * 環境チェック for the person running it: who they are first (Session only); someone Google does not name gets the
 * checks that write nothing, a named person must be a coordinator (a 設定 that cannot be read yet lets them through,
 * as for the other jobs), and then everything runs on the temporary sheet.
 */
export function checkEnvironment(ss: Spreadsheet): EnvReport {
  const identity = probeIdentity();
  const email = 'seen' in identity ? identity.seen.active : '';
  const wb = new SheetsWorkbook(ss);
  const listed = listedAddresses(wb.readSheet(SHEET.settings));
  const obs: EnvObservations = { identity, listed, zones: attempt(() => timeZones(ss)) };
  if (email === '') obs.skipped = 'noEmail';
  else {
    authorizeIn(wb, email, { kind: 'coordinator', what: '環境チェック' });
    Object.assign(obs, probeOnTemporarySheet(ss, listed && listed.map((a) => a.email)));
  }
  const zone = Session.getScriptTimeZone();
  return { checkedAt: `${Utilities.formatDate(new Date(), zone, 'yyyy-MM-dd HH:mm')} ${zone}`, spreadsheet: ss.getName(), rows: envCheckRows(obs) };
}
