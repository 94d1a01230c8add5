/**
 * The sidebar's server side over any workbook: the department form (load, save with compare-and-set, submit)
 * and the coordinator's view and jobs. Shells add the lock and the transport (google.script.run, or the preview).
 */
import { dayText } from '../calendar';
import { UserError } from '../errors';
import { cycleStatus, entryCheck, entryLock, LOCKED_STATES, openReturns, readReviewLog, recordsOf, recordSubmission, REVIEW_LOG, reviewRow, stateOf, type CycleBook, type CycleState, type ReviewRecord } from '../cycle';
import { isCoordinator } from '../roles';
import { analyzePlan, checkWorkbook, rollupWorkbook, validateWorkbook } from '../jobs';
import type { Analysis } from '../analyze';
import type { Counts } from '../counts';
import { logRows, type Actor, type LogEntry, type LogHow } from '../layout/change-log';
import { NOT_SUBMITTED, SUBMITTED, type DeptTab } from '../layout/department';
import { indicatorLabel, isActive, reportingDepts } from '../layout/master';
import { DIRECTIONS } from '../direction';
import { SHEET } from '../layout/sheet-names';
import { cellText, clipText, SHEETS_MAX_CELL_CHARS } from '../layout/table';
import { indicatorKey, type Finding, type Indicator, type Settings, type SourceCell } from '../model';
import { parseEntry } from '../parse/entry';
import { formatValue } from '../parse/format';
import { formatFiscalYear } from '../parse/fiscal-year';
import { rangeText, readSeries, versionCovers, type Series } from '../indicator-versions';
import { a1, parseA1, type CellText, type WorkbookPort } from '../workbook';
import { checkSaveRequest } from './request-check';
import { reportScopes } from '../report/build';
import { fiscalYearBothEras } from '../report/labels';
import type { Conflict, CoordinatorView, DeptForm, DeptStatus, Field, FindingView, FormRow, JobResult, ReportChoices, SaveRequest, SaveResult, SidebarStart } from './types';
import { linearExpected, NOT_COMPUTABLE, planDecimals, planOutlook, showValue, type IndicatorOutlookRecord } from '../outlook';

/** Japanese names of the form's fields, for messages. */
export const FIELD_LABELS: Readonly<Record<Field, string>> = { actual: '実績', comment: 'コメント', cause: '要因', direction: '今後の方向性' };

/** The row's cells of a field, per year. */
function fieldCells(row: DeptTab['rows'][number] | undefined, field: Field): Map<number, SourceCell> | undefined {
  if (!row) return undefined;
  return field === 'actual' ? row.actuals : field === 'comment' ? row.comments : field === 'cause' ? row.causes : row.directions;
}

/** Findings listed in the coordinator view; the rest are counted (検証結果 has them all). */
const MAX_FINDINGS = 200;

/** The text a person meant in a cell: a number shown as a percent reads back as `30.7%`. */
export function entryText(cell: SourceCell | undefined): string {
  if (!cell) return '';
  if (typeof cell.value !== 'number') return cellText(cell.value);
  const seg = parseEntry(cell.value, { numberFormat: cell.format }).segments[0];
  return seg?.kind === 'number' ? formatValue(seg.value, seg.unit) : cellText(cell.value);
}

/** A view of the workbook with only some sheets, so a department's form reads 設定, 計画マスタ and its own tab. */
function onlySheets(book: WorkbookPort, names: string[]): WorkbookPort {
  return {
    sheetNames: () => book.sheetNames().filter((n) => names.includes(n)),
    readSheet: (n) => (names.includes(n) ? book.readSheet(n) : undefined),
    writeSheets: () => {
      throw new Error('read-only view');
    },
    setFindingNotes: () => {
      throw new Error('read-only view');
    },
    writeTexts: () => {
      throw new Error('read-only view');
    },
    appendLog: () => {
      throw new Error('read-only view');
    },
    protectSheet: () => {
      throw new Error('read-only view');
    },
  };
}

interface DeptRead {
  analysis: Analysis;
  settings: Settings;
  tab: DeptTab;
  mine: Indicator[];
  /** The tab's state in the year under evaluation, and its records of the year (確認履歴). */
  state: CycleState;
  records: ReviewRecord[];
  /** Why the state is not known (確認履歴 does not read), '' when it is. */
  unknownState: string;
}

