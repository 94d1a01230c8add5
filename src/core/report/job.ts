/**
 * The report jobs every shell calls (issue 14): the model of a workbook's report, from the same analysis as 達成状況
 * (the PDF and the print-ready .xlsx render it), and 報告書作成 in a spreadsheet: the print-ready sheets
 * (print-sheets.ts) as the sheets a shell writes. Which sheets: always the same two, 表紙・概要 and 報告書, replaced
 * on each run whatever year, audience and scope were picked (報告書's header row says which), so the workbook does not
 * fill up with one pair of tabs per choice; like 達成状況 they are the coordinators' to edit.
 */
import { UserError } from '../errors';
import { analyzePlan } from '../jobs';
import { reportingDepts } from '../layout/master';
import { isReservedName, sheetNameKey } from '../layout/sheet-names';
import { sheetEditors } from '../roles';
import type { ReportRequest } from '../sidebar/types';
import type { Analysis } from '../analyze';
import type { WorkbookPort } from '../workbook';
import { buildReport } from './build';
import type { ReportModel, ReportScope } from './model';
import type { ReportSheetOutput } from './print-layout';
import { reportPrintSheets } from './print-sheets';

/**
 * How to print, as a cell note on each sheet's A1 and in the job's answer. Apps Script has no page setup (the Sheet
 * reference lists no paper, scaling or page-break method), so the person sets it in Sheets' print dialog.
 */
export const PRINT_HELP =
  '印刷のしかた: このシートを開いて「ファイル → 印刷」を選び、用紙サイズを A4、ページの向きを縦、スケールを「幅に合わせる」にします。' +
  '「ヘッダーとフッター」の「固定行を繰り返す」で見出しの行が各ページに入ります。' +
  'アクションプランごとにページを分けるには「改ページを設定」で各プランの見出し（No.…の行）の上に改ページを置きます。';

export interface ReportSheets {
  model: ReportModel;
  outputs: ReportSheetOutput[];
}

/** The choices of a report: the year (設定's 評価年度 when null), 庁内用 or 公表用, the whole plan or a part. */
export type ReportChoice = Pick<ReportRequest, 'fiscalYear' | 'audience'> & { scope?: ReportScope };

/** A workbook's report model for the choices; reads the plan once, writes nothing. */
export function reportOfBook(book: WorkbookPort, choice: ReportChoice, dataDate: Date): { model: ReportModel; analysis: Analysis } {
  const analysis = analyzePlan(book, '報告書を作成');
  const model = buildReport(analysis, analysis.settings!, { year: choice.fiscalYear ?? undefined, audience: choice.audience, dataDate, scope: choice.scope });
  return { model, analysis };
}

/** The report's sheets for a request; writes nothing. `dataDate`: the figures' date, a core calendar date. */
export function reportSheets(book: WorkbookPort, request: ReportRequest, dataDate: Date): ReportSheets {
  const { model, analysis } = reportOfBook(book, request, dataDate);
  const settings = analysis.settings!;
  const depts = new Set(reportingDepts(analysis.indicators).map(sheetNameKey));
  const editors = sheetEditors.coordinators(settings);
  const outputs = reportPrintSheets(model).map((out): ReportSheetOutput => {
    if (depts.has(sheetNameKey(out.name)) || isReservedName(out.name))
      throw new UserError(`報告部門「${out.name}」の部門シートと同じ名前のため、報告書のシート「${out.name}」を作れません。計画マスタの報告部門の名前を変えてください`);
    return {
      ...out,
      editors,
      // Frozen rows are what Sheets' print dialog repeats on each page (「固定行を繰り返す」).
      ...(out.print.repeatRows?.first === 1 ? { frozenRows: out.print.repeatRows.last } : {}),
      notes: [...(out.notes ?? []).filter((n) => n.row !== 1 || n.col !== 1), { row: 1, col: 1, text: PRINT_HELP }],
    };
  });
  return { model, outputs };
}

/** The answer of a run: what was written for which choice. */
export function reportMessage(model: ReportModel, sheets: string[], charts: number): string {
  const what = [model.cover.fiscalYearLabel, model.cover.audienceLabel, model.cover.scopeLabel].filter(Boolean).join('・');
  return `報告書（${what}）を「${sheets.join('」「')}」シートに書き出しました（アクションプラン ${model.plans.length}件、グラフ ${charts}件）。`;
}
