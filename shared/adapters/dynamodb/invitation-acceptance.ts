/** Acceptance of invitations by email (`invite`) and of re-sent links of set-up members (`reset`). */
import { ConflictError, EmailTakenError, InvitationUsedError } from '#domain/errors.ts';
import type { Identity } from '#domain/identity.ts';
import type { Invitation } from '#domain/invitation.ts';
import { activeManagersStep } from './active-managers.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { identityByEmailItem, identityItem, identityKey, membershipItem } from './entities/identity.ts';
import { invitationItem } from './entities/invitation.ts';
import { memberEmailClaimItem, userItem, userKey } from './entities/user.ts';
import { check, put, transact, upsertMembership, type Step } from './transact.ts';
import type { AcceptanceStore, InvitationStore, JoinRecords } from '#ports/invitations.ts';
import { revokeIdentityStep } from './credential-store.ts';
import { usernameClaimSteps } from './user-store.ts';
import { enterUnitSteps } from './member-placement.ts';

/**
 * The link becomes accepted only while it is still pending with this token and still claimed by this request
 * (the acceptance lease taken before Cognito was touched).
 */
export const linkStillPending = (invitation: Invitation): Step => ({
  item: put(
    invitationItem({ ...invitation, status: 'accepted', claimId: null }),
    'attribute_exists(PK) AND #s = :pending AND tokenHash = :hash AND claimId = :claim',
    { ':pending': 'pending', ':hash': invitation.tokenHash, ':claim': invitation.claimId ?? '-' },
    { '#s': 'status' },
  ),
  onConditionFailed: () => new InvitationUsedError(),
});

/**
 * The identity part of an acceptance: a new person's profile and email lookup (conditional: two acceptances racing
 * for one new person cannot both create it), or a check that an existing one is still there.
 */
function identitySteps(identity: Identity, identityIsNew: boolean): Step[] {
  if (!identityIsNew)
    return [
      {
        item: check(identityKey(identity.id), 'attribute_exists(PK)'),
        onConditionFailed: () => new ConflictError('Identity changed; try again'),
      },
    ];
  const raced = () => new ConflictError('This person was set up by another request at the same time; try again');
  return [
    { item: put(identityItem(identity), 'attribute_not_exists(PK)'), onConditionFailed: raced },
    { item: put(identityByEmailItem(identity), 'attribute_not_exists(PK)'), onConditionFailed: raced },
  ];
}

/**
 * Accepting a setup link of a member created in the directory: the link accepted (pending, this token, our lease),
 * the user active (still invited, same version), the membership, the event, the identity.
 */
export const acceptanceStore: AcceptanceStore = {
  async completeAcceptance({ identity, identityIsNew, membership, user, invitation, event }) {
    await transact([
      linkStillPending(invitation),
      {
        item: put(
          userItem(user),
          'attribute_exists(PK) AND #s = :invited AND #v = :v',
          { ':invited': 'invited', ':v': user.version - 1 },
          { '#s': 'status', '#v': 'version' },
        ),
        onConditionFailed: () => new InvitationUsedError('This member has already been set up'),
      },
      { item: upsertMembership(membershipItem(membership)) },
      { item: put(auditEventItem(event)) },
      // an account manager who joins is one more active manager (the last-manager guard counts them)
      ...activeManagersStep(
        membership.accountId,
        membership.status === 'active' && membership.role === 'account_manager' ? 1 : 0,
      ),
      ...identitySteps(identity, identityIsNew),
    ]);
  },
};

/**
 * One transaction creates the member the invitation was for: the link accepted (only while pending with this token),
 * the user, its username claim, the email claim taken over from the invitation (only if the invitation still holds
 * it: an email that became a member meanwhile is refused), the membership record, the identity when new, the event.
 */
export async function completeJoin(input: JoinRecords): Promise<void> {
  const { invitation, user, identity, identityIsNew, membership, event } = input;
  await transact([
    linkStillPending({ ...invitation, userId: user.id }),
    {
      item: put(userItem(user), 'attribute_not_exists(PK)'),
      onConditionFailed: () => new ConflictError('User id collision'),
    },
    ...usernameClaimSteps(user),
    {
      item: put(memberEmailClaimItem(user, invitation.id), 'invitationId = :id AND attribute_not_exists(userId)', {
        ':id': invitation.id,
      }),
      onConditionFailed: () => new EmailTakenError(`${user.email} became a member of this account meanwhile`),
    },
    // a closed membership of this person in this account is replaced: the new membership starts clean
    {
      item: upsertMembership(
        membershipItem(membership),
        'attribute_not_exists(PK) OR #s = :closed',
        { ':closed': 'closed' },
        { '#s': 'status' },
      ),
      onConditionFailed: () => new EmailTakenError(`${user.email} is already a member of this account`),
    },
    { item: put(auditEventItem(event)) },
    ...activeManagersStep(user.accountId, user.role === 'account_manager' ? 1 : 0),
    ...identitySteps(identity, identityIsNew),
    ...(user.unitId ? enterUnitSteps(user.accountId, user.unitId, user.unitPath) : []),
  ]);
}

/** A `reset` link is used up in the same transaction that checks its member is still active and still this person. */
export async function completeReset(input: Parameters<InvitationStore['completeReset']>[0]): Promise<void> {
  const { invitation, user, event, revoke } = input;
  await transact([
    linkStillPending(invitation),
    revokeIdentityStep(revoke.identityId, revoke.expectedMark, revoke.mark),
    {
      item: check(
        userKey(user.accountId, user.id),
        '#s = :active AND identityId = :i',
        { ':active': 'active', ':i': user.identityId },
        { '#s': 'status' },
      ),
      onConditionFailed: () => new ConflictError('This member is no longer active'),
    },
    { item: put(auditEventItem(event)) },
  ]);
}
