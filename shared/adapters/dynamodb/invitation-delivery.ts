import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Invitation } from '#domain/invitation.ts';
import type { InvitationStore } from '#ports/invitations.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { ignoreConditionFailed } from './transact.ts';

/**
 * Recording whether a link's mail went out: all that creating a member needs of the invitation store. Its own module,
 * so that those handlers do not bundle the whole invitation workflow (store objects do not tree-shake).
 */
/** The update that records a link's delivery, only while the link is still this one. */
export const deliveryUpdate = (invitation: Invitation, delivery: Invitation['delivery']) => ({
  TableName: tableName(),
  Key: keys.invitation(invitation.accountId, invitation.id),
  UpdateExpression: 'SET delivery = :d',
  ConditionExpression: 'attribute_exists(PK) AND tokenHash = :h',
  ExpressionAttributeValues: { ':d': delivery, ':h': invitation.tokenHash },
});

export const invitationDelivery: Pick<InvitationStore, 'setDelivery'> = {
  async setDelivery(invitation, delivery) {
    // a newer link replaced this one meanwhile: its own delivery state wins
    await ddb.send(new UpdateCommand(deliveryUpdate(invitation, delivery))).catch(ignoreConditionFailed);
  },
};
