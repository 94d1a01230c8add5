/**
 * A SheetOutput as the grids Sheets takes in one call each (Range.setBackgrounds, setFontWeights,
 * setDataValidations, setNotes) and the column-width runs of Sheet.setColumnWidths. In each grid null clears the cell
 * ("null values reset the color" / "reset the font weight" / "remove data validation" / "remove the note": Range
 * reference, mirror reference/spreadsheet/Range.md). Pure: no Apps Script calls.
 */
import type { CellRange, CellStyle, SheetOutput } from '../core/workbook';
import { maxOf } from '../core/workbook';

export const BACKGROUNDS: Partial<Record<CellStyle, string>> = {
  header: '#d9d9d9',
  readonly: '#f2f2f2',
  editable: '#fff9e0',
};
const BOLD: readonly CellStyle[] = ['title', 'header', 'section'];

/** Rows and columns from A1 that hold everything the output puts on its sheet (at least 1 × 1). */
export function writtenArea(out: SheetOutput): { rows: number; cols: number } {
  const ranges: CellRange[] = [
    ...(out.styles ?? []).map((s) => s.range),
    ...(out.helpTexts ?? []).map((h) => h.range),
    ...(out.listValidations ?? []).map((v) => v.range),
    ...(out.editableRanges ?? []),
    ...(out.gradeRanges ?? []).map((g) => g.range),
    ...(out.notes ?? []).map((n) => ({ row: n.row, col: n.col, numRows: 1, numCols: 1 })),
  ];
  return {
    rows: maxOf([out.values.length, ...ranges.map((r) => r.row + r.numRows - 1)], 1),
    cols: maxOf([...out.values.map((r) => r.length), ...ranges.map((r) => r.col + r.numCols - 1)], 1),
  };
}

/** A rows × cols grid of `empty`, with `fill` over each range in order (later ranges win), clipped to the grid. */
export function paintGrid<T>(rows: number, cols: number, empty: T, items: readonly { range: CellRange; value: T }[]): T[][] {
  const grid = Array.from({ length: rows }, () => new Array<T>(cols).fill(empty));
  for (const { range, value } of items)
    for (let r = range.row; r < Math.min(range.row + range.numRows, rows + 1); r++)
      for (let c = range.col; c < Math.min(range.col + range.numCols, cols + 1); c++) grid[r - 1][c - 1] = value;
  return grid;
}

/** Background colours (null: none) and font weights ('bold' or null), or undefined when the output sets none. */
export function styleGrids(out: SheetOutput, rows: number, cols: number): { backgrounds?: (string | null)[][]; weights?: ('bold' | null)[][] } {
  const styles = out.styles ?? [];
  const bg = styles.filter((s) => BACKGROUNDS[s.style]).map((s) => ({ range: s.range, value: BACKGROUNDS[s.style]! as string | null }));
  const bold = styles.filter((s) => BOLD.includes(s.style)).map((s) => ({ range: s.range, value: 'bold' as 'bold' | null }));
  return {
    ...(bg.length ? { backgrounds: paintGrid<string | null>(rows, cols, null, bg) } : {}),
    ...(bold.length ? { weights: paintGrid<'bold' | null>(rows, cols, null, bold) } : {}),
  };
}

/** A rule to build once per run: the same key always gives the same rule. */
export type RuleSpec = { key: string; kind: 'help'; text: string; maxLength: number } | { key: string; kind: 'list'; values: string[]; helpText: string };

/** The output's validations as rule specs over ranges (help texts first, then lists, which win where both fall). */
export function validationSpecs(out: SheetOutput, maxCellChars: number): { range: CellRange; value: RuleSpec }[] {
  return [
    ...(out.helpTexts ?? []).map((h) => {
      const maxLength = h.maxLength ?? maxCellChars;
      return { range: h.range, value: { key: `help\u0000${maxLength}\u0000${h.text}`, kind: 'help' as const, text: h.text, maxLength } };
    }),
    ...(out.listValidations ?? []).map((v) => ({
      range: v.range,
      value: { key: `list\u0000${JSON.stringify(v.values)}\u0000${v.helpText}`, kind: 'list' as const, values: v.values, helpText: v.helpText },
    })),
  ];
}

/**
 * Runs for Sheet.setColumnWidths(start, count, width): a width painted over a span, then the different widths
 * inside it over that, so [8, 26, 26, 8, 18, 18, 18] takes three calls. Columns without a width (0) are left alone.
 */
export function widthRuns(widths: readonly number[]): { start: number; count: number; width: number }[] {
  const runs: { start: number; count: number; width: number }[] = [];
  const paint = (from: number, to: number): void => {
    let i = from;
    while (i <= to) {
      const w = widths[i];
      if (!(w > 0)) {
        i++;
        continue;
      }
      let last = i;
      for (let j = i; j <= to && widths[j] > 0; j++) if (widths[j] === w) last = j;
      runs.push({ start: i + 1, count: last - i + 1, width: w });
      for (let k = i + 1; k <= last; ) {
        if (widths[k] === w) {
          k++;
          continue;
        }
        let end = k;
        while (end + 1 <= last && widths[end + 1] !== w) end++;
        paint(k, end);
        k = end + 1;
      }
      i = last + 1;
    }
  };
  paint(0, widths.length - 1);
  return runs;
}
