/**
 * The file round trip as every shell calls it (issue 16): the department files to hand out, with the names they get,
 * and the returned files taken back. The command line writes and reads the files itself; in Sheets the browser's file
 * dialog does (src/ui/files), so the sheets cross the server boundary as JSON (transfer.ts). Both reach the same
 * departmentFiles and collectFiles.
 */
import type { Actor } from '../layout/change-log';
import { formatFiscalYear } from '../parse/fiscal-year';
import type { WorkbookPort } from '../workbook';
import { collectFiles, unreadableFile, type CollectResult, type FileReport, type ReturnedFile } from './collect';
import { readCycle } from '../cycle/service';
import { departmentFiles, ISSUE_JOB, type DepartmentFile, type IssueOptions } from './department-file';
import type { FileHints } from './hints';
import { safeNamePart, uniqueFileName } from './file-names';
import { notImported } from './file-format';
import { sheetFromWire, sheetOutputToWire, WIRE_LIMITS, type WireSheet, type WireSheetOutput } from './transfer';
import { UserError } from '../errors';
import { isRecord } from '../json-values';

export interface NamedDepartmentFile extends DepartmentFile {
  /** `2020年度_税制課.xlsx`: year and department, safe on every system, unique in the set. */
  fileName: string;
}

/** Every 報告部門's file for the year (departmentFiles) with its file name. */
export function namedDepartmentFiles(book: WorkbookPort, year: number | null, actor: Actor, options: IssueOptions = {}): NamedDepartmentFile[] {
  const taken = new Set<string>();
  return departmentFiles(book, year, actor, options).map((f) => ({
    ...f,
    fileName: uniqueFileName(`${safeNamePart(formatFiscalYear(f.fiscalYear))}_${safeNamePart(f.dept)}`, '.xlsx', taken),
  }));
}

/** One file for the browser to build. */
export interface IssuedFile {
  fileName: string;
  dept: string;
  sheets: WireSheetOutput[];
}

export interface FilesIssue {
  fiscalYear: number;
  fiscalYearLabel: string;
  /** `2020年度_部門ファイル.zip`, for the download of them all. */
  zipName: string;
  files: IssuedFile[];
  /** The plan's years that are not closed: those files can be made for. */
  years: number[];
}

/** The department files as the browser's dialog builds them. */
export function issueFiles(book: WorkbookPort, year: number | null, actor: Actor, hints: FileHints): FilesIssue {
  const c = readCycle(book, year, ISSUE_JOB);
  const files = namedDepartmentFiles(book, year, actor, { read: c, hints });
  const fy = c.fy;
  const years: number[] = [];
  for (let y = c.settings.firstYear; y <= c.settings.lastYear; y++) if (!c.analysis.closedYears.includes(y)) years.push(y);
  return {
    fiscalYear: fy,
    fiscalYearLabel: formatFiscalYear(fy),
    zipName: `${safeNamePart(formatFiscalYear(fy))}_部門ファイル.zip`,
    files: files.map((f) => ({ fileName: f.fileName, dept: f.dept, sheets: f.outputs.map(sheetOutputToWire) })),
    years,
  };
}

/** A file the person chose, as the dialog read it: its sheets, or why it could not be read (file-format.ts). */
export interface UploadedFile {
  name: string;
  problem?: string;
  sheets?: WireSheet[];
}

export interface CollectRequest {
  /** null: 設定's 評価年度. */
  year: number | null;
  preferFile: boolean;
  files: UploadedFile[];
}

function refuse(what: string): never {
  throw new UserError(`回収の依頼の内容が正しくありません（${what}）。画面を開き直してください`);
}

/** What the page sent, checked (any JSON a hostile or outdated page sends), as collectFiles takes it. */
function returnedFiles(request: unknown): { year: number | null; preferFile: boolean; files: (ReturnedFile | FileReport)[] } {
  if (!isRecord(request)) refuse('依頼がありません');
  if (request.year !== null && (typeof request.year !== 'number' || !Number.isInteger(request.year))) refuse('年度');
  if (typeof request.preferFile !== 'boolean') refuse('競合したセルの扱い');
  if (!Array.isArray(request.files) || request.files.length === 0) refuse('ファイルがありません');
  if (request.files.length > WIRE_LIMITS.sheets) refuse(`ファイルは一度に${WIRE_LIMITS.sheets}件までです`);
  const budget = { cells: WIRE_LIMITS.cells };
  const files = (request.files as unknown[]).map((raw): ReturnedFile | FileReport => {
    if (!isRecord(raw) || typeof raw.name !== 'string' || raw.name.length > 255) refuse('ファイル名');
    const name = raw.name;
    if (raw.problem !== undefined) {
      if (typeof raw.problem !== 'string') refuse('ファイルの問題');
      return unreadableFile(name, notImported(name, raw.problem));
    }
    if (!Array.isArray(raw.sheets) || raw.sheets.length > WIRE_LIMITS.sheets) refuse(`${name} のシート`);
    const sheets = new Map((raw.sheets as unknown[]).map((s) => {
      const sheet = sheetFromWire(s, refuse, budget);
      return [sheet.name, sheet] as const;
    }));
    return { name, sheets: { sheetNames: () => [...sheets.keys()], readSheet: (n: string) => sheets.get(n) } };
  });
  return { year: request.year as number | null, preferFile: request.preferFile, files };
}

/** The returned files the dialog sent, collected into the book (collect.ts says how). */
export function collectUploads(book: WorkbookPort, request: unknown, actor: Actor, hints: FileHints): CollectResult {
  const r = returnedFiles(request);
  return collectFiles(book, r.files, { actor, year: r.year, preferFile: r.preferFile, hints });
}
