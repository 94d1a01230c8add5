/**
 * Reads a plan workbook once and works out everything the check and the rollup need: settings, indicators,
 * department tabs, every entry resolved, located findings, and one summary row per indicator and fiscal year.
 */
import { badDirectionMessage, causeReason, readDirection } from './direction';
import { readCauseRule } from './layout/cause-setting';
import { checkClosedEntry, checkClosedTarget, readClosedSnapshots, snapshotHas, type ClosedSnapshot } from './closed-years';
import { changeNotes, indicatorChanges, rangeText, readSeries, versionCovers, type IndicatorChange, type Series } from './indicator-versions';
import { readOutlookRule, type OutlookRule } from './layout/outlook-setting';
import { applyProgressMethod } from './outlook/progress-method';
import { resolveCell, unitOk, type Resolved } from './entries';
import { NO_GRADE, NO_GRADE_LABEL, gradeOf } from './grades';
import { columnHeader, readDeptTab, type DeptRow, type DeptTab } from './layout/department';
import { indicatorLabel, isActive, readMaster, reportingDepts } from './layout/master';
import { readSettings } from './layout/settings';
import { closedYears, readYearClose } from './layout/year-close';
import { isReservedName, SHEET } from './layout/sheet-names';
import { cellText, clipText } from './layout/table';
import { indicatorKey, type Finding, type Indicator, type Settings, type SourceCell } from './model';
import { formatFiscalYear } from './parse/fiscal-year';
import type { EntryStatus } from './parse/types';
import { achievementRate } from './rates';
import { a1, isBlank, type Scalar, type WorkbookPort } from './workbook';

/** Why a row has the grade it has; rows other than 評価済 carry no grade and are counted separately. */
export type RowStatus = '評価済' | EntryStatus | '未入力' | '目標なし' | '算定不能' | '入力エラー' | '目標エラー';
export const UNGRADED_STATUSES: readonly RowStatus[] = ['未測定', '未入力', '対象外', '中止', '完了', '目標なし', '算定不能', '入力エラー', '目標エラー'];

export interface SummaryRow {
  no: number;
  policy: string;
  theme: string;
  actionPlan: string;
  indicator: string;
  department: string;
  fiscalYear: number;
  target: number | null;
  /** The 予定 cell as written, for display when it is not a number (`-`). */
  targetText: string;
  actual: number | null;
  actualText: string;
  unit: string;
  /** Ratio (1 = 100%), unrounded and uncapped; null when there is none. */
  rate: number | null;
  grade: string;
  gradeLabel: string;
  status: RowStatus;
  note: string;
  /** Where the entry lives: the department tab and cell (for links). */
  sheet: string;
  cell: string;
  /** 要因 and 今後の方向性 as written on the department tab ('' when none; the 方向性 as read when it is one of the list). */
  cause: string;
  direction: string;
  /** The changes of the indicator's series (中間見直し, indicator-versions.ts), as noted in 備考; '' for none. */
  revision: string;
}

/** An indicator of the evaluation year that needs a 要因 before its tab may be submitted, and has none. */
export interface CauseMissing {
  department: string;
  /** The 要因 cell (A1), or the 実績 cell when the tab has no 要因 column yet. */
  cell: string;
  indicator: string;
  message: string;
}

export interface Submission {
  department: string;
  /** Indicators of the department in the evaluation year. */
  indicators: number;
  /** Of those, how many have something in their 実績 cell. */
  filled: number;
  submitted: boolean;
  submittedAt: Scalar;
  errors: number;
  hasTab: boolean;
}

export interface Analysis {
  settings: Settings | null;
  indicators: Indicator[];
  tabs: DeptTab[];
  rows: SummaryRow[];
  submissions: Submission[];
  /** Plans kept in the master without indicators to report (削除, 省略, 完了 …). */
  excluded: Indicator[];
  /** Fiscal years closed with 年度確定 (their entries are locked; see year-lock.ts). */
  closedYears: number[];
  /** Indicators of the evaluation year without the 要因 提出 needs (every tab; findings only for submitted ones). */
  causesMissing: CauseMissing[];
  /** Indicators changed or added by a revision of the plan (中間見直し), with both definitions. */
  changes: IndicatorChange[];
  /** 設定's 進捗評価方式, 達成見込みの区切り and 達成率の表示 (layout/outlook-setting.ts); absent: the defaults. */
  outlookRule?: Omit<OutlookRule, 'findings'>;
  findings: Finding[];
}

