import { greeting, type MailContext, renderMail } from './mail-layout.ts';
import type { MailMessage } from './mail.ts';

/**
 * The mail to each active account manager when an endpoint that kept failing was disabled: which URL, failing since
 * when, and what brings deliveries back (enabling resends nothing by itself; retry and replay do).
 */
export function webhookDisabledMail(
  ctx: MailContext,
  input: { to: string; firstName: string; accountName: string; url: string; webhookId: string; failingSince: string },
): MailMessage {
  const { t } = ctx;
  const account = input.accountName;
  return renderMail(ctx, {
    to: input.to,
    subject: t.t('mail.webhookDisabled.subject', { account }),
    blocks: [
      greeting(t, input.firstName),
      {
        kind: 'text',
        text: t.t('mail.webhookDisabled.what', {
          account,
          url: input.url,
          since: t.dateTime(input.failingSince, ctx.timeZone),
        }),
      },
      { kind: 'text', text: t.t('mail.webhookDisabled.stopped') },
      { kind: 'text', text: t.t('mail.webhookDisabled.enable', { webhookId: input.webhookId }) },
      { kind: 'text', text: t.t('mail.webhookDisabled.resend') },
    ],
  });
}
