/**
 * The local .xlsx shell of WorkbookPort: the file read into an in-memory exceljs Workbook, sheets written by a job
 * kept as their outputs until save(), which writes a temporary file (exceljs's streaming writer when it can write
 * everything the workbook holds, its in-memory writer otherwise) and renames it over the target.
 */
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { UserError } from '../core/errors';
import { LOG_HEADERS } from '../core/layout/change-log';
import { withFindingNote } from '../core/layout/finding-notes';
import { SHEET } from '../core/layout/sheet-names';
import type { CellText, Scalar, SheetData, SheetOutput, WorkbookPort } from '../core/workbook';
import { readWorksheet } from './xlsx-read';
import { canStream, saveStreaming } from './xlsx-stream';
import { sheetOptions, writeOutput } from './xlsx-write';

function userError(message: string, cause?: unknown): UserError {
  const e = new UserError(message);
  if (cause !== undefined) Object.defineProperty(e, 'cause', { value: cause, enumerable: false });
  return e;
}

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as NodeJS.ErrnoException).code : undefined;
}

const LOCKED = new Set(['EACCES', 'EPERM', 'EBUSY']);
const HINT = 'Excel などで開いたままになっていないか確認してください';

function openError(file: string, e: unknown): UserError {
  const code = codeOf(e);
  if (code === 'ENOENT') return userError(`ファイルが見つかりません: ${file}`, e);
  if (code === 'EISDIR') return userError(`${file} はフォルダです。.xlsx ファイルを指定してください`, e);
  if (code && LOCKED.has(code)) return userError(`${file} を開けません。${HINT}`, e);
  if (code) return userError(`${file} を開けません（${code}）`, e);
  return userError(`${file} は .xlsx として読めません（壊れているか、別の形式です）`, e);
}

function saveError(file: string, e: unknown): UserError {
  const code = codeOf(e);
  if (code === 'EISDIR') return userError(`${file} を保存できません。同じ名前のフォルダがあります`, e);
  if (code && LOCKED.has(code)) return userError(`${file} を保存できません。${HINT}`, e);
  if (code === 'ENOSPC') return userError(`${file} を保存できません（ディスクの空き容量が足りません）`, e);
  return userError(`${file} を保存できません（${code ?? String(e)}）`, e);
}

/** Permission bits of a workbook the command line creates (umask applies), as for any file a program writes. */
const NEW_FILE_MODE = 0o666;

/**
 * The file a save replaces and the permission bits it keeps: the real file behind a symlink (replacing the link
 * itself would leave the real workbook unchanged), undefined bits for a new file. A file nobody may write is refused
 * (root could replace it, but a read-only workbook says "do not change me").
 */
async function realTarget(file: string): Promise<{ path: string; mode: number | undefined }> {
  let real: string;
  try {
    real = await fs.promises.realpath(file);
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return { path: path.resolve(file), mode: undefined };
    throw saveError(file, e);
  }
  const st = await fs.promises.stat(real);
  if (st.isFile() && (st.mode & 0o222) === 0)
    throw userError(`${file} は読み取り専用のため保存しません。書き込みを許可してください（rollup と validate は --out で別のファイルに保存できます）`);
  return { path: real, mode: st.isFile() ? st.mode & 0o7777 : undefined };
}

/** Lock files that Excel (`~$name`) and LibreOffice (`.~lock.name#`) keep next to an open workbook. */
function ownerFile(file: string): string | undefined {
  const dir = path.dirname(file);
  const base = path.basename(file);
  return [`~$${base}`, `.~lock.${base}#`].map((n) => path.join(dir, n)).find((p) => fs.existsSync(p));
}

/** Sheet names Excel accepts: 1–31 characters, none of : \ / ? * [ ], no ' at either end, not "History". */
function checkSheetName(name: string): void {
  const bad = /[:\\/?*[\]]/.test(name) || /^'|'$/.test(name) || name.toLowerCase() === 'history';
  if (name.length === 0 || name.length > 31 || bad) {
    throw new UserError(`シート名「${name}」は Excel では使えません（31 文字以内で : \\ / ? * [ ] を含まない名前にしてください。先頭・末尾の ' と History も使えません）`);
  }
}

