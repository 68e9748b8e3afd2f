import type { RefreshGrant, RefreshGrants } from '#ports/identity-provider.ts';
import { sealer } from './sealed.ts';

/**
 * The refresh token a client holds: Cognito's refresh token, sealed together with who it was issued to and when,
 * so that refreshing can be refused for a session that a password change, a deactivation or a close revoked,
 * whatever the identity provider does with `auth_time` on refresh.
 */
// marked pure: making a sealer derives no key, so a bundle that issues no grant drops it
const grants = /* @__PURE__ */ sealer('switchboard/refresh-grant/v1', 'refresh-grant');

export const sealedRefreshGrants: RefreshGrants = {
  seal: (grant) => grants.seal({ r: grant.refreshToken, i: grant.identityId, t: grant.signedInAt }),
  open(sealed): RefreshGrant | null {
    const data = grants.open(sealed);
    if (!data || typeof data.r !== 'string' || typeof data.i !== 'string' || typeof data.t !== 'number') return null;
    return { refreshToken: data.r, identityId: data.i, signedInAt: data.t };
  },
};
