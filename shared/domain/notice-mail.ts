import type { MailMessage } from './mail.ts';
import { escapeHtml, when } from './mail-templates.ts';

/**
 * The notice to a member's primary email that their backup email changed: who changed it, when, and to what. It
 * carries no link: a backup email receives the links of a manager's forced reset, so the person must hear of it.
 */
export function backupEmailChangedMail(input: {
  to: string;
  firstName: string;
  accountName: string;
  changedBy: string;
  changedAt: string;
  backupEmail: string | null;
}): MailMessage {
  const what = input.backupEmail ? `Your backup email is now ${input.backupEmail}.` : 'Your backup email was removed.';
  const lines = [
    `Your backup email in ${input.accountName} was changed by ${input.changedBy} on ${when(input.changedAt)}.`,
    what,
    'An account manager can send password reset links to your backup email.',
    'If you did not expect this change, tell an account manager of your organisation.',
  ];
  const text = [`Hello ${input.firstName},`, '', ...lines].join('\n');
  const html = `<p>Hello ${escapeHtml(input.firstName)},</p>
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}`;
  return { to: [input.to], subject: `Your ${input.accountName} backup email was changed`, text, html };
}
