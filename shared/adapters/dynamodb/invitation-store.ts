import { GetCommand } from './document.ts';
import { AcceptanceInProgressError, ConflictError, InvitationUsedError } from '#domain/errors.ts';
import type { Invitation } from '#domain/invitation.ts';
import { ACCEPTANCE_LEASE_SECONDS, INVITATION_RETENTION_SECONDS } from '#domain/invitation.ts';
import type {
  InvitationLinkAcceptance,
  InvitationResending,
  InvitationSending,
  InvitationStore,
  ReplaceOptions,
} from '#ports/invitations.ts';
import { ddb, tableName } from './client.ts';
import { revokeIdentityStep } from './credential-store.ts';
import { completeJoin, completeReset } from './invitation-acceptance.ts';
import { deliveryUpdate, invitationDelivery } from './invitation-delivery.ts';
import { createMany, inviteChecks } from './invitation-batch.ts';
import { epochOf, releaseHold, replaceInvitation } from './invitation-steps.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  fromInvitationItem,
  invitationHoldItem,
  invitationItem,
  invitationKey,
  invitationsByStatus,
  linkTokenItem,
  linkTokenKey,
  timeBound,
} from './entities/invitation.ts';
import { memberEmailKey, userKey } from './entities/user.ts';
import { queryPage } from './query-page.ts';
import {
  check,
  ignoreConditionFailed,
  isConditionFailed,
  MAX_TRANSACTION_ITEMS,
  put,
  transact,
  transactWrite,
  update,
  updateItem,
  type Step,
} from './transact.ts';
import { epochSeconds } from '#domain/clock.ts';

const changedMeanwhile = () => new ConflictError('This invitation changed meanwhile; read it again and retry');

/** A `setup` link needs its member still invited, a `reset` link its member still active; both must be the member's current link. */
function memberLinkChecks(invitation: Invitation, currentId: string | null): Step[] {
  if (invitation.userId === null) return [];
  // claims written before they pointed at a link have no pointer: any link of that member is current
  const current =
    currentId === null
      ? 'attribute_not_exists(invitationId)'
      : '(attribute_not_exists(invitationId) OR invitationId = :current)';
  return [
    {
      item: check(memberEmailKey(invitation.accountId, invitation.email), `userId = :u AND ${current}`, {
        ':u': invitation.userId,
        ...(currentId !== null ? { ':current': currentId } : {}),
      }),
      onConditionFailed: () => new ConflictError('A newer link replaced this one, or the member changed'),
    },
    {
      item: check(
        userKey(invitation.accountId, invitation.userId),
        '#s = :s',
        { ':s': invitation.kind === 'reset' ? 'active' : 'invited' },
        { '#s': 'status' },
      ),
      onConditionFailed: () =>
        new ConflictError(
          invitation.kind === 'reset' ? 'This member is not active' : 'This member has already been set up',
        ),
    },
  ];
}

function revokeSessionsSteps(options: ReplaceOptions | undefined): Step[] {
  if (!options?.revokeSessions) return [];
  const { identityId, expectedMark, mark } = options.revokeSessions;
  return [revokeIdentityStep(identityId, expectedMark, mark)];
}

/** An account's invitations of one status, one page (one Query). */
const listInvitations: InvitationStore['list'] = async (accountId, status, now, page, underPaths) => {
  const at = now.toISOString();
  // an admin's view: filtered on the unit path the invitation places its member in
  const anyPrefix = underPaths ? { attribute: 'unitPath', prefixes: underPaths } : undefined;
  if (status === 'pending' || status === 'expired') {
    const keptSince = new Date(now.getTime() - INVITATION_RETENTION_SECONDS * 1000).toISOString();
    // '~' sorts after every ISO time: the pending range is "expiry after now"
    const range: [string, string] = status === 'pending' ? [timeBound(at), '~'] : [timeBound(keptSince), timeBound(at)];
    return queryPage(
      { pattern: invitationsByStatus, key: [accountId, 'OPEN'], sortKeyBetween: range, listing: status, anyPrefix },
      page,
      fromInvitationItem,
    );
  }
  return queryPage({ pattern: invitationsByStatus, key: [accountId, status], anyPrefix }, page, fromInvitationItem);
};

