/** The stored state of one cell and small box helpers. */
import type { FakeDataValidation } from './validation';
import type { Stored } from './values';

export interface Cell {
  value: Stored;
  formula?: string;
  /** An error cell (typed `#N/A` and the like): `value` holds its literal. */
  error?: true;
  /** Number format; undefined = never set (Apps Script reports `0.###############`). */
  format?: string;
  note?: string;
  style?: Record<string, unknown>;
  validation?: FakeDataValidation;
  showHyperlink?: boolean;
}

export interface Box {
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

export function hasContent(c: Cell | undefined): boolean {
  return !!c && (c.value !== '' || c.formula !== undefined);
}

export function isEmptyCell(c: Cell): boolean {
  return (
    c.value === '' &&
    c.formula === undefined &&
    c.format === undefined &&
    c.note === undefined &&
    (c.style === undefined || Object.keys(c.style).length === 0) &&
    c.validation === undefined &&
    c.showHyperlink === undefined
  );
}

export function boxContains(b: Box, row: number, col: number): boolean {
  return row >= b.row && row < b.row + b.numRows && col >= b.col && col < b.col + b.numCols;
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return (
    a.row < b.row + b.numRows && b.row < a.row + a.numRows && a.col < b.col + b.numCols && b.col < a.col + a.numCols
  );
}
