/**
 * The cycle's jobs over any workbook: the board (cycleStatus), 確認 (confirmTab), 差戻し (returnTab) and the record
 * of a submission (recordSubmission, for the sidebar's 提出). Each checks who may move the step (roles from 設定;
 * the command line is trusted as the coordinator and says so), refuses a transition the state does not allow with a
 * message naming the department and its state, and appends the transition to 確認履歴.
 */
import { UserError } from '../errors';
import { analyzePlan, blocking } from '../jobs';
import type { Analysis } from '../analyze';
import { logRows, type Actor, type LogEntry } from '../layout/change-log';
import { NOT_SUBMITTED } from '../layout/department';
import { versionCovers } from '../indicator-versions';
import { indicatorLabel, isActive } from '../layout/master';
import { SHEET } from '../layout/sheet-names';
import { cellText, findHeaderRow, textAt } from '../layout/table';
import { indicatorKey, type Indicator, type Settings } from '../model';
import { formatFiscalYear } from '../parse/fiscal-year';
import { isCoordinator, isHead } from '../roles';
import { isBlank, parseA1, type CellText, type WorkbookPort } from '../workbook';
import { readReviewLog, REVIEW_LOG, reviewRow, type ReviewAct, type ReviewRecord } from './records';
import { deriveState, openReturns, recordedState, EDITING, RETURNABLE, type CycleState } from './states';
import { changedMessage, changedSince, entryRanges, heldCheck, LOCKED_STATES, someCells } from './lock';
import type { EntryLock } from '../workbook';

/** Who acts: the person, and whether it is the command line (which acts as the coordinator). */
export interface CycleActing {
  actor: Actor;
  commandLine?: boolean;
  /** The command line confirms the 所属長 step (提出済 → 所属長確認済) instead of acting as the coordinator. */
  asHead?: boolean;
}

/** How the command line is named in 確認履歴's 利用者 and in its messages. */
export const COMMAND_LINE = '（コマンドライン・調整担当者として）';
export const COMMAND_LINE_NOTE = 'コマンドラインは調整担当者として実行し、確認履歴にそう記録します。';
export const COMMAND_LINE_HEAD = '（コマンドライン・所属長として）';
export const COMMAND_LINE_HEAD_NOTE = 'コマンドラインは所属長として確認し、確認履歴にそう記録します。';

/** One recorded transition of a department and year, as the board shows it. */
export type TransitionView = Omit<ReviewRecord, 'dept' | 'fy' | 'check'>;

export interface DeptCycle {
  dept: string;
  state: CycleState;
  hasTab: boolean;
  /** Indicators of the department with something in that year's 実績 cell, of all its indicators. */
  filled: number;
  total: number;
  /** Findings on the department's tab. */
  errors: number;
  warnings: number;
  /** The latest write to the tab or transition (変更履歴 / 確認履歴 time), '' when none is recorded. */
  lastUpdate: string;
  /** 提出日 as written (the year under evaluation only). */
  submittedAt: string;
  /** When the last 督促 (reminder) was recorded for the department and year, '' when none; and how many. */
  lastReminder: string;
  reminders: number;
  lastTransition: TransitionView | null;
  /** The reasons of the open return (state 差戻し), per indicator or for the whole tab. */
  returns: TransitionView[];
  /** Entry cells (A1) changed since 提出 (against its 照合値), and the message naming them ('' when none). */
  changed: string[];
  changedNote: string;
  /** The department's active indicators (what a return of one indicator may name). */
  indicators: { no: number; name: string }[];
}

export interface CycleStatus {
  fiscalYear: number;
  fiscalYearLabel: string;
  /** 所属長確認 is used (設定). */
  headStep: boolean;
  /** A transition is recorded for this year: 年度確定 then waits for every department's 確認済. */
  inUse: boolean;
  closed: boolean;
  departments: DeptCycle[];
  /** 設定's 評価年度, and every year of the plan (the board's year picker). */
  evaluationYear: number;
  years: { year: number; label: string }[];
  /** The departments 年度確定 would wait for (not 確認済; none while the cycle is not in use). */
  unconfirmed: string[];
}

/** Everything a cycle job reads, once. */
export interface CycleBook {
  analysis: Analysis;
  settings: Settings;
  fy: number;
  records: ReviewRecord[];
}

/**
 * Reads the plan (or takes the caller's analysis of it, so a view that needs both reads every sheet once) and 確認履歴;
 * a 確認履歴 that does not read stops the job (states would be guessed).
 */
