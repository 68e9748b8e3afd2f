import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Account } from '#domain/account.ts';
import type { Identity, IdentityAccess, Membership } from '#domain/identity.ts';
import type { IdentityStore } from '#ports/identities.ts';
import { ddb, tableName } from './client.ts';
import type { User } from '#domain/user.ts';
import type { Item } from './entity.ts';
import { accountKey, fromAccountItem, mfaOverridesKey } from './entities/account.ts';
import {
  accessOfIdentity,
  fromIdentityItem,
  fromMembershipItem,
  identityByEmailKey,
  identityKey,
  isMembership,
  isProfile,
  membershipKey,
} from './entities/identity.ts';
import { fromUserItem, userKey } from './entities/user.ts';
import { batchGet } from './batch-get.ts';
import { queryInput } from './query.ts';
import { pathIds } from '#domain/org-unit.ts';
import { mayOverrideBelow, memberMustUseMfa, mfaRuleBelowAccount } from '#domain/mfa-policy.ts';
import { accessStore } from './access-store.ts';
import { touchApiKey } from './api-key-store.ts';
import { apiKeyKey, fromApiKeyItem } from './entities/api-key.ts';

/** Which identity an email is, if any (consistent). */
async function identityIdByEmail(email: string): Promise<string | undefined> {
  const ref = await ddb.send(
    new GetCommand({ TableName: tableName(), Key: identityByEmailKey(email), ConsistentRead: true }),
  );
  return ref.Item?.identityId as string | undefined;
}

/** The identity partition, read consistently: its profile and one membership record per account. */
async function readAccess(identityId: string | null): Promise<IdentityAccess> {
  let identity: Identity | null = null;
  const memberships: Membership[] = [];
  let start: Item | undefined;
  do {
    const out = await ddb.send(new QueryCommand(queryInput(accessOfIdentity, [identityId], { start })));
    for (const item of out.Items ?? []) {
      if (isProfile(item)) identity = fromIdentityItem(item);
      else if (isMembership(item)) memberships.push(fromMembershipItem(item));
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return { identity, memberships };
}

export const identityStore: IdentityStore = {
  getAccess: (identityId) => readAccess(identityId),

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
          ? await identityStore.memberMfaOverride!(m.accountId, m.userId)
          : undefined;
        return memberMustUseMfa(required.get(m.accountId), below);
      }),
    );
    return memberships.filter((_, i) => decided[i]).map((m) => m.accountId);
  },

  async accountSummaries(accountIds) {
    const items = await batchGet(
      accountIds.map((id) => accountKey(id)),
      { consistent: true, projection: ['id', 'name', 'mfaRequired'] },
    );
    return items.map((item) => ({
      id: String(item.id),
      name: String(item.name),
      mfaRequired: item.mfaRequired === true,
    }));
  },

  async getAccountAccess(identityId, accountId, options = {}) {
    const ofAccount = accountKey(accountId);
    const overridesKey = mfaOverridesKey(accountId);
    const memberKey = options.member ? userKey(accountId, options.member) : undefined;
    const items = await batchGet(
      [
        identityKey(identityId),
        membershipKey(identityId, accountId),
        ofAccount,
        overridesKey,
        ...(memberKey ? [memberKey] : []),
      ],
      { consistent: true },
    );
    let identity: Identity | null = null;
    let membership: Membership | null = null;
    let account: Account | null = null;
    let member: User | null = null;
    // no counter item (an account from before it): unknown, so the member's own rule is read
    let mfaOverrides: number | undefined;
    for (const item of items) {
      if (item.PK === ofAccount.PK && item.SK === ofAccount.SK) account = fromAccountItem(item);
      else if (item.PK === overridesKey.PK && item.SK === overridesKey.SK) mfaOverrides = Number(item.count ?? 0);
      else if (memberKey && item.PK === memberKey.PK && item.SK === memberKey.SK) member = fromUserItem(item);
      else if (isProfile(item)) identity = fromIdentityItem(item);
      else membership = fromMembershipItem(item);
    }
    return { identity, membership, account, mfaOverrides, ...(memberKey ? { member } : {}) };
  },

  async getApiKeyAccess(accountId, { userId, keyId }, options = {}) {
    const ofKey = apiKeyKey(accountId, userId, keyId);
    const ofUser = userKey(accountId, userId);
    const ofAccount = accountKey(accountId);
    const memberKey = options.member && options.member !== userId ? userKey(accountId, options.member) : undefined;
    const items = await batchGet([ofKey, ofUser, ofAccount, ...(memberKey ? [memberKey] : [])], { consistent: true });
    const find = (k: { PK: string; SK: string }) => items.find((i) => i.PK === k.PK && i.SK === k.SK);
    const key = find(ofKey);
    const user = find(ofUser);
    const account = find(ofAccount);
    const member = options.member ? find(memberKey ?? ofUser) : undefined;
    return {
      key: key ? fromApiKeyItem(key) : null,
      user: user ? fromUserItem(user) : null,
      account: account ? fromAccountItem(account) : null,
      ...(options.member ? { member: member ? fromUserItem(member) : null } : {}),
    };
  },

  touchApiKey,

  /**
   * What the rule below the account is made of (decided by mfaRuleBelowAccount): the member's own setting, and the
   * unit settings along their unit's path as the unit itself has it (a pending move applied), never only the member's
   * copy. A GetItem of the member, then the access read (tree, unit, settings along the copy's path); one more
   * BatchGetItem only when the copy is behind a move. The own setting comes first, so with one the units are not read.
   */
  async memberMfaOverride(accountId, userId) {
    const { Item } = await ddb.send(
      new GetCommand({
        TableName: tableName(),
        Key: userKey(accountId, userId),
        ConsistentRead: true,
        ProjectionExpression: 'settings, unitId, unitPath',
      }),
    );
    const own = (Item?.settings as { mfaRequired?: boolean } | undefined)?.mfaRequired;
    if (own !== undefined || typeof Item?.unitId !== 'string' || !Item.unitId)
      return mfaRuleBelowAccount(own, [], new Map());
    const copy = pathIds(String(Item.unitPath ?? ''));
    const { units, unitSettings } = await accessStore.read(accountId, { unitIds: [Item.unitId], settingsOf: copy });
    const unit = units.get(Item.unitId);
    const path = unit ? pathIds(unit.path) : copy;
    const layers =
      path.join('/') === copy.join('/')
        ? unitSettings
        : (await accessStore.read(accountId, { unitIds: [], settingsOf: path })).unitSettings;
    return mfaRuleBelowAccount(own, path, layers);
  },

  async findByEmail(email) {
    const identityId = await identityIdByEmail(email);
    if (!identityId) return null;
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: identityKey(identityId), ConsistentRead: true }),
    );
    return Item ? fromIdentityItem(Item) : null;
  },
};
