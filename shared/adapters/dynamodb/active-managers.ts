import { LastAccountManagerError } from '#domain/errors.ts';
import { tableName } from './client.ts';
import { keys } from './keys.ts';
import type { Step } from './transact.ts';

/**
 * The transaction step that moves an account's count of active account managers. A decrement only succeeds while
 * the count is above one, so two managers demoting or deactivating each other at once cannot both succeed.
 */
export function activeManagersStep(accountId: string, delta: number): Step[] {
  if (delta === 0) return [];
  return [
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.activeManagers(accountId),
          UpdateExpression: 'SET entity = :entity ADD activeManagers :delta',
          ...(delta < 0 ? { ConditionExpression: 'activeManagers > :one' } : {}),
          ExpressionAttributeValues: {
            ':entity': 'ActiveManagers',
            ':delta': delta,
            ...(delta < 0 ? { ':one': 1 } : {}),
          },
        },
      },
      onConditionFailed: () => new LastAccountManagerError('Promote or activate another account manager first'),
    },
  ];
}
