import type { MailMessage } from './mail.ts';
import { escapeHtml } from './mail-templates.ts';

/** The password reset mail. One message per address, so a backup address never sees the primary one. */
export function resetMail(input: { to: string; link: string; expiresAt: string; forced: boolean }): MailMessage {
  const why = input.forced
    ? 'An account manager has reset your password; your previous password no longer works.'
    : 'Someone (hopefully you) asked to reset your password.';
  const when = new Date(input.expiresAt).toUTCString();
  const text = [
    'Hello,',
    '',
    why,
    `Choose a new password here: ${input.link}`,
    '',
    `This link works once and expires on ${when}.`,
    input.forced ? '' : 'If you did not ask for this, you can ignore this message; your password stays as it is.',
  ].join('\n');
  const html = `<p>Hello,</p>
<p>${escapeHtml(why)}</p>
<p><a href="${escapeHtml(input.link)}">Choose a new password</a></p>
<p>This link works once and expires on ${escapeHtml(when)}.${input.forced ? '' : '<br>If you did not ask for this, you can ignore this message; your password stays as it is.'}</p>`;
  return { to: [input.to], subject: 'Reset your Switchboard password', text, html };
}
