/**
 * The cycle's commands: status (the board), confirm (確認) and return (差戻し). The command line acts as the
 * coordinator and says so (cycle/service.ts COMMAND_LINE); `confirm --as-head` confirms the 所属長 step instead.
 */
import type { Command } from 'commander';
import { confirmTab, cycleStatus, returnTab, type CycleStatus } from '../../core/cycle';
import { closeLine } from '../../core/cycle/board-text';
import { UserError } from '../../core/errors';
import { yearAnswer } from '../../core/year-lock';
import { localActor, locked, mustExist, savedElsewhere, type Io } from '../cli-support';
import { XlsxWorkbook } from '../xlsx-workbook';

/** `--no N [--indicator NAME]` as the indicator a return is about (none: the whole tab). */
export function indicatorOption(no: string | undefined, name: string | undefined): { no: number; name?: string }[] {
  if (no === undefined) {
    if (name !== undefined) throw new UserError('--indicator を使うときは --no で No. も指定してください');
    return [];
  }
  const n = Number(no.normalize('NFKC').trim());
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`--no の「${no}」は計画の No.（正の整数）ではありません`);
  return [{ no: n, name }];
}

/** The board as text: one line per department (with the last reminder), the open return reasons, then 年度確定. */
export function statusText(s: CycleStatus): string {
  const lines = [`${s.fiscalYearLabel}の提出状況${s.headStep ? '（所属長確認あり）' : ''}${s.closed ? '（年度確定済み）' : ''}`];
  for (const d of s.departments) {
    const problems = d.errors || d.warnings ? `エラー${d.errors}・警告${d.warnings}` : '問題なし';
    const last = d.lastTransition ? `、最後の操作 ${d.lastTransition.at} ${d.lastTransition.act}（${d.lastTransition.by}）` : '';
    const reminded = d.reminders ? `、最後の督促 ${d.lastReminder}（${d.reminders}回）` : '';
    const submitted = d.submittedAt ? `、提出日 ${d.submittedAt}` : '';
    lines.push(`・${d.dept}: ${d.state}（入力 ${d.filled}/${d.total}、${problems}${d.lastUpdate ? `、最終更新 ${d.lastUpdate}` : ''}${submitted}${last}${reminded}）${d.hasTab ? '' : ' ※部門シートがありません'}`);
    if (d.changedNote) lines.push(`    注意: ${d.changedNote}。確認するには、差し戻して提出し直してもらうか、サイドバーで理由を付けて事務局修正してください`);
    for (const r of d.returns) lines.push(`    差戻しの理由${r.no !== null ? `（No.${r.no} ${r.indicator}）` : ''}: ${r.reason}（${r.at} ${r.by}）`);
  }
  lines.push(closeLine(s));
  return lines.join('\n');
}

export function addCycleCommands(program: Command, io: Io): void {
  program
    .command('status')
    .description('提出状況を表示します: 部門ごとの状態（入力中・差戻し・提出済・所属長確認済・確認済・確定）、入力数、問題、最終更新、最後の督促、差戻しの理由、年度確定できるか')
    .argument('<book>', '.xlsx ファイル')
    .option('--year <year>', '年度（省略すると「設定」の評価年度）')
    .option('--json', '結果を JSON で出力する')
    .action(async (book: string, opts: { year?: string; json?: boolean }) => {
      mustExist(book);
      const fy = opts.year === undefined ? null : yearAnswer(opts.year);
      const status = cycleStatus(await XlsxWorkbook.open(book), fy);
      io.stdout(opts.json ? `${JSON.stringify(status, null, 2)}\n` : `${statusText(status)}\n`);
    });

  program
    .command('confirm')
    .description('提出された部門シートを確認済みにします（コマンドラインは調整担当者として実行します。--as-head で所属長として確認）')
    .argument('<book>', '.xlsx ファイル')
    .requiredOption('--dept <name>', '部門')
    .option('--year <year>', '年度（省略すると「設定」の評価年度）')
    .option('--as-head', '所属長として確認する（「所属長確認」を使う設定のとき、提出済 → 所属長確認済）')
    .option('--out <file>', '結果を別のファイルに保存する（元のファイルは変えない）')
    .action(async (book: string, opts: { dept: string; year?: string; asHead?: boolean; out?: string }) => {
      mustExist(book);
      const fy = opts.year === undefined ? null : yearAnswer(opts.year);
      const target = opts.out ?? book;
      const result = await locked(target, io, async () => {
        const wb = await XlsxWorkbook.open(book);
        const r = confirmTab(wb, { dept: opts.dept, year: fy }, { actor: localActor(), commandLine: true, asHead: !!opts.asHead });
        await wb.save(target);
        return r;
      });
      io.stdout(`${result.message}\n${savedElsewhere(target, book)}`);
    });

  program
    .command('return')
    .description('部門シートを理由を付けて差し戻します（提出状況を未提出に戻します。理由は確認履歴に残ります）')
    .argument('<book>', '.xlsx ファイル')
    .requiredOption('--dept <name>', '部門')
    .requiredOption('--reason <text>', '差し戻す理由')
    .option('--year <year>', '年度（省略すると「設定」の評価年度）')
    .option('--no <n>', 'この No. の指標だけを差し戻す（省略するとシート全体）')
    .option('--indicator <name>', '指標名（--no の No. に指標が複数あるとき）')
    .option('--out <file>', '結果を別のファイルに保存する（元のファイルは変えない）')
    .action(async (book: string, opts: { dept: string; reason: string; year?: string; no?: string; indicator?: string; out?: string }) => {
      mustExist(book);
      const fy = opts.year === undefined ? null : yearAnswer(opts.year);
      const target = opts.out ?? book;
      const indicators = indicatorOption(opts.no, opts.indicator);
      const result = await locked(target, io, async () => {
        const wb = await XlsxWorkbook.open(book);
        const r = returnTab(wb, { dept: opts.dept, year: fy, reason: opts.reason, indicators }, { actor: localActor(), commandLine: true });
        await wb.save(target);
        return r;
      });
      io.stdout(`${result.message}\n${savedElsewhere(target, book)}`);
    });
}
