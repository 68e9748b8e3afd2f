import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { identityLookup } from '#adapters/dynamodb/identity-store.ts';
import { invitationLinkReads } from '#adapters/dynamodb/invitation-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { linkPageView } from '#http/link-pages.ts';
import { route } from '#http/operations/show-accept-invitation-page.ts';
import { page } from '#http/page.ts';
import { acceptInvitationForm, acceptInvitationGone } from '#http/pages/accept-invitation.ts';
import { goneStatus } from '#http/pages/link-gone.ts';
import { describeInvitationLink } from '#use-cases/link-descriptions.ts';

const deps = {
  invitations: invitationLinkReads,
  accounts: accountReads,
  users: userReads,
  identities: identityLookup,
  clock: systemClock,
};
const wiring = withSettings({ translators });

export const handler = page(route, wiring, async ({ query, nonce, csrf, acceptLanguages }) => {
  const link = await describeInvitationLink(deps, query.token);
  const view = { ...linkPageView(wiring, link, acceptLanguages), nonce };
  if (link.state !== 'valid')
    return { status: goneStatus(link.state), body: acceptInvitationGone({ ...view, state: link.state }) };
  return { body: acceptInvitationForm({ ...view, csrf, token: query.token, link }) };
});
