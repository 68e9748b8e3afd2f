/** An account's active account managers (entities/user.ts, `activeAccountManagers`): who hears of account-wide trouble. */
import { QueryCommand } from './document.ts';
import type { User } from '#domain/user.ts';
import { ddb } from './client.ts';
import type { Item } from './entity.ts';
import { fromUserItem, usersByStatus } from './entities/user.ts';
import { queryInput } from './query.ts';

/** Every active member with the account manager role: the active members' index, filtered on the role. */
export async function activeAccountManagers(accountId: string): Promise<User[]> {
  const managers: User[] = [];
  let start: Item | undefined;
  do {
    const input = queryInput(usersByStatus, [accountId, 'active'], { start });
    const out = await ddb.send(
      new QueryCommand({
        ...input,
        FilterExpression: '#role = :manager',
        ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#role': 'role' },
        ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':manager': 'account_manager' },
      }),
    );
    for (const item of out.Items ?? []) managers.push(fromUserItem(item));
    start = out.LastEvaluatedKey;
  } while (start);
  return managers;
}
