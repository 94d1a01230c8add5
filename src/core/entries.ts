/**
 * What a cell means for one indicator: the parser's segments matched to the indicator by label and checked
 * against its unit. Values written for a sibling indicator of the same plan are handed back, not dropped.
 */
import { indicatorLabel } from './layout/master';
import type { Finding, Indicator, SourceCell } from './model';
import { parseEntry } from './parse/entry';
import type { EntryStatus, NumberSegment, Segment } from './parse/types';
import { sameUnit } from './parse/units';
import { a1 } from './workbook';

export type Resolved =
  | { kind: 'empty' }
  | { kind: 'number'; value: number; approx: boolean }
  | { kind: 'status'; status: EntryStatus }
  | { kind: 'error' };

export interface Resolution {
  result: Resolved;
  findings: Finding[];
  /** Segments that name another indicator of the same plan. */
  foreign: { indicator: Indicator; segment: Segment }[];
}

const labelKey = (s: string) => s.normalize('NFKC').replace(/[\s:：・、,]/g, '');

/** A label names an indicator when one contains the other (`閲覧数` ~ `オープンデータ 閲覧数`). */
export function labelMatches(label: string, name: string): boolean {
  const a = labelKey(label);
  const b = labelKey(name);
  if (!a || !b) return false;
  return a === b || (Math.min(a.length, b.length) >= 2 && (a.includes(b) || b.includes(a)));
}

/** Resolves a 実績 or 予定 cell for `ind`; `siblings` are the other indicators of the same plan No. */
export function resolveCell(cell: SourceCell, ind: Indicator, siblings: Indicator[], role: 'actual' | 'target'): Resolution {
  const findings: Finding[] = [];
  const at = a1(cell.row, cell.col);
  const label = indicatorLabel(ind);
  const add = (severity: Finding['severity'], code: string, message: string) =>
    findings.push({ severity, code, sheet: cell.sheet, cell: at, indicator: label, message });

  const parsed = parseEntry(cell.value, { numberFormat: cell.format, unit: ind.unit });
  for (const x of parsed.findings) add(x.severity, x.code, x.message);
  if (parsed.empty) return { result: { kind: 'empty' }, findings, foreign: [] };
  if (parsed.segments.length === 0 || parsed.findings.some((x) => x.severity === 'error'))
    return { result: { kind: 'error' }, findings, foreign: [] };

  const own: Segment[] = [];
  const foreign: Resolution['foreign'] = [];
  const unmatched: Segment[] = [];
  for (const seg of parsed.segments) {
    if (seg.label === null) {
      own.push(seg);
      continue;
    }
    if (labelMatches(seg.label, ind.name)) {
      own.push(seg);
      continue;
    }
    const sib = siblings.find((s) => s.name && labelMatches(seg.label!, s.name));
    if (sib) foreign.push({ indicator: sib, segment: seg });
    else unmatched.push(seg);
  }
  // A single labelled value whose label differs from the indicator's name is still this row's value.
  if (own.length === 0 && unmatched.length === 1 && foreign.length === 0) {
    add('warning', 'label-mismatch', `「${unmatched[0].label}」は指標名「${ind.name}」と一致しませんが、この指標の値として読みました`);
    own.push(unmatched[0]);
    unmatched.length = 0;
  }
  for (const seg of unmatched)
    add('error', 'unknown-label', `「${seg.label}」はこの計画のどの指標名とも一致しません（指標: ${[ind, ...siblings].map((s) => s.name).filter(Boolean).join('、')}）`);
  if (foreign.length)
    add('warning', 'multi-indicator',
      `1つのセルに複数の指標の値があります（${[ind.name, ...foreign.map((x) => x.indicator.name)].join('・')}）。` +
        `「${foreign.map((x) => x.indicator.name).join('・')}」の値は${foreign.map((x) => x.indicator.reportingDept).join('・')}の指標として扱います。次回からは指標ごとのセルに入力してください`);
  if (own.length > 1) {
    add('error', 'several-values', 'この指標の値が1つのセルに複数あります。1つにしてください');
    return { result: { kind: 'error' }, findings, foreign };
  }
  // An unknown label is an error, and an error means no number (docs/parser-rules.md), even when another segment
  // names this indicator: the sidebar, the rollup and 検証結果 then all refuse the cell.
  if (unmatched.length) return { result: { kind: 'error' }, findings, foreign };
  if (own.length === 0) return { result: { kind: 'empty' }, findings, foreign };

  const seg = own[0];
  if (seg.kind === 'status') {
    if (role === 'actual' && seg.status === '目標なし') {
      add('error', 'no-target-in-actual', `実績に「目標なし」とあります。実績の値か「未測定」「-」（対象外）を入力してください`);
      return { result: { kind: 'error' }, findings, foreign };
    }
    if (role === 'target' && seg.status !== '対象外' && seg.status !== '目標なし')
      add('warning', 'status-in-target', `予定に「${seg.status}」とあります。この年度は目標なしとして扱います`);
    return { result: { kind: 'status', status: seg.status }, findings, foreign };
  }
  if (!unitOk(seg, ind)) {
    add('error', 'unit-mismatch', `単位「${seg.unit}」が指標の単位「${ind.unit}」と異なります`);
    return { result: { kind: 'error' }, findings, foreign };
  }
  if (role === 'actual' && seg.comparator)
    add('warning', 'comparator-in-actual', '実績に「以上」「以下」などがあります。数値だけを使いました');
  return { result: { kind: 'number', value: seg.value, approx: seg.approx }, findings, foreign };
}

/** A bare number takes the indicator's unit; a written unit must be the indicator's. */
export function unitOk(seg: NumberSegment, ind: Pick<Indicator, 'unit'>): boolean {
  return seg.unit === null || !ind.unit || sameUnit(seg.unit, ind.unit);
}
