/**
 * 年度確定: a coordinator closes a fiscal year so its published figures never move. Closing copies that year's
 * 達成状況 to a snapshot sheet nobody is given edit rights to, records the act on 年度確定, and rewrites the
 * department tabs with that year's entry cells locked; the sidebar refuses saves for it. Reopening needs a
 * reason; both are logged on 変更履歴. Everything is computed first; the year's record is written before the tabs
 * (which a run short of time leaves to 部門シート作成・更新).
 */
import { countRows } from './counts';
import { UserError } from './errors';
import { analyzePlan, blocking, findingLines, pendingLine, planDepartmentTabs } from './jobs';
import { logRows, logTime, UNKNOWN_USER, type Actor } from './layout/change-log';
import { SHEET, snapshotName } from './layout/sheet-names';
import { summarySheet } from './layout/summary';
import { readYearClose, yearCloseSheet, type YearCloseRecord } from './layout/year-close';
import type { Analysis } from './analyze';
import type { Finding, Settings } from './model';
import { formatFiscalYear, parseFiscalYear } from './parse/fiscal-year';
import { sheetEditors } from './roles';
import { refusedEditorFindings } from './layout/settings';
import { writeOutcome, type Scalar, type SheetOutput, type WorkbookPort } from './workbook';
import { readReviewLog, REVIEW_LOG, reviewRow } from './cycle/records';
import { COMMAND_LINE, cycleDepts, cycleInUse, stateOf, unconfirmed } from './cycle/service';

export interface YearLockResult {
  fiscalYear: number;
  /** The snapshot written when closing ('' when reopening). */
  snapshot: string;
  /** Department tabs rewritten with the year locked or unlocked. */
  tabs: string[];
  /** Tabs not rewritten yet (the shell ran out of time): 部門シート作成・更新 continues with them. */
  pending: string[];
  /** Warnings for 設定 addresses the platform refused as editors. */
  findings: Finding[];
  message: string;
}

/**
 * Writes the year's record (and snapshot) first, then the department tabs while the shell's time lasts: the record
 * is what locks the year (the sidebar and setup read it), so tabs left pending are rewritten locked by 部門シート作成・更新.
 */
function writeYear(book: WorkbookPort, settings: Settings, record: SheetOutput[], tabs: SheetOutput[]): { pending: string[]; findings: Finding[] } {
  book.writeSheets(record);
  const { pending } = writeOutcome(tabs, book.writeSheets(tabs, { resumable: true }));
  return { pending, findings: refusedEditorFindings(settings, book.refusedEditors?.() ?? []) };
}

/** The message's tail: how far the tabs got, and refused addresses. */
function tail(total: number, written: { pending: string[]; findings: Finding[] }): string {
  const lines = written.pending.length ? [pendingLine(total, written.pending.length, '部門シート作成・更新', false)] : [];
  return [...lines, ...findingLines(written.findings)].map((l) => `\n${l}`).join('');
}

/** The most entry problems listed in a refusal. */
const LISTED = 10;

/** The history so far; unreadable rows stop the job, since rewriting the sheet without them would reopen a year. */
function records(book: WorkbookPort, what: string): YearCloseRecord[] {
  const { records, findings } = readYearClose(book.readSheet(SHEET.yearClose));
  if (findings.length) throw blocking(findings, what);
  return records;
}

/** A year as people type it for these jobs (2025, 令和7年度, R7); '' means the year under evaluation (null). */
export function yearAnswer(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  const { fy } = parseFiscalYear(t);
  if (fy === null) throw new UserError(`「${t}」を年度として読めません（例: 2025、令和7年度、R7）`);
  return fy;
}

function inPeriod(settings: Settings, fy: number, what: string): void {
  if (!Number.isInteger(fy) || fy < settings.firstYear || fy > settings.lastYear)
    throw new UserError(`${what}: ${Number.isInteger(fy) ? formatFiscalYear(fy) : `「${fy}」`}は計画期間（${formatFiscalYear(settings.firstYear)}〜${formatFiscalYear(settings.lastYear)}）の年度ではありません`);
}

