/**
 * Fixes to exceljs 4.4.0's internals, applied once when the local shell loads (every Node module that reads or writes
 * .xlsx imports this first). They reach into exceljs/lib, which the browser's prebuilt exceljs does not have; the
 * files the browser writes (department files) hold no internal links and are small, so they need none of them.
 */
import ExcelJS from 'exceljs';
type ReadLink = { address: string; target?: string; rId?: string };
type XformCell = { address?: string; type: number };
type XformRow = { number: number; cells?: (XformCell | undefined)[]; height?: number };
type ReadModel = {
  properties?: { defaultRowHeight?: number };
  hyperlinks?: ReadLink[];
  relationships?: { Id: string; Type: string; Target: string }[];
  rows?: (XformRow | undefined)[];
};
type XformOptions = { comments?: Record<string, { comments?: { ref?: string }[] } | undefined> };

const COMMENTS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';

/**
 * exceljs 4.4.0 reads only hyperlinks that have a relationship; internal links (`location` only, as Excel writes
 * them) would be lost when the workbook is saved again. Give each one a relationship of its own before reading.
 */
function patchInternalLinkReading(): void {
  const sheetXform = require('exceljs/lib/xlsx/xform/sheet/worksheet-xform').prototype;
  if (sheetXform.__shinchokuLinkReading) return;
  sheetXform.__shinchokuLinkReading = true;
  const reconcile = sheetXform.reconcile as (model: ReadModel, options: XformOptions) => void;
  sheetXform.reconcile = function (this: unknown, model: ReadModel, options: XformOptions): void {
    (model.hyperlinks ?? []).forEach((link, i) => {
      if (link.rId || !link.target) return;
      link.rId = `shinchokuLocation${i}`;
      (model.relationships ??= []).push({ Id: link.rId, Type: '', Target: `#${link.target}` });
    });
    keepNotesOfAbsentCells(model, options);
    reconcile.call(this, model, options);
  };
}
patchInternalLinkReading();

/**
 * exceljs 4.4.0 attaches a note only to a cell that sheetData lists. LibreOffice does not list an empty cell that
 * has only a note, so such a note (a person's, on an empty cell) was dropped on reading and lost by the next
 * save. Give each note's cell an empty entry in sheetData before the notes are attached.
 */
function keepNotesOfAbsentCells(model: ReadModel, options: XformOptions): void {
  const rel = (model.relationships ?? []).find((r) => r.Type === COMMENTS_REL);
  const notes = rel ? options.comments?.[rel.Target]?.comments : undefined;
  if (!notes?.length) return;
  const rows = (model.rows ??= []);
  for (const { ref } of notes) {
    const at = ref ? /^[A-Z]{1,3}([1-9]\d*)$/.exec(ref) : null;
    if (!ref || !at) continue;
    const number = Number(at[1]);
    let row = rows.find((r) => r?.number === number);
    // A row with no value is written only when it has a height (exceljs's streaming writer): the sheet's default.
    if (!row) rows.push((row = { number, cells: [], height: model.properties?.defaultRowHeight || 15 }));
    const cells = (row.cells ??= []);
    // A cell written without its r attribute takes the next column: leave such a row as it is.
    if (cells.some((c) => c && !c.address)) continue;
    if (!cells.some((c) => c?.address === ref)) cells.push({ address: ref, type: ExcelJS.ValueType.Null });
  }
}

export type XformLink = { address: string; target?: string; rId?: string; internal?: boolean };
type XformModel = { hyperlinks?: XformLink[]; rels?: { Id: string }[] };

/**
 * exceljs 4.4.0 writes a `#Sheet!A1` link as an external relationship plus `location="#Sheet!A1"`, which Excel
 * opens as `#Sheet!A1##Sheet!A1` (exceljs issue #3027). Write it the way Excel does instead:
 * `<hyperlink ref="B2" location="'Sheet'!A1"/>`, without a relationship.
 */
function patchInternalLinkWriting(): void {
  const sheetXform = require('exceljs/lib/xlsx/xform/sheet/worksheet-xform').prototype;
  const linkXform = require('exceljs/lib/xlsx/xform/sheet/hyperlink-xform').prototype;
  if (sheetXform.__shinchokuLinks) return;
  sheetXform.__shinchokuLinks = true;
  const prepare = sheetXform.prepare as (model: XformModel, options: unknown) => void;
  sheetXform.prepare = function (this: unknown, model: XformModel, options: unknown): void {
    prepare.call(this, model, options);
    const dropped = new Set<string>();
    for (const link of model.hyperlinks ?? []) {
      if (!link.target?.startsWith('#')) continue;
      if (link.rId) dropped.add(link.rId);
      link.rId = undefined;
      link.target = link.target.slice(1);
      link.internal = true;
    }
    if (model.rels) model.rels = model.rels.filter((r) => !dropped.has(r.Id));
  };
  const isInternal = linkXform.isInternalLink as (model: XformLink) => boolean;
  linkXform.isInternalLink = function (this: unknown, model: XformLink): boolean {
    return model.internal === true || isInternal.call(this, model);
  };
}
patchInternalLinkWriting();

/**
 * While saving, exceljs maps each cell's style object to its style id through a WeakMap, and it gives every unstyled
 * cell an `{}` of its own. V8's WeakMap slows down steeply past a few million keys (4 M keys: 47 s, against 1 s for a
 * Map, on the bench machine), so a 50-tab × 1,000-indicator plan took over 100 s to save. A Map that lives for one
 * save does the same job in linear time (the style objects it holds are held by the cells anyway), and empty styles
 * skip the lookup altogether.
 */
function patchStyleLookup(): void {
  const stylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform').prototype;
  if (stylesXform.__shinchokuStyleMap) return;
  stylesXform.__shinchokuStyleMap = true;
  const init = stylesXform.init as () => void;
  stylesXform.init = function (this: { weakMap?: unknown }): void {
    init.call(this);
    if (this.weakMap) this.weakMap = new Map();
  };
  // Every `{}` gives the same id for a given cell type; skip building its XML key once per cell.
  const addStyleModel = stylesXform.addStyleModel as (model: object | undefined, cellType?: number) => number;
  stylesXform.addStyleModel = function (this: { __empty?: Map<unknown, number> }, model: object | undefined, cellType?: number): number {
    if (!model || !isEmptyObject(model)) return addStyleModel.call(this, model, cellType);
    const empty = (this.__empty ??= new Map());
    let id = empty.get(cellType);
    if (id === undefined) empty.set(cellType, (id = addStyleModel.call(this, {}, cellType)));
    return id;
  };
}

function isEmptyObject(o: object): boolean {
  for (const _key in o) return false;
  return true;
}
patchStyleLookup();
