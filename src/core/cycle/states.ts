/**
 * The yearly cycle's states per department and fiscal year, and how the current one is known:
 *
 *   入力中 → 提出済 → 所属長確認済 (only when 設定 says 所属長確認 is used) → 確認済 → 確定 (年度確定)
 *
 * 差戻し is 入力中 after a return: the department edits again, and the reason is in 確認履歴. The state is derived, never
 * stored in one cell: from 年度確定 (a closed year is 確定), from the tab's 提出状況 cell (it speaks for the year under
 * evaluation: 提出済 there is how a department submits today), and from the last transition in 確認履歴 that moves
 * the tab (records.ts FLOW_ACTS). A tab whose 提出状況 says 未提出 is being edited whatever the record says (someone
 * reopened it by hand); a tab marked 提出済 after a return was submitted again.
 */
import type { ReviewRecord } from './records';

export const CYCLE_STATES = ['入力中', '差戻し', '提出済', '所属長確認済', '確認済', '確定'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

/** States in which the department may edit and submit. */
export const EDITING: readonly CycleState[] = ['入力中', '差戻し'];
/**
 * States a coordinator may return from: any but 確定. A tab still 入力中 may be returned too, so a coordinator who
 * checks entries before the deadline can send the reasons to fix with the tab (the state then says 差戻し).
 */
export const RETURNABLE: readonly CycleState[] = ['入力中', '提出済', '所属長確認済', '確認済', '差戻し'];

export interface StateInputs {
  /** The year is closed (年度確定). */
  closed: boolean;
  /** The tab's 提出状況 says 提出済 — or null when the cell does not speak for this year (not the year under evaluation). */
  submittedCell: boolean | null;
  /** This department's and year's records, oldest first (any act; only FLOW_ACTS count). */
  records: readonly ReviewRecord[];
}

const FLOW = new Set(['提出', '所属長確認', '確認', '差戻し']);

/** The state the last moving transition left (入力中 when there is none). */
export function recordedState(records: readonly ReviewRecord[]): CycleState {
  for (let i = records.length - 1; i >= 0; i--) if (FLOW.has(records[i].act)) return records[i].to;
  return '入力中';
}

export function deriveState({ closed, submittedCell, records }: StateInputs): CycleState {
  if (closed) return '確定';
  const recorded = recordedState(records);
  if (submittedCell === null) return recorded;
  if (!submittedCell) return recorded === '差戻し' ? '差戻し' : '入力中';
  return EDITING.includes(recorded) ? '提出済' : recorded;
}

/** The reasons of the return still open: the trailing 差戻し records, when the tab is 差戻し. */
export function openReturns(state: CycleState, records: readonly ReviewRecord[]): ReviewRecord[] {
  if (state !== '差戻し') return [];
  const flow = records.filter((r) => FLOW.has(r.act));
  let i = flow.length;
  while (i > 0 && flow[i - 1].act === '差戻し') i--;
  return flow.slice(i);
}