export function readCycle(book: WorkbookPort, year: number | null, what: string, analyzed?: Analysis): CycleBook {
  const analysis = analyzed ?? analyzePlan(book, what);
  const settings = analysis.settings!;
  const { records, findings } = readReviewLog(book.readSheet(SHEET.review));
  if (findings.length) throw blocking(findings, what);
  const fy = year ?? settings.evaluationYear;
  if (!Number.isInteger(fy) || fy < settings.firstYear || fy > settings.lastYear)
    throw new UserError(`${what}: ${formatFiscalYear(fy)}は計画期間（${formatFiscalYear(settings.firstYear)}〜${formatFiscalYear(settings.lastYear)}）の年度ではありません`);
  return { analysis, settings, fy, records };
}

/** Departments with active indicators in the year, in the master's order. */
export function cycleDepts(c: CycleBook): string[] {
  return [...new Set(c.analysis.rows.filter((r) => r.fiscalYear === c.fy).map((r) => r.department).filter(Boolean))];
}

/** Whether the cycle is in use for the year: any transition recorded for it. */
export function cycleInUse(c: CycleBook): boolean {
  return c.records.some((r) => r.fy === c.fy);
}

/** A department's records of the year, oldest first. */
export function recordsOf(c: CycleBook, dept: string): ReviewRecord[] {
  return c.records.filter((r) => r.fy === c.fy && r.dept === dept);
}

/** A department's current state in the year. */
export function stateOf(c: CycleBook, dept: string): CycleState {
  const tab = c.analysis.tabs.find((t) => t.sheet === dept);
  const submittedCell = c.fy === c.settings.evaluationYear ? !!tab?.submitted : null;
  return deriveState({ closed: c.analysis.closedYears.includes(c.fy), submittedCell, records: recordsOf(c, dept) });
}

/**
 * The entry cells of a submitted tab that changed since its 提出 (or the last 事務局修正), against the 照合値 recorded
 * then; none while the tab is edited, or when no 照合値 was recorded (a tab marked 提出済 by hand in the sheet).
 */
export function changedAfterSubmit(c: CycleBook, dept: string, state = stateOf(c, dept)): string[] {
  if (!LOCKED_STATES.includes(state)) return [];
  const tab = c.analysis.tabs.find((t) => t.sheet === dept);
  const check = heldCheck(recordsOf(c, dept));
  if (!tab || !check) return [];
  return changedSince(check, tab, c.fy) ?? [];
}

/** The lock (or opening) of a department's entries for the year, for WorkbookPort.lockEntries; null without a tab. */
export function entryLock(c: CycleBook, dept: string, locked: boolean): EntryLock | null {
  const tab = c.analysis.tabs.find((t) => t.sheet === dept);
  if (!tab) return null;
  return { sheet: dept, fiscalYear: c.fy, ranges: entryRanges(tab, c.fy), locked, editors: [...c.settings.coordinators] };
}

const view = (r: ReviewRecord): TransitionView => ({ at: r.at, by: r.by, act: r.act, from: r.from, to: r.to, no: r.no, indicator: r.indicator, reason: r.reason });

/** The latest 日時 of 変更履歴 per sheet (its timestamps sort as text). */
function lastWrites(book: WorkbookPort): Map<string, string> {
  const out = new Map<string, string>();
  const sheet = book.readSheet(SHEET.log);
  if (!sheet) return out;
  const header = findHeaderRow(sheet.values, [{ header: '日時', required: true }, { header: 'シート', required: true }], 5, 2);
  if (!header || header.missing.length) return out;
  for (let r = header.row + 1; r <= sheet.values.length; r++) {
    const name = textAt(sheet.values, r, header.cols.get('シート'));
    const at = textAt(sheet.values, r, header.cols.get('日時'));
    if (name && at > (out.get(name) ?? '')) out.set(name, at);
  }
  return out;
}

