/**
 * An error meant for the person running the job: its message is Japanese, names the file, sheet or cell,
 * and is shown as is (no stack trace). Shells turn it into an exit code or a dialog.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * The message of anything thrown. Not `instanceof Error`: errors from Apps Script services, a vm context or another
 * realm are objects with a message but not of this realm's Error.
 */
export function errorText(e: unknown): string {
  return typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
}

/** What a person sees for any error: a UserError's own message, anything else marked unexpected (never a stack). */
export function userMessage(e: unknown, what = ''): string {
  if (e instanceof UserError) return e.message;
  return `${what ? `${what}で` : ''}予期しないエラーが発生しました: ${errorText(e)}`;
}
