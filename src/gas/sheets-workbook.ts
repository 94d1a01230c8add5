/**
 * The WorkbookPort over SpreadsheetApp. Reading a sheet costs a fixed number of calls (its data range, values,
 * number formats) whatever its size; writing groups cells by format and style into RangeLists, so the number of
 * calls grows with the number of sheets and distinct styles, never with the number of rows.
 */
import { gradeColor } from '../core/grades';
import { a1, type CellRange, type CellStyle, type Scalar, type SheetData, type SheetOutput, type WorkbookPort } from '../core/workbook';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const BACKGROUNDS: Partial<Record<CellStyle, string>> = {
  header: '#d9d9d9',
  readonly: '#f2f2f2',
  editable: '#fff9e0',
};
const BOLD: readonly CellStyle[] = ['title', 'header', 'section'];

/** Pixel width of one character-width unit used in SheetOutput.columnWidths. */
const PX_PER_CHAR = 8;

export function rangeA1(r: CellRange): string {
  const end = a1(r.row + r.numRows - 1, r.col + r.numCols - 1);
  const start = a1(r.row, r.col);
  return start === end ? start : `${start}:${end}`;
}

/**
 * A string as Sheets must receive it to store it as that text: setValues parses strings like typed input, so
 * anything it would turn into a formula, number, boolean or date gets the quote prefix (which Sheets drops).
 */
