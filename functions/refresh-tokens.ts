import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { api } from '#http/api.ts';
import { publicRoute } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { RefreshBody } from '#http/schemas/auth.ts';
import { refreshTokens } from '#use-cases/auth.ts';

export const handler = api({ auth: publicRoute, body: RefreshBody }, async ({ body }) => ok(await refreshTokens({ idp: cognitoIdentityProvider }, body)));
