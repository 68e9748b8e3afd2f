import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, newAccount, PASSWORD, signIn, tokenRequest, userInput } from '../../builders/api.ts';
import { inviteeEmail, inviteOne, invitationsPath } from '../../builders/invitations.ts';
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

const NEW_PASSWORD = 'Fresh-Pages-Passw0rd';
let browser: Browser;
let owner: Awaited<ReturnType<typeof newAccount>>;

beforeAll(async () => {
  [browser, owner] = await Promise.all([openBrowser(), newAccount('Links & <Accept>')]);
});
afterAll(() => browser?.close());

const h1 = (v: Awaited<ReturnType<typeof visit>>) => v.page.locator('h1').textContent();

describe('the accept-invitation page', () => {
  it('an invited person opens the mailed link, sees who invited them, chooses a password and is in; the API sign-in takes it', async () => {
    const { email } = await inviteOne(owner, inviteeEmail('nina'));
    const token = await lastLinkTo(email, 'accept-invitation');
    const v = await visit(browser);
    const response = await v.page.goto(`/accept-invitation?token=${token}`);
    expect(response?.status()).toBe(200);
    expectPageHeaders(response?.headers() ?? {});
    // the account name is text, not markup
    expect(await h1(v)).toBe('Join Links & <Accept>');
    expect(await v.page.locator('main').textContent()).toContain('Olive Owner invited you to join Links & <Accept>.');
    // the token left the address bar; the form still carries it
    expect(v.page.url()).not.toContain(token);
    expect(await v.page.locator('input[name=token]').inputValue()).toBe(token);
    await expectAccessible(v.page, 'accept form (new person)');
    await screenshot(v.page, 'accept-invitation-new-person');

    // the policy is checked as they type; the server says the same without script
    await v.page.getByLabel('Password', { exact: true }).fill('short');
    expect(await v.page.locator('.policy li[data-met=true]').count()).toBe(2);
    await v.page.getByRole('button', { name: /^Join/ }).click();
    expect(await v.page.getByRole('alert').textContent()).toContain(
      'This password still needs: At least 12 characters; An uppercase letter; A digit.',
    );
    expect(await v.page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(v.page, 'accept form with an error');
    await screenshot(v.page, 'accept-invitation-error');

    await v.page.getByLabel('First name (optional)').fill('Nina');
    await v.page.getByLabel('Last name (optional)').fill('New');
    await v.page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    expect(await v.page.locator('.policy li[data-met=true]').count()).toBe(5);
    await v.page.getByRole('button', { name: /^Join/ }).click();
    expect(await h1(v)).toBe("You're in");
    expect(await v.page.locator('main').textContent()).toContain('You are now a member of Links & <Accept>.');
    expect(await v.page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in');
    await expectAccessible(v.page, 'accept done');
    await screenshot(v.page, 'accept-invitation-done');
    expectNotSentAfterLoad(v.requests, token);
    expect(v.cspViolations).toEqual([]);
    await v.context.close();

    const me = await call('GET', '/v1/me', { token: await signIn(email, NEW_PASSWORD) });
    expect(me.body.memberships).toMatchObject([{ accountId: owner.accountId, status: 'active' }]);
    const users = await call('GET', `/v1/accounts/${owner.accountId}/users?limit=100`, { token: owner.token });
    expect(users.body.items.find((u: { email: string }) => u.email === email)).toMatchObject({
      firstName: 'Nina',
      lastName: 'New',
    });
  });

  it('someone who signs in elsewhere joins a second account with their current password, which stays', async () => {
    const other = await newAccount('Links Elsewhere');
    await inviteOne(owner, other.email);
    const token = await lastLinkTo(other.email, 'accept-invitation');
    const v = await visit(browser);
    await v.page.goto(`/accept-invitation?token=${token}`);
    expect(await v.page.locator('main').textContent()).toContain(`You already sign in as ${other.email}.`);
    expect(await v.page.locator('input[name=firstName]').count()).toBe(0);
    await expectAccessible(v.page, 'accept form (existing person)');
    await screenshot(v.page, 'accept-invitation-existing-person');

    await v.page.getByLabel('Current password').fill('Not-The-Passw0rd');
    await v.page.getByRole('button', { name: /^Join/ }).click();
    expect(await v.page.getByRole('alert').textContent()).toContain('That is not your current password.');
    await expectAccessible(v.page, 'accept form with a wrong current password');
    await screenshot(v.page, 'accept-invitation-wrong-password');
    await v.page.getByLabel('Current password').fill(PASSWORD);
    await v.page.getByRole('button', { name: /^Join/ }).click();
    expect(await h1(v)).toBe("You're in");
    await v.context.close();

    const me = await call('GET', '/v1/me', { token: await signIn(other.email, PASSWORD) });
    expect(me.body.memberships.map((m: { accountId: string }) => m.accountId).sort()).toEqual(
      [owner.accountId, other.accountId].sort(),
    );
  });

  it('used, revoked, expired and unknown links say what happened and what to do, as HTML with the status the API gives', async () => {
    const used = await inviteOne(owner);
    const usedToken = await lastLinkTo(used.email, 'accept-invitation');
    await accept(used.email);
    const revoked = await inviteOne(owner);
    const revokedToken = await lastLinkTo(revoked.email, 'accept-invitation');
    expect(
      (await call('DELETE', `${invitationsPath(owner.accountId)}/${revoked.invitationId}`, { token: owner.token }))
        .status,
    ).toBeLessThan(300);
    const late = await inviteOne(owner);
    const lateToken = await lastLinkTo(late.email, 'accept-invitation');

    const v = await visit(browser);
    const expectState = async (token: string, status: number, title: string, name: string) => {
      const response = await v.page.goto(`/accept-invitation?token=${token}`);
      expect(response?.status(), name).toBe(status);
      expectPageHeaders(response?.headers() ?? {});
      expect(await h1(v)).toBe(title);
      const main = await v.page.locator('main').textContent();
      expect(main).toContain('account manager');
      expect(main).not.toContain('Links & <Accept>');
      await expectAccessible(v.page, name);
      await screenshot(v.page, name);
    };
    await expectState(usedToken, 410, 'This link has already been used', 'accept-invitation-used');
    await expectState(revokedToken, 410, 'This link was withdrawn', 'accept-invitation-revoked');
    await expectState('not-a-token-anyone-issued', 404, 'This link does not work', 'accept-invitation-unknown');
    // positive control before the clock moves: the late link still opens its form
    await v.page.goto(`/accept-invitation?token=${lateToken}`);
    expect(await h1(v)).toBe('Join Links & <Accept>');
    try {
      await clock(7 * 24 * 3600 + 60);
      await expectState(lateToken, 410, 'This link has expired', 'accept-invitation-expired');
    } finally {
      await clock(0);
    }
    await v.context.close();
  });

  it('a member whose language is German gets the page in German, whatever the browser asks', async () => {
    const r = await call('POST', `/v1/accounts/${owner.accountId}/users`, {
      token: owner.token,
      body: userInput({ firstName: 'Greta', language: 'de' }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const token = await lastLinkTo(r.body.email, 'accept-invitation');
    const v = await visit(browser, { locale: 'en-GB' });
    await v.page.goto(`/accept-invitation?token=${token}`);
    expect(await v.page.locator('html').getAttribute('lang')).toBe('de');
    expect(await h1(v)).toBe('Links & <Accept> beitreten');
    const main = await v.page.locator('main').textContent();
    expect(main).toContain('Hallo Greta,');
    expect(main).toContain('Ihr Kontoverwalter hat Sie eingeladen');
    await expectAccessible(v.page, 'accept form in German');
    await screenshot(v.page, 'accept-invitation-de');
    await v.context.close();
  });

  it('refuses a form post without its CSRF token and accepts nothing; the same post with it joins', async () => {
    const { email } = await inviteOne(owner);
    const token = await lastLinkTo(email, 'accept-invitation');
    const shown = await call('GET', `/accept-invitation?token=${token}`);
    const cookie = (shown.headers['set-cookie'] ?? '').split(';')[0];
    const csrf = cookie.split('=')[1];
    const post = (fields: Record<string, string>) =>
      call('POST', '/accept-invitation', {
        rawBody: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
    const refused = await post({ token, password: NEW_PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await tokenRequest(email, NEW_PASSWORD)).status).toBe(401);
    // positive control: with the page's token the same post joins
    const joined = await post({ csrf, token, password: NEW_PASSWORD });
    expect(joined.status).toBe(200);
    expect(joined.body).toContain('You are now a member of');
    await signIn(email, NEW_PASSWORD);
  });
});
