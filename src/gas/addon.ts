/**
 * The menu and what its items do inside Google Sheets: the same core jobs as the command line, over the
 * SpreadsheetApp adapter, each write under the document lock and flushed before the lock is released.
 */
import { demoEntries, demoMaster, demoSettings } from '../core/demo/suita';
import { reportHtml } from '../core/env-check-report';
import { UserError, userMessage } from '../core/errors';
import { initWorkbook, newPlan, setupDepartmentTabs, setupMessage } from '../core/jobs';
import { closeYear, reopenYear, UnconfirmedError, yearAnswer } from '../core/year-lock';
import { prepareNextYear } from '../core/cycle';
import type { Actor } from '../core/layout/change-log';
import { authorizeIn } from '../core/roles';
import { runCheck, runRollup } from '../core/sidebar/service';
import type { FindingView } from '../core/sidebar/types';
import { SHEET } from '../core/layout/sheet-names';
import { severityLabel } from '../core/model';
import { requireConsent } from './consent';
import { checkEnvironment } from './env-check';
import { PRINT_HELP, reportMessage, reportSheets } from '../core/report/job';
import type { ReportRequest, ReportResult } from '../core/sidebar/types';
import { writeReportSheets } from './report-sheet';
import { writeOpenDataSheet } from '../core/export/open-data-sheet';
import { SheetsWorkbook } from './sheets-workbook';
import { SpreadsheetCalendar } from './time-zone';

export const MENU: readonly (readonly [caption: string, fn: string] | null)[] = [
  ['初期設定', 'menuInit'],
  ['初期設定（デモの計画）', 'menuInitDemo'],
  null,
  ['部門シート作成・更新', 'menuSetup'],
  ['入力チェック', 'menuValidate'],
  ['集計', 'menuRollup'],
  null,
  ['年度確定', 'menuCloseYear'],
  ['年度確定の解除', 'menuReopenYear'],
  ['新年度の準備', 'menuNextYear'],
  null,
  ['報告書作成', 'menuReport'],
  ['オープンデータ出力', 'menuExport'],
  null,
  ['入力サイドバー', 'showSidebar'],
  ['督促・自動督促', 'menuReminders'],
  ['部門ファイルの配布・回収', 'menuFiles'],
  null,
  ['環境チェック', 'menuEnvCheck'],
];

/** Builds the add-on menu. Safe in AuthMode.NONE: it touches nothing but the Ui. */
export function buildMenu(): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
}

const LOCK_WAIT_MS = 30_000;

/** Runs `write` holding the document lock; pending changes are flushed before the lock is released. */
export function withDocumentLock<T>(write: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) throw new UserError('ほかの人が書き込み中です。少し待ってからもう一度実行してください');
  try {
    return write();
  } finally {
    SpreadsheetApp.flush();
    lock.releaseLock();
  }
}

/** Shows the result, or a Japanese message for anything that went wrong (never a stack trace). */
function run(title: string, job: () => string): void {
  requireConsent();
  const ui = SpreadsheetApp.getUi();
  try {
    ui.alert(title, job(), ui.ButtonSet.OK);
  } catch (e) {
    ui.alert(`${title}: エラー`, userMessage(e), ui.ButtonSet.OK);
  }
}

/**
 * Who runs this execution and when: the e-mail is '' for people of other domains and consumer accounts; the time is
 * the spreadsheet's wall clock (time-zone.ts), read only by the jobs that record one, so the others make no call for it.
 */
export function actor(): Actor {
  let now: Date | undefined;
  return {
    user: Session.getActiveUser().getEmail(),
    get now() {
      return (now ??= new SpreadsheetCalendar(() => SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone()).now());
    },
  };
}

function book(): SheetsWorkbook {
  return new SheetsWorkbook(SpreadsheetApp.getActiveSpreadsheet());
}

function findingLines(findings: FindingView[], limit = 10): string {
  const lines = findings.slice(0, limit).map((f) => `・${severityLabel(f.severity)} ${f.sheet}${f.cell ? `!${f.cell}` : ''} ${f.message}`);
  if (findings.length > limit) lines.push(`…ほか${findings.length - limit}件（「${SHEET.findings}」シートを見てください）`);
  return lines.join('\n');
}

