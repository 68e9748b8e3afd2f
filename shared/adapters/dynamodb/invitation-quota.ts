/**
 * The account's daily mail quota (new invitations and members created with a setup mail): one counter per UTC day,
 * moved by a conditional ADD in the transaction that creates what is counted, so parallel requests cannot overshoot.
 */
import { epochSeconds } from '#domain/clock.ts';
import { RateLimitedError } from '#domain/errors.ts';
import type { DailyMailQuota } from '#ports/invitations.ts';
import { TTL } from './entity.ts';
import { invitationQuotaKey } from './entities/invitation.ts';
import { update, type Step } from './transact.ts';

/** Reserves `count` places of the day; refused when fewer are left. */
export function quotaStep(accountId: string, quota: DailyMailQuota, count: number) {
  return update(
    invitationQuotaKey(accountId, quota.day),
    'SET entity = :entity, #ttl = :ttl ADD #count :n',
    'attribute_not_exists(#count) OR #count <= :max',
    {
      ':entity': 'InvitationQuota',
      ':n': count,
      ':max': quota.limit - count,
      ':ttl': epochSeconds(quota.endsAt) + 24 * 3600,
    },
    { '#count': 'count', '#ttl': TTL },
  );
}

/** The invitations' refusal past the quota: 429 with Retry-After until the UTC day ends. */
export const quotaExceeded = (quota: DailyMailQuota, now: Date) =>
  new RateLimitedError(
    Math.max(1, Math.ceil((quota.endsAt.getTime() - now.getTime()) / 1000)),
    `An account may send ${quota.limit} new invitations a day`,
  );

/** One place of the day as a transaction step: a refusal is `quotaExceeded`. */
export const quotaPlaceStep = (accountId: string, quota: DailyMailQuota, now: Date): Step => ({
  item: quotaStep(accountId, quota, 1),
  onConditionFailed: () => quotaExceeded(quota, now),
});
