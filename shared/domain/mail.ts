/** A mail as the domain's templates write it; the Mailer port sends it. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The sender's display name (the address is always the deployment's verified sender). */
  fromName?: string;
}

/** UTF-8 text as RFC 2047 encoded words (base64, at most 75 characters each, split on character boundaries). */
function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    // 45 bytes encode to 60 base64 characters: with "=?UTF-8?B?" and "?=", 72 ≤ 75
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

/**
 * Text for a header a mail client decodes (the Subject): as it is, unless it holds what looks like an encoded word
 * (`=?…?=`, tenant text such as an inviter's name can): then all of it encoded, so that the client shows those
 * characters literally instead of decoding them into text our rules refuse (bidirectional overrides, a fake address).
 */
export const headerText = (text: string): string => (text.includes('=?') ? encodedWords(text) : text);

/**
 * `name <address>` as a mail header carries it (RFC 5322; what SES takes as FromEmailAddress): printable ASCII as a
 * quoted string, anything else as RFC 2047 encoded words. Names are tenant text, so they hold no control characters;
 * quotes and backslashes are escaped, and a name that looks like an encoded word (`=?`) is encoded itself, so that no
 * client decodes what the person typed into another sender.
 */
export function formatSender(name: string | undefined, address: string): string {
  const clean = (name ?? '').replace(/\s+/g, ' ').trim();
  if (!clean) return address;
  if (/^[\x20-\x7e]*$/.test(clean) && !clean.includes('=?'))
    return `"${clean.replace(/["\\]/g, (c) => `\\${c}`)}" <${address}>`;
  return `${encodedWords(clean)} <${address}>`;
}
