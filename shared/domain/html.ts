/**
 * The template engine of every hosted page and every HTML mail: a tagged template that escapes by default.
 *
 *   html`<p>Hello ${name}</p>`
 *
 * Every interpolated value is text and is escaped (`& < > " '`), so it is safe between tags and inside quoted
 * attribute values. Only an `Html` value, which only this tag (or `trusted` on a literal of ours) makes, goes in as
 * markup. Arrays are joined; `null`, `undefined` and `false` render nothing. A URL that goes into `href` or `src`
 * must also pass `safeUrl` (escaping does not stop `javascript:`). Nothing here is ever given tenant text unescaped.
 */
export class Html {
  readonly #markup: string;
  constructor(markup: string) {
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: the five characters that can end a text node or a quoted attribute, as entities. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c]);

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The tag: literal parts as written, every value escaped unless it is already `Html`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup of our own that is not written with the tag (a QR code's SVG we generate). Never tenant text. */
export const trusted = (markup: string): Html => new Html(markup);

/**
 * A URL fit for `href` or `src`: `https:`, `http:` (local stacks), `mailto:`, or an image `data:` URL; anything else
 * (`javascript:`, `vbscript:`, relative tricks) is refused with `undefined`, and the caller leaves the link out.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[a-z0-9+/=]+$/i.test(url)) return url;
  try {
    const parsed = new URL(url);
    return ['https:', 'http:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
