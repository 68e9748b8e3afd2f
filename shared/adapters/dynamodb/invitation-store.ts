import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvitationStore } from '#ports/stores.ts';
import { ddb, tableName } from './client.ts';
import { fromInvitationItem } from './items.ts';
import { keys } from './keys.ts';

export const invitationStore: InvitationStore = {
  async findByTokenHash(tokenHash) {
    const token = await ddb.send(new GetCommand({ TableName: tableName(), Key: keys.linkToken(tokenHash) }));
    const ref = token.Item as { accountId?: string; invitationId?: string } | undefined;
    if (!ref?.accountId || !ref.invitationId) return null;
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName(), Key: keys.invitation(ref.accountId, ref.invitationId), ConsistentRead: true }));
    return Item ? fromInvitationItem(Item) : null;
  },

  async setDelivery(invitation, delivery) {
    await ddb.send(new UpdateCommand({
      TableName: tableName(),
      Key: keys.invitation(invitation.accountId, invitation.id),
      UpdateExpression: 'SET delivery = :d',
      ConditionExpression: 'attribute_exists(PK) AND tokenHash = :h',
      ExpressionAttributeValues: { ':d': delivery, ':h': invitation.tokenHash },
    })).catch((error: Error) => {
      // a newer link replaced this one meanwhile: its own delivery state wins
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  },
};
