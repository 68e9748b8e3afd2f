import type { Account } from '#domain/account.ts';
import type { Actor, Invitation } from '#domain/invitation.ts';
import { newInvitation } from '#domain/invitation-rules.ts';
import { setupMail } from '#domain/setup-mail.ts';
import { grantsOf, type User } from '#domain/user.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import type { Deps } from './deps.ts';
import { mailContext, type MailContextDeps } from './mail-context.ts';

/** A fresh setup link for a new member: the invitation to store, and the token that goes only into the mail. */
export function newSetupLink(
  deps: Pick<Deps, 'ids' | 'settings'>,
  user: User,
  invitedBy: Actor,
  now: Date,
): { invitation: Invitation; token: string } {
  return newInvitation({
    id: deps.ids.next(),
    accountId: user.accountId,
    email: user.email,
    role: user.role,
    kind: 'setup',
    userId: user.id,
    message: null,
    invitedBy,
    now,
    ttlSeconds: deps.settings.invitationTtlSeconds,
    placement: { unitId: user.unitId, unitPath: user.unitPath, ...grantsOf(user) },
  });
}

export const acceptLink = (appUrl: string, token: string) =>
  `${appUrl.replace(/\/+$/, '')}/accept-invitation?token=${token}`;

/**
 * The setup mail of a new member's link: what the API's createUser and a bulk import both send, in the member's
 * language under the account's brand.
 */
export const setupMessage = (
  deps: MailContextDeps,
  account: Account,
  user: User,
  invitation: Invitation,
  token: string,
) =>
  setupMail(mailContext(deps, account, user), {
    to: user.email,
    firstName: user.firstName,
    accountName: account.name,
    link: acceptLink(deps.settings.appUrl, token),
    expiresAt: invitation.expiresAt,
  });

/**
 * Sends the setup mail after the member was committed, with its link stored as sent (`mailedAfterCommit`). A refused
 * mail does not undo the member: the link stays pending with delivery "failed" (the one write a mail may cost), so an
 * account manager can see it and send it again.
 */
export async function sendSetupMail(
  deps: Pick<Deps, 'mailer' | 'settings' | 'translators'> & { invitations: Pick<Deps['invitations'], 'setDelivery'> },
  account: Account,
  user: User,
  invitation: Invitation,
  token: string,
): Promise<Invitation['delivery']> {
  let delivery: Invitation['delivery'] = 'sent';
  try {
    await deps.mailer.send(setupMessage(deps, account, user, invitation, token));
    countMetric('invitationsSent');
  } catch (error) {
    delivery = 'failed';
    countMetric('mailsRefused');
    logger.warn('setup mail refused', {
      accountId: account.id,
      invitationId: invitation.id,
      error: (error as Error).name,
    });
  }
  // the link was stored as sent with the member: only what that got wrong is written
  if (delivery === invitation.delivery) return delivery;
  // Bookkeeping after the commit: if it fails, the member still exists and the client must get its 201
  // (an idempotent retry would otherwise create a second one), so it is logged, not thrown.
  await deps.invitations.setDelivery(invitation, delivery).catch((error: Error) => {
    logger.error('could not record mail delivery', {
      accountId: account.id,
      invitationId: invitation.id,
      delivery,
      error: error.name,
    });
  });
  return delivery;
}
