import { LastAccountManagerError } from '#domain/errors.ts';
import { activeManagersKey } from './entities/account.ts';
import { type Step, update } from './transact.ts';

/**
 * The transaction step that moves an account's count of active account managers. A decrement only succeeds while
 * the count is above one, so two managers demoting or deactivating each other at once cannot both succeed.
 */
export function activeManagersStep(accountId: string, delta: number): Step[] {
  if (delta === 0) return [];
  return [
    {
      item: update(
        activeManagersKey(accountId),
        'SET entity = :entity ADD activeManagers :delta',
        delta < 0 ? 'activeManagers > :one' : undefined,
        { ':entity': 'ActiveManagers', ':delta': delta, ...(delta < 0 ? { ':one': 1 } : {}) },
      ),
      onConditionFailed: () => new LastAccountManagerError('Promote or activate another account manager first'),
    },
  ];
}
