import type { Brand } from './brand.ts';
import { type Html, html, safeUrl, trusted } from './html.ts';
import type { Translator } from './i18n.ts';
import type { MailMessage } from './mail.ts';

/**
 * The layout of every mail: one list of blocks gives both parts, so the text part says what the HTML part says.
 * The HTML part is what mail clients render reliably: a table layout, inline styles, at most 600px wide and fluid
 * below, system fonts (no remote font, image or tracker; the logo is the brand's own URL, only when it is a safe one),
 * the brand's colour on the one button, and under it the link spelled out. Every value goes through the `html`
 * tag, so names, notes and brand fields are escaped wherever they appear.
 */

/** Who a mail is written for: their language, the brand in effect, and the time zone dates are shown in. */
export interface MailContext {
  t: Translator;
  brand: Brand;
  /** IANA zone of the recipient (their own, else their account's); UTC when null. */
  timeZone: string | null;
}

/** A piece of a mail's body, in reading order. */
export type MailBlock =
  /** A paragraph of our words (messages of the catalogue, values filled in). */
  | { kind: 'text'; text: string }
  /** Someone else's words: "<intro>" then the lines quoted (`> ` in text, a blockquote in HTML). */
  | { kind: 'quote'; intro: string; lines: string[] }
  /** The call to action: a button in HTML, "label: url" in text, the url spelled out under the button. */
  | { kind: 'action'; label: string; url: string }
  /** Lines that belong together (no gap between them in either part). */
  | { kind: 'lines'; lines: string[] };

export interface MailContent {
  to: string;
  subject: string;
  blocks: MailBlock[];
}

const defaultColor = '#1f5fbf';
const hex = /^#[0-9a-f]{6}$/i;

