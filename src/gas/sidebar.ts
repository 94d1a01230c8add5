/**
 * The sidebar's server calls inside Google Sheets: the core sidebar service over the SpreadsheetApp adapter,
 * every write under the document lock. Failures reach the page as Japanese messages (google.script.run hands the
 * failure handler an Error with this message).
 */
import { userMessage } from '../core/errors';
import { authorizeIn } from '../core/roles';
import { coordinatorView, deptForm, runCheck, runRollup, saveForm, sidebarStart } from '../core/sidebar/service';
import type { CoordinatorView, DeptForm, JobResult, ReportRequest, ReportResult, SaveRequest, SaveResult, SidebarStart } from '../core/sidebar/types';
import { checkReportRequest } from '../core/sidebar/request-check';
import { actor, makeReport, withDocumentLock } from './addon';
import { requireConsent } from './consent';
import { SheetsWorkbook } from './sheets-workbook';

export function book(): SheetsWorkbook {
  return new SheetsWorkbook(SpreadsheetApp.getActiveSpreadsheet());
}

/**
 * Runs a call; anything but a UserError becomes a Japanese message that still names the cause. Consent comes first
 * (every call reads the spreadsheet at least); a missing one ends the execution with Google's prompt.
 */
export function call<T>(what: string, job: () => T): T {
  requireConsent();
  try {
    return job();
  } catch (e) {
    throw new Error(userMessage(e, what));
  }
}

export function start(): SidebarStart {
  return call('サイドバーの表示', () => {
    return sidebarStart(book(), SpreadsheetApp.getActiveSheet().getName(), actor().user);
  });
}

export function form(dept: string): DeptForm {
  return call('部門の読み込み', () => deptForm(book(), String(dept), actor().user));
}

export function save(request: SaveRequest): SaveResult {
  return call('保存', () =>
    withDocumentLock(() => {
      const wb = book();
      const who = actor();
      authorizeIn(wb, who.user, { kind: 'dept', dept: String(request.dept) });
      return saveForm(wb, request, who);
    }),
  );
}

export function status(): CoordinatorView {
  return call('提出状況の読み込み', () => coordinatorView(book()));
}

export function check(): JobResult {
  return call('入力チェック', () =>
    withDocumentLock(() => {
      const wb = book();
      authorizeIn(wb, actor().user, { kind: 'coordinator', what: '入力チェック' });
      return runCheck(wb);
    }),
  );
}

export function rollup(): JobResult {
  return call('集計', () =>
    withDocumentLock(() => {
      const wb = book();
      authorizeIn(wb, actor().user, { kind: 'coordinator', what: '集計' });
      return runRollup(wb);
    }),
  );
}

/** 報告書作成 with the coordinator's choices (checked before anything is read). */
export function report(request: ReportRequest): ReportResult {
  return call('報告書作成', () => {
    checkReportRequest(request);
    return makeReport(request);
  });
}

/** Selects the cell in the spreadsheet; false when the sheet is gone. */
export function showCell(sheet: string, cell: string): boolean {
  return call('セルの表示', () => {
    const target = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(String(sheet));
    if (!target) return false;
    target.getRange(/^[A-Z]{1,3}[1-9]\d*$/.test(cell) ? cell : 'A1').activate();
    return true;
  });
}