/** That year's 達成状況 as published: its rows, counts and (for the year under evaluation) the submissions. */
function snapshotSheet(analysis: Analysis, settings: Settings, fy: number, name: string, record: YearCloseRecord): SheetOutput {
  const rows = analysis.rows.filter((r) => r.fiscalYear === fy);
  const yearSettings = { ...settings, evaluationYear: fy };
  const out = summarySheet({ ...analysis, rows, submissions: fy === settings.evaluationYear ? analysis.submissions : [] }, yearSettings, countRows(rows, settings.scale, fy));
  const values = out.values.map((r) => [...r]);
  values[0] = [`${settings.title || '計画'} 達成状況 ${formatFiscalYear(fy)} 確定版（${record.at} ${record.by} が確定。編集できません）`];
  return { ...out, name, values, position: undefined, editors: { sheet: [] }, readOnly: true };
}

/** 年度確定 refused because departments are not 確認済 (the cycle is in use); a shell may ask for a reason and retry. */
export class UnconfirmedError extends UserError {
  constructor(message: string, readonly departments: { dept: string; state: string }[]) {
    super(message);
    this.name = 'UnconfirmedError';
  }
}

export interface CloseOptions {
  /**
   * Close although departments are not 確認済 (the cycle is in use for the year): the reason is required and goes to
   * 年度確定, 確認履歴 and 変更履歴.
   */
  forceReason?: string;
  /** The command line closes as the coordinator (確認履歴 says so). */
  commandLine?: boolean;
}

/**
 * The cycle's part of closing: once any transition is recorded for the year (the cycle is in use), every department
 * must be 確認済, or the closing needs a reason. A year without any transition closes as before (no gating).
 * Returns the 確認履歴 rows to append after the year is written, and the reason for 年度確定 ('' when not forced).
 */
function cycleGate(book: WorkbookPort, analysis: Analysis, fy: number, actor: Actor, options: CloseOptions): { rows: Scalar[][]; reason: string } {
  const { records, findings } = readReviewLog(book.readSheet(SHEET.review));
  if (findings.length) throw blocking(findings, '年度確定');
  const c = { analysis, settings: analysis.settings!, fy, records };
  if (!cycleInUse(c)) return { rows: [], reason: '' };
  const label = formatFiscalYear(fy);
  const pending = unconfirmed(c);
  const why = options.forceReason?.trim() ?? '';
  if (pending.length && !why) {
    const lines = pending.map((d) => `・${d.dept}（${d.state}）`);
    throw new UnconfirmedError(
      `${label}を確定できません。確認済みでない部門が${pending.length}部門あります（この年度は提出・確認の流れを使っています）:\n${lines.join('\n')}\n` +
        `確認を済ませてから確定してください。確認を待たずに確定するには理由が必要です（確認履歴と年度確定に残ります）`,
      pending,
    );
  }
  const via = options.commandLine ? COMMAND_LINE : '';
  const waiting = new Set(pending.map((d) => d.dept));
  const rows = cycleDepts(c).map((dept) => {
    const from = stateOf(c, dept);
    const forced = waiting.has(dept);
    return reviewRow({ dept, fy, act: forced ? '確認なしで確定' : '確定', from, to: '確定', no: null, indicator: '', reason: forced ? why : '' }, actor, via);
  });
  const reason = pending.length ? `確認済みでない部門（${pending.map((d) => `${d.dept}: ${d.state}`).join('、')}）のまま確定。理由: ${why}` : '';
  return { rows, reason };
}

