/**
 * The account page in headless Chromium: two-step sign-in turned on with the QR code's key (a mistyped code first),
 * then a sign-in with a code, then turned off with a current code; axe, CSP and a screenshot of each state.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, newAccount, newMember, nextSecond } from '../../builders/api.ts';
import { totpCode, withTotp, wrongCode } from '../../builders/lifecycle.ts';
import { sessionCookieOf, shownSecret, signInWithPassword } from '../../builders/pages.ts';
import { expectAccessible, expectPageHeaders, openBrowser, screenshot, visit } from '../../support/browser.ts';
import { call, clock } from '../../support/http.ts';

let browser: Browser;
let acme: Awaited<ReturnType<typeof newAccount>>;

beforeAll(async () => {
  [browser, acme] = await Promise.all([openBrowser(), newAccount('Account Pages')]);
});
afterAll(async () => {
  await clock(0);
  await browser?.close();
});

describe('the account page', () => {
  it('turns two-step sign-in on with the QR code’s key, then signs in with a code, then turns it off', async () => {
    const member = await newMember(acme);
    const v = await visit(browser);
    await signInWithPassword(v.page, member.email);
    await v.page.waitForURL('**/account');
    const response = await v.page.goto('/account');
    expect(response?.status()).toBe(200);
    expectPageHeaders(response?.headers() ?? {});
    // six minutes later the sign-in no longer stands in for the password: the form asks for it, and checks it
    await clock(360);
    try {
      await v.page.reload();
      await v.page.getByLabel('Your password').fill('Wrong-Password-99');
      await v.page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
      expect(await v.page.getByRole('alert').innerText()).toContain('That password is not right.');
      expect(await v.page.locator('#totp-secret').count()).toBe(0);
      await expectAccessible(v.page, 'account password asked');
      await screenshot(v.page, 'account-mfa-password');
      await v.page.getByLabel('Your password').fill(PASSWORD);
      await v.page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    } finally {
      await clock(0);
    }
    expect(await v.page.locator('.qr svg').count()).toBe(1);
    expect(await v.page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).count()).toBe(1);
    const secret = await shownSecret(v.page);
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectAccessible(v.page, 'account enrolment');
    await screenshot(v.page, 'account-mfa-enrolment');

    await v.page.getByLabel('6-digit code').fill(wrongCode(secret));
    await v.page.getByRole('button', { name: 'Turn on', exact: true }).click();
    expect(await v.page.getByRole('alert').innerText()).toContain('That code does not match.');
    expect(await shownSecret(v.page)).toBe(secret);
    await expectAccessible(v.page, 'account enrolment wrong code');
    await screenshot(v.page, 'account-mfa-enrolment-wrong-code');

    await v.page.getByLabel('6-digit code').fill(totpCode(secret));
    await v.page.getByRole('button', { name: 'Turn on', exact: true }).click();
    // turning it on ended every session: sign in again, now with a code
    await v.page.waitForURL('**/sign-in?done=mfa-on');
    expect(await sessionCookieOf(v.page)).toBeUndefined();
    await nextSecond();
    await signInWithPassword(v.page, member.email);
    expect(await v.page.locator('h1').textContent()).toBe('Enter your code');
    expect(v.page.url()).toMatch(/\/sign-in$/);
    await expectAccessible(v.page, 'sign-in code step');
    await screenshot(v.page, 'sign-in-code');
    await v.page.getByLabel('6-digit code').fill(wrongCode(secret));
    await v.page.getByRole('button', { name: 'Continue' }).click();
    expect(await v.page.getByRole('alert').innerText()).toContain('That code did not work.');
    await expectAccessible(v.page, 'sign-in wrong code');
    await v.page.getByLabel('6-digit code').fill(totpCode(secret));
    await v.page.getByRole('button', { name: 'Continue' }).click();
    await v.page.waitForURL('**/account');
    expect(await v.page.locator('main').innerText()).toContain('Two-step sign-in is on');

    await v.page.getByLabel('Code from your authenticator app').fill(totpCode(secret));
    await v.page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
    await v.page.waitForURL('**/account?done=mfa-off');
    expect(await v.page.getByRole('status').innerText()).toContain('Two-step sign-in is now off.');
    await expectAccessible(v.page, 'account MFA off');
    await screenshot(v.page, 'account-mfa-off');
    expect(
      (await call('POST', '/v1/auth/token', { body: { email: member.email, password: PASSWORD } })).body,
    ).toMatchObject({
      accessToken: expect.any(String),
    });
    expect(v.cspViolations).toEqual([]);
    await v.context.close();
  });

  it('an account that starts requiring MFA holds a signed-in person at enrolment, as /v1/me does; no memberships shown', async () => {
    const strict = await withTotp(await newAccount('Account Pages Strict'));
    const member = await newMember(strict);
    const v = await visit(browser);
    await signInWithPassword(v.page, member.email);
    await v.page.waitForURL('**/account');
    expect(await v.page.locator('table.memberships').count()).toBe(1);
    const patched = await call('PATCH', `/v1/accounts/${strict.accountId}`, {
      token: strict.token,
      body: { mfaRequired: true },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(403);

    await v.page.reload();
    const main = await v.page.locator('main').innerText();
    expect(main).toContain('An account you belong to requires two-step sign-in.');
    expect(await v.page.locator('table.memberships').count()).toBe(0);
    await expectAccessible(v.page, 'account held at enrolment');
    await screenshot(v.page, 'account-mfa-setup-required');
    // enrolment is open to them (within 5 minutes of the sign-in, no password asked)
    await v.page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    expect(await shownSecret(v.page)).toMatch(/^[A-Z2-7]{16,}$/);
    await v.context.close();
  });
});
