/**
 * Invitations (and setup or reset links) in the account's partition, the link-token lookup by the token's hash, and
 * the account's daily invitation quota. An invitation is listed by status on GSI3 and, while pending, found by the
 * scheduled cleanup on the sparse, sharded GSI4 by link expiry.
 */
import type { Invitation } from '#domain/invitation.ts';
import {
  type Pattern,
  type EntityShape,
  type Item,
  type Key,
  type QueryPattern,
  TTL,
  epoch,
  indexEntry,
  indexNote,
  show,
  strip,
} from '../entity.ts';
import { accountPartition } from './account.ts';
import { memberEmailKey } from './user.ts';

export const invitationKey = (accountId: string, invitationId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `INVITATION#${invitationId}`,
});
/** Link token lookup by the token's hash: kept as long as the invitation, so a used link answers 410, not 404. */
export const linkTokenKey = (tokenHash: string): Key => ({ PK: `TOKEN#${tokenHash}`, SK: 'TOKEN' });
/** Race-safe daily count of an account's mail: new invitations and members created (the 500-a-day limit). */
export const invitationQuotaKey = (accountId: string, day: string): Key => ({
  PK: accountPartition(accountId),
  SK: `INVITATION_QUOTA#${day}`,
});

/**
 * Sort-key bounds for time ranges on GSI3 (OPEN) and GSI4: `<iso time>#~` sorts after every key stamped with that
 * time ('~' is above any id character), so `<= bound(t)` means "expiry at or before t".
 */
export const timeBound = (iso: string): string => `${iso}#~`;

/** GSI4 is spread over this many partitions so that no single partition takes every invitation write. */
export const INVITATION_EXPIRY_SHARDS = 8;
export function invitationExpiryShard(invitationId: string): number {
  let h = 0;
  for (let i = 0; i < invitationId.length; i++) h = (h * 31 + invitationId.charCodeAt(i)) >>> 0;
  return h % INVITATION_EXPIRY_SHARDS;
}

/** Where an invitation of a status is listed: pending and expired share the `OPEN` partition. */
export type InvitationBucket = 'OPEN' | 'accepted' | 'revoked';

/**
 * GSI3: an account's invitations by status. Pending and expired share the `OPEN` partition sorted by link expiry,
 * so "pending" (expiry > now) and "expired" (expiry <= now, kept 30 days) are each one key range: expiry is
 * enforced by the key condition, whether or not the cleanup has run. Accepted and revoked: by creation time.
 */
export const invitationsByStatus: QueryPattern<[accountId: string, bucket: InvitationBucket]> = {
  name: 'invitationsByStatus',
  index: 'GSI3',
  partition: (accountId, bucket) => `${accountPartition(accountId)}#INVITATIONS#${bucket}`,
  placeholders: ['<a>', '<OPEN|accepted|revoked>' as InvitationBucket],
  sortKey: 'between',
  sortKeyValue: 'the expiry range (pending, expired; none for accepted, revoked)',
  newestFirst: true,
};

/** GSI4, sparse: pending invitations only, sharded, by link expiry; the cleanup reads just the expired ones. */
export const expiringInvitations: QueryPattern<[shard: number]> = {
  name: 'expiringInvitations',
  index: 'GSI4',
  partition: (shard) => `INVITATIONS#EXPIRING#${shard}`,
  placeholders: ['<shard>' as unknown as number],
  sortKey: 'at most',
  sortKeyValue: 'now',
};

const invitationFields = [
  'id',
  'accountId',
  'email',
  'role',
  'kind',
  'userId',
  'message',
  'status',
  'tokenHash',
  'invitedBy',
  'createdAt',
  'expiresAt',
  'purgeAt',
  'delivery',
  'resendCount',
  'resentAt',
  'recentResends',
  'placement',
] as const;

/**
 * The domain's `expiresAt` (link expiry) is stored as `linkExpiresAt`; the table's TTL attribute is the purge time.
 * GSI3 lists it by status; while pending it is also in the sparse GSI4 by expiry, which the cleanup reads.
 */
export function invitationItem(i: Invitation): Item {
  const { expiresAt, ...rest } = i;
  const open = i.status === 'pending' || i.status === 'expired';
  return {
    ...invitationKey(i.accountId, i.id),
    entity: 'Invitation',
    ...rest,
    linkExpiresAt: expiresAt,
    [TTL]: epoch(i.purgeAt),
    // top level, for an admin's filtered listing
    ...(i.placement ? { unitPath: i.placement.unitPath } : {}),
    ...indexEntry(
      invitationsByStatus,
      [i.accountId, open ? 'OPEN' : (i.status as 'accepted' | 'revoked')],
      `${open ? expiresAt : i.createdAt}#${i.id}`,
    ),
    ...(i.status === 'pending'
      ? indexEntry(expiringInvitations, [invitationExpiryShard(i.id)], `${expiresAt}#${i.accountId}#${i.id}`)
      : {}),
  };
}

// links written before invitations by email existed are setup links of a directory user
export const fromInvitationItem = (item: Item): Invitation => ({
  ...strip<Invitation>({ ...item, expiresAt: item.linkExpiresAt }, invitationFields),
  kind: (item.kind as Invitation['kind'] | undefined) ?? 'setup',
  recentResends: (item.recentResends as string[] | undefined) ?? [],
  // reset links only
  ...(typeof item.sessionsValidAfter === 'number' ? { sessionsValidAfter: item.sessionsValidAfter } : {}),
  ...(typeof item.revocationCount === 'number' ? { revocationCount: item.revocationCount } : {}),
});

