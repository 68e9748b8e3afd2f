import { greeting, linkOnce, type MailContext, renderMail } from './mail-layout.ts';
import type { MailMessage } from './mail.ts';

/** What a mail that carries a member's setup link says: to whom, in which account, the link and its expiry. */
export interface SetupLinkMail {
  to: string;
  firstName: string;
  accountName: string;
  link: string;
  expiresAt: string;
}

/** The setup mail of a member created in the directory (or an account's first manager). */
export function setupMail(ctx: MailContext, input: SetupLinkMail): MailMessage {
  const { t } = ctx;
  const account = input.accountName;
  return renderMail(ctx, {
    to: input.to,
    subject: t.t('mail.setup.subject', { account }),
    blocks: [
      greeting(t, input.firstName),
      { kind: 'text', text: t.t('mail.setup.body', { account }) },
      { kind: 'action', label: t.t('mail.setup.action'), url: input.link },
      { kind: 'lines', lines: [linkOnce(ctx, input.expiresAt), t.t('mail.ignore')] },
    ],
  });
}

/** The mail to a member whose sign-in an account manager asked to set up again: their old password no longer works. */
export function setupAgainMail(ctx: MailContext, input: SetupLinkMail): MailMessage {
  const { t } = ctx;
  const account = input.accountName;
  return renderMail(ctx, {
    to: input.to,
    subject: t.t('mail.setupAgain.subject', { account }),
    blocks: [
      greeting(t, input.firstName),
      { kind: 'text', text: t.t('mail.setupAgain.body', { account }) },
      { kind: 'action', label: t.t('mail.setupAgain.action'), url: input.link },
      { kind: 'text', text: linkOnce(ctx, input.expiresAt) },
    ],
  });
}
