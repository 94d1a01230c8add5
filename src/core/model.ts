/** The plan as the core sees it, after the sheets have been read. */
import type { Scalar } from './workbook';
import type { Severity } from './parse/types';

export type Direction = '増加' | '減少' | '維持';
export const DIRECTIONS: readonly Direction[] = ['増加', '減少', '維持'];

/** 算定方法: single-year ratio, or progress from the baseline. */
export type Method = '実績÷目標' | '基準比';

export type PlanState = '実施中' | '完了' | '削除' | '省略';
export const PLAN_STATES: readonly PlanState[] = ['実施中', '完了', '削除', '省略'];

/** A raw cell with where it came from, so findings can point at it. */
export interface SourceCell {
  value: Scalar;
  format: string;
  sheet: string;
  row: number;
  col: number;
}

/** One row of 計画マスタ: an indicator of an action plan, or a plan without indicators (excluded plans). */
export interface Indicator {
  no: number;
  policy: string;
  theme: string;
  actionPlan: string;
  /** 指標名; '' for a plan row without an indicator (deleted or omitted plans). */
  name: string;
  unit: string;
  direction: Direction;
  method: Method;
  baseline: number | null;
  baselineYear: number | null;
  cumulative: boolean;
  reportingDept: string;
  ownerDepts: string;
  relatedDepts: string;
  state: PlanState;
  note: string;
  /** 予定 per fiscal year, as written. */
  targets: Map<number, SourceCell>;
  /** Row in 計画マスタ (1-based). */
  row: number;
  /**
   * The plan's 概要・目的・成果目標 (optional 計画マスタ columns), one value per plan No. shared by all its rows:
   * readMaster takes each from the first row of the No. that has it. Absent when built without readMaster.
   */
  planText?: PlanText;
  /**
   * Which years this row is the indicator of its plan, and what it revises (中間見直し, indicator-versions.ts).
   * Absent when 計画マスタ has none of the version columns or the row leaves them all empty: in force every year.
   */
  version?: IndicatorVersion;
}

/** A version of an indicator (計画マスタ's optional 適用開始年度・適用終了年度・改定前の指標・改定根拠). */
export interface IndicatorVersion {
  /** First and last fiscal year in force; null: open (from the plan's first year, to its last). */
  from: number | null;
  to: number | null;
  /** 改定前の指標: the 指標名 of the version this one replaces, under the same No.; '' for none. */
  previous: string;
  /** 改定根拠 as written (the meeting and the day the change was decided); '' for none. */
  basis: string;
  /** A1 cells in 計画マスタ of the four fields, for findings (the row's 指標名 cell when the column is missing). */
  cells: Record<'from' | 'to' | 'previous' | 'basis', string>;
}

/** What an action plan is about, for the report's plan page ('' when the master leaves it out). */
export interface PlanText {
  overview: string;
  purpose: string;
  outcome: string;
}

/** The key that ties a department-tab row to its master row. */
export function indicatorKey(no: number, name: string): string {
  return `${no}\u0000${name}`;
}

export interface GradeBand {
  grade: string;
  label: string;
  /** Lower bound of the rate as a ratio (1 = 100%); null for the lowest band. */
  min: number | null;
}

export interface Settings {
  title: string;
  firstYear: number;
  lastYear: number;
  evaluationYear: number;
  scaleName: string;
  /** Bands from the highest to the lowest; the last has min null. */
  scale: GradeBand[];
  /** E-mails (lower case) of the people who may run setup, rollup and close a year. */
  coordinators: string[];
  /** Per department, the e-mails (lower case) of the people who may enter its figures. */
  editors: Map<string, string[]>;
  coordinatorDept: string;
  deadline: string;
  /** 全国地方公共団体コード (6 digits with its check digit), '' when 設定 has none (export and consolidate name the city by it). */
  municipalityCode?: string;
  /**
   * 所属長確認 (設定): whether a department head confirms a submitted tab before the coordinators do (cycle/).
   * Absent or false: the step is not used.
   */
  headStep?: boolean;
  /** Per department, the e-mails (lower case) of its 所属長 (the 所属長メール column of the 入力担当者 table). */
  heads?: Map<string, string[]>;
  /** The 設定 cells (A1) each e-mail above was read from, to point at them when one is refused (settings.ts). */
  emailCells?: ReadonlyMap<string, readonly string[]>;
  /** 提出期限 read as a day for the year under evaluation (cycle/deadline.ts); null when empty or unreadable. */
  deadlineDay?: Date | null;
  /** The 設定 cell (A1) of 提出期限, '' when the row is missing. */
  deadlineCell?: string;
  /** Automatic reminders (設定's optional 自動督促 rows, cycle/reminder-rules.ts). Absent: not used. */
  autoRemind?: AutoRemind;
}

/** When the daily trigger sends reminders (督促) by itself. */
export interface AutoRemind {
  enabled: boolean;
  /** Days before the deadline (0: the deadline itself), and days after it, on which to send. */
  before: number[];
  after: number[];
  /** At most this many 督促 per department and fiscal year (all 督促 recorded, by hand or automatic). */
  max: number;
}

export interface Finding {
  severity: Severity;
  code: string;
  sheet: string;
  /** A1 cell, or '' when the finding is about a whole sheet. */
  cell: string;
  /** `No.2 課税証明`, or ''. */
  indicator: string;
  message: string;
}

/** Japanese label of a severity, for sheets and the terminal. */
export function severityLabel(s: Severity): string {
  return s === 'error' ? 'エラー' : '警告';
}
