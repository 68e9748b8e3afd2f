/** Password reset links by the token's hash, and the sliding-hour count of reset requests per email. */
import type { PasswordReset } from '#domain/password-reset.ts';
import { type Pattern, type EntityShape, type Item, type Key, TTL, epoch, show, strip } from '../entity.ts';
import { identityKey } from './identity.ts';

export const passwordResetKey = (tokenHash: string): Key => ({ PK: `RESET#${tokenHash}`, SK: 'RESET' });
/** Sliding-hour count of reset requests for one email (by its hash, so no address is stored for strangers). */
export const resetRequestsKey = (emailHash: string): Key => ({ PK: `RESET_RATE#${emailHash}`, SK: 'RESET_RATE' });

const passwordResetFields = [
  'tokenHash',
  'identityId',
  'email',
  'status',
  'requestedBy',
  'sessionsValidAfter',
  'revocationCount',
  'createdAt',
  'expiresAt',
  'purgeAt',
  'claimId',
  'claimedUntil',
] as const;

/** Like invitations: the link's expiry is `linkExpiresAt`; the TTL attribute is the purge time. */
export function passwordResetItem(r: PasswordReset): Item {
  const { expiresAt, ...rest } = r;
  return {
    ...passwordResetKey(r.tokenHash),
    entity: 'PasswordReset',
    ...rest,
    linkExpiresAt: expiresAt,
    [TTL]: epoch(r.purgeAt),
  };
}
export const isPasswordReset = (item: Item): boolean => item.entity === 'PasswordReset';
export function fromPasswordResetItem(item: Item): PasswordReset {
  const { revocationCount, ...reset } = strip<PasswordReset>(
    { ...item, expiresAt: item.linkExpiresAt },
    passwordResetFields,
  );
  // links stored before the count was kept have none
  return typeof revocationCount === 'number' ? { ...reset, revocationCount } : reset;
}

/** The link an unknown email gets: the same write, so that a stranger's request costs what a member's does. */
export const passwordResetDecoyItem = (tokenHash: string, purgeAt: number): Item => ({
  ...passwordResetKey(tokenHash),
  entity: 'PasswordResetDecoy',
  [TTL]: purgeAt,
});

export const passwordResetEntities: EntityShape[] = [
  {
    name: 'Password reset link',
    key: () => passwordResetKey('<sha256(token)>'),
    notes: () => 'TTL = link expiry (1 h) + 1 day',
  },
  {
    name: 'Reset requests of an email (sliding hour)',
    key: () => resetRequestsKey('<sha256(email)>'),
    notes: () => 'TTL 1 h after the last request',
  },
];

export const passwordResetPatterns: Pattern[] = [
  {
    name: 'forcedReset',
    summary: 'forced reset (by a manager)',
    operation:
      'GetItem user, Query identity, TransactWriteItems: link, identity mark, event; BatchGetItem members (backup emails)',
    index: 'table',
    keyCondition: () => `${show(passwordResetKey('<h>'))}, ${show(identityKey('<sub>'))}`,
    roundTrips: '4',
    cost: '≈ 6 WCU + 2 GSI, 2 RCU; + 2 Cognito calls, 1 SES call per address',
  },
  {
    name: 'forgotPassword',
    summary: 'forgot password (any email)',
    operation:
      'UpdateItem rate window, GetItem email lookup, Query identity, BatchGetItem members, TransactWriteItems link (+ events)',
    index: 'table',
    keyCondition: () => `${show(resetRequestsKey('<sha256(e)>'))}, ${show(passwordResetKey('<h>'))}`,
    roundTrips: '5',
    cost: '≈ 1 + 2 + 2n WCU, ≈ 2.5 RCU',
  },
  {
    name: 'completeReset',
    summary: 'complete a reset',
    operation: 'GetItem link, Query identity, TransactWriteItems claim + mark, TransactWriteItems used + events',
    index: 'table',
    keyCondition: () => `${show(passwordResetKey('<h>'))}, ${show(identityKey('<sub>'))}`,
    roundTrips: '4',
    cost: '≈ 6 + 2n WCU; + 2 Cognito calls',
  },
];