export function initPlan(demo: boolean): void {
  run('初期設定', () =>
    withDocumentLock(() => {
      const wb = book();
      // Whoever sets the plan up is its first coordinator; without one nobody could run setup or the rollup.
      const who = actor();
      const plan = demo ? { settings: demoSettings, master: demoMaster } : newPlan(who.now);
      initWorkbook(wb, { ...plan, settings: { ...plan.settings, coordinators: who.user ? [who.user] : [] } });
      if (demo) {
        setupDepartmentTabs(wb, demoEntries, who);
        return '「設定」「計画マスタ」とデモの部門シートを作りました。メニューの「集計」で達成状況を作れます。';
      }
      return '「設定」「計画マスタ」を作りました。記入してから「部門シート作成・更新」を実行してください。';
    }),
  );
}


export function setupTabs(): void {
  run('部門シート作成・更新', () =>
    withDocumentLock(() => {
      const who = actor();
      const wb = book();
      authorizeIn(wb, who.user, { kind: 'coordinator', what: '部門シート作成・更新' });
      return setupMessage(setupDepartmentTabs(wb, [], who));
    }),
  );
}

export function validate(): void {
  run('入力チェック', () =>
    withDocumentLock(() => {
      const wb = book();
      // It writes notes on every department's tab and 検証結果, which only coordinators may edit.
      authorizeIn(wb, actor().user, { kind: 'coordinator', what: '入力チェック' });
      const result = runCheck(wb);
      if (!result.errors && !result.warnings) return result.message;
      return `${result.message}\n${findingLines(result.view.findings)}`;
    }),
  );
}

export function rollup(): void {
  run('集計', () =>
    withDocumentLock(() => {
      const wb = book();
      authorizeIn(wb, actor().user, { kind: 'coordinator', what: '集計' });
      return runRollup(wb).message;
    }),
  );
}

/** Asks for a fiscal year: its text ('' = the year under evaluation), or null when the person cancels. */
function askYear(title: string, question: string): string | null {
  const ui = SpreadsheetApp.getUi();
  const answer = ui.prompt(title, `${question}（例: 2025 / 令和7年度 / R7。空欄なら評価年度）`, ui.ButtonSet.OK_CANCEL);
  return answer.getSelectedButton() === ui.Button.OK ? answer.getResponseText() : null;
}

export function closeYearMenu(): void {
  run('年度確定', () => {
    const text = askYear('年度確定', 'どの年度を確定しますか。確定すると、その年度の達成状況を控えのシートに残し、各部門の実績を編集できなくします');
    if (text === null) return '取り消しました。';
    const year = yearAnswer(text);
    const attempt = (forceReason?: string) =>
      withDocumentLock(() => {
        const wb = book();
        const who = actor();
        authorizeIn(wb, who.user, { kind: 'coordinator', what: '年度確定' });
        return closeYear(wb, year, who, { forceReason }).message;
      });
    try {
      return attempt();
    } catch (e) {
      if (!(e instanceof UnconfirmedError)) throw e;
      // Asked outside the document lock (a person may take their time); closeYear checks everything again.
      const ui = SpreadsheetApp.getUi();
      const answer = ui.prompt('年度確定', `${e.message}\n\n確認を待たずに確定するときは、その理由を入力してください（空欄なら確定しません）`, ui.ButtonSet.OK_CANCEL);
      const reason = answer.getSelectedButton() === ui.Button.OK ? answer.getResponseText().trim() : '';
      if (!reason) return `確定しませんでした。\n${e.message}`;
      return attempt(reason);
    }
  });
}

export function reopenYearMenu(): void {
  run('年度確定の解除', () => {
    const text = askYear('年度確定の解除', 'どの年度の確定を解除しますか');
    if (text === null) return '取り消しました。';
    const year = yearAnswer(text);
    const ui = SpreadsheetApp.getUi();
    const reason = ui.prompt('年度確定の解除', '解除する理由を入力してください（変更履歴に残ります）', ui.ButtonSet.OK_CANCEL);
    if (reason.getSelectedButton() !== ui.Button.OK) return '取り消しました。';
    return withDocumentLock(() => {
      const wb = book();
      const who = actor();
      authorizeIn(wb, who.user, { kind: 'coordinator', what: '年度確定の解除' });
      return reopenYear(wb, year, reason.getResponseText(), who).message;
    });
  });
}

