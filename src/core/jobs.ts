/**
 * The coordinator's jobs over any workbook: init, setup (department tabs), validate and rollup. Each reads
 * what it needs once, computes in memory, and writes its sheets in one call, so a failure writes nothing.
 */
import { gradeGraphs, outlookGraph } from './graphs/grade-graphs';
import { trajectories } from './graphs/trajectories';
import { graphSheet, graphSheetTaken, graphSheetTakenFinding } from './graphs/graph-sheet';
import { analyze, type Analysis, type AnalyzeOptions } from './analyze';
import { logRows, type Actor, type LogEntry } from './layout/change-log';
import { countRows, type Counts } from './counts';
import { deptTabSheet, readDeptTab, type DeptRow, type DeptTab } from './layout/department';
import { findingNotes } from './layout/finding-notes';
import { findingsSheet } from './layout/findings';
import { isActive, masterSheet, readMaster, reportingDepts, type MasterRow } from './layout/master';
import { readSettings, refusedEditorFindings, settingsSheet, type SettingsInput } from './layout/settings';
import { isReservedName, SHEET } from './layout/sheet-names';
import { summarySheet } from './layout/summary';
import { closedYears, readYearClose } from './layout/year-close';
import { cellText } from './layout/table';
import { sheetEditors } from './roles';
import { UserError } from './errors';
import { fiscalYearOfDate, MAX_FY, MIN_FY } from './parse/fiscal-year';
import { indicatorKey, severityLabel, type Finding, type Settings } from './model';
import { planOutlook, type IndicatorOutlookRecord } from './outlook';
import { columnLetters, isBlank, writeOutcome, type Scalar, type SheetOutput, type WorkbookPort } from './workbook';

/** 実績 typed into a department tab by setup, as if the department had typed them (the demo). */
export interface SeedEntry {
  dept: string;
  no: number;
  name: string;
  actuals: Record<number, Scalar>;
}

export interface PlanInput {
  settings: SettingsInput;
  master: MasterRow[];
}

function yearsOf(s: { firstYear: number; lastYear: number }): number[] {
  const ys: number[] = [];
  for (let fy = s.firstYear; fy <= s.lastYear; fy++) ys.push(fy);
  return ys;
}

/** Writes 設定 and 計画マスタ into a workbook that has neither. */
export function initWorkbook(book: WorkbookPort, plan: PlanInput): void {
  const existing = book.sheetNames().filter((n) => n === SHEET.settings || n === SHEET.master);
  if (existing.length) throw new UserError(`このブックにはすでに「${existing.join('」「')}」シートがあります。初期設定は新しいブックで行ってください`);
  const editors = { sheet: plan.settings.coordinators ?? [] };
  book.writeSheets([{ ...settingsSheet(plan.settings), editors }, { ...masterSheet(plan.master, yearsOf(plan.settings)), editors }]);
}

/** Problems that stop a job, listed in one Japanese message. */
export function blocking(findings: Finding[], what: string): UserError {
  const lines = findings.filter((f) => f.severity === 'error').slice(0, 10)
    .map((f) => `・${f.sheet}${f.cell ? `!${f.cell}` : ''}: ${f.message}`);
  return new UserError(`${what}できません。次を直してください:\n${lines.join('\n')}`);
}

function requirePlanSheets(book: WorkbookPort): void {
  const names = book.sheetNames();
  if (!names.includes(SHEET.settings) || !names.includes(SHEET.master))
    throw new UserError(`進捗管理のブックではありません（「${SHEET.settings}」「${SHEET.master}」シートが必要です）。shinchoku init で作成してください`);
}

function requireSettings(book: WorkbookPort, what: string): Settings {
  requirePlanSheets(book);
  const { settings, findings } = readSettings(book.readSheet(SHEET.settings));
  if (!settings) throw blocking(findings, what);
  return settings;
}

const ALL_YEARS = { firstYear: MIN_FY, lastYear: MAX_FY };