const normText = (v: Scalar) => cellText(v).normalize('NFKC').replace(/\s+/g, ' ');

export interface AnalyzeOptions {
  /**
   * Compare closed years with their snapshots (closed-years.ts); default true. A view that reads only some sheets
   * (the sidebar's) turns it off: it does not read the snapshots, and 入力チェック and 集計 do the comparing.
   */
  snapshots?: boolean;
}

export function analyze(book: WorkbookPort, options: AnalyzeOptions = {}): Analysis {
  const names = book.sheetNames();
  const settingsSheet = book.readSheet(SHEET.settings);
  const { settings, findings } = readSettings(settingsSheet);
  const yearClose = readYearClose(book.readSheet(SHEET.yearClose));
  findings.push(...yearClose.findings);
  const closed = closedYears(yearClose.records);
  const empty: Analysis = { settings, indicators: [], tabs: [], rows: [], submissions: [], excluded: [], closedYears: closed, causesMissing: [], changes: [], findings };
  if (!settings) return empty;
  const causeRule = readCauseRule(settingsSheet, settings.scale);
  findings.push(...causeRule.findings);
  const outlookRule = readOutlookRule(settingsSheet);
  findings.push(...outlookRule.findings);

  const master = readMaster(book.readSheet(SHEET.master), settings);
  findings.push(...master.findings);
  // Closed years are checked against their snapshots (closed-years.ts).
  const closedRecord = readClosedSnapshots(book, yearClose.records, options.snapshots === false ? [] : closed);
  findings.push(...closedRecord.findings);
  const indicators = master.indicators;
  const active = indicators.filter(isActive);
  const depts = reportingDepts(indicators);
  const planOf = new Map<number, Indicator[]>();
  for (const ind of active) planOf.set(ind.no, [...(planOf.get(ind.no) ?? []), ind]);
  const versions = readSeries(indicators, settings);
  findings.push(...versions.findings);
  const changes = indicatorChanges(versions.series, settings);
  const notesOf = changeNotes(versions.series, changes);
  const inForce = versionsInForce(versions.series, settings, closedRecord.snapshots, findings);

  // Department tabs: every sheet that is not the add-in's own and holds an indicator table.
  const tabs: DeptTab[] = [];
  for (const name of names) {
    if (isReservedName(name)) continue;
    const sheet = book.readSheet(name);
    const tab = sheet ? readDeptTab(sheet, settings) : null;
    if (tab) {
      tabs.push(tab);
      findings.push(...tab.findings);
      if (!depts.includes(name))
        findings.push({ severity: 'warning', code: 'unknown-tab', sheet: name, cell: '', indicator: '', message: `計画マスタに報告部門「${name}」の指標がありません。このシートの入力は集計に使いません` });
    } else if (depts.includes(name)) {
      findings.push({ severity: 'error', code: 'header-missing', sheet: name, cell: 'A1', indicator: '', message: '部門シートの見出し（No.・指標名・年度ごとの実績）が見つかりません。見出しを元に戻すか、部門シート作成・更新を実行してください' });
    }
  }
  const tabByName = new Map(tabs.map((t) => [t.sheet, t]));
  // A department named like one of the add-in's sheets is reported by readMaster (reserved-dept).
  for (const d of depts)
    if (!names.includes(d) && !isReservedName(d))
      findings.push({ severity: 'error', code: 'missing-tab', sheet: d, cell: '', indicator: '', message: `部門シート「${d}」がありません。部門シート作成・更新（shinchoku setup）を実行してください` });

  // A year of the plan without its 実績 column (renamed, merged or deleted header): its entries cannot be read.
  const planYears: number[] = [];
  for (let fy = settings.firstYear; fy <= settings.lastYear; fy++) planYears.push(fy);
  for (const tab of tabs) {
    if (!depts.includes(tab.sheet)) continue;
    const missing = planYears.filter((fy) => !tab.years.includes(fy));
    if (missing.length)
      findings.push({ severity: 'error', code: 'missing-year-column', sheet: tab.sheet, cell: a1(tab.headerRow, 1), indicator: '', message: `${missing.map((fy) => `「${columnHeader(fy, 'actual')}」`).join('')}の列見出しがありません。その年度の実績を読めません（見出しの名前を変えた場合は元に戻してください。計画期間を延ばした場合は部門シート作成・更新を実行してください）` });
  }

  // Tab rows ↔ master indicators.
  const rowFor = new Map<Indicator, DeptRow>();
  const byKey = new Map(indicators.map((i) => [indicatorKey(i.no, i.name), i]));
  for (const tab of tabs) {
    if (!depts.includes(tab.sheet)) continue;
    const seen = new Set<string>();
    for (const row of tab.rows) {
      const key = indicatorKey(row.no, row.name);
      const ind = byKey.get(key);
      const at = a1(row.row, 1);
      const label = indicatorLabel(row);
      const hasEntries = [...row.actuals.values()].some((c) => !isBlank(c.value));
      const note = hasEntries ? 'この行の入力は集計に使いません' : '';
      if (seen.has(key)) {
        findings.push({ severity: 'error', code: 'duplicate-row', sheet: tab.sheet, cell: at, indicator: label, message: `同じ指標の行が2つあります。上の行を使います。${note}` });
        continue;
      }
      seen.add(key);
      if (!ind) {
        findings.push({ severity: hasEntries ? 'error' : 'warning', code: 'not-in-master', sheet: tab.sheet, cell: at, indicator: label, message: `計画マスタにない指標です（No.と指標名が一致しません）。${note}` });
        continue;
      }
      if (!isActive(ind)) {
        findings.push({ severity: 'warning', code: 'inactive-indicator', sheet: tab.sheet, cell: at, indicator: label, message: `計画マスタで状態が「${ind.state}」の指標です。${note}` });
        continue;
      }
      if (ind.reportingDept !== tab.sheet) {
        findings.push({ severity: hasEntries ? 'error' : 'warning', code: 'wrong-tab', sheet: tab.sheet, cell: at, indicator: label, message: `計画マスタでは報告部門が「${ind.reportingDept}」です。${note}` });
        continue;
      }
      rowFor.set(ind, row);
    }
  }
  for (const ind of active) {
    if (tabByName.has(ind.reportingDept) && !rowFor.has(ind))
      findings.push({ severity: 'error', code: 'missing-in-tab', sheet: ind.reportingDept, cell: '', indicator: indicatorLabel(ind), message: '部門シートにこの指標の行がありません。部門シート作成・更新を実行してください' });
  }

  // 今後の方向性: one of the list, whatever the year.
  for (const [ind, row] of rowFor)
    for (const cell of row.directions.values()) {
      const d = readDirection(cell.value);
      if (d.kind === 'error')
        findings.push({ severity: 'error', code: 'bad-direction', sheet: cell.sheet, cell: a1(cell.row, cell.col), indicator: indicatorLabel(ind), message: badDirectionMessage(d.text) });
    }

  // Targets and actuals, resolved per indicator and year; values written for a sibling are collected.
  const years = planYears;
  const actualOf = new Map<Indicator, Map<number, { cell: SourceCell; res: Resolved }>>();
  const adopted = new Map<Indicator, Map<number, { value: Resolved; from: SourceCell }>>();
  for (const ind of active) {
    const row = rowFor.get(ind);
    const siblings = (planOf.get(ind.no) ?? []).filter((s) => s !== ind);
    const perYear = new Map<number, { cell: SourceCell; res: Resolved }>();
    for (const fy of years) {
      const cell = row?.actuals.get(fy);
      if (!cell) continue;
      if (!inForce(ind, fy)) {
        // Kept in the tab (read-only there), never used: the year is judged against the version in force.
        if (!isBlank(cell.value))
          findings.push({ severity: 'warning', code: 'version-entry-out-of-range', sheet: cell.sheet, cell: a1(cell.row, cell.col), indicator: indicatorLabel(ind), message: `${formatFiscalYear(fy)}は「${ind.name}」の適用年度（${rangeText(ind.version)}）の外です。この実績は集計に使いません` });
        continue;
      }
      const r = resolveCell(cell, ind, siblings, 'actual');
      findings.push(...r.findings);
      perYear.set(fy, { cell, res: r.result });
      for (const { indicator, segment } of r.foreign) {
        const value: Resolved =
          segment.kind === 'status' ? { kind: 'status', status: segment.status }
          : unitOk(segment, indicator) ? { kind: 'number', value: segment.value, approx: segment.approx }
          : { kind: 'error' };
        const m = adopted.get(indicator) ?? new Map();
        m.set(fy, { value, from: cell });
        adopted.set(indicator, m);
      }
      const target = ind.targets.get(fy);
      const tabTarget = row?.targets.get(fy);
      if (tabTarget && normText(tabTarget.value) !== normText(target?.value ?? ''))
        findings.push({ severity: 'warning', code: 'target-changed', sheet: tabTarget.sheet, cell: a1(tabTarget.row, tabTarget.col), indicator: indicatorLabel(ind), message: `予定「${cellText(tabTarget.value)}」が計画マスタ（「${cellText(target?.value ?? '')}」）と異なります。計画マスタの値で集計します` });
    }
    actualOf.set(ind, perYear);
  }

  const rows: SummaryRow[] = [];
  const causesMissing: CauseMissing[] = [];
  const causeRows: { row: SummaryRow; ind: Indicator; at: SourceCell; hasColumn: boolean }[] = [];
  for (const ind of active) {
    const siblings = (planOf.get(ind.no) ?? []).filter((s) => s !== ind);
    let cumulative = 0;
    const missingYears: number[] = [];
    for (const fy of years) {
      if (!inForce(ind, fy)) {
        const extra = adopted.get(ind)?.get(fy);
        if (extra)
          findings.push({ severity: 'warning', code: 'version-entry-out-of-range', sheet: extra.from.sheet, cell: a1(extra.from.row, extra.from.col), indicator: indicatorLabel(ind), message: `このセルに書かれた「${ind.name}」の値は、${formatFiscalYear(fy)}が「${ind.name}」の適用年度（${rangeText(ind.version)}）の外のため集計に使いません` });
        continue;
      }
      const own = actualOf.get(ind)?.get(fy);
      let actual: Resolved = own?.res ?? { kind: 'empty' };
      let cell = own?.cell;
      const notes: string[] = [];
      const extra = adopted.get(ind)?.get(fy);
      if (extra) {
        const from = `${extra.from.sheet}!${a1(extra.from.row, extra.from.col)}`;
        if (actual.kind === 'empty') {
          actual = extra.value;
          cell = extra.from;
          notes.push(`${from} に書かれた値`);
        } else if (!sameResolved(actual, extra.value)) {
          findings.push({ severity: 'warning', code: 'conflicting-value', sheet: own!.cell.sheet, cell: a1(own!.cell.row, own!.cell.col), indicator: indicatorLabel(ind), message: `${from} にもこの指標の値があり、食い違っています。このセルの値を使います` });
        }
      }
      // A closed year publishes the figure of record: an entry changed since the close is reported, not used.
      let shownText: string | undefined;
      const snapshot = closedRecord.snapshots.get(fy);
      const check = snapshot ? checkClosedEntry(snapshot, ind, actual, cell) : null;
      if (check?.finding) findings.push(check.finding);
      if (check && check.value !== actual) {
        actual = check.value;
        shownText = check.text;
        notes.push('確定時の控えの値（部門シートの実績は控えと違います）');
      }
      const targetCell = ind.targets.get(fy);
      let target: Resolved = { kind: 'empty' };
      if (targetCell) {
        const t = resolveCell(targetCell, ind, siblings, 'target');
        findings.push(...t.findings);
        target = t.result;
      }
      let shownTarget: string | undefined;
      const targetCheck = snapshot ? checkClosedTarget(snapshot, ind, siblings, target, targetCell) : null;
      if (targetCheck?.finding) {
        findings.push(targetCheck.finding);
        target = targetCheck.value;
        shownTarget = targetCheck.text;
        notes.push('確定時の控えの予定（計画マスタの予定は控えと違います）');
      }
      // (A closed year's row stands or not as in its snapshot.)
      if (target.kind === 'empty' && actual.kind === 'empty' && (shownText !== undefined ? !shownText : isBlank(own?.cell.value ?? ''))) continue;

      if (ind.cumulative && actual.kind === 'number') cumulative += actual.value;
      else if (ind.cumulative && target.kind === 'number') missingYears.push(fy);
      const actualValue = actual.kind === 'number' ? (ind.cumulative ? cumulative : actual.value) : null;
      if (ind.cumulative && actual.kind === 'number') {
        notes.push(`累計（単年度 ${actual.value}）`);
        if (missingYears.length) notes.push(`${missingYears.map((y) => `${y}年度`).join('・')}の実績がないまま累計しています`);
      }
      if (actual.kind === 'number' && actual.approx) notes.push('概数');
      const revision = notesOf.get(ind) ?? [];

      let status: RowStatus;
      let rateValue: number | null = null;
      if (actual.kind === 'error') status = '入力エラー';
      else if (actual.kind === 'status') status = actual.status;
      else if (actual.kind === 'empty') status = '未入力';
      else if (target.kind === 'error') status = '目標エラー';
      else if (target.kind !== 'number') status = '目標なし';
      else {
        const r = achievementRate({ actual: actualValue!, target: target.value, baseline: ind.baseline, direction: ind.direction, method: ind.method });
        if (r.kind === 'rate') {
          status = '評価済';
          rateValue = r.rate;
          if (r.formula !== '実績÷目標') notes.push(r.formula);
        } else {
          status = '算定不能';
          notes.push(r.reason);
          if (cell) findings.push({ severity: 'warning', code: r.code, sheet: cell.sheet, cell: a1(cell.row, cell.col), indicator: indicatorLabel(ind), message: r.reason });
        }
      }
      notes.push(...revision);
      const band = rateValue === null ? null : gradeOf(rateValue, settings.scale);
      const causeCell = rowFor.get(ind)?.causes.get(fy);
      const directionCell = rowFor.get(ind)?.directions.get(fy);
      const cause = causeCell ? cellText(causeCell.value).trim() : '';
      const direction = directionCell ? readDirection(directionCell.value) : null;
      const summaryRow: SummaryRow = {
        no: ind.no, policy: ind.policy, theme: ind.theme, actionPlan: ind.actionPlan, indicator: ind.name,
        department: ind.reportingDept, fiscalYear: fy,
        target: target.kind === 'number' ? target.value : null,
        targetText: shownTarget ?? (targetCell ? cellText(targetCell.value) : ''),
        actual: actualValue, actualText: shownText ?? (cell ? cellText(cell.value) : ''), unit: ind.unit, rate: rateValue,
        grade: band?.grade ?? NO_GRADE, gradeLabel: band?.label ?? NO_GRADE_LABEL, status, note: notes.join('／'),
        sheet: cell?.sheet ?? ind.reportingDept, cell: cell ? a1(cell.row, cell.col) : '',
        cause, direction: direction?.kind === 'ok' ? direction.value : directionCell ? cellText(directionCell.value).trim() : '',
        revision: revision.join('／'),
      };
      rows.push(summaryRow);
      const at = causeCell ?? own?.cell;
      if (fy === settings.evaluationYear && !cause && rowFor.has(ind) && at) causeRows.push({ row: summaryRow, ind, at, hasColumn: !!causeCell });
    }
  }

  // 設定's 進捗評価方式 may rate the rows on the plan line instead (outlook/); the 要因 rule reads the final grade.
  applyProgressMethod({ rows, indicators, settings }, outlookRule);
  for (const { row, ind, at, hasColumn } of causeRows) {
    const why = causeReason({ grade: row.grade, actual: row.actual }, ind, settings.scale, causeRule.grade);
    if (why)
      causesMissing.push({
        department: ind.reportingDept, cell: a1(at.row, at.col), indicator: indicatorLabel(ind),
        message: hasColumn ? `${why}、要因の入力が必要です` : `${why}、要因の入力が必要です（この部門シートには要因の列がありません。部門シート作成・更新を実行してください）`,
      });
  }

  // A tab marked 提出済 (in the sheet, or before the rule) while a 要因 is missing: the check says so, cell by cell.
  if (!closed.includes(settings.evaluationYear))
    for (const m of causesMissing)
      if (tabByName.get(m.department)?.submitted)
        findings.push({ severity: 'error', code: 'cause-missing', sheet: m.department, cell: m.cell, indicator: m.indicator, message: `提出済ですが、${m.message}` });

  const submissions: Submission[] = depts.map((d) => {
    const tab = tabByName.get(d);
    const mine = active.filter((i) => i.reportingDept === d && inForce(i, settings.evaluationYear));
    const filled = mine.filter((i) => !isBlank(rowFor.get(i)?.actuals.get(settings.evaluationYear)?.value ?? '')).length;
    return {
      department: d, indicators: mine.length, filled, submitted: tab?.submitted ?? false, submittedAt: tab?.submittedAt ?? '',
      errors: findings.filter((f) => f.sheet === d && f.severity === 'error').length, hasTab: !!tab,
    };
  });
  const excluded = indicators.filter((i) => !isActive(i) && !(i.state === '実施中' && i.name === ''));
  return { settings, indicators, tabs, rows, submissions, excluded, closedYears: closed, causesMissing, changes, outlookRule: withoutFindings(outlookRule), findings: findings.map(clipFinding) };
}

