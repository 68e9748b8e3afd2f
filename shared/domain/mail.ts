/** A mail as the domain's templates write it; the Mailer port sends it. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}
