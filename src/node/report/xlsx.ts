/**
 * The year's report as a print-ready workbook (issue 14, item 3): the core's print sheets (reportPrintSheets) written
 * into a new .xlsx with exceljs, set up for A4 portrait, fit to the page width, the running header repeated, a break
 * before each plan, and each chart as a PNG rendered from its SVG by resvg (wasm) with the report's own font.
 * The same model gives the same bytes: the workbook's dates and the zip entries' dates are the model's data date.
 */
import ExcelJS from 'exceljs';
import '../exceljs-patches';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { FONT_PT, REPORT_PAGE, reportPrintSheets, type ReportModel, type ReportSheetOutput } from '../../core/report';
import { a1, type CellRange, type WorkbookPort } from '../../core/workbook';
import { writeOutput } from '../../xlsx/sheet-write';
import { REPORT_FONT, reportOfWorkbook, type WorkbookReportOptions } from './pdf';

/** The cells' font: BIZ UDPゴシック, the face the PDF and the charts use (Windows has it built in). */
const CELL_FONT = 'BIZ UDPゴシック';
const FONT_PACKAGE = '@expo-google-fonts/biz-udpgothic';
/** The chart's texts are all regular weight (chart.ts), so resvg gets only that face (each chart parses it). */
const FONT_FILES = ['400Regular/BIZUDPGothic_400Regular.ttf'];
const EXCEL_COLUMNS = 16384;
/** Charts are rendered at twice their size on the sheet, for print. */
const CHART_SCALE = 2;

type Resvg = typeof import('@resvg/resvg-wasm');
let rasterizer: Promise<{ resvg: Resvg; fonts: Uint8Array[] }> | undefined;

/** resvg's wasm and the fonts, loaded once per process and only by the report (the other commands never pay). */
function getRasterizer(): Promise<{ resvg: Resvg; fonts: Uint8Array[] }> {
  rasterizer ??= (async () => {
    const resvg = require('@resvg/resvg-wasm') as Resvg;
    await resvg.initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    const fonts = FONT_FILES.map((f) => new Uint8Array(readFileSync(require.resolve(`${FONT_PACKAGE}/${f}`))));
    return { resvg, fonts };
  })();
  return rasterizer;
}

/** An SVG as PNG, `widthPx` wide; only the report's font is known (the wasm build reads no system fonts). */
export async function svgToPng(svg: string, widthPx: number): Promise<Uint8Array> {
  const { resvg, fonts } = await getRasterizer();
  const r = new resvg.Resvg(svg, { fitTo: { mode: 'width', value: widthPx }, font: { fontBuffers: fonts, defaultFontFamily: REPORT_FONT, sansSerifFamily: REPORT_FONT } });
  try {
    const image = r.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    r.free();
  }
}

function eachCell(range: CellRange, f: (row: number, col: number) => void): void {
  for (let r = range.row; r < range.row + range.numRows; r++) for (let c = range.col; c < range.col + range.numCols; c++) f(r, c);
}

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF8C8C8C' } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

interface CellLook {
  wrap?: boolean;
  horizontal?: 'left' | 'center' | 'right';
  border?: boolean;
}

/**
 * What print adds to the cells writeOutput wrote: the font, wrapping, alignment and borders. Equal looks over an
 * equal style share one new style object (exceljs keys its style ids by object).
 */
function applyLooks(ws: ExcelJS.Worksheet, out: ReportSheetOutput): void {
  const looks = new Map<string, CellLook>();
  const look = (r: number, c: number) => {
    const key = `${r},${c}`;
    let l = looks.get(key);
    if (!l) looks.set(key, (l = {}));
    return l;
  };
  for (const range of out.wrapped ?? []) eachCell(range, (r, c) => (look(r, c).wrap = true));
  for (const { range, horizontal } of out.alignments ?? []) eachCell(range, (r, c) => (look(r, c).horizontal = horizontal));
  for (const range of out.bordered ?? []) eachCell(range, (r, c) => (look(r, c).border = true));
  const cache = new Map<Partial<ExcelJS.Style>, Map<string, Partial<ExcelJS.Style>>>();
  const cols = out.columnWidths?.length ?? 0;
  for (let r = 1; r <= out.values.length; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= cols; c++) {
      const cell = row.getCell(c);
      const l = looks.get(`${r},${c}`) ?? {};
      const old = cell.style ?? {};
      const key = JSON.stringify(l);
      let byLook = cache.get(old);
      if (!byLook) cache.set(old, (byLook = new Map()));
      let next = byLook.get(key);
      if (!next) {
        next = {
          ...old,
          font: { ...old.font, name: CELL_FONT, size: old.font?.size ?? FONT_PT.body },
          alignment: { ...old.alignment, vertical: 'middle', wrapText: !!l.wrap, ...(l.horizontal ? { horizontal: l.horizontal } : {}) },
          ...(l.border ? { border: BORDER } : {}),
        };
        byLook.set(key, next);
      }
      cell.style = next;
    }
  }
  // Merged after styling: exceljs gives the merged cells the first cell's style (its border frames the whole).
  for (const m of out.merges ?? []) ws.mergeCells(m.row, m.col, m.row + m.numRows - 1, m.col + m.numCols - 1);
}

