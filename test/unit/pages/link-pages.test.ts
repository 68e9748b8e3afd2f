import { describe, expect, it } from 'vitest';
import { defaultDeploymentBrand, effectiveBrand } from '#domain/brand.ts';
import { languages } from '#domain/i18n.ts';
import { linkPageView, weakPasswordMessage } from '#http/link-pages.ts';
import { acceptInvitationDone, acceptInvitationForm, acceptInvitationGone } from '#http/pages/accept-invitation.ts';
import { goneStatus } from '#http/pages/link-gone.ts';
import { resetPasswordDone, resetPasswordForm, resetPasswordGone } from '#http/pages/reset-password.ts';
import { voicemailPinDone, voicemailPinForm, voicemailPinGone } from '#http/pages/voicemail-pin.ts';
import { translators } from '../../fakes/translators.ts';

const brand = effectiveBrand(defaultDeploymentBrand);
const en = { t: translators('en'), brand, nonce: 'n0nce' };
const de = { ...en, t: translators('de') };
const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
const CSRF = 'c'.repeat(43);
const audience = { memberLanguage: null, accountLanguage: null, accountBrand: null };
const link = {
  state: 'valid' as const,
  accountName: 'Acme <Fax> & "Co"',
  inviterName: '<script>alert(1)</script> Bo',
  firstName: null,
  email: 'pat@acme.test',
  password: 'choose' as const,
  asksName: true,
  ...audience,
};
const GONE = ['used', 'expired', 'revoked', 'unknown'] as const;
const text = (markup: unknown) => String(markup).replace(/<[^>]+>/g, ' ');

