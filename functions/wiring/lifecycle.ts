// The adapters the lifecycle operations (deactivate, reactivate, close a user) hand their use cases: one wiring,
// so the three handlers cannot drift apart. Only those handlers import it (each bundle keeps what it uses); closing
// adds the password check itself, which signs in on the app client. Deactivating and reactivating close nothing:
// their adapters leave out the lifecycle store, whose closing transaction (every attachment of a member) they would
// otherwise bundle.
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { lifecycleStore } from '#adapters/dynamodb/lifecycle-store.ts';
import { userEdits } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';

/** Deactivating and reactivating a member. */
export const statusChangeDeps = {
  access: accessStore,
  users: userEdits,
  identities: identityStore,
  signIns: cognitoSignInAdmin,
  clock: systemClock,
  ids: ulidIds,
};

/** Closing a member (and SCIM's delete): the same adapters and the lifecycle store. */
export const lifecycleDeps = {
  access: accessStore,
  users: userEdits,
  identities: identityStore,
  lifecycle: lifecycleStore,
  signIns: cognitoSignInAdmin,
  clock: systemClock,
  ids: ulidIds,
};
