/**
 * Granular consent: on Google's consent screen people may untick single scopes (guides/Scopes.md, "Handle granular
 * OAuth permissions"). Every menu job and sidebar call asks for the scopes of its feature before it touches anything,
 * so a missing consent ends the execution with Google's authorization prompt instead of a permission error halfway
 * through a job — and people who only enter figures are never asked to let the add-in send mail or run on its own.
 *
 * The manifest (appsscript.json `oauthScopes`) is the union of the lists below (test/gas/scopes.test.ts checks it
 * holds exactly them, and that each feature uses every scope it asks for).
 */

const AUTH = 'https://www.googleapis.com/auth/';

export const SCOPE = {
  /** SpreadsheetApp on the open file only. */
  currentOnly: `${AUTH}spreadsheets.currentonly`,
  /** Sidebars, dialogs and alerts. */
  containerUi: `${AUTH}script.container.ui`,
  /** Session.getActiveUser / getEffectiveUser (who may do what, and who did it). */
  email: `${AUTH}userinfo.email`,
  /** MailApp (reference/mail/MailApp.md). */
  sendMail: `${AUTH}script.send_mail`,
  /** ScriptApp.newTrigger / getUserTriggers / deleteTrigger (reference/script/ScriptApp.md). */
  scriptApp: `${AUTH}script.scriptapp`,
  /**
   * Every spreadsheet of the user: SpreadsheetApp.openById needs it (currentonly is not accepted). Only the daily
   * reminder trigger uses it: a clock trigger has no active document (Trigger.getTriggerSourceId "For clock events
   * this returns null"; reported null getActiveSpreadsheet), so it opens the file it was set up in by ID.
   */
  spreadsheets: `${AUTH}spreadsheets`,
} as const;

/** Entering figures, submitting, checking, rolling up, closing the year, reports, the sidebar itself. */
export const BASE_SCOPES: readonly string[] = [SCOPE.currentOnly, SCOPE.containerUi, SCOPE.email];
/** 督促 from the sidebar: preview (the quota left) and send. */
export const REMINDER_SCOPES: readonly string[] = [SCOPE.currentOnly, SCOPE.email, SCOPE.sendMail];
/**
 * 自動督促: turning the daily trigger on or off, and what the trigger itself does (opens the file by ID, reads who it
 * runs as, sends). Asked before the trigger is installed, as Google advises ("Ensure that trigger executions have
 * permissions": requireScopes before installing a trigger), since nobody is there to consent when it runs.
 */
export const AUTO_REMINDER_SCOPES: readonly string[] = [SCOPE.email, SCOPE.sendMail, SCOPE.scriptApp, SCOPE.spreadsheets];
/**
 * The menu's 督促・自動督促: opens the sidebar after asking, from a menu (where Google renders the prompt), for
 * everything the 督促 section may use, so a coordinator can grant what the base jobs never ask for.
 */
export const REMINDER_MENU_SCOPES: readonly string[] = [...new Set([SCOPE.containerUi, ...REMINDER_SCOPES, ...AUTO_REMINDER_SCOPES])];

/**
 * Asks for `scopes` (the base ones by default). `ScriptApp.requireScopes` "ends the current execution and renders an
 * authorization prompt to request the missing consents", and needs no scope itself (reference/script/ScriptApp.md).
 * Call it first in a handler that runs in AuthMode.FULL with a person present; never in onOpen/onInstall
 * (AuthMode.NONE), a custom function, or a trigger (nobody is there to answer: see reminders.ts).
 */
export function requireConsent(scopes: readonly string[] = BASE_SCOPES): void {
  ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, [...scopes]);
}

/** Whether this execution holds every consent in `scopes` (a trigger's check: it cannot ask). */
export function hasConsent(scopes: readonly string[]): boolean {
  // getAuthorizationInfo(authMode, oAuthScopes) is in the reference; @types/google-apps-script 2.0.13 predates it.
  const info = ScriptApp.getAuthorizationInfo as unknown as (mode: GoogleAppsScript.Script.AuthMode, scopes: string[]) => GoogleAppsScript.Script.AuthorizationInfo;
  return info(ScriptApp.AuthMode.FULL, [...scopes]).getAuthorizationStatus() === ScriptApp.AuthorizationStatus.NOT_REQUIRED;
}
