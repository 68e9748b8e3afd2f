/** Delegated access: member D administers member U; the two records (entities/delegation.ts) go together. */
import { GetCommand, QueryCommand } from './document.ts';
import { ConflictError } from '#domain/errors.ts';
import type { DelegationStore } from '#ports/delegations.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  delegatedBy,
  delegatedToItem,
  delegatedToKey,
  delegatesOf,
  delegationItem,
  delegationKey,
  fromDelegationItem as fromItem,
} from './entities/delegation.ts';
import { userKey } from './entities/user.ts';
import { queryInput } from './query.ts';
import { queryPage } from './query-page.ts';
import { check, del, put, transact, type Step } from './transact.ts';

/**
 * At most this many delegations of one member end with a close, half each way (2 items each): with the member's own
 * close (about 10 items) and up to 20 email aliases, the closing transaction stays within its 100 items.
 */
const MAX_ENDED_ON_CLOSE = 30;

export const delegationStore: DelegationStore = {
  async put(delegation, event) {
    const { accountId, userId, delegateUserId } = delegation;
    try {
      await transact([
        {
          item: put(delegationItem(delegation), 'attribute_not_exists(PK)'),
          onConditionFailed: () => new ExistsError(),
        },
        { item: put(delegatedToItem(delegation)) },
        // both members must still be in the account, not closed
        ...[userId, delegateUserId].map((id) => ({
          item: check(
            userKey(accountId, id),
            'attribute_exists(PK) AND #s <> :closed',
            { ':closed': 'closed' },
            { '#s': 'status' },
          ),
          onConditionFailed: () => new ConflictError('Both members must be in the account and not closed'),
        })),
        { item: put(auditEventItem(event)) },
      ]);
      return { delegation, created: true };
    } catch (error) {
      if (!(error instanceof ExistsError)) throw error;
      const { Item } = await ddb.send(
        new GetCommand({
          TableName: tableName(),
          Key: delegationKey(accountId, userId, delegateUserId),
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
          item: del(delegationKey(accountId, userId, delegateUserId), 'attribute_exists(PK)'),
          onConditionFailed: () => new ExistsError(),
        },
        { item: del(delegatedToKey(accountId, delegateUserId, userId)) },
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
      { pattern: delegatesOf, key: [accountId], sortKeyPrefix: delegatesOf.prefix(userId) },
      page,
      fromItem,
    );
  },
};

class ExistsError extends Error {}

/** One page of a member's delegations one way (both records of each to delete), and whether more are left. */
async function delegationsPage(
  accountId: string,
  pattern: typeof delegatesOf,
  prefix: string,
  limit: number,
): Promise<{ steps: Step[][]; more: boolean }> {
  const out = await ddb.send(new QueryCommand(queryInput(pattern, [accountId], { prefix, consistent: true, limit })));
  const steps = (out.Items ?? []).map((item) => {
    const d = fromItem(item);
    return [
      { item: del(delegationKey(accountId, d.userId, d.delegateUserId)) },
      { item: del(delegatedToKey(accountId, d.delegateUserId, d.userId)) },
    ];
  });
  return { steps, more: out.LastEvaluatedKey !== undefined };
}

/**
 * The steps that end a member's delegations, both ways (one Query each, in parallel): `limit` each way, two deletes
 * per delegation (unconditional, so a re-run converges), and whether more are left for the close's continuation.
 */
export async function endDelegationsSteps(
  accountId: string,
  userId: string,
  limit = MAX_ENDED_ON_CLOSE / 2,
): Promise<{ groups: Step[][]; more: boolean }> {
  const [mine, given] = await Promise.all([
    delegationsPage(accountId, delegatesOf, delegatesOf.prefix(userId), limit),
    delegationsPage(accountId, delegatedBy, delegatedBy.prefix(userId), limit),
  ]);
  return { groups: [...mine.steps, ...given.steps], more: mine.more || given.more };
}
