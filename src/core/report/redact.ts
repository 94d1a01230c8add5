/** The published report (公表用) holds no e-mail address, wherever people typed one (comments, notes, names). */

/** An address as people type it, with the half- or full-width at sign. */
const EMAIL = /[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+/g;
export const EMAIL_REPLACEMENT = '［メールアドレス省略］';

export function containsEmail(text: string): boolean {
  return new RegExp(EMAIL.source).test(text);
}

/** A copy of a JSON value with every address in its strings replaced. */
export function redactEmails<T>(value: T): T {
  if (typeof value === 'string') return value.replace(EMAIL, EMAIL_REPLACEMENT) as T;
  if (Array.isArray(value)) return value.map((v) => redactEmails(v)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactEmails(v)])) as T;
  return value;
}
