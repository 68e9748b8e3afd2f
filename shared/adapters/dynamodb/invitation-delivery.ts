import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvitationStore } from '#ports/stores.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { ignoreConditionFailed } from './transact.ts';

/**
 * Recording whether a link's mail went out: all that creating a member needs of the invitation store. Its own module,
 * so that those handlers do not bundle the whole invitation workflow (store objects do not tree-shake).
 */
export const invitationDelivery: Pick<InvitationStore, 'setDelivery'> = {
  async setDelivery(invitation, delivery) {
    await ddb.send(new UpdateCommand({
      TableName: tableName(),
      Key: keys.invitation(invitation.accountId, invitation.id),
      UpdateExpression: 'SET delivery = :d',
      ConditionExpression: 'attribute_exists(PK) AND tokenHash = :h',
      ExpressionAttributeValues: { ':d': delivery, ':h': invitation.tokenHash },
      // a newer link replaced this one meanwhile: its own delivery state wins
    })).catch(ignoreConditionFailed);
  },
};
