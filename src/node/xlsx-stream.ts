/**
 * Saving with exceljs's streaming writer. Its in-memory writer builds every sheet's XML as one string and deflates it
 * in JavaScript: on a 50-tab × 1,000-indicator plan that took 30 s and 7 GB. The streaming WorkbookWriter writes row
 * by row through native zlib. save() uses it whenever the workbook holds nothing it cannot write (see canStream),
 * copying loaded sheets from the in-memory model and writing new outputs straight from their SheetOutput.
 */
import ExcelJS from 'exceljs';
import './exceljs-patches';
import type { SheetOutput } from '../core/workbook';
import { peopleAdditions } from './people-additions';
import type { XformLink } from './exceljs-patches';
import { emitOutput, sheetOptions } from '../xlsx/sheet-write';

type WorksheetWriter = ExcelJS.Worksheet & {
  _writeRow(row: ExcelJS.Row): void;
  _writeColumns(): void;
  _writeOpenSheetData(): void;
  _writeCloseSheetData(): void;
  _writeSheetProtection(): void;
  _writeAutoFilter(): void;
  _writeMergeCells(): void;
  _writeConditionalFormatting(): void;
  _writeDataValidations(): void;
  _writeHyperlinks(): void;
  _writePageMargins(): void;
  _writePageSetup(): void;
  _writeHeaderFooter(): void;
  _writeRowBreaks(): void;
  _writeLegacyData(): void;
  _writeBackground(): void;
  _writeCloseWorksheet(): void;
  _rows: (ExcelJS.Row | undefined)[] | null;
  _merges: string[];
  _columns: unknown[] | null;
  _sheetCommentsWriter: { commit(): void };
  _sheetRelsWriter: { commit(): void };
  stream: NodeJS.WritableStream;
  startedData: boolean;
  committed: boolean;
  dataValidations: { model: unknown };
  conditionalFormatting: unknown[];
  sheetProtection: unknown;
  rowBreaks: unknown[];
};

/**
 * exceljs 4.4.0's streaming writer puts a sheet's parts out of the schema's order (hyperlinks before conditional
 * formatting and validations, protection after them), and Excel then offers to repair the file (exceljs issue #2784,
 * PRs #2803 and #2685). Commit them in the order of CT_Worksheet instead.
 */
function patchStreamingSheetOrder(): void {
  const proto = require('exceljs/lib/stream/xlsx/worksheet-writer').prototype;
  if (proto.__shinchokuOrder) return;
  proto.__shinchokuOrder = true;
  proto.commit = function (this: WorksheetWriter): void {
    if (this.committed) return;
    for (const row of this._rows ?? []) if (row) this._writeRow(row);
    this._rows = null;
    if (!this.startedData) {
      this._writeColumns();
      this._writeOpenSheetData();
      this.startedData = true;
    }
    this._writeCloseSheetData();
    this._writeSheetProtection();
    this._writeAutoFilter();
    this._writeMergeCells();
    this._writeConditionalFormatting();
    this._writeDataValidations();
    this._writeHyperlinks();
    this._writePageMargins();
    this._writePageSetup();
    this._writeHeaderFooter();
    this._writeRowBreaks();
    this._writeLegacyData();
    this._writeBackground();
    this._writeCloseWorksheet();
    this.stream.end();
    this._sheetCommentsWriter.commit();
    this._sheetRelsWriter.commit();
    this.committed = true;
  };
}
patchStreamingSheetOrder();

/** The streaming writer's links go through relationships; internal ones are written as `location` (see above). */
function patchStreamingInternalLinks(): void {
  const proto = require('exceljs/lib/stream/xlsx/sheet-rels-writer').prototype;
  if (proto.__shinchokuLinks) return;
  proto.__shinchokuLinks = true;
  const addHyperlink = proto.addHyperlink as (link: XformLink) => void;
  proto.addHyperlink = function (this: { _hyperlinks: XformLink[] }, link: XformLink): void {
    if (!link.target?.startsWith('#')) return addHyperlink.call(this, link);
    this._hyperlinks.push({ address: link.address, target: link.target.slice(1), internal: true });
  };
}
patchStreamingInternalLinks();

type RichTextValue = { richText: unknown[] };
type SharedStringTable = { _values: unknown[]; _totalRefs: number; _hash: Record<string, number>; _rich?: Record<string, number> };

