/**
 * The reference for the service-call counts: a WorkbookPort over SpreadsheetApp written the way a first script is,
 * one cell at a time (getRange(r, c).getValue() to read, setValue / setNumberFormat / setBackground per cell to
 * write). It produces the same sheets as SheetsWorkbook; it lives only in the bench.
 */
import { gradeColor } from '../../src/core/grades';
import { SHEET } from '../../src/core/layout/sheet-names';
import { a1, type CellText, type Scalar, type SheetData, type SheetOutput, type WorkbookPort } from '../../src/core/workbook';
import { asTypedText } from '../../src/gas/sheets-workbook';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const BACKGROUNDS: Record<string, string> = { header: '#d9d9d9', readonly: '#f2f2f2', editable: '#fff9e0' };
const BOLD = ['title', 'header', 'section'];

export class NaiveSheetsWorkbook implements WorkbookPort {
  constructor(private readonly ss: GoogleAppsScript.Spreadsheet.Spreadsheet) {}

  sheetNames(): string[] {
    return this.ss.getSheets().map((s) => s.getName());
  }

  readSheet(name: string): SheetData | undefined {
    const sheet = this.ss.getSheetByName(name);
    if (!sheet) return undefined;
    const rows = sheet.getLastRow();
    const cols = sheet.getLastColumn();
    const values: Scalar[][] = [];
    for (let r = 1; r <= rows; r++) {
      const line: Scalar[] = [];
      for (let c = 1; c <= cols; c++) line.push(sheet.getRange(r, c).getValue() as Scalar);
      values.push(line);
    }
    const formats = () => values.map((line, i) => line.map((_, j) => {
      const f = sheet.getRange(i + 1, j + 1).getNumberFormat();
      return f === '0.###############' ? '' : f;
    }));
    return { name, values, formats };
  }

  writeSheets(outputs: SheetOutput[]): void {
    for (const out of outputs) this.write(this.prepare(out), out);
  }

  setFindingNotes(name: string, notes: CellText[]): void {
    const sheet = this.ss.getSheetByName(name);
    if (sheet) for (const n of notes) sheet.getRange(n.row, n.col).setNote(n.text);
  }

  writeTexts(name: string, cells: CellText[]): void {
    const sheet = this.ss.getSheetByName(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    for (const c of cells) {
      const cell = sheet.getRange(c.row, c.col);
      cell.setNumberFormat('@');
      cell.setValue(c.text);
    }
  }

  appendLog(rows: Scalar[][]): void {
    const sheet = this.ss.getSheetByName(SHEET.log) ?? this.ss.insertSheet(SHEET.log);
    let r = sheet.getLastRow();
    for (const line of rows) {
      r++;
      line.forEach((v, j) => sheet.getRange(r, j + 1).setNumberFormat('@').setValue(String(v)));
    }
  }

  protectSheet(): void {
    // The rollup never re-protects a sheet; only setup does.
  }

  private prepare(out: SheetOutput): Sheet {
    const sheet = this.ss.getSheetByName(out.name);
    if (!sheet) return this.ss.insertSheet(out.name, Math.min(out.position ?? this.ss.getNumSheets(), this.ss.getNumSheets()));
    sheet.clear();
    sheet.clearNotes();
    sheet.getDataRange().clearDataValidations();
    sheet.clearConditionalFormatRules();
    for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)) p.remove();
    return sheet;
  }

  private write(sheet: Sheet, out: SheetOutput): void {
    const cells = (r: { row: number; col: number; numRows: number; numCols: number }, fn: (range: GoogleAppsScript.Spreadsheet.Range, at: string) => void) => {
      for (let i = r.row; i < r.row + r.numRows; i++) for (let j = r.col; j < r.col + r.numCols; j++) fn(sheet.getRange(i, j), a1(i, j));
    };
    // Text-formatted cells keep a string as written; every other cell gets the quote prefix where Sheets would parse it.
    const text = new Set<string>();
    for (const { range, format } of out.numberFormats ?? [])
      cells(range, (c, at) => {
        c.setNumberFormat(format);
        if (format === '@') text.add(at);
      });
    out.values.forEach((line, i) =>
      line.forEach((v, j) => {
        if (v === '') return;
        const at = a1(i + 1, j + 1);
        sheet.getRange(i + 1, j + 1).setValue(typeof v === 'string' && !text.has(at) ? asTypedText(v) : v);
      }),
    );
    for (const { range, style } of out.styles ?? []) {
      if (BACKGROUNDS[style]) cells(range, (c) => c.setBackground(BACKGROUNDS[style]));
      if (BOLD.includes(style)) cells(range, (c) => c.setFontWeight('bold'));
    }
    for (const link of out.links ?? []) {
      const target = this.ss.getSheetByName(link.sheet);
      if (!target) continue;
      const label = String(out.values[link.row - 1]?.[link.col - 1] ?? '').replace(/"/g, '""');
      sheet.getRange(link.row, link.col).setValue(`=HYPERLINK("#gid=${target.getSheetId()}&range=${link.cell}","${label}")`);
    }
    for (const n of out.notes ?? []) sheet.getRange(n.row, n.col).setNote(n.text);
    for (const h of out.helpTexts ?? []) {
      const rule = SpreadsheetApp.newDataValidation().requireFormulaSatisfied(`=LEN(${a1(h.range.row, h.range.col)})<=${h.maxLength ?? 50000}`)
        .setAllowInvalid(true).setHelpText(h.text).build();
      cells(h.range, (c) => c.setDataValidation(rule));
    }
    for (const v of out.listValidations ?? []) {
      const rule = SpreadsheetApp.newDataValidation().requireValueInList(v.values, true).setAllowInvalid(true).setHelpText(v.helpText).build();
      cells(v.range, (c) => c.setDataValidation(rule));
    }
    if (out.gradeRanges?.length) {
      const rules = out.gradeRanges.flatMap(({ range, grades }) =>
        grades.map((g, i) => SpreadsheetApp.newConditionalFormatRule().whenTextEqualTo(g).setBackground(`#${gradeColor(i, grades.length)}`)
          .setRanges([sheet.getRange(range.row, range.col, range.numRows, range.numCols)]).build()));
      sheet.setConditionalFormatRules(rules);
    }
    if (out.frozenRows !== undefined) sheet.setFrozenRows(out.frozenRows);
    (out.columnWidths ?? []).forEach((w, i) => {
      if (w > 0) sheet.setColumnWidth(i + 1, w * 8);
    });
    if (out.editableRanges) {
      const protection = sheet.protect().setDescription('進捗: 入力欄以外は編集できません');
      protection.setUnprotectedRanges(out.editableRanges.map((r) => sheet.getRange(r.row, r.col, r.numRows, r.numCols)));
      protection.addEditor(Session.getEffectiveUser());
      protection.removeEditors(protection.getEditors());
    }
    if (out.hidden) sheet.hideSheet();
  }
}
