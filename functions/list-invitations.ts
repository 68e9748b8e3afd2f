import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { invitationListing } from '#adapters/dynamodb/invitation-store.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-invitations.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { toInvitationDto } from '#http/schemas/invitations.ts';
import { listInvitations } from '#use-cases/invitations.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, query }) => {
  await loadSealingKeys();
  const { page, now } = await listInvitations(
    { access: accessStore, invitations: invitationListing, clock: systemClock },
    asMember(caller),
    query,
  );
  return ok({ items: page.items.map((i) => toInvitationDto(i, now)), nextCursor: page.nextCursor });
});
