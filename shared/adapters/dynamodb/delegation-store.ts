/**
 * Delegated access: member D administers member U. Two records in the account's partition, written and removed
 * together: `DELEGATE#U#D` (U's delegates, listed and checked by the authorization read) and `DELEGATED#D#U`
 * (so closing D ends what D was given).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/errors.ts';
import type { Delegation, DelegationStore } from '#ports/delegations.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem, type Item } from './items.ts';
import { keys } from './keys.ts';
import { queryPage } from './query-page.ts';
import { del, put, transact, type Step } from './transact.ts';

const fromItem = (item: Item): Delegation => ({
  accountId: String(item.accountId),
  userId: String(item.userId),
  delegateUserId: String(item.delegateUserId),
  createdAt: String(item.createdAt),
});

/** At most this many delegations of one member end with a close (the close transaction holds 100 items). */
const MAX_ENDED_ON_CLOSE = 40;

export const delegationStore: DelegationStore = {
  async put(delegation, event) {
    const { accountId, userId, delegateUserId } = delegation;
    try {
      await transact([
        {
          item: put(
            { ...keys.delegation(accountId, userId, delegateUserId), entity: 'Delegation', ...delegation },
            'attribute_not_exists(PK)',
          ),
          onConditionFailed: () => new ExistsError(),
        },
        { item: put({ ...keys.delegatedTo(accountId, delegateUserId, userId), entity: 'DelegatedTo', ...delegation }) },
        // both members must still be in the account, not closed
        {
          item: {
            ConditionCheck: {
              TableName: tableName(),
              Key: keys.user(accountId, userId),
              ConditionExpression: 'attribute_exists(PK) AND #s <> :closed',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':closed': 'closed' },
            },
          },
          onConditionFailed: () => new ConflictError('Both members must be in the account and not closed'),
        },
        {
          item: {
            ConditionCheck: {
              TableName: tableName(),
              Key: keys.user(accountId, delegateUserId),
              ConditionExpression: 'attribute_exists(PK) AND #s <> :closed',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':closed': 'closed' },
            },
          },
          onConditionFailed: () => new ConflictError('Both members must be in the account and not closed'),
        },
        { item: put(auditEventItem(event)) },
      ]);
      return { delegation, created: true };
    } catch (error) {
      if (!(error instanceof ExistsError)) throw error;
      const { Item } = await ddb.send(
        new GetCommand({
          TableName: tableName(),
          Key: keys.delegation(accountId, userId, delegateUserId),
          ConsistentRead: true,
        }),
      );
      return { delegation: Item ? fromItem(Item) : delegation, created: false };
    }
  },

  async remove(accountId, userId, delegateUserId, event) {
    try {
      await transact([
        {
          item: del(keys.delegation(accountId, userId, delegateUserId), 'attribute_exists(PK)'),
          onConditionFailed: () => new ExistsError(),
        },
        { item: del(keys.delegatedTo(accountId, delegateUserId, userId)) },
        { item: put(auditEventItem(event)) },
      ]);
      return true;
    } catch (error) {
      if (error instanceof ExistsError) return false;
      throw error;
    }
  },

  list(accountId, userId, page) {
    return queryPage(
      { partition: keys.account(accountId).PK, sortKeyPrefix: keys.delegationsOf(userId) },
      page,
      fromItem,
    );
  },
};

class ExistsError extends Error {}

/** The steps that end every delegation of a member being closed, both ways (one Query each). */
export async function endDelegationsSteps(accountId: string, userId: string): Promise<Step[]> {
  const query = (prefix: string) =>
    ddb.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': keys.account(accountId).PK, ':p': prefix },
        ConsistentRead: true,
        Limit: MAX_ENDED_ON_CLOSE / 2,
      }),
    );
  const [mine, given] = await Promise.all([query(keys.delegationsOf(userId)), query(keys.delegatedToPrefix(userId))]);
  return [...(mine.Items ?? []), ...(given.Items ?? [])].flatMap((item) => {
    const d = fromItem(item);
    return [
      { item: del(keys.delegation(accountId, d.userId, d.delegateUserId)) },
      { item: del(keys.delegatedTo(accountId, d.delegateUserId, d.userId)) },
    ];
  });
}