/** The board for a year (null: the year under evaluation). Reads every sheet (the plan's once: `analyzed`), writes nothing. */
export function cycleStatus(book: WorkbookPort, year: number | null, analyzed?: Analysis): CycleStatus {
  const c = readCycle(book, year, '提出状況の表示', analyzed);
  const writes = lastWrites(book);
  const departments = cycleDepts(c).map((dept): DeptCycle => {
    const tab = c.analysis.tabs.find((t) => t.sheet === dept);
    // The indicators of the year: a version outside its 適用年度 is not one (indicator-versions.ts).
    const mine = c.analysis.indicators.filter((i) => isActive(i) && i.reportingDept === dept && versionCovers(i.version, c.fy));
    const rows = new Map((tab?.rows ?? []).map((r) => [indicatorKey(r.no, r.name), r]));
    const filled = mine.filter((i) => !isBlank(rows.get(indicatorKey(i.no, i.name))?.actuals.get(c.fy)?.value ?? '')).length;
    const findings = c.analysis.findings.filter((f) => f.sheet === dept);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const records = recordsOf(c, dept);
    const state = stateOf(c, dept);
    const last = records.length ? records[records.length - 1] : undefined;
    const reminders = records.filter((r) => r.act === '督促');
    const lastUpdate = [writes.get(dept) ?? '', last?.at ?? ''].reduce((a, b) => (b > a ? b : a), '');
    const changed = changedAfterSubmit(c, dept, state);
    return {
      dept, state, hasTab: !!tab, filled, total: mine.length, errors, warnings: findings.length - errors, lastUpdate,
      submittedAt: c.fy === c.settings.evaluationYear && tab?.submitted ? cellText(tab.submittedAt) : '',
      lastReminder: reminders.length ? reminders[reminders.length - 1].at : '', reminders: reminders.length,
      lastTransition: last ? view(last) : null,
      returns: openReturns(state, records).map(view),
      changed, changedNote: changed.length ? changedMessage(dept, changed) : '',
      indicators: mine.map((i) => ({ no: i.no, name: i.name })),
    };
  });
  const years: CycleStatus['years'] = [];
  for (let fy = c.settings.firstYear; fy <= c.settings.lastYear; fy++) years.push({ year: fy, label: formatFiscalYear(fy) });
  return {
    fiscalYear: c.fy, fiscalYearLabel: formatFiscalYear(c.fy), headStep: !!c.settings.headStep, inUse: cycleInUse(c),
    closed: c.analysis.closedYears.includes(c.fy), departments, evaluationYear: c.settings.evaluationYear, years,
    unconfirmed: unconfirmed(c).map((d) => d.dept),
  };
}

export interface TabRef {
  dept: string;
  /** null: the year under evaluation. */
  year: number | null;
}

export interface TransitionResult {
  dept: string;
  fiscalYear: number;
  from: CycleState;
  to: CycleState;
  message: string;
}

function knownDept(c: CycleBook, dept: string, what: string): void {
  if (!cycleDepts(c).includes(dept))
    throw new UserError(`${what}: 計画マスタに${formatFiscalYear(c.fy)}の報告部門「${dept}」の指標がありません（部門: ${cycleDepts(c).join('・') || 'なし'}）`);
}

const where = (dept: string, fy: number, state: CycleState) => `「${dept}」の${formatFiscalYear(fy)}は「${state}」です`;

function refuseClosed(dept: string, fy: number, state: CycleState, what: string): void {
  if (state === '確定') throw new UserError(`${where(dept, fy, state)}（年度確定済み）。${what}には、先に「年度確定の解除」が必要です`);
}

const via = (acting: CycleActing) => (acting.commandLine ? (acting.asHead ? COMMAND_LINE_HEAD : COMMAND_LINE) : '');
const note = (acting: CycleActing) => (acting.commandLine ? `\n${acting.asHead ? COMMAND_LINE_HEAD_NOTE : COMMAND_LINE_NOTE}` : '');

/** Whether the person may act as the coordinator (the command line always does). */
function asCoordinator(c: CycleBook, acting: CycleActing): boolean {
  return acting.commandLine ? !acting.asHead : isCoordinator(c.settings, acting.actor.user);
}

/**
 * 確認: a 所属長 confirms a submitted tab (提出済 → 所属長確認済, when 所属長確認 is used), a coordinator confirms it
 * (提出済 or 所属長確認済 → 確認済). Anything else is refused, naming the department and its state.
 */
