/**
 * MailApp (mirror reference/mail/MailApp.md; gas-types-detailed google-apps-script.mail.d.ts): the daily recipient
 * quota and sendEmail in its three forms. Every method needs `script.send_mail` (scopes.ts, from the reference); the
 * gate in context.ts refuses it without. Sent mails are recorded (env.mail.sent) instead of leaving the machine.
 *
 * Sources, per behaviour:
 * - getRemainingDailyQuota: "the number of recipients you can send emails to for the rest of the day … Quotas are
 *   based on the number of email recipients" (reference). Default 100, the consumer figure of "Email recipients per
 *   day" (guides/quotas-and-limits.md; Workspace 1,500): configuration, as Google may change it.
 * - Recipients are the comma-separated addresses of to, cc and bcc ("the addresses of the recipients, separated by
 *   commas"; "a comma-separated list of email addresses to CC"), each one counted against the quota; that cc and bcc
 *   count as recipients is [assumed] ("based on the number of email recipients"; reported: "if you forward 4 mails to
 *   3 people, it is counted as 12", GitHub karan173/Multi-Forward-for-Gmail#2).
 * - Over the quota: `Service invoked too many times for one day: email.` [reported verbatim, name "Exception":
 *   GitHub dwyl/learn-to-send-email-via-google-script-html-no-server#376, googleworkspace/solutions#193]. The quotas
 *   page: "If you exceed a quota … your script throws an exception and execution stops". That a message with more
 *   recipients than are left is refused whole (nothing sent, nothing counted) is [assumed].
 * - "Email recipients per message: 50 / msg" (quotas page, limitations); the text follows the page's pattern
 *   `Limit exceeded: Email Attachments Per Message.` [assumed wording].
 * - No recipient: `Failed to send email: no recipient` [reported, public Apps Script code matching on it].
 * - An address without `@`: `Invalid email: <address>` [guess, seen matched in public test doubles only].
 */
import type { Ctx } from './context';
import { FakeObject } from './wrap';

/** Quotas page, "Email recipients per day", consumer accounts. */
export const DEFAULT_MAIL_QUOTA = 100;
/** Quotas page, "Email recipients per message". */
export const MAIL_RECIPIENTS_PER_MESSAGE = 50;

export const MAIL_MSG = {
  overQuota: 'Service invoked too many times for one day: email.',
  perMessage: 'Limit exceeded: Email Recipients Per Message.',
  noRecipient: 'Failed to send email: no recipient',
  invalid: (address: string) => `Invalid email: ${address}`,
} as const;

/** A message MailApp accepted, as the test sees it (addresses split and trimmed). */
export interface SentMail {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  htmlBody: string | undefined;
  name: string | undefined;
  replyTo: string | undefined;
  noReply: boolean;
  /** The sender: the effective user (installable triggers run as their creator). */
  from: string;
}

export interface MailState {
  /** Recipients left for the day (getRemainingDailyQuota). */
  remaining: number;
  perMessage: number;
  readonly sent: SentMail[];
}

const split = (list: unknown): string[] =>
  list === undefined || list === null
    ? []
    : String(list)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

const text = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

export class FakeMailApp extends FakeObject {
  readonly className = 'MailApp';
  constructor(ctx: Ctx) {
    super(ctx);
  }

  getRemainingDailyQuota(): number {
    return this.ctx.mail.remaining;
  }

  /**
   * sendEmail(message) | sendEmail(recipient, subject, body[, options]) | sendEmail(to, replyTo, subject, body):
   * the four-string form is the reply-to one (reference, "sendEmail(to, replyTo, subject, body)").
   */
  sendEmail(a: unknown, b?: unknown, c?: unknown, d?: unknown): void {
    let m: Record<string, unknown>;
    if (typeof a === 'object' && a !== null) m = a as Record<string, unknown>;
    else if (typeof d === 'string') m = { to: a, replyTo: b, subject: c, body: d };
    else m = { ...((d as Record<string, unknown> | undefined) ?? {}), to: a, subject: b, body: c };
    const to = split(m.to);
    const cc = split(m.cc);
    const bcc = split(m.bcc);
    const all = [...to, ...cc, ...bcc];
    if (!all.length) throw this.ctx.error(MAIL_MSG.noRecipient);
    const bad = all.find((x) => !/^[^@\s]+@[^@\s]+$/.test(x));
    if (bad !== undefined) throw this.ctx.error(MAIL_MSG.invalid(bad));
    if (all.length > this.ctx.mail.perMessage) throw this.ctx.error(MAIL_MSG.perMessage);
    if (all.length > this.ctx.mail.remaining) throw this.ctx.error(MAIL_MSG.overQuota);
    this.ctx.mail.remaining -= all.length;
    this.ctx.mail.sent.push({
      to, cc, bcc,
      subject: String(m.subject ?? ''),
      body: String(m.body ?? ''),
      htmlBody: text(m.htmlBody),
      name: text(m.name),
      replyTo: text(m.replyTo),
      noReply: m.noReply === true,
      from: this.ctx.currentUserEmail,
    });
  }
}
