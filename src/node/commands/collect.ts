/**
 * `shinchoku collect <book> <files…> [--year Y] [--prefer-file] [--out <book>] [--json]` (回答 → 集約): reads the
 * department files that came back and writes what they say into the book (core/files/collect.ts says how), under
 * the book lock, then prints a report per file and the departments still missing. A file that does not open as an
 * .xlsx (another format, damaged, password-protected: XlsxWorkbook.open's messages) is reported and skipped.
 */
import type { Command } from 'commander';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError, errorText } from '../../core/errors';
import { FILE_HEAD_BYTES, notImported, returnedFileProblem } from '../../core/files/file-format';
import { collectFiles, unreadableFile, type FileReport, type ReturnedFile } from '../../core/files/collect';
import { yearAnswer } from '../../core/year-lock';
import { collectText } from '../../core/files/collect-text';
import { EXIT, localActor, locked, mustExist, sameFile, savedElsewhere, type Io } from '../cli-support';
import { XlsxWorkbook } from '../xlsx-workbook';

/** Why a file cannot be a returned department file, from its name and first bytes ('' when it may be one). */
function formatProblem(file: string): string {
  const head = Buffer.alloc(FILE_HEAD_BYTES);
  let fd: number | undefined;
  let read = 0;
  try {
    fd = openSync(file, 'r');
    read = readSync(fd, head, 0, head.length, 0);
  } catch {
    // Not readable here: XlsxWorkbook.open says why (missing, a folder, no permission).
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return returnedFileProblem(file, head.subarray(0, read), statSync(file).size);
}

/** How the command line keeps a file's value in a conflict. */
const PREFER_FILE_HINT = 'ファイルの値にするには --prefer-file';

/** @param setCode sets the exit code of the run (1 when a file was refused). */
export function addCollectCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('collect')
    .description('部門から返ってきたファイルを取り込みます（回収）。ファイルごとに取り込み・変更なし・競合・入力欄の外の変更を表示します')
    .argument('<book>', '.xlsx ファイル（取り込み先のブック）')
    .argument('<files...>', 'shinchoku split で作り、部門が記入したファイル')
    .option('--year <year>', '回収する年度（省略すると「設定」の評価年度）')
    .option('--prefer-file', '競合したセルはファイルの値にする（省略するとブックの値を残します）')
    .option('--out <file>', '結果を別のファイルに保存する（元のファイルは変えない）')
    .option('--json', '結果を JSON で出力する')
    .action(async (book: string, files: string[], opts: { year?: string; preferFile?: boolean; out?: string; json?: boolean }) => {
      mustExist(book);
      const fy = opts.year === undefined ? null : yearAnswer(opts.year);
      const target = opts.out ?? book;
      const own = files.find((f) => sameFile(f, book) || sameFile(f, target));
      if (own) throw new UserError(`${own} は取り込み先のブックです。部門から返ってきたファイルを指定してください`);
      const returned: (ReturnedFile | FileReport)[] = [];
      for (const f of files) {
        const problem = formatProblem(f);
        if (problem) {
          returned.push(unreadableFile(basename(f), notImported(basename(f), problem)));
          continue;
        }
        try {
          returned.push({ name: basename(f), sheets: await XlsxWorkbook.open(f) });
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          returned.push(unreadableFile(basename(f), notImported(basename(f), errorText(e))));
        }
      }
      const result = await locked(target, io, async () => {
        const wb = await XlsxWorkbook.open(book);
        const r = collectFiles(wb, returned, { actor: localActor(), year: fy, preferFile: !!opts.preferFile });
        // Nothing to write: the book stays byte for byte as it was (a second collect of the same files).
        if (r.files.some((x) => x.outcome === 'imported') || target !== book) await wb.save(target);
        return r;
      });
      if (result.files.some((r) => r.outcome === 'refused')) setCode(EXIT.findings);
      io.stdout(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${collectText(result, PREFER_FILE_HINT)}\n${savedElsewhere(target, book)}`);
    });
}
