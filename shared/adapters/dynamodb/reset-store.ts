import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addSeconds, epochSeconds } from '#domain/clock.ts';
import { ResetLinkUsedError } from '#domain/errors.ts';
import { RESET_LINK_TTL_SECONDS, RESET_REQUESTS_PER_HOUR, RESET_RETENTION_SECONDS } from '#domain/password-reset.ts';
import type { PasswordResetStore } from '#ports/identities.ts';
import { tableDefinition } from '#config/table.ts';
import { ddb, tableName } from './client.ts';
import { revokeIdentityStep } from './credential-store.ts';
import { auditEventItem, fromPasswordResetItem, passwordResetItem } from './items.ts';
import { keys } from './keys.ts';
import { ignoreConditionFailed, isConditionFailed, put, transact } from './transact.ts';

const TTL = tableDefinition.ttlAttribute;
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
      await ddb.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.resetRequests(emailHash),
          UpdateExpression: `SET entity = :entity, ${shift}, #ttl = :ttl`,
          ConditionExpression: `attribute_not_exists(${slots[0]}) OR ${slots[0]} <= :hourAgo`,
          ExpressionAttributeNames: { '#ttl': TTL },
          ExpressionAttributeValues: {
            ':entity': 'ResetRequests',
            ':zero': 0,
            ':now': epochSeconds(now),
            ':hourAgo': epochSeconds(now) - HOUR,
            ':ttl': epochSeconds(now) + HOUR,
          },
        }),
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
        item: put(
          { ...keys.passwordReset(tokenHash), entity: 'PasswordResetDecoy', [TTL]: epochSeconds(purge) },
          'attribute_not_exists(PK)',
        ),
      },
    ]);
  },

  async find(tokenHash) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: keys.passwordReset(tokenHash), ConsistentRead: true }),
    );
    return Item?.entity === 'PasswordReset' ? fromPasswordResetItem(Item) : null;
  },

  async claim(reset, { claimId, claimedUntil, mark, now }) {
    await transact([
      {
        item: {
          Update: {
            TableName: tableName(),
            Key: keys.passwordReset(reset.tokenHash),
            // the link follows the identity's new mark, so a released claim can be taken again
            UpdateExpression: 'SET #s = :claimed, claimId = :claim, claimedUntil = :until, sessionsValidAfter = :mark',
            ConditionExpression: 'attribute_exists(PK) AND (#s = :pending OR (#s = :claimed AND claimedUntil < :now))',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':pending': 'pending',
              ':claimed': 'claimed',
              ':claim': claimId,
              ':until': claimedUntil,
              ':mark': mark,
              ':now': now.toISOString(),
            },
          },
        },
        onConditionFailed: () => new ResetLinkUsedError(),
      },
      // revoking first is the safe order: if setting the password fails, the old sessions are gone all the same
      {
        ...revokeIdentityStep(reset.identityId, reset.sessionsValidAfter, mark),
        onConditionFailed: () => new ResetLinkUsedError('A newer password change replaced this link'),
      },
    ]);
  },

  async complete(reset, claimId, events) {
    await transact([
      {
        item: {
          Update: {
            TableName: tableName(),
            Key: keys.passwordReset(reset.tokenHash),
            UpdateExpression: 'SET #s = :used REMOVE claimedUntil',
            ConditionExpression: '#s = :claimed AND claimId = :claim',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':used': 'used', ':claimed': 'claimed', ':claim': claimId },
          },
        },
        onConditionFailed: () => new ResetLinkUsedError(),
      },
      ...events.map((e) => ({ item: put(auditEventItem(e)) })),
    ]);
  },

  async release(reset, claimId) {
    await ddb
      .send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.passwordReset(reset.tokenHash),
          UpdateExpression: 'SET #s = :pending REMOVE claimId, claimedUntil',
          ConditionExpression: '#s = :claimed AND claimId = :claim',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':claimed': 'claimed', ':claim': claimId },
        }),
      )
      .catch(ignoreConditionFailed);
  },
};
