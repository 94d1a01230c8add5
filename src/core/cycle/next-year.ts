/**
 * 新年度の準備 (coordinators): once the year under evaluation is closed (年度確定), 設定's 評価年度 moves one year on.
 * Nothing typed is lost: the department tabs are rebuilt as 部門シート作成・更新 does (entries and what people added to
 * them carried, the closed years locked, the new year open, 予定 copied again from 計画マスタ), with only their
 * submission line set back to 未提出 and 提出日 cleared, each reset recorded on 変更履歴. The new year's states need no
 * record: they derive from 確認履歴 per fiscal year (states.ts), so a year without a transition starts 入力中.
 *
 * The job also checks that every active indicator has a 予定 for the new year (warnings naming the 計画マスタ cell)
 * and lists what the closed year left open: returns never answered (closed by override while 差戻し), 未測定 or
 * blank entries to fill in later, and years closed without every 確認.
 *
 * It refuses while the year under evaluation is not closed, so running it twice cannot skip a year. Everything is
 * computed before the first write. The tabs are written first, resumably (write-budget.ts); 評価年度 moves only once
 * every tab is written, so a run that stops for time leaves 評価年度 where it was (the closed year, still 確定) and the
 * next run of this job goes on with the tabs left: each reset is made, and logged, once.
 */
import type { Analysis } from '../analyze';
import { UserError } from '../errors';
import { analyzePlan, blocking, findingLines, pendingLine, planDepartmentTabs } from '../jobs';
import { logRows, type Actor, type LogEntry } from '../layout/change-log';
import { NOT_SUBMITTED, SUBMITTED, type DeptTab } from '../layout/department';
import { indicatorLabel, isActive, MASTER_FIELDS, targetHeader } from '../layout/master';
import { refusedEditorFindings, SETTING_KEYS } from '../layout/settings';
import { SHEET } from '../layout/sheet-names';
import { cellText, findHeaderRow, headerKey } from '../layout/table';
import { readYearClose, type YearCloseRecord } from '../layout/year-close';
import type { Finding, Indicator } from '../model';
import { formatFiscalYear, splitFiscalYearPrefix } from '../parse/fiscal-year';
import { a1, isBlank, writeOutcome, type Scalar, type SheetOutput, type WorkbookPort } from '../workbook';
import { readReviewLog, type ReviewRecord } from './records';
import type { TransitionView } from './service';
import { openReturns, type CycleState } from './states';

const WHAT = '新年度の準備';
/** The most findings the message lists (the result holds them all). */
const LISTED = 10;

/** An entry of the closed year still to be filled in. */
export interface OpenEntry {
  no: number;
  indicator: string;
  /** `広報課!J6` (the 実績 cell), or the tab's name when it has no row for the indicator. */
  cell: string;
  status: '未測定' | '未入力';
}

/** What the closed year left open. */
export interface OpenItems {
  fiscalYear: number;
  /** Departments closed by override while 差戻し: the reasons they never answered. */
  returns: { dept: string; reasons: TransitionView[] }[];
  /** Per department (master order), the entries 未測定 or blank. */
  entries: { dept: string; entries: OpenEntry[] }[];
  /**
   * Closed years (any of the plan) whose latest closing went ahead without every 確認: the reason given (確認履歴's, or
   * 年度確定's record) and the departments not 確認済 then, with their state.
   */
  unconfirmedYears: { fiscalYear: number; at: string; by: string; reason: string; departments: { dept: string; state: CycleState }[] }[];
}

export interface NextYearResult {
  /** The closed year, and the new year under evaluation. */
  from: number;
  to: number;
  /** Whether 評価年度 moved: false when the shell ran out of time before every tab was written (run the job again). */
  moved: boolean;
  /** Department tabs whose 提出状況 went back to 未提出 (or whose 提出日 was cleared) in this run. */
  reset: string[];
  /** Department tabs written in this run, and those left for the next run of this job. */
  tabs: string[];
  pending: string[];
  /** Indicators without a 予定 for the new year (on their 計画マスタ cell), then addresses the platform refused as editors. */
  findings: Finding[];
  open: OpenItems;
  message: string;
}

/** The closing records, which a job must read whole (a row it cannot read could be a closing). */
function yearCloseRecords(book: WorkbookPort): YearCloseRecord[] {
  const { records, findings } = readYearClose(book.readSheet(SHEET.yearClose));
  if (findings.length) throw blocking(findings, `${WHAT}が`);
  return records;
}

