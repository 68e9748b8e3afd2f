import type { Invitation } from '#domain/invitation.ts';
import type { InvitationStore } from '#ports/invitations.ts';
import { invitationKey } from './entities/invitation.ts';
import { ignoreConditionFailed, update, updateItem, type TransactItem } from './transact.ts';

/**
 * Recording whether a link's mail went out: all that creating a member needs of the invitation store. Its own module,
 * so that those handlers do not bundle the whole invitation workflow (store objects do not tree-shake).
 */
/** The update that records a link's delivery, only while the link is still this one. */
export const deliveryUpdate = (invitation: Invitation, delivery: Invitation['delivery']): TransactItem =>
  update(
    invitationKey(invitation.accountId, invitation.id),
    'SET delivery = :d',
    'attribute_exists(PK) AND tokenHash = :h',
    { ':d': delivery, ':h': invitation.tokenHash },
  );

export const invitationDelivery: Pick<InvitationStore, 'setDelivery'> = {
  async setDelivery(invitation, delivery) {
    // a newer link replaced this one meanwhile: its own delivery state wins
    await updateItem(deliveryUpdate(invitation, delivery)).catch(ignoreConditionFailed);
  },
};
