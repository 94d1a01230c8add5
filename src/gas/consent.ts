/**
 * Granular consent: on Google's consent screen people may untick single scopes (guides/Scopes.md, "Handle granular
 * OAuth permissions"). Every menu job and sidebar call asks for all of the add-in's scopes before it touches
 * anything, so a missing consent ends the execution with Google's authorization prompt instead of a permission
 * error halfway through a job.
 */

/**
 * Asks for every scope in the manifest. `ScriptApp.requireAllScopes` "ends the current execution and renders an
 * authorization prompt to request the missing consents", and needs no scope itself (reference/script/ScriptApp.md).
 * Call it first in a handler that runs in AuthMode.FULL; never in onOpen/onInstall (AuthMode.NONE) nor in a custom
 * function (custom functions never ask for authorization).
 */
export function requireConsent(): void {
  ScriptApp.requireAllScopes(ScriptApp.AuthMode.FULL);
}
