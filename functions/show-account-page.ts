import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { route } from '#http/operations/show-account-page.ts';
import { page } from '#http/page.ts';
import { clearedSessionCookie, pageSession } from '#http/pages/session.ts';
import { accountView } from './wiring/account-page.ts';
import { pageReadDeps, pageWiring } from './wiring/page-reads.ts';

export const handler = page(route, pageWiring, async (req) => {
  await loadSealingKeys();
  const session = await pageSession(pageReadDeps.identities, req.secure, req.cookies);
  if (session.state === 'signed-out') return { redirect: '/sign-in', cookies: [clearedSessionCookie(req.secure)] };
  return { body: await accountView(req, session, req.query.done === 'mfa-off' ? { done: 'mfaOff' } : {}) };
});