function reviewRecords(book: WorkbookPort): ReviewRecord[] {
  const { records, findings } = readReviewLog(book.readSheet(SHEET.review));
  if (findings.length) throw blocking(findings, `${WHAT}が`);
  return records;
}

/** The 評価年度 value cell of 設定 (the row readSettings reads: the first whose A column names it). */
function evaluationCell(book: WorkbookPort): { row: number; col: number; raw: Scalar } {
  const values = book.readSheet(SHEET.settings)?.values ?? [];
  const r = values.findIndex((line) => headerKey(line[0] ?? '') === headerKey(SETTING_KEYS.evaluationYear));
  // readSettings refuses a 設定 without the row, so analyzePlan has stopped before this.
  if (r < 0) throw new UserError(`「${SHEET.settings}」に「${SETTING_KEYS.evaluationYear}」の行がありません`);
  return { row: r + 1, col: 2, raw: values[r][1] ?? '' };
}

/** The refusals, in the order a coordinator fixes them. */
function checkYear(analysis: Analysis, cell: { row: number; col: number; raw: Scalar }): void {
  const settings = analysis.settings!;
  const at = `「${SHEET.settings}」!${a1(cell.row, cell.col)}`;
  if (isBlank(cell.raw)) throw new UserError(`${WHAT}ができません。${at}の「${SETTING_KEYS.evaluationYear}」が空です。いま評価している年度を入力してください`);
  const bad = analysis.findings.filter((f) => f.sheet === SHEET.settings && f.cell === a1(cell.row, cell.col) && f.severity === 'error');
  if (bad.length) throw blocking(bad, `${WHAT}が`);
  const fy = settings.evaluationYear;
  const label = formatFiscalYear(fy);
  if (fy >= settings.lastYear)
    throw new UserError(
      `${WHAT}ができません。評価年度の${label}は計画期間の最後の年度です（「${SHEET.settings}」の「${SETTING_KEYS.lastYear}」: ${formatFiscalYear(settings.lastYear)}）。この計画は終わっています。` +
        `次の計画は新しいブックで初期設定してください（計画を延長したときは、先に「${SETTING_KEYS.lastYear}」と計画マスタの予定の列を直してください）`,
    );
  if (!analysis.closedYears.includes(fy))
    throw new UserError(
      `${WHAT}ができません。評価年度の${label}はまだ確定していません。${label}の実績を確定してから新年度に進みます。` +
        `先に「年度確定」（コマンドラインは shinchoku close-year）で${label}を確定してください`,
    );
}

/** The 計画マスタ column of the year's 予定: where another indicator's 予定 sits, or the header that names it. */
function targetColumn(book: WorkbookPort, active: readonly Indicator[], fy: number): number | undefined {
  const seen = active.find((i) => i.targets.has(fy))?.targets.get(fy)?.col;
  if (seen !== undefined) return seen;
  const values = book.readSheet(SHEET.master)?.values ?? [];
  const header = findHeaderRow(values, Object.values(MASTER_FIELDS));
  const words = ['予定', '目標'].map(headerKey);
  return header?.all.find(({ text }) => {
    const split = splitFiscalYearPrefix(text);
    return split?.fy === fy && words.includes(headerKey(split.rest));
  })?.col;
}

/** A warning per active indicator without a 予定 for the year, on its 計画マスタ cell. */
function missingTargets(book: WorkbookPort, analysis: Analysis, fy: number): Finding[] {
  const active = analysis.indicators.filter(isActive);
  const missing = active.filter((i) => !i.targets.has(fy));
  if (!missing.length) return [];
  const col = targetColumn(book, active, fy);
  const header = targetHeader(fy);
  return missing.map((ind) => ({
    severity: 'warning' as const, code: 'next-year-no-target', sheet: SHEET.master, cell: col === undefined ? '' : a1(ind.row, col), indicator: indicatorLabel(ind),
    message: `${indicatorLabel(ind)}: ` + (col === undefined
      ? `${formatFiscalYear(fy)}の予定がありません（計画マスタに「${header}」の列がありません）。列を足して予定を入力し、部門シート作成・更新を実行してください`
      : `${formatFiscalYear(fy)}の予定がありません。計画マスタの「${header}」に入力し、部門シート作成・更新を実行してください（予定がないと評価できません）`),
  }));
}

