import { GetCommand } from './document.ts';
import { ConflictError, PreconditionFailedError } from '#domain/errors.ts';
import type { Account } from '#domain/account.ts';
import type { AccountStore } from '#ports/accounts.ts';
import { batchGet } from './batch-get.ts';
import { ddb, tableName } from './client.ts';
import { accountItem, accountKey, fromAccountItem, newMfaOverridesItem } from './entities/account.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { put, transact } from './transact.ts';
import { newTreeSteps } from './unit-steps.ts';
import { newUserSteps } from './user-store.ts';

const notExists = 'attribute_not_exists(PK)';

/** An account's record (GetItem, consistent). */
async function readAccount(accountId: string): Promise<Account | null> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName(), Key: accountKey(accountId), ConsistentRead: true }),
  );
  return Item ? fromAccountItem(Item) : null;
}

/** Several accounts' records (BatchGetItem); missing ones are left out. */
async function readAccounts(accountIds: string[]): Promise<Account[]> {
  return (await batchGet(accountIds.map((id) => accountKey(id)))).map(fromAccountItem);
}

/** The account and its event (version condition). */
const updateAccount: AccountStore['update'] = async (account, expectedVersion, event) => {
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
};

/**
 * Narrow views of the store (AccountReads, AccountEdits in #use-cases/deps.ts): a function that only reads or edits
 * accounts bundles these, not account creation (its owner, setup link and unit tree).
 */
export const accountReads: Pick<AccountStore, 'get' | 'getMany'> = { get: readAccount, getMany: readAccounts };
export const accountEdits: Pick<AccountStore, 'get' | 'getMany' | 'update'> = {
  get: readAccount,
  getMany: readAccounts,
  update: updateAccount,
};

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

  get: readAccount,

  getMany: readAccounts,

  update: updateAccount,
};
