// The adapters the lifecycle operations (deactivate, reactivate, close a user) hand their use cases: one wiring,
// so the three handlers cannot drift apart. Only those handlers import it (each bundle keeps what it uses); closing
// adds the password check itself, which signs in on the app client.
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { lifecycleStore } from '#adapters/dynamodb/lifecycle-store.ts';
import { userEdits } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';

export const lifecycleDeps = {
  access: accessStore,
  users: userEdits,
  identities: identityStore,
  lifecycle: lifecycleStore,
  signIns: cognitoSignInAdmin,
  clock: systemClock,
  ids: ulidIds,
};