function readDept(book: WorkbookPort, dept: string): DeptRead {
  // Closed years are known from 年度確定 (their saves are refused); comparing them with snapshots is 入力チェック's.
  const analysis = analyzePlan(onlySheets(book, [SHEET.settings, SHEET.master, SHEET.yearClose, dept]), '入力サイドバーを表示', { snapshots: false });
  const review = readReviewLog(book.readSheet(SHEET.review));
  const settings = analysis.settings!;
  const departments = reportingDepts(analysis.indicators);
  if (!departments.includes(dept)) throw new UserError(`計画マスタに報告部門「${dept}」の指標がありません`);
  const tab = analysis.tabs.find((t) => t.sheet === dept);
  if (!tab) throw new UserError(`部門シート「${dept}」がないか、見出しが壊れています。調整部門に「部門シート作成・更新」を頼んでください`);
  if (!tab.years.includes(settings.evaluationYear))
    throw new UserError(`部門シート「${dept}」に${formatFiscalYear(settings.evaluationYear)}の実績の列がありません。調整部門に「部門シート作成・更新」を頼んでください`);
  const c: CycleBook = { analysis, settings, fy: settings.evaluationYear, records: review.records };
  const first = review.findings[0];
  return {
    // The indicators of the year: a version outside its 適用年度 is not one (indicator-versions.ts).
    analysis, settings, tab, mine: analysis.indicators.filter((i) => isActive(i) && i.reportingDept === dept && versionCovers(i.version, settings.evaluationYear)),
    state: stateOf(c, dept), records: recordsOf(c, dept),
    unknownState: first ? `「${SHEET.review}」を読めないため、提出・確認の状態がわかりません（${first.cell}: ${first.message}）。調整担当者に直してもらってください` : '',
  };
}

function toView(f: Finding): FindingView {
  return { severity: f.severity, sheet: f.sheet, cell: f.cell, indicator: f.indicator, message: f.message };
}

/** Why `user` may not change the tab's entries now ('' when they may; a coordinator corrects a submitted tab with a reason). */
function lockReasonFor(read: DeptRead, user: string): string {
  const { settings, tab, state } = read;
  const fy = formatFiscalYear(settings.evaluationYear);
  if (read.unknownState) return read.unknownState;
  if (state === '確定') return `${fy}は確定済みのため、変更できません。直す必要があれば、調整担当者に「年度確定の解除」を頼んでください`;
  if (!LOCKED_STATES.includes(state) || isCoordinator(settings, user)) return '';
  const who = settings.coordinators.length ? `（${settings.coordinators.join('、')}）` : '';
  return `「${tab.sheet}」の${fy}は「${state}」のため、実績・コメント・要因・今後の方向性は変更できません。直す必要があれば、調整担当者${who}に差戻しを頼んでください`;
}

/** A form row's 期待値 for the year and 達成見込み (outlook/), as of the entries saved. */
function formOutlook(record: IndicatorOutlookRecord | undefined, ind: Indicator, fy: number): Pick<FormRow, 'expected' | 'expectedNote' | 'outlook'> {
  // An indicator without any row (no 予定 and no 実績 in any year) has no line to judge against.
  if (!record) return { expected: null, expectedNote: '予定（目標）のある年度がないため、期待値はありません', outlook: '' };
  const e = linearExpected(record.line, fy);
  const o = record.outlook;
  const outlook = o.class === NOT_COMPUTABLE ? o.basis : `${o.class}（${o.basis}）`;
  if (e.kind === 'none') return { expected: null, expectedNote: e.reason, outlook };
  const decimals = planDecimals(record.line);
  return {
    expected: { value: e.value, text: showValue(e.value, decimals, ind.unit), line: { direction: record.line.direction, baseline: record.line.baseline }, cumulative: ind.cumulative },
    expectedNote: '', outlook,
  };
}

/**
 * 前年度 of a version in its first year (中間見直し): the year before belongs to another indicator, a different
 * measure, so there is no previous 実績 to compare with. Says so, and shows the replaced version's figure labelled as
 * its own when this tab holds it. '' when last year is the same indicator's (or before the plan).
 */
