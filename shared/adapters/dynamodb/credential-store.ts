import { ConflictError } from '#domain/errors.ts';
import type { CredentialStore } from '#ports/identities.ts';
import { tableName } from './client.ts';
import { auditEventItem } from './items.ts';
import { keys } from './keys.ts';
import { put, transact, type Step } from './transact.ts';

/** Moves the identity's revocation mark, only from the mark the caller read (a concurrent change wins, not both). */
export function revokeIdentityStep(identityId: string, expectedMark: number, mark: number): Step {
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.identity(identityId),
        UpdateExpression: 'SET tokensValidAfter = :mark',
        ConditionExpression: 'attribute_exists(PK) AND tokensValidAfter = :seen',
        ExpressionAttributeValues: { ':mark': mark, ':seen': expectedMark },
      },
    },
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
        item: {
          Update: {
            TableName: tableName(),
            Key: keys.identity(identityId),
            UpdateExpression: `SET mfaEnabled = :on${revoke ? ', tokensValidAfter = :mark' : ''}`,
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':on': enabled, ...(revoke ? { ':mark': revokeSessionsAt } : {}) },
          },
        },
        onConditionFailed: () => new ConflictError('This sign-in no longer exists'),
      },
      ...events.map((e) => ({ item: put(auditEventItem(e)) })),
    ]);
  },
};
