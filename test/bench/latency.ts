/**
 * Seconds in Google Sheets from service-call counts, with the per-call latencies of
 * /work/shared/docs/platform-facts.md §4 (Tanaike's measurements, fact 52, and the bulk figures of facts 54–55).
 * A range (low–high) is kept wherever the source gives one or where a call's class is an assumption.
 */

export interface Latency {
  low: number;
  high: number;
  why: string;
}

/** Per call, in seconds. */
const CHEAP_ID: Latency = { low: 0.002, high: 0.002, why: 'Sheet.getSheetId() ≈ 2 ms (fact 52)' };
const HANDLE: Latency = { low: 0.002, high: 0.008, why: 'handles without document data: getActiveSheet() ≈ 8 ms, getSheetId() ≈ 2 ms (fact 52)' };
const NAME: Latency = { low: 0.002, high: 0.15, why: 'Sheet.getName(): 150 ms measured for the first data-touching call (fact 52); the high estimate charges that to every name, the low one 2 ms like getSheetId()' };
const DATA: Latency = { low: 0.2, high: 0.3, why: 'one read or write of the document, getRange().getValue()/setValue(): 0.2–0.3 s (fact 52)' };
const LOCAL: Latency = { low: 0, high: 0, why: 'builders and range handles: no round trip (assumed; Tanaike times getRange().getValue() as one 0.2–0.3 s step)' };

/** Bulk transfer on top of the per-call cost, per cell (fact 54: 10 M cells read in ≈ 85 s; fact 55: writes via the API ≈ 220 s / 10 M, SpreadsheetApp ≈ 19 % slower). */
export const READ_PER_CELL = 85 / 10_000_000;
export const WRITE_PER_CELL = { low: 220 / 10_000_000, high: (220 * 1.19) / 10_000_000 };

/** The limit one execution may run (fact 1), and the spreadsheet's cell limit (fact on limits, §1). */
export const EXECUTION_LIMIT_S = 360;
export const MAX_CELLS = 10_000_000;

export function latencyOf(method: string): Latency {
  const [cls, name] = method.split('.');
  if (name === 'getSheetId') return CHEAP_ID;
  if (name === 'getName' || name === 'getSheetName') return NAME;
  if (/Builder$|^DataValidation$|^ConditionalFormatRule$/.test(cls) || /^new/.test(name)) return LOCAL;
  if (['getRange', 'getRangeList', 'getSheets', 'getUi'].includes(name) || (cls === 'Ui' && name !== 'alert')) return LOCAL;
  if (cls === 'SpreadsheetApp' || cls === 'LockService' || cls === 'Lock' || cls === 'Session' || cls === 'User' || cls === 'Ui') return HANDLE;
  return DATA;
}

export interface Estimate {
  low: number;
  high: number;
}

/** Seconds for a run: Σ calls × latency, plus the cells read and written in bulk. */
export function estimate(counts: Record<string, number>, cellsRead: number, cellsWritten: number): Estimate {
  let low = cellsRead * READ_PER_CELL + cellsWritten * WRITE_PER_CELL.low;
  let high = cellsRead * READ_PER_CELL + cellsWritten * WRITE_PER_CELL.high;
  for (const [method, n] of Object.entries(counts)) {
    const l = latencyOf(method);
    low += n * l.low;
    high += n * l.high;
  }
  return { low, high };
}

export const LATENCY_SOURCES = [CHEAP_ID, NAME, DATA, HANDLE, LOCAL].map((l) => l.why);
