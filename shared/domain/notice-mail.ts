import { greeting, type MailContext, renderMail } from './mail-layout.ts';
import type { MailMessage } from './mail.ts';

/**
 * The notice to a member's primary email that their backup email changed: who changed it, when, and to what. It
 * carries no link: a backup email receives the links of a manager's forced reset, so the person must hear of it.
 */
export function backupEmailChangedMail(
  ctx: MailContext,
  input: {
    to: string;
    firstName: string;
    accountName: string;
    changedBy: string;
    changedAt: string;
    backupEmail: string | null;
  },
): MailMessage {
  const { t } = ctx;
  const account = input.accountName;
  const changedAt = t.dateTime(input.changedAt, ctx.timeZone);
  return renderMail(ctx, {
    to: input.to,
    subject: t.t('mail.backup.subject', { account }),
    blocks: [
      greeting(t, input.firstName),
      { kind: 'text', text: t.t('mail.backup.changed', { account, changedBy: input.changedBy, changedAt }) },
      {
        kind: 'text',
        text: input.backupEmail ? t.t('mail.backup.now', { email: input.backupEmail }) : t.t('mail.backup.removed'),
      },
      { kind: 'text', text: t.t('mail.backup.why') },
      { kind: 'text', text: t.t('mail.backup.unexpected') },
    ],
  });
}
