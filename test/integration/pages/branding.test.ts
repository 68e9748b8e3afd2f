/**
 * The brand in effect on a mail and on the page its link opens: a reseller's account brand where the operator set one,
 * the deployment's (the test stacks run as "Northwind Voice") where not. Screenshots of each mail and page go to
 * test-output/screenshots/ for a reviewer.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, newAccount, userInput } from '../../builders/api.ts';
import { expectAccessible, openBrowser, screenshot, visit } from '../../support/browser.ts';
import { call, stack } from '../../support/http.ts';
import { type Mail, mailsTo } from '../../support/mailbox.ts';
import { testDeploymentBrand } from '../../support/stack-process.ts';

// a small logo as a data URL: the page and the screenshot need no network
const logoSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><rect width="160" height="40" rx="6" fill="#7a1fa2"/><text x="12" y="27" font-family="sans-serif" font-size="18" fill="#fff">Reseller Fax</text></svg>`;
const reseller = {
  displayName: 'Reseller Fax',
  logoUrl: `data:image/svg+xml;base64,${Buffer.from(logoSvg).toString('base64')}`,
  primaryColor: '#7a1fa2',
  supportEmail: 'help@reseller.example',
};

let browser: Browser;
let branded: Awaited<ReturnType<typeof newAccount>>;
let plain: Awaited<ReturnType<typeof newAccount>>;

beforeAll(async () => {
  [browser, branded, plain] = await Promise.all([openBrowser(), newAccount('Branded Co'), newAccount('Plain Co')]);
  expectStatus(
    await call('PUT', `/v1/accounts/${branded.accountId}/branding`, { operatorKey: true, body: reseller }),
    200,
  );
});
afterAll(() => browser?.close());

/** A new member of `account` and their setup mail. */
async function setupMailOf(account: { accountId: string; token: string }): Promise<Mail> {
  const input = userInput();
  const r = await call('POST', `/v1/accounts/${account.accountId}/users`, { token: account.token, body: input });
  expectStatus(r, 201);
  await expect.poll(async () => (await mailsTo(input.email as string)).length).toBe(1);
  return (await mailsTo(input.email as string))[0];
}

const linkOf = (mail: Mail) => {
  const found = new RegExp(`${stack().appUrl}/accept-invitation\\?token=[A-Za-z0-9_-]+`).exec(mail.body.text ?? '');
  expect(found, 'the setup link in the text part').toBeTruthy();
  return (found as RegExpExecArray)[0];
};

/** The words of the HTML part, as a reader sees them. */
const wordsOf = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

describe('the brand on mail and pages', () => {
  it('a reseller’s account: its name as sender, its logo, colour and support address; the deployment’s footer', async () => {
    const mail = await setupMailOf(branded);
    expect(mail.from).toMatch(/^"Reseller Fax" <[^>]+>$/);
    const html = mail.body.html ?? '';
    const text = mail.body.text ?? '';
    expect(html).toContain(`src="${reseller.logoUrl}"`);
    expect(html).toContain('#7a1fa2');
    expect(html).toContain('mailto:help@reseller.example');
    expect(html).toContain(testDeploymentBrand.legalFooter);
    expect(html).not.toContain('Northwind Voice<');
    // the text part carries the same words: footer, support address, the link
    for (const words of [testDeploymentBrand.legalFooter, 'help@reseller.example', linkOf(mail)]) {
      expect(text).toContain(words);
      expect(wordsOf(html)).toContain(words);
    }

    const v = await visit(browser);
    await v.page.setContent(html);
    await screenshot(v.page, 'brand-mail-reseller');

    await v.page.goto(linkOf(mail));
    expect(await v.page.locator('header img').getAttribute('alt')).toBe('Reseller Fax');
    expect(await v.page.locator('header img').getAttribute('src')).toBe(reseller.logoUrl);
    const button = v.page.locator('main .button').first();
    expect(
      await button.evaluate(
        (b) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b)
            .backgroundColor,
      ),
    ).toBe('rgb(122, 31, 162)');
    expect(await v.page.locator('footer').innerText()).toContain(testDeploymentBrand.legalFooter);
    expect(await v.page.locator('footer a[href="mailto:help@reseller.example"]').count()).toBe(1);
    await expectAccessible(v.page, 'a page under a reseller brand');
    await screenshot(v.page, 'brand-page-reseller');
    await v.context.close();
  });

  it('an account without a brand of its own: the deployment’s name, colour and footer', async () => {
    const mail = await setupMailOf(plain);
    expect(mail.from).toMatch(/^"Northwind Voice" <[^>]+>$/);
    const html = mail.body.html ?? '';
    expect(html).toContain(testDeploymentBrand.primaryColor);
    expect(html).toContain(testDeploymentBrand.legalFooter);
    expect(html).not.toContain('Reseller');
    expect(mail.body.text).toContain(testDeploymentBrand.legalFooter);

    const v = await visit(browser);
    await v.page.setContent(html);
    await screenshot(v.page, 'brand-mail-deployment');

    await v.page.goto(linkOf(mail));
    expect(await v.page.locator('header').innerText()).toContain('Northwind Voice');
    const button = v.page.locator('main .button').first();
    expect(
      await button.evaluate(
        (b) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b)
            .backgroundColor,
      ),
    ).toBe('rgb(11, 83, 148)');
    expect(await v.page.locator('footer a[href="https://help.northwind.example/"]').count()).toBe(1);
    await expectAccessible(v.page, 'a page under the deployment brand');
    await screenshot(v.page, 'brand-page-deployment');
    await v.context.close();
  });
});