const rangeA1 = (r: CellRange) => `${a1(r.row, r.col)}:${a1(r.row + r.numRows - 1, r.col + r.numCols - 1)}`;

function applyPrint(ws: ExcelJS.Worksheet, out: ReportSheetOutput): void {
  const p = out.print;
  for (const { row, height } of p.rowHeights ?? []) ws.getRow(row).height = height;
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: p.orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { ...REPORT_PAGE.margins },
    printArea: rangeA1(p.printArea),
    ...(p.repeatRows ? { printTitlesRow: `${p.repeatRows.first}:${p.repeatRows.last}` } : {}),
  };
  ws.headerFooter = { oddFooter: `&C&"${CELL_FONT}"&9&P / &N` };
  // exceljs breaks after the row it is given; the layout names the row that starts the page. The break spans every
  // column (Excel's last is 16384: exceljs's own default, 16838, is past it).
  for (const r of p.rowBreaks) if (r > 1) ws.getRow(r - 1).addPageBreak(1, EXCEL_COLUMNS);
}

async function addCharts(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet, out: ReportSheetOutput): Promise<void> {
  for (const chart of out.charts) {
    const png = await svgToPng(chart.svg, chart.widthPx * CHART_SCALE);
    const id = wb.addImage({ buffer: Buffer.from(png) as unknown as ExcelJS.Buffer, extension: 'png' });
    ws.addImage(id, { tl: { col: chart.col - 1, row: chart.row - 1 }, ext: { width: chart.widthPx, height: chart.heightPx }, editAs: 'oneCell' });
  }
}

/**
 * styles.xml with the workbook's default font (the Normal style's, exceljs always writes Calibri 11) set to the cells'
 * font. Column widths are counted in the default font's digit width: with Calibri, a machine without it (LibreOffice
 * on Linux measures DejaVu Sans) sees wider columns and shrinks the page to fit; with the cells' own font the widths
 * mean the same text everywhere.
 */
export function withDefaultFont(stylesXml: string): string {
  const font = `<font><sz val="${FONT_PT.body}"/><name val="${CELL_FONT}"/><family val="3"/><charset val="128"/></font>`;
  const patched = stylesXml.replace(/(<fonts\b[^>]*>)<font>.*?<\/font>/s, (_m, open: string) => `${open}${font}`);
  if (patched === stylesXml) throw new Error('styles.xml without a default font (exceljs changed its output?)');
  return patched;
}

/**
 * The zip again with the default font set (withDefaultFont) and every entry dated `date` (JSZip stamps "now"), so
 * the same report gives the same bytes.
 */
async function finishPackage(data: Uint8Array, date: Date): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(data);
  const styles = zip.file('xl/styles.xml');
  if (!styles) throw new Error('the workbook has no xl/styles.xml');
  zip.file('xl/styles.xml', withDefaultFont(await styles.async('string')));
  zip.forEach((_path, entry) => {
    entry.date = date;
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** The print-ready workbook of a report model, as .xlsx bytes. */
export async function renderReportXlsx(model: ReportModel): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const { year, month, day } = model.cover.dataDate;
  const date = new Date(Date.UTC(year, month - 1, day));
  wb.creator = model.cover.coordinatorDept;
  wb.lastModifiedBy = model.cover.coordinatorDept;
  wb.created = date;
  wb.modified = date;
  wb.title = model.header;
  for (const out of reportPrintSheets(model)) {
    const ws = wb.addWorksheet(out.name, { views: [{ showGridLines: false }] });
    writeOutput(ws, out);
    applyLooks(ws, out);
    applyPrint(ws, out);
    await addCharts(wb, ws, out);
  }
  const data = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return finishPackage(data, date);
}

/** `shinchoku report <book> --xlsx`: the print-ready workbook's bytes (the caller saves them; the book is not changed). */
export async function reportXlsxOfWorkbook(book: WorkbookPort, options: WorkbookReportOptions): Promise<Uint8Array> {
  return renderReportXlsx(reportOfWorkbook(book, options));
}
