import { GetCommand } from './document.ts';
import type { Account } from '#domain/account.ts';
import type { Identity, IdentityAccess, Membership } from '#domain/identity.ts';
import type { User } from '#domain/user.ts';
import type { AccountAuthentication, IdentityAuthentication } from '#ports/identities.ts';
import { pathIds } from '#domain/org-unit.ts';
import { mfaRuleBelowAccount } from '#domain/mfa-policy.ts';
import { ddb, tableName } from './client.ts';
import { accountKey, fromAccountItem, mfaOverridesKey } from './entities/account.ts';
import {
  accessOfIdentity,
  fromIdentityItem,
  fromMembershipItem,
  identityKey,
  isMembership,
  isProfile,
  membershipKey,
} from './entities/identity.ts';
import { fromUserItem, userKey } from './entities/user.ts';
import { batchGet } from './batch-get.ts';
import { queryAll, queryInput } from './query.ts';
import { accessStore } from './access-store.ts';
import { touchApiKey } from './api-key-store.ts';
import { apiKeyKey, fromApiKeyItem } from './entities/api-key.ts';

/**
 * The identity store's reads that authentication makes (IdentityAuthentication): what a route's wiring needs. A function
 * that does nothing else with identities imports this alone; `identityStore` (./identity-store.ts) is these plus the rest.
 */

/** The identity partition, read consistently: its profile and one membership record per account. */
export async function readAccess(identityId: string | null): Promise<IdentityAccess> {
  let identity: Identity | null = null;
  const memberships: Membership[] = [];
  for (const item of await queryAll((start) => queryInput(accessOfIdentity, [identityId], { start }))) {
    if (isProfile(item)) identity = fromIdentityItem(item);
    else if (isMembership(item)) memberships.push(fromMembershipItem(item));
  }
  return { identity, memberships };
}

/** Account routes: the one BatchGetItem of a token's or an API key's access, a key's last use, the MFA rule below. */
export const accountAuthentication: AccountAuthentication = {
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
};

/** Every member route: also the identity's own partition and its accounts (`/v1/me…`, the pages' sessions). */
export const identityAuthentication: IdentityAuthentication = /* @__PURE__ */ (() => ({
  ...accountAuthentication,
  getAccess: (identityId: string) => readAccess(identityId),

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
}))();