export function confirmTab(book: WorkbookPort, ref: TabRef, acting: CycleActing): TransitionResult {
  const what = '確認';
  const c = readCycle(book, ref.year, what);
  knownDept(c, ref.dept, what);
  const from = stateOf(c, ref.dept);
  refuseClosed(ref.dept, c.fy, from, what);
  const user = acting.actor.user;
  const head = !!c.settings.headStep && (acting.commandLine ? !!acting.asHead : isHead(c.settings, user, ref.dept));
  const coordinator = asCoordinator(c, acting);
  if (EDITING.includes(from)) throw new UserError(`${where(ref.dept, c.fy, from)}。まだ提出されていないため確認できません（部門が提出してから確認してください）`);
  if (from === '確認済') throw new UserError(`${where(ref.dept, c.fy, from)}。すでに確認済みです`);
  // What is confirmed must be what was submitted, and readable.
  const errors = c.analysis.findings.filter((f) => f.sheet === ref.dept && f.severity === 'error');
  if (errors.length)
    throw new UserError(`「${ref.dept}」の${formatFiscalYear(c.fy)}にはエラーが${errors.length}件あるため確認できません（${someCells(ref.dept, errors.map((f) => f.cell || 'A1'))}）。差し戻して直してもらってください`);
  const changed = changedAfterSubmit(c, ref.dept, from);
  if (changed.length)
    throw new UserError(`「${ref.dept}」の${formatFiscalYear(c.fy)}は${changedMessage(ref.dept, changed)}。提出された内容ではないため確認できません。差し戻して提出し直してもらうか、調整担当者がサイドバーで理由を付けて事務局修正してください`);
  if (acting.commandLine && acting.asHead && !(from === '提出済' && c.settings.headStep))
    throw new UserError(
      c.settings.headStep
        ? `${where(ref.dept, c.fy, from)}。所属長として確認できるのは「提出済」のときだけです（--as-head を付けずに実行すると調整担当者として確認します）`
        : `「${SHEET.settings}」で「所属長確認」を使う設定になっていないため、所属長としては確認できません（--as-head を付けずに実行すると調整担当者として確認します）`,
    );
  let to: CycleState;
  let act: ReviewAct;
  if (from === '提出済' && c.settings.headStep) {
    if (!head)
      throw new UserError(
        `${where(ref.dept, c.fy, from)}。「所属長確認」を使う設定のため、先に「${ref.dept}」の所属長（「${SHEET.settings}」の所属長メール）の確認が必要です` +
          (acting.commandLine ? '（コマンドラインは調整担当者として実行するため、所属長の確認はできません。所属長として確認するときは --as-head を付けてください）' : ''),
      );
    to = '所属長確認済';
    act = '所属長確認';
  } else {
    if (!coordinator)
      throw new UserError(`「${ref.dept}」の${formatFiscalYear(c.fy)}を確認済みにできるのは調整担当者だけです（${user || '（不明）'} は「${SHEET.settings}」の調整担当者メールにありません）`);
    to = '確認済';
    act = '確認';
  }
  book.appendLog([reviewRow({ dept: ref.dept, fy: c.fy, act, from, to, no: null, indicator: '', reason: '' }, acting.actor, via(acting))], REVIEW_LOG);
  // Locked again by whoever confirms: a tab marked 提出済 by hand was not locked, and in Sheets a coordinator's lock
  // also takes the submitter's own right to the cells, which their own 提出 could not (lock.ts).
  const lock = entryLock(c, ref.dept, true);
  if (lock) book.lockEntries?.(lock);
  return { dept: ref.dept, fiscalYear: c.fy, from, to, message: `「${ref.dept}」の${formatFiscalYear(c.fy)}を確認しました（${from} → ${to}）。${note(acting)}` };
}

/** An indicator a return is about: its No., and its name when the No. has several indicators in the department. */
export interface IndicatorRef {
  no: number;
  name?: string;
}

export interface ReturnRequest extends TabRef {
  reason: string;
  /** Empty or absent: the whole tab. */
  indicators?: IndicatorRef[];
}

function resolveIndicator(c: CycleBook, dept: string, ref: IndicatorRef): Indicator {
  const mine = c.analysis.indicators.filter((i) => isActive(i) && i.reportingDept === dept);
  const list = mine.map((i) => indicatorLabel(i)).join('、');
  const sameNo = mine.filter((i) => i.no === ref.no);
  const name = ref.name?.trim();
  const found = name ? sameNo.filter((i) => i.name === name) : sameNo;
  if (found.length === 1) return found[0];
  const asked = name ? `No.${ref.no} ${name}` : `No.${ref.no}`;
  if (!found.length) throw new UserError(`「${dept}」に ${asked} の指標がありません（「${dept}」の指標: ${list || 'なし'}）`);
  throw new UserError(`「${dept}」の No.${ref.no} には指標が${found.length}つあります。指標名も指定してください（${found.map((i) => i.name).join('、')}）`);
}

