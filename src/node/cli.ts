/** The `shinchoku` command line: the coordinator's jobs over an .xlsx workbook. */
import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';
import { calendarOfLocalTime } from '../core/calendar';
import { demoEntries, demoMaster, demoSettings } from '../core/demo/suita';
import { UserError, errorText } from '../core/errors';
import { checkWorkbook, initWorkbook, newPlan, rollupJson, rollupWorkbook, setupDepartmentTabs, validateWorkbook } from '../core/jobs';
import type { ReportScope } from '../core/report';
import { closeYear, reopenYear, UnconfirmedError, yearAnswer } from '../core/year-lock';
import { defaultIo, EXIT, localActor, locked, mustExist, mustNotExist, reportTargetProblem, savedElsewhere, type Io } from './cli-support';

export { EXIT, type Io } from './cli-support';
import { bookDataDate, reportPdfOfWorkbook } from './report/pdf';
import { reportXlsxOfWorkbook } from './report/xlsx';
import { writeFileReplacing } from './temp-files';
import { addCycleCommands } from './commands/cycle';
import { addNextYearCommand } from './commands/next-year';
import { addExportCommand } from './commands/export';
import { addConsolidateCommand } from './commands/consolidate';
import { addRemindCommand } from './commands/remind';
import { addSplitCommand } from './commands/split';
import { addCollectCommand } from './commands/collect';
import { ensureDemoBook, startPreview } from './preview';
import { formatFindings, formatSummary } from './terminal-text';
import { Progress } from './progress';
import { XlsxWorkbook } from './xlsx-workbook';

async function demo(out: string, io: Io, json: boolean): Promise<number> {
  const progress = new Progress(io, !json, 4);
  const book = XlsxWorkbook.create();
  initWorkbook(book, { settings: demoSettings, master: demoMaster });
  progress.step('計画マスタ作成');
  setupDepartmentTabs(book, demoEntries);
  progress.step('部門シート作成');
  const result = rollupWorkbook(book);
  progress.step('集計');
  await locked(out, io, () => book.save(out));
  progress.step('保存');
  progress.stop();
  if (json) io.stdout(`${JSON.stringify(rollupJson(result.analysis, result.counts), null, 2)}\n`);
  else {
    io.stdout(`${formatSummary(result.analysis, result.counts, result.settings)}\n\n`);
    io.stdout(`${formatFindings(result.analysis.findings)}\n\n`);
    io.stdout(`デモのブックを書き出しました: ${out}（「達成状況」「検証結果」シートを開いてください）\n`);
  }
  return EXIT.ok;
}

