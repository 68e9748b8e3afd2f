import type { MailMessage } from './mail.ts';

/** HTML-escapes text that goes into a mail's HTML part. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A timestamp as mail shows it. */
export const when = (iso: string) => new Date(iso).toUTCString();

/** What a mail that carries a member's setup link says: to whom, in which account, the link and its expiry. */
export interface SetupLinkMail {
  to: string;
  firstName: string;
  accountName: string;
  link: string;
  expiresAt: string;
}

/** The setup mail of a member created in the directory (or an account's first manager). */
export function setupMail(input: SetupLinkMail): MailMessage {
  const subject = `Set up your ${input.accountName} account`;
  const text = [
    `Hello ${input.firstName},`,
    '',
    `An account has been created for you in ${input.accountName}.`,
    `Choose your password here: ${input.link}`,
    '',
    `This link works once and expires on ${when(input.expiresAt)}.`,
    'If you did not expect this message, you can ignore it.',
  ].join('\n');
  const html = `<p>Hello ${escapeHtml(input.firstName)},</p>
<p>An account has been created for you in <strong>${escapeHtml(input.accountName)}</strong>.</p>
<p><a href="${escapeHtml(input.link)}">Choose your password</a></p>
<p>This link works once and expires on ${escapeHtml(when(input.expiresAt))}.<br>If you did not expect this message, you can ignore it.</p>`;
  return { to: [input.to], subject, text, html };
}
