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
