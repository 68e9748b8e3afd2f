/** The SCIM requests of one account in one second of the clock (a fixed window, #ports/rate-limit.ts). */
import type { EntityShape, Key, Pattern } from '../entity.ts';
import { show } from '../entity.ts';
import { accountPartition } from './account.ts';

/** How long a window's item outlives its second before TTL deletes it. */
export const RATE_WINDOW_TTL_SECONDS = 60;

/**
 * In the account's own partition, one item per second with requests: nothing Queries that partition without a sort
 * key prefix (the member directory reads `USER#…`), so the windows are never read, only written.
 */
export const scimRateWindowKey = (accountId: string, epochSecond: number): Key => ({
  PK: accountPartition(accountId),
  SK: `SCIMRATE#${epochSecond}`,
});

export const RATE_WINDOW_ENTITY = 'ScimRateWindow';

export const rateWindowEntities: EntityShape[] = [
  {
    name: 'SCIM requests of an account in one second (count)',
    key: () => scimRateWindowKey('<accountId>', '<epochSecond>' as unknown as number),
    notes: () =>
      `n (requests counted, ≤ the limit, SCIM_RATE_LIMIT_PER_SECOND, default 50); TTL ${RATE_WINDOW_TTL_SECONDS} s ` +
      'after its second; never read',
  },
];

export const rateWindowPatterns: Pattern[] = [
  {
    name: 'takeScimRequest',
    summary: 'count one SCIM request of the account in the current second, refused (429) once the limit is reached',
    operation: 'UpdateItem ADD n 1 (condition: attribute_not_exists(n) OR n < limit)',
    index: 'table',
    keyCondition: () => show(scimRateWindowKey('<accountId>', '<epochSecond>' as unknown as number)),
    roundTrips: '1',
    cost: '1 WCU (a refused request too: a failed condition is billed as a write)',
  },
];