export interface SetupResult {
  created: string[];
  updated: string[];
  /** Entries (実績 or コメント cells) carried over from the tabs as they were. */
  keptEntries: number;
  /** Department tabs not written yet: the shell ran out of time; running setup again continues (WriteOptions). */
  pending: string[];
  /** Warnings for 設定 addresses the platform refused as editors (each names its cell); everything else was set. */
  findings: Finding[];
}

/**
 * Creates or updates one tab per 報告部門 from the master, keeping every entry already made. `seed` puts
 * entries into tabs as if departments had typed them (the demo). Tabs are written in order while the shell's time
 * lasts; the rest are `pending` and the next run continues with them.
 */
export function setupDepartmentTabs(book: WorkbookPort, seed: SeedEntry[] = [], actor?: Actor): SetupResult {
  const plan = planDepartmentTabs(book, seed);
  const { created, updated, keptEntries, settings } = plan;
  const { written, pending } = writeOutcome(plan.outputs, book.writeSheets(plan.outputs, { resumable: true }));
  if (actor) {
    const now = new Set(written);
    const entries: LogEntry[] = [
      ...created.filter((t) => now.has(t)).map((sheet) => ({ sheet, cell: '', before: '', after: 'シートを作成', how: '部門シート作成・更新' as const })),
      ...updated.filter((t) => now.has(t)).map((sheet) => ({ sheet, cell: '', before: '', after: '計画マスタに合わせて更新（入力は保持）', how: '部門シート作成・更新' as const })),
    ];
    if (entries.length) book.appendLog(logRows(entries, actor));
  }
  // The rest of setup waits for the last run: a run short of time stops as soon as it can.
  if (!pending.length) protectGeneratedSheets(book, settings);
  return { created, updated, keptEntries, pending, findings: refusedEditorFindings(settings, book.refusedEditors?.() ?? []) };
}

/** 部門シート作成・更新's result for people: what was created and updated, or how far it got, and refused addresses. */
export function setupMessage(r: SetupResult): string {
  const total = r.created.length + r.updated.length;
  const lines = r.pending.length
    ? [pendingLine(total, r.pending.length, '部門シート作成・更新')]
    : [`新規 ${r.created.length}（${r.created.join('・') || 'なし'}）、更新 ${r.updated.length}（${r.updated.join('・') || 'なし'}）。入力済みの ${r.keptEntries}件は残しました。`];
  return [...lines, ...findingLines(r.findings)].join('\n');
}

/** Tabs done out of all when a run stopped for time, and the job that continues (this one again, or another). */
export function pendingLine(total: number, pending: number, next: string, again = true): string {
  return `部門シート ${total - pending}/${total} を更新しました。時間の上限に近づいたため残りは次の実行で続けます。${again ? 'もう一度' : ''}「${next}」を実行してください。`;
}

/** Findings as lines of a job's message. */
export function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `・${severityLabel(f.severity)} ${f.sheet}${f.cell ? `!${f.cell}` : ''} ${f.message}`);
}

export interface TabPlan extends Omit<SetupResult, 'pending' | 'findings'> {
  settings: Settings;
  outputs: SheetOutput[];
}

/**
 * The department tabs setup would write, computed without writing anything (so a job that also writes other
 * sheets can stop before its first write). `closed` replaces the years 年度確定 lists as closed.
 */
