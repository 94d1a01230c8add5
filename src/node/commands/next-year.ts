/**
 * `shinchoku next-year <book>`: 新年度の準備 after 年度確定 (core/cycle/next-year.ts). Prints what it did and what the
 * closed year left open; `--json` gives the same as data.
 */
import type { Command } from 'commander';
import { prepareNextYear } from '../../core/cycle';
import { severityLabel } from '../../core/model';
import { localActor, locked, mustExist, savedElsewhere, type Io } from '../cli-support';
import { XlsxWorkbook } from '../xlsx-workbook';

export function addNextYearCommand(program: Command, io: Io): void {
  program
    .command('next-year')
    .description('新年度の準備: 確定した評価年度の次の年度に進めます（評価年度を1年進め、提出状況を未提出に戻し、予定のない指標と前の年度に残っていることを表示します。入力はすべて残します）')
    .argument('<book>', '.xlsx ファイル')
    .option('--out <file>', '結果を別のファイルに保存する（元のファイルは変えない）')
    .option('--json', '結果を JSON で出力する')
    .action(async (book: string, opts: { out?: string; json?: boolean }) => {
      mustExist(book);
      const target = opts.out ?? book;
      const result = await locked(target, io, async () => {
        const wb = await XlsxWorkbook.open(book);
        const r = prepareNextYear(wb, localActor());
        await wb.save(target);
        return r;
      });
      if (opts.json) {
        const findings = result.findings.map((f) => ({ ...f, severityLabel: severityLabel(f.severity) }));
        io.stdout(`${JSON.stringify({ ...result, findings }, null, 2)}\n`);
      } else io.stdout(`${result.message}\n${savedElsewhere(target, book)}`);
    });
}
