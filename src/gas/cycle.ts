/**
 * The cycle's server calls inside Google Sheets (提出状況 board, 確認, 差戻し): the core cycle jobs over the
 * SpreadsheetApp adapter, every write under the document lock. Who may move a step comes from 設定 by the signed-in
 * address (cycle/service.ts); the sidebar's board calls these.
 */
import { checkReturnRequest, checkTabRef, confirmTab, cycleStatus, returnTab, type CycleStatus, type ReturnRequest, type TabRef, type TransitionResult } from '../core/cycle';
import { actor, withDocumentLock } from './addon';
import { book, call } from './sidebar';

/** The board for a year (null: the year under evaluation). */
export function status(year: number | null): CycleStatus {
  return call('提出状況の読み込み', () => cycleStatus(book(), typeof year === 'number' ? year : null));
}

export function confirm(request: TabRef): TransitionResult {
  return call('確認', () => {
    checkTabRef(request);
    return withDocumentLock(() => confirmTab(book(), { dept: request.dept, year: request.year }, { actor: actor() }));
  });
}

export function sendBack(request: ReturnRequest): TransitionResult {
  return call('差戻し', () => {
    checkReturnRequest(request);
    const indicators = request.indicators?.map((i) => ({ no: i.no, name: i.name }));
    return withDocumentLock(() => returnTab(book(), { dept: request.dept, year: request.year, reason: request.reason, indicators }, { actor: actor() }));
  });
}
