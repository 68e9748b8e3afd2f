import { withSettings } from '#adapters/runtime.ts';
import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { cognitoMfa } from '#adapters/cognito/mfa.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { codeAttemptStore } from '#adapters/dynamodb/code-attempt-store.ts';
import { identityAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/start-totp-enrollment.ts';
import { asIdentity, bearerToken } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { startTotpEnrollment } from '#use-cases/mfa.ts';

const deps = withSettings({
  mfa: cognitoMfa,
  idp: cognitoIdentityProvider,
  clock: systemClock,
  codeAttempts: codeAttemptStore,
});

export const handler = api(route, { identity: identityAuthentication }, async ({ caller, headers, body }) =>
  ok(await startTotpEnrollment(deps, asIdentity(caller), bearerToken(headers), body)),
);
