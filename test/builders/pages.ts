/** Steps of the sign-in and account pages, as a person takes them in the browser. */
import type { Page } from 'playwright-core';
import { PASSWORD } from './api.ts';

/** The password step of /sign-in, from a fresh load of the page. */
export async function signInWithPassword(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The key an enrolment step shows, as a person copies it into an app (the groups of four joined). */
export const shownSecret = async (page: Page): Promise<string> =>
  ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');

/** The page session cookie the browser holds, if any. */
export const sessionCookieOf = async (page: Page) =>
  (await page.context().cookies()).find((c) => c.name === 'sb_session' || c.name === '__Host-sb_session');
