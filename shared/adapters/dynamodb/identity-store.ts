import { GetCommand } from './document.ts';
import type { IdentityStore } from '#ports/identities.ts';
import { mayOverrideBelow, memberMustUseMfa } from '#domain/mfa-policy.ts';
import { ddb, tableName } from './client.ts';
import { accountKey, mfaOverridesKey } from './entities/account.ts';
import { fromIdentityItem, identityByEmailKey, identityKey } from './entities/identity.ts';
import { batchGet } from './batch-get.ts';
import { identityAuthentication, readAccess } from './identity-authentication.ts';

/** Which identity an email is, if any (consistent). */
async function identityIdByEmail(email: string): Promise<string | undefined> {
  const ref = await ddb.send(
    new GetCommand({ TableName: tableName(), Key: identityByEmailKey(email), ConsistentRead: true }),
  );
  return ref.Item?.identityId as string | undefined;
}

/** The identity an email is, if any (a GetItem of the email's claim, then of the identity; consistent). */
const findByEmail: IdentityStore['findByEmail'] = async (email) => {
  const identityId = await identityIdByEmail(email);
  if (!identityId) return null;
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName(), Key: identityKey(identityId), ConsistentRead: true }),
  );
  return Item ? fromIdentityItem(Item) : null;
};

/** The lookup by email alone: accepting a link bundles none of the store's other reads. */
export const identityLookup: Pick<IdentityStore, 'findByEmail'> = { findByEmail };

/** Authentication's reads (./identity-authentication.ts) and the rest: lookups by email and the MFA policy of many. */
export const identityStore: IdentityStore = /* @__PURE__ */ (() => ({
  ...identityAuthentication,

  async getAccessByEmail(email) {
    const identityId = await identityIdByEmail(email);
    // an unknown email costs the same Query, of a partition nobody has
    return readAccess(identityId || null);
  },

  /** Per member, the MFA policy's answer (#domain/mfa-policy.ts); the rule below the account read only where overrides exist. */
  async accountsRequiringMfa(memberships) {
    const ids = memberships.map((m) => m.accountId);
    const items = await batchGet(
      ids.flatMap((id) => [accountKey(id), mfaOverridesKey(id)]),
      { consistent: true, projection: ['PK', 'SK', 'id', 'mfaRequired', 'count'] },
    );
    const required = new Map<string, boolean>();
    const overrides = new Map<string, number>();
    for (const item of items) {
      if (item.SK === mfaOverridesKey('').SK) overrides.set(String(item.PK), Number(item.count));
      else required.set(String(item.id), item.mfaRequired === true);
    }
    const decided = await Promise.all(
      memberships.map(async (m) => {
        const below = mayOverrideBelow(overrides.get(accountKey(m.accountId).PK))
          ? await identityAuthentication.memberMfaOverride!(m.accountId, m.userId)
          : undefined;
        return memberMustUseMfa(required.get(m.accountId), below);
      }),
    );
    return memberships.filter((_, i) => decided[i]).map((m) => m.accountId);
  },
  findByEmail,
}))();
