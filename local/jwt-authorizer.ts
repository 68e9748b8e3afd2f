/**
 * What the HTTP API's Cognito JWT authorizer does in AWS, for member routes: the Authorization header must be
 * present and carry a JWT signed by the pool (JWKS), from its issuer, unexpired, with `aud` or `client_id`
 * equal to the app client. A rejection never reaches the function and has API Gateway's own body, which is
 * not problem+json (HTTP APIs cannot customise it). Accepted claims are put in the event, as in AWS.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export type AuthorizerResult =
  | { ok: true; claims: JWTPayload }
  | { ok: false; response: { statusCode: number; headers: Record<string, string>; body: string } };

const unauthorized = (description: string): AuthorizerResult => ({
  ok: false,
  response: {
    statusCode: 401,
    headers: {
      'content-type': 'application/json',
      'www-authenticate': `Bearer error="invalid_token" error_description="${description}"`,
    },
    body: JSON.stringify({ message: 'Unauthorized' }),
  },
});

export function createJwtAuthorizer(issuer: string, audience: string) {
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  return async (authorization: string | undefined): Promise<AuthorizerResult> => {
    if (!authorization) return unauthorized('missing token');
    const token = authorization.replace(/^Bearer\s+/i, '');
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer });
      if (payload.aud !== audience && payload.client_id !== audience) return unauthorized('invalid audience');
      return { ok: true, claims: payload };
    } catch (error) {
      return unauthorized(
        (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'invalid token',
      );
    }
  };
}