function withoutFindings({ findings: _f, ...rule }: OutlookRule): Omit<OutlookRule, 'findings'> {
  return rule;
}

/** A finding whose texts fit a cell and a note, however long the cell it quotes (a 50,000-character name). */
function clipFinding(f: Finding): Finding {
  const sheet = clipText(f.sheet, 100);
  const indicator = clipText(f.indicator, 200);
  const message = clipText(f.message);
  return sheet === f.sheet && indicator === f.indicator && message === f.message ? f : { ...f, sheet, indicator, message };
}

function sameResolved(a: Resolved, b: Resolved): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'number' && b.kind === 'number') return Math.abs(a.value - b.value) < 1e-9;
  if (a.kind === 'status' && b.kind === 'status') return a.status === b.status;
  return true;
}

/**
 * Whether each version is the one in force in a year: by its 適用年度, except in a closed year whose snapshot holds a
 * version of the series, which stays the version of record (an 適用年度 that now says otherwise is an error).
 */
function versionsInForce(series: readonly Series[], settings: Settings, snapshots: ReadonlyMap<number, ClosedSnapshot>, findings: Finding[]): (ind: Indicator, fy: number) => boolean {
  const force = new Map<Indicator, Map<number, boolean>>();
  for (const s of series)
    for (let fy = settings.firstYear; fy <= settings.lastYear; fy++) {
      const snap = snapshots.get(fy);
      const recorded = snap ? s.versions.filter((i) => snapshotHas(snap, i)) : [];
      for (const ind of s.versions) {
        const byRange = versionCovers(ind.version, fy);
        const used = recorded.length ? recorded.includes(ind) : byRange;
        const m = force.get(ind) ?? new Map<number, boolean>();
        m.set(fy, used);
        force.set(ind, m);
        if (used === byRange || !snap) continue;
        const shown = recorded.map((i) => `「${i.name}」`).join('');
        findings.push({
          severity: 'error', code: 'closed-year-version-changed', sheet: SHEET.master, cell: ind.version?.cells.from ?? a1(ind.row, 1), indicator: indicatorLabel(ind),
          message: `${formatFiscalYear(fy)}は確定済みで、確定時の控え（${snap.sheet}）はこの年度を${shown}で評価していますが、計画マスタの適用年度では「${ind.name}」（${rangeText(ind.version)}）は${byRange ? '適用されます' : '適用されません'}。達成状況には控えのとおり載せています。適用年度を確定時のとおりに戻すか、年度確定の解除（shinchoku reopen-year）をしてから直してください`,
        });
      }
    }
  return (ind, fy) => force.get(ind)?.get(fy) ?? versionCovers(ind.version, fy);
}
