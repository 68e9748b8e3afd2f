import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RefreshGrant, RefreshGrants } from '#ports/services.ts';
import { env, settingNames } from '#config/env.ts';

/**
 * The refresh token a client holds: Cognito's refresh token, sealed together with who it was issued to and when
 * (HMAC with the deployment's signing key, under a label of its own), so that refreshing can be refused for a
 * session that a password change, a deactivation or a close revoked, whatever the identity provider does with
 * `auth_time` on refresh.
 */
const LABEL = 'switchboard/refresh-grant/v1';

let secret: Buffer | undefined;
const key = () => (secret ??= Buffer.from(env(settingNames.cursorSecret), 'utf8'));
const mac = (payload: string) => createHmac('sha256', key()).update(`${LABEL}\n${payload}`).digest();

export const sealedRefreshGrants: RefreshGrants = {
  seal(grant) {
    const payload = Buffer.from(JSON.stringify({ r: grant.refreshToken, i: grant.identityId, t: grant.signedInAt }), 'utf8').toString('base64url');
    return `${payload}.${mac(payload).toString('base64url')}`;
  },
  open(sealed): RefreshGrant | null {
    const [payload, signature, extra] = sealed.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const given = Buffer.from(signature, 'base64url');
    const expected = mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const { r, i, t } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { r?: unknown; i?: unknown; t?: unknown };
      if (typeof r !== 'string' || typeof i !== 'string' || typeof t !== 'number') return null;
      return { refreshToken: r, identityId: i, signedInAt: t };
    } catch {
      return null;
    }
  },
};
