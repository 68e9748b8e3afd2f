import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, expectStatus, newAccount } from '../../builders/api.ts';
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

let browser: Browser;
let owner: Awaited<ReturnType<typeof newAccount>>;

beforeAll(async () => {
  [browser, owner] = await Promise.all([openBrowser(), newAccount('Links & Voice')]);
});
afterAll(() => browser?.close());

/** A member with a new voice service whose welcome mail carries the PIN link; its token. */
async function pinLink(over: Record<string, unknown> = {}): Promise<{ token: string; userId: string }> {
  const member = await createMember(owner, over);
  const created = await call('POST', `/v1/accounts/${owner.accountId}/users/${member.id}/services`, {
    token: owner.token,
    body: { type: 'voice', welcomeEmail: true },
  });
  expectStatus(created, 201);
  return { token: await lastLinkTo(member.email, 'voicemail-pin'), userId: member.id };
}

const h1 = (v: Awaited<ReturnType<typeof visit>>) => v.page.locator('h1').textContent();

describe('the voicemail PIN page', () => {
  it('shows the PIN rules, refuses a weak or mistyped PIN beside its field, sets a good one once', async () => {
    const { token, userId } = await pinLink({ firstName: 'Max' });
    const v = await visit(browser);
    const response = await v.page.goto(`/voicemail-pin?token=${token}`);
    expect(response?.status()).toBe(200);
    expectPageHeaders(response?.headers() ?? {});
    expect(await h1(v)).toBe('Set your voicemail PIN');
    const main = await v.page.locator('main').textContent();
    expect(main).toContain('Hello Max, choose the PIN for your voicemail at Links & Voice.');
    expect(main).toContain('Use 4 to 8 digits.');
    expect(v.page.url()).not.toContain(token);
    await expectAccessible(v.page, 'PIN form');
    await screenshot(v.page, 'voicemail-pin-form');

    await v.page.getByLabel('PIN', { exact: true }).fill('1234');
    await v.page.getByLabel('Repeat the PIN').fill('1234');
    await v.page.getByRole('button', { name: 'Set PIN' }).click();
    expect(await v.page.getByRole('alert').textContent()).toContain('This PIN is too easy to guess.');
    await expectAccessible(v.page, 'PIN form with an error');
    await screenshot(v.page, 'voicemail-pin-error');
    await v.page.getByLabel('PIN', { exact: true }).fill('2580');
    await v.page.getByLabel('Repeat the PIN').fill('2581');
    await v.page.getByRole('button', { name: 'Set PIN' }).click();
    expect(await v.page.getByRole('alert').textContent()).toContain('The two PINs are not the same.');

    await v.page.getByLabel('PIN', { exact: true }).fill('2580');
    await v.page.getByLabel('Repeat the PIN').fill('2580');
    await v.page.getByRole('button', { name: 'Set PIN' }).click();
    expect(await h1(v)).toBe('Your voicemail PIN is set');
    await expectAccessible(v.page, 'PIN done');
    await screenshot(v.page, 'voicemail-pin-done');
    expectNotSentAfterLoad(v.requests, token);
    expect(v.cspViolations).toEqual([]);
    const service = await call('GET', `/v1/accounts/${owner.accountId}/users/${userId}/services/voice`, {
      token: owner.token,
    });
    expect(service.body).toMatchObject({ voicemailPinSet: true });

    const used = await v.page.goto(`/voicemail-pin?token=${token}`);
    expect(used?.status()).toBe(410);
    expect(await h1(v)).toBe('This link has already been used');
    await expectAccessible(v.page, 'PIN link used');
    await screenshot(v.page, 'voicemail-pin-used');
    await v.context.close();
  });

  it('an expired or unknown link says so; a German member gets the page in German', async () => {
    const [{ token }, german] = await Promise.all([pinLink(), pinLink({ language: 'de' })]);
    const v = await visit(browser);
    expect((await v.page.goto('/voicemail-pin?token=nobody-issued-this'))?.status()).toBe(404);
    expect(await h1(v)).toBe('This link does not work');
    await expectAccessible(v.page, 'PIN link unknown');
    await screenshot(v.page, 'voicemail-pin-unknown');

    await v.page.goto(`/voicemail-pin?token=${german.token}`);
    expect(await v.page.locator('html').getAttribute('lang')).toBe('de');
    expect(await h1(v)).toBe('Mailbox-PIN festlegen');
    await expectAccessible(v.page, 'PIN form in German');
    await screenshot(v.page, 'voicemail-pin-de');
    try {
      await clock(7 * 24 * 3600 + 60);
      expect((await v.page.goto(`/voicemail-pin?token=${token}`))?.status()).toBe(410);
      expect(await h1(v)).toBe('This link has expired');
      await expectAccessible(v.page, 'PIN link expired');
      await screenshot(v.page, 'voicemail-pin-expired');
    } finally {
      await clock(0);
    }
    await v.context.close();
  });

  it('refuses a form post without its CSRF token and sets nothing; with it the same post sets the PIN', async () => {
    const { token, userId } = await pinLink();
    const shown = await call('GET', `/voicemail-pin?token=${token}`);
    const cookie = (shown.headers['set-cookie'] ?? '').split(';')[0];
    const post = (fields: Record<string, string>) =>
      call('POST', '/voicemail-pin', {
        rawBody: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
    const pinSet = async () =>
      (await call('GET', `/v1/accounts/${owner.accountId}/users/${userId}/services/voice`, { token: owner.token })).body
        .voicemailPinSet;
    expect((await post({ token, pin: '2580', repeat: '2580' })).status).toBe(403);
    expect(await pinSet()).toBe(false);
    expect((await post({ csrf: cookie.split('=')[1], token, pin: '2580', repeat: '2580' })).status).toBe(200);
    expect(await pinSet()).toBe(true);
  });
});
