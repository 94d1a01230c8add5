/** The message of whatever fn throws (errors made inside a vm context are not this realm's Error); fails when it does not throw. */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return String((e as { message?: unknown }).message ?? e);
  }
  throw new Error('did not throw');
}
