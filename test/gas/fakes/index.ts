/**
 * In-memory fakes of the Apps Script services the Sheets add-in uses (SpreadsheetApp, PropertiesService,
 * LockService, Session, HtmlService, ScriptApp with its triggers, MailApp, Logger, Utilities), following the checklist in
 * /work/shared/docs/platform-facts.md. See environment.ts for the execution model.
 */
export { createEnvironment, FakeEnvironment } from './environment';
export type { CallCounts, CustomFunctionResult, EnvironmentOptions, FakeGlobals, LockControl } from './environment';
export type { AlertRecord, AuthModeName, AuthPromptRecord, Limits, MenuEntry, MenuRecord, ShownHtmlRecord, ToastRecord, UiRecord } from './context';
export { DEFAULT_LIMITS, categorize } from './context';
export { ExecutionEnded, MSG, SCOPES } from './errors';
export { METHOD_SCOPES, SCOPE_TABLE_SOURCE } from './scopes';
export { ERROR_LITERALS, GENERAL_FORMAT, TYPED_INPUT_FORMS, dateToSerial, serialToDate, parseTyped } from './values';
export { errorCells } from './range';
export { formatDisplay } from './format';
export type { LockKind } from './lock';
export { DEFAULT_MAIL_QUOTA, MAIL_MSG, MAIL_RECIPIENTS_PER_MESSAGE } from './mail';
export type { SentMail } from './mail';
export { TRIGGER_LIMITS, TRIGGER_MSG } from './triggers';
export type { TriggerRecord } from './triggers';
