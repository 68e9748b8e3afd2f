import { cognitoMfa } from '#adapters/cognito/mfa.ts';
import { credentialStore } from '#adapters/dynamodb/credential-store.ts';
import { codeAttemptStore } from '#adapters/dynamodb/code-attempt-store.ts';
import { identityAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/verify-totp-enrollment.ts';
import { asIdentity, bearerToken } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { verifyTotpEnrollment } from '#use-cases/mfa.ts';

const deps = {
  mfa: cognitoMfa,
  credentials: credentialStore,
  clock: systemClock,
  ids: ulidIds,
  codeAttempts: codeAttemptStore,
};

export const handler = api(route, { identity: identityAuthentication }, async ({ caller, headers, body }) =>
  ok(await verifyTotpEnrollment(deps, asIdentity(caller), bearerToken(headers), body)),
);
