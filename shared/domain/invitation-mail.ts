import { greeting, linkOnce, type MailContext, renderMail } from './mail-layout.ts';
import type { MailMessage } from './mail.ts';

/** The inviter's message, line by line (a line break of any platform ends a line). */
const linesOf = (message: string) => message.split(/\r\n|\r|\n/);

/**
 * The mail of an invitation by email: who invites, to which account, their note, the link and its expiry. The note
 * is the inviter's words, not the service's: it is shown quoted under "<inviter> wrote:" (`> ` lines in text, a
 * blockquote in HTML, escaped), so that it cannot pass for the service's own text. Its sender's display name is
 * "<inviter> via <brand>" (the address stays the deployment's verified sender).
 */
export function invitationMail(
  ctx: MailContext,
  input: {
    to: string;
    inviterName: string;
    accountName: string;
    message: string | null;
    link: string;
    expiresAt: string;
  },
): MailMessage {
  const { t } = ctx;
  const values = { inviter: input.inviterName, account: input.accountName };
  const mail = renderMail(ctx, {
    to: input.to,
    subject: t.t('mail.invitation.subject', values),
    blocks: [
      greeting(t, null),
      { kind: 'text', text: t.t('mail.invitation.body', values) },
      ...(input.message
        ? [{ kind: 'quote' as const, intro: t.t('mail.invitation.wrote', values), lines: linesOf(input.message) }]
        : []),
      { kind: 'action', label: t.t('mail.invitation.action'), url: input.link },
      { kind: 'lines', lines: [linkOnce(ctx, input.expiresAt), t.t('mail.ignore')] },
    ],
  });
  // the inviter's name and the brand's, so that the person sees who asked and on which service's behalf
  return {
    ...mail,
    fromName: t.t('mail.invitation.from', { inviter: input.inviterName, brand: ctx.brand.mailFromName }),
  };
}
