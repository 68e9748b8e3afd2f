/** Reads the mail the handlers sent through the SES emulator (aws-ses-v2-local's `/store`). */
import { stack } from './http.ts';

export interface Mail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** Epoch seconds. */
  at: number;
}

export type LinkKind = 'accept-invitation' | 'reset-password' | 'voicemail-pin';

const addressOf = (recipient: string) => (/<([^>]+)>/.exec(recipient)?.[1] ?? recipient).trim().toLowerCase();

/** Every mail to `email` (to, cc or bcc), oldest first. */
export async function mailsTo(email: string): Promise<Mail[]> {
  const response = await fetch(`${stack().mailboxUrl}/store`);
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: Mail[] };
  const wanted = email.toLowerCase();
  return emails.filter(({ destination: d }) => [...d.to, ...d.cc, ...d.bcc].some((r) => addressOf(r) === wanted));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The token of the newest `${APP_URL}/<kind>?token=...` link mailed to `email`; waits up to `waitMs` for it. */
export async function lastLinkTo(email: string, kind: LinkKind, waitMs = 2_000): Promise<string> {
  const link = new RegExp(`${escapeRegExp(stack().appUrl)}/${kind}\\?token=([^\\s"'<>&]+)`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const mails = await mailsTo(email);
    for (const mail of [...mails].reverse()) {
      const found = link.exec(mail.body.text ?? '') ?? link.exec(mail.body.html ?? '');
      if (found) return decodeURIComponent(found[1]);
    }
    if (Date.now() >= deadline) {
      const subjects = mails.map((m) => m.subject).join(' | ') || 'no mail at all';
      throw new Error(`no ${kind} link mailed to ${email} (${subjects})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function clearMailbox(): Promise<void> {
  const response = await fetch(`${stack().mailboxUrl}/clear-store`, { method: 'POST' });
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
}
