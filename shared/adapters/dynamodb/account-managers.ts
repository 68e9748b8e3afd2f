/** An account's active account managers (entities/user.ts, `activeAccountManagers`): who hears of account-wide trouble. */
import type { User } from '#domain/user.ts';
import { fromUserItem, usersByStatus } from './entities/user.ts';
import { queryAll, queryInput } from './query.ts';

/** Every active member with the account manager role: the active members' index, filtered on the role. */
export async function activeAccountManagers(accountId: string): Promise<User[]> {
  const managers: User[] = [];
  const items = await queryAll((start) => {
    const input = queryInput(usersByStatus, [accountId, 'active'], { start });
    return {
      ...input,
      FilterExpression: '#role = :manager',
      ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#role': 'role' },
      ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':manager': 'account_manager' },
    };
  });
  for (const item of items) managers.push(fromUserItem(item));
  return managers;
}
