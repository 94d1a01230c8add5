/**
 * The year's report (issue 14) as plain JSON: what the PDF, the print-ready workbook and the Sheets 報告書 show.
 * Every text is final (formatted, in Japanese); a renderer only lays it out, so all outputs show the same numbers.
 */

export type Audience = 'internal' | 'public';

export const AUDIENCE_LABEL: Readonly<Record<Audience, string>> = { internal: '庁内用', public: '公表用' };

/**
 * Which plans a report covers: all, those of one 基本方針, or those where a department is 主管部門 or reports an
 * indicator. Plan pages, the lines for the other plans and the count tables all cover the same plans.
 */
export type ReportScope = { kind: 'all' } | { kind: 'policy'; policy: string } | { kind: 'department'; department: string };

/** A calendar day (the date the figures are as of), as the PDF's document date needs it. */
export interface ReportDay {
  year: number;
  month: number;
  day: number;
}

export interface ReportCover {
  /** 計画名 from 設定. */
  planTitle: string;
  /** `アクションプラン 進行管理報告書`. */
  reportTitle: string;
  fiscalYear: number;
  /** `令和2年度（2020年度）`. */
  fiscalYearLabel: string;
  dataDate: ReportDay;
  /** `令和3年（2021年）5月31日`. */
  dataDateLabel: string;
  audience: Audience;
  audienceLabel: string;
  /** 調整部門 (who compiles the report). */
  coordinatorDept: string;
  /** 庁内用 only: the coordinators' e-mail addresses, for questions about the figures. */
  contacts: string[];
  /** The plans the report covers, names as the master spells them. */
  scope: ReportScope;
  /** `基本方針: 市民のためのサービスデザイン`, `部門: 情報政策室`; '' for the whole plan. */
  scopeLabel: string;
}

/** One line of a count table: a year, a 基本方針, a 取組 or a department. */
export interface ReportCountLine {
  label: string;
  /** Same order as ReportCountTable.columns. */
  counts: number[];
  total: number;
}

export interface ReportCountTable {
  title: string;
  /** Head of the first column (`年度`, `基本方針` …). */
  keyHeader: string;
  /** The scale's grades, then the reasons without a grade that occur in this report. */
  columns: string[];
  /** Column labels for people: `A 達成`, `未測定` … */
  columnLabels: string[];
  lines: ReportCountLine[];
}

export interface ReportGradeBand {
  grade: string;
  label: string;
  /** `達成率 100%以上`, `50%未満`. */
  range: string;
}

export interface ReportSummary {
  counts: ReportCountTable[];
  /** The グラフ sheet's graphs (by year, by 基本方針) as SVG, with a text alternative. */
  graphs: { title: string; svg: string; alt: string }[];
  grades: ReportGradeBand[];
  /** `A 達成 100%以上・B …` as on 達成状況. */
  scaleText: string;
  scaleName: string;
  /** How rates are worked out, in sentences (only the methods this plan uses, and the rounding). */
  rateMethod: string[];
  /** Why rows have no grade: `未測定: …`, for the reasons that occur. */
  ungradedReasons: string[];
}

/** One fiscal year of an indicator, as its column in the plan page's table. */
export interface ReportYearCell {
  fiscalYear: number;
  /** `令和2年度（2020年度）`. */
  label: string;
  /** True for the year under evaluation (highlighted). */
  current: boolean;
  /** 予定 as 達成状況 shows it: `1,730件`, or the cell as written when it is not a number (`-`). '' when none. */
  target: string;
  /** 実績 the same way. */
  actual: string;
  /** `307.0%` (one decimal, as 達成状況 shows it), '' when there is none. */
  rate: string;
  /** The grade letter, `−` for a row without a grade, '' for a year without a row. */
  grade: string;
  /** Why there is no grade (`未測定` …), '' when graded or without a row. */
  status: string;
  /** 達成状況's 備考 for the year (公表用: without the internal notes). */
  note: string;
  /**
   * 中間見直し: the 指標名 of the version in force this year (the plan document writes it in the cell: 「申込み 10%」),
   * '' for an indicator never revised, or a year with no version in force or with two (the note says which).
   */
  version: string;
  /** Numbers for the chart: 予定 and 実績 (累計 when cumulative), null when not a number. */
  targetValue: number | null;
  actualValue: number | null;
  /** The unrounded ratio (1 = 100%) as 達成状況 stores it. */
  rateValue: number | null;
  /**
   * E1 期待値 (outlook/, as 達成状況's 期待値 column) with the plan's decimals and the unit, as the sidebar shows it:
   * `155,892人`; '' when the year has none (no baseline, a year without a row).
   */
  expected: string;
  /** 期待値比 (実績÷期待値, mirrored for 減少) with the rate's rounding (`150.7%`), '' when there is none. */
  expectedRatio: string;
  /** The unrounded 期待値, null when none. */
  expectedValue: number | null;
}

