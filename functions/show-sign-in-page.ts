import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { route } from '#http/operations/show-sign-in-page.ts';
import { page } from '#http/page.ts';
import { pageSession } from '#http/pages/session.ts';
import { signInPasswordPage } from '#http/pages/sign-in.ts';
import { pageReadDeps, pageWiring } from './wiring/page-reads.ts';

const done = { 'signed-out': 'signedOut', 'mfa-on': 'mfaOn' } as const;

export const handler = page(route, pageWiring, async ({ visitor, nonce, csrf, cookies, secure, query }) => {
  await loadSealingKeys();
  // signed in already: on to the account page
  if ((await pageSession(pageReadDeps.identities, secure, cookies)).state !== 'signed-out')
    return { redirect: '/account' };
  const after = query.done && Object.hasOwn(done, query.done) ? done[query.done as keyof typeof done] : undefined;
  return { body: signInPasswordPage({ ...visitor, nonce, csrf, step: 'password', ...(after ? { done: after } : {}) }) };
});
