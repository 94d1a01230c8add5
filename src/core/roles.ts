/**
 * Who may do what, from 設定: coordinators (調整担当者メール) run setup, the rollup and the year's closing and may
 * enter any department's figures; a department's 入力担当者 enter its figures. When the platform does not tell
 * who the user is (an empty e-mail: another organisation's or a personal account), nothing is allowed.
 */
import { UserError } from './errors';
import type { Settings } from './model';
import { readSettings, SETTING_KEYS } from './layout/settings';
import type { SheetEditors, WorkbookPort } from './workbook';
import { SHEET } from './layout/sheet-names';

export type Need = { kind: 'coordinator'; what: string } | { kind: 'dept'; dept: string };

const UNKNOWN =
  'Google があなたのメールアドレスを知らせないため、権限を確認できません（他の組織のアカウントや個人の Google アカウントで開いているときに起きます）。' +
  '組織のアカウントで開き直すか、調整担当者に依頼してください';

/** An e-mail address as compared everywhere: Google reports addresses in any case, people type them with spaces. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

const same = (a: string, b: string) => emailKey(a) === emailKey(b);

export function isCoordinator(settings: Settings, email: string): boolean {
  return email !== '' && settings.coordinators.some((c) => same(c, email));
}

export function canEnter(settings: Settings, email: string, dept: string): boolean {
  return isCoordinator(settings, email) || (email !== '' && (settings.editors.get(dept) ?? []).some((e) => same(e, email)));
}

/** A 所属長 of `dept` (設定's 所属長メール column); only meaningful when 所属長確認 is used. */
export function isHead(settings: Settings, email: string, dept: string): boolean {
  return email !== '' && (settings.heads?.get(dept) ?? []).some((e) => same(e, email));
}

/** Throws a plain Japanese explanation when `email` may not do what is needed. */
export function authorize(settings: Settings, email: string, need: Need): void {
  if (email === '') throw new UserError(UNKNOWN);
  if (need.kind === 'coordinator') {
    if (isCoordinator(settings, email)) return;
    throw new UserError(
      settings.coordinators.length
        ? `${need.what}は調整担当者だけが実行できます（${email} は「${SHEET.settings}」の「${SETTING_KEYS.coordinators}」にありません）`
        : `${need.what}を実行できる人がまだ決まっていません。「${SHEET.settings}」の「${SETTING_KEYS.coordinators}」に調整担当者のメールアドレスを入れてください`,
    );
  }
  if (canEnter(settings, email, need.dept)) return;
  throw new UserError(`「${need.dept}」の実績を保存できるのは、その部門の入力担当者と調整担当者だけです（${email} は「${SHEET.settings}」の入力担当者の表にありません）`);
}

/** authorize() against the workbook's 設定 (read once more); a 設定 that cannot be read is left to the job to report. */
export function authorizeIn(book: WorkbookPort, email: string, need: Need): void {
  const { settings } = readSettings(book.readSheet(SHEET.settings));
  if (settings) authorize(settings, email, need);
  else if (email === '') throw new UserError(UNKNOWN);
}

/**
 * Who may edit each kind of sheet, as Sheets' protections are set from 設定. The owner and the person running
 * the add-in stay editors whatever these say (Sheets never removes them), so these are the people added.
 */
export const sheetEditors = {
  /** 設定, 計画マスタ, 達成状況, 検証結果, 年度確定: the coordinators, whose jobs write them. */
  coordinators: (settings: Settings): SheetEditors => ({ sheet: settings.coordinators }),
  /** A department tab: coordinators everywhere, its 入力担当者 on the entry cells of open years. */
  department: (settings: Settings, dept: string): SheetEditors => ({ sheet: settings.coordinators, entries: settings.editors.get(dept) ?? [] }),
  /** 変更履歴: everyone whose save appends to it (a script writes as the person using it). */
  log: (settings: Settings): SheetEditors => ({ sheet: [...new Set([...settings.coordinators, ...[...settings.editors.values()].flat()])] }),
  /** 確認履歴: everyone who moves a tab through the cycle (入力担当者 submit, 所属長 confirm, coordinators). */
  review: (settings: Settings): SheetEditors => ({
    sheet: [...new Set([...settings.coordinators, ...[...settings.editors.values()].flat(), ...[...(settings.heads?.values() ?? [])].flat()])],
  }),
};
