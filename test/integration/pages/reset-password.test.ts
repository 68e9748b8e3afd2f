import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, newMember, PASSWORD, signIn, tokenRequest } from '../../builders/api.ts';
import {
  expectAccessible,
  expectNotSentAfterLoad,
  expectPageHeaders,
  openBrowser,
  screenshot,
  visit,
} from '../../support/browser.ts';
import { call, clock } from '../../support/http.ts';
import { lastLinkTo } from '../../support/mailbox.ts';

const NEW_PASSWORD = 'Reset-Pages-Passw0rd';
let browser: Browser;
let owner: Awaited<ReturnType<typeof newAccount>>;

beforeAll(async () => {
  [browser, owner] = await Promise.all([openBrowser(), newAccount('Links Reset')]);
});
afterAll(() => browser?.close());

/** A reset link mailed to `email` by the self-service route. */
async function resetLinkFor(email: string): Promise<string> {
  expect((await call('POST', '/v1/auth/forgot-password', { body: { email } })).status).toBe(202);
  return lastLinkTo(email, 'reset-password');
}

const h1 = (v: Awaited<ReturnType<typeof visit>>) => v.page.locator('h1').textContent();

describe('the reset-password page', () => {
  it('sets a new password from the mailed link, signs the person out everywhere and sends them to sign in', async () => {
    const member = await newMember(owner);
    const token = await resetLinkFor(member.email);
    const v = await visit(browser);
    const response = await v.page.goto(`/reset-password?token=${token}`);
    expect(response?.status()).toBe(200);
    expectPageHeaders(response?.headers() ?? {});
    expect(await h1(v)).toBe('Choose a new password');
    expect(await v.page.locator('main').textContent()).toContain(`Choose a new password for ${member.email}.`);
    expect(v.page.url()).not.toContain(token);
    await expectAccessible(v.page, 'reset form');
    await screenshot(v.page, 'reset-password-form');

    await v.page.getByLabel('New password').fill('alllowercase');
    await v.page.getByRole('button', { name: 'Set password' }).click();
    expect(await v.page.getByRole('alert').textContent()).toContain(
      'This password still needs: An uppercase letter; A digit.',
    );
    await expectAccessible(v.page, 'reset form with an error');
    await screenshot(v.page, 'reset-password-error');
    expect((await tokenRequest(member.email, PASSWORD)).status, 'nothing changed').toBe(200);

    await v.page.getByLabel('New password').fill(NEW_PASSWORD);
    await v.page.getByRole('button', { name: 'Set password' }).click();
    expect(await h1(v)).toBe('Your password is set');
    expect(await v.page.locator('main').textContent()).toContain('You have been signed out everywhere.');
    expect(await v.page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in');
    await expectAccessible(v.page, 'reset done');
    await screenshot(v.page, 'reset-password-done');
    expectNotSentAfterLoad(v.requests, token);
    expect(v.cspViolations).toEqual([]);

    // signed out everywhere: the session from before is refused; the new password signs in
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect((await tokenRequest(member.email, PASSWORD)).status).toBe(401);
    await signIn(member.email, NEW_PASSWORD);

    // the link worked once
    const again = await v.page.goto(`/reset-password?token=${token}`);
    expect(again?.status()).toBe(410);
    expect(await h1(v)).toBe('This reset link has already been used');
    expect(await v.page.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe(
      '/forgot-password',
    );
    await expectAccessible(v.page, 'reset used');
    await screenshot(v.page, 'reset-password-used');
    await v.context.close();
  });

  it('an expired or unknown link says so and leads to a new one', async () => {
    const member = await newMember(owner);
    const token = await resetLinkFor(member.email);
    const v = await visit(browser);
    const unknown = await v.page.goto('/reset-password?token=nobody-issued-this-token');
    expect(unknown?.status()).toBe(404);
    expect(await h1(v)).toBe('This reset link does not work');
    await expectAccessible(v.page, 'reset unknown');
    await screenshot(v.page, 'reset-password-unknown');
    // positive control: the link opens its form until the hour is over
    await v.page.goto(`/reset-password?token=${token}`);
    expect(await h1(v)).toBe('Choose a new password');
    try {
      await clock(3600 + 60);
      const expired = await v.page.goto(`/reset-password?token=${token}`);
      expect(expired?.status()).toBe(410);
      expect(await h1(v)).toBe('This reset link has expired');
      await expectAccessible(v.page, 'reset expired');
      await screenshot(v.page, 'reset-password-expired');
    } finally {
      await clock(0);
    }
    await v.context.close();
  });

  it('comes in German for a member whose language is de', async () => {
    const member = await newMember(owner, { language: 'de' });
    const token = await resetLinkFor(member.email);
    const v = await visit(browser, { locale: 'fr-FR' });
    await v.page.goto(`/reset-password?token=${token}`);
    expect(await v.page.locator('html').getAttribute('lang')).toBe('de');
    expect(await h1(v)).toBe('Neues Passwort wählen');
    await expectAccessible(v.page, 'reset form in German');
    await screenshot(v.page, 'reset-password-de');
    await v.context.close();
  });

  it('refuses a form post without its CSRF token and changes nothing; with it the same post sets the password', async () => {
    const member = await newMember(owner);
    const token = await resetLinkFor(member.email);
    const shown = await call('GET', `/reset-password?token=${token}`);
    const cookie = (shown.headers['set-cookie'] ?? '').split(';')[0];
    const post = (fields: Record<string, string>) =>
      call('POST', '/reset-password', {
        rawBody: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
    expect((await post({ token, password: NEW_PASSWORD })).status).toBe(403);
    expect((await tokenRequest(member.email, PASSWORD)).status).toBe(200);
    const done = await post({ csrf: cookie.split('=')[1], token, password: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Your password is set');
    await signIn(member.email, NEW_PASSWORD);
  });
});