export function asTypedText(s: string): string {
  if (s === '') return s;
  if (/^[=+\-@'\t\r]/.test(s)) return `'${s}`;
  if (/^[\s\d.,%+\-/:()¥$]+$/.test(s) || /^(true|false)$/i.test(s)) return `'${s}`;
  return s;
}

function hyperlink(sheetId: number, cell: string, text: Scalar): string {
  const label = String(text instanceof Date ? text.toISOString() : text).replace(/"/g, '""');
  return `=HYPERLINK("#gid=${sheetId}&range=${cell}","${label}")`;
}

export class SheetsWorkbook implements WorkbookPort {
  private sheets: Sheet[] | null = null;

  constructor(private readonly ss: Spreadsheet) {}

  private all(): Sheet[] {
    this.sheets ??= this.ss.getSheets();
    return this.sheets;
  }

  private byName(name: string): Sheet | undefined {
    return this.all().find((s) => s.getName() === name);
  }

  sheetNames(): string[] {
    return this.all().map((s) => s.getName());
  }

  readSheet(name: string): SheetData | undefined {
    const sheet = this.byName(name);
    if (!sheet) return undefined;
    const range = sheet.getDataRange();
    const values = range.getValues() as Scalar[][];
    // An empty sheet's data range is A1 holding ''.
    if (values.length === 1 && values[0].length === 1 && values[0][0] === '') return { name, values: [], formats: [] };
    return { name, values, formats: range.getNumberFormats() };
  }

  writeSheets(outputs: SheetOutput[]): void {
    // Create or clear every sheet first, so links can name the id of a sheet written in the same call.
    const targets = outputs.map((out) => ({ out, sheet: this.prepare(out) }));
    const ids = new Map(this.all().map((s) => [s.getName(), s.getSheetId()]));
    for (const { out, sheet } of targets) this.write(sheet, out, ids);
  }

  private prepare(out: SheetOutput): Sheet {
    let sheet = this.byName(out.name);
    if (!sheet) {
      const at = Math.min(out.position ?? this.all().length, this.all().length);
      sheet = this.ss.insertSheet(out.name, at);
      this.sheets = null;
      return sheet;
    }
    sheet.clear();
    sheet.clearNotes();
    sheet.getDataRange().clearDataValidations();
    sheet.clearConditionalFormatRules();
    for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)) p.remove();
    return sheet;
  }

  private write(sheet: Sheet, out: SheetOutput, ids: Map<string, number>): void {
    const width = Math.max(1, ...out.values.map((r) => r.length));
    const grid: Scalar[][] = out.values.map((r) => {
      const row = r.map((v) => (typeof v === 'string' ? asTypedText(v) : v));
      while (row.length < width) row.push('');
      return row;
    });
    for (const link of out.links ?? []) {
      const id = ids.get(link.sheet);
      const cur = grid[link.row - 1]?.[link.col - 1];
      if (id !== undefined && cur !== undefined) grid[link.row - 1][link.col - 1] = hyperlink(id, link.cell, out.values[link.row - 1][link.col - 1]);
    }

    // Formats before values: a text-formatted cell keeps what is written as text.
    this.byGroup(sheet, out.numberFormats ?? [], (x) => x.format, (list, format) => list.setNumberFormat(format));
    if (grid.length) sheet.getRange(1, 1, grid.length, width).setValues(grid);

    const styles = out.styles ?? [];
    this.byGroup(sheet, styles.filter((s) => BACKGROUNDS[s.style]), (s) => BACKGROUNDS[s.style]!, (list, bg) => list.setBackground(bg));
    const bold = styles.filter((s) => BOLD.includes(s.style));
    if (bold.length) sheet.getRangeList(bold.map((s) => rangeA1(s.range))).setFontWeight('bold');

    for (const n of out.notes ?? []) sheet.getRange(n.row, n.col).setNote(n.text);
    // Sheets has no input prompt; the help goes on the header cell above each entry column.
    for (const h of out.helpTexts ?? []) if (h.range.row > 1) sheet.getRange(h.range.row - 1, h.range.col).setNote(h.text);
    for (const v of out.listValidations ?? []) {
      const rule = SpreadsheetApp.newDataValidation().requireValueInList(v.values, true).setAllowInvalid(true).setHelpText(v.helpText).build();
      sheet.getRange(v.range.row, v.range.col, v.range.numRows, v.range.numCols).setDataValidation(rule);
    }
    if (out.gradeRanges?.length) {
      const rules = out.gradeRanges.flatMap(({ range, grades }) =>
        grades.map((g, i) =>
          SpreadsheetApp.newConditionalFormatRule()
            .whenTextEqualTo(g)
            .setBackground(`#${gradeColor(i, grades.length)}`)
            .setRanges([sheet.getRange(range.row, range.col, range.numRows, range.numCols)])
            .build(),
        ),
      );
      sheet.setConditionalFormatRules(rules);
    }
    if (out.frozenRows !== undefined) sheet.setFrozenRows(out.frozenRows);
    (out.columnWidths ?? []).forEach((w, i) => {
      if (w > 0) sheet.setColumnWidth(i + 1, w * PX_PER_CHAR);
    });
    if (out.editableRanges) {
      const protection = sheet.protect().setDescription('進捗: 入力欄以外は編集できません');
      protection.setUnprotectedRanges(out.editableRanges.map((r) => sheet.getRange(r.row, r.col, r.numRows, r.numCols)));
      // Google's order: keep the script's user, then drop the rest, so a group-granted right never throws.
      protection.addEditor(Session.getEffectiveUser());
      protection.removeEditors(protection.getEditors());
      if (protection.canDomainEdit()) protection.setDomainEdit(false);
    }
    if (out.hidden) sheet.hideSheet();
    else if (sheet.isSheetHidden()) sheet.showSheet();
  }

  /** One RangeList call per distinct key (format or colour), whatever the number of cells. */
  private byGroup<T extends { range: CellRange }>(
    sheet: Sheet,
    items: T[],
    key: (x: T) => string,
    apply: (list: GoogleAppsScript.Spreadsheet.RangeList, key: string) => void,
  ): void {
    const groups = new Map<string, string[]>();
    for (const x of items) {
      const k = key(x);
      const list = groups.get(k);
      if (list) list.push(rangeA1(x.range));
      else groups.set(k, [rangeA1(x.range)]);
    }
    for (const [k, a1s] of groups) apply(sheet.getRangeList(a1s), k);
  }
}