/**
 * 達成見込み of an indicator as of the report's year (planOutlook, as 達成状況 gives it): will the final-year
 * target be met.
 */
export interface ReportOutlook {
  /** `達成見込み（2020年度時点）`. */
  label: string;
  /** ほぼ達成できる / もう少しの努力で達成できる / 一層の努力が必要 / 見込み算出不可. */
  class: string;
  /** The method, the numbers and the class, or why there is none (達成状況's 見込みの根拠). */
  basis: string;
  /** 「あと毎年…が必要（これまで毎年…）」, or why it cannot be said. */
  paceText: string;
}

/** One version of a revised indicator (中間見直し), as the plan document's 評価指標 cell gives it: 【令和元年度～令和3年度】… */
export interface ReportIndicatorVersion {
  name: string;
  unit: string;
  department: string;
  methodText: string;
  description: string;
  /** The years it is in force in the plan's own words: `令和元年度～令和3年度`, `令和4年度のみ`. */
  period: string;
}

/** A trajectory chart: SVG, its text alternative, and the numbers it draws (one per year of the table, null: a gap). */
export interface ReportChart {
  /** Which version it draws, `申込み（令和元年度～令和3年度）`; '' for an indicator never revised. */
  title: string;
  svg: string;
  alt: string;
  unit: string;
  targets: (number | null)[];
  actuals: (number | null)[];
}

/**
 * An indicator as a council reads it: a revised one (中間見直し) is one indicator whose versions share one table, each
 * year's column the version in force that year.
 */
export interface ReportIndicator {
  /** The 指標名; for a revised indicator its versions' names in order, `申込み → 電子化率`. */
  name: string;
  unit: string;
  /** 報告部門. */
  department: string;
  /** `実績÷目標`, `累計（その年度までの実績の合計÷その年度の目標）` … */
  methodText: string;
  /** The master's 備考 for the indicator (what it measures). */
  description: string;
  years: ReportYearCell[];
  /**
   * The versions of a revised indicator, in order (two or more); [] for one never revised. When there are versions,
   * the fields above are the latest version's (name: all of them) and a renderer shows each version instead.
   */
  versions: ReportIndicatorVersion[];
  /** The changes, worded as 達成状況 words them: 「令和4年度に指標変更（申込み → 電子化率、改定根拠: …）」; [] for none. */
  changes: string[];
  /**
   * The trajectory charts (chart.ts): one, or one per version of a revised indicator, each drawing only the years
   * that version is in force (two measures, maybe in two units, never share an axis).
   */
  charts: ReportChart[];
  /** Whether a year has a 期待値: the table has its 期待値 and 期待値比 rows only then (a plan without a baseline has none). */
  expectedRows: boolean;
  /**
   * 達成見込み as of the report's year; for a revised indicator, the version in force that year's. null when
   * 達成状況 has no row of the indicator (nothing to judge).
   */
  outlook: ReportOutlook | null;
}

export interface ReportComment {
  department: string;
  indicator: string;
  fiscalYear: number;
  yearLabel: string;
  /** What the page shows: the コメント, then 「要因: …」 and 「今後の方向性: …」 lines when the department wrote them. */
  text: string;
  /** The 要因 and 今後の方向性 on their own, when the department wrote them. */
  cause?: string;
  direction?: string;
}

/** One page per action plan, laid out like the plan's own 「アクションプランの見方」. */
export interface ReportPlanPage {
  no: number;
  policy: string;
  theme: string;
  actionPlan: string;
  ownerDepts: string;
  relatedDepts: string;
  /**
   * 概要 / 目的 / 成果目標 from the optional 計画マスタ columns (one value per plan No.), paragraphs separated by a
   * line break (\n); left out when the master has no such column or the plan leaves it empty.
   */
  overview?: string;
  purpose?: string;
  outcome?: string;
  indicators: ReportIndicator[];
  comments: ReportComment[];
  /** 庁内用 only: 検証結果 about this plan's indicators (`警告 税制課!E4 …`). */
  findings: string[];
}

/** A plan without a page: deleted, merged into another, completed or omitted, with the reason. */
export interface ReportPlanLine {
  no: number;
  actionPlan: string;
  state: string;
  reason: string;
}

export interface ReportModel {
  cover: ReportCover;
  /** The running header of every page after the cover. */
  header: string;
  summary: ReportSummary;
  plans: ReportPlanPage[];
  otherPlans: ReportPlanLine[];
  /** 庁内用 only: how many errors and warnings 検証結果 holds. */
  findingCounts: { errors: number; warnings: number } | null;
}