const view = (r: ReviewRecord): TransitionView => ({ at: r.at, by: r.by, act: r.act, from: r.from, to: r.to, no: r.no, indicator: r.indicator, reason: r.reason });

/** The closed year's open items (see OpenItems). */
export function openItems(analysis: Analysis, history: readonly YearCloseRecord[], records: readonly ReviewRecord[], fy: number): OpenItems {
  const ofYear = records.filter((r) => r.fy === fy);
  const reopened = ofYear.map((r) => r.act).lastIndexOf('確定の解除');
  const returns: OpenItems['returns'] = [];
  ofYear.forEach((r, i) => {
    if (i <= reopened || r.act !== '確認なしで確定' || r.from !== '差戻し') return;
    const before = ofYear.slice(0, i).filter((x) => x.dept === r.dept);
    returns.push({ dept: r.dept, reasons: openReturns('差戻し', before).map(view) });
  });

  const byDept = new Map<string, OpenEntry[]>();
  for (const row of analysis.rows) {
    if (row.fiscalYear !== fy || (row.status !== '未測定' && row.status !== '未入力')) continue;
    const list = byDept.get(row.department) ?? [];
    list.push({ no: row.no, indicator: row.indicator, cell: row.cell ? `${row.sheet}!${row.cell}` : row.sheet, status: row.status });
    byDept.set(row.department, list);
  }

  const unconfirmedYears: OpenItems['unconfirmedYears'] = [];
  for (const year of analysis.closedYears) {
    const closes = history.filter((h) => h.fy === year && h.act === '確定');
    const close = closes[closes.length - 1];
    if (!close?.reason) continue;
    const mine = records.filter((r) => r.fy === year);
    const since = mine.map((r) => r.act).lastIndexOf('確定の解除');
    const forced = mine.filter((r, i) => i > since && r.act === '確認なしで確定');
    const departments = forced.map((r) => ({ dept: r.dept, state: r.from }));
    // The reason as the coordinator gave it (確認履歴), else 年度確定's record of it.
    unconfirmedYears.push({ fiscalYear: year, at: close.at, by: close.by, reason: forced[0]?.reason || close.reason, departments });
  }
  return { fiscalYear: fy, returns, entries: [...byDept].map(([dept, entries]) => ({ dept, entries })), unconfirmedYears };
}

/** The submission line's value cells in a tab output: the cell after each label (department.ts writes them so). */
function submissionCells(out: SheetOutput): { status?: number; date?: number } {
  const line = out.values[0] ?? [];
  const after = (label: string) => {
    const i = line.findIndex((v) => v === label);
    return i < 0 ? undefined : i + 1;
  };
  return { status: after('提出状況'), date: after('提出日') };
}

/** The tab output with its submission line back to 未提出 and no 提出日. */
function resetOutput(out: SheetOutput): SheetOutput {
  const { status, date } = submissionCells(out);
  const values = out.values.map((r, i) => (i === 0 ? [...r] : r));
  if (status !== undefined) values[0][status] = NOT_SUBMITTED;
  if (date !== undefined) values[0][date] = '';
  return { ...out, values };
}

/** What resetting a tab changes, for 変更履歴. */
function resetLog(tab: DeptTab | undefined): LogEntry[] {
  const log: LogEntry[] = [];
  if (tab?.statusCell && tab.submitted) log.push({ sheet: tab.sheet, cell: tab.statusCell, before: SUBMITTED, after: NOT_SUBMITTED, how: WHAT });
  if (tab?.dateCell && !isBlank(tab.submittedAt)) log.push({ sheet: tab.sheet, cell: tab.dateCell, before: cellText(tab.submittedAt), after: '', how: WHAT });
  return log;
}

/** 評価年度 as the person wrote it: a bare year stays a bare year, anything else becomes 「2021年度」. */
function yearText(raw: Scalar, fy: number): string {
  return typeof raw === 'number' || /^\s*\d{4}\s*$/.test(String(raw).normalize('NFKC')) ? String(fy) : formatFiscalYear(fy);
}

