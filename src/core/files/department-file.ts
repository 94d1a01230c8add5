/**
 * One department's file to hand out (issue 16 item 1, 照会): the sheets of an .xlsx a coordinator mails to a 報告部門.
 *
 * - 「記入要領」: how to fill it in (the department tab's own help texts), the deadline (設定's 提出期限) and whom to
 *   send it back to (調整部門, 調整担当者メール).
 * - The department's tab as the book has it (layout/department.ts deptTabSheet: same rows, same help texts and
 *   lists), with only the chosen year's 実績・コメント・要因・今後の方向性 and the 提出状況・提出日 cells unlocked; 予定
 *   and every other year are read-only (the other years are passed as closed, so the layout locks them).
 * - 「配布情報」: the stamp (stamp.ts), very hidden.
 *
 * Pure: the shell writes the outputs into a new workbook (the command line's split, the Sheets dialog's download: exchange.ts).
 * A sheet protection without a password stops nobody; what the department changes where it should not is found by
 * collect against the stamp, and ignored.
 */
import { UserError } from '../errors';
import { readCycle, type CycleBook } from '../cycle/service';
import { COMMAND_LINE_HINTS, type FileHints } from './hints';
import { japaneseDate, parseDeadline } from '../cycle/deadline';
import { CAUSE_HELP, DIRECTION_HELP } from '../direction';
import { logTime, UNKNOWN_USER, type Actor } from '../layout/change-log';
import { deptTabSheet, ENTRY_HELP, SUBMITTED, type DeptRow } from '../layout/department';
import { isActive, reportingDepts } from '../layout/master';
import { isReservedName } from '../layout/sheet-names';
import type { Settings } from '../model';
import { formatFiscalYear } from '../parse/fiscal-year';
import { entryText } from '../sidebar/service';
import type { SheetOutput, WorkbookPort } from '../workbook';
import { areaCheck, ENTRY_FIELDS, masterFingerprint, STAMP_SHEET, stampSheet, type EntryField, type IssuedEntry, type Stamp } from './stamp';

export const GUIDE_SHEET = '記入要領';
/** The job's name in messages. */
export const ISSUE_JOB = '部門ファイルの作成';
/** Sheets of a department file that are not the department's tab. */
export const FILE_SHEETS: readonly string[] = [GUIDE_SHEET, STAMP_SHEET];

export interface IssueOptions {
  /** The book as readCycle read it for this year (read here when absent). */
  read?: CycleBook;
  /** What the messages say to do next (the command line's by default). */
  hints?: FileHints;
}

export interface DepartmentFile {
  dept: string;
  fiscalYear: number;
  /** In tab order: 記入要領, the department's tab, 配布情報. */
  outputs: SheetOutput[];
  stamp: Stamp;
}

/** The row's cells of an entry field, per year. */
export function fieldCellsOf(row: DeptRow, field: EntryField): DeptRow['actuals'] {
  return field === 'actual' ? row.actuals : field === 'comment' ? row.comments : field === 'cause' ? row.causes : row.directions;
}

/**
 * Every 報告部門's file for a fiscal year (null: 設定's 評価年度). Refuses a closed year (nothing to fill in) and a
 * department without its tab in the book (collect would have nowhere to write: run setup first).
 */
