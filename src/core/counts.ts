/** Grade counts for 達成状況: graded rows per grade, ungraded rows per reason, never hidden (domain.md §5). */
import { UNGRADED_STATUSES, type RowStatus, type SummaryRow } from './analyze';
import type { GradeBand } from './model';

export interface CountLine {
  /** What the line counts: a fiscal year, a 基本方針, a 取組 or a department. */
  key: string;
  /** The fiscal year a byYear line counts. */
  fiscalYear?: number;
  /** Grade letter or ungraded status → number of rows. */
  counts: Record<string, number>;
  total: number;
}

export interface Counts {
  /** Column order: the scale's grades, then the ungraded statuses. */
  columns: string[];
  byYear: CountLine[];
  /** The evaluation year only. */
  byPolicy: CountLine[];
  byTheme: CountLine[];
  byDepartment: CountLine[];
}

export function countColumns(scale: readonly GradeBand[]): string[] {
  return [...scale.map((b) => b.grade), ...UNGRADED_STATUSES];
}

function line(key: string, rows: SummaryRow[], columns: string[]): CountLine {
  const counts: Record<string, number> = Object.fromEntries(columns.map((c) => [c, 0]));
  for (const r of rows) counts[r.status === '評価済' ? r.grade : (r.status as RowStatus)] += 1;
  return { key, counts, total: rows.length };
}

function groupBy(rows: SummaryRow[], key: (r: SummaryRow) => string, columns: string[]): CountLine[] {
  const groups = new Map<string, SummaryRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return [...groups].map(([k, rs]) => line(k, rs, columns));
}

export function countRows(rows: SummaryRow[], scale: readonly GradeBand[], evaluationYear: number): Counts {
  const columns = countColumns(scale);
  const years = [...new Set(rows.map((r) => r.fiscalYear))].sort((a, b) => a - b);
  const current = rows.filter((r) => r.fiscalYear === evaluationYear);
  return {
    columns,
    byYear: years.map((fy) => ({ ...line(`${fy}年度`, rows.filter((r) => r.fiscalYear === fy), columns), fiscalYear: fy })),
    byPolicy: groupBy(current, (r) => r.policy || '（基本方針なし）', columns),
    byTheme: groupBy(current, (r) => r.theme || '（取組なし）', columns),
    byDepartment: groupBy(current, (r) => r.department, columns),
  };
}
