import { greeting, linkOnce, type MailContext, renderMail } from './mail-layout.ts';
import type { MailMessage } from './mail.ts';

/**
 * The password reset mail: asked for by the person (forgot password), or forced by an account manager. One message
 * per address, so a backup address never sees the primary one.
 */
export function resetMail(
  ctx: MailContext,
  input: { to: string; link: string; expiresAt: string; forced: boolean },
): MailMessage {
  const { t } = ctx;
  return renderMail(ctx, {
    to: input.to,
    subject: t.t('mail.reset.subject', { brand: ctx.brand.name }),
    blocks: [
      greeting(t, null),
      { kind: 'text', text: t.t(input.forced ? 'mail.reset.forced' : 'mail.reset.self') },
      { kind: 'action', label: t.t('mail.reset.action'), url: input.link },
      {
        kind: 'lines',
        lines: [linkOnce(ctx, input.expiresAt), ...(input.forced ? [] : [t.t('mail.reset.ignore')])],
      },
    ],
  });
}
