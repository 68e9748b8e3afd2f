// The adapters both sign-in steps (password, then the MFA code) hand their use cases, and the failure floor they
// share: the two handlers answer a refused attempt alike.
import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { cognitoMfa } from '#adapters/cognito/mfa.ts';
import { auditStore } from '#adapters/dynamodb/audit-store.ts';
import { codeAttemptStore } from '#adapters/dynamodb/code-attempt-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { sealedRefreshGrants } from '#adapters/refresh-grant.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';

export const signInDeps = {
  idp: cognitoIdentityProvider,
  mfa: cognitoMfa,
  identities: identityStore,
  audit: auditStore,
  refreshGrants: sealedRefreshGrants,
  clock: systemClock,
  ids: ulidIds,
  codeAttempts: codeAttemptStore,
};

/** A refused attempt takes at least this long, known person (audit events written) or not. */
export const FAILURE_FLOOR_MS = 400;
