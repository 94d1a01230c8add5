/**
 * What crosses between the sidebar page and the server (Apps Script's google.script.run, or the local preview).
 * Only JSON values: google.script.run fails on Date, functions and DOM nodes, so no type here may hold one.
 */
import type { CycleStatus, TabRef, TransitionResult } from '../cycle/service';
import type { Audience, ReportScope } from '../report/model';
import type { CycleState } from '../cycle/states';
import type { ReminderMail, ReminderPlan } from '../cycle/reminders';
import type { CollectResult } from '../files/collect';
import type { RatioLine } from '../outlook/ratios';
import type { CollectRequest, FilesIssue } from '../files/exchange';

/** The cells a person edits per indicator and year: 実績, コメント, 要因 and 今後の方向性. */
export type Field = 'actual' | 'comment' | 'cause' | 'direction';

/** One editable cell as loaded: where it is and the text it held (as the person meant it). */
export interface FormCell {
  /** A1 of the cell in the department tab. */
  cell: string;
  text: string;
}

/** Another indicator of the same plan No., so a cell naming it is understood the same way as in the rollup. */
export interface Sibling {
  name: string;
  dept: string;
}

export interface FormRow {
  no: number;
  name: string;
  actionPlan: string;
  unit: string;
  siblings: Sibling[];
  /** 予定 of the year, as written in 計画マスタ ('' when none). */
  target: string;
  /** Last year's 実績 as written ('' when none or before the plan, or when last year was another indicator's). */
  lastYear: string;
  /**
   * In a revised indicator's first year (中間見直し), what the page shows as 前年度 instead: the year before was the
   * replaced indicator's, a different measure (「—（2022年度からの新しい指標。改定前の「申込み」の2021年度実績: …）」); '' otherwise.
   */
  lastYearNote: string;
  actual: FormCell;
  comment: FormCell;
  /** 要因 and 今後の方向性 (cell '' when the tab was made before these columns: setup adds them). */
  cause: FormCell;
  direction: FormCell;
  /** Why 提出 needs a 要因 for this row (「評価が「D」のため、要因の入力が必要です」), '' when it does not (as of the last save). */
  causeNeeded: string;
  /** Findings of the last check of this row's cells (server side), so the page opens with them shown. */
  messages: { field: Field; severity: 'error' | 'warning'; message: string }[];
  /** Reasons of the open return (差戻し) about this indicator, as the coordinator wrote them. */
  returns: string[];
  /**
   * The year's 期待値 (E1, outlook/) for the page to compare a typed 実績 with (R1 over `line`), or null when there is
   * none (`expectedNote` says why). `cumulative`: the page shows it without a ratio (a typed 実績 is one year's).
   */
  expected: { value: number; text: string; line: RatioLine; cumulative: boolean } | null;
  expectedNote: string;
  /** 達成見込み as of the saved entries: 「ほぼ達成できる（…）」, or why there is none. */
  outlook: string;
}

export interface DeptForm {
  title: string;
  dept: string;
  departments: string[];
  fiscalYear: number;
  /** 「2020年度」 */
  fiscalYearLabel: string;
  submitted: boolean;
  /** 提出日 as text ('' when not submitted). */
  submittedAt: string;
  /** True when the tab has no 提出状況 cell, so it cannot be submitted from the sidebar. */
  cannotSubmit: boolean;
  /** True when the year was closed (年度確定): the form is read-only and saves are refused. */
  closed: boolean;
  /** The choices of 今後の方向性. */
  directions: string[];
  rows: FormRow[];
  /** The yearly cycle's state of the tab for the year (入力中・差戻し・提出済・所属長確認済・確認済・確定). */
  state: CycleState;
  /** The person may not change the entries (submitted or closed), and why, in Japanese ('' when not locked). */
  locked: boolean;
  lockReason: string;
  /** A coordinator on a submitted tab: may correct an entry (事務局修正), with a reason (SaveRequest.correctionReason). */
  canCorrect: boolean;
  /** Reasons of the open return for the whole tab. */
  tabReturns: string[];
}

/** A change the person made: the cell's text when the form was loaded, and the new text. */
export interface FormChange {
  no: number;
  name: string;
  field: Field;
  before: string;
  after: string;
}

export interface SaveRequest {
  dept: string;
  fiscalYear: number;
  changes: FormChange[];
  /** Mark the tab 提出済 after saving (refused while any entry of the tab has an error). */
  submit: boolean;
  /** A coordinator's reason for changing a submitted tab (事務局修正); required then, ignored otherwise. */
  correctionReason?: string;
}

