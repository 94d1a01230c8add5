/**
 * What crosses between the sidebar page and the server (Apps Script's google.script.run, or the local preview).
 * Only JSON values: google.script.run fails on Date, functions and DOM nodes, so no type here may hold one.
 */
import type { Audience, ReportScope } from '../report/model';

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
  /** Last year's 実績 as written ('' when none or before the plan). */
  lastYear: string;
  actual: FormCell;
  comment: FormCell;
  /** 要因 and 今後の方向性 (cell '' when the tab was made before these columns: setup adds them). */
  cause: FormCell;
  direction: FormCell;
  /** Why 提出 needs a 要因 for this row (「評価が「D」のため、要因の入力が必要です」), '' when it does not (as of the last save). */
  causeNeeded: string;
  /** Findings of the last check of this row's cells (server side), so the page opens with them shown. */
  messages: { field: Field; severity: 'error' | 'warning'; message: string }[];
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

export interface SidebarStart {
  /** The department of the active tab, or '' (the form is then the first department's). */
  activeDept: string;
  /** null when the plan has no department yet. */
  form: DeptForm | null;
}

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
}

/** The names, for shells that dispatch by name (the preview server). */
export const SIDEBAR_CALLS = ['sidebarStart', 'sidebarForm', 'sidebarSave', 'sidebarStatus', 'sidebarCheck', 'sidebarRollup', 'sidebarReport', 'sidebarShowCell'] as const satisfies readonly (keyof SidebarApi)[];

// Compile-time guard: every request and answer is JSON (a Date, a function or undefined anywhere fails the build).
type IsJson<T> = T extends string | number | boolean | null
  ? true
  : T extends Date | ((...args: never[]) => unknown) | undefined
    ? false
    : T extends readonly (infer U)[]
      ? IsJson<U>
      : T extends object
        ? false extends { [K in keyof T]-?: IsJson<T[K]> }[keyof T] ? false : true
        : false;
type MustBeJson<T extends true> = T;
export type ContractIsJson = MustBeJson<IsJson<{ [K in keyof SidebarApi]: [ReturnType<SidebarApi[K]>, Parameters<SidebarApi[K]>] }>>;
