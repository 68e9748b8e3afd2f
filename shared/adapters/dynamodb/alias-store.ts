/** A member's email aliases: the address's claim and the member, in one transaction (see entities/user.ts). */
import { EmailTakenError, NotFoundError } from '#domain/errors.ts';
import type { AliasStore } from '#ports/users.ts';
import { aliasClaimItem, memberEmailKey } from './entities/user.ts';
import { del, put, transact } from './transact.ts';
import { userUpdateSteps } from './user-store.ts';

export const aliasStore: AliasStore = {
  async add(user, expectedVersion, alias, event) {
    await transact([
      {
        // the same claim a member's email and a pending invitation take: an expired invitation's hold has lapsed
        item: put(
          aliasClaimItem(user, alias),
          'attribute_not_exists(PK) OR (attribute_not_exists(userId) AND claimExpiresAt <= :now)',
          { ':now': Math.floor(Date.parse(user.updatedAt) / 1000) },
        ),
        onConditionFailed: () =>
          new EmailTakenError(`${alias} already reaches a member of this account or has a pending invitation`),
      },
      ...userUpdateSteps(user, expectedVersion, [event]),
    ]);
  },

  async remove(user, expectedVersion, alias, event) {
    await transact([
      {
        item: del(memberEmailKey(user.accountId, alias), 'userId = :u AND isAlias = :t', { ':u': user.id, ':t': true }),
        onConditionFailed: () => new NotFoundError(`${alias} is not an alias of this member`),
      },
      ...userUpdateSteps(user, expectedVersion, [event]),
    ]);
  },
};
