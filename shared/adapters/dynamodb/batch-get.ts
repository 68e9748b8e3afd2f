import { BatchGetCommand } from './document.ts';
import { ddb, tableName } from './client.ts';
import type { Item, Key } from './entity.ts';
import { UNPROCESSED_KEYS, again, done, retrying } from './retry.ts';

/**
 * BatchGetItem of any number of keys (duplicates dropped): 100 per call, calls in parallel, retrying what
 * DynamoDB leaves unprocessed.
 * A handful of keys (the usual case) is exactly one round trip.
 */
export async function batchGet(
  keyList: Key[],
  options: { consistent?: boolean; projection?: string[] } = {},
): Promise<Item[]> {
  const unique = [...new Map(keyList.map((k) => [`${k.PK}\u0000${k.SK}`, k])).values()];
  const projection = options.projection
    ? {
        ProjectionExpression: options.projection.map((_, i) => `#p${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(options.projection.map((name, i) => [`#p${i}`, name])),
      }
    : {};
  type TableRequest = {
    Keys: Record<string, unknown>[];
    ConsistentRead?: boolean;
    ProjectionExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
  };
  const chunks: Key[][] = [];
  for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
  // chunks go in parallel: 100 keys per call is DynamoDB's limit, not a reason to wait
  const pages = await Promise.all(
    chunks.map(async (chunk) => {
      const found: Item[] = [];
      let request: Record<string, TableRequest> | undefined = {
        [tableName()]: { Keys: chunk, ConsistentRead: options.consistent ?? false, ...projection },
      };
      return retrying<Item[]>(
        UNPROCESSED_KEYS,
        async () => {
          const out = await ddb.send(new BatchGetCommand({ RequestItems: request }));
          found.push(...((out.Responses?.[tableName()] ?? []) as Item[]));
          request = out.UnprocessedKeys as typeof request;
          return request && Object.keys(request).length ? again() : done(found);
        },
        () => found,
      );
    }),
  );
  return pages.flat();
}