/** A cell someone changed since the form was loaded: nothing was written. */
export interface Conflict {
  no: number;
  name: string;
  field: Field;
  cell: string;
  yours: string;
  /** What the cell holds now. */
  now: string;
}

export interface SaveResult {
  /** 'saved': everything written; 'conflict': nothing written; 'invalid': saved, but not submitted. */
  status: 'saved' | 'conflict' | 'invalid';
  saved: number;
  conflicts: Conflict[];
  /** Errors that block 提出 (sheet, cell and message). */
  errors: FindingView[];
  /** The form as it is now (after the save), so the page shows what the sheet holds. */
  form: DeptForm;
}

export interface FindingView {
  severity: 'error' | 'warning';
  sheet: string;
  cell: string;
  indicator: string;
  message: string;
}

export interface DeptStatus {
  dept: string;
  filled: number;
  total: number;
  submitted: boolean;
  submittedAt: string;
  errors: number;
  warnings: number;
  hasTab: boolean;
}

/** What the coordinator may pick for 報告書作成: the plan's years, and the 基本方針 and departments a report can cover. */
export interface ReportChoices {
  /** Every fiscal year of the plan, `令和2年度（2020年度）`. */
  years: { year: number; label: string }[];
  policies: string[];
  departments: string[];
}

/** 報告書作成 from the sidebar: the year (null: the year under evaluation), 庁内用 or 公表用, and what it covers. */
export interface ReportRequest {
  fiscalYear: number | null;
  audience: Audience;
  scope: ReportScope;
}

export interface ReportResult {
  message: string;
  /** Sheets written, to link to ([] when none was written, e.g. in the preview). */
  sheets: string[];
  /** Native charts drawn. */
  charts: number;
  /** How to print the sheets (File → 印刷, A4, 幅に合わせる), '' when nothing was written. */
  printHelp: string;
}

export interface CoordinatorView {
  title: string;
  fiscalYear: number;
  fiscalYearLabel: string;
  departments: DeptStatus[];
  findings: FindingView[];
  /** Findings beyond those listed (the list is capped to keep the page light). */
  moreFindings: number;
  report: ReportChoices;
  /**
   * The cycle's board for the year under evaluation, in the same call so the 提出状況 tab opens with one server call
   * (null in a check's or rollup's answer, and when 確認履歴 does not read: cycleProblem says why).
   */
  cycle: CycleStatus | null;
  cycleProblem: string;
}

export interface JobResult {
  /** 'check' (入力チェック) or 'rollup' (集計). */
  job: 'check' | 'rollup';
  message: string;
  /** Counts per grade of the year under evaluation (rollup only), best first. */
  grades: { grade: string; count: number }[];
  errors: number;
  warnings: number;
  /** Sheets written, to link to. */
  sheets: string[];
  view: CoordinatorView;
}

/** 部門ファイルの配布・回収: Sheets shows the dialog itself (url ''); the local preview gives the page to open. */
export interface FilesDialog {
  url: string;
}

export interface SidebarStart {
  /** The department of the active tab, or '' (the form is then the first department's). */
  activeDept: string;
  /** null when the plan has no department yet. */
  form: DeptForm | null;
}

/** 差戻し from the board: the core's ReturnRequest with every field present (JSON has no optional fields here). */
export interface CycleReturnRequest extends TabRef {
  reason: string;
  /** [] for the whole tab; else the one indicator picked. */
  indicators: { no: number; name: string }[];
}

/** 自動督促 (the daily trigger) as the reminder section shows it. */
export interface AutoReminderState {
  /** A daily trigger is set up for this spreadsheet (by `owner`). */
  on: boolean;
  /** Who set it up ('' when off): it runs as them and only they can stop it. */
  owner: string;
  /** The person asking is the owner. */
  mine: boolean;
  /** 設定's 自動督促 says 使う (the trigger sends nothing otherwise). */
  enabled: boolean;
  /** When it runs and on which days it sends (Japanese). */
  schedule: string;
  /** The next day a reminder is due (令和3年5月24日（月）), '' when none is left. */
  nextDay: string;
}