/**
 * exceljs 4.4.0's streaming writer keys its shared-string table by the value itself, and a rich-text value is an
 * object: every one keyed as "[object Object]" and got the index of the first rich text written, so all rich-text
 * cells (and hyperlinks with rich text) read back as that one text. Key rich text by its serialized runs, as the
 * in-memory writer does (SharedStringsXform.addRichText): equal runs share an entry, anything else gets its own.
 */
function patchStreamingRichText(): void {
  const proto = require('exceljs/lib/utils/shared-strings').prototype;
  if (proto.__shinchokuRichText) return;
  proto.__shinchokuRichText = true;
  const SharedStringXform = require('exceljs/lib/xlsx/xform/strings/shared-string-xform');
  const runs = new SharedStringXform() as { toXml(model: RichTextValue): string };
  const add = proto.add as (value: unknown) => number;
  proto.add = function (this: SharedStringTable, value: unknown): number {
    const rich = typeof value === 'object' && value !== null && Array.isArray((value as RichTextValue).richText);
    if (!rich) return add.call(this, value);
    const key = runs.toXml(value as RichTextValue);
    const table = (this._rich ??= Object.create(null) as Record<string, number>);
    let index = table[key];
    if (index === undefined) {
      index = table[key] = this._values.length;
      this._values.push(value);
    }
    this._totalRefs++;
    return index;
  };
}
patchStreamingRichText();

/** The theme the next streaming writer puts in the file (the loaded workbook's, or exceljs's default). */
let themeForNextWriter: string | undefined;
function patchStreamingTheme(): void {
  const proto = require('exceljs/lib/stream/xlsx/workbook-writer').prototype;
  if (proto.__shinchokuTheme) return;
  proto.__shinchokuTheme = true;
  const addThemes = proto.addThemes as () => Promise<void>;
  proto.addThemes = function (this: { zip: { append(data: string, o: { name: string }): void } }): Promise<void> {
    const theme = themeForNextWriter;
    themeForNextWriter = undefined;
    if (theme === undefined) return addThemes.call(this);
    this.zip.append(theme, { name: 'xl/theme/theme1.xml' });
    return Promise.resolve();
  };
}
patchStreamingTheme();

type LoadedWorkbook = ExcelJS.Workbook & { _themes?: Record<string, string>; media?: unknown[] };
type LoadedSheet = ExcelJS.Worksheet & {
  _rows: (ExcelJS.Row | undefined)[];
  _merges: Record<string, { range: string }>;
  _media: unknown[];
  tables: Record<string, unknown>;
  conditionalFormattings: { rules: { type: string }[] }[];
  sheetProtection: unknown;
  rowBreaks: unknown[];
  dataValidations: { model: unknown };
};

/**
 * Whether the streaming writer can write this workbook as the in-memory writer would. It cannot write images,
 * tables, print areas and titles, extended (x14) rules, 1904 dates or extra themes; a workbook holding any of them is
 * saved the slow way.
 */
export function canStream(wb: ExcelJS.Workbook): boolean {
  const book = wb as LoadedWorkbook;
  if (book.properties?.date1904) return false;
  if (book.media?.length) return false;
  if (Object.keys(book._themes ?? {}).some((name) => name !== 'theme1')) return false;
  return book.worksheets.every((w) => {
    const ws = w as LoadedSheet;
    if (ws._media?.length || Object.keys(ws.tables ?? {}).length) return false;
    if (ws.pageSetup?.printArea || ws.pageSetup?.printTitlesRow || ws.pageSetup?.printTitlesColumn) return false;
    return (ws.conditionalFormattings ?? []).every((cf) => cf.rules.every((r) => r.type !== 'dataBar' && r.type !== 'iconSet'));
  });
}