/** The open items as lines of the message. */
export function openLines(open: OpenItems): string[] {
  const label = formatFiscalYear(open.fiscalYear);
  const lines: string[] = [];
  for (const r of open.returns) {
    lines.push(`・差戻しに答えないまま確定した部門: ${r.dept}`);
    for (const x of r.reasons) lines.push(`    差戻しの理由${x.no !== null ? `（No.${x.no} ${x.indicator}）` : ''}: ${x.reason}（${x.at} ${x.by}）`);
  }
  const count = open.entries.reduce((n, d) => n + d.entries.length, 0);
  if (count) {
    lines.push(`・${label}の実績で、まだ入っていないもの（未測定・空欄）${count}件。測れたら入力してください（確定した年度は「年度確定の解除」をしてから）:`);
    for (const d of open.entries) lines.push(`    ${d.dept}: ${d.entries.map((e) => `No.${e.no} ${e.indicator}（${e.cell}、${e.status}）`).join('、')}`);
  }
  for (const y of open.unconfirmedYears)
    lines.push(`・確認を待たずに確定した年度: ${formatFiscalYear(y.fiscalYear)}（${y.at} ${y.by}、理由: ${y.reason}${y.departments.length ? `。確認済みでなかった部門: ${y.departments.map((d) => `${d.dept}（${d.state}）`).join('・')}` : ''}）`);
  return lines;
}

function message(r: Omit<NextYearResult, 'message'>): string {
  const from = formatFiscalYear(r.from);
  const to = formatFiscalYear(r.to);
  const reset = r.reset.length ? `${r.reset.length}部門（${r.reset.join('・')}）の提出状況を「${NOT_SUBMITTED}」に戻しました（変更履歴に記録）。` : '';
  if (!r.moved)
    return [
      `新年度の準備の途中です。評価年度はまだ${from}のままです。${reset}`,
      pendingLine(r.tabs.length + r.pending.length, r.pending.length, WHAT),
    ].join('\n');
  const lines = [
    `新年度の準備をしました。「${SHEET.settings}」の評価年度を${from}から${to}にしました。`,
    `${reset}各部門は${to}を「入力中」から始めます。${from}までの入力はすべて残しています。`,
    `部門シート ${r.tabs.length}（${r.tabs.join('・') || 'なし'}）を更新しました（確定した年度は編集できないまま、${to}を入力できます）。`,
  ];
  const targets = r.findings.filter((f) => f.code === 'next-year-no-target');
  if (targets.length) lines.push(`${to}の予定がない指標が${targets.length}件あります:`);
  lines.push(...findingLines(r.findings.slice(0, LISTED)));
  if (r.findings.length > LISTED) lines.push(`…ほか${r.findings.length - LISTED}件`);
  const open = openLines(r.open);
  lines.push(open.length ? `${from}から残っていること:` : `${from}から残っていることはありません。`, ...open);
  return lines.join('\n');
}

/** 新年度の準備: moves 評価年度 one year on after 年度確定 (see the module comment). */
export function prepareNextYear(book: WorkbookPort, actor: Actor): NextYearResult {
  const history = yearCloseRecords(book);
  const analysis = analyzePlan(book, `${WHAT}が`);
  const settings = analysis.settings!;
  const cell = evaluationCell(book);
  checkYear(analysis, cell);
  const records = reviewRecords(book);
  const from = settings.evaluationYear;
  const to = from + 1;
  const targets = missingTargets(book, analysis, to);
  const open = openItems(analysis, history, records, from);

  // Every check (unreadable tabs, unknown columns) runs before the first write.
  const plan = planDepartmentTabs(book, [], analysis.closedYears);
  const outputs = plan.outputs.map(resetOutput);
  const tabs = new Map(analysis.tabs.map((t) => [t.sheet, t]));

  const { written, pending } = writeOutcome(outputs, book.writeSheets(outputs, { resumable: true }));
  // Tabs an earlier, unfinished run wrote are in neither list: their resets were logged then.
  const resets = written.map((name) => ({ name, log: resetLog(tabs.get(name)) })).filter((r) => r.log.length);
  const moved = !pending.length;
  const log = resets.flatMap((r) => r.log);
  if (moved) {
    const before = cellText(cell.raw);
    const after = yearText(cell.raw, to);
    book.writeTexts(SHEET.settings, [{ row: cell.row, col: cell.col, text: after }]);
    log.unshift({ sheet: SHEET.settings, cell: a1(cell.row, cell.col), before, after, how: WHAT });
  }
  if (log.length) book.appendLog(logRows(log, actor));

  const result = {
    from, to, moved, reset: resets.map((r) => r.name), tabs: written, pending,
    findings: [...targets, ...refusedEditorFindings(settings, book.refusedEditors?.() ?? [])], open,
  };
  return { ...result, message: message(result) };
}
