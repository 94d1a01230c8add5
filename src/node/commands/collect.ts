/**
 * `shinchoku collect <book> <files…> [--year Y] [--prefer-file] [--out <book>] [--json]` (回答 → 集約): reads the
 * department files that came back and writes what they say into the book (core/files/collect.ts says how), under
 * the book lock, then prints a report per file and the departments still missing. A file that does not open as an
 * .xlsx (another format, damaged, password-protected: XlsxWorkbook.open's messages) is reported and skipped.
 */
import type { Command } from 'commander';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { UserError, errorText } from '../../core/errors';
import { collectFiles, unreadableFile, type CollectResult, type FileReport, type ReturnedFile } from '../../core/files/collect';
import { yearAnswer } from '../../core/year-lock';
import { EXIT, localActor, locked, mustExist, sameFile, savedElsewhere, type Io } from '../cli-support';
import { XlsxWorkbook } from '../xlsx-workbook';

/** The signature of an OLE compound file: Excel 97–2003 (.xls), and any .xlsx saved with a password (encrypted). */
const COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Why a file is not a returned department file before it is opened ('' when it may be one): a CSV, or an OLE compound
 * file, which exceljs would only call unreadable. The rest (damaged, not a workbook) is XlsxWorkbook.open's message.
 */
function formatProblem(file: string): string {
  if (extname(file).toLowerCase() === '.csv') return 'CSV ファイルです。shinchoku split で作った .xlsx ファイルをそのまま返送してもらってください';
  const head = Buffer.alloc(COMPOUND_FILE.length);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    readSync(fd, head, 0, head.length, 0);
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (head.equals(COMPOUND_FILE))
    return 'パスワードで保護されたファイルか、古い Excel 形式（.xls）のファイルです。パスワードを外し、「Excel ブック（.xlsx）」で保存し直してもらってください';
  return '';
}

/** One file's report as text lines. */
function fileText(r: FileReport): string[] {
  const lines = [`■ ${r.message}`];
  if (r.outcome === 'refused') return lines;
  lines.push(`  取り込み ${r.imported.length}件、変更なし ${r.unchanged}件、競合 ${r.conflicts.length}件、入力欄の外の変更 ${r.outside.length}件`);
  for (const i of r.imported) lines.push(`  取り込み ${i.cell}（No.${i.no} ${i.name} の${i.fieldLabel}）: 「${i.before}」→「${i.after}」`);
  for (const k of r.conflicts)
    lines.push(`  競合 ${k.cell}（No.${k.no} ${k.name} の${k.fieldLabel}）: ファイル「${k.fileValue}」／ブック「${k.bookValue}」→ ${k.kept === 'file' ? 'ファイルの値にしました' : 'ブックの値を残しました（ファイルの値にするには --prefer-file）'}`);
  if (r.outside.length) lines.push(`  入力欄の外で変更されたセル（取り込んでいません）: ${r.outside.map((o) => `${o.cell}「${o.value}」`).join('、')}`);
  for (const p of r.notSubmitted) lines.push(`  提出として扱わなかった理由: ${p}`);
  for (const s of r.renamedSheets) lines.push(`  シート名が変えられています: 「${s.from}」→「${s.to}」（内容は読みました）`);
  if (r.addedSheets.length) lines.push(`  追加されたシート（読んでいません）: ${r.addedSheets.map((s) => `「${s}」`).join('、')}`);
  return lines;
}

export function collectText(result: CollectResult): string {
  const lines = [`${result.fiscalYearLabel}の回収`, ...result.files.flatMap(fileText)];
  lines.push(result.missing.length ? `まだ返っていない部門（${result.missing.length}）: ${result.missing.join('、')}` : 'すべての部門から返っています（または提出済みです）');
  return lines.join('\n');
}

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
          returned.push(unreadableFile(basename(f), `${basename(f)}: ${problem}。取り込みませんでした`));
          continue;
        }
        try {
          returned.push({ name: basename(f), sheets: await XlsxWorkbook.open(f) });
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          returned.push(unreadableFile(basename(f), `${basename(f)}: ${errorText(e)}。取り込みませんでした`));
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
      io.stdout(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${collectText(result)}\n${savedElsewhere(target, book)}`);
    });
}
