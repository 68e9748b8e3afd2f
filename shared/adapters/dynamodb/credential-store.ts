import { ConflictError } from '#domain/errors.ts';
import type { CredentialStore } from '#ports/identities.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { identityKey } from './entities/identity.ts';
import { put, transact, update, type Step } from './transact.ts';

/**
 * Moves the identity's revocation mark, only from the mark the caller read (a concurrent change wins, not both), and
 * counts the revocation. `expectedCount`: also only from the count the caller read (the mark is whole seconds; the
 * count shows a change made in the same second).
 */
export function revokeIdentityStep(
  identityId: string,
  expectedMark: number,
  mark: number,
  expectedCount?: number,
): Step {
  const counted =
    expectedCount === undefined
      ? ''
      : expectedCount === 0
        ? ' AND (attribute_not_exists(revocationCount) OR revocationCount = :count)'
        : ' AND revocationCount = :count';
  return {
    item: update(
      identityKey(identityId),
      'SET tokensValidAfter = :mark ADD revocationCount :one',
      `attribute_exists(PK) AND tokensValidAfter = :seen${counted}`,
      {
        ':mark': mark,
        ':seen': expectedMark,
        ':one': 1,
        ...(expectedCount === undefined ? {} : { ':count': expectedCount }),
      },
    ),
    onConditionFailed: () => new ConflictError('The sign-in changed meanwhile; try again'),
  };
}

export const credentialStore: CredentialStore = {
  async revokeSessions(identityId, { expectedMark, mark, events }) {
    await transact([
      revokeIdentityStep(identityId, expectedMark, mark),
      ...events.map((e) => ({ item: put(auditEventItem(e)) })),
    ]);
  },

  async setMfa(identityId, { enabled, revokeSessionsAt, events }) {
    const revoke = revokeSessionsAt !== undefined;
    await transact([
      {
        item: update(
          identityKey(identityId),
          `SET mfaEnabled = :on${revoke ? ', tokensValidAfter = :mark' : ''}`,
          'attribute_exists(PK)',
          { ':on': enabled, ...(revoke ? { ':mark': revokeSessionsAt } : {}) },
        ),
        onConditionFailed: () => new ConflictError('This sign-in no longer exists'),
      },
      ...events.map((e) => ({ item: put(auditEventItem(e)) })),
    ]);
  },
};
