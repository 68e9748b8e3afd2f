import { route } from '#http/operations/sign-out.ts';
import { page } from '#http/page.ts';
import { clearedSessionCookie } from '#http/pages/session.ts';
import { pageWiring } from './wiring/page-reads.ts';

/** The browser forgets the session (the access token in it expires within the hour, unreadable to anyone). */
export const handler = page(route, pageWiring, async ({ secure }) => ({
  redirect: '/sign-in?done=signed-out',
  cookies: [clearedSessionCookie(secure)],
}));
