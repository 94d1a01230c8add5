/**
 * What the file round trip's messages tell people to do next, in the words of the shell they use: the command line
 * names its commands and flags, the Sheets dialog its menu items and its 年度 select.
 */
import { formatFiscalYear } from '../parse/fiscal-year';

export interface FileHints {
  /** How to hand out fresh files (after the plan changed). */
  reissue: string;
  /** How to make or update the department tabs. */
  setup: string;
  /** How to collect another year's files. */
  otherYear(fy: number): string;
}

export const COMMAND_LINE_HINTS: FileHints = {
  reissue: 'shinchoku split で配り直してください',
  setup: 'shinchoku setup で作成・更新してください',
  otherYear: (fy) => `その年度を回収するときは --year ${fy} を付けてください`,
};

/** The dialog (部門ファイルの配布・回収) in Sheets. */
export const SHEETS_HINTS: FileHints = {
  reissue: '「部門ファイルの配布・回収」でファイルを作り直して配り直してください',
  setup: 'メニュー「部門シート作成・更新」で作成・更新してください',
  otherYear: (fy) => `その年度を回収するときは、画面の「年度」で${formatFiscalYear(fy)}を選んでください`,
};

/** The same dialog in the local preview, where the department tabs are made by the command line. */
export const PREVIEW_HINTS: FileHints = { ...SHEETS_HINTS, setup: COMMAND_LINE_HINTS.setup };
