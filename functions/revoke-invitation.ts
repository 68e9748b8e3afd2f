import { userReads } from '#adapters/dynamodb/user-store.ts';
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { invitationRevocation } from '#adapters/dynamodb/invitation-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/revoke-invitation.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { revokeInvitation } from '#use-cases/invitations.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  await revokeInvitation(
    { access: accessStore, users: userReads, invitations: invitationRevocation, clock: systemClock, ids: ulidIds },
    asMember(caller),
    params.invitationId,
  );
  return noContent();
});
