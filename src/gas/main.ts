/*
 * The add-in's one public surface: every export here becomes a top-level function of the Apps Script project
 * (scripts/build-gas.mjs generates build/entry.js from these exports and their JSDoc).
 * Rules the build enforces: each export is a plain function; UPPER_CASE names are custom functions and carry
 * `@customfunction`; no name ends with `_`. No work at module load (no top-level calls or service access).
 */
import { achievementGradeFormula, achievementRateFormula, expectedValueFormula, fiscalYearFormula, jpNumberFormula, paceNeededFormula, projectedFinalFormula } from '../core/formulas';
import type { CoordinatorView, CycleReturnRequest, DeptForm, JobResult, ReportRequest, ReportResult, SaveRequest, SaveResult, SidebarStart } from '../core/sidebar/types';
import type { CycleStatus, TabRef, TransitionResult } from '../core/cycle';
import * as cycle from './cycle';
import { buildMenu, closeYearMenu, envCheckMenu, exportMenu, initPlan, nextYearMenu, openSidebar, reopenYearMenu, reportMenu, rollup, setupTabs, validate } from './addon';
import * as sidebar from './sidebar';
import * as reminders from './reminders';
import * as files from './files';
import type { CollectResult } from '../core/files/collect';
import type { CollectRequest, FilesIssue } from '../core/files/exchange';
import type { AutoReminderState, FilesDialog, ReminderPreview, ReminderSendRequest, ReminderSendResult } from '../core/sidebar/types';
import { calendarArguments } from './time-zone';

/**
 * 達成率を割合で返します（1 = 100%。セルの表示形式を % にしてください）。四捨五入も上限もしません。
 * 「30.7%」「▲16.7%」「1,730件」「申込み 30.7%」のような入力も読めます。% の文字列は割合として読みます（"30.7%" = 0.307）。
 * 空欄や「未測定」「-」「中止」は空欄を返します。範囲を渡すと同じ形の範囲を返します。
 *
 * @param {number|string|Array<Array<number|string>>} actual 実績（値または範囲）
 * @param {number|string|Array<Array<number|string>>} target 目標（値または範囲）
 * @param {number|string|Array<Array<number|string>>} baseline 省略可。基準値。増加なら (実績−基準値)÷(目標−基準値)、減少なら (基準値−実績)÷(基準値−目標)
 * @param {string|Array<Array<string>>} direction 省略可。「増加」（既定）・「減少」・「維持」
 * @return 達成率（割合）
 * @customfunction
 */
export function ACHIEVEMENT_RATE(actual: unknown, target: unknown, baseline?: unknown, direction?: unknown): unknown {
  return achievementRateFormula(...calendarArguments(actual, target, baseline, direction));
}

/**
 * 達成率から評価（A・B・C・D など）を返します。達成率は割合（0.575）か「57.5%」で指定します。
 * 空欄や「未測定」は空欄を返します。範囲を渡すと同じ形の範囲を返します。
 *
 * @param {number|string|Array<Array<number|string>>} rate 達成率（値または範囲）
 * @param {string|Array<Array<number|string>>} scale 省略可。評価基準のプリセット名（「愛知型」（既定）・「110%型」・「茨城型」（期待値比）・「90/75型」）か、「評価」「達成率の下限(%)」の2列の範囲（最後の下限は空欄）
 * @return 評価の記号
 * @customfunction
 */
export function ACHIEVEMENT_GRADE(rate: unknown, scale?: unknown): unknown {
  return achievementGradeFormula(...calendarArguments(rate, scale));
}

/**
 * 日本語で書かれた数値を、書かれたとおりの数にします（% は換算しません）。
 * 「30.7%」→ 30.7、「▲16.7%」→ -16.7、「1,730件」→ 1730、「3万5千件」→ 35000。
 * 数値のセルはそのまま返します（% 表示のセルの 30.7% は Sheets が 0.307 として渡すので 0.307）。
 * 空欄や「未測定」「-」は空欄を返します。1つのセルに値が複数あるとエラーです。
 *
 * @param {string|number|Array<Array<string|number>>} text 数値の書かれたセル（値または範囲）
 * @return 数値
 * @customfunction
 */
export function JP_NUMBER(text: unknown): unknown {
  return jpNumberFormula(...calendarArguments(text));
}

