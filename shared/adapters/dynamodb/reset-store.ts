import { GetCommand } from './document.ts';
import { addSeconds, epochSeconds } from '#domain/clock.ts';
import { ResetLinkUsedError } from '#domain/errors.ts';
import { RESET_LINK_TTL_SECONDS, RESET_REQUESTS_PER_HOUR, RESET_RETENTION_SECONDS } from '#domain/password-reset.ts';
import type { PasswordResetStore } from '#ports/identities.ts';
import { ddb, tableName } from './client.ts';
import { revokeIdentityStep } from './credential-store.ts';
import { TTL } from './entity.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  fromPasswordResetItem,
  isPasswordReset,
  passwordResetDecoyItem,
  passwordResetItem,
  passwordResetKey,
  resetRequestsKey,
} from './entities/password-reset.ts';
import { ignoreConditionFailed, isConditionFailed, put, transact, update, updateItem } from './transact.ts';
const HOUR = 3600;

/**
 * The rate window is the times of the last RESET_REQUESTS_PER_HOUR requests, oldest first, in slots r0..r4. A request
 * is admitted when the oldest of them is more than an hour old (or missing); admitting shifts the slots. One
 * conditional UpdateItem, so concurrent requests cannot both take the last place.
 */
const slots = Array.from({ length: RESET_REQUESTS_PER_HOUR }, (_, i) => `r${i}`);
const shift = slots
  .map((slot, i) => (i + 1 < slots.length ? `${slot} = if_not_exists(${slots[i + 1]}, :zero)` : `${slot} = :now`))
  .join(', ');

export const resetStore: PasswordResetStore = {
  async admit(emailHash, now) {
    try {
      await updateItem(
        update(
          resetRequestsKey(emailHash),
          `SET entity = :entity, ${shift}, #ttl = :ttl`,
          `attribute_not_exists(${slots[0]}) OR ${slots[0]} <= :hourAgo`,
          {
            ':entity': 'ResetRequests',
            ':zero': 0,
            ':now': epochSeconds(now),
            ':hourAgo': epochSeconds(now) - HOUR,
            ':ttl': epochSeconds(now) + HOUR,
          },
          { '#ttl': TTL },
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  async issue({ reset, events, revoke }) {
    await transact([
      { item: put(passwordResetItem(reset), 'attribute_not_exists(PK)') },
      ...(revoke ? [revokeIdentityStep(reset.identityId, revoke.expectedMark, revoke.mark)] : []),
      ...events.map((e) => ({ item: put(auditEventItem(e)) })),
    ]);
  },

  async issueDecoy(tokenHash, now) {
    const purge = addSeconds(now, RESET_LINK_TTL_SECONDS + RESET_RETENTION_SECONDS);
    await transact([
      {
        item: put(passwordResetDecoyItem(tokenHash, epochSeconds(purge)), 'attribute_not_exists(PK)'),
      },
    ]);
  },

  async find(tokenHash) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: passwordResetKey(tokenHash), ConsistentRead: true }),
    );
    return Item && isPasswordReset(Item) ? fromPasswordResetItem(Item) : null;
  },

  async claim(reset, { claimId, claimedUntil, mark, now }) {
    const counted = typeof reset.revocationCount === 'number';
    await transact([
      {
        // the link follows the identity's new mark, so a released claim can be taken again
        item: update(
          passwordResetKey(reset.tokenHash),
          `SET #s = :claimed, claimId = :claim, claimedUntil = :until, sessionsValidAfter = :mark${counted ? ', revocationCount = :count' : ''}`,
          'attribute_exists(PK) AND (#s = :pending OR (#s = :claimed AND claimedUntil < :now))',
          {
            ':pending': 'pending',
            ':claimed': 'claimed',
            ':claim': claimId,
            ':until': claimedUntil,
            ':mark': mark,
            ':now': now.toISOString(),
            ...(counted ? { ':count': (reset.revocationCount as number) + 1 } : {}),
          },
          { '#s': 'status' },
        ),
        onConditionFailed: () => new ResetLinkUsedError(),
      },
      // revoking first is the safe order: if setting the password fails, the old sessions are gone all the same
      {
        ...revokeIdentityStep(reset.identityId, reset.sessionsValidAfter, mark, reset.revocationCount ?? undefined),
        onConditionFailed: () => new ResetLinkUsedError('A newer password change replaced this link'),
      },
    ]);
  },

  async complete(reset, claimId, events) {
    await transact([
      {
        item: update(
          passwordResetKey(reset.tokenHash),
          'SET #s = :used REMOVE claimedUntil',
          '#s = :claimed AND claimId = :claim',
          { ':used': 'used', ':claimed': 'claimed', ':claim': claimId },
          { '#s': 'status' },
        ),
        onConditionFailed: () => new ResetLinkUsedError(),
      },
      ...events.map((e) => ({ item: put(auditEventItem(e)) })),
    ]);
  },

  async release(reset, claimId) {
    await updateItem(
      update(
        passwordResetKey(reset.tokenHash),
        'SET #s = :pending REMOVE claimId, claimedUntil',
        '#s = :claimed AND claimId = :claim',
        { ':pending': 'pending', ':claimed': 'claimed', ':claim': claimId },
        { '#s': 'status' },
      ),
    ).catch(ignoreConditionFailed);
  },
};