describe('the accept-invitation page', () => {
  it('names the account and the inviter, escaped; asks a new person for a password (policy first) and names', () => {
    const page = String(acceptInvitationForm({ ...en, csrf: CSRF, token: TOKEN, link }));
    expect(page).toContain('<title>Join Acme &lt;Fax&gt; &amp; &quot;Co&quot; – Switchboard</title>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Bo invited you to join Acme &lt;Fax&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain(`<input type="hidden" name="token" value="${TOKEN}">`);
    expect(page).toContain(`name="csrf" value="${CSRF}"`);
    expect(page).toContain('autocomplete="new-password"');
    expect(page).toContain('autocomplete="given-name"');
    expect(page).toContain('autocomplete="family-name"');
    expect(page).toContain('At least 12 characters');
    // the policy comes before the field is typed in, the token leaves the address bar, every script has the nonce
    expect(page.indexOf('Your password needs:')).toBeLessThan(page.indexOf('name="password"'));
    expect(page).toContain('history.replaceState');
    expect(page.match(/<script(?![^>]*nonce="n0nce")/g)).toBeNull();
    expect(page).toContain('method="post" action="/accept-invitation"');
  });

  it('a setup link says "your account manager" and greets the member; someone who signs in elsewhere confirms', () => {
    const setup = { ...link, inviterName: null, firstName: 'Greta', asksName: false };
    const page = text(acceptInvitationForm({ ...en, csrf: CSRF, token: TOKEN, link: setup }));
    expect(page).toContain('Hello Greta,');
    expect(page).toContain('Your account manager invited you to join Acme');
    expect(page).not.toContain('First name');

    const confirm = String(
      acceptInvitationForm({ ...en, csrf: CSRF, token: TOKEN, link: { ...setup, password: 'confirm' } }),
    );
    expect(confirm).toContain('Current password');
    expect(confirm).toContain('autocomplete="current-password"');
    expect(confirm).toContain('You already sign in as pat@acme.test');
    expect(confirm).not.toContain('Your password needs:');
  });

  it('lists the errors of a post in an announced summary and beside their fields, keeping the typed names', () => {
    const page = String(
      acceptInvitationForm({
        ...en,
        csrf: CSRF,
        token: TOKEN,
        link,
        values: { firstName: 'Pat "P"', lastName: '' },
        errors: [{ field: 'password', message: 'This password does not meet the rules above.' }],
      }),
    );
    expect(page).toMatch(/role="alert" aria-live="assertive"/);
    expect(page).toContain('<a href="#f-password">This password does not meet the rules above.</a>');
    expect(page).toContain('aria-invalid="true"');
    expect(page).toContain('value="Pat &quot;P&quot;"');
  });

  it('"You\'re in" with the way to sign in; every gone state says what happened and names nobody', () => {
    const done = String(acceptInvitationDone({ ...en, accountName: 'Acme <b>' }));
    expect(done).toContain("<h1>You're in</h1>".replace("'", '&#39;'));
    expect(done).toContain('You are now a member of Acme &lt;b&gt;.');
    expect(done).toContain('href="/sign-in"');
    const titles = GONE.map((state) => {
      const page = String(acceptInvitationGone({ ...en, state }));
      expect(page).toContain('account manager');
      expect(page).not.toContain(TOKEN);
      return /<h1>([^<]+)<\/h1>/.exec(page)?.[1];
    });
    expect(titles).toEqual([
      'This link has already been used',
      'This link has expired',
      'This link was withdrawn',
      'This link does not work',
    ]);
    expect(GONE.map(goneStatus)).toEqual([410, 410, 410, 404]);
  });

  it('its stylesheet reaches the browser as written (a style element decodes no entities)', () => {
    const page = String(acceptInvitationForm({ ...en, csrf: CSRF, token: TOKEN, link }));
    const css = /<style nonce="n0nce">([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    expect(css).toContain('.policy li[data-met=true]::before{content:"✓ ";}');
    expect(css).not.toMatch(/&(quot|amp|lt|gt|#39);/);
  });

  it('comes in German', () => {
    const page = String(
      acceptInvitationForm({ ...de, csrf: CSRF, token: TOKEN, link: { ...link, inviterName: null } }),
    );
    expect(page).toContain('<html lang="de">');
    expect(text(page)).toContain('Ihr Kontoverwalter hat Sie eingeladen, Acme');
    expect(text(page)).toContain('Vorname (optional)');
    expect(String(acceptInvitationGone({ ...de, state: 'expired' }))).toContain('Dieser Link ist abgelaufen');
    expect(String(acceptInvitationDone({ ...de, accountName: 'Acme' }))).toContain('Sie sind dabei');
  });
});

describe('the reset-password page', () => {
  it('a new password with the policy; done says every session was signed out; gone states lead to a new link', () => {
    const form = String(resetPasswordForm({ ...en, csrf: CSRF, token: TOKEN, email: 'a<b>@acme.test' }));
    expect(form).toContain('Choose a new password for a&lt;b&gt;@acme.test.');
    expect(form).toContain(`<input type="hidden" name="token" value="${TOKEN}">`);
    expect(form).toContain('Your password needs:');
    expect(form).toContain('history.replaceState');
    const done = text(resetPasswordDone(en));
    expect(done).toContain('You have been signed out everywhere.');
    expect(String(resetPasswordDone(en))).toContain('href="/sign-in"');
    for (const state of GONE) expect(String(resetPasswordGone({ ...en, state }))).toContain('href="/forgot-password"');
    expect(String(resetPasswordGone({ ...en, state: 'expired' }))).toContain('Reset links work for an hour.');
  });

  it('comes in German', () => {
    expect(String(resetPasswordDone(de))).toContain('Sie wurden überall abgemeldet.');
    expect(String(resetPasswordGone({ ...de, state: 'used' }))).toContain('Neuen Link anfordern');
  });
});

describe('the voicemail PIN page', () => {
  const pinLink = { state: 'valid' as const, accountName: 'Acme & Co', firstName: '<i>Max</i>', ...audience };

  it('shows the PIN rules before the fields, asks for the PIN twice on a numeric keypad', () => {
    const page = String(voicemailPinForm({ ...en, csrf: CSRF, token: TOKEN, link: pinLink }));
    expect(page).toContain('Hello &lt;i&gt;Max&lt;/i&gt;, choose the PIN for your voicemail at Acme &amp; Co.');
    expect(page.indexOf('Use 4 to 8 digits.')).toBeLessThan(page.indexOf('name="pin"'));
    expect(page).toContain('inputmode="numeric"');
    expect(page).toContain('name="repeat"');
    expect(page).toContain(`<input type="hidden" name="token" value="${TOKEN}">`);
    expect(text(voicemailPinDone(en))).toContain('Your voicemail PIN is set');
    expect(String(voicemailPinGone({ ...en, state: 'used' }))).toContain('This link has already been used');
  });

  it('comes in German', () => {
    expect(String(voicemailPinForm({ ...de, csrf: CSRF, token: TOKEN, link: pinLink }))).toContain('PIN wiederholen');
    expect(String(voicemailPinDone(de))).toContain('Ihre Mailbox-PIN ist festgelegt');
  });
});

describe('the language and brand of a link page', () => {
  const wiring = { translators, settings: { appUrl: 'https://app.test', brand: defaultDeploymentBrand } };

  it('takes the member language, then the account, then the browser; the account brand over the deployment', () => {
    expect(linkPageView(wiring, { ...audience, memberLanguage: 'de', accountLanguage: 'fr' }, ['es']).t.language).toBe(
      'de',
    );
    expect(linkPageView(wiring, { ...audience, accountLanguage: 'fr' }, ['es']).t.language).toBe('fr');
    expect(linkPageView(wiring, audience, ['es-MX', 'de']).t.language).toBe('es');
    expect(linkPageView(wiring, audience, []).t.language).toBe('en');
    const branded = linkPageView(wiring, { ...audience, accountBrand: { displayName: 'Reseller' } }, []);
    expect(branded.brand.name).toBe('Reseller');
    expect(linkPageView(wiring, audience, []).brand.name).toBe('Switchboard');
  });

  it('names what a refused password still needs, in the page language, without script', () => {
    expect(weakPasswordMessage(translators('en'), 'accept', 'short')).toBe(
      'This password still needs: At least 12 characters; An uppercase letter; A digit.',
    );
    expect(weakPasswordMessage(translators('de'), 'reset', 'kleinbuchstaben')).toBe(
      'Dieses Passwort braucht noch: Einen Großbuchstaben; Eine Ziffer.',
    );
    expect(weakPasswordMessage(translators('en'), 'reset', 'Correct-Horse-Battery-9')).toBe(
      'This password does not meet the rules for passwords.',
    );
  });

  it('every language renders every state of the three pages', () => {
    for (const language of languages) {
      const view = { ...en, t: translators(language) };
      for (const state of GONE)
        for (const gone of [acceptInvitationGone, resetPasswordGone, voicemailPinGone])
          expect(String(gone({ ...view, state })), `${language} ${state}`).not.toMatch(/(accept|reset|pin)\.\w+/);
    }
  });
});