/** The plain text of an exceljs note (a string, or rich text runs). */
function noteText(note: ExcelJS.Cell['note'] | undefined): string {
  if (note === undefined || note === null) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

export class XlsxWorkbook implements WorkbookPort {
  /**
   * Outputs written in this session and not yet put into the in-memory model: save() streams them straight into
   * the file. A sheet is put into the model (materialized) as soon as anything reads or changes it.
   */
  private readonly pending = new Map<ExcelJS.Worksheet, SheetOutput>();

  private constructor(private readonly wb: ExcelJS.Workbook) {}

  static async open(file: string): Promise<XlsxWorkbook> {
    let data: Buffer;
    try {
      data = await fs.promises.readFile(file);
    } catch (e) {
      throw openError(file, e);
    }
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
    } catch (e) {
      throw openError(file, e);
    }
    // A zip without a workbook part loads as an empty workbook; a real .xlsx has at least one sheet.
    if (wb.worksheets.length === 0) throw openError(file, new Error('no worksheets'));
    return new XlsxWorkbook(wb);
  }

  static create(): XlsxWorkbook {
    return new XlsxWorkbook(new ExcelJS.Workbook());
  }

  sheetNames(): string[] {
    return this.wb.worksheets.map((ws) => ws.name);
  }

  readSheet(name: string): SheetData | undefined {
    const ws = this.sheet(name);
    return ws ? readWorksheet(ws) : undefined;
  }

  writeSheets(outputs: SheetOutput[]): void {
    for (const out of outputs) {
      const ws = this.freshSheet(out);
      ws.state = sheetOptions(out).state;
      this.pending.set(ws, out);
    }
    this.keepActiveTabVisible();
  }

  /** A sheet by name, with its pending output put into the model first. */
  private sheet(name: string): ExcelJS.Worksheet | undefined {
    const ws = this.wb.worksheets.find((w) => w.name === name);
    if (ws) this.materialize(ws);
    return ws;
  }

  private materialize(ws: ExcelJS.Worksheet): void {
    const out = this.pending.get(ws);
    if (!out) return;
    this.pending.delete(ws);
    writeOutput(ws, out);
  }

  setFindingNotes(name: string, notes: CellText[]): void {
    const ws = this.sheet(name);
    if (!ws) return;
    const wanted = new Map(notes.map((n) => [`${n.row},${n.col}`, n.text]));
    const cells = new Map<string, ExcelJS.Cell>();
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        if (cell.note !== undefined) cells.set(`${cell.row},${cell.col}`, cell);
      }),
    );
    for (const n of notes) cells.set(`${n.row},${n.col}`, ws.getCell(n.row, n.col));
    for (const [key, cell] of cells) {
      const text = withFindingNote(noteText(cell.note), wanted.get(key));
      if (text) cell.note = text;
      else if (cell.note !== undefined) {
        // exceljs has no API to remove a note: it lives in `_comment` and in the loaded value's model, so drop the
        // first and give the cell a fresh value object (same value).
        delete (cell as unknown as { _comment?: unknown })._comment;
        const value = cell.value;
        cell.value = null;
        cell.value = value;
      }
    }
  }

  writeTexts(name: string, cells: CellText[]): void {
    const ws = this.sheet(name);
    if (!ws) throw new UserError(`シート「${name}」がありません`);
    for (const { row, col, text } of cells) {
      const cell = ws.getCell(row, col);
      // exceljs never reads a string as a formula; the text format keeps Excel from doing so when it is edited.
      cell.value = text === '' ? null : text;
      // A fresh style object: exceljs shares one style object between cells (loaded or written), and setting
      // cell.numFmt would change every cell that shares it.
      cell.style = { ...cell.style, numFmt: '@' };
    }
  }

  /** An .xlsx file knows no people: who may edit is the file system's business. */
  protectSheet(): void {}

  /** Appends rows of text; 変更履歴 is created with its header and protected (every cell locked) when missing. */
  appendLog(rows: Scalar[][]): void {
    if (!rows.length) return;
    let ws = this.sheet(SHEET.log);
    if (!ws) {
      ws = this.wb.addWorksheet(SHEET.log);
      const header = ws.addRow([...LOG_HEADERS]);
      header.font = { bold: true };
      ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2' }];
      LOG_HEADERS.forEach((_, i) => (ws!.getColumn(i + 1).width = [20, 28, 14, 8, 24, 24, 18][i]));
      // No password; protect() sets sheetProtection synchronously (its Promise executor runs at once).
      void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
    }
    for (const r of rows) {
      const row = ws.addRow(r.map((v) => (v === '' ? null : String(v))));
      row.eachCell({ includeEmpty: true }, (cell) => (cell.style = { ...cell.style, numFmt: '@' }));
    }
  }

  /**
   * Writes to a temporary file beside the target, then renames it over the target. The target keeps its identity:
   * a symlink is followed to the real file (which is the one replaced), its permission bits are kept, and a
   * read-only file is refused rather than replaced. The temporary name is random and created exclusively, so a file
   * planted under a guessable name is never written through.
   */
  async save(file: string): Promise<void> {
    const owner = ownerFile(file);
    if (owner) {
      throw userError(`${file} を保存できません。${HINT}（開いていなければ ${path.basename(owner)} を削除してください）`);
    }
    const target = await realTarget(file);
    const dir = path.dirname(target.path);
    const tmp = path.join(dir, `.${path.basename(target.path)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      await fs.promises.mkdir(dir, { recursive: true });
      if (canStream(this.wb)) await this.writeStreaming(tmp);
      else await this.writeWhole(tmp);
      if (target.mode !== undefined) await fs.promises.chmod(tmp, target.mode);
      await fs.promises.rename(tmp, target.path);
    } catch (e) {
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      throw e instanceof UserError ? e : saveError(file, e);
    }
  }

  /** Streams the workbook into `tmp` (pending outputs written straight from their SheetOutput) and syncs it. */
  private async writeStreaming(tmp: string): Promise<void> {
    const stream = fs.createWriteStream(tmp, { flags: 'wx', mode: NEW_FILE_MODE });
    const closed = new Promise<void>((resolve, reject) => {
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    try {
      await saveStreaming(this.wb, this.pending, stream);
    } catch (e) {
      stream.destroy();
      await closed.catch(() => undefined);
      throw e;
    }
    // The zip stream ends the file stream when it is done.
    await closed;
    // The bytes reach the disk before the rename makes them the workbook.
    const fh = await fs.promises.open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  /** The in-memory writer, for workbooks holding what the streaming writer cannot write (see canStream). */
  private async writeWhole(tmp: string): Promise<void> {
    for (const ws of [...this.pending.keys()]) this.materialize(ws);
    const data = await this.wb.xlsx.writeBuffer();
    const fh = await fs.promises.open(tmp, 'wx', NEW_FILE_MODE);
    try {
      await fh.writeFile(new Uint8Array(data as ArrayBuffer));
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  /** An empty sheet for the output: the existing one cleared (same id and tab position), or a new one. */
  private freshSheet(out: SheetOutput): ExcelJS.Worksheet {
    checkSheetName(out.name);
    const lower = out.name.toLowerCase();
    const old = this.wb.worksheets.find((w) => w.name.toLowerCase() === lower);
    if (!old) {
      const ws = this.wb.addWorksheet(out.name);
      if (out.position !== undefined) this.moveTo(ws, out.position);
      return ws;
    }
    // Removing and re-adding drops every cell, style, merge, note, validation, rule and protection at once.
    // Tab colour and print settings are the user's and are kept.
    const { orderNo, properties, pageSetup, headerFooter } = old as ExcelJS.Worksheet & { orderNo: number };
    this.pending.delete(old);
    this.wb.removeWorksheet(old.id);
    const ws = this.wb.addWorksheet(out.name, {
      properties: { tabColor: properties.tabColor },
      pageSetup,
      headerFooter,
    }) as ExcelJS.Worksheet & { orderNo: number };
    ws.orderNo = orderNo;
    return ws;
  }

  private moveTo(ws: ExcelJS.Worksheet, position: number): void {
    const order = this.wb.worksheets.filter((w) => w !== ws);
    order.splice(Math.max(0, Math.min(position, order.length)), 0, ws);
    order.forEach((w, i) => ((w as ExcelJS.Worksheet & { orderNo: number }).orderNo = i));
  }

  /** Excel misbehaves when the active tab is a hidden sheet; point it at the first visible one. */
  private keepActiveTabVisible(): void {
    const sheets = this.wb.worksheets;
    const visible = sheets.findIndex((w) => w.state === 'visible');
    if (visible < 0) return;
    type View = Partial<ExcelJS.WorkbookView> & { firstSheet?: number };
    if (!this.wb.views?.length) {
      if (visible === 0) return;
      this.wb.views = [{} as ExcelJS.WorkbookView];
    }
    const view = this.wb.views[0] as View;
    if (sheets[view.activeTab ?? 0]?.state !== 'visible') view.activeTab = visible;
    if (sheets[view.firstSheet ?? 0]?.state !== 'visible') view.firstSheet = visible;
  }
}