/**
 * 年度ラベルまたは日付から年度（西暦の数）を返します。年度は4月1日から3月31日まで。
 * 「令和元年度」→ 2019、「R5」→ 2023、「H30」→ 2018、「FY2019」→ 2019、「(令和4年度)」「令和4年度実績」→ 2022、
 * 「R4.3」（令和4年3月）→ 2021、2020/3/31 → 2019。「3年度」（元号なし）や「R1-R5」（期間）はエラーです。空欄は空欄を返します。
 *
 * @param {string|Date|Array<Array<string|Date>>} label_or_date 年度ラベルか日付（値または範囲）
 * @return 年度（西暦）
 * @customfunction
 */
export function FISCAL_YEAR(label_or_date: unknown): unknown {
  return fiscalYearFormula(...calendarArguments(label_or_date));
}

/**
 * 期待値（基準値から目標まで毎年均等に進んだときのその年度の値）を返します。
 * 基準値 +（目標 − 基準値）×（年度 − 基準年度）÷（目標年度 − 基準年度）。四捨五入はしません。
 * 年度は 2019 のような西暦か「令和元年度」「R1」。% の文字列は割合として読みます（"30%" = 0.3）。
 * 空欄は空欄を返します。範囲を渡すと同じ形の範囲を返します。
 *
 * @param {number|string|Array<Array<number|string>>} baseline 基準値（値または範囲）
 * @param {number|string|Array<Array<number|string>>} target 目標（最終年度の目標値。値または範囲）
 * @param {number|string|Array<Array<number|string>>} baseline_year 基準年度（値または範囲）
 * @param {number|string|Array<Array<number|string>>} target_year 目標年度（値または範囲）
 * @param {number|string|Array<Array<number|string>>} year 期待値を求める年度（値または範囲）
 * @return 期待値
 * @customfunction
 */
export function EXPECTED_VALUE(baseline: unknown, target: unknown, baseline_year: unknown, target_year: unknown, year: unknown): unknown {
  return expectedValueFormula(...calendarArguments(baseline, target, baseline_year, target_year, year));
}

/**
 * 実績の推移から目標年度の見込み（最終年度見込み）を返します。
 * 方式「傾向」（既定）: 実績のある年度の最小二乗直線を目標年度まで延ばします（2年度以上の実績が必要）。
 * 方式「実績ペース」: 基準値から最新の実績までのペースが続くとして、基準値 +（実績 − 基準値）×（目標年度 − 基準年度）÷（実績の年度 − 基準年度）。
 * 年度の範囲は1行か1列。実績の範囲の各行（年度が1列なら各列）が1つの指標の推移で、指標ごとに1つの値を返します。
 * 空欄や「未測定」の年度は飛ばします（0とは読みません）。目標年度より後の実績は使いません。
 *
 * @param {number|string|Array<Array<number|string>>} actuals 実績の範囲
 * @param {number|string|Array<Array<number|string>>} years 年度の範囲（1行か1列）
 * @param {number|string|Array<Array<number|string>>} target_year 目標年度（値、または指標ごとの範囲）
 * @param {string} method 省略可。「傾向」（既定）か「実績ペース」
 * @param {number|string|Array<Array<number|string>>} baseline 省略可（実績ペースでは必要）。基準値
 * @param {number|string|Array<Array<number|string>>} baseline_year 省略可（実績ペースでは必要）。基準年度
 * @return 目標年度の見込み
 * @customfunction
 */
export function PROJECTED_FINAL(actuals: unknown, years: unknown, target_year: unknown, method?: unknown, baseline?: unknown, baseline_year?: unknown): unknown {
  return projectedFinalFormula(...calendarArguments(actuals, years, target_year, method, baseline, baseline_year));
}

/**
 * 目標年度に目標へ届くために、あと毎年必要な増分を返します:（目標 − 実績）÷（目標年度 − 年度）。減少の指標では負の値です。
 * これまでの年増分は、実績・年度の代わりに基準値・基準年度、目標・目標年度の代わりに実績・その年度を渡すと求まります
 * （=PACE_NEEDED(基準値, 基準年度, 実績, 年度) =（実績 − 基準値）÷（年度 − 基準年度））。
 * 空欄は空欄を返します。範囲を渡すと同じ形の範囲を返します。
 *
 * @param {number|string|Array<Array<number|string>>} actual 実績（値または範囲）
 * @param {number|string|Array<Array<number|string>>} year 実績の年度（値または範囲）
 * @param {number|string|Array<Array<number|string>>} target 目標（値または範囲）
 * @param {number|string|Array<Array<number|string>>} target_year 目標年度（値または範囲）
 * @return 1年あたりに必要な増分
 * @customfunction
 */