export function departmentFiles(book: WorkbookPort, year: number | null, actor: Actor, options: IssueOptions = {}): DepartmentFile[] {
  const c = options.read ?? readCycle(book, year, ISSUE_JOB);
  const hints = options.hints ?? COMMAND_LINE_HINTS;
  const what = ISSUE_JOB;
  const { analysis, settings, fy } = c;
  if (analysis.closedYears.includes(fy))
    throw new UserError(`${what}: ${formatFiscalYear(fy)}は年度確定済みのため、記入してもらう部門ファイルは作れません`);
  const depts = reportingDepts(analysis.indicators);
  if (!depts.length) throw new UserError(`${what}: 計画マスタに報告部門のある指標がありません`);
  const missing = depts.filter((d) => !analysis.tabs.some((t) => t.sheet === d));
  if (missing.length)
    throw new UserError(`${what}: 部門シート（${missing.map((d) => `「${d}」`).join('')}）がないか、見出しが壊れています。${hints.setup}`);
  const clash = depts.find((d) => FILE_SHEETS.includes(d) || isReservedName(d));
  if (clash) throw new UserError(`${what}: 報告部門「${clash}」は部門ファイルのシート名と同じです。計画マスタの報告部門を変えてください`);
  const years: number[] = [];
  for (let y = settings.firstYear; y <= settings.lastYear; y++) years.push(y);
  const guide = guideSheet(settings, fy, actor);

  return depts.map((dept): DepartmentFile => {
    const existing = analysis.tabs.find((t) => t.sheet === dept)!;
    const mine = analysis.indicators.filter((i) => isActive(i) && i.reportingDept === dept);
    const built = deptTabSheet(dept, mine, years, existing, { closedYears: years.filter((y) => y !== fy) });
    // A new file: nothing of an older sheet to carry.
    const tab: SheetOutput = { ...built };
    delete tab.carry;
    const entries: IssuedEntry[] = [];
    for (const row of existing.rows)
      for (const field of ENTRY_FIELDS) {
        const text = entryText(fieldCellsOf(row, field).get(fy));
        if (text) entries.push({ no: row.no, name: row.name, field, text });
      }
    const editable = new Set<string>();
    for (const r of tab.editableRanges ?? [])
      for (let i = 0; i < r.numRows; i++) for (let j = 0; j < r.numCols; j++) editable.add(`${r.row + i},${r.col + j}`);
    const stamp: Stamp = {
      plan: settings.title, dept, fiscalYear: fy, master: masterFingerprint(analysis.indicators, dept),
      issuedAt: logTime(actor.now), issuedBy: actor.user || UNKNOWN_USER, entries, area: areaCheck(tab.values, editable),
    };
    return { dept, fiscalYear: fy, outputs: [guide(dept), tab, stampSheet(stamp)], stamp };
  });
}

/** 記入要領 for one department: what to type where, by when, and to whom the file goes back. */
function guideSheet(settings: Settings, fy: number, actor: Actor): (dept: string) => SheetOutput {
  const label = formatFiscalYear(fy);
  const deadline = parseDeadline(settings.deadline, fy);
  const due = deadline.day ? japaneseDate(deadline.day) : settings.deadline.trim() || '（設定されていません。調整部門に確認してください）';
  const mails = settings.coordinators.join('、');
  const to = settings.coordinatorDept ? `${settings.coordinatorDept}${mails ? `（${mails}）` : ''}` : mails || '（設定されていません。調整部門に確認してください）';
  return (dept) => {
    const values = [
      [`${settings.title} ${label} 実績の記入要領（${dept}）`],
      [''],
      ['記入するところ', `「${dept}」シートの${label}の「実績」「コメント」「要因」「今後の方向性」（色の付いた欄）と、1行目の「提出状況」です。予定とほかの年度は変更できません（変えても取り込まれません）。`],
      ['実績', ENTRY_HELP],
      ['コメント', '実績の補足（測り方の変更、対象の増減など）を書いてください。'],
      ['要因', CAUSE_HELP],
      ['今後の方向性', DIRECTION_HELP],
      ['提出状況', `入力が終わったら「${SUBMITTED}」を選んでください。`],
      ['提出期限', due],
      ['提出先', to],
      ['返送のしかた', 'このファイルを Excel などで保存し、ファイル名を変えずにメールで返送してください。シートの追加・削除・名前の変更、行や列の挿入・削除はしないでください（取り込めないことがあります）。'],
      ['発行', `${logTime(actor.now)} ${actor.user || UNKNOWN_USER}`],
    ];
    return {
      name: GUIDE_SHEET,
      values,
      styles: [
        { range: { row: 1, col: 1, numRows: 1, numCols: 1 }, style: 'title' },
        { range: { row: 3, col: 1, numRows: values.length - 2, numCols: 1 }, style: 'header' },
      ],
      readOnly: true,
      columnWidths: [16, 100],
    };
  };
}
