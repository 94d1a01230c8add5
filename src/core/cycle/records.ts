/**
 * 確認履歴 (generated, append-only, protected): one row per transition of a department's tab in the yearly cycle —
 * when, who, department, fiscal year, what was done, the state before and after, the indicator (for a return of one
 * indicator) and the reason. Shells append rows through WorkbookPort.appendLog and never rewrite earlier ones, so a
 * return's reason stays after the tab is fixed. Kept apart from 変更履歴 (one row per cell written) so the cycle's
 * state can be read without scanning every save, and so 所属長 who never save a cell can still append.
 */
import { UNKNOWN_USER, logTime, type Actor } from '../layout/change-log';
import { SHEET } from '../layout/sheet-names';
import { clipText, findHeaderRow, textAt } from '../layout/table';
import type { Finding } from '../model';
import { formatFiscalYear, parseFiscalYear } from '../parse/fiscal-year';
import type { AppendSheet, Scalar, SheetData } from '../workbook';
import { CYCLE_STATES, type CycleState } from './states';

/**
 * 照合値 (last, optional): on 提出 and 事務局修正 rows, the check value of the year's entries as they then were
 * (lock.ts), so a change made after 提出 is found. A sheet made before the column reads as before: rows appended
 * since carry it in the column after 理由 (both shells append rows as wide as REVIEW_HEADERS).
 */
export const REVIEW_HEADERS = ['日時', '利用者', '部門', '年度', '操作', '変更前', '変更後', 'No.', '指標名', '理由', '照合値'] as const;

export const REVIEW_LOG: AppendSheet = { name: SHEET.review, headers: REVIEW_HEADERS, widths: [20, 34, 16, 10, 14, 12, 12, 6, 24, 48, 12] };

/**
 * What a row records. 提出・所属長確認・確認・差戻し move a tab; 確定・確認なしで確定・確定の解除 record what 年度確定 and
 * its reopening did to each department (the closed state itself comes from 年度確定); 督促 is a reminder sent (or
 * drafted) to the department; 事務局修正 is a coordinator's correction of a submitted entry, with its reason.
 */
export const REVIEW_ACTS = ['提出', '所属長確認', '確認', '差戻し', '確定', '確認なしで確定', '確定の解除', '督促', '事務局修正'] as const;
export type ReviewAct = (typeof REVIEW_ACTS)[number];

/** The acts that move a tab's own state (the others only note what 年度確定 did). */
export const FLOW_ACTS: readonly ReviewAct[] = ['提出', '所属長確認', '確認', '差戻し'];

export interface ReviewRecord {
  at: string;
  by: string;
  dept: string;
  fy: number;
  act: ReviewAct;
  from: CycleState;
  to: CycleState;
  /** The indicator a return is about (null and '' for the whole tab). */
  no: number | null;
  indicator: string;
  reason: string;
  /** 照合値 of the entries (提出・事務局修正 rows; '' or absent otherwise). */
  check?: string;
}

/** The row to append: all text, so a reason someone typed is never read as a formula or a number. */
export function reviewRow(r: Omit<ReviewRecord, 'at' | 'by'>, actor: Actor, via = ''): Scalar[] {
  const by = `${actor.user || UNKNOWN_USER}${via}`;
  return [logTime(actor.now), by, r.dept, formatFiscalYear(r.fy), r.act, r.from, r.to, r.no === null ? '' : String(r.no), r.indicator, clipText(r.reason), r.check ?? ''];
}

const CHECK = '照合値';
const FIELDS = REVIEW_HEADERS.map((header) => ({ header, required: ['部門', '年度', '操作', '変更後'].includes(header) }));

const isAct = (s: string): s is ReviewAct => (REVIEW_ACTS as readonly string[]).includes(s);
const isState = (s: string): s is CycleState => (CYCLE_STATES as readonly string[]).includes(s);

/**
 * Reads 確認履歴 (no sheet: no records). A broken header is an error (the states cannot be known); a row that does not
 * read is an error naming it and is skipped.
 */
export function readReviewLog(sheet: SheetData | undefined): { records: ReviewRecord[]; findings: Finding[] } {
  if (!sheet) return { records: [], findings: [] };
  const findings: Finding[] = [];
  const header = findHeaderRow(sheet.values, FIELDS, 10, 3);
  if (!header || header.missing.length) {
    findings.push({ severity: 'error', code: 'review-header', sheet: sheet.name, cell: 'A1', indicator: '', message: `「${SHEET.review}」の見出し（${REVIEW_HEADERS.join('・')}）が見つかりません。提出・確認の状態を読めません` });
    return { records: [], findings };
  }
  const v = sheet.values;
  const at = (r: number, h: string) => textAt(v, r, header.cols.get(h));
  // A sheet made before 照合値: the column after 理由 when 理由 is where REVIEW_HEADERS puts it.
  const reasonCol = header.cols.get('理由');
  const checkCol = header.cols.get(CHECK) ?? (reasonCol === REVIEW_HEADERS.indexOf('理由') + 1 ? reasonCol + 1 : undefined);
  const records: ReviewRecord[] = [];
  for (let r = header.row + 1; r <= v.length; r++) {
    const dept = at(r, '部門');
    const act = at(r, '操作');
    if (!dept && !act) continue;
    const { fy } = parseFiscalYear(at(r, '年度'));
    const from = at(r, '変更前');
    const to = at(r, '変更後');
    const noText = at(r, 'No.');
    const no = noText ? Number(noText) : null;
    if (!dept || fy === null || !isAct(act) || !isState(to) || (from !== '' && !isState(from)) || (no !== null && !Number.isFinite(no))) {
      findings.push({ severity: 'error', code: 'review-row', sheet: sheet.name, cell: `A${r}`, indicator: '', message: `${r}行目を読めません（部門「${dept}」、年度「${at(r, '年度')}」、操作「${act}」、変更後「${to}」）。確認履歴は編集しないでください` });
      continue;
    }
    const check = textAt(v, r, checkCol);
    records.push({ at: at(r, '日時'), by: at(r, '利用者'), dept, fy, act, from: from === '' ? '入力中' : (from as CycleState), to, no, indicator: at(r, '指標名'), reason: at(r, '理由'), ...(check ? { check } : {}) });
  }
  return { records, findings };
}