/** The listing alone: a function that only lists invitations bundles none of the store's writes. */
export const invitationListing: Pick<InvitationStore, 'list'> = { list: listInvitations };

/** An invitation by its link token's hash (two consistent GetItems), or null. */
const findByTokenHash: InvitationStore['findByTokenHash'] = async (tokenHash) => {
  const token = await ddb.send(
    new GetCommand({ TableName: tableName(), Key: linkTokenKey(tokenHash), ConsistentRead: true }),
  );
  const ref = token.Item as { accountId?: string; invitationId?: string } | undefined;
  if (!ref?.accountId || !ref.invitationId) return null;
  const { Item } = await ddb.send(
    new GetCommand({
      TableName: tableName(),
      Key: invitationKey(ref.accountId, ref.invitationId),
      ConsistentRead: true,
    }),
  );
  return Item ? fromInvitationItem(Item) : null;
};

/** The link lookup alone: a page that only shows an invitation bundles none of the store's writes. */
export const invitationLinkReads: Pick<InvitationStore, 'findByTokenHash'> = { findByTokenHash };

const getInvitation: InvitationStore['get'] = async (accountId, invitationId) => {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName(), Key: invitationKey(accountId, invitationId), ConsistentRead: true }),
  );
  return Item ? fromInvitationItem(Item) : null;
};

const revokeInvitation: InvitationStore['revoke'] = async (previous, next, event) => {
  const base = [replaceInvitation(previous, next), put(auditEventItem(event))];
  // frees the email for a new invitation, if the hold is still this invitation's (it lapses on expiry and may be taken)
  const release = previous.kind === 'invite' && previous.status === 'pending' ? [releaseHold(previous)] : [];
  let outcome = await transactWrite([...base, ...release]);
  if (
    !outcome.ok &&
    outcome.reasons[0]?.Code !== 'ConditionalCheckFailed' &&
    release.length &&
    outcome.reasons[2]?.Code === 'ConditionalCheckFailed'
  ) {
    outcome = await transactWrite(base);
  }
  if (!outcome.ok) {
    if (outcome.reasons[0]?.Code === 'ConditionalCheckFailed') throw changedMeanwhile();
    throw Object.assign(new Error(`revoke cancelled: ${outcome.reasons.map((r) => r.Code).join(',')}`), {
      name: 'TransactionCanceledException',
    });
  }
};

/** Revoking alone (get and revoke): revoking an invitation bundles none of the store's other writes. */
export const invitationRevocation: Pick<InvitationStore, 'get' | 'revoke'> = {
  get: getInvitation,
  revoke: revokeInvitation,
};

