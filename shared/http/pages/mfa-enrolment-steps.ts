import { type Html, html } from '#domain/html.ts';
import type { Translator } from '#domain/i18n.ts';
import { groupedSecret, qrCode } from './qr.ts';

/*
 * Its own module: the QR library runs code at load, so it stays in any bundle that imports the module holding its
 * caller. Only the pages that show an enrolment import this one (./mfa-enrolment.ts holds the code field for all).
 */

/**
 * The authenticator's set-up: the QR code of the otpauth URI (made here, inline SVG) and the same secret as text in
 * groups of four, for a person who cannot scan. The form around it asks for the first code.
 */
export function enrolmentSteps(t: Translator, enrolment: { secret: string; otpauthUri: string }): Html {
  return html`<p>${t.t('mfa.enrol.intro')}</p>
<ol class="steps">
<li><p>${t.t('mfa.enrol.scan')}</p>${qrCode(enrolment.otpauthUri, t.t('mfa.enrol.qr'))}</li>
<li><p>${t.t('mfa.enrol.secret')}</p>
<dl><dt>${t.t('mfa.enrol.secretLabel')}</dt><dd class="secret" id="totp-secret">${groupedSecret(enrolment.secret)}</dd></dl></li>
<li><p>${t.t('mfa.enrol.type')}</p></li>
</ol>`;
}
