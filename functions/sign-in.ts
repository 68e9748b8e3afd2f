import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { cognitoMfa } from '#adapters/cognito/mfa.ts';
import { auditStore } from '#adapters/dynamodb/audit-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { sealedRefreshGrants } from '#adapters/refresh-grant.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/sign-in.ts';
import { ok } from '#http/responses.ts';
import { withFailureTimingFloor } from '#http/timing.ts';
import { signIn } from '#use-cases/sign-in.ts';

/** A refused attempt takes at least this long, known person (audit events written) or not. */
const FAILURE_FLOOR_MS = 400;
const deps = {
  idp: cognitoIdentityProvider,
  mfa: cognitoMfa,
  identities: identityStore,
  audit: auditStore,
  refreshGrants: sealedRefreshGrants,
  clock: systemClock,
  ids: ulidIds,
};

export const handler = api(route, {}, async ({ body }) =>
  ok(await withFailureTimingFloor(FAILURE_FLOOR_MS, () => signIn(deps, body))),
);
