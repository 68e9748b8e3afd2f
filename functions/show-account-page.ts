import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { route } from '#http/operations/show-account-page.ts';
import { page } from '#http/page.ts';
import { clearedSessionCookie, pageSession, sessionCookieName } from '#http/pages/session.ts';
import { accountView } from './wiring/account-page.ts';
import { accountPageAtRest } from '#http/pages/account.ts';
import { pageReadDeps, pageWiring } from './wiring/page-reads.ts';

export const handler = page(route, pageWiring, async (req) => {
  await loadSealingKeys();
  const session = await pageSession(pageReadDeps.identities, req.secure, req.cookies);
  // a cookie that no longer opens is dropped; none at all (a link from another site, where the SameSite=Strict cookie
  // stays home) changes nothing, so that no other site can sign a person out with a link
  if (session.state === 'signed-out')
    return {
      redirect: '/sign-in',
      ...(req.cookies[sessionCookieName(req.secure)] !== undefined
        ? { cookies: [clearedSessionCookie(req.secure)] }
        : {}),
    };
  const state = req.query.done === 'mfa-off' ? ({ done: 'mfaOff' } as const) : {};
  return { body: await accountView(req, session, state, accountPageAtRest) };
});