/**
 * 新年度の準備 (coordinators), after a confirmation: moves 評価年度 on once the year is closed, under the lock and within
 * the write budget (tabs left for later are said, as 年度確定 does). The core refuses while the year is not closed.
 */
export function nextYearMenu(): void {
  run('新年度の準備', () => {
    const ui = SpreadsheetApp.getUi();
    const answer = ui.alert(
      '新年度の準備',
      '確定した評価年度の次の年度に進めます。「設定」の評価年度を1年進め、各部門シートの提出状況を「未提出」に戻します（入力はすべて残ります）。よろしいですか？',
      ui.ButtonSet.OK_CANCEL,
    );
    if (answer !== ui.Button.OK) return '取り消しました。';
    return withDocumentLock(() => {
      const wb = book();
      const who = actor();
      authorizeIn(wb, who.user, { kind: 'coordinator', what: '新年度の準備' });
      return prepareNextYear(wb, who).message;
    });
  });
}

/**
 * 報告書作成 (coordinators): the report's sheets for printing with their charts, under the lock. The figures are
 * dated by the spreadsheet's wall clock (actor().now).
 */
export function makeReport(request: ReportRequest): ReportResult {
  return withDocumentLock(() => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const wb = new SheetsWorkbook(ss);
    const who = actor();
    authorizeIn(wb, who.user, { kind: 'coordinator', what: '報告書作成' });
    const { model, outputs } = reportSheets(wb, request, who.now);
    const { sheets, charts } = writeReportSheets(ss, wb, outputs);
    return { message: reportMessage(model, sheets, charts), sheets, charts, printHelp: PRINT_HELP };
  });
}

/**
 * The menu's 報告書作成: asks for the year and 庁内用 / 公表用 and reports on the whole plan (the sidebar's 提出状況
 * also picks a 基本方針 or a department), then opens the report sheet.
 */
export function reportMenu(): void {
  run('報告書作成', () => {
    const text = askYear('報告書作成', 'どの年度の報告書を作りますか');
    if (text === null) return '取り消しました。';
    const fiscalYear = yearAnswer(text);
    const ui = SpreadsheetApp.getUi();
    const answer = ui.alert('報告書作成', '公表用にしますか？\n「はい」: 公表用（メールアドレスと入力チェックの指摘を載せません）\n「いいえ」: 庁内用', ui.ButtonSet.YES_NO_CANCEL);
    if (answer === ui.Button.CANCEL || answer === ui.Button.CLOSE) return '取り消しました。';
    const result = makeReport({ fiscalYear, audience: answer === ui.Button.YES ? 'public' : 'internal', scope: { kind: 'all' } });
    SpreadsheetApp.getActiveSpreadsheet().getSheetByName(result.sheets[result.sheets.length - 1]!)?.activate();
    return `${result.message}\n\n${result.printHelp}`;
  });
}

/** オープンデータ出力 (coordinators): writes 「公表データ」 under the lock and opens it for ファイル → ダウンロード → CSV. */
export function exportMenu(): void {
  run('オープンデータ出力', () => {
    const message = withDocumentLock(() => {
      const wb = book();
      authorizeIn(wb, actor().user, { kind: 'coordinator', what: 'オープンデータ出力' });
      return writeOpenDataSheet(wb);
    });
    SpreadsheetApp.getActiveSpreadsheet().getSheetByName(SHEET.openData)?.activate();
    return message;
  });
}

export function openSidebar(): void {
  requireConsent();
  const html = HtmlService.createHtmlOutputFromFile('sidebar').setTitle('進捗 入力・提出');
  SpreadsheetApp.getUi().showSidebar(html);
}

/** 環境チェック (coordinators): tries live what only Google can show, under the lock, then shows the table in a dialog. */
export function envCheckMenu(): void {
  requireConsent();
  const ui = SpreadsheetApp.getUi();
  let html: string;
  try {
    html = withDocumentLock(() => reportHtml(checkEnvironment(SpreadsheetApp.getActiveSpreadsheet())));
  } catch (e) {
    ui.alert('環境チェック: エラー', userMessage(e), ui.ButtonSet.OK);
    return;
  }
  ui.showModalDialog(HtmlService.createHtmlOutput(html).setWidth(960).setHeight(640), '環境チェック');
}
