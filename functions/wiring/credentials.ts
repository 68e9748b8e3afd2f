// The adapters a manager's credential operations (set a user's password, reset a user's MFA) hand their use
// cases; a handler adds what only it uses.
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { credentialStore } from '#adapters/dynamodb/credential-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';

export const credentialAdapters = {
  access: accessStore,
  users: userReads,
  identities: identityStore,
  credentials: credentialStore,
  signIns: cognitoSignInAdmin,
  clock: systemClock,
  ids: ulidIds,
};
