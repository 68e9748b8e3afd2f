/** Phone numbers (entities/phone-number.ts): the number, its deployment-wide claim and its holder's copy move together. */
import { GetCommand } from './document.ts';
import { ConflictError, NotFoundError, NumberTakenError, PreconditionFailedError } from '#domain/errors.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { PhoneNumber } from '#domain/phone-number.ts';
import type { NumberStore } from '#ports/numbers.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  assignedNumberItem,
  assignedNumberKey,
  fromNumberItem,
  numberClaimItem,
  numberClaimKey,
  numberItem,
  numberKey,
  numberShareItem,
  numberShareKey,
  numbersOfAccount,
  numbersOfMember,
} from './entities/phone-number.ts';
import { serviceKey } from './entities/service.ts';
import { userKey } from './entities/user.ts';
import { sharedItemCountStep, transactOnGroup } from './group-store.ts';
import { queryPage } from './query-page.ts';
import { check, del, put, transact, type Step } from './transact.ts';

const atVersion = (n: PhoneNumber, expectedVersion: number): Step => ({
  item: put(numberItem(n), 'attribute_exists(PK) AND #v = :v', { ':v': expectedVersion }, { '#v': 'version' }),
  onConditionFailed: () => new PreconditionFailedError(),
});

/**
 * A change of a number (label, assignment), conditional on its version: the old holder's copy goes, the new holder's
 * is written (with a check that they are not closed). Closing a member reuses it to unassign their numbers.
 */
export function numberUpdateSteps(
  number: PhoneNumber,
  expectedVersion: number,
  events: AuditEvent[],
  previousHolder: string | null,
): Step[] {
  const { accountId, assignment } = number;
  const steps: Step[] = [atVersion(number, expectedVersion)];
  if (previousHolder && previousHolder !== assignment?.userId)
    steps.push({ item: del(assignedNumberKey(accountId, previousHolder, number.id)) });
  if (assignment) {
    steps.push({ item: put(assignedNumberItem({ ...number, assignment })) });
    if (assignment.serviceId) {
      // the service it rings is one of the holder's, and not closed (services are named by their type)
      steps.push({
        item: check(
          serviceKey(accountId, assignment.userId, assignment.serviceId),
          'attribute_exists(PK) AND #s <> :closed',
          { ':closed': 'closed' },
          { '#s': 'status' },
        ),
        onConditionFailed: () =>
          new ConflictError(`The member has no open ${assignment.serviceId} service to assign this number to`),
      });
    }
    if (assignment.userId !== previousHolder) {
      // the new holder is still a member: a close that won the race leaves nothing assigned to them
      steps.push({
        item: check(
          userKey(accountId, assignment.userId),
          'attribute_exists(PK) AND #s <> :closed',
          { ':closed': 'closed' },
          { '#s': 'status' },
        ),
        onConditionFailed: () => new ConflictError('A closed member cannot be assigned a number'),
      });
    }
  }
  for (const event of events) steps.push({ item: put(auditEventItem(event)) });
  return steps;
}

/** The store's listings (a Query page each, with paging and cursor sealing). */
export const numberListings: Pick<NumberStore, 'list' | 'listAssignedTo'> = {
  list(accountId, page) {
    return queryPage(
      { pattern: numbersOfAccount, key: [accountId], sortKeyPrefix: numbersOfAccount.prefix },
      page,
      fromNumberItem,
    );
  },

  listAssignedTo(accountId, userId, page) {
    return queryPage(
      { pattern: numbersOfMember, key: [accountId], sortKeyPrefix: numbersOfMember.prefix(userId) },
      page,
      fromNumberItem,
    );
  },
};

/** The store without its listings: a function that lists nothing bundles no paging. */
export const numberRecords: Omit<NumberStore, 'list' | 'listAssignedTo'> = {
  async create(number, event) {
    await transact([
      {
        item: put(numberClaimItem(number), 'attribute_not_exists(PK)'),
        onConditionFailed: () => new NumberTakenError(`${number.e164} is already in use`),
      },
      { item: put(numberItem(number), 'attribute_not_exists(PK)') },
      { item: put(auditEventItem(event)) },
    ]);
  },

  async get(accountId, numberId) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: numberKey(accountId, numberId), ConsistentRead: true }),
    );
    return Item ? fromNumberItem(Item) : null;
  },

  async update(number, expectedVersion, events, previousHolder) {
    await transact(numberUpdateSteps(number, expectedVersion, events, previousHolder));
  },

  async delete(number, event) {
    const steps: Step[] = [
      {
        item: del(numberKey(number.accountId, number.id), '#v = :v', { ':v': number.version }, { '#v': 'version' }),
        onConditionFailed: () => new PreconditionFailedError(),
      },
      {
        // the claim is this number's: released only by it
        item: del(numberClaimKey(number.e164), 'numberId = :n', { ':n': number.id }),
        onConditionFailed: () => new NotFoundError('No such number in this account'),
      },
    ];
    if (number.assignment)
      steps.push({ item: del(assignedNumberKey(number.accountId, number.assignment.userId, number.id)) });
    // its shares go with it (at most MAX_NUMBER_SHARES), each group's count following
    for (const g of number.groupIds)
      steps.push(
        { item: del(numberShareKey(number.accountId, number.id, g)) },
        sharedItemCountStep(number.accountId, g, -1),
      );
    steps.push({ item: put(auditEventItem(event)) });
    await (number.groupIds.length > 0 ? transactOnGroup(steps) : transact(steps));
  },

  async share(next, expectedVersion, groupId, shared, event) {
    const { accountId, id } = next;
    await transactOnGroup([
      atVersion(next, expectedVersion),
      ...(next.assignment ? [{ item: put(assignedNumberItem({ ...next, assignment: next.assignment })) }] : []),
      {
        // the version already says whether it is shared: this condition keeps the count exact regardless
        item: shared
          ? put(numberShareItem(next, groupId, next.updatedAt), 'attribute_not_exists(PK)')
          : del(numberShareKey(accountId, id, groupId), 'attribute_exists(PK)'),
        onConditionFailed: () => new PreconditionFailedError(),
      },
      sharedItemCountStep(accountId, groupId, shared ? 1 : -1),
      { item: put(auditEventItem(event)) },
    ]);
  },
};

/** The whole store; marked pure so that a bundle giving only `numberRecords` drops the listings. */
export const numberStore: NumberStore = /* @__PURE__ */ (() => ({ ...numberRecords, ...numberListings }))();