/** 督促 preview: the core's plan (without its Date) and, in Sheets, MailApp's recipients left for the day. */
export interface ReminderPreview extends Omit<ReminderPlan, 'deadlineDay'> {
  /** 提出期限 as a Japanese date ('' when it does not read). */
  deadlineText: string;
  /** Recipients MailApp may still send to today; null where no mail can be sent (the local preview). */
  quota: number | null;
  /** Mail can be sent from here (false in the local preview: it only drafts). */
  canSend: boolean;
  /** '' or what to use instead (the local preview: shinchoku remind --drafts). */
  note: string;
  auto: AutoReminderState | null;
}

/** 督促 to send: the departments picked (null year: the year under evaluation). */
export interface ReminderSendRequest {
  year: number | null;
  depts: string[];
}

export interface ReminderSendResult {
  message: string;
  /** Departments mailed (and recorded in 確認履歴). */
  sent: string[];
  /** Departments not mailed, each with why (quota, no address, not due). */
  refused: { dept: string; reason: string }[];
  /** The preview after sending. */
  preview: ReminderPreview;
}

export type { ReminderMail };

/** The server calls of the sidebar, as the page sees them (each takes and returns JSON only). */
export interface SidebarApi {
  sidebarStart(): SidebarStart;
  sidebarForm(dept: string): DeptForm;
  sidebarSave(request: SaveRequest): SaveResult;
  sidebarStatus(): CoordinatorView;
  sidebarCheck(): JobResult;
  sidebarRollup(): JobResult;
  /** 報告書作成: writes the report sheets for printing (in Sheets; the preview says what to use instead). */
  sidebarReport(request: ReportRequest): ReportResult;
  /** Selects a cell in the spreadsheet (a finding's cell, or a sheet's A1). */
  sidebarShowCell(sheet: string, cell: string): boolean;
  /** 提出状況 of the yearly cycle for a year (null: the year under evaluation). */
  sidebarCycle(year: number | null): CycleStatus;
  /** 確認 (所属長 or coordinator, by who the person is in 設定). */
  sidebarConfirm(request: TabRef): TransitionResult;
  /** 差戻し with a reason, for the whole tab or one indicator (coordinators). */
  sidebarReturn(request: CycleReturnRequest): TransitionResult;
  /** 督促 preview: one mail per department not submitted (or returned), and the mail quota left (coordinators). */
  sidebarReminders(year: number | null): ReminderPreview;
  /** 督促 sent by MailApp to the departments picked, never beyond the quota; each send recorded (coordinators). */
  sidebarSendReminders(request: ReminderSendRequest): ReminderSendResult;
  /** 自動督促 on (a daily trigger) or off (coordinators). */
  sidebarAutoReminders(on: boolean): AutoReminderState;
  /** Opens 部門ファイルの配布・回収 (coordinators). */
  sidebarOpenFiles(): FilesDialog;
  /** The department files of a year for the dialog to build as .xlsx (coordinators). */
  sidebarIssueFiles(year: number | null): FilesIssue;
  /** The returned files the dialog read, collected into the book (coordinators). */
  sidebarCollectFiles(request: CollectRequest): CollectResult;
}

/** The names, for shells that dispatch by name (the preview server). */
export const SIDEBAR_CALLS = ['sidebarStart', 'sidebarForm', 'sidebarSave', 'sidebarStatus', 'sidebarCheck', 'sidebarRollup', 'sidebarReport', 'sidebarShowCell', 'sidebarCycle', 'sidebarConfirm', 'sidebarReturn', 'sidebarReminders', 'sidebarSendReminders', 'sidebarAutoReminders', 'sidebarOpenFiles', 'sidebarIssueFiles', 'sidebarCollectFiles'] as const satisfies readonly (keyof SidebarApi)[];

// Compile-time guard: every request and answer is JSON (a Date, a function or undefined anywhere fails the build; an
// optional field may be absent, which JSON keeps as absent).
type IsJson<T> = T extends string | number | boolean | null
  ? true
  : T extends Date | ((...args: never[]) => unknown) | undefined
    ? false
    : T extends readonly (infer U)[]
      ? IsJson<U>
      : T extends object
        ? false extends { [K in keyof T]-?: {} extends Pick<T, K> ? IsJson<Exclude<T[K], undefined>> : IsJson<T[K]> }[keyof T] ? false : true
        : false;
type MustBeJson<T extends true> = T;
export type ContractIsJson = MustBeJson<IsJson<{ [K in keyof SidebarApi]: [ReturnType<SidebarApi[K]>, Parameters<SidebarApi[K]>] }>>;