export function planDepartmentTabs(book: WorkbookPort, seed: SeedEntry[] = [], closed?: readonly number[]): TabPlan {
  const settings = requireSettings(book, '部門シートを作成');
  const master = readMaster(book.readSheet(SHEET.master), settings);
  const fatal = master.findings.filter((f) => f.severity === 'error' && ['missing-sheet', 'header-missing', 'no-target-columns', 'dept-name-clash'].includes(f.code));
  if (fatal.length) throw blocking(fatal, '部門シートを作成');
  const active = master.indicators.filter(isActive);
  const depts = reportingDepts(active);
  const names = book.sheetNames();
  const years = yearsOf(settings);
  const yearClose = closed ? null : readYearClose(book.readSheet(SHEET.yearClose));
  // Unreadable records could unlock a closed year: stop rather than guess.
  if (yearClose?.findings.length) throw blocking(yearClose.findings, '部門シートを作成');
  const closedNow = closed ?? closedYears(yearClose?.records ?? []);

  const outputs: SheetOutput[] = [];
  const created: string[] = [];
  const updated: string[] = [];
  let keptEntries = 0;
  for (const dept of depts) {
    if (isReservedName(dept)) throw new UserError(`報告部門「${dept}」はアドオンのシート名と同じです。計画マスタの報告部門を変えてください`);
    let existing: DeptTab | undefined;
    if (names.includes(dept)) {
      const sheet = book.readSheet(dept)!;
      // Read every year column, even outside the plan period, so no entry is lost when the period moves.
      const tab = readDeptTab(sheet, ALL_YEARS);
      const hasContent = sheet.values.some((r) => r.some((v) => !isBlank(v)));
      if (!tab && hasContent)
        throw new UserError(`シート「${dept}」は部門シートの形（No.・指標名・年度ごとの実績の見出し）になっていません。内容を失わないよう作成を止めました。シート名を変えるか、見出しを元に戻してください`);
      if (tab?.unknownColumns.length) {
        const cols = tab.unknownColumns.map((u) => `${columnLetters(u.col)}列${u.header ? `（見出し「${u.header}」）` : '（見出しなし）'}`).join('、');
        throw new UserError(`シート「${dept}」の${cols}の見出しを読めないため、入力を失わないよう部門シートの作成・更新を止めました。見出しを元に戻す（「2020年度 実績」のように）か、その列の内容を別のシートに移してください`);
      }
      existing = tab ?? undefined;
      updated.push(dept);
    } else created.push(dept);
    const entries = seedTab(dept, seed, existing);
    keptEntries += countEntries(existing);
    outputs.push(deptTabSheet(dept, active.filter((i) => i.reportingDept === dept), years, entries, { closedYears: closedNow, editors: sheetEditors.department(settings, dept) }));
  }
  return { created, updated, keptEntries, settings, outputs };
}

/** Re-applies who may edit the add-in's other sheets from 設定 (coordinators and 入力担当者 change there). */
function protectGeneratedSheets(book: WorkbookPort, settings: Settings): void {
  const names = book.sheetNames();
  const coordinators = sheetEditors.coordinators(settings);
  for (const name of [SHEET.settings, SHEET.master, SHEET.summary, SHEET.findings, SHEET.yearClose])
    if (names.includes(name)) book.protectSheet(name, coordinators);
  if (names.includes(SHEET.log)) book.protectSheet(SHEET.log, sheetEditors.log(settings));
  if (names.includes(SHEET.review)) book.protectSheet(SHEET.review, sheetEditors.review(settings));
}

function countEntries(tab: DeptTab | undefined): number {
  if (!tab) return 0;
  return tab.rows.reduce((n, r) => n + [r.actuals, r.comments, r.causes, r.directions].flatMap((m) => [...m.values()]).filter((c) => !isBlank(c.value)).length, 0);
}