/** Closes `year` (null: the year under evaluation). */
export function closeYear(book: WorkbookPort, year: number | null, actor: Actor, options: CloseOptions = {}): YearLockResult {
  const history = records(book, '年度確定');
  const analysis = analyzePlan(book, '年度確定');
  const settings = analysis.settings!;
  const fy = year ?? settings.evaluationYear;
  const label = formatFiscalYear(fy);
  inPeriod(settings, fy, '年度確定');
  if (analysis.closedYears.includes(fy)) throw new UserError(`${label}はすでに確定しています。「${SHEET.yearClose}」シートを見てください`);
  const gate = cycleGate(book, analysis, fy, actor, options);
  // Published figures must be readable: an entry the parser cannot read would be frozen as an error.
  const unreadable = analysis.rows.filter((r) => r.fiscalYear === fy && (r.status === '入力エラー' || r.status === '目標エラー'));
  if (unreadable.length) {
    const lines = unreadable.slice(0, LISTED).map((r) => `・${r.sheet}${r.cell ? `!${r.cell}` : ''} No.${r.no} ${r.indicator}（${r.status}）`);
    if (unreadable.length > LISTED) lines.push(`…ほか${unreadable.length - LISTED}件`);
    throw new UserError(`${label}を確定できません。読めない実績・予定が${unreadable.length}件あります。直してから確定してください:\n${lines.join('\n')}`);
  }
  const snapshot = snapshotName(fy, book.sheetNames());
  const record: YearCloseRecord = { fy, act: '確定', at: logTime(actor.now), by: actor.user || UNKNOWN_USER, reason: gate.reason, snapshot };
  // Every check (unreadable headers, missing tabs) runs before the first write.
  const tabs = planDepartmentTabs(book, [], [...analysis.closedYears, fy]);
  const written = writeYear(book, settings, [snapshotSheet(analysis, settings, fy, snapshot, record), yearCloseSheet([...history, record], sheetEditors.coordinators(settings))], tabs.outputs);
  book.appendLog(logRows([{ sheet: SHEET.yearClose, cell: '', before: '', after: `${label}を確定（控え: ${snapshot}）${gate.reason ? `（${gate.reason}）` : ''}`, how: '年度確定' }], actor));
  if (gate.rows.length) book.appendLog(gate.rows, REVIEW_LOG);
  const names = tabs.outputs.map((o) => o.name);
  return {
    fiscalYear: fy, snapshot, tabs: names, ...written,
    message: `${label}を確定しました。達成状況の控えを「${snapshot}」に保存し、${names.length}部門のシートの${label}の実績・コメントを編集できないようにしました。` +
      (gate.reason ? `\n${gate.reason}（確認履歴に記録しました）` : '') + tail(names.length, written),
  };
}

/** 確認履歴 rows for a reopening when the cycle is in use for the year: each department goes back to its state before 確定. */
function reopenRows(book: WorkbookPort, analysis: Analysis, fy: number, why: string, actor: Actor, commandLine: boolean): Scalar[][] {
  const { records, findings } = readReviewLog(book.readSheet(SHEET.review));
  if (findings.length) throw blocking(findings, '年度確定を解除');
  const c = { analysis: { ...analysis, closedYears: analysis.closedYears.filter((y) => y !== fy) }, settings: analysis.settings!, fy, records };
  if (!cycleInUse(c)) return [];
  return cycleDepts(c).map((dept) => reviewRow({ dept, fy, act: '確定の解除', from: '確定', to: stateOf(c, dept), no: null, indicator: '', reason: why }, actor, commandLine ? COMMAND_LINE : ''));
}

/** Reopens `year` (null: the year under evaluation); `reason` is required and logged. */
export function reopenYear(book: WorkbookPort, year: number | null, reason: string, actor: Actor, options: { commandLine?: boolean } = {}): YearLockResult {
  const why = reason.trim();
  const history = records(book, '年度確定を解除');
  const analysis = analyzePlan(book, '年度確定を解除');
  const settings = analysis.settings!;
  const fy = year ?? settings.evaluationYear;
  const label = formatFiscalYear(fy);
  if (!why) throw new UserError(`${label}の確定を解除する理由を入力してください（変更履歴に残ります）`);
  inPeriod(settings, fy, '年度確定の解除');
  if (!analysis.closedYears.includes(fy)) throw new UserError(`${label}は確定されていません`);
  const cycleRows = reopenRows(book, analysis, fy, why, actor, !!options.commandLine);
  const record: YearCloseRecord = { fy, act: '解除', at: logTime(actor.now), by: actor.user || UNKNOWN_USER, reason: why, snapshot: '' };
  const tabs = planDepartmentTabs(book, [], analysis.closedYears.filter((y) => y !== fy));
  const written = writeYear(book, settings, [yearCloseSheet([...history, record], sheetEditors.coordinators(settings))], tabs.outputs);
  book.appendLog(logRows([{ sheet: SHEET.yearClose, cell: '', before: `${label}は確定済み`, after: `${label}の確定を解除（理由: ${why}）`, how: '年度確定の解除' }], actor));
  if (cycleRows.length) book.appendLog(cycleRows, REVIEW_LOG);
  return {
    fiscalYear: fy, snapshot: '', tabs: tabs.outputs.map((o) => o.name), ...written,
    message: `${label}の確定を解除しました。各部門が${label}の実績を直せます（確定時の控えはそのまま残ります）。` + tail(tabs.outputs.length, written),
  };
}