/** Lets the zip stream take what was written so far (every few hundred rows). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));
const ROWS_PER_DRAIN = 500;

type CellModel = {
  type: number;
  address: string;
  master?: string;
  style?: Partial<ExcelJS.Style>;
  formula?: string;
  sharedFormula?: string;
  shareType?: string;
  ref?: string;
  si?: number;
};
type RowModel = { number: number; cells: CellModel[] };

/** Copies a loaded sheet (cells with styles, notes and links, merges, columns, rules, validations, protection). */
async function copySheet(writer: ExcelJS.Workbook, ws: LoadedSheet): Promise<void> {
  const out = writer.addWorksheet(ws.name, {
    state: ws.state,
    properties: ws.properties,
    pageSetup: ws.pageSetup,
    headerFooter: ws.headerFooter,
    views: ws.views,
    autoFilter: ws.autoFilter,
  } as Partial<ExcelJS.AddWorksheetOptions>) as unknown as WorksheetWriter;
  const Column = require('exceljs/lib/doc/column');
  out._columns = Column.fromModel(out, Column.toModel(ws.columns)) ?? null;
  const masters = new Set(Object.values(ws._merges).map((m) => m.range.split(':')[0]));
  const masterCells = new Map<string, ExcelJS.Cell>();
  let n = 0;
  for (const loaded of ws._rows) {
    const model = loaded && (loaded as unknown as { model: RowModel | null }).model;
    if (!model) continue;
    // The streaming writer numbers shared formulas per row and cannot widen a committed master's range, so each
    // shared formula is written out in full (the formula exceljs translates for that cell).
    for (const c of model.cells) {
      if (c.sharedFormula) {
        c.formula = loaded.getCell(c.address.replace(/\d+$/, '')).formula;
        delete c.sharedFormula;
      } else if (c.shareType === 'shared') {
        delete c.shareType;
        delete c.ref;
        delete c.si;
      }
    }
    const row = out.getRow(model.number);
    (row as unknown as { model: RowModel }).model = model;
    // The row's model skips the other cells of a merge; they keep their style (borders) and point at the master.
    for (const c of model.cells) {
      if (masters.has(c.address)) masterCells.set(c.address, out.getCell(c.address));
      const master = c.master && masterCells.get(c.master);
      if (!master) continue;
      const cell = out.getCell(c.address);
      cell.merge(master, true);
      cell.style = c.style ?? {};
    }
    row.commit();
    if (++n % ROWS_PER_DRAIN === 0) await drain();
  }
  for (const m of Object.values(ws._merges)) out._merges.push(m.range);
  out.dataValidations.model = ws.dataValidations.model;
  out.conditionalFormatting = ws.conditionalFormattings;
  out.sheetProtection = ws.sheetProtection;
  out.rowBreaks = ws.rowBreaks;
  out.commit();
}

/** Writes an output straight into the streaming writer. */
async function streamOutput(writer: ExcelJS.Workbook, ws: ExcelJS.Worksheet, out: SheetOutput): Promise<void> {
  const options = sheetOptions(out);
  const sheet = writer.addWorksheet(ws.name, { ...options, properties: ws.properties, pageSetup: ws.pageSetup, headerFooter: ws.headerFooter } as Partial<ExcelJS.AddWorksheetOptions>);
  let n = 0;
  for (const _row of emitOutput(sheet, out, peopleAdditions(out))) if (++n % ROWS_PER_DRAIN === 0) await drain();
  sheet.commit();
}

/**
 * Writes the workbook to `stream` with exceljs's streaming writer: sheets in tab order, each either copied from the
 * in-memory model or, when `pending` holds its output, written from that output. Resolves once the stream finished.
 */
export async function saveStreaming(wb: ExcelJS.Workbook, pending: ReadonlyMap<ExcelJS.Worksheet, SheetOutput>, stream: NodeJS.WritableStream): Promise<void> {
  const book = wb as LoadedWorkbook;
  themeForNextWriter = book._themes?.theme1;
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: stream as unknown as import('stream').Stream, useStyles: true, useSharedStrings: true });
  themeForNextWriter = undefined;
  Object.assign(writer, {
    creator: wb.creator, lastModifiedBy: wb.lastModifiedBy, created: wb.created, modified: wb.modified, lastPrinted: wb.lastPrinted,
    title: wb.title, subject: wb.subject, keywords: wb.keywords, category: wb.category, description: wb.description,
    company: wb.company, manager: wb.manager,
  });
  writer.views = wb.views;
  (writer.definedNames as unknown as { model: unknown }).model = (wb.definedNames as unknown as { model: unknown }).model;
  for (const ws of wb.worksheets) {
    const out = pending.get(ws);
    if (out) await streamOutput(writer, ws, out);
    else await copySheet(writer, ws as LoadedSheet);
  }
  await writer.commit();
}