/** Seed entries merged over an existing tab (existing entries win: nothing typed is overwritten). */
function seedTab(dept: string, seed: SeedEntry[], existing: DeptTab | undefined): DeptTab | undefined {
  const mine = seed.filter((e) => e.dept === dept);
  if (!mine.length) return existing;
  const tab: DeptTab = existing ?? { sheet: dept, submitted: false, submittedAt: '', statusCell: '', dateCell: '', unknownColumns: [], headerRow: 0, years: [], rows: [], findings: [] };
  const rows = new Map(tab.rows.map((r) => [indicatorKey(r.no, r.name), r]));
  for (const e of mine) {
    const key = indicatorKey(e.no, e.name);
    const row: DeptRow = rows.get(key) ?? { no: e.no, name: e.name, actionPlan: '', unit: '', row: 0, targets: new Map(), actuals: new Map(), comments: new Map(), causes: new Map(), directions: new Map() };
    for (const [fy, value] of Object.entries(e.actuals)) {
      const cur = row.actuals.get(Number(fy));
      if (cur && !isBlank(cur.value)) continue;
      row.actuals.set(Number(fy), { value, format: '', sheet: dept, row: 0, col: 0 });
    }
    rows.set(key, row);
  }
  return { ...tab, rows: [...rows.values()] };
}

export interface RollupResult {
  analysis: Analysis;
  counts: Counts;
  settings: Settings;
  /** グラフ was written (not when a sheet of that name is someone's own). */
  graphsWritten: boolean;
}

/** The analysis of a plan workbook, each sheet read once; stops with the blocking findings when 設定 is unusable. */
export function analyzePlan(book: WorkbookPort, what: string, options?: AnalyzeOptions): Analysis {
  requirePlanSheets(book);
  const analysis = analyze(book, options);
  if (!analysis.settings) throw blocking(analysis.findings, what);
  return analysis;
}

/** 設定 and an empty 計画マスタ for a new plan starting in the fiscal year of `today` (a calendar date, calendar.ts). */
export function newPlan(today: Date): PlanInput {
  const fy = fiscalYearOfDate(today);
  return { settings: { title: '', firstYear: fy, lastYear: fy + 4, evaluationYear: fy, coordinatorDept: '' }, master: [] };
}

/** Checks every entry; writes nothing. */
export function validateWorkbook(book: WorkbookPort): Analysis {
  return analyzePlan(book, '入力チェック');
}

/**
 * Addresses the platform refused while `book` set protections become warnings on their 設定 cells, added to the
 * analysis; 検証結果, already written with the other findings, is written again with them (only then).
 */
function withRefusedEditors(book: WorkbookPort, analysis: Analysis): void {
  const refused = refusedEditorFindings(analysis.settings!, book.refusedEditors?.() ?? []);
  if (!refused.length) return;
  analysis.findings.push(...refused);
  book.writeSheets([{ ...findingsSheet(analysis.findings), editors: sheetEditors.coordinators(analysis.settings!) }]);
}

/** Checks every entry, writes 検証結果 and puts each finding as a note on its cell (the add-in's 入力チェック). */
export function checkWorkbook(book: WorkbookPort): Analysis {
  const analysis = validateWorkbook(book);
  book.writeSheets([{ ...findingsSheet(analysis.findings), editors: sheetEditors.coordinators(analysis.settings!) }]);
  withRefusedEditors(book, analysis);
  // Every sheet people edit gets its notes set, so a fixed cell loses the note of an earlier check.
  const edited = [SHEET.settings, SHEET.master, ...analysis.tabs.map((t) => t.sheet)];
  for (const [sheet, notes] of findingNotes(analysis.findings, edited)) book.setFindingNotes(sheet, notes);
  return analysis;
}

/** Computes everything first, then writes 達成状況 and 検証結果 in one call; department tabs are never touched. */
export function rollupWorkbook(book: WorkbookPort): RollupResult {
  const analysis = analyzePlan(book, '集計');
  const settings = analysis.settings!;
  const counts = countRows(analysis.rows, settings.scale, settings.evaluationYear);
  const editors = sheetEditors.coordinators(settings);
  // グラフ: written with the others, unless a sheet of that name is someone's own (then a warning says so).
  const taken = graphSheetTaken(book.readSheet(SHEET.graphs));
  if (taken) analysis.findings.push(graphSheetTakenFinding());
  const findings = findingsSheet(analysis.findings);
  // Created after 検証結果.
  const graphList = [
    ...gradeGraphs(counts, settings.scale.map((b) => b.grade), settings.evaluationYear),
    outlookGraph(planOutlook(analysis, { cut: analysis.outlookRule?.cut }).indicators, settings.evaluationYear),
  ];
  const years = Array.from({ length: settings.lastYear - settings.firstYear + 1 }, (_, i) => settings.firstYear + i);
  const graphs = taken ? [] : [{ ...graphSheet(settings.title, graphList, { rows: trajectories(analysis, years), years }).output, editors, position: (findings.position ?? 0) + 1 }];
  book.writeSheets([{ ...summarySheet(analysis, settings, counts), editors }, { ...findings, editors }, ...graphs]);
  withRefusedEditors(book, analysis);
  return { analysis, counts, settings, graphsWritten: !taken };
}