function lastYearNote(ind: Indicator, series: readonly Series[], rowsByKey: ReadonlyMap<string, DeptTab['rows'][number]>, settings: Settings): string {
  const fy = settings.evaluationYear;
  if (!ind.version || fy - 1 < settings.firstYear || versionCovers(ind.version, fy - 1)) return '';
  const head = `${formatFiscalYear(fy)}からの新しい指標`;
  const before = series.find((s) => s.versions.includes(ind))?.versions.find((v) => v !== ind && versionCovers(v.version, fy - 1));
  if (!before) return `—（${head}。${formatFiscalYear(fy - 1)}に適用される指標はありません）`;
  if (before.reportingDept !== ind.reportingDept) return `—（${head}。改定前の指標は「${before.name}」（報告部門: ${before.reportingDept}））`;
  const old = entryText(rowsByKey.get(indicatorKey(before.no, before.name))?.actuals.get(fy - 1));
  return old ? `—（${head}。改定前の「${before.name}」の${formatFiscalYear(fy - 1)}実績: ${old}）` : `—（${head}。改定前の「${before.name}」の${formatFiscalYear(fy - 1)}実績はありません）`;
}

function formOf(read: DeptRead, user: string): DeptForm {
  const { analysis, settings, tab, mine } = read;
  const fy = settings.evaluationYear;
  const returns = openReturns(read.state, read.records);
  const rowsByKey = new Map(tab.rows.map((r) => [indicatorKey(r.no, r.name), r]));
  const lockReason = lockReasonFor(read, user);
  const outlook = planOutlook(analysis, { cut: analysis.outlookRule?.cut });
  const records = new Map(outlook.indicators.map((r) => [indicatorKey(r.no, r.indicator), r]));
  const { series } = readSeries(analysis.indicators, settings);
  const rows: FormRow[] = mine.map((ind) => {
    const row = rowsByKey.get(indicatorKey(ind.no, ind.name));
    const fields = ['actual', 'comment', 'cause', 'direction'] as const;
    const cellOf = (field: Field) => fieldCells(row, field)?.get(fy);
    const at = (c: SourceCell | undefined) => (c ? a1(c.row, c.col) : '');
    const formCell = (field: Field) => ({ cell: at(cellOf(field)), text: entryText(cellOf(field)) });
    const messages: FormRow['messages'] = [];
    for (const f of analysis.findings) {
      if (f.sheet !== tab.sheet || !f.cell) continue;
      const field = fields.find((x) => f.cell === at(cellOf(x)));
      if (field) messages.push({ field, severity: f.severity, message: f.message });
    }
    const label = indicatorLabel(ind);
    const missing = analysis.causesMissing.find((m) => m.department === tab.sheet && m.indicator === label);
    const otherIndicator = lastYearNote(ind, series, rowsByKey, settings);
    return {
      no: ind.no, name: ind.name, actionPlan: ind.actionPlan, unit: ind.unit,
      siblings: analysis.indicators.filter((s) => s !== ind && s.no === ind.no && isActive(s) && s.name).map((s) => ({ name: s.name, dept: s.reportingDept })),
      target: entryText(ind.targets.get(fy)),
      lastYear: otherIndicator ? '' : entryText(row?.actuals.get(fy - 1)),
      lastYearNote: otherIndicator,
      actual: formCell('actual'),
      comment: formCell('comment'),
      cause: formCell('cause'),
      direction: formCell('direction'),
      causeNeeded: missing ? missing.message : '',
      messages,
      returns: returns.filter((r) => r.no === ind.no && (!r.indicator || r.indicator === ind.name)).map((r) => r.reason),
      ...formOutlook(records.get(indicatorKey(ind.no, ind.name)), ind, fy),
    };
  });
  return {
    title: settings.title, dept: tab.sheet, departments: reportingDepts(analysis.indicators), fiscalYear: fy,
    fiscalYearLabel: formatFiscalYear(fy), submitted: tab.submitted, submittedAt: tab.submitted ? cellText(tab.submittedAt) : '',
    cannotSubmit: !tab.statusCell, closed: analysis.closedYears.includes(fy), directions: [...DIRECTIONS], rows,
    state: read.state, locked: lockReason !== '', lockReason,
    canCorrect: !read.unknownState && LOCKED_STATES.includes(read.state) && isCoordinator(settings, user),
    tabReturns: returns.filter((r) => r.no === null).map((r) => r.reason),
  };
}

