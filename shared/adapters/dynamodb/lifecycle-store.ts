import { isPerson } from '#domain/user.ts';
import type { LifecycleStore } from '#ports/users.ts';
import { closeMemberSteps } from './close-member.ts';
import { identityByEmailItem, identityByEmailKey, identityItem, identityKey } from './entities/identity.ts';
import { memberEmailKey, usernameKey } from './entities/user.ts';
import { MAX_TRANSACTION_ITEMS, del, put, transact, type Step } from './transact.ts';
import { userUpdateSteps } from './user-store.ts';

export const lifecycleStore: LifecycleStore = {
  async closeMember({ user, expectedVersion, revokeSessionsAt, activeManagersDelta, events, removeIdentity }) {
    const steps: Step[] = [
      // the user (closed, out of GSI1), its membership record (closed, revoked), the manager count, the events
      ...userUpdateSteps(user, expectedVersion, events, { revokeSessionsAt, activeManagersDelta }),
      // the username and email are free for the next member of this account
      { item: del(usernameKey(user.accountId, user.username), 'userId = :u', { ':u': user.id }) },
      // and so are their email aliases (at most 20; the closed record keeps them, as it keeps the username and email)
      ...(user.emailAliases ?? []).map((alias) => ({
        item: del(memberEmailKey(user.accountId, alias), 'userId = :u', { ':u': user.id }),
      })),
      // a member of another type than person holds no email claim (its contact email is no sign-in)
      ...(isPerson(user)
        ? [{ item: del(memberEmailKey(user.accountId, user.email), 'userId = :u', { ':u': user.id }) }]
        : []),
      ...(removeIdentity
        ? [
            { item: del(identityKey(removeIdentity.id), 'attribute_exists(PK)') },
            { item: del(identityByEmailKey(removeIdentity.email), 'identityId = :i', { ':i': removeIdentity.id }) },
          ]
        : []),
      ...(await closeMemberSteps(user, user.updatedAt)),
    ];
    if (steps.length > MAX_TRANSACTION_ITEMS)
      throw new Error(`Closing a member takes ${steps.length} items, more than one transaction holds`);
    await transact(steps);
  },

  async restoreIdentity(identity) {
    await transact([
      { item: put(identityItem(identity), 'attribute_not_exists(PK)') },
      { item: put(identityByEmailItem(identity), 'attribute_not_exists(PK)') },
    ]);
  },
};