export const linkTokenItem = (i: Invitation): Item => ({
  ...linkTokenKey(i.tokenHash),
  entity: 'LinkToken',
  kind: 'invitation',
  accountId: i.accountId,
  invitationId: i.id,
  [TTL]: epoch(i.purgeAt),
});

/** The email claim held by a pending invitation: free again once its link expired (`claimExpiresAt`). */
export const invitationHoldItem = (i: Invitation): Item => ({
  ...memberEmailKey(i.accountId, i.email),
  entity: 'EmailClaim',
  invitationId: i.id,
  claimExpiresAt: epoch(i.expiresAt),
  [TTL]: epoch(i.purgeAt),
});

export const invitationEntities: EntityShape[] = [
  {
    name: 'Invitation / setup link',
    key: () => invitationKey('<accountId>', '<invitationId>'),
    notes: () =>
      `GSI3 \`${invitationsByStatus.partition('<a>', 'OPEN')}\` / \`<linkExpiry>#<id>\` (pending and expired) or ` +
      `\`${invitationsByStatus.partition('<a>', '<accepted|revoked>' as InvitationBucket)}\` / \`<createdAt>#<id>\`; ` +
      `${indexNote(expiringInvitations, '<linkExpiry>#<a>#<id>', `(pending only, ${INVITATION_EXPIRY_SHARDS} shards)`)}; ` +
      'TTL = link expiry + 30 days',
  },
  {
    name: 'Invitation quota (per UTC day)',
    key: () => invitationQuotaKey('<accountId>', '<yyyy-mm-dd>'),
    notes: () => 'TTL end of day + 1 day',
  },
  { name: 'Link token lookup', key: () => linkTokenKey('<sha256(token)>'), notes: () => "TTL = the invitation's" },
];

export const invitationPatterns: Pattern[] = [
  {
    name: 'invitationByToken',
    summary: 'find the link a token belongs to',
    operation: 'consistent GetItem of the token lookup, then consistent GetItem of the invitation',
    index: 'table',
    keyCondition: () => `${show(linkTokenKey('<h>'))}, then ${show(invitationKey('<a>', '<i>'))}`,
    roundTrips: '2',
    cost: '2 RCU',
  },
  {
    name: 'acceptanceLease',
    summary: 'claim a link for acceptance (lease) / give it back',
    operation: 'conditional UpdateItem of the invitation',
    index: 'table',
    keyCondition: () => show(invitationKey('<a>', '<i>')),
    roundTrips: '1',
    cost: '1 WCU',
  },
  {
    name: 'acceptLink',
    summary: 'accept a link',
    operation:
      'TransactWriteItems: invitation (pending + token condition), user (invited + version), membership, event, ' +
      'identity + identity-by-email (new person) or a condition check (existing)',
    index: 'table',
    keyCondition: () => show(invitationKey('<a>', '<i>')),
    roundTrips: '1',
    cost: '10–12 WCU + GSI',
  },
  {
    name: 'recordDelivery',
    summary:
      "record mail delivery: a request's refused mail (its links are stored as sent), a bulk import's mails (n: TransactWriteItems of these Updates, 100 per call)",
    operation: 'UpdateItem invitation (token condition); one UpdateItem for one mail',
    index: 'table',
    keyCondition: () => show(invitationKey('<a>', '<i>')),
    roundTrips: '1 (⌈n/100⌉)',
    cost: '1 WCU (2 WCU + 2 GSI each in a transaction)',
  },
  {
    name: 'inviteChecks',
    summary: 'checks of a bulk invite',
    operation: 'BatchGetItem: account, inviter, quota, one email claim per address',
    index: 'table',
    keyCondition: () =>
      `${show(invitationQuotaKey('<a>', '<day>'))}, ${show(memberEmailKey('<a>', '<e>'))} per address, …`,
    roundTrips: '⌈(n+3)/100⌉, parallel',
    cost: '0.5 RCU per item',
  },
  {
    name: 'createInvitations',
    summary: 'create n invitations',
    operation: 'TransactWriteItems: quota (first), per invitation record + token + claim, one event each',
    index: 'table',
    keyCondition: () =>
      `${show(invitationKey('<a>', '<i>'))}, ${show(linkTokenKey('<h>'))}, ${show(memberEmailKey('<a>', '<e>'))}`,
    roundTrips: '⌈(3n+2)/100⌉',
    cost: 'per invitation ~8 WCU (6 + GSI3 + GSI4)',
  },
  {
    query: invitationsByStatus,
    summary: 'one page of invitations with a status',
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB',
  },
  {
    name: 'invitation',
    summary: 'read an invitation',
    operation: 'consistent GetItem',
    index: 'table',
    keyCondition: () => show(invitationKey('<a>', '<i>')),
    roundTrips: '1',
    cost: '1 RCU',
  },
  {
    name: 'resendOrRevoke',
    summary: 'resend / revoke',
    operation: 'TransactWriteItems: invitation (token + status condition), new token, claim, event',
    index: 'table',
    keyCondition: () => show(invitationKey('<a>', '<i>')),
    roundTrips: "1 (+1 if the hold is no longer this invitation's)",
    cost: '~12 WCU',
  },
  {
    name: 'currentLinkOfMember',
    summary: "a member's current link",
    operation: 'consistent GetItem email claim, then the invitation',
    index: 'table',
    keyCondition: () => `${show(memberEmailKey('<a>', '<e>'))}, then ${show(invitationKey('<a>', '<i>'))}`,
    roundTrips: '2',
    cost: '2 RCU',
  },
  {
    query: expiringInvitations,
    summary: 'expired invitations due (the scheduled cleanup)',
    roundTrips: '8 (one per shard) + pages',
    cost: '0.5 RCU per 4 KB read, min 0.5 per Query',
  },
];
