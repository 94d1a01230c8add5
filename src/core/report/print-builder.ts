/**
 * A sheet laid out row by row for printing (print-sheets.ts): each row gets the height its wrapped texts need, and
 * rows are grouped into pieces that stay on one page; `paginate` puts a break before a piece that would not fit.
 */
import { displayWidth } from '../text-width';
import type { CellRange, CellStyle, Scalar } from '../workbook';
import type { ReportAlignment, ReportSheetChart, ReportSheetOutput } from './print-layout';

/** What a printed page holds, as print-sheets.ts lays it out and the .xlsx writer sets it up (report/xlsx.ts). */
export const REPORT_PAGE = {
  /**
   * Total column width in Excel's units (about a half-width character each). A4 portrait with 0.5 in side margins
   * prints about 99 at 100%, so a sheet fits the page width without being shrunk.
   */
  widthUnits: 86,
  /** Body height in points: A4's 842 less 0.6 in at the top and the bottom (header and footer sit in those), less 5. */
  bodyPt: 750,
  margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.25, footer: 0.25 },
} as const;

/** Body text is 9 pt (as in the PDF); a title 14 pt (the writers' 'title' style). One line's height, and a row's padding. */
export const FONT_PT = { body: 9, title: 14 } as const;
const LINE_PT = { body: 12, title: 19 } as const;
const ROW_PAD_PT = 3;
/**
 * A wide character is a little under two width units of the default font (the cells' own: report/xlsx.ts), a narrow
 * one under one, so displayWidth's 2 and 1 with this factor still leave room (measured: LibreOffice fits a third more).
 */
const WIDTH_SLACK = 0.95;

export type TextSize = keyof typeof LINE_PT;

/** How many lines a text takes in a cell `units` wide (explicit line breaks count, wrapped lines too). */
export function linesOf(text: string, units: number, size: TextSize = 'body'): number {
  const scale = (FONT_PT[size] / FONT_PT.body) * WIDTH_SLACK;
  const room = Math.max(units, 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil((displayWidth(line) * scale) / room)), 0);
}

export function rowHeightFor(lines: number, size: TextSize = 'body'): number {
  return lines * LINE_PT[size] + ROW_PAD_PT;
}

export interface Cell {
  value: Scalar;
  /** Columns this cell spans (merged when more than one); 1 when left out. */
  span?: number;
  style?: CellStyle;
  align?: ReportAlignment['horizontal'];
  /** Drawn with a border (a table's cell). */
  border?: boolean;
  /** Text size, for the row's height ('title' goes with the 'title' style). */
  size?: TextSize;
}

const range = (row: number, col: number, numRows = 1, numCols = 1): CellRange => ({ row, col, numRows, numCols });

export class PrintSheetBuilder {
  private readonly values: Scalar[][] = [];
  private readonly heights: number[] = [];
  private readonly out: Required<Pick<ReportSheetOutput, 'merges' | 'wrapped' | 'bordered' | 'alignments' | 'charts' | 'styles' | 'gradeRanges'>> = {
    merges: [], wrapped: [], bordered: [], alignments: [], charts: [], styles: [], gradeRanges: [],
  };
  /** Pieces kept on one page: first row, and whether it must start a page. */
  private readonly pieces: { row: number; newPage: boolean }[] = [];
  private repeat = 0;

  constructor(private readonly name: string, readonly widths: number[]) {}

  get cols(): number {
    return this.widths.length;
  }

  /** The row the next call writes. */
  get nextRow(): number {
    return this.values.length + 1;
  }

  /** Units of the columns from `col` (1-based), `span` of them. */
  unitsOf(col: number, span: number): number {
    return this.widths.slice(col - 1, col - 1 + span).reduce((a, b) => a + b, 0);
  }

  /** The rows written so far print at the top of every page (the running header). */
  repeatRowsSoFar(): void {
    this.repeat = this.values.length;
  }

  /** Starts a piece kept on one page; `newPage` makes it start a page (a plan's block). */
  piece(newPage = false): void {
    this.pieces.push({ row: this.nextRow, newPage });
  }

