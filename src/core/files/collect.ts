/**
 * Taking department files back (issue 16 item 2, 回答 → 集約): each returned file is checked against its stamp and
 * the book, and what the department typed goes into its tab, one cell at a time, each recorded in 変更履歴 as
 * 「回収（<file name>）」.
 *
 * A file is refused as a whole (reported, nothing of it imported) when it carries no readable stamp, or its stamp
 * names another plan (計画名), a department without indicators, another fiscal year than the one collected, or a
 * 計画マスタ that changed since issue (its rows or 予定 are not the book's any more); when the year is closed; and
 * when it would change a tab that is submitted or confirmed in the cycle (提出済・所属長確認済・確認済: a 差戻し
 * first). Otherwise, per entry cell of the year (実績・コメント・要因・今後の方向性), against the text at issue:
 *
 * - file = book: unchanged;
 * - only the department changed it: imported;
 * - only the book changed it since issue: the book's value stays (unchanged);
 * - both changed it, differently: a conflict, listed with both values; the book's value stays, or the file's with
 *   preferFile (then logged like an import).
 *
 * A file marked 提出済 (the year under evaluation only) marks the tab 提出済 and records the 提出 in 確認履歴 with its
 * 照合値 (cycle/lock.ts), as the sidebar's 提出 does. Cells outside the entry area that differ from issue are listed
 * and ignored, as are sheets added or renamed (a renamed department sheet is still read when it is the only one).
 * Collecting the same files again changes nothing: every cell is then equal to the book.
 *
 * The files are read through `sheetNames`/`readSheet` only, so any shell that can read an .xlsx (the command line
 * and the Sheets dialog, through exchange.ts) hands them over as they are.
 */
import { UserError } from '../errors';
import { LOCKED_STATES, entryCheck } from '../cycle/lock';
import { readReviewLog } from '../cycle/records';
import { readCycle, recordSubmission, recordsOf, type CycleBook } from '../cycle/service';
import { deriveState, type CycleState } from '../cycle/states';
import { analyzePlan } from '../jobs';
import { logRows, type Actor, type LogEntry, type LogHow } from '../layout/change-log';
import { readDeptTab, SUBMITTED, NOT_SUBMITTED, type DeptTab } from '../layout/department';
import { reportingDepts } from '../layout/master';
import { SHEET } from '../layout/sheet-names';
import { cellText } from '../layout/table';
import { dayText } from '../calendar';
import { indicatorKey } from '../model';
import { formatFiscalYear } from '../parse/fiscal-year';
import { entryText } from '../sidebar/service';
import { a1, parseA1, type CellText, type SheetData, type WorkbookPort } from '../workbook';
import { fieldCellsOf, FILE_SHEETS } from './department-file';
import { COMMAND_LINE_HINTS, type FileHints } from './hints';
import { areaChanges, ENTRY_FIELD_LABELS, ENTRY_FIELDS, masterFingerprint, readStamp, STAMP_SHEET, type EntryField, type Stamp } from './stamp';

/** A returned file as a shell read it: its name (for messages and 変更履歴) and its sheets. */
export interface ReturnedFile {
  name: string;
  sheets: Pick<WorkbookPort, 'sheetNames' | 'readSheet'>;
}

export interface CollectOptions {
  actor: Actor;
  /** null: 設定's 評価年度. */
  year: number | null;
  /** In a conflict, the file's value wins (logged) instead of the book's. */
  preferFile?: boolean;
  /** What the messages say to do next (the command line's by default). */
  hints?: FileHints;
}

export interface CellRef {
  /** A1 in the book's department tab. */
  cell: string;
  no: number;
  name: string;
  field: EntryField;
  fieldLabel: string;
}

export interface ImportedCell extends CellRef {
  before: string;
  after: string;
}

export interface ConflictCell extends CellRef {
  fileValue: string;
  bookValue: string;
  /** Which value the book holds now. */
  kept: 'book' | 'file';
}

