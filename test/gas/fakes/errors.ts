/**
 * Error texts used by the fakes. Texts marked [real] are quoted from platform-facts.md (Google docs or
 * errors reported verbatim); texts marked [guess] are our own wording where no public source was found.
 */

export const MSG = {
  /** [real] fact 38 */
  startRowTooSmall: 'The starting row of the range is too small.',
  /** [real] fact 38 */
  startColumnTooSmall: 'The starting column of the range is too small.',
  /** [real] fact 38 */
  rowsAtLeastOne: 'The number of rows in the range must be at least 1.',
  /** [real] fact 38 */
  columnsAtLeastOne: 'The number of columns in the range must be at least 1.',
  /** [real] widely reported; only thrown when `strictGrid` is on. */
  outsideSheet: 'The coordinates of the range are outside the dimensions of the sheet.',
  /** [real] fact 37 */
  dataRows: (has: number, range: number) =>
    `The number of rows in the data does not match the number of rows in the range. The data has ${has} but the range has ${range}.`,
  /** [real] fact 37 */
  dataColumns: (has: number, range: number) =>
    `The number of columns in the data does not match the number of columns in the range. The data has ${has} but the range has ${range}.`,
  /** [real] fact 37 (the parameter list rendering is approximate) */
  signature: (params: string, method: string) =>
    `The parameters (${params}) don't match the method signature for ${method}.`,
  /** [real] fact 41 */
  duplicateSheet: (name: string) => `A sheet with the name "${name}" already exists. Please enter another name.`,
  /** [real] reported Sheets API / Apps Script text */
  lastVisibleSheet: "You can't remove all the visible sheets in a document.",
  /** [guess] */
  hideLastVisibleSheet: "You can't hide all the sheets in a document.",
  /** [real] Apps Script text for a bad A1 string */
  rangeNotFound: 'Range not found',
  /** [real] fact 20 (Sheets API wording) */
  cellTooLong: (max: number) => `Your input contains more than the maximum of ${max} characters in a single cell.`,
  /** [real] Sheets wording for the 10M-cell limit */
  tooManyCells: (max: number) =>
    `This action would increase the number of cells in the workbook above the limit of ${max} cells.`,
  /** [guess] */
  tooManyColumns: (max: number) =>
    `This action would increase the number of columns in the sheet above the limit of ${max} columns.`,
  /** [real] fact 44 */
  /**
   * Changing a protection one may not edit, and removing the group that gave the script's own user their right.
   * [Unverified] wording: Google documents that these throw (Protection reference, its sample's comment), not the text.
   */
  protectionDenied: 'You do not have permission to perform that action.',
  removeOwnGroup: 'You cannot remove the group through which you have edit access; add yourself as an editor first.',
  /**
   * [guess] Protection.addEditor(s) given an address Google will not take. Google documents no text and none was
   * found in public issues or code (searched: addEditor / addEditors with "Invalid email", "Exception: Invalid email");
   * modelled on the "Invalid email: …" wording remembered from Drive sharing, unconfirmed. The add-in matches no text.
   */
  invalidEmail: (email: string) => `Invalid email: ${email}`,
  protectedCell:
    'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
  /** [real] fact 11 */
  propertyQuota: 'You have exceeded the property storage quota. Please remove some properties and try again.',
  /** [real] fact 11 */
  propertyEmptyKey: 'When setting or getting a property value, the property name must not be null or empty.',
  /** [real] fact 14 */
  lockTimeout: 'Lock timeout: another process was holding the lock for too long.',
  /**
   * [real] The user's authorization lacks every scope the method accepts (not granted, unticked under granular
   * consent, or a mode that grants none). Reported: "You do not have permission to call Session.getActiveUser.
   * Required permissions: https://www.googleapis.com/auth/userinfo.email" (GitHub hijonathan/google-scripts#14,
   * Elijas/auto-youtube-subscription-playlist-2#121, enuchi/React-Google-Apps-Script#147), and with several scopes
   * "You do not have permission to call SpreadsheetApp.getActiveSpreadsheet. Required permissions:
   * (https://www.googleapis.com/auth/spreadsheets.currentonly || https://www.googleapis.com/auth/spreadsheets)"
   * (an add-on's execution log of 2025-12 in public code, found by exact-string search). Some logs append
   * ". For more information, see …/troubleshooting#authorization-is"; the fakes leave that out.
   */
  permission: (what: string, scopes?: string | readonly string[]) =>
    `You do not have permission to call ${what}.` + (scopes?.length ? ` Required permissions: ${requiredPermissions(scopes)}` : ''),
  /**
   * [real] The manifest's explicit `oauthScopes` lack every scope the method accepts. Reported 2025–2026:
   * "Specified permissions are not sufficient to call ScriptApp.getProjectTriggers. Required permissions:
   * https://www.googleapis.com/auth/script.scriptapp" (GitHub GeorgeDoors888/GB-Power-Market-JJ
   * FIX_APPS_SCRIPT_PERMISSIONS.md), "… to call Ui.showSidebar", "… to call Session.getActiveUser …userinfo.email",
   * and with several scopes "(https://www.googleapis.com/auth/drive.readonly || https://www.googleapis.com/auth/drive)"
   * in a 2025-12-21 write-up that names the manifest as the cause. Older reports (2021–2022) show the
   * `permission` text above for the same case; Google's wording changed in between.
   */
  notSufficient: (what: string, scopes: readonly string[]) =>
    `Specified permissions are not sufficient to call ${what}. Required permissions: ${requiredPermissions(scopes)}`,
  /** [guess] ScriptApp.requireScopes: "Scopes that are invalid or not required by the script lead to an error" (no text documented). */
  scopeNotRequired: (scope: string) => `The scope ${scope} is not required by the script.`,
  /** [real] reported for custom functions: "You do not have permission to call setValue" (no class, no period) */
  permissionCustomFunction: (method: string) => `You do not have permission to call ${method}`,
  /** [real] reported when getUi is used where no UI exists */
  noUi: 'Cannot call SpreadsheetApp.getUi() from this context.',
  /** [guess] modelled on Apps Script's wording */
  noHtmlFile: (name: string) => `No HTML file named ${name} was found.`,
} as const;

