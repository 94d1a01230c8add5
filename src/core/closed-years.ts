/**
 * A closed year's record (年度確定): its snapshot 達成状況_○○年度 holds the figures as published. The lock on the
 * department tabs is not a security control (in an .xlsx it is sheet protection without a password, and in Sheets
 * the owner can still edit), so a closed year's 実績 can change after the close. The analysis compares each of
 * those entries with the snapshot: a difference is an error naming both cells, and 達成状況 shows the snapshot's
 * figure (the figure of record), since a published number that silently moves is worse than an error.
 *
 * Values are compared as read (numbers, statuses such as 未測定, empty), not as typed text, so a re-typed
 * 「32.8 %」 or a cell the shell hands over as the number 32.8 is no difference. The year's 予定 in 計画マスタ is
 * checked the same way, since a changed target moves the published rate as surely. コメント are not compared: the
 * snapshot does not hold them, and they carry no figure.
 */
import { resolveCell, type Resolved } from './entries';
import { indicatorLabel } from './layout/master';
import { readSummaryRows, type SummaryRowRecord } from './layout/summary';
import { SHEET } from './layout/sheet-names';
import { cellText, clipText } from './layout/table';
import type { YearCloseRecord } from './layout/year-close';
import { indicatorKey, type Finding, type Indicator, type SourceCell } from './model';
import { formatFiscalYear } from './parse/fiscal-year';
import { formatValue } from './parse/format';
import type { EntryStatus } from './parse/types';
import { a1, isBlank, type WorkbookPort } from './workbook';

export interface ClosedSnapshot {
  fy: number;
  sheet: string;
  /** The year's rows by indicatorKey (No. and name; the first row of a key wins). */
  rows: Map<string, SummaryRowRecord>;
}

/** What undoing the close takes, in both shells' words. */
const undo = (sheet: string) => `${sheet}を控えの値に戻すか、年度確定の解除（shinchoku reopen-year）をしてから直してください`;

/**
 * The snapshot of each closed year (that of its latest close). A closed year whose snapshot is missing or cannot be
 * read is an error: its entries cannot be checked, so they are used as they are.
 */
export function readClosedSnapshots(book: WorkbookPort, records: readonly YearCloseRecord[], closed: readonly number[]): { snapshots: Map<number, ClosedSnapshot>; findings: Finding[] } {
  const findings: Finding[] = [];
  const snapshots = new Map<number, ClosedSnapshot>();
  const names = book.sheetNames();
  for (const fy of closed) {
    const label = formatFiscalYear(fy);
    const closes = records.filter((r) => r.fy === fy && r.act === '確定');
    const sheet = closes[closes.length - 1]?.snapshot ?? '';
    // On the snapshot's name (as a missing department tab is reported on its name), or on 年度確定 without one.
    const error = (cell: string, message: string) =>
      findings.push({ severity: 'error', code: 'closed-year-snapshot', sheet: sheet || SHEET.yearClose, cell, indicator: '', message: `${label}は確定済みですが、${message}。${label}の実績が確定時から変わっていないか確かめられないため、部門シートの値で集計しています。控えのシートを元に戻すか、年度確定の解除（shinchoku reopen-year）をしてからもう一度確定してください` });
    if (!sheet) {
      error('', `「${SHEET.yearClose}」に確定時の控えシートの名前がありません`);
      continue;
    }
    const data = names.includes(sheet) ? book.readSheet(sheet) : undefined;
    if (!data) {
      error('', `確定時の控え「${sheet}」シートがありません`);
      continue;
    }
    const rows = readSummaryRows(data);
    if (!rows) {
      error('A1', `確定時の控え「${sheet}」の表（見出し No.・指標名・年度・実績…）を読めません`);
      continue;
    }
    const byKey = new Map<string, SummaryRowRecord>();
    for (const r of rows) if (r.fiscalYear === fy && !byKey.has(indicatorKey(r.no, r.indicator))) byKey.set(indicatorKey(r.no, r.indicator), r);
    snapshots.set(fy, { fy, sheet, rows: byKey });
  }
  return { snapshots, findings };
}

/**
 * The snapshot's row for an indicator, by No. and name (a plan's indicators share a No., so nothing looser is safe);
 * none when the year had neither 予定 nor 実績 at the close.
 */
function rowOf(snap: ClosedSnapshot, ind: Indicator): SummaryRowRecord | undefined {
  // The snapshot holds names cut to what a generated cell takes (clipText), as 達成状況 does.
  return snap.rows.get(indicatorKey(ind.no, ind.name)) ?? snap.rows.get(indicatorKey(ind.no, clipText(ind.name)));
}

/** Whether a closed year's snapshot has a row for the indicator (the version of record, indicator-versions.ts). */
export function snapshotHas(snap: ClosedSnapshot, ind: Indicator): boolean {
  return rowOf(snap, ind) !== undefined;
}

const STATUSES: readonly string[] = ['未測定', '対象外', '中止', '完了'] satisfies EntryStatus[];
/** Written by analyze for a cumulative row: 「累計（単年度 150）」, the year's own figure as JavaScript prints it. */
const SINGLE_YEAR = /累計（単年度 ([^）]+)）/;

/**
 * The single-year entry a snapshot row records, as the analysis resolves entries; null when the row cannot be read.
 * Numbers sit in 実績 (cumulative ones with the year's own figure in 備考), statuses in 状態.
 */