export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command()
    .name('shinchoku')
    .description('進捗 — 情報化推進計画の進行管理（.xlsx のブックで初期設定・部門シート作成・入力チェック・集計・提出と確認・督促・年度確定・報告書・部門ファイルの配布と回収・オープンデータ）')
    .helpOption('-h, --help', '使い方を表示します')
    .helpCommand('help [command]', 'コマンドの使い方を表示します')
    // Commander's own English error line is replaced by the Japanese one in reportError.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => {} })
    .exitOverride();

  program
    .command('init')
    .description('新しいブックに「設定」と「計画マスタ」を作ります（--demo で吹田市の計画と実績入り）')
    .argument('<book>', '作成する .xlsx ファイル')
    .option('--demo', 'デモの計画（吹田市第4期情報化推進計画 第6章）と部門シート・実績を入れる')
    .action(async (book: string, opts: { demo?: boolean }) => {
      mustNotExist(book);
      const wb = XlsxWorkbook.create();
      initWorkbook(wb, opts.demo ? { settings: demoSettings, master: demoMaster } : newPlan(calendarOfLocalTime(new Date())));
      if (opts.demo) setupDepartmentTabs(wb, demoEntries);
      await locked(book, io, async () => {
        // Again under the lock: another init may have created it while this one waited.
        mustNotExist(book);
        await wb.save(book);
      });
      io.stdout(`作成しました: ${book}\n${opts.demo ? '次は shinchoku rollup で集計できます。' : '「設定」と「計画マスタ」を記入してから shinchoku setup で部門シートを作成してください。'}\n`);
    });

  program
    .command('setup')
    .description('計画マスタから部門シートを作成・更新します（入力済みの実績とコメントは残します）')
    .argument('<book>', '.xlsx ファイル')
    .option('--out <file>', '結果を別のファイルに保存する（元のファイルは変えない）')
    .action(async (book: string, opts: { out?: string }) => {
      mustExist(book);
      const target = opts.out ?? book;
      const r = await locked(target, io, async () => {
        const progress = new Progress(io, true, 3);
        const wb = await XlsxWorkbook.open(book);
        progress.step('読み込み');
        const result = setupDepartmentTabs(wb, [], localActor());
        progress.step('部門シート作成');
        await wb.save(target);
        progress.step('保存');
        progress.stop();
        return result;
      });
      io.stdout(`部門シート: 新規 ${r.created.length}（${r.created.join('・') || 'なし'}）、更新 ${r.updated.length}（${r.updated.join('・') || 'なし'}）。残した入力 ${r.keptEntries}件\n${savedElsewhere(target, book)}`);
    });

  program
    .command('validate')
    .description('すべての入力をチェックして問題を表示します（エラーがあれば終了コード1）')
    .argument('<book>', '.xlsx ファイル')
    .option('--json', '結果を JSON で出力する')
    .option('--out <file>', '「検証結果」シートと、問題のあるセルへのメモを書き込んで保存する（元のファイル名も指定できます）')
    .action(async (book: string, opts: { json?: boolean; out?: string }) => {
      mustExist(book);
      const out = opts.out;
      const check = async () => {
        const progress = new Progress(io, !opts.json, out ? 3 : 2);
        const wb = await XlsxWorkbook.open(book);
        progress.step('読み込み');
        const result = out ? checkWorkbook(wb) : validateWorkbook(wb);
        progress.step('チェック');
        if (out) {
          await wb.save(out);
          progress.step('保存');
        }
        progress.stop();
        return result;
      };
      // Only a check that saves takes the lock (a rename never shows a half-written file to a reader).
      const analysis = out ? await locked(out, io, check) : await check();
      if (opts.json) io.stdout(`${JSON.stringify({ findings: analysis.findings }, null, 2)}\n`);
      else io.stdout(`${formatFindings(analysis.findings)}\n`);
      if (analysis.findings.some((f) => f.severity === 'error')) code = EXIT.findings;
    });

  program
    .command('rollup')
    .description('達成率と評価を計算し、「達成状況」「検証結果」シートを書き出します')
    .argument('<book>', '.xlsx ファイル')
    .option('--out <file>', '結果を別のファイルに保存する（元のファイルは変えない）')
    .option('--json', '結果を JSON で出力する（達成率は比率: 1 = 100%）')
    .action(async (book: string, opts: { out?: string; json?: boolean }) => {
      mustExist(book);
      const target = opts.out ?? book;
      const result = await locked(target, io, async () => {
        const progress = new Progress(io, !opts.json, 3);
        const wb = await XlsxWorkbook.open(book);
        progress.step('読み込み');
        const r = rollupWorkbook(wb);
        progress.step('集計');
        await wb.save(target);
        progress.step('保存');
        progress.stop();
        return r;
      });
      if (opts.json) io.stdout(`${JSON.stringify(rollupJson(result.analysis, result.counts), null, 2)}\n`);
      else {
        io.stdout(`${formatSummary(result.analysis, result.counts, result.settings)}\n\n${formatFindings(result.analysis.findings)}\n\n`);
        io.stdout(`「達成状況」「検証結果」を書き出しました: ${target}\n`);
      }
    });

  program
    .command('close-year')
    .description('年度を確定します: その年度の達成状況を「達成状況_○○年度」に控え、部門シートのその年度の実績を編集できなくします')
    .argument('<book>', '.xlsx ファイル')
    .argument('<year>', '確定する年度（例: 2025 / 令和7年度 / R7）')
    .option('--out <file>', '結果を別のファイルに保存する（元のファイルは変えない）')
    .option('--force-reason <text>', '確認済みでない部門があっても確定する理由（確認履歴と年度確定に残ります）')
    .action(async (book: string, year: string, opts: { out?: string; forceReason?: string }) => {
      mustExist(book);
      const fy = yearAnswer(year);
      const target = opts.out ?? book;
      if (opts.forceReason !== undefined && !opts.forceReason.trim()) throw new UserError('--force-reason には確認を待たずに確定する理由を書いてください');
      const result = await locked(target, io, async () => {
        const wb = await XlsxWorkbook.open(book);
        let r;
        try {
          r = closeYear(wb, fy, localActor(), { forceReason: opts.forceReason, commandLine: true });
        } catch (e) {
          if (e instanceof UnconfirmedError) throw new UserError(`${e.message}\n確認を待たずに確定するには --force-reason <理由> を付けてください`);
          throw e;
        }
        await wb.save(target);
        return r;
      });
      io.stdout(`${result.message}\n${savedElsewhere(target, book)}`);
    });

  program
    .command('reopen-year')
    .description('年度の確定を解除します（理由は変更履歴に残ります。控えのシートはそのまま残ります）')
    .argument('<book>', '.xlsx ファイル')
    .argument('<year>', '解除する年度')
    .requiredOption('--reason <text>', '解除する理由')
    .option('--out <file>', '結果を別のファイルに保存する（元のファイルは変えない）')
    .action(async (book: string, year: string, opts: { reason: string; out?: string }) => {
      mustExist(book);
      const fy = yearAnswer(year);
      const target = opts.out ?? book;
      const result = await locked(target, io, async () => {
        const wb = await XlsxWorkbook.open(book);
        const r = reopenYear(wb, fy, opts.reason, localActor(), { commandLine: true });
        await wb.save(target);
        return r;
      });
      io.stdout(`${result.message}\n${savedElsewhere(target, book)}`);
    });

  addCycleCommands(program, io);
  addRemindCommand(program, io);
  addNextYearCommand(program, io);
  addExportCommand(program, io);
  addConsolidateCommand(program, io, (c) => (code = c));
  addSplitCommand(program, io);
  addCollectCommand(program, io, (c) => (code = c));

  program
    .command('report')
    .description('報告書（表紙・評価の集計・アクションプランごとのページ）を A4 の PDF で作ります。--xlsx で印刷用の .xlsx（ブックは変えません）')
    .argument('<book>', '.xlsx ファイル')
    .requiredOption('--out <file>', '書き出すファイル（PDF。--xlsx のときは .xlsx）')
    .option('--xlsx', '印刷用の .xlsx を書き出す（A4 縦・横幅を1ページに合わせる・アクションプランごとに改ページ・グラフは画像）')
    .option('--year <year>', '評価する年度（例: 2020 / 令和2年度 / R2。省略すると「設定」の評価年度）')
    .option('--public', '公表用にする（メールアドレス・入力チェックの指摘・セルの位置を載せない）')
    .option('--policy <name>', 'この基本方針のアクションプランだけにする')
    .option('--dept <name>', 'この部門が主管または報告するアクションプランだけにする')
    .action(async (book: string, opts: { out: string; xlsx?: boolean; year?: string; public?: boolean; policy?: string; dept?: string }) => {
      mustExist(book);
      reportTargetProblem(book, opts.out, !!opts.xlsx);
      if (opts.policy !== undefined && opts.dept !== undefined) throw new UserError('--policy と --dept は同時に指定できません（どちらか1つにしてください）');
      const year = opts.year === undefined ? undefined : (yearAnswer(opts.year) ?? undefined);
      const scope: ReportScope =
        opts.policy !== undefined ? { kind: 'policy', policy: opts.policy } : opts.dept !== undefined ? { kind: 'department', department: opts.dept } : { kind: 'all' };
      const wb = await XlsxWorkbook.open(book);
      const options = { year, public: !!opts.public, dataDate: await bookDataDate(book), scope };
      const bytes = opts.xlsx ? await reportXlsxOfWorkbook(wb, options) : await reportPdfOfWorkbook(wb, options);
      await writeFileReplacing(opts.out, bytes).catch((e: NodeJS.ErrnoException) => {
        throw new UserError(`${opts.out} に書き出せません（${e.code === 'EACCES' || e.code === 'EPERM' ? '書き込みの権限がありません' : e.code ?? String(e)}）`);
      });
      const kind = opts.xlsx ? '印刷用の .xlsx' : 'PDF';
      io.stdout(`報告書（${opts.public ? '公表用' : '庁内用'}、${kind}）を書き出しました: ${opts.out}\n`);
    });

  program
    .command('demo')
    .description('デモの計画で初期設定・部門シート作成・集計まで行い、結果を表示します')
    .option('--out <file>', '書き出すファイル', 'out/demo.xlsx')
    .option('--json', '結果を JSON で出力する')
    .action(async (opts: { out: string; json?: boolean }) => {
      code = await demo(resolve(opts.out), io, !!opts.json);
    });

  program
    .command('preview')
    .description('入力サイドバーをこのパソコンのブラウザで試すためのサーバーを起動します（Google は不要。Ctrl+C で終了）')
    .argument('[book]', '.xlsx ファイル（省略すると out/preview.xlsx。なければデモの計画で作ります）')
    .option('--port <n>', 'ポート番号', '8080')
    .option('--sheet <name>', '開いたときに表示する部門（スプレッドシートのアクティブなシートの代わり）', '')
    .option('--user <email>', 'この人として操作する（確認・差戻しは「設定」の調整担当者・所属長かどうかで判断します。変更履歴・確認履歴に記録）')
    .action(async (book: string | undefined, opts: { port: string; sheet: string; user?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`ポート番号「${opts.port}」が正しくありません（0〜65535）`);
      const file = resolve(book ?? 'out/preview.xlsx');
      if (!book && (await ensureDemoBook(file))) io.stdout(`デモのブックを作りました: ${file}\n`);
      const preview = await startPreview({ book: file, port, activeSheet: opts.sheet, user: opts.user?.trim() || undefined, log: (line) => io.stdout(`${line}\n`) }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'EADDRINUSE') throw new UserError(`ポート ${port} は使用中です。--port で別の番号を指定してください`);
        throw e;
      });
      io.stdout(`入力サイドバーのプレビュー: ${preview.url}\n保存は ${file} に書き込まれます。終了するには Ctrl+C を押してください。\n`);
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
      await preview.close();
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    return reportError(e, io);
  }
}


const COMMANDER_MESSAGES: Record<string, string> = {
  'commander.unknownCommand': '知らないコマンドです',
  'commander.unknownOption': '知らないオプションです',
  'commander.missingArgument': '引数が足りません',
  'commander.optionMissingArgument': 'オプションの値がありません',
  'commander.excessArguments': '引数が多すぎます',
  'commander.missingMandatoryOptionValue': '必要なオプションがありません',
};

function reportError(e: unknown, io: Io): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return EXIT.ok;
    const ja = COMMANDER_MESSAGES[e.code];
    io.stderr(`エラー: ${ja ?? `コマンドの指定が正しくありません（${e.message}）`}。shinchoku --help で使い方を確認してください\n`);
    return EXIT.failed;
  }
  if (e instanceof UserError) {
    io.stderr(`エラー: ${e.message}\n`);
    return EXIT.failed;
  }
  const message = errorText(e);
  io.stderr(`予期しないエラーが発生しました: ${message}\n`);
  if (process.env.SHINCHOKU_DEBUG && e instanceof Error) io.stderr(`${e.stack}\n`);
  return EXIT.failed;
}
