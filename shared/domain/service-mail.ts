import type { MailMessage } from './mail.ts';
import { escapeHtml, when } from './mail-templates.ts';
import type { ServiceType } from './service.ts';

const names: Record<ServiceType, string> = { fax: 'fax', sms: 'SMS', voice: 'voice' };

/** The mail that tells a member a service of theirs is ready; a voice service's carries the voicemail PIN link. */
export function serviceWelcomeMail(input: {
  to: string;
  firstName: string;
  accountName: string;
  type: ServiceType;
  pinLink?: { link: string; expiresAt: string };
}): MailMessage {
  const service = names[input.type];
  const subject = `Your ${service} service at ${input.accountName} is ready`;
  const pin = input.pinLink;
  const text = [
    `Hello ${input.firstName},`,
    '',
    `Your ${service} service at ${input.accountName} is ready to use.`,
    ...(pin
      ? [`Set your voicemail PIN here: ${pin.link}`, '', `This link works once and expires on ${when(pin.expiresAt)}.`]
      : []),
    'If you did not expect this message, you can ignore it.',
  ].join('\n');
  const html = `<p>Hello ${escapeHtml(input.firstName)},</p>
<p>Your ${service} service at <strong>${escapeHtml(input.accountName)}</strong> is ready to use.</p>${
    pin
      ? `
<p><a href="${escapeHtml(pin.link)}">Set your voicemail PIN</a></p>
<p>This link works once and expires on ${escapeHtml(when(pin.expiresAt))}.</p>`
      : ''
  }
<p>If you did not expect this message, you can ignore it.</p>`;
  return { to: [input.to], subject, text, html };
}