export function PACE_NEEDED(actual: unknown, year: unknown, target: unknown, target_year: unknown): unknown {
  return paceNeededFormula(...calendarArguments(actual, year, target, target_year));
}

/**
 * Adds the 進捗 menu when the spreadsheet opens. Runs in AuthMode.NONE for an add-on that is installed but not
 * yet used in this document, so it touches nothing but the menu.
 * @param {GoogleAppsScript.Events.SheetsOnOpen} _e the open event
 */
export function onOpen(_e?: unknown): void {
  buildMenu();
}

/**
 * Runs when the add-on is installed: the menu appears at once, without reopening the file.
 * @param {GoogleAppsScript.Events.AddonOnInstall} e the install event
 */
export function onInstall(e?: unknown): void {
  onOpen(e);
}

/** メニュー「初期設定」: 「設定」「計画マスタ」を作ります。 */
export function menuInit(): void {
  initPlan(false);
}

/** メニュー「初期設定（デモの計画）」: 吹田市の計画（第6章）と部門シート・実績を入れます。 */
export function menuInitDemo(): void {
  initPlan(true);
}

/** メニュー「部門シート作成・更新」: 計画マスタから部門シートを作成・更新します（入力は残します）。 */
export function menuSetup(): void {
  setupTabs();
}

/** メニュー「入力チェック」（調整担当者）: すべての入力をチェックして「検証結果」に書き出します。 */
export function menuValidate(): void {
  validate();
}

/** メニュー「集計」: 達成率と評価を計算し「達成状況」「検証結果」を書き出します。 */
export function menuRollup(): void {
  rollup();
}

/** メニュー「年度確定」: 年度の達成状況を控えのシートに残し、その年度の実績を編集できなくします。 */
export function menuCloseYear(): void {
  closeYearMenu();
}

/** メニュー「年度確定の解除」: 理由を記録して、確定した年度の実績を再び編集できるようにします。 */
export function menuReopenYear(): void {
  reopenYearMenu();
}

/**
 * メニュー「報告書作成」（調整担当者）: 年度と庁内用・公表用を選び、計画全体の報告書を印刷用のシート（「表紙・概要」「報告書」、
 * 評価指標ごとのグラフ入り）に書き出します。
 */
export function menuReport(): void {
  reportMenu();
}

/**
 * メニュー「オープンデータ出力」（調整担当者）: 指標 × 年度ごとの公表用データを「公表データ」シートに書き出します
 * （「ファイル」→「ダウンロード」→「カンマ区切り形式（.csv）」で CSV にできます）。
 */
export function menuExport(): void {
  exportMenu();
}

/**
 * メニュー「環境チェック」（調整担当者）: Google でしか確かめられない動き（書式なしテキストと数式、メールアドレス、
 * タイムゾーン、保護の編集者、カスタム関数に渡る % など）を作業用シートで試し、結果の表を表示します。作業用シートは削除します。
 */
export function menuEnvCheck(): void {
  envCheckMenu();
}

/** メニュー「入力サイドバー」: サイドバーを開きます。 */
export function showSidebar(): void {
  openSidebar();
}

/** サイドバー: 開いたときの部門（アクティブなシートが部門シートならその部門）と入力フォーム。 */
export function sidebarStart(): SidebarStart {
  return sidebar.start();
}

/**
 * サイドバー: 部門の入力フォーム（評価する年度の指標・予定・前年度の実績・実績・コメント）。
 * @param {string} dept 部門（部門シートの名前）
 */
export function sidebarForm(dept: string): DeptForm {
  return sidebar.form(dept);
}

/**
 * サイドバー: 変えたセルだけを保存します。読み込んだ後に誰かがセルを変えていたら何も書かずに知らせます。
 * @param {SaveRequest} request 部門・年度・変更（読み込んだときの値と新しい値）・提出するか
 */
export function sidebarSave(request: SaveRequest): SaveResult {
  return sidebar.save(request);
}

/** サイドバー（調整部門）: 部門ごとの入力数・提出状況・チェック結果。 */
export function sidebarStatus(): CoordinatorView {
  return sidebar.status();
}

/** サイドバー（調整部門）: 入力チェックを実行します。 */
export function sidebarCheck(): JobResult {
  return sidebar.check();
}

/** サイドバー（調整部門）: 集計を実行します。 */
export function sidebarRollup(): JobResult {
  return sidebar.rollup();
}

/**
 * サイドバー（調整部門）: 報告書を印刷用のシートに書き出します。
 * @param {ReportRequest} request 年度（null なら評価年度）・庁内用か公表用か・範囲（全体・基本方針・部門）
 */
