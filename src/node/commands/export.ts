/**
 * `shinchoku export <book> --format csv|parquet --out <file> [--year Y]`: the open data (公表) of the plan, one row per
 * indicator × fiscal year (core/export/open-data.ts), as CSV or Parquet (../open-data-files.ts). The book is only
 * read; the file is written whole through a temporary file (an existing one is replaced at once, never half).
 */
import type { Command } from 'commander';
import { extname } from 'node:path';
import { UserError } from '../../core/errors';
import { openDataMessage, openDataOfWorkbook } from '../../core/export/open-data';
import { yearAnswer } from '../../core/year-lock';
import { mustExist, sameFile, type Io } from '../cli-support';
import { openDataCsv, openDataParquet } from '../open-data-files';
import { writeFileReplacing } from '../temp-files';
import { XlsxWorkbook } from '../xlsx-workbook';

const FORMATS = ['csv', 'parquet'] as const;
type Format = (typeof FORMATS)[number];

/** The format asked for, or the one the file name says; refused in Japanese when neither is csv or parquet. */
function formatOf(format: string | undefined, out: string): Format {
  const asked = (format ?? extname(out).slice(1)).trim().toLowerCase();
  if ((FORMATS as readonly string[]).includes(asked)) return asked as Format;
  throw new UserError(
    format === undefined
      ? `--format csv か --format parquet を指定してください（--out のファイル名 ${out} からは形式が分かりません）`
      : `--format「${format}」には対応していません。csv か parquet を指定してください`,
  );
}

export function addExportCommand(program: Command, io: Io): void {
  program
    .command('export')
    .description('オープンデータ（公表用）を書き出します: 指標 × 年度ごとに1行（団体コード・計画名・No・基本方針・取組・アクションプラン・指標・単位・方向・年度・予定・実績・達成率・評価・状態・評価なしの理由）。CSV（UTF-8、BOM付き）か Parquet。ブックは変えません')
    .argument('<book>', '.xlsx ファイル')
    .requiredOption('--out <file>', '書き出すファイル（あれば置き換えます）')
    .option('--format <format>', 'csv または parquet（省略時は --out の拡張子から）')
    .option('--year <year>', 'この年度の行だけを書き出す（例: 2020 / 令和2年度 / R2）')
    .action(async (book: string, opts: { out: string; format?: string; year?: string }) => {
      mustExist(book);
      if (sameFile(book, opts.out)) throw new UserError(`--out に元のブック（${book}）は指定できません。オープンデータは別のファイルに書き出してください`);
      const format = formatOf(opts.format, opts.out);
      const year = opts.year === undefined ? undefined : yearAnswer(opts.year) ?? undefined;
      const wb = await XlsxWorkbook.open(book);
      const table = openDataOfWorkbook(wb, year);
      const bytes = format === 'csv' ? openDataCsv(table) : await openDataParquet(table);
      await writeFileReplacing(opts.out, bytes);
      io.stdout(`${openDataMessage(table, `${opts.out}（${format === 'csv' ? 'CSV、UTF-8（BOM付き）' : 'Parquet'}）`)}\n`);
    });
}
