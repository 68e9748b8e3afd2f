import type { MailMessage } from './mail.ts';
import { escapeHtml, type SetupLinkMail, when } from './mail-templates.ts';

/** The inviter's message, line by line (a line break of any platform ends a line). */
const linesOf = (message: string) => message.split(/\r\n|\r|\n/);

/**
 * The mail of an invitation by email: who invites, to which account, their note, the link and its expiry. The note
 * is the inviter's words, not Switchboard's: it is shown quoted under "<inviter> wrote:" (`> ` lines in text, a
 * blockquote in HTML, escaped), so that it cannot pass for the service's own text.
 */
export function invitationMail(input: {
  to: string;
  inviterName: string;
  accountName: string;
  message: string | null;
  link: string;
  expiresAt: string;
}): MailMessage {
  const subject = `${input.inviterName} invited you to ${input.accountName}`;
  const text = [
    'Hello,',
    '',
    `${input.inviterName} invited you to join ${input.accountName}.`,
    ...(input.message ? ['', `${input.inviterName} wrote:`, ...linesOf(input.message).map((line) => `> ${line}`)] : []),
    '',
    `Accept the invitation and choose your password here: ${input.link}`,
    '',
    `This link works once and expires on ${when(input.expiresAt)}.`,
    'If you did not expect this message, you can ignore it.',
  ].join('\n');
  const html = `<p>Hello,</p>
<p>${escapeHtml(input.inviterName)} invited you to join <strong>${escapeHtml(input.accountName)}</strong>.</p>
${input.message ? `<p>${escapeHtml(input.inviterName)} wrote:</p>\n<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc">${linesOf(input.message).map(escapeHtml).join('<br>')}</blockquote>\n` : ''}<p><a href="${escapeHtml(input.link)}">Accept the invitation</a></p>
<p>This link works once and expires on ${escapeHtml(when(input.expiresAt))}.<br>If you did not expect this message, you can ignore it.</p>`;
  return { to: [input.to], subject, text, html };
}

/** The mail to a member whose sign-in an account manager asked to set up again: their old password no longer works. */
export function setupAgainMail(input: SetupLinkMail): MailMessage {
  const subject = `Set up your ${input.accountName} sign-in again`;
  const text = [
    `Hello ${input.firstName},`,
    '',
    `An account manager of ${input.accountName} asked you to set up your sign-in again. Your previous password no longer works`,
    'and you have been signed out.',
    `Choose a new password here: ${input.link}`,
    '',
    `This link works once and expires on ${when(input.expiresAt)}.`,
  ].join('\n');
  const html = `<p>Hello ${escapeHtml(input.firstName)},</p>
<p>An account manager of <strong>${escapeHtml(input.accountName)}</strong> asked you to set up your sign-in again. Your previous password no longer works and you have been signed out.</p>
<p><a href="${escapeHtml(input.link)}">Choose a new password</a></p>
<p>This link works once and expires on ${escapeHtml(when(input.expiresAt))}.</p>`;
  return { to: [input.to], subject, text, html };
}
