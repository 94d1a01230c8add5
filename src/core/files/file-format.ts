/**
 * What a returned file is before anyone parses it (issue 16: a file that is not a returned department file gives a
 * Japanese message and nothing else happens): from its name and first bytes, the same in every shell (the command
 * line reads them from disk, the browser's file dialog from the chosen file).
 */

/** An OLE compound file: Excel 97–2003 (.xls), and any .xlsx saved with a password (Office encrypts into one). */
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** A zip's local file header: every .xlsx starts with one. */
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** How many bytes returnedFileProblem looks at. */
export const FILE_HEAD_BYTES = COMPOUND_FILE.length;

/** Largest returned file the browser reads (a department file is some 20 KB; Excel adds little). */
export const MAX_RETURNED_FILE_BYTES = 10 * 1024 * 1024;

/** A file that is not an .xlsx, or did not open as one. */
export const UNREADABLE_XLSX = '.xlsx として読めません（壊れているか、別の形式です）';

const startsWith = (head: ArrayLike<number>, sig: readonly number[]) => sig.every((b, i) => head[i] === b);

/** Why the file cannot be a returned department file ('' when it may be one: then it is opened as an .xlsx). */
export function returnedFileProblem(name: string, head: ArrayLike<number>, size = head.length): string {
  if (/\.csv$/i.test(name)) return 'CSV ファイルです。配布した .xlsx ファイルをそのまま返送してもらってください';
  if (startsWith(head, COMPOUND_FILE))
    return 'パスワードで保護されたファイルか、古い Excel 形式（.xls）のファイルです。パスワードを外し、「Excel ブック（.xlsx）」で保存し直してもらってください';
  if (size === 0) return '空のファイルです';
  if (!startsWith(head, ZIP)) return UNREADABLE_XLSX;
  return '';
}

/** A returned file's whole message: `<name>: <problem>。取り込みませんでした`. */
export const notImported = (name: string, problem: string): string => `${name}: ${problem}。取り込みませんでした`;
