import { describe, expect, it } from 'vitest';
import { membersUnderPath } from '#adapters/dynamodb/entities/user.ts';
import { expiringInvitations } from '#adapters/dynamodb/entities/invitation.ts';
import { eventsOfAccount } from '#adapters/dynamodb/entities/audit-event.ts';
import { queryInput } from '#adapters/dynamodb/query.ts';
import { again, done, retrying, type RetryPolicy } from '#adapters/dynamodb/retry.ts';
import { update } from '#adapters/dynamodb/transact.ts';

process.env.TABLE_NAME ??= 'test-table';

describe('the retry policy', () => {
  const waits: number[] = [];
  const policy: RetryPolicy = { attempts: 3, backoffMs: (n) => (waits.push(n), 0) };

  it('stops at the first try that is done', async () => {
    let tries = 0;
    expect(
      await retrying(
        policy,
        async (n) => (++tries, n === 2 ? done('ok') : again()),
        () => 'gave up',
      ),
    ).toBe('ok');
    expect(tries).toBe(2);
  });

  it('tries at most `attempts` times, then hands the last cause to `exhausted`', async () => {
    let tries = 0;
    const result = await retrying(
      policy,
      async (n) => (++tries, again(`cause ${n}`)),
      (cause) => `gave up after ${cause}`,
    );
    expect(result).toBe('gave up after cause 3');
    expect(tries).toBe(3);
  });

  it('waits between tries only when asked, and never after the last one', async () => {
    waits.length = 0;
    await retrying(
      policy,
      async (n) => again(n, n === 1),
      () => null,
    );
    expect(waits).toEqual([1]);
    waits.length = 0;
    await retrying(
      policy,
      async () => again(),
      () => null,
    );
    expect(waits).toEqual([1, 2]);
  });

  it('lets an error of a try through at once', async () => {
    let tries = 0;
    await expect(
      retrying(
        policy,
        async () => {
          tries += 1;
          throw new Error('boom');
        },
        () => null,
      ),
    ).rejects.toThrow('boom');
    expect(tries).toBe(1);
  });
});

describe('queries by named pattern', () => {
  it('take the index and key attributes from the pattern', () => {
    const input = queryInput(membersUnderPath, ['a1'], { prefix: '/r/', projection: ['id', 'unitPath'] });
    expect(input).toMatchObject({
      IndexName: 'GSI3',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'GSI3PK', '#sk': 'GSI3SK', '#p0': 'id', '#p1': 'unitPath' },
      ExpressionAttributeValues: { ':pk': membersUnderPath.partition('a1'), ':prefix': '/r/' },
      ProjectionExpression: '#p0, #p1',
    });
    expect(input).not.toHaveProperty('ScanIndexForward');
  });

  it('read the base table without an index name, in the pattern order', () => {
    const input = queryInput(eventsOfAccount, ['a1'], { prefix: eventsOfAccount.prefix });
    expect(input.IndexName).toBeUndefined();
    expect(input.ExpressionAttributeNames).toMatchObject({ '#pk': 'PK', '#sk': 'SK' });
    expect(input.ScanIndexForward).toBe(false);
  });

  it('bound the sort key from above for the expiry index', () => {
    const input = queryInput(expiringInvitations, [3], { atMost: 'T#~', limit: 10, capacity: true });
    expect(input).toMatchObject({
      IndexName: 'GSI4',
      KeyConditionExpression: '#pk = :pk AND #sk <= :upTo',
      ExpressionAttributeNames: { '#pk': 'GSI4PK', '#sk': 'GSI4SK' },
      ExpressionAttributeValues: { ':pk': expiringInvitations.partition(3), ':upTo': 'T#~' },
      Limit: 10,
      ReturnConsumedCapacity: 'TOTAL',
    });
  });
});

describe('the update builder', () => {
  it('writes an UpdateItem action of the key, with empty names and values left out', () => {
    const action = update({ PK: 'p', SK: 's' }, 'ADD #c :d', undefined, { ':d': 1 }, {});
    expect(action.Update).toMatchObject({ Key: { PK: 'p', SK: 's' }, UpdateExpression: 'ADD #c :d' });
    expect(action.Update?.ExpressionAttributeNames).toBeUndefined();
    expect(action.Update?.ConditionExpression).toBeUndefined();
    expect(action.Update?.ExpressionAttributeValues).toEqual({ ':d': 1 });
  });
});
