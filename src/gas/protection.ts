/**
 * Who may edit a sheet, as Sheets protections (platform-facts §3 facts 42–43, §6 fact 70). A script runs as the
 * person using it, so every sheet must stay editable by whoever's job writes it: coordinators for the sheets the
 * add-in generates, a department's 入力担当者 on its entry cells. Sheets never removes the owner or the person
 * running the script from a protection, and people who edit through a Google Group or the whole domain keep
 * editing unless that right is taken from the protection too: see protectFor.
 */
import type { CellRange, SheetEditors, SheetOutput } from '../core/workbook';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Protection = GoogleAppsScript.Spreadsheet.Protection;

/** Every protection the add-in makes starts with this, so it can find and replace its own and no one else's. */
const OWN = '進捗:';

export const DESCRIPTIONS = {
  open: `${OWN} 入力欄以外は編集できません`,
  department: `${OWN} 入力欄以外は調整担当者だけが編集できます`,
  entries: `${OWN} 入力欄（この部門の入力担当者と調整担当者が編集できます）`,
  generated: `${OWN} アドオンが書き込むシートです（調整担当者だけが編集できます）`,
  snapshot: `${OWN} 確定した年度の控えです（編集できません）`,
  log: `${OWN} 変更履歴（アドオンが追記します。編集しないでください）`,
} as const;

/**
 * Makes `p` editable only by `editors` (plus the owner and the script's user, whom Sheets keeps). Google's order:
 * add the script's user first, so removing a group that granted their own right never throws; then drop every
 * editor the protection copied from the file (groups included) and domain-wide editing.
 */
function limitTo(p: Protection, editors: readonly string[]): Protection {
  if (p.isWarningOnly()) p.setWarningOnly(false);
  p.addEditor(Session.getEffectiveUser());
  p.removeEditors(p.getEditors());
  if (p.canDomainEdit()) p.setDomainEdit(false);
  if (editors.length) p.addEditors([...editors]);
  return p;
}

function box(ranges: readonly CellRange[]): CellRange {
  const top = Math.min(...ranges.map((r) => r.row));
  const left = Math.min(...ranges.map((r) => r.col));
  const bottom = Math.max(...ranges.map((r) => r.row + r.numRows - 1));
  const right = Math.max(...ranges.map((r) => r.col + r.numCols - 1));
  return { row: top, col: left, numRows: bottom - top + 1, numCols: right - left + 1 };
}

/** Removes the range protections the add-in made on the sheet (those the user may remove). */
export function dropOwnRangeProtections(sheet: Sheet): void {
  for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE))
    if (p.getDescription().startsWith(OWN) && p.canEdit()) p.remove();
}

/**
 * Protects the whole sheet; `open` ranges are left to more people. Without `editors` (a shell that was not told who)
 * `open` is editable by every editor of the file. With them, the sheet is for `editors.sheet`, and one range
 * protection over the box around `open` is for `editors.sheet` + `editors.entries`: cells of that box outside
 * `open` stay blocked by the sheet protection (any protection that blocks a user blocks them).
 */
export function protectFor(sheet: Sheet, open: readonly CellRange[], editors: SheetEditors | undefined, description: string): void {
  dropOwnRangeProtections(sheet);
  const protection = limitTo(sheet.protect().setDescription(description), editors?.sheet ?? []);
  protection.setUnprotectedRanges(open.map((r) => sheet.getRange(r.row, r.col, r.numRows, r.numCols)));
  if (!editors || !open.length) return;
  const b = box(open);
  const entries = sheet.getRange(b.row, b.col, b.numRows, b.numCols).protect().setDescription(DESCRIPTIONS.entries);
  limitTo(entries, [...new Set([...editors.sheet, ...(editors.entries ?? [])])]);
}

/** The description of the protection of a sheet written whole. */
export function describe(out: Pick<SheetOutput, 'editors' | 'editableRanges' | 'readOnly'>): string {
  if (out.readOnly) return DESCRIPTIONS.snapshot;
  if (!out.editors) return DESCRIPTIONS.open;
  return out.editableRanges?.length ? DESCRIPTIONS.department : DESCRIPTIONS.generated;
}

/** Sheets' message when a script writes where its user may not (platform-facts fact 44). */
export function isProtectedCellError(e: unknown): boolean {
  // Not `instanceof Error`: errors thrown by Apps Script services need not come from the script's own realm.
  const message = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
  return /protected cell or object/i.test(message);
}