/** The department's form for the year under evaluation, as `user` may use it (locked, may correct). */
export function deptForm(book: WorkbookPort, dept: string, user = ''): DeptForm {
  return formOf(readDept(book, dept), user);
}

/**
 * What the sidebar opens on, in one call: the active tab's department when it is one (`activeDept`), else the
 * first department's form (`activeDept` ''), or no form when the plan has no department yet.
 */
export function sidebarStart(book: WorkbookPort, activeSheet: string, user = ''): SidebarStart {
  if (!book.sheetNames().includes(SHEET.master)) return { activeDept: '', form: null };
  const analysis = analyzePlan(onlySheets(book, [SHEET.settings, SHEET.master]), '入力サイドバーを表示');
  const departments = reportingDepts(analysis.indicators);
  const activeDept = departments.includes(activeSheet) ? activeSheet : '';
  const dept = activeDept || departments[0];
  return { activeDept, form: dept ? deptForm(book, dept, user) : null };
}

/**
 * Saves the changed cells when each still holds what the form showed (compare-and-set); otherwise writes nothing
 * and reports every changed cell. With `submit`, marks the tab 提出済 unless an entry of the form has an error.
 * The shell runs this under its document lock.
 */
/**
 * Saves the changed cells (nothing when any changed since loaded, or any text is longer than one cell holds:
 * maxCellChars is the platform's limit, Excel's 32,767 for an .xlsx).
 */
