/**
 * The local .xlsx shell of WorkbookPort: the file read into an in-memory exceljs Workbook, sheets written by a job
 * kept as their outputs until save(), which writes a temporary file (exceljs's streaming writer when it can write
 * everything the workbook holds, its in-memory writer otherwise) and renames it over the target.
 */
import ExcelJS from 'exceljs';
import './exceljs-patches';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../core/errors';
import { CHANGE_LOG } from '../core/layout/change-log';
import { withFindingNote } from '../core/layout/finding-notes';
import type { AppendSheet, CellText, Scalar, SheetData, SheetOutput, WorkbookPort } from '../core/workbook';
import { keepPeopleAdditions, peopleAdditions } from './people-additions';
import { lossMessage, type Loss } from './xlsx-losses';
import { checkFileSize, excelSheetNameProblem, loadPackage, readPackage } from './xlsx-package';
import { readWorksheet } from '../xlsx/sheet-read';
import { tempPathFor } from './temp-files';
import { canStream, saveStreaming } from './xlsx-stream';
import { sheetOptions, writeOutput } from '../xlsx/sheet-write';

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

/**
 * @param dir the folder the temporary file is written in: a refusal there (creating the file or the folder) is the
 *   folder's permissions, not a workbook held open, which shows only when the rename replaces it.
 */
