/**
 * 部門ファイルの配布・回収 inside Google Sheets (issue 16): a dialog whose page builds the department files and reads
 * the returned ones in the browser (src/ui/files; exceljs and JSZip run there), while these calls give it the sheets
 * and collect what it read, with the core's departmentFiles and collectFiles over the SpreadsheetApp adapter.
 *
 * Why in the browser: building an .xlsx on the server would take either a hand-written OOXML writer (Utilities.zip
 * plus XML) or a temporary spreadsheet exported through UrlFetchApp, which needs the Drive and external-request scopes
 * and loses what makes a department file (a very hidden stamp sheet, the unlocked entry cells). The page needs no
 * scope beyond the add-in's base ones; HtmlService's sandbox allows downloads (platform-facts §18).
 */
import type { CollectResult } from '../core/files/collect';
import { collectUploads, issueFiles, type FilesIssue } from '../core/files/exchange';
import { SHEETS_HINTS } from '../core/files/hints';
import { authorizeIn } from '../core/roles';
import type { FilesDialog } from '../core/sidebar/types';
import { actor, withDocumentLock } from './addon';
import { requireConsent } from './consent';
import { book, call } from './sidebar';

export const FILES_DIALOG_TITLE = '部門ファイルの配布・回収';

/** Opens the dialog (the menu item and the sidebar's button). */
export function openDialog(): FilesDialog {
  requireConsent();
  const html = HtmlService.createHtmlOutputFromFile('files').setWidth(760).setHeight(620);
  SpreadsheetApp.getUi().showModalDialog(html, FILES_DIALOG_TITLE);
  return { url: '' };
}

/** The department files of a year (null: 評価年度), for the page to build (coordinators). */
export function issue(year: number | null): FilesIssue {
  return call('部門ファイルの作成', () => {
    const wb = book();
    const who = actor();
    authorizeIn(wb, who.user, { kind: 'coordinator', what: '部門ファイルの作成' });
    return issueFiles(wb, typeof year === 'number' ? year : null, who, SHEETS_HINTS);
  });
}

/** The returned files the page read, collected into the book under the document lock (coordinators). */
export function collect(request: unknown): CollectResult {
  return call('回収', () =>
    withDocumentLock(() => {
      const wb = book();
      const who = actor();
      authorizeIn(wb, who.user, { kind: 'coordinator', what: '回収' });
      return collectUploads(wb, request, who, SHEETS_HINTS);
    }),
  );
}
