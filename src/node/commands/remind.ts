/**
 * `shinchoku remind <book> [--year Y] [--drafts <folder>]`: reminders (督促) to the departments not yet submitted or
 * returned. Without --drafts it shows what would be sent and writes nothing; with --drafts it writes one .eml per
 * department (reminder-drafts.ts) and records each as 督促 in 確認履歴, under the book lock. The command line acts as
 * the coordinator and says so.
 */
import type { Command } from 'commander';
import { basename } from 'node:path';
import { COMMAND_LINE, COMMAND_LINE_NOTE, japaneseDate, recordReminders, reminderPlan, type ReminderMail, type ReminderPlan } from '../../core/cycle';
import { UserError } from '../../core/errors';
import { yearAnswer } from '../../core/year-lock';
import { localActor, locked, mustExist, type Io } from '../cli-support';
import { writableFolder, writeDrafts } from '../reminder-drafts';
import { XlsxWorkbook } from '../xlsx-workbook';

/** Where a department enters its figures, as the mail names it for a file: the workbook's file name and the tab. */
export const fileLink = (book: string) => (dept: string) => `ファイル「${basename(book)}」の「${dept}」シート`;

const list = (emails: readonly string[]) => (emails.length ? emails.join('、') : 'なし');

function planHead(plan: ReminderPlan): string[] {
  const deadline = plan.deadlineDay ? japaneseDate(plan.deadlineDay) : plan.deadline || '（「設定」に提出期限がありません）';
  return [`${plan.fiscalYearLabel}の督促（提出期限: ${deadline}）`];
}

function refuseClosed(plan: ReminderPlan): void {
  if (plan.closed) throw new UserError(`${plan.fiscalYearLabel}は年度確定済みです。督促はできません（確定を解除するか、--year で別の年度を指定してください）`);
}

const summary = (m: ReminderMail) =>
  `・${m.dept}（${m.state}）: 宛先 ${list(m.to)}、CC ${list(m.cc)}、未入力 ${m.missing.length}件${m.returns.length ? `、差戻しの理由 ${m.returns.length}件` : ''}、これまでの督促 ${m.sent}回`;

/**
 * Says on stderr what the coordinator must fix or fill in. A draft is still written for a department without an
 * address: it is a message to finish and send by hand, so its To is left for the mail program (the add-in, which
 * sends, refuses such a department instead).
 */
function problems(plan: ReminderPlan, io: Io): void {
  if (plan.deadlineProblem) io.stderr(`注意: ${plan.deadlineProblem}\n`);
  for (const m of plan.mails.filter((x) => x.problem))
    io.stderr(`注意: 「${m.dept}」: ${m.problem}。下書きは宛先なしで作ります（メールソフトで宛先を入れてから送信してください）\n`);
}

export function addRemindCommand(program: Command, io: Io): void {
  program
    .command('remind')
    .description('未提出・差戻しの部門への督促メールを確認します（--drafts で部門ごとの下書き .eml を書き出し、確認履歴に記録します）')
    .argument('<book>', '.xlsx ファイル')
    .option('--year <year>', '年度（省略すると「設定」の評価年度）')
    .option('--drafts <folder>', '下書き（.eml）を書き出すフォルダ（省略すると内容の確認だけで、何も書きません）')
    .action(async (book: string, opts: { year?: string; drafts?: string }) => {
      mustExist(book);
      const year = opts.year === undefined ? null : yearAnswer(opts.year);
      const link = fileLink(book);
      if (opts.drafts === undefined) {
        const plan = reminderPlan(await XlsxWorkbook.open(book), { year, link });
        refuseClosed(plan);
        problems(plan, io);
        const ready = plan.mails;
        const lines = planHead(plan);
        if (!plan.mails.length) lines.push('督促が必要な部門はありません（すべての部門が提出済みです）');
        for (const m of plan.mails) lines.push(summary(m));
        for (const m of ready) lines.push('', `──── ${m.dept} ────`, `差出人: ${plan.from || '（なし）'}`, `宛先: ${list(m.to)}`, `CC: ${list(m.cc)}`, `件名: ${m.subject}`, '', m.body.trimEnd());
        if (ready.length) lines.push('', `（確認だけです。何も書いていません。--drafts <フォルダ> で${ready.length}部門の下書きを書き出し、確認履歴に記録します）`);
        io.stdout(`${lines.join('\n')}\n`);
        return;
      }
      const folder = opts.drafts;
      writableFolder(folder);
      const result = await locked(book, io, async () => {
        const wb = await XlsxWorkbook.open(book);
        const plan = reminderPlan(wb, { year, link });
        refuseClosed(plan);
        const written = await writeDrafts(folder, plan.fiscalYearLabel, plan.mails, plan.from);
        if (written.length) {
          const actor = localActor();
          for (const w of written) recordReminders(wb, [w.mail], actor, `下書き（${w.file}）`, COMMAND_LINE);
          await wb.save(book);
        }
        return { plan, written };
      });
      problems(result.plan, io);
      const lines = planHead(result.plan);
      if (!result.plan.mails.length) lines.push('督促が必要な部門はありません（すべての部門が提出済みです）');
      for (const w of result.written) lines.push(`${summary({ ...w.mail, sent: w.mail.sent + 1 })} → ${w.path}`);
      if (result.written.length) lines.push(`${result.written.length}部門の下書きを書き出し、確認履歴に督促として記録しました。メールソフトで開いて送信してください。`, COMMAND_LINE_NOTE);
      io.stdout(`${lines.join('\n')}\n`);
    });
}