export interface FileReport {
  file: string;
  /** The stamp's department and year ('' / null when there is no readable stamp). */
  dept: string;
  fiscalYear: number | null;
  /** refused: nothing imported (message says why); unchanged: nothing to import; imported: cells written. */
  outcome: 'imported' | 'unchanged' | 'refused';
  message: string;
  imported: ImportedCell[];
  unchanged: number;
  conflicts: ConflictCell[];
  /** Cells (A1 of the file's department sheet) changed outside the entry area: ignored. */
  outside: { cell: string; value: string }[];
  addedSheets: string[];
  renamedSheets: { from: string; to: string }[];
  /** This file marked the tab 提出済. */
  submitted: boolean;
  /** The file says 提出済 but the tab was not marked so: why (errors in the entries, a 要因 missing). */
  notSubmitted: string[];
}

export interface CollectResult {
  fiscalYear: number;
  fiscalYearLabel: string;
  files: FileReport[];
  /** 報告部門 with no file accepted in this run whose tab is not submitted either (入力中・差戻し). */
  missing: string[];
}

const OUTSIDE_MAX = 200;

function report(file: string, stamp: Stamp | null): FileReport {
  return {
    file, dept: stamp?.dept ?? '', fiscalYear: stamp?.fiscalYear ?? null, outcome: 'refused', message: '',
    imported: [], unchanged: 0, conflicts: [], outside: [], addedSheets: [], renamedSheets: [], submitted: false, notSubmitted: [],
  };
}

/** A file that could not be opened at all (not an .xlsx, damaged, protected by a password): the shell's message. */
export function unreadableFile(file: string, message: string): FileReport {
  return { ...report(file, null), message };
}

/** The state of a department in the year, read fresh (an earlier file of this run may have moved it). */
function stateNow(book: WorkbookPort, c: CycleBook, dept: string, tab: DeptTab): CycleState {
  const records = readReviewLog(book.readSheet(SHEET.review)).records;
  const submittedCell = c.fy === c.settings.evaluationYear ? tab.submitted : null;
  return deriveState({ closed: c.analysis.closedYears.includes(c.fy), submittedCell, records: recordsOf({ ...c, records }, dept) });
}

/** Collects returned files into the book (see the header). Reads the plan once; writes each accepted file's cells. */
export function collectFiles(book: WorkbookPort, files: readonly (ReturnedFile | FileReport)[], options: CollectOptions): CollectResult {
  const c = readCycle(book, options.year, '回収');
  const period = { firstYear: c.settings.firstYear, lastYear: c.settings.lastYear };
  const depts = reportingDepts(c.analysis.indicators);
  const masters = new Map(depts.map((d) => [d, masterFingerprint(c.analysis.indicators, d)]));
  const reports = files.map((f) => ('outcome' in f ? f : collectOne(book, c, f, { depts, masters, period }, options)));
  const accepted = new Set(reports.filter((r) => r.outcome !== 'refused').map((r) => r.dept));
  const missing = depts.filter((d) => {
    if (accepted.has(d)) return false;
    const raw = book.readSheet(d);
    const tab = raw ? readDeptTab(raw, period) : null;
    return !tab || ['入力中', '差戻し'].includes(stateNow(book, c, d, tab));
  });
  return { fiscalYear: c.fy, fiscalYearLabel: formatFiscalYear(c.fy), files: reports, missing };
}

interface Known {
  depts: string[];
  masters: Map<string, string>;
  period: { firstYear: number; lastYear: number };
}

