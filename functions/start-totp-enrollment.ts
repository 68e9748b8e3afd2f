import { cognitoMfa } from '#adapters/cognito/mfa.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { api } from '#http/api.ts';
import { asIdentity, bearerToken, memberRoute } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { startTotpEnrollment } from '#use-cases/mfa.ts';

export const handler = api(
  { auth: memberRoute(identityStore, { mfaEnrollment: true }), emptyBody: true },
  async ({ caller, headers }) =>
    ok(await startTotpEnrollment({ mfa: cognitoMfa }, asIdentity(caller), bearerToken(headers))),
);
