// The adapters accepting a setup or invitation link takes: the JSON route and the hosted page hand them to the same
// use case.
import { cognitoAccountSetup } from '#adapters/cognito/identity-provider.ts';
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { identityLookup } from '#adapters/dynamodb/identity-store.ts';
import { acceptanceStore } from '#adapters/dynamodb/invitation-acceptance.ts';
import { invitationLinkAcceptance } from '#adapters/dynamodb/invitation-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';

export const acceptanceDeps = {
  access: accessStore,
  invitations: invitationLinkAcceptance,
  users: userReads,
  identities: identityLookup,
  acceptance: acceptanceStore,
  idp: cognitoAccountSetup,
  clock: systemClock,
  ids: ulidIds,
};