export function saveForm(book: WorkbookPort, request: SaveRequest, actor: Actor, maxCellChars = SHEETS_MAX_CELL_CHARS): SaveResult {
  checkSaveRequest(request);
  const read = readDept(book, request.dept);
  const { settings, tab } = read;
  if (request.fiscalYear !== settings.evaluationYear)
    throw new UserError(`評価する年度が${formatFiscalYear(settings.evaluationYear)}に変わりました。読み込み直してください`);
  const unreadable = read.analysis.findings.find((f) => f.sheet === SHEET.yearClose && f.severity === 'error');
  if (unreadable)
    throw new UserError(`「${SHEET.yearClose}」シートを読めないため、確定した年度かどうかわからず保存できません（${unreadable.cell}: ${unreadable.message}）。調整担当者に直してもらってください`);
  if (read.analysis.closedYears.includes(request.fiscalYear))
    throw new UserError(`${formatFiscalYear(request.fiscalYear)}は確定済みのため、保存も提出もできません。直す必要があれば、調整担当者に「年度確定の解除」を頼んでください`);
  if (read.unknownState) throw new UserError(read.unknownState);
  // A submitted tab (提出済 until a 差戻し): its department may not change it; a coordinator corrects it with a reason.
  const submitted = LOCKED_STATES.includes(read.state);
  const correction = submitted && isCoordinator(settings, actor.user) ? (request.correctionReason ?? '').trim() : '';
  if (submitted) {
    const label = `「${tab.sheet}」の${formatFiscalYear(request.fiscalYear)}は「${read.state}」です`;
    if (request.submit) throw new UserError(`${label}（提出済み）。もう一度提出するには、調整担当者に差戻しを頼んでください`);
    if (request.changes.some((c) => c.after !== c.before)) {
      if (!isCoordinator(settings, actor.user)) throw new UserError(lockReasonFor(read, actor.user));
      if (!correction) throw new UserError(`${label}。提出された内容を調整担当者が直す（事務局修正）には理由が必要です。「事務局修正の理由」を入力してください（変更履歴と確認履歴に残ります）`);
    }
  }
  const how: LogHow = correction ? `事務局修正（理由: ${clipText(correction)}）` : 'サイドバー';
  const rowsByKey = new Map(tab.rows.map((r) => [indicatorKey(r.no, r.name), r]));
  const conflicts: Conflict[] = [];
  const writes: CellText[] = [];
  const log: LogEntry[] = [];
  for (const change of request.changes) {
    const row = rowsByKey.get(indicatorKey(change.no, change.name));
    if (!row) throw new UserError(`部門シート「${tab.sheet}」に No.${change.no} ${change.name} の行がありません。読み込み直してください`);
    const version = read.analysis.indicators.find((i) => i.no === change.no && i.name === change.name)?.version;
    if (!versionCovers(version, request.fiscalYear))
      throw new UserError(`No.${change.no} ${change.name} は${formatFiscalYear(request.fiscalYear)}の指標ではありません（適用年度: ${rangeText(version)}）。何も保存しませんでした。読み込み直してください`);
    const cell = fieldCells(row, change.field)?.get(request.fiscalYear);
    if (!cell) throw new UserError(`部門シート「${tab.sheet}」に${formatFiscalYear(request.fiscalYear)}の${FIELD_LABELS[change.field]}の列がありません。調整部門に「部門シート作成・更新」を頼んでください`);
    const now = entryText(cell);
    if (now === change.after) continue;
    const after = String(change.after);
    if (after.length > maxCellChars)
      throw new UserError(`${tab.sheet}!${a1(cell.row, cell.col)}（No.${change.no} ${change.name} の${FIELD_LABELS[change.field]}）は${after.length.toLocaleString('ja-JP')}文字あり、1つのセルに入る${maxCellChars.toLocaleString('ja-JP')}文字を超えるため、何も保存しませんでした。長い説明は短くまとめてください`);
    if (now !== change.before) {
      conflicts.push({ no: change.no, name: change.name, field: change.field, cell: a1(cell.row, cell.col), yours: change.after, now });
      continue;
    }
    writes.push({ row: cell.row, col: cell.col, text: change.after });
    log.push({ sheet: tab.sheet, cell: a1(cell.row, cell.col), before: now, after: change.after, how });
  }
  if (conflicts.length) return { status: 'conflict', saved: 0, conflicts, errors: [], form: formOf(read, actor.user) };
  if (writes.length) {
    book.writeTexts(tab.sheet, writes);
    book.appendLog(logRows(log, actor));
  }

  let after = writes.length ? readDept(book, request.dept) : read;
  if (correction && writes.length) {
    // One 確認履歴 row per correction, with the cells, and the 照合値 the entries are now held to (lock.ts).
    const cells = log.map((l) => l.cell).join('、');
    book.appendLog([reviewRow({
      dept: tab.sheet, fy: request.fiscalYear, act: '事務局修正', from: read.state, to: read.state, no: null, indicator: '',
      reason: `${correction}（修正したセル: ${cells}）`, check: entryCheck(after.tab, request.fiscalYear),
    }, actor)], REVIEW_LOG);
    after = readDept(book, request.dept);
  }
  if (!request.submit) return { status: 'saved', saved: writes.length, conflicts: [], errors: [], form: formOf(after, actor.user) };

  const form = formOf(after, actor.user);
  const cells = new Set(form.rows.flatMap((r) => [r.actual.cell, r.comment.cell, r.cause.cell, r.direction.cell].filter(Boolean)));
  const errors = after.analysis.findings.filter((f) => f.sheet === tab.sheet && f.severity === 'error' && cells.has(f.cell) && f.code !== 'cause-missing').map(toView);
  // A result at or below 設定's 「要因が必要な評価」, or worse than its baseline, needs its 要因 first.
  for (const m of after.analysis.causesMissing)
    if (m.department === tab.sheet) errors.push({ severity: 'error', sheet: tab.sheet, cell: m.cell, indicator: m.indicator, message: m.message });
  if (errors.length) return { status: 'invalid', saved: writes.length, conflicts: [], errors, form };
  if (form.cannotSubmit) throw new UserError(`部門シート「${tab.sheet}」に提出状況の欄がありません。調整部門に「部門シート作成・更新」を頼んでください`);
  const marks: CellText[] = [{ ...parseA1(after.tab.statusCell)!, text: SUBMITTED }];
  const marked: LogEntry[] = [{ sheet: tab.sheet, cell: after.tab.statusCell, before: after.tab.submitted ? SUBMITTED : NOT_SUBMITTED, after: SUBMITTED, how: 'サイドバー（提出）' }];
  if (after.tab.dateCell) {
    marks.push({ ...parseA1(after.tab.dateCell)!, text: dayText(actor.now) });
    marked.push({ sheet: tab.sheet, cell: after.tab.dateCell, before: cellText(after.tab.submittedAt), after: dayText(actor.now), how: 'サイドバー（提出）' });
  }
  book.writeTexts(tab.sheet, marks);
  book.appendLog(logRows(marked, actor));
  // The cycle's record (確認履歴): a 提出 row when the tab was being edited or had been returned, with the 照合値 of
  // what was submitted; then the year's entries are locked (Sheets protects them, lock.ts says how far).
  recordSubmission(book, tab.sheet, request.fiscalYear, actor, entryCheck(after.tab, request.fiscalYear));
  const lock = entryLock({ analysis: after.analysis, settings, fy: request.fiscalYear, records: [] }, tab.sheet, true);
  if (lock) book.lockEntries?.(lock);
  after = readDept(book, request.dept);
  return { status: 'saved', saved: writes.length, conflicts: [], errors: [], form: formOf(after, actor.user) };
}

