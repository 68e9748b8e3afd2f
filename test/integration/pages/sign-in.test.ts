/**
 * The sign-in page in headless Chromium: password sign-in to the account page and sign-out; an account that requires
 * MFA enrolling at sign-in (the QR code's key, the first code), then a sign-in with a code; a temporary password
 * replaced; CSRF; axe, CSP and a screenshot of each state. Two-step sign-in from the account page: account.test.ts.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, newAccount, newMember, nextSecond, uniqueEmail } from '../../builders/api.ts';
import { totpCode, withTotp } from '../../builders/lifecycle.ts';
import { sessionCookieOf, shownSecret, signInWithPassword } from '../../builders/pages.ts';
import { expectAccessible, expectPageHeaders, openBrowser, screenshot, visit } from '../../support/browser.ts';
import { call, stack } from '../../support/http.ts';

let browser: Browser;
let acme: Awaited<ReturnType<typeof newAccount>>;

beforeAll(async () => {
  [browser, acme] = await Promise.all([openBrowser(), newAccount('Sign-in Pages')]);
});
afterAll(() => browser?.close());

describe('the sign-in and account pages', () => {
  it('signs in with a password to the account page with the memberships; a wrong password gets one generic answer; sign-out ends it', async () => {
    const v = await visit(browser);
    const response = await v.page.goto('/sign-in');
    expect(response?.status()).toBe(200);
    expectPageHeaders(response?.headers() ?? {});
    expect(await v.page.locator('h1').textContent()).toBe('Sign in');
    await expectAccessible(v.page, 'sign-in form');
    await screenshot(v.page, 'sign-in-form');

    // a wrong password and an unknown address: the same words, no field blamed
    await signInWithPassword(v.page, acme.email, 'Wrong-Password-99');
    const wrong = await v.page.getByRole('alert').innerText();
    expect(wrong).toContain('The email address or password is not right.');
    expect(await v.page.getByLabel('Email address').inputValue()).toBe(acme.email);
    await expectAccessible(v.page, 'sign-in wrong password');
    await screenshot(v.page, 'sign-in-wrong-password');
    await signInWithPassword(v.page, uniqueEmail('nobody'), 'Wrong-Password-99');
    expect(await v.page.getByRole('alert').innerText()).toBe(wrong);
    expect(await sessionCookieOf(v.page)).toBeUndefined();

    await signInWithPassword(v.page, acme.email);
    await v.page.waitForURL('**/account');
    expect(await v.page.locator('h1').textContent()).toBe('Your account');
    const main = await v.page.locator('main').innerText();
    expect(main).toContain(`Signed in as ${acme.email}`);
    expect(await v.page.locator('table.memberships tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/Sign-in Pages\s+Account manager\s+Active/),
    ]);
    expect(main).toContain('Two-step sign-in is off.');
    await expectAccessible(v.page, 'account page');
    await screenshot(v.page, 'account');
    // the session: HttpOnly, SameSite=Strict, sealed (no token readable in it)
    const cookie = await sessionCookieOf(v.page);
    expect(cookie).toMatchObject({ name: 'sb_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.value).toMatch(/^v1\./);
    expect(cookie?.value).not.toContain('eyJ');
    // no request after load carried anything of the sign-in in its address
    expect(v.requests.filter((r) => /session=|password=|code=/.test(r.url))).toEqual([]);
    // signed in: the sign-in page sends the person on
    await v.page.goto('/sign-in');
    await v.page.waitForURL('**/account');

    await v.page.getByRole('button', { name: 'Sign out' }).click();
    await v.page.waitForURL('**/sign-in?done=signed-out');
    expect(await v.page.getByRole('status').innerText()).toContain('You are signed out.');
    expect(await sessionCookieOf(v.page)).toBeUndefined();
    await expectAccessible(v.page, 'signed out');
    await screenshot(v.page, 'sign-in-signed-out');
    await v.page.goto('/account');
    await v.page.waitForURL('**/sign-in');
    expect(v.cspViolations).toEqual([]);
    await v.context.close();
  });

  it('an account that requires MFA: the sign-in sets up the authenticator first; then no turn-off, and why', async () => {
    const strict = await withTotp(await newAccount('Strict Pages'));
    const patched = await call('PATCH', `/v1/accounts/${strict.accountId}`, {
      token: strict.token,
      body: { mfaRequired: true },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const member = await newMember(strict);
    const v = await visit(browser);
    await signInWithPassword(v.page, member.email);
    expect(await v.page.locator('h1').textContent()).toBe('Set up your authenticator app');
    expect(await v.page.locator('main').innerText()).toContain('requires two-step sign-in');
    const secret = await shownSecret(v.page);
    await expectAccessible(v.page, 'sign-in MFA enrolment');
    await screenshot(v.page, 'sign-in-mfa-setup');
    // the step's session rides in the form, sealed: never the access token itself
    const setup = await v.page.locator('input[name=setup]').getAttribute('value');
    expect(setup).toMatch(/^v1\./);
    expect(setup).not.toContain('eyJ');

    await v.page.getByLabel('6-digit code').fill(totpCode(secret));
    await v.page.getByRole('button', { name: 'Turn on', exact: true }).click();
    await v.page.waitForURL('**/sign-in?done=mfa-on');
    expect(await v.page.getByRole('status').innerText()).toContain('Sign in again with your password and a code');
    await screenshot(v.page, 'sign-in-mfa-on');
    await nextSecond();
    await signInWithPassword(v.page, member.email);
    await v.page.getByLabel('6-digit code').fill(totpCode(secret));
    await v.page.getByRole('button', { name: 'Continue' }).click();
    await v.page.waitForURL('**/account');
    const main = await v.page.locator('main').innerText();
    expect(main).toContain('Two-step sign-in stays on, because it is required by: Strict Pages.');
    expect(await v.page.getByRole('button', { name: 'Turn off two-step sign-in' }).count()).toBe(0);
    await expectAccessible(v.page, 'account MFA required');
    await screenshot(v.page, 'account-mfa-required');
    await v.context.close();
  });

  it('a temporary password set by a manager: the person chooses their own, then is signed in', async () => {
    const member = await newMember(acme);
    const set = await call('PUT', `/v1/accounts/${acme.accountId}/users/${member.id}/password`, {
      token: acme.token,
      body: { password: 'Temporary-Pass-42' },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(204);
    await nextSecond();
    const v = await visit(browser);
    await signInWithPassword(v.page, member.email, 'Temporary-Pass-42');
    expect(await v.page.locator('h1').textContent()).toBe('Choose your password');
    await expectAccessible(v.page, 'sign-in new password');
    await screenshot(v.page, 'sign-in-new-password');
    await v.page.getByLabel('New password').fill('short');
    await v.page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await v.page.getByRole('alert').innerText()).toContain('Choose a password that meets every rule below.');
    await expectAccessible(v.page, 'sign-in new password refused');
    await v.page.getByLabel('New password').fill('My-Own-Password-77');
    await v.page.getByRole('button', { name: 'Save and continue' }).click();
    await v.page.waitForURL('**/account');
    expect(v.cspViolations).toEqual([]);
    await v.context.close();
  });

  it('refuses a sign-in post without its CSRF token (nothing signed in); the same post with it signs in; German for de', async () => {
    const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${stack().baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const fields = { step: 'password', email: acme.email, password: PASSWORD };
    const bare = await post('/sign-in', fields);
    expect(bare.status).toBe(403);
    expect(bare.headers.get('set-cookie') ?? '').not.toContain('sb_session');
    const form = await call('GET', '/sign-in');
    const cookie = (form.headers['set-cookie'] ?? '').split(';')[0];
    const csrf = cookie.split('=')[1];
    const forged = await post('/sign-in', { ...fields, csrf: 'x'.repeat(43) }, { cookie });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie') ?? '').not.toContain('sb_session');
    expect((await post('/sign-out', {}, { cookie })).status).toBe(403);
    // positive control
    const good = await post('/sign-in', { ...fields, csrf }, { cookie });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/account');
    expect(good.headers.get('set-cookie')).toMatch(
      /sb_session=v1\.[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/,
    );

    const v = await visit(browser, { locale: 'de-DE' });
    await v.page.goto('/sign-in');
    expect(await v.page.locator('h1').textContent()).toBe('Anmelden');
    expect(await v.page.getByLabel('E-Mail-Adresse').count()).toBe(1);
    await expectAccessible(v.page, 'sign-in in German');
    await screenshot(v.page, 'sign-in-de');
    await v.context.close();
  });
});