/** White or near-black, whichever reads better on `color` (WCAG relative luminance). */
export function textColorOn(color: string): string {
  const channel = (i: number) => {
    const c = Number.parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // contrast with white (1.05 / (L + 0.05)) against contrast with #1a1a1a
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0606 ? '#ffffff' : '#1a1a1a';
}

/** The footer's lines: support contact, the legal footer, who sent the mail. */
function footerLines(ctx: MailContext): { support: { text: string; href: string | undefined }[]; legal: string[] } {
  const { t, brand } = ctx;
  const support: { text: string; href: string | undefined }[] = [];
  if (brand.supportEmail)
    support.push({
      text: t.t('mail.support.email', { email: brand.supportEmail }),
      href: safeUrl(`mailto:${brand.supportEmail}`),
    });
  if (brand.supportUrl && safeUrl(brand.supportUrl))
    support.push({ text: t.t('mail.support.url', { url: brand.supportUrl }), href: safeUrl(brand.supportUrl) });
  const legal = brand.legalFooter ? brand.legalFooter.split(/\r\n|\r|\n/) : [];
  return { support, legal: [...legal, t.t('mail.sentBy', { brand: brand.name })] };
}

function textPart(ctx: MailContext, blocks: MailBlock[]): string {
  const { t } = ctx;
  const paragraphs = blocks.map((block) => {
    if (block.kind === 'text') return block.text;
    if (block.kind === 'lines') return block.lines.join('\n');
    if (block.kind === 'quote') return [block.intro, ...block.lines.map((line) => `> ${line}`)].join('\n');
    return t.t('mail.linkLine', { action: block.label, link: block.url });
  });
  const { support, legal } = footerLines(ctx);
  const footer = [...support.map((s) => s.text), ...legal].join('\n');
  return `${paragraphs.join('\n\n')}\n\n-- \n${footer}\n`;
}

// our own constant markup (never tenant text): the attributes every layout table has, and the text styles. Written
// out and marked pure, so that a bundle which imports this module and sends no mail drops them (esbuild keeps a call,
// or a template of another constant, unless it can tell it has no side effects)
const table = /* @__PURE__ */ trusted('role="presentation" cellpadding="0" cellspacing="0" border="0"');
const font = 'font-family:Helvetica,Arial,sans-serif';
const paragraph =
  'margin:0 0 16px;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:24px;color:#1a1a1a';
const small = 'margin:0 0 8px;font-family:Helvetica,Arial,sans-serif;font-size:13px;line-height:20px;color:#5c5f66';
/** Lines with a line break between them. */
const joined = (lines: string[]) => lines.map((line, i) => (i ? html`<br>${line}` : line));

function htmlBlock(ctx: MailContext, block: MailBlock, color: string): Html {
  switch (block.kind) {
    case 'text':
      return html`<p style="${paragraph}">${block.text}</p>`;
    case 'lines':
      return html`<p style="${paragraph}">${joined(block.lines)}</p>`;
    case 'quote':
      return html`<p style="${paragraph}">${block.intro}</p>
<blockquote style="${paragraph};padding-left:12px;border-left:3px solid #c7cad1">${joined(block.lines)}</blockquote>`;
    case 'action': {
      const href = safeUrl(block.url);
      if (!href) return html`<p style="${paragraph}">${block.label}</p>`;
      return html`<table ${table} style="margin:8px 0 16px"><tr>
<td align="center" bgcolor="${color}" style="border-radius:4px;background-color:${color}"><a href="${href}" style="display:inline-block;padding:12px 24px;${font};font-size:16px;font-weight:bold;color:${textColorOn(color)};text-decoration:none">${block.label}</a></td>
</tr></table>
<p style="${small}">${ctx.t.t('mail.buttonFallback')}<br><a href="${href}" style="color:#1a1a1a;word-break:break-all">${block.url}</a></p>`;
    }
  }
}

function htmlPart(ctx: MailContext, subject: string, blocks: MailBlock[]): string {
  const { brand } = ctx;
  const color = hex.test(brand.primaryColor) ? brand.primaryColor : defaultColor;
  const logo = safeUrl(brand.logoUrl);
  const header = logo
    ? html`<img src="${logo}" alt="${brand.name}" height="40" style="display:block;height:40px;max-width:200px;border:0;outline:none">`
    : html`<p style="margin:0;${font};font-size:20px;line-height:28px;font-weight:bold;color:#1a1a1a">${brand.name}</p>`;
  const { support, legal } = footerLines(ctx);
  const footer = [
    ...support.map((s) =>
      s.href
        ? html`<p style="${small}"><a href="${s.href}" style="color:#5c5f66">${s.text}</a></p>`
        : html`<p style="${small}">${s.text}</p>`,
    ),
    html`<p style="${small}">${joined(legal)}</p>`,
  ];
  return html`<!DOCTYPE html>
<html lang="${ctx.t.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light only">
<title>${subject}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7">
<table ${table} width="100%" style="background-color:#f4f5f7">
<tr><td align="center" style="padding:24px 12px">
<table ${table} width="100%" style="max-width:600px;background-color:#ffffff;border-radius:6px">
<tr><td style="padding:24px 32px 8px">${header}</td></tr>
<tr><td style="padding:16px 32px 8px">
${blocks.map((block) => html`${htmlBlock(ctx, block, color)}\n`)}</td></tr>
</table>
<table ${table} width="100%" style="max-width:600px">
<tr><td style="padding:16px 32px">
${footer}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`.toString();
}

/** The mail: subject, the text and HTML parts from the same blocks, and the brand's sender name. */
export function renderMail(ctx: MailContext, content: MailContent): MailMessage {
  return {
    to: [content.to],
    subject: content.subject,
    text: textPart(ctx, content.blocks),
    html: htmlPart(ctx, content.subject, content.blocks),
    fromName: ctx.brand.mailFromName,
  };
}

/** "Hello Ada," or, without a first name, "Hello,". */
export const greeting = (t: Translator, firstName: string | null | undefined): MailBlock => ({
  kind: 'text',
  text: firstName?.trim() ? t.t('mail.greeting', { name: firstName.trim() }) : t.t('mail.greetingNoName'),
});

/** A single-use link's expiry, in the recipient's language and zone. */
export const linkOnce = (ctx: MailContext, expiresAt: string): string =>
  ctx.t.t('mail.linkOnce', { expiresAt: ctx.t.dateTime(expiresAt, ctx.timeZone) });
