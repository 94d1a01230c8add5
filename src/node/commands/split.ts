/**
 * `shinchoku split <book> [--year Y] --out <folder>` (照会): one .xlsx per 報告部門 to mail out, named
 * `2020年度_税制課.xlsx` (core/files/department-file.ts says what is in it). Reads the book, writes nothing to it.
 */
import type { Command } from 'commander';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../core/errors';
import { namedDepartmentFiles } from '../../core/files/exchange';
import { formatFiscalYear } from '../../core/parse/fiscal-year';
import { yearAnswer } from '../../core/year-lock';
import { localActor, mustExist, type Io } from '../cli-support';
import { XlsxWorkbook } from '../xlsx-workbook';

/** Creates the folder when needed; refuses, in Japanese, a file in its place or one that cannot be made. */
function outFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`フォルダ ${folder} を作れません（${code === 'EEXIST' || code === 'ENOTDIR' ? '同じ名前のファイルがあります' : code === 'EACCES' || code === 'EPERM' ? '権限がありません' : code ?? String(e)}）。--out に別のフォルダを指定してください`);
  }
  if (!statSync(folder).isDirectory()) throw new UserError(`${folder} はフォルダではありません。--out にフォルダを指定してください`);
}

export function addSplitCommand(program: Command, io: Io): void {
  program
    .command('split')
    .description('部門ごとの記入用ファイル（.xlsx）を作ります（照会）。部門は記入してメールで返送し、shinchoku collect で取り込みます')
    .argument('<book>', '.xlsx ファイル')
    .requiredOption('--out <folder>', 'ファイルを書き出すフォルダ（なければ作ります）')
    .option('--year <year>', '記入してもらう年度（省略すると「設定」の評価年度）')
    .action(async (book: string, opts: { out: string; year?: string }) => {
      mustExist(book);
      const fy = opts.year === undefined ? null : yearAnswer(opts.year);
      const files = namedDepartmentFiles(await XlsxWorkbook.open(book), fy, localActor());
      outFolder(opts.out);
      const lines: string[] = [];
      for (const f of files) {
        const name = f.fileName;
        const wb = XlsxWorkbook.create();
        wb.writeSheets(f.outputs);
        await wb.save(join(opts.out, name));
        lines.push(`・${f.dept}: ${name}`);
      }
      const label = files.length ? formatFiscalYear(files[0].fiscalYear) : '';
      io.stdout(`${label}の部門ファイルを${files.length}件作りました（${opts.out}）:\n${lines.join('\n')}\n各部門に送り、返ってきたファイルを shinchoku collect ${book} <ファイル…> で取り込んでください。\n`);
    });
}