function coordinatorViewOf(analysis: Analysis): CoordinatorView {
  const settings = analysis.settings!;
  const departments: DeptStatus[] = analysis.submissions.map((s) => ({
    dept: s.department, filled: s.filled, total: s.indicators, submitted: s.submitted,
    submittedAt: s.submitted ? cellText(s.submittedAt) : '', errors: s.errors,
    warnings: analysis.findings.filter((f) => f.sheet === s.department && f.severity === 'warning').length, hasTab: s.hasTab,
  }));
  // Errors first, then in sheet order as found.
  const sorted = [...analysis.findings].sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'));
  return {
    title: settings.title, fiscalYear: settings.evaluationYear, fiscalYearLabel: formatFiscalYear(settings.evaluationYear),
    departments, findings: sorted.slice(0, MAX_FINDINGS).map(toView), moreFindings: Math.max(0, sorted.length - MAX_FINDINGS),
    report: reportChoices(analysis),
    cycle: null, cycleProblem: '',
  };
}

/** The years, 基本方針 and departments 報告書作成 accepts for this plan (buildReport refuses others). */
export function reportChoices(analysis: Analysis): ReportChoices {
  const settings = analysis.settings!;
  const years: ReportChoices['years'] = [];
  for (let fy = settings.firstYear; fy <= settings.lastYear; fy++) years.push({ year: fy, label: fiscalYearBothEras(fy) });
  return { years, ...reportScopes(analysis) };
}

/** Per department: entries filled, submitted or not, open findings (reads every sheet, writes nothing). */
export function coordinatorView(book: WorkbookPort): CoordinatorView {
  const analysis = validateWorkbook(book);
  const view = coordinatorViewOf(analysis);
  try {
    return { ...view, cycle: cycleStatus(book, null, analysis) };
  } catch (e) {
    // The entries and findings still show; the board says why it cannot.
    if (e instanceof UserError) return { ...view, cycleProblem: e.message };
    throw e;
  }
}

function counted(findings: Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

/** 入力チェック: 検証結果 and the notes on the cells, and a short Japanese result. */
export function runCheck(book: WorkbookPort): JobResult {
  const analysis = checkWorkbook(book);
  const { errors, warnings } = counted(analysis.findings);
  const message = analysis.findings.length ? `エラー ${errors}件・警告 ${warnings}件（「${SHEET.findings}」シートと各セルのメモに書き出しました）` : '問題は見つかりませんでした。';
  return { job: 'check', message, grades: [], errors, warnings, sheets: [SHEET.findings], view: coordinatorViewOf(analysis) };
}

/** The grades of the year under evaluation, best first. */
export function yearGrades(counts: Counts, settings: Settings): { grade: string; count: number }[] {
  const year = counts.byYear.find((l) => l.key === formatFiscalYear(settings.evaluationYear));
  return settings.scale.map((b) => ({ grade: b.grade, count: year?.counts[b.grade] ?? 0 }));
}

/** 集計: 達成状況, 検証結果 and グラフ, and a short Japanese result. */
export function runRollup(book: WorkbookPort): JobResult {
  const { analysis, counts, settings, graphsWritten } = rollupWorkbook(book);
  const grades = yearGrades(counts, settings);
  const { errors, warnings } = counted(analysis.findings);
  const gradeText = grades.map((g) => `${g.grade} ${g.count}件`).join('・');
  const message = `「${SHEET.summary}」を更新しました（${formatFiscalYear(settings.evaluationYear)}: ${gradeText}）。検証結果: エラー ${errors}件・警告 ${warnings}件。`;
  const sheets = [SHEET.summary, ...(graphsWritten ? [SHEET.graphs] : []), SHEET.findings];
  return { job: 'rollup', message, grades, errors, warnings, sheets, view: coordinatorViewOf(analysis) };
}