/**
 * The machine-readable result (`--json`): rates as ratios, 1 = 100%. Each summary row also carries its E1 期待値
 * (`expected`), 実績 ÷ 期待値 (`expectedRatio`, graded in 茨城型 as `expectedGrade`) and 進捗率 ÷ 経過年割合 (`paceRatio`), null with a Japanese note when
 * there is none; `outlooks` holds one 達成見込み per indicator (outlook/).
 */
export function rollupJson(analysis: Analysis, counts: Counts) {
  const outlook = planOutlook(analysis, { cut: analysis.outlookRule?.cut });
  return {
    summary: analysis.rows.map((r) => {
      const o = outlook.rows.get(r);
      return {
        no: r.no, indicator: r.indicator, department: r.department, fiscalYear: r.fiscalYear, target: r.target,
        actual: r.actual, unit: r.unit, rate: r.rate, grade: r.grade, status: r.status, cause: r.cause, direction: r.direction,
        revision: r.revision,
        expected: o?.expected ?? null, expectedRatio: o?.expectedRatio ?? null, expectedGrade: o?.expectedGrade ?? '', expectedNote: o?.expectedNote ?? '',
        paceRatio: o?.paceRatio ?? null, paceNote: o?.paceNote ?? '',
      };
    }),
    outlooks: outlook.indicators.map(outlookJson),
    // 中間見直し: each indicator changed or added, with both definitions and its 改定根拠.
    changes: analysis.changes,
    counts,
    // A 提出日 typed as a date is a calendar date: shown as the day (2021-06-30), not as an instant.
    submissions: analysis.submissions.map((s) => ({ ...s, submittedAt: s.submittedAt instanceof Date ? cellText(s.submittedAt) : s.submittedAt })),
    excluded: analysis.excluded.map((x) => ({ no: x.no, actionPlan: x.actionPlan, state: x.state, note: x.note })),
    findings: analysis.findings.map((f) => ({ ...f, severityLabel: severityLabel(f.severity) })),
  };
}

/** One indicator's 達成見込み for `--json`: the projection used and both methods, each with its value or reason. */
function outlookJson(r: IndicatorOutlookRecord) {
  const { line, outlook: o } = r;
  const method = (x: { kind: 'value'; value: number } | { kind: 'none'; reason: string }) =>
    x.kind === 'value' ? { value: x.value, reason: '' } : { value: null, reason: x.reason };
  return {
    no: r.no, indicator: r.indicator, department: r.department, unit: r.unit,
    baseline: line.baseline?.value ?? null, baselineYear: line.baseline?.year ?? null,
    finalTarget: line.final?.value ?? null, finalYear: line.final?.year ?? null,
    latestYear: o.latest?.year ?? null,
    outlook: {
      projectedFinal: o.projectedFinal, method: o.method, ratio: o.ratio, class: o.class, basis: o.basis,
      neededPerYear: o.neededPerYear, neededReason: o.neededReason, pacePerYear: o.pacePerYear, paceReason: o.paceReason, paceText: o.paceText,
      runRate: method(o.runRate), trend: { ...method(o.trend.projected), slope: o.trend.slope, points: o.trend.points },
    },
  };
}
