import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { acceptanceStore } from '#adapters/dynamodb/invitation-acceptance.ts';
import { invitationStore } from '#adapters/dynamodb/invitation-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/accept-invitation.ts';
import { ok } from '#http/responses.ts';
import { toUserDto } from '#http/dto.ts';
import { acceptInvitation } from '#use-cases/auth.ts';

const deps = {
  access: accessStore,
  invitations: invitationStore,
  users: userStore,
  identities: identityStore,
  acceptance: acceptanceStore,
  idp: cognitoIdentityProvider,
  clock: systemClock,
  ids: ulidIds,
};

export const handler = api(route, {}, async ({ body }) => {
  const { accountId, user } = await acceptInvitation(deps, body);
  return ok({ accountId, user: toUserDto(user) });
});
