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

/** What a person sees for any error: a UserError's own message, anything else marked unexpected (never a stack). */
export function userMessage(e: unknown, what = ''): string {
  if (e instanceof UserError) return e.message;
  return `${what ? `${what}で` : ''}予期しないエラーが発生しました: ${e instanceof Error ? e.message : String(e)}`;
}