  /** One row of cells from column 1; its height fits the tallest wrapped cell, at least `minHeight` (a line's). */
  row(cells: Cell[], minHeight = rowHeightFor(1)): number {
    const r = this.nextRow;
    const vals: Scalar[] = [];
    let col = 1;
    let height = minHeight;
    for (const c of cells) {
      const span = Math.min(c.span ?? 1, this.cols - col + 1);
      vals[col - 1] = c.value;
      const at = range(r, col, 1, span);
      if (span > 1) this.out.merges.push(at);
      if (c.style) this.out.styles.push({ range: at, style: c.style });
      if (c.align) this.out.alignments.push({ range: at, horizontal: c.align });
      if (c.border) this.out.bordered.push(at);
      if (typeof c.value === 'string' && c.value !== '') {
        const lines = linesOf(c.value, this.unitsOf(col, span), c.size);
        if (lines > 1) this.out.wrapped.push(at);
        height = Math.max(height, rowHeightFor(lines, c.size));
      }
      col += span;
    }
    for (let i = 0; i < vals.length; i++) vals[i] ??= '';
    this.values.push(vals);
    this.heights.push(height);
    return r;
  }

  /** A text across the whole width from `col`, wrapped to its lines. */
  text(value: string, style?: CellStyle, size: TextSize = style === 'title' ? 'title' : 'body', col = 1): number {
    const lead: Cell[] = col > 1 ? [{ value: '', span: col - 1 }] : [];
    return this.row([...lead, { value, style, size, span: this.cols - col + 1 }]);
  }

  blank(height = 6): number {
    return this.row([], height);
  }

  /** A row of charts side by side, as tall as the tallest, with `cells` beside them (a text right of the charts). */
  charts(charts: Omit<ReportSheetChart, 'row'>[], cells: Cell[] = []): number {
    const r = this.row(cells, Math.max(0, ...charts.map((c) => Math.ceil(c.heightPx * 0.75))) + ROW_PAD_PT * 2);
    for (const chart of charts) this.out.charts.push({ ...chart, row: r });
    return r;
  }

  grades(row: number, col: number, numCols: number, grades: string[]): void {
    this.out.gradeRanges.push({ range: range(row, col, 1, numCols), grades });
  }

  /** 1-based rows that start a page: each piece that must, and each that would not fit on the page so far. */
  private paginate(): number[] {
    const repeatPt = this.heights.slice(0, this.repeat).reduce((a, b) => a + b, 0);
    const budget = REPORT_PAGE.bodyPt - repeatPt;
    const breaks: number[] = [];
    let used = 0;
    const starts = this.pieces.map((p) => p.row);
    this.pieces.forEach((p, i) => {
      const end = i + 1 < starts.length ? starts[i + 1]! : this.nextRow;
      const h = this.heights.slice(p.row - 1, end - 1).reduce((a, b) => a + b, 0);
      const first = p.row === this.repeat + 1;
      if (!first && (p.newPage || (used > 0 && used + h > budget))) {
        breaks.push(p.row);
        used = 0;
      }
      if (used + h <= budget) {
        used += h;
        return;
      }
      // A piece taller than a page runs on, broken between its rows where the page is full: a break the layout names,
      // so the pages are the ones it counts (a printer's own break would add a page it does not know of).
      for (let r = p.row; r < end; r++) {
        const rh = this.heights[r - 1]!;
        if (used > 0 && used + rh > budget) {
          breaks.push(r);
          used = 0;
        }
        used += rh;
      }
    });
    return breaks;
  }

  build(): ReportSheetOutput {
    const lastRow = this.values.length;
    return {
      name: this.name,
      values: this.values,
      columnWidths: [...this.widths],
      styles: this.out.styles,
      gradeRanges: this.out.gradeRanges,
      merges: this.out.merges,
      wrapped: this.out.wrapped,
      bordered: this.out.bordered,
      alignments: this.out.alignments,
      charts: this.out.charts,
      print: {
        paper: 'A4',
        orientation: 'portrait',
        fitToWidth: true,
        printArea: range(1, 1, Math.max(lastRow, 1), this.cols),
        repeatRows: this.repeat > 0 ? { first: 1, last: this.repeat } : undefined,
        rowBreaks: this.paginate(),
        rowHeights: this.heights.map((height, i) => ({ row: i + 1, height })),
      },
    };
  }
}
