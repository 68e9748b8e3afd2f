import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, uniqueEmail } from '../../builders/api.ts';
import { expectAccessible, expectPageHeaders, openBrowser, screenshot, visit } from '../../support/browser.ts';
import { call, stack } from '../../support/http.ts';
import { lastLinkTo, mailsTo } from '../../support/mailbox.ts';

let browser: Browser;
let owner: Awaited<ReturnType<typeof newAccount>>;

beforeAll(async () => {
  [browser, owner] = await Promise.all([openBrowser(), newAccount('Forgot Pages')]);
});
afterAll(() => browser?.close());

describe('the forgot-password page', () => {
  it('asks for an address and gives the same answer for a known and an unknown one; the known one gets the link', async () => {
    const v = await visit(browser);
    const response = await v.page.goto('/forgot-password');
    expect(response?.status()).toBe(200);
    const nonce = expectPageHeaders(response?.headers() ?? {});
    // every script and style of the page carries this response's nonce
    expect(await v.page.locator(`style:not([nonce])`).count()).toBe(0);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(await v.page.locator('h1').textContent()).toBe('Forgot your password?');
    await expectAccessible(v.page, 'forgot-password form');
    await screenshot(v.page, 'forgot-password-form');

    await v.page.getByLabel('Email address').fill(owner.email.toUpperCase());
    await v.page.getByRole('button', { name: 'Send the link' }).click();
    await v.page.waitForURL('**/forgot-password');
    const known = await v.page.locator('main').innerText();
    expect(known).toContain('a link to choose a new password is on its way');
    await expectAccessible(v.page, 'forgot-password sent');
    await screenshot(v.page, 'forgot-password-sent');
    // the link in the mail opens this deployment's reset page
    expect(await lastLinkTo(owner.email, 'reset-password')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(v.cspViolations).toEqual([]);

    const unknown = uniqueEmail('nobody');
    await v.page.goto('/forgot-password');
    await v.page.getByLabel('Email address').fill(unknown);
    await v.page.getByRole('button', { name: 'Send the link' }).click();
    await v.page.waitForURL('**/forgot-password');
    expect((await v.page.locator('main').innerText()).replace(unknown, owner.email)).toBe(known);
    expect(await mailsTo(unknown)).toEqual([]);
    await v.context.close();
  });

  it('names a mistyped address beside its field and in an announced summary, and keeps what was typed', async () => {
    const v = await visit(browser);
    await v.page.goto('/forgot-password');
    await v.page.getByLabel('Email address').fill('not-an-address');
    await v.page.getByRole('button', { name: 'Send the link' }).click();
    const summary = v.page.getByRole('alert');
    expect(await summary.innerText()).toContain('Enter an email address like name@example.com');
    const field = v.page.getByLabel('Email address');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe('not-an-address');
    await expectAccessible(v.page, 'forgot-password error');
    await screenshot(v.page, 'forgot-password-error');
    await v.context.close();
  });

  it('comes in the browser’s language: German for Accept-Language de', async () => {
    const v = await visit(browser, { locale: 'de-DE' });
    await v.page.goto('/forgot-password');
    expect(await v.page.locator('html').getAttribute('lang')).toBe('de');
    expect(await v.page.locator('h1').textContent()).toBe('Passwort vergessen?');
    await expectAccessible(v.page, 'forgot-password in German');
    await screenshot(v.page, 'forgot-password-de');
    await v.context.close();
  });

  it('refuses a form post without its CSRF token, or from another site, and sends nothing; the same post with it works', async () => {
    const email = owner.email;
    const before = (await mailsTo(email)).length;
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const post = (body: string, headers: Record<string, string> = {}) =>
      call('POST', '/forgot-password', {
        rawBody: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });

    // no cookie, no field
    const bare = await post(form({ email }));
    expect(bare.status).toBe(403);
    expect(bare.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(bare.body).toContain('This form has expired');
    // a field that does not match the cookie
    const page = await call('GET', '/forgot-password');
    const cookie = (page.headers['set-cookie'] ?? '').split(';')[0];
    const token = cookie.split('=')[1];
    expect(cookie).toMatch(/^sb_csrf=[A-Za-z0-9_-]{43}$/);
    expect(page.headers['set-cookie']).toMatch(/HttpOnly/);
    expect(page.headers['set-cookie']).toMatch(/SameSite=Strict/);
    expect((await post(form({ csrf: 'x'.repeat(43), email }), { cookie })).status).toBe(403);
    // the right token, from another site
    const crossSite = await post(form({ csrf: token, email }), { cookie, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await post(form({ csrf: token, email }), { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await mailsTo(email)).length, 'no mail from a refused post').toBe(before);

    // positive control: the same post with its token and this site's origin
    const host = new URL(stack().baseUrl).host;
    const good = await post(form({ csrf: token, email }), { cookie, origin: `http://${host}` });
    expect(good.status).toBe(200);
    await expect.poll(async () => (await mailsTo(email)).length).toBe(before + 1);
  });

  it('answers a broken request with its own HTML page, never JSON', async () => {
    const r = await call('POST', '/forgot-password', { body: { email: owner.email } });
    expect(r.status).toBe(415);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toMatch(/^<!doctype html>/);
    expect(r.body).not.toContain('"status"');
  });
});
