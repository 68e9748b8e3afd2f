import { generate } from 'lean-qr';
import { toSvgSource } from 'lean-qr/extras/svg';
import { type Html, html, trusted } from '#domain/html.ts';

/** Pixels per module: a phone camera reads it at arm's length, and it stays crisp (whole pixels). */
const SCALE = 5;
/** The quiet zone the QR standard asks for, in modules. */
const QUIET_ZONE = 4;

/**
 * A QR code of `text` as inline SVG, made here (no image service sees the secret). The SVG is lean-qr's own markup
 * (a rectangle and one path of module outlines: nothing of `text` appears in it), hence `trusted`; the label names it
 * for screen readers, through the escaping tag like any other text.
 */
export function qrCode(text: string, label: string): Html {
  const code = generate(text);
  const svg = toSvgSource(code, { on: '#000000', off: '#ffffff', pad: QUIET_ZONE, scale: SCALE });
  return html`<div class="qr" role="img" aria-label="${label}">${trusted(svg)}</div>`;
}

/** A TOTP secret as people copy it by hand: groups of four (authenticator apps ignore the spaces). */
export const groupedSecret = (secret: string): string => secret.match(/.{1,4}/g)?.join(' ') ?? '';
