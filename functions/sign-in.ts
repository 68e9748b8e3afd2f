import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { api } from '#http/api.ts';
import { publicRoute } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { SignInBody } from '#http/schemas/auth.ts';
import { signIn } from '#use-cases/auth.ts';

export const handler = api({ auth: publicRoute, body: SignInBody }, async ({ body }) => ok(await signIn({ idp: cognitoIdentityProvider }, body)));
