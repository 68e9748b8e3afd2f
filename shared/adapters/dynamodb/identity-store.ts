import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity, Membership } from '#domain/identity.ts';
import { ConflictError, InvitationUsedError } from '#domain/errors.ts';
import type { AcceptanceStore, IdentityStore } from '#ports/stores.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem, fromIdentityItem, fromMembershipItem, identityByEmailItem, identityItem, invitationItem, membershipItem, userItem, type Item } from './items.ts';
import { keys } from './keys.ts';
import { check, put, transact, type Step } from './transact.ts';

export const identityStore: IdentityStore = {
  async getAccess(identityId) {
    let identity: Identity | null = null;
    const memberships: Membership[] = [];
    let start: Item | undefined;
    do {
      const out = await ddb.send(new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.identityPartition(identityId) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }));
      for (const item of out.Items ?? []) {
        if (item.SK === 'PROFILE') identity = fromIdentityItem(item);
        else if (String(item.SK).startsWith(keys.membershipPrefix)) memberships.push(fromMembershipItem(item));
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return { identity, memberships };
  },

  async findByEmail(email) {
    const ref = await ddb.send(new GetCommand({ TableName: tableName(), Key: keys.identityByEmail(email), ConsistentRead: true }));
    const identityId = ref.Item?.identityId as string | undefined;
    if (!identityId) return null;
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName(), Key: keys.identity(identityId), ConsistentRead: true }));
    return Item ? fromIdentityItem(Item) : null;
  },
};

export const acceptanceStore: AcceptanceStore = {
  async completeAcceptance({ identity, identityIsNew, membership, user, invitation, event }) {
    const accepted = { ...invitation, status: 'accepted' as const };
    const steps: Step[] = [
      {
        item: put(invitationItem(accepted), 'attribute_exists(PK) AND #s = :pending AND tokenHash = :hash', { ':pending': 'pending', ':hash': invitation.tokenHash }, { '#s': 'status' }),
        onConditionFailed: () => new InvitationUsedError(),
      },
      {
        item: put(userItem(user), 'attribute_exists(PK) AND #s = :invited AND #v = :v', { ':invited': 'invited', ':v': user.version - 1 }, { '#s': 'status', '#v': 'version' }),
        onConditionFailed: () => new InvitationUsedError('This member has already been set up'),
      },
      { item: put(membershipItem(membership)) },
      { item: put(auditEventItem(event)) },
    ];
    if (identityIsNew) {
      const raced = () => new ConflictError('This person was set up by another request at the same time; try again');
      steps.push({ item: put(identityItem(identity), 'attribute_not_exists(PK)'), onConditionFailed: raced });
      steps.push({ item: put(identityByEmailItem(identity), 'attribute_not_exists(PK)'), onConditionFailed: raced });
    } else {
      steps.push({ item: check(keys.identity(identity.id), 'attribute_exists(PK)'), onConditionFailed: () => new ConflictError('Identity changed; try again') });
    }
    await transact(steps);
  },
};
