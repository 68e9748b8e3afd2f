import { greeting, linkOnce, type MailContext, renderMail } from './mail-layout.ts';
import type { MailMessage } from './mail.ts';
import type { ServiceType } from './service.ts';

/** The mail that tells a member a service of theirs is ready; a voice service's carries the voicemail PIN link. */
export function serviceWelcomeMail(
  ctx: MailContext,
  input: {
    to: string;
    firstName: string;
    accountName: string;
    type: ServiceType;
    pinLink?: { link: string; expiresAt: string };
  },
): MailMessage {
  const { t } = ctx;
  const values = { type: input.type, account: input.accountName };
  const pin = input.pinLink;
  return renderMail(ctx, {
    to: input.to,
    subject: t.t('mail.service.subject', values),
    blocks: [
      greeting(t, input.firstName),
      { kind: 'text', text: t.t('mail.service.body', values) },
      ...(pin
        ? [
            { kind: 'action' as const, label: t.t('mail.service.pinAction'), url: pin.link },
            { kind: 'text' as const, text: linkOnce(ctx, pin.expiresAt) },
          ]
        : []),
      { kind: 'text', text: t.t('mail.ignore') },
    ],
  });
}
