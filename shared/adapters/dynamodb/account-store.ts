import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, PreconditionFailedError } from '#domain/errors.ts';
import type { AccountStore } from '#ports/accounts.ts';
import { batchGet } from './batch-get.ts';
import { ddb, tableName } from './client.ts';
import { accountItem, accountKey, fromAccountItem, newMfaOverridesItem } from './entities/account.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { put, transact } from './transact.ts';
import { newTreeSteps } from './unit-steps.ts';
import { newUserSteps } from './user-store.ts';

const notExists = 'attribute_not_exists(PK)';

export const accountStore: AccountStore = {
  async createWithOwner({ account, owner, invitation, event, rootUnit }) {
    await transact([
      {
        item: put(accountItem(account), notExists),
        onConditionFailed: () => new ConflictError('Account id collision'),
      },
      ...newUserSteps(owner, invitation),
      ...newTreeSteps(rootUnit),
      // no MFA overrides below the account yet: an account without this item is read as "unknown" (the safe side)
      { item: put(newMfaOverridesItem(account.id), notExists) },
      { item: put(auditEventItem(event)) },
    ]);
  },

  async get(accountId) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: accountKey(accountId), ConsistentRead: true }),
    );
    return Item ? fromAccountItem(Item) : null;
  },

  async getMany(accountIds) {
    return (await batchGet(accountIds.map((id) => accountKey(id)))).map(fromAccountItem);
  },

  async update(account, expectedVersion, event) {
    await transact([
      {
        item: put(
          accountItem(account),
          'attribute_exists(PK) AND #v = :v',
          { ':v': expectedVersion },
          { '#v': 'version' },
        ),
        onConditionFailed: () => new PreconditionFailedError(),
      },
      { item: put(auditEventItem(event)) },
    ]);
  },
};