function collectOne(book: WorkbookPort, c: CycleBook, file: ReturnedFile, known: Known, options: CollectOptions): FileReport {
  const reading = readStamp(file.sheets.readSheet(STAMP_SHEET));
  const r = report(file.name, reading.stamp);
  const refuse = (message: string) => ({ ...r, outcome: 'refused' as const, message: `${file.name}: ${message}。取り込みませんでした` });
  if (!reading.stamp) return refuse(reading.problem);
  const stamp = reading.stamp;
  const fyLabel = formatFiscalYear(stamp.fiscalYear);
  const hints = options.hints ?? COMMAND_LINE_HINTS;
  if (stamp.plan !== c.settings.title) return refuse(`別の計画（「${stamp.plan}」）のファイルです（このブックは「${c.settings.title}」。配布した後に「設定」の計画名を変えたときは、${hints.reissue}）`);
  if (stamp.fiscalYear !== c.fy) return refuse(`${fyLabel}のファイルです（回収するのは${formatFiscalYear(c.fy)}。${hints.otherYear(stamp.fiscalYear)}）`);
  if (!known.depts.includes(stamp.dept)) return refuse(`部門「${stamp.dept}」のファイルですが、計画マスタにこの部門の指標がありません`);
  if (known.masters.get(stamp.dept) !== stamp.master)
    return refuse(`配布した後に計画マスタの「${stamp.dept}」の指標（No.・指標名・単位・予定など）が変わりました。${hints.reissue}`);
  if (c.analysis.closedYears.includes(c.fy)) return refuse(`${fyLabel}は年度確定済みです。直す必要があれば、先に「年度確定の解除」をしてください`);

  // The department's sheet: by its name, or the one sheet that reads as a department tab (renamed).
  const names = file.sheets.sheetNames();
  const others = names.filter((n) => n !== stamp.dept && !FILE_SHEETS.includes(n));
  let sheet: SheetData | undefined = names.includes(stamp.dept) ? file.sheets.readSheet(stamp.dept) : undefined;
  let fileTab = sheet ? readDeptTab(sheet, known.period) : null;
  if (!sheet) {
    const candidates = others.map((n) => file.sheets.readSheet(n)!).filter((s) => readDeptTab(s, known.period));
    if (candidates.length !== 1) return refuse(`「${stamp.dept}」シートがありません（名前を変えたか削除したときは、元に戻してください）`);
    sheet = candidates[0];
    fileTab = readDeptTab(sheet, known.period);
    r.renamedSheets.push({ from: stamp.dept, to: sheet.name });
  }
  r.addedSheets.push(...others.filter((n) => n !== sheet!.name));
  if (!fileTab || !fileTab.years.includes(c.fy)) return refuse(`「${sheet.name}」シートの見出し（No.・指標名・${fyLabel} 実績）が読めません。元に戻してください`);
  r.outside = areaChanges(stamp.area, sheet).slice(0, OUTSIDE_MAX).map((cell) => {
    const { row, col } = parseA1(cell)!;
    return { cell, value: cellText(sheet!.values[row - 1]?.[col - 1] ?? '') };
  });

  const raw = book.readSheet(stamp.dept);
  const bookTab = raw ? readDeptTab(raw, known.period) : null;
  if (!bookTab || !bookTab.years.includes(c.fy))
    return refuse(`ブックに部門シート「${stamp.dept}」（${fyLabel}の実績の列）がありません。${hints.setup}`);

  const issued = new Map(stamp.entries.map((e) => [`${indicatorKey(e.no, e.name)}|${e.field}`, e.text]));
  const fileRows = new Map(fileTab.rows.map((row) => [indicatorKey(row.no, row.name), row]));
  const writes: CellText[] = [];
  const log: LogEntry[] = [];
  const how = `回収（${file.name}）` as const;
  for (const row of bookTab.rows) {
    const fileRow = fileRows.get(indicatorKey(row.no, row.name));
    for (const field of ENTRY_FIELDS) {
      const bookCell = fieldCellsOf(row, field).get(c.fy);
      if (!bookCell) continue;
      const bookText = entryText(bookCell);
      const fileText = fileRow ? entryText(fieldCellsOf(fileRow, field).get(c.fy)) : bookText;
      const atIssue = issued.get(`${indicatorKey(row.no, row.name)}|${field}`) ?? '';
      const ref: CellRef = { cell: a1(bookCell.row, bookCell.col), no: row.no, name: row.name, field, fieldLabel: ENTRY_FIELD_LABELS[field] };
      if (fileText === bookText || fileText === atIssue) {
        r.unchanged++;
        continue;
      }
      if (bookText !== atIssue) {
        r.conflicts.push({ ...ref, fileValue: fileText, bookValue: bookText, kept: options.preferFile ? 'file' : 'book' });
        if (!options.preferFile) continue;
      }
      writes.push({ row: bookCell.row, col: bookCell.col, text: fileText });
      log.push({ sheet: stamp.dept, cell: ref.cell, before: bookText, after: fileText, how });
      r.imported.push({ ...ref, before: bookText, after: fileText });
    }
  }
  const submits = fileTab.submitted && c.fy === c.settings.evaluationYear && !bookTab.submitted && !!bookTab.statusCell;
  if (!writes.length && !submits) return { ...r, outcome: 'unchanged', message: `${file.name}: 「${stamp.dept}」の${fyLabel}に取り込む変更はありません` };

  const state = stateNow(book, c, stamp.dept, bookTab);
  if (state === '確定' || LOCKED_STATES.includes(state))
    return refuse(`「${stamp.dept}」の${fyLabel}は「${state}」のため変更できません（${r.imported.length}件の変更があります）。取り込むには、先に差戻ししてください`);

  if (writes.length) {
    book.writeTexts(stamp.dept, writes);
    book.appendLog(logRows(log, options.actor));
  }
  if (submits) {
    // As the sidebar's 提出: not while the year's entries have errors or lack a 要因 they need (the entries stay in).
    const problems = submitProblems(book, stamp.dept, c.fy, known.period);
    if (problems.length) r.notSubmitted = problems;
    else {
      markSubmitted(book, stamp.dept, c.fy, cellText(fileTab.submittedAt), how, options.actor, known.period);
      r.submitted = true;
    }
  }
  if (!r.imported.length && !r.submitted)
    return { ...r, outcome: 'unchanged', message: `${file.name}: 「${stamp.dept}」の${fyLabel}に取り込む変更はありません（提出済ですが、次の問題があるため提出として扱いませんでした）` };
  const parts = [`${r.imported.length}件を取り込みました`, r.submitted ? '提出済にしました' : '', r.notSubmitted.length ? '提出済になっていますが、次の問題があるため提出として扱いませんでした' : '']
    .filter(Boolean).join('、');
  return { ...r, outcome: 'imported', message: `${file.name}: 「${stamp.dept}」の${fyLabel}に${parts}` };
}

