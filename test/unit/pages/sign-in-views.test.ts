/** The sign-in and account pages' views: each state, escaping, the enrolment step, and a language spot check. */
import { describe, expect, it } from 'vitest';
import { defaultDeploymentBrand, effectiveBrand } from '#domain/brand.ts';
import { accountPage } from '#http/pages/account-enrolment.ts';
import { accountPageAtRest } from '#http/pages/account.ts';
import { typedCode } from '#http/pages/mfa-enrolment.ts';
import { signInPage, signInPasswordPage } from '#http/pages/sign-in.ts';
import { translators } from '../../fakes/translators.ts';

const brand = effectiveBrand(defaultDeploymentBrand);
const view = (language: 'en' | 'de' | 'fr' | 'es' = 'en') => ({
  t: translators(language),
  brand,
  nonce: 'n0nce',
  csrf: 'c'.repeat(43),
});
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/Switchboard%3Aa%40b.test?secret=${SECRET}&issuer=Switchboard&algorithm=SHA1&digits=6&period=30`;
const forms = (markup: string) => [...markup.matchAll(/<form [^>]*>/g)].map((m) => m[0]);

describe('sign-in views', () => {
  it('the first step alone (what GET /sign-in renders) is the password step of the whole page, byte for byte', () => {
    for (const done of [undefined, 'signedOut', 'mfaOn'] as const) {
      const step = { ...view('de'), step: 'password' as const, ...(done ? { done } : {}) };
      expect(signInPasswordPage(step).toString()).toBe(signInPage(step).toString());
    }
    // positive control: another step of the whole page differs
    expect(signInPasswordPage({ ...view(), step: 'password' }).toString()).not.toBe(
      signInPage({ ...view(), step: 'mfa', session: 's' }).toString(),
    );
  });

  it('the password step: labelled fields, the CSRF field, posting to /sign-in, the forgot-password link', () => {
    const page = signInPage({ ...view(), step: 'password' }).toString();
    expect(forms(page)).toEqual(['<form method="post" action="/sign-in" novalidate>']);
    expect(page).toContain(`<input type="hidden" name="csrf" value="${'c'.repeat(43)}">`);
    expect(page).toContain('<input type="hidden" name="step" value="password">');
    expect(page).toMatch(/<label for="f-email">Email address<\/label>/);
    expect(page).toMatch(/<input id="f-password" name="password" type="password" autocomplete="current-password"/);
    expect(page).toContain('href="/forgot-password"');
    expect(page).not.toContain('role="alert"');
  });

  it('wrong credentials: one generic message in the announced summary, the email kept and escaped', () => {
    const page = signInPage({
      ...view(),
      step: 'password',
      email: '"><script>x()</script>@evil.test',
      error: 'credentials',
    }).toString();
    expect(page).toContain('role="alert" aria-live="assertive"');
    expect(page).toContain('The email address or password is not right.');
    expect(page).not.toContain('<script>x()');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;x()&lt;/script&gt;@evil.test"');
    // no field is blamed: nothing tells which of the two was wrong
    expect(page).not.toContain('aria-invalid="true"');
  });

  it('a missing field is an error of that field (linked from the summary, aria-invalid, described by)', () => {
    const page = signInPage({ ...view(), step: 'password', error: 'password' }).toString();
    expect(page).toContain('<a href="#f-password">Enter your password.</a>');
    expect(page).toMatch(/id="f-password"[^>]*aria-describedby="f-password-error"[^>]*aria-invalid="true"/);
  });

  it('the TOTP step carries the challenge session in a hidden field (escaped), with a one-time-code field', () => {
    const page = signInPage({ ...view(), step: 'mfa', session: 'abc"def', error: 'codeWrong' }).toString();
    expect(page).toContain('<input type="hidden" name="session" value="abc&quot;def">');
    expect(page).toMatch(/name="code" type="text" autocomplete="one-time-code"[^>]*inputmode="numeric"/);
    expect(page).toContain('That code did not work.');
    expect(page).not.toContain('?session');
  });

  it('the enrolment step: the QR code, the key in groups of four, the sealed field, a code field', () => {
    const page = signInPage({
      ...view(),
      step: 'mfa-setup',
      setup: 'v1.sealed',
      secret: SECRET,
      otpauthUri: URI,
    }).toString();
    expect(page).toContain('<div class="qr" role="img" aria-label="QR code to scan with your authenticator app"><svg');
    expect(page).toContain('<dd class="secret" id="totp-secret">JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</dd>');
    expect(page).toContain('<input type="hidden" name="setup" value="v1.sealed">');
    expect(page).toContain('name="code"');
    // the URI is in the picture only, never in the markup
    expect(page).not.toContain('otpauth:');
  });

  it('the new-password step shows the policy before typing, with its script under the nonce', () => {
    const page = signInPage({ ...view(), step: 'new-password', session: 's', error: 'rules' }).toString();
    expect(page).toContain('At least');
    expect(page).toContain('autocomplete="new-password"');
    expect(page).toContain('<script nonce="n0nce">');
    expect(page).not.toMatch(/<script(?! nonce="n0nce")/);
  });

  it('in German when the visitor reads German', () => {
    const page = signInPage({ ...view('de'), step: 'password', done: 'signedOut' }).toString();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Sie sind abgemeldet.');
    expect(page).toContain('Passwort vergessen?');
    expect(signInPage({ ...view('fr'), step: 'password' }).toString()).toContain('Mot de passe oublié ?');
    expect(signInPage({ ...view('es'), step: 'password' }).toString()).toContain('Iniciar sesión');
  });

  it('typed codes: spaces and dashes are forgiven, anything but six digits is not a code', () => {
    expect(typedCode(' 123 456 ')).toBe('123456');
    expect(typedCode('123-456')).toBe('123456');
    for (const bad of ['12345', '1234567', 'abcdef', '', undefined]) expect(typedCode(bad)).toBeUndefined();
  });
});

describe('account views', () => {
  const me = {
    email: 'alice@acme.test',
    memberships: [
      { accountName: 'Acme <Fax>', role: 'account_manager', status: 'active' },
      { accountName: 'Globex', role: 'user', status: 'deactivated' },
    ],
  };

  it('lists the memberships (escaped), says MFA is off and offers turning it on; sign-out is a CSRF-protected post', () => {
    const page = accountPage({
      ...view(),
      ...me,
      mfaEnabled: false,
      mfaRequiredBy: [],
      needsPassword: false,
    }).toString();
    expect(page).toContain('Signed in as alice@acme.test');
    expect(page).toContain('<td>Acme &lt;Fax&gt;</td><td>Account manager</td><td>Active</td>');
    expect(page).toContain('<td>Globex</td><td>Member</td><td>Deactivated</td>');
    expect(page).toContain('Two-step sign-in is off.');
    expect(page).toContain('<input type="hidden" name="action" value="mfa-start">');
    expect(page).not.toContain('name="password"');
    expect(forms(page)).toEqual([
      '<form method="post" action="/account" novalidate>',
      '<form method="post" action="/sign-out">',
    ]);
    expect(page.match(/name="csrf"/g)).toHaveLength(2);
  });

  it('at rest (what GET /account renders) is the whole page byte for byte; an enrolment needs the whole page', () => {
    for (const state of [
      { mfaEnabled: false, needsPassword: true },
      { mfaEnabled: true, needsPassword: false, done: 'mfaOff' as const },
      { mfaEnabled: false, needsPassword: false, mfaSetupRequired: true, error: 'password' as const },
    ]) {
      const v = { ...view('fr'), ...me, mfaRequiredBy: [], ...state };
      expect(accountPageAtRest(v).toString()).toBe(accountPage(v).toString());
    }
    const enrolling = { ...view(), ...me, mfaEnabled: false, mfaRequiredBy: [], needsPassword: false };
    const enrolment = { setup: 's', secret: SECRET, otpauthUri: URI };
    expect(accountPage({ ...enrolling, enrolment }).toString()).toContain('<svg');
    expect(() => accountPageAtRest({ ...enrolling, enrolment } as never)).toThrow();
  });

  it('asks for the password to start when the sign-in is not recent', () => {
    const page = accountPage({
      ...view(),
      ...me,
      mfaEnabled: false,
      mfaRequiredBy: [],
      needsPassword: true,
    }).toString();
    expect(page).toMatch(/name="password" type="password" autocomplete="current-password"/);
  });

  it('MFA on and no account requires it: turn off with a code; an account requires it: no turn-off, and why', () => {
    const free = accountPage({
      ...view(),
      ...me,
      mfaEnabled: true,
      mfaRequiredBy: [],
      needsPassword: false,
    }).toString();
    expect(free).toContain('value="mfa-disable"');
    expect(free).toContain('Turn off two-step sign-in');
    const held = accountPage({
      ...view(),
      ...me,
      mfaEnabled: true,
      mfaRequiredBy: ['Acme <Fax>', 'Globex'],
      needsPassword: false,
    }).toString();
    expect(held).not.toContain('mfa-disable');
    expect(held).toContain('Two-step sign-in stays on, because it is required by: Acme &lt;Fax&gt;, Globex.');
  });

  it('an enrolment under way shows the QR code and key and asks for the first code; held at enrolment: no memberships', () => {
    const page = accountPage({
      ...view(),
      email: 'bob@acme.test',
      mfaEnabled: false,
      mfaRequiredBy: [],
      mfaSetupRequired: true,
      needsPassword: false,
      enrolment: { setup: 'v1.s', secret: SECRET, otpauthUri: URI },
      error: 'codeWrong',
    }).toString();
    expect(page).toContain('<svg');
    expect(page).toContain('JBSW Y3DP');
    expect(page).toContain('value="mfa-verify"');
    expect(page).toContain('That code does not match.');
    expect(page).not.toContain('<table');
  });
});