function saveError(file: string, e: unknown, dir?: string): UserError {
  const code = codeOf(e);
  const syscall = (e as NodeJS.ErrnoException | undefined)?.syscall;
  if (dir && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') && (syscall === 'open' || syscall === 'mkdir'))
    return userError(`${file} を保存できません。フォルダ ${dir} に書き込めません（書き込みの権限がないか、読み取り専用の場所です）`, e);
  if (code === 'EFBIG')
    return userError(`${file} を保存できません。ファイルが、このユーザーに許された大きさの上限（ulimit -f など）を超えます`, e);
  if (code === 'EROFS') return userError(`${file} を保存できません。読み取り専用の場所にあります`, e);
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

/** A sheet this workbook would write under a name Excel refuses is an error naming the rule it breaks. */
function checkSheetName(name: string): void {
  const problem = excelSheetNameProblem(name);
  if (problem) throw new UserError(`シート名「${name}」は Excel では使えません（${problem}。31 文字以内で : \\ / ? * [ ] を含まない名前にしてください。先頭・末尾の ' と History も使えません）`);
}

/** The plain text of an exceljs note (a string, or rich text runs). */
function noteText(note: ExcelJS.Cell['note'] | undefined): string {
  if (note === undefined || note === null) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

/** What identifies the bytes a workbook was read from: same file (device, inode), same size, same modification time. */
interface FileStamp {
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

function stampOf(real: string, st: fs.Stats): FileStamp {
  return { path: real, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

function sameStamp(a: FileStamp, st: fs.Stats): boolean {
  return a.dev === st.dev && a.ino === st.ino && a.size === st.size && a.mtimeMs === st.mtimeMs;
}

/**
 * Reads a file and the stamp of exactly the bytes read (one open file: a rename over the path meanwhile cannot mix
 * the stamp of one file with the bytes of another).
 */
async function readStamped(file: string): Promise<{ data: Buffer; stamp: FileStamp }> {
  const real = await fs.promises.realpath(file);
  const fh = await fs.promises.open(real, 'r');
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    checkFileSize(file, st.size);
    return { data: await fh.readFile(), stamp: stampOf(real, st) };
  } finally {
    await fh.close();
  }
}

export class XlsxWorkbook implements WorkbookPort {
  /**
   * Outputs written in this session and not yet put into the in-memory model: save() streams them straight into
   * the file. A sheet is put into the model (materialized) as soon as anything reads or changes it.
   */
  private readonly pending = new Map<ExcelJS.Worksheet, SheetOutput>();

  /**
   * @param opened the file this workbook was read from (or last saved to), as it was then: a save over it refuses when
   *   it changed since (another program saved it meanwhile; book-lock.ts keeps our own processes from doing so).
   */
  private constructor(
    private readonly wb: ExcelJS.Workbook,
    private opened?: FileStamp,
  ) {}

  /** The file read and the parts of it exceljs cannot write back (xlsx-losses.ts): a save over that file is refused. */
  private unkept?: { stamp: FileStamp; losses: Loss[] };

  static async open(file: string): Promise<XlsxWorkbook> {
    let data: Buffer;
    let stamp: FileStamp;
    try {
      ({ data, stamp } = await readStamped(file));
    } catch (e) {
      throw e instanceof UserError ? e : openError(file, e);
    }
    let wb: ExcelJS.Workbook;
    let losses: Loss[];
    try {
      const pkg = await readPackage(file, data);
      losses = pkg.losses;
      wb = await loadPackage(pkg);
    } catch (e) {
      throw e instanceof UserError ? e : openError(file, e);
    }
    // A zip without a workbook part loads as an empty workbook; a real .xlsx has at least one sheet.
    if (wb.worksheets.length === 0) throw openError(file, new Error('no worksheets'));
    const book = new XlsxWorkbook(wb, stamp);
    if (losses.length) book.unkept = { stamp, losses };
    return book;
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
    writeOutput(ws, out, peopleAdditions(out));
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

  /**
   * Nothing is locked in an .xlsx: Excel users edit the file directly, and a sheet protection without a password
   * stops nobody. A change after 提出 is found instead, against the 照合値 recorded with it (core/cycle/lock.ts).
   */
  lockEntries(): void {}

  /** Appends rows of text; the sheet (変更履歴 unless told) is created with its header and protected (every cell locked) when missing. */
  appendLog(rows: Scalar[][], target: AppendSheet = CHANGE_LOG): void {
    if (!rows.length) return;
    let ws = this.sheet(target.name);
    if (!ws) {
      ws = this.wb.addWorksheet(target.name);
      const header = ws.addRow([...target.headers]);
      header.font = { bold: true };
      ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2' }];
      target.headers.forEach((_, i) => (ws!.getColumn(i + 1).width = target.widths?.[i] ?? 16));
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
   * planted under a guessable name is never written through. Saving over the file it was read from refuses when that
   * file changed since (its stamp), so another program's save is never replaced by a copy that does not hold it.
   */
  async save(file: string): Promise<void> {
    const owner = ownerFile(file);
    if (owner) {
      throw userError(`${file} を保存できません。${HINT}（開いていなければ ${path.basename(owner)} を削除してください）`);
    }
    const target = await realTarget(file);
    await this.checkKeepable(file, target.path);
    const dir = path.dirname(target.path);
    const tmp = tempPathFor(target.path);
    // A file size limit (ulimit -f) would kill the process mid-write (SIGXFSZ); with the signal handled, the write
    // fails with EFBIG instead and the save says so.
    const ignoreSizeSignal = () => undefined;
    process.on('SIGXFSZ', ignoreSizeSignal);
    try {
      await fs.promises.mkdir(dir, { recursive: true });
      if (canStream(this.wb)) await this.writeStreaming(tmp);
      else await this.writeWhole(tmp);
      if (target.mode !== undefined) await fs.promises.chmod(tmp, target.mode);
      await this.checkUnchanged(file, target.path);
      await fs.promises.rename(tmp, target.path);
      this.opened = stampOf(target.path, await fs.promises.stat(target.path));
    } catch (e) {
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      throw e instanceof UserError ? e : saveError(file, e, dir);
    } finally {
      process.off('SIGXFSZ', ignoreSizeSignal);
    }
  }

  /** Refuses to replace the file this workbook was read from when it holds parts a save would lose. */
  private async checkKeepable(file: string, real: string): Promise<void> {
    if (!this.unkept) return;
    const st = await fs.promises.stat(real).catch(() => undefined);
    const { stamp, losses } = this.unkept;
    // The same file under another name (a hard link) is the same file.
    if (real === stamp.path || (st && st.dev === stamp.dev && st.ino === stamp.ino)) throw userError(lossMessage(file, losses));
  }

  /** Refuses to replace the file this workbook was read from when another program changed it since. */
  private async checkUnchanged(file: string, real: string): Promise<void> {
    if (!this.opened || this.opened.path !== real) return;
    const now = await fs.promises.stat(real).catch(() => undefined);
    if (now && sameStamp(this.opened, now)) return;
    throw userError(
      `${file} は読み込んだ後に別のプログラム（Excel、もう一つの shinchoku やプレビューなど）で${now ? '変更' : '移動か削除'}されました。その変更を消さないよう、今回の結果は保存していません。もう一度実行してください`,
    );
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
    // Tab colour and print settings are the user's and are kept, and so is what people added to the cells the output
    // carries over (people-additions.ts), read first from the old sheet with its own pending output written.
    if (out.carry) {
      this.materialize(old);
      keepPeopleAdditions(old, out);
    }
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