/** Why the department's tab may not be marked 提出済 now: errors in the year's entries, and 要因 it needs (none: it may). */
function submitProblems(book: WorkbookPort, dept: string, fy: number, period: Known['period']): string[] {
  const analysis = analyzePlan(book, '回収');
  const tab = readDeptTab(book.readSheet(dept)!, period)!;
  const cells = new Set(tab.rows.flatMap((row) => ENTRY_FIELDS.map((f) => fieldCellsOf(row, f).get(fy)).filter((x) => !!x).map((x) => a1(x!.row, x!.col))));
  const errors = analysis.findings.filter((f) => f.sheet === dept && f.severity === 'error' && cells.has(f.cell) && f.code !== 'cause-missing');
  return [
    ...errors.map((f) => `${dept}!${f.cell}: ${f.message}`),
    ...analysis.causesMissing.filter((m) => m.department === dept).map((m) => `${dept}!${m.cell}: ${m.message}`),
  ];
}

/** Marks the tab 提出済 (提出日 as the file says, else today), logged, and records the 提出 with its 照合値 (lock.ts). */
function markSubmitted(book: WorkbookPort, dept: string, fy: number, fileDate: string, how: LogHow, actor: Actor, period: Known['period']): void {
  const tab = readDeptTab(book.readSheet(dept)!, period)!;
  const date = fileDate || dayText(actor.now);
  const writes: CellText[] = [{ ...parseA1(tab.statusCell)!, text: SUBMITTED }];
  const log: LogEntry[] = [{ sheet: dept, cell: tab.statusCell, before: NOT_SUBMITTED, after: SUBMITTED, how }];
  if (tab.dateCell) {
    writes.push({ ...parseA1(tab.dateCell)!, text: date });
    log.push({ sheet: dept, cell: tab.dateCell, before: cellText(tab.submittedAt), after: date, how });
  }
  book.writeTexts(dept, writes);
  book.appendLog(logRows(log, actor));
  const after = readDeptTab(book.readSheet(dept)!, period);
  if (!after) throw new UserError(`部門シート「${dept}」が読めなくなりました`);
  recordSubmission(book, dept, fy, actor, entryCheck(after, fy));
}
