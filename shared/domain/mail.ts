/** A mail as the domain's templates write it; the Mailer port sends it. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The sender's display name (the address is always the deployment's verified sender). */
  fromName?: string;
}

/**
 * `name <address>` as a mail header carries it (RFC 5322; what SES takes as FromEmailAddress): printable ASCII as a
 * quoted string, anything else as RFC 2047 encoded words (UTF-8, base64, at most 75 characters each, split on
 * character boundaries). Names are tenant text, so they hold no control characters; quotes and backslashes are escaped.
 */
export function formatSender(name: string | undefined, address: string): string {
  const clean = (name ?? '').replace(/\s+/g, ' ').trim();
  if (!clean) return address;
  if (/^[\x20-\x7e]*$/.test(clean)) return `"${clean.replace(/["\\]/g, (c) => `\\${c}`)}" <${address}>`;
  const words: string[] = [];
  let chunk = '';
  for (const ch of clean) {
    // 45 bytes encode to 60 base64 characters: with "=?UTF-8?B?" and "?=", 72 ≤ 75
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  words.push(chunk);
  return `${words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ')} <${address}>`;
}
