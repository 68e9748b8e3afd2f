import type { MailMessage } from '#domain/mail.ts';

/** Sends the mails the domain writes (SES in production, a mailbox in tests). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
