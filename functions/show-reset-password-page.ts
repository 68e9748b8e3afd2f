import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { resetStore } from '#adapters/dynamodb/reset-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { linkPageView } from '#http/link-pages.ts';
import { route } from '#http/operations/show-reset-password-page.ts';
import { page } from '#http/page.ts';
import { goneStatus } from '#http/pages/link-gone.ts';
import { resetPasswordForm, resetPasswordGone } from '#http/pages/reset-password.ts';
import { describeResetLink } from '#use-cases/link-descriptions.ts';

const deps = {
  resets: resetStore,
  identities: identityStore,
  users: userReads,
  accounts: accountReads,
  clock: systemClock,
};
const wiring = withSettings({ translators });

export const handler = page(route, wiring, async ({ query, nonce, csrf, acceptLanguages }) => {
  const link = await describeResetLink(deps, query.token);
  const view = { ...linkPageView(wiring, link, acceptLanguages), nonce };
  if (link.state !== 'valid')
    return { status: goneStatus(link.state), body: resetPasswordGone({ ...view, state: link.state }) };
  return { body: resetPasswordForm({ ...view, csrf, token: query.token, email: link.email }) };
});
