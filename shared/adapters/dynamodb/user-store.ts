import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { EmailTakenError, PreconditionFailedError, UsernameTakenError } from '#domain/errors.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { User } from '#domain/user.ts';
import type { UserStore } from '#ports/stores.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem, fromUserItem, invitationItem, linkTokenItem, membershipItem, userItem } from './items.ts';
import { indexKeys, keys } from './keys.ts';
import { queryPage } from './query-page.ts';
import { put, transact, type Step } from './transact.ts';

const notExists = 'attribute_not_exists(PK)';

/** The items a new member consists of: the user, its two uniqueness claims, its setup link and the link's token lookup. */
export function newUserSteps(user: User, invitation: Invitation): Step[] {
  return [
    { item: put(userItem(user), notExists) },
    { item: put({ ...keys.username(user.accountId, user.username), entity: 'UsernameClaim', userId: user.id }, notExists), onConditionFailed: () => new UsernameTakenError(`The username "${user.username}" is already taken in this account`) },
    { item: put({ ...keys.memberEmail(user.accountId, user.email), entity: 'EmailClaim', userId: user.id }, notExists), onConditionFailed: () => new EmailTakenError(`${user.email} is already a member of this account`) },
    { item: put(invitationItem(invitation), notExists) },
    { item: put(linkTokenItem(invitation), notExists) },
  ];
}

export const userStore: UserStore = {
  async create({ user, invitation, event }) {
    await transact([...newUserSteps(user, invitation), { item: put(auditEventItem(event)) }]);
  },

  async get(accountId, userId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName(), Key: keys.user(accountId, userId) }));
    return Item ? fromUserItem(Item) : null;
  },

  async list(accountId, { status }, page) {
    return status === undefined
      ? queryPage({ index: 'GSI1', partition: indexKeys.usersByUsername(accountId).GSI1PK }, page, fromUserItem)
      : queryPage({ index: 'GSI2', partition: indexKeys.usersByStatus(accountId, status).GSI2PK }, page, fromUserItem);
  },

  async update(user, expectedVersion, events) {
    const steps: Step[] = [
      {
        item: put(userItem(user), 'attribute_exists(PK) AND #v = :v', { ':v': expectedVersion }, { '#v': 'version' }),
        onConditionFailed: () => new PreconditionFailedError(),
      },
    ];
    if (user.identityId) {
      const membership = { accountId: user.accountId, userId: user.id, identityId: user.identityId, role: user.role, status: user.status };
      // keep the per-request authorization record in step with the user; preserve its revocation mark
      steps.push({ item: updateMembership(membership) });
    }
    for (const event of events) steps.push({ item: put(auditEventItem(event)) });
    await transact(steps);
  },
};

function updateMembership(m: { accountId: string; userId: string; identityId: string; role: string; status: string }) {
  const { PK, SK } = membershipItem({ ...m, role: m.role as User['role'], status: m.status as User['status'], tokensValidAfter: 0 });
  return {
    Update: {
      TableName: tableName(),
      Key: { PK, SK },
      UpdateExpression: 'SET #role = :role, #status = :status',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
      ExpressionAttributeValues: { ':role': m.role, ':status': m.status },
    },
  };
}