const claimAcceptance: InvitationStore['claimAcceptance'] = async (invitation, claimId, now) => {
  const until = epochSeconds(now) + ACCEPTANCE_LEASE_SECONDS;
  try {
    await updateItem(
      update(
        invitationKey(invitation.accountId, invitation.id),
        'SET claimId = :claim, claimedUntil = :until',
        'attribute_exists(PK) AND #s = :pending AND tokenHash = :h AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
        {
          ':claim': claimId,
          ':until': until,
          ':pending': 'pending',
          ':h': invitation.tokenHash,
          ':now': epochSeconds(now),
        },
        { '#s': 'status' },
      ),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    // either the link was used or replaced meanwhile (the next read says which), or someone holds it right now
    const current = await findByTokenHash(invitation.tokenHash);
    if (current && current.status === 'pending' && current.tokenHash === invitation.tokenHash)
      throw new AcceptanceInProgressError();
    throw new InvitationUsedError();
  }
};

const releaseAcceptance: InvitationStore['releaseAcceptance'] = async (invitation, claimId) => {
  await updateItem(
    update(invitationKey(invitation.accountId, invitation.id), 'REMOVE claimId, claimedUntil', 'claimId = :claim', {
      ':claim': claimId,
    }),
  ).catch(ignoreConditionFailed);
};

/** Accepting a link alone: accepting an invitation bundles none of the store's sending, listing or revoking. */
export const invitationLinkAcceptance: InvitationLinkAcceptance = {
  findByTokenHash,
  claimAcceptance,
  releaseAcceptance,
  completeJoin,
  completeReset,
};

// a function, not the property read: a read at load would keep this whole store in every bundle importing the module
const setDelivery: InvitationStore['setDelivery'] = (invitation, delivery) =>
  invitationDelivery.setDelivery(invitation, delivery);

const recordDeliveries: InvitationStore['recordDeliveries'] = async (entries) => {
  if (entries.length === 1) return setDelivery(entries[0].invitation, entries[0].delivery);
  for (let i = 0; i < entries.length; i += MAX_TRANSACTION_ITEMS) {
    const slice = entries.slice(i, i + MAX_TRANSACTION_ITEMS);
    const outcome = await transactWrite(slice.map(({ invitation, delivery }) => deliveryUpdate(invitation, delivery)));
    // one link replaced meanwhile cancels the batch: record the others one by one
    if (!outcome.ok) await Promise.all(slice.map(({ invitation, delivery }) => setDelivery(invitation, delivery)));
  }
};

const resendInvitation: InvitationStore['resend'] = async (previous, next, event, now, options) => {
  const steps: Step[] = [
    { item: replaceInvitation(previous, next), onConditionFailed: changedMeanwhile },
    { item: put(linkTokenItem(next), 'attribute_not_exists(PK)') },
    ...(next.kind === 'invite'
      ? [
          {
            // the email is this invitation's again, unless a member or a newer invitation has it now
            item: put(
              invitationHoldItem(next),
              'attribute_not_exists(PK) OR (attribute_not_exists(userId) AND (invitationId = :id OR claimExpiresAt <= :now))',
              { ':id': next.id, ':now': epochOf(now) },
            ),
            onConditionFailed: () => new ConflictError('This email now belongs to a member or to a newer invitation'),
          },
        ]
      : memberLinkChecks(next, next.id)),
    ...revokeSessionsSteps(options),
    { item: put(auditEventItem(event)) },
  ];
  await transact(steps);
};

/** Resending alone (get, resend, the delivery record): resending bundles no batch invite and no member link. */
export const invitationResending: InvitationResending = {
  get: getInvitation,
  resend: resendInvitation,
  recordDeliveries,
  setDelivery,
};

/**
 * What sending an invitation or a member's link takes (invite, resend, a user's invitation): no acceptance, listing or
 * revoking. Marked pure, like the whole store below, so that a bundle using neither keeps neither.
 */
export const invitationSending: InvitationSending = /* @__PURE__ */ (() => ({
  setDelivery,

  get: getInvitation,

  inviteChecks,
  createMany,

  recordDeliveries,

  resend: resendInvitation,

  async currentLinkOf(user) {
    const claim = await ddb.send(
      new GetCommand({
        TableName: tableName(),
        Key: memberEmailKey(user.accountId, user.email),
        ConsistentRead: true,
      }),
    );
    const id = claim.Item?.userId === user.id ? (claim.Item?.invitationId as string | undefined) : undefined;
    return id ? this.get(user.accountId, id) : null;
  },

  async issueForMember({ user, invitation, previousId, event }, options) {
    const pointer = previousId === null ? 'attribute_not_exists(invitationId)' : 'invitationId = :prev';
    await transact([
      { item: put(invitationItem(invitation), 'attribute_not_exists(PK)') },
      { item: put(linkTokenItem(invitation), 'attribute_not_exists(PK)') },
      {
        item: update(
          memberEmailKey(user.accountId, user.email),
          'SET invitationId = :new',
          `userId = :u AND ${pointer}`,
          {
            ':new': invitation.id,
            ':u': user.id,
            ...(previousId !== null ? { ':prev': previousId } : {}),
          },
        ),
        onConditionFailed: () => new ConflictError('This member’s link changed meanwhile; try again'),
      },
      {
        item: check(
          userKey(user.accountId, user.id),
          '#s = :s AND #v = :v',
          { ':s': user.status, ':v': user.version },
          { '#s': 'status', '#v': 'version' },
        ),
        onConditionFailed: () => new ConflictError('This member changed meanwhile; try again'),
      },
      ...revokeSessionsSteps(options),
      { item: put(auditEventItem(event)) },
    ]);
  },
}))();

export const invitationStore: InvitationStore = /* @__PURE__ */ (() => ({
  ...invitationSending,
  findByTokenHash,
  claimAcceptance,
  releaseAcceptance,
  list: listInvitations,
  revoke: revokeInvitation,
  completeJoin,
  completeReset,
}))();
