/**
 * Headless Chromium for the hosted pages' browser tests: Debian's `chromium` (`.ci/run` installs it; nothing downloads
 * a browser), driven by playwright-core. One browser per test file, one context (cookies, language) per test.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { stack } from './http.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where screenshots go, for a reviewer to look at (the CI log names each file). */
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

export function openBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // this machine's network is closed: without these, Chromium keeps trying to reach Google's services
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface Visit {
  context: BrowserContext;
  page: Page;
  /** Every request the page made, in order, with the headers it sent (Referer among them). */
  requests: { url: string; headers: Record<string, string> }[];
  /** CSP violations the page reported (inline script or style without the nonce, a blocked resource). */
  cspViolations: string[];
}

/** A fresh context (no cookies) in `locale` (Accept-Language), on this worker's stack. */
export async function visit(browser: Browser, options: { locale?: string } = {}): Promise<Visit> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB', baseURL: stack().baseUrl });
  const page = await context.newPage();
  const requests: Visit['requests'] = [];
  const cspViolations: string[] = [];
  page.on('request', (request) => {
    requests.push({ url: request.url(), headers: request.headers() });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, page, requests, cspViolations };
}

/** axe's WCAG 2.1 A and AA rules on the page as it is now: no violation. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect(found, `axe on ${state}`).toEqual([]);
  // a page axe could not check proves nothing
  expect(results.passes.length, `axe checked ${state}`).toBeGreaterThan(5);
}

/** A full-page screenshot under test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The security headers every page must carry; `nonce` is returned for checks of the page's own tags. */
export function expectPageHeaders(headers: Record<string, string>): string {
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toContain('unsafe-inline');
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, 'a script nonce').toBeTruthy();
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cache-control']).toBe('no-store');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['content-type']).toBe('text/html; charset=utf-8');
  return nonce as string;
}

/** No request after the first navigation carries `secret` in its URL or its Referer. */
export function expectNotSentAfterLoad(visitRequests: Visit['requests'], secret: string): void {
  const [, ...later] = visitRequests;
  const leaks = later.filter((r) => r.url.includes(secret) || (r.headers.referer ?? '').includes(secret));
  expect(
    leaks.map((r) => r.url),
    'requests after load that carry the token',
  ).toEqual([]);
}
