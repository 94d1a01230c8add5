/** What the entry parser makes of one cell. It never throws and never guesses silently. */

export type Severity = 'error' | 'warning';

/** A problem found while reading a cell; `message` is Japanese and user-facing. */
export interface ParseFinding {
  severity: Severity;
  /** Stable machine code, e.g. 'bad-grouping', 'katakana-minus', 'typo-status'. */
  code: string;
  message: string;
}

/**
 * Statuses a cell may hold instead of a number (domain.md §3). 目標なし (no target set) is meaningful in a
 * target (予定) cell only; in an actual (実績) cell the caller refuses it (docs/parser-rules.md).
 */
export type EntryStatus = '未測定' | '対象外' | '中止' | '完了' | '目標なし';

export interface NumberSegment {
  kind: 'number';
  value: number;
  /** The unit written after the number (NFKC-normalised), or null when the number is bare. */
  unit: string | null;
  /** 約 / およそ / 概ね / 程度 / 前後 / 強 / 弱 / 余り were written. */
  approx: boolean;
  /** The label written before the number (`課税証明` in `課税証明 1,730件`), or null. */
  label: string | null;
  /** Comparator written after the value (`30%以上`); targets only. `=` is 維持 (`95%の維持`, `40%を維持`). */
  comparator: '>=' | '<=' | '<' | '>' | '=' | null;
  /** Text kept aside, such as a parenthesised note after the value (`100%（全校）` → `全校`). */
  note: string | null;
}

export interface StatusSegment {
  kind: 'status';
  status: EntryStatus;
  label: string | null;
}

export type Segment = NumberSegment | StatusSegment;

export interface EntryParse {
  /** The cell was empty (未入力). */
  empty: boolean;
  /** One segment per value written; several when a cell names several indicators. Empty on error. */
  segments: Segment[];
  findings: ParseFinding[];
}
