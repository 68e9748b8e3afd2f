import { cognitoMfa } from '#adapters/cognito/mfa.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/start-totp-enrollment.ts';
import { asIdentity, bearerToken } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { startTotpEnrollment } from '#use-cases/mfa.ts';

export const handler = api(route, { identity: identityStore }, async ({ caller, headers }) =>
  ok(await startTotpEnrollment({ mfa: cognitoMfa }, asIdentity(caller), bearerToken(headers))),
);