export const SCOPES = {
  currentOnly: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  spreadsheets: 'https://www.googleapis.com/auth/spreadsheets',
  containerUi: 'https://www.googleapis.com/auth/script.container.ui',
  scriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  userinfoEmail: 'https://www.googleapis.com/auth/userinfo.email',
} as const;

/** How the messages list accepted scopes: one as is, several as `(a || b)` (see MSG.permission). */
export function requiredPermissions(scopes: string | readonly string[]): string {
  const list = typeof scopes === 'string' ? [scopes] : scopes;
  return list.length === 1 ? list[0] : `(${list.join(' || ')})`;
}

/**
 * Thrown when ScriptApp.requireAllScopes / requireScopes find consent missing. Google: the method "ends the current
 * execution and renders an authorization prompt to request the missing consents" (reference/script/ScriptApp.md).
 * How the end looks to the script is not documented; the fakes throw this and then refuse every further service call
 * of the same execution (Ctx.endExecution), so no catch block can carry on [assumed].
 */
export class ExecutionEnded extends Error {
  constructor(readonly missingScopes: readonly string[]) {
    super(`FakeSheets: execution ended for an authorization prompt (missing: ${missingScopes.join(', ')})`);
    this.name = 'ExecutionEnded';
  }
}

/** Builds an Apps Script style exception (`String(e)` reads `Exception: <message>`, as in the logs). */
export function gasError(message: string): Error {
  const e = new Error(message);
  e.name = 'Exception';
  return e;
}

/** The error for methods the fakes do not model. */
export function notImplemented(className: string, method: string): Error {
  return new Error(`FakeSheets: ${className}.${method} is not implemented`);
}

/** Date check that also works for Dates made in another realm (vm contexts). */
export function isDate(x: unknown): x is Date {
  return Object.prototype.toString.call(x) === '[object Date]';
}

/** Describes an argument the way Apps Script's signature errors do (approximately). */
export function describeArg(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return (x.length ? describeArg(x[0]) : 'Object') + '[]';
  if (isDate(x)) return 'Date';
  switch (typeof x) {
    case 'string':
      return 'String';
    case 'number':
      return 'number';
    case 'boolean':
      return 'Boolean';
    default:
      return 'Object';
  }
}