/**
 * 差戻し (coordinators): the tab goes back to the department with a reason, for the whole tab or per indicator. The
 * tab's 提出状況 is set back to 未提出 (and 提出日 cleared), so the department edits and submits again; the reason
 * stays in 確認履歴. A tab already returned may get more reasons; a tab still 入力中 may be returned with the reasons
 * to fix (states.ts RETURNABLE).
 */
export function returnTab(book: WorkbookPort, request: ReturnRequest, acting: CycleActing): TransitionResult {
  const what = '差戻し';
  const reason = request.reason.trim();
  const c = readCycle(book, request.year, what);
  knownDept(c, request.dept, what);
  if (!reason) throw new UserError(`「${request.dept}」の${formatFiscalYear(c.fy)}を差し戻す理由を入力してください（確認履歴に残り、部門に示されます）`);
  if (!asCoordinator(c, acting))
    throw new UserError(`差戻しは調整担当者だけが実行できます（${acting.actor.user || '（不明）'} は「${SHEET.settings}」の調整担当者メールにありません）`);
  const from = stateOf(c, request.dept);
  refuseClosed(request.dept, c.fy, from, what);
  if (!RETURNABLE.includes(from)) throw new UserError(`${where(request.dept, c.fy, from)}。差し戻せません`);
  const indicators = (request.indicators ?? []).map((r) => resolveIndicator(c, request.dept, r));

  const tab = c.analysis.tabs.find((t) => t.sheet === request.dept);
  if (c.fy === c.settings.evaluationYear && tab?.submitted && tab.statusCell) {
    const cells: CellText[] = [{ ...parseA1(tab.statusCell)!, text: NOT_SUBMITTED }];
    const log: LogEntry[] = [{ sheet: tab.sheet, cell: tab.statusCell, before: '提出済', after: NOT_SUBMITTED, how: '差戻し' }];
    if (tab.dateCell && !isBlank(tab.submittedAt)) {
      cells.push({ ...parseA1(tab.dateCell)!, text: '' });
      log.push({ sheet: tab.sheet, cell: tab.dateCell, before: cellText(tab.submittedAt), after: '', how: '差戻し' });
    }
    book.writeTexts(tab.sheet, cells);
    book.appendLog(logRows(log, acting.actor));
  }
  const rows = (indicators.length ? indicators : [null]).map((i) =>
    reviewRow({ dept: request.dept, fy: c.fy, act: '差戻し', from, to: '差戻し', no: i?.no ?? null, indicator: i?.name ?? '', reason }, acting.actor, via(acting)),
  );
  book.appendLog(rows, REVIEW_LOG);
  const unlock = entryLock(c, request.dept, false);
  if (unlock) book.lockEntries?.(unlock);
  const about = indicators.length ? `（${indicators.map((i) => indicatorLabel(i)).join('、')}）` : '';
  return {
    dept: request.dept, fiscalYear: c.fy, from, to: '差戻し',
    message: `「${request.dept}」の${formatFiscalYear(c.fy)}${about}を差し戻しました（${from} → 差戻し、理由: ${reason}）。部門はもう一度入力して提出できます。${note(acting)}`,
  };
}

/**
 * Records a department's 提出 in 確認履歴 (入力中 or 差戻し → 提出済). The sidebar calls it after marking the tab
 * 提出済 (saveForm's submit); a tab already past 提出 is not recorded again. Returns whether a row was appended.
 */
export function recordSubmission(book: WorkbookPort, dept: string, fiscalYear: number, actor: Actor, check = ''): boolean {
  const { records, findings } = readReviewLog(book.readSheet(SHEET.review));
  if (findings.length) throw blocking(findings, '提出の記録');
  const from = recordedState(records.filter((r) => r.fy === fiscalYear && r.dept === dept));
  if (!EDITING.includes(from)) return false;
  book.appendLog([reviewRow({ dept, fy: fiscalYear, act: '提出', from, to: '提出済', no: null, indicator: '', reason: '', check }, actor)], REVIEW_LOG);
  return true;
}

/** The departments 年度確定 waits for: those not 確認済 once the cycle is in use for the year (none otherwise). */
export function unconfirmed(c: CycleBook): { dept: string; state: CycleState }[] {
  if (!cycleInUse(c)) return [];
  return cycleDepts(c).map((dept) => ({ dept, state: stateOf(c, dept) })).filter((d) => d.state !== '確認済' && d.state !== '確定');
}