export function sidebarReport(request: ReportRequest): ReportResult {
  return sidebar.report(request);
}

/**
 * サイドバー: シートのセルを選択して表示します。
 * @param {string} sheet シート名
 * @param {string} cell セル（A1 形式）
 */
export function sidebarShowCell(sheet: string, cell: string): boolean {
  return sidebar.showCell(sheet, cell);
}

/**
 * サイドバー（提出状況）: 年度の部門ごとの状態・入力数・問題・最終更新・最後の督促・差戻しの理由。
 * @param {number|null} year 年度（null なら評価年度）
 */
export function sidebarCycle(year: number | null): CycleStatus {
  return cycle.status(year);
}

/**
 * サイドバー（提出状況）: 提出された部門シートを確認します（所属長は所属長確認、調整担当者は確認済みに）。
 * @param {TabRef} request 部門・年度（null なら評価年度）
 */
export function sidebarConfirm(request: TabRef): TransitionResult {
  return cycle.confirm(request);
}

/**
 * サイドバー（提出状況・調整担当者）: 理由を付けて部門シートを差し戻します（シート全体か指標1つ）。
 * @param {CycleReturnRequest} request 部門・年度・理由・指標（空ならシート全体）
 */
export function sidebarReturn(request: CycleReturnRequest): TransitionResult {
  return cycle.sendBack(request);
}

/** メニュー「新年度の準備」（調整担当者）: 確定した評価年度の次の年度に進めます（提出状況を未提出に戻し、入力はすべて残します）。 */
export function menuNextYear(): void {
  nextYearMenu();
}

/**
 * サイドバー（督促・調整担当者）: 未提出・差戻しの部門ごとの督促メール（宛先・CC・件名・本文・未入力の指標）と、今日送れるメールの残り。
 * @param {number|null} year 年度（null なら評価年度）
 */
export function sidebarReminders(year: number | null): ReminderPreview {
  return reminders.preview(year);
}

/**
 * サイドバー（督促・調整担当者）: 選んだ部門に督促メールを送り、確認履歴に記録します（今日送れる残りを超える分は送りません）。
 * @param {ReminderSendRequest} request 年度（null なら評価年度）と部門
 */
export function sidebarSendReminders(request: ReminderSendRequest): ReminderSendResult {
  return reminders.send(request);
}

/**
 * サイドバー（督促・調整担当者）: 自動督促（毎日のトリガー）をオン・オフします。
 * @param {boolean} on オンにするか
 */
export function sidebarAutoReminders(on: boolean): AutoReminderState {
  return reminders.setAuto(on);
}

/**
 * 自動督促のトリガー（毎日）: 開庁日（土日・祝日・年末年始以外）の督促日に、未提出・差戻しの部門へ督促メールを送り、確認履歴に記録します。
 * @param {GoogleAppsScript.Events.TimeDriven} e the time-driven event
 */
export function autoRemindTrigger(e?: unknown): void {
  reminders.runAutoReminders(e);
}

/** メニュー「督促・自動督促」（調整担当者）: メール送信と自動督促に要る許可を求めてから、サイドバーを開きます（督促は「提出状況」にあります）。 */
export function menuReminders(): void {
  reminders.openForReminders();
}

/**
 * メニュー「部門ファイルの配布・回収」（調整担当者）: 部門ごとの記入用ファイル（.xlsx）をダウンロードし、返ってきたファイルを
 * 取り込む画面を開きます（ファイルはブラウザーの中で作り、読みます）。
 */
export function menuFiles(): void {
  files.openDialog();
}

/** サイドバー（調整担当者）: 「部門ファイルの配布・回収」の画面を開きます。 */
export function sidebarOpenFiles(): FilesDialog {
  return files.openDialog();
}

/**
 * 部門ファイルの配布・回収: 年度の部門ごとの記入用ファイルの内容（シート）とファイル名。
 * @param {number|null} year 年度（null なら評価年度）
 */
export function sidebarIssueFiles(year: number | null): FilesIssue {
  return files.issue(year);
}

/**
 * 部門ファイルの配布・回収: ブラウザーで読んだ、部門から返ってきたファイルを取り込みます（shinchoku collect と同じ確認と記録）。
 * @param {CollectRequest} request 年度（null なら評価年度）・競合したセルをファイルの値にするか・ファイル（名前とシート）
 */
export function sidebarCollectFiles(request: CollectRequest): CollectResult {
  return files.collect(request);
}
