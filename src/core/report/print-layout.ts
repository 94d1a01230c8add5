/**
 * The report laid out as spreadsheet sheets for printing (issue 14, items 3 and 4): one layout in the core that the
 * print-ready .xlsx (src/node/report/) and the Sheets 報告書 (src/gas/) both write, so they show the same cells.
 * A sheet is an ordinary SheetOutput (values, styles, widths …) plus what printing needs and the charts, which
 * each shell draws its own way: an image rendered from `svg` in .xlsx, a native chart from `series` in Sheets.
 */
import type { CellRange, SheetOutput } from '../workbook';

/** A trajectory chart placed over cells: the SVG for shells that place images, the series for native charts. */
export interface ReportSheetChart {
  /** 1-based cell of the chart's top-left corner. */
  row: number;
  col: number;
  widthPx: number;
  heightPx: number;
  title: string;
  /** Fiscal-year labels along the x axis (`令和2年度`). */
  categories: string[];
  /** 予定 is drawn as a line, 実績 as points; null is a gap (an unmeasured year), never zero. */
  series: { name: '予定' | '実績'; values: (number | null)[] }[];
  unit: string;
  /** The same chart as SVG (chart.ts), for shells that place a rendered image. */
  svg: string;
}

/** How a sheet prints: A4 portrait, fit to the page width, title rows repeated, a break before each plan. */
export interface ReportPrintSetup {
  paper: 'A4';
  orientation: 'portrait';
  fitToWidth: true;
  printArea: CellRange;
  /** Rows printed at the top of every page (1-based, inclusive). */
  repeatRows?: { first: number; last: number };
  /**
   * 1-based rows that start a new page: each plan's block but one that starts the sheet's first page, the summary
   * after the cover, the other plans' lines, and where a piece (an indicator's table with its chart) would not fit
   * the page left (print-builder.ts). Ascending.
   */
  rowBreaks: number[];
  /**
   * Row heights in points where they differ from the default (wrapped texts, the chart's rows). reportPrintSheets
   * gives every row one, sized for its texts at FONT_PT (9 pt, titles 14 pt: print-builder.ts), so a shell sets
   * that font size on the cells.
   */
  rowHeights?: { row: number; height: number }[];
}

/** A horizontal alignment for a range, where the default (text left, numbers right) is not what the page shows. */
export interface ReportAlignment {
  range: CellRange;
  horizontal: 'left' | 'center' | 'right';
}

export interface ReportSheetOutput extends SheetOutput {
  print: ReportPrintSetup;
  charts: ReportSheetChart[];
  /**
   * Cell layout beyond SheetOutput (added for item 3; every field optional, so a shell may ignore one):
   * ranges merged into one cell (a long text across the table's width), ranges whose text wraps (print.rowHeights
   * leaves room for the lines), ranges drawn as tables (a thin border around each cell) and alignments.
   */
  merges?: CellRange[];
  wrapped?: CellRange[];
  bordered?: CellRange[];
  alignments?: ReportAlignment[];
}