function recordedValue(rec: SummaryRowRecord | undefined, ind: Indicator): Resolved | null {
  if (!rec || rec.status === '未入力') return { kind: 'empty' };
  if (STATUSES.includes(rec.status)) return { kind: 'status', status: rec.status as EntryStatus };
  if (rec.status === '入力エラー') return { kind: 'error' };
  if (typeof rec.actual !== 'number') return null;
  if (!ind.cumulative) return { kind: 'number', value: rec.actual, approx: false };
  const single = Number(SINGLE_YEAR.exec(rec.note)?.[1] ?? NaN);
  return Number.isFinite(single) ? { kind: 'number', value: single, approx: false } : null;
}

/** The same reading: numbers equal up to rounding (a value written and read back), statuses equal, or both empty. */
function same(a: Resolved, b: Resolved): boolean {
  if (a.kind === 'number' && b.kind === 'number') return Math.abs(a.value - b.value) <= 1e-9 * Math.max(1, Math.abs(a.value), Math.abs(b.value));
  if (a.kind === 'status' && b.kind === 'status') return a.status === b.status;
  return a.kind === b.kind;
}

/** How the snapshot shows the entry: 「32.8%」, 「未測定」, （空欄）. */
function recordedText(rec: SummaryRowRecord, value: Resolved, ind: Indicator): string {
  const unit = rec.unit || ind.unit;
  if (value.kind === 'number' && typeof rec.actual === 'number')
    return ind.cumulative ? `「累計 ${formatValue(rec.actual, unit)}」、単年度 ${formatValue(value.value, unit)}` : `「${formatValue(rec.actual, unit)}」`;
  const text = cellText(rec.actual);
  return text ? `「${clipText(text, 100)}」` : '（空欄）';
}

export interface ClosedEntryCheck {
  /** What the summary uses: the snapshot's reading when the entry differs. */
  value: Resolved;
  /** The 実績 text shown for a row without a number. */
  text: string;
  finding?: Finding;
}

/**
 * Compares a closed year's entry (`live`, as resolved from `cell`; no cell when the tab has none for it) with the
 * snapshot. Without a difference the entry stands; with one, the snapshot's reading replaces it and an error says so.
 */
export function checkClosedEntry(snap: ClosedSnapshot, ind: Indicator, live: Resolved, cell: SourceCell | undefined): ClosedEntryCheck | null {
  const rec = rowOf(snap, ind);
  const recorded = recordedValue(rec, ind);
  const label = formatFiscalYear(snap.fy);
  const at = cell ? a1(cell.row, cell.col) : '';
  const where = cell ? `${cell.sheet}!${at}` : `部門シート「${ind.reportingDept}」`;
  const finding = (message: string): Finding => ({ severity: 'error', code: 'closed-year-changed', sheet: cell?.sheet ?? ind.reportingDept, cell: at, indicator: indicatorLabel(ind), message });
  if (!recorded) {
    // Not a value this add-in writes: someone edited the snapshot; the entry is used as it is.
    return { value: live, text: cell ? cellText(cell.value) : '', finding: finding(`${label}は確定済みですが、確定時の控え（${snap.sheet}!${rec!.actualCell}）のこの指標の実績を読めないため、${where} の実績と比べられません。部門シートの値で集計しています`) };
  }
  if (same(live, recorded)) return null;
  const liveText = cell && !isBlank(cell.value) ? `「${clipText(cellText(cell.value), 100)}」` : '（空欄）';
  const record = rec ? `${snap.sheet}!${rec.actualCell}${recordedText(rec, recorded, ind)}` : `${snap.sheet} にこの指標の行はなく、実績は空欄`;
  return {
    value: recorded,
    text: rec && recorded.kind !== 'empty' ? cellText(rec.actual) : '',
    finding: finding(`${label}は確定済みですが、${where} の実績${liveText}が確定時の控え（${record}）と違います。達成状況には控えの値を載せています。${undo('部門シート')}`),
  };
}

/**
 * Compares a closed year's 予定 (`live`, read from the 計画マスタ cell `cell`) with the snapshot's 目標. With a
 * difference, the snapshot's target replaces it (so the rate is the published one) and an error says so.
 */
export function checkClosedTarget(snap: ClosedSnapshot, ind: Indicator, siblings: Indicator[], live: Resolved, cell: SourceCell | undefined): ClosedEntryCheck | null {
  const rec = rowOf(snap, ind);
  const written = rec?.target ?? '';
  const text = cellText(written);
  // The snapshot holds the number, or the 予定 as written when it was none (「-」): read that as a 予定 again.
  const recorded: Resolved = typeof written === 'number' ? { kind: 'number', value: written, approx: false }
    : !text ? { kind: 'empty' }
    : resolveCell({ value: text, format: '', sheet: snap.sheet, row: rec!.row, col: 1 }, ind, siblings, 'target').result;
  if (same(live, recorded)) return null;
  const label = formatFiscalYear(snap.fy);
  const at = cell ? a1(cell.row, cell.col) : '';
  const where = cell ? `${SHEET.master}!${at}` : `${SHEET.master}の${ind.row}行目`;
  const liveText = cell && !isBlank(cell.value) ? `「${clipText(cellText(cell.value), 100)}」` : '（空欄）';
  const shown = typeof written === 'number' ? `「${formatValue(written, rec!.unit || ind.unit)}」` : text ? `「${clipText(text, 100)}」` : '（空欄）';
  const record = rec ? `${snap.sheet}!${rec.targetCell}${shown}` : `${snap.sheet} にこの指標の行はなく、予定は空欄`;
  return {
    value: recorded,
    text,
    finding: { severity: 'error', code: 'closed-year-target-changed', sheet: SHEET.master, cell: at, indicator: indicatorLabel(ind), message: `${label}は確定済みですが、${where} の予定${liveText}が確定時の控え（${record}）と違います。達成状況には控えの予定で計算した値を載せています。${undo(SHEET.master)}` },
  };
}

