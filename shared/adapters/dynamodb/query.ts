/** Query input for a named access pattern: its index, its key attributes, its partition and sort-key condition. */
import { QueryCommand, type QueryCommandInput } from './document.ts';
import { ddb, tableName } from './client.ts';
import { KEY_ATTRIBUTES, type Item, type QueryPattern } from './entity.ts';

export interface SortKeyNarrowing {
  /** begins_with(sort key, prefix) */
  prefix?: string;
  /** sort key BETWEEN lo AND hi (inclusive) */
  between?: [string, string];
  /** sort key <= bound */
  atMost?: string;
  /** sort key > bound (a position to go on from) */
  after?: string;
  /** sort key >= bound */
  atLeast?: string;
}

/** The KeyConditionExpression, names and values of a pattern's partition, narrowed on its sort key. */
export function keyCondition<K extends unknown[]>(
  pattern: QueryPattern<K>,
  key: NoInfer<K>,
  narrowing: SortKeyNarrowing = {},
): Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression'> & {
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const { pk, sk } = KEY_ATTRIBUTES[pattern.index];
  const names: Record<string, string> = { '#pk': pk };
  const values: Record<string, unknown> = { ':pk': pattern.partition(...key) };
  let expression = '#pk = :pk';
  if (narrowing.prefix !== undefined) {
    expression += ' AND begins_with(#sk, :prefix)';
    values[':prefix'] = narrowing.prefix;
  } else if (narrowing.between) {
    expression += ' AND #sk BETWEEN :lo AND :hi';
    values[':lo'] = narrowing.between[0];
    values[':hi'] = narrowing.between[1];
  } else if (narrowing.atMost !== undefined) {
    expression += ' AND #sk <= :upTo';
    values[':upTo'] = narrowing.atMost;
  } else if (narrowing.after !== undefined) {
    expression += ' AND #sk > :after';
    values[':after'] = narrowing.after;
  } else if (narrowing.atLeast !== undefined) {
    expression += ' AND #sk >= :from';
    values[':from'] = narrowing.atLeast;
  }
  if (expression !== '#pk = :pk') names['#sk'] = sk;
  return {
    IndexName: pattern.index === 'table' ? undefined : pattern.index,
    KeyConditionExpression: expression,
    names,
    values,
  };
}

/** A whole Query input (one page of DynamoDB's) for callers that page through a pattern themselves. */
export function queryInput<K extends unknown[]>(
  pattern: QueryPattern<K>,
  key: NoInfer<K>,
  options: SortKeyNarrowing & {
    limit?: number;
    start?: Item;
    projection?: string[];
    capacity?: boolean;
    /** Defaults to the pattern's own. */
    consistent?: boolean;
  } = {},
): QueryCommandInput {
  const { names, values, ...condition } = keyCondition(pattern, key, options);
  const projection = options.projection ?? [];
  for (const [i, name] of projection.entries()) names[`#p${i}`] = name;
  return {
    TableName: tableName(),
    ...condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(projection.length ? { ProjectionExpression: projection.map((_, i) => `#p${i}`).join(', ') } : {}),
    ...((options.consistent ?? pattern.consistent) ? { ConsistentRead: true } : {}),
    ...(pattern.newestFirst ? { ScanIndexForward: false } : {}),
    ...(options.limit !== undefined ? { Limit: options.limit } : {}),
    ...(options.capacity ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
    ExclusiveStartKey: options.start,
  };
}

/** Every page of a Query, in order: `page(start)` is the input of the page starting after `start` (none: the first). */
export async function queryAll(page: (start: Item | undefined) => QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await ddb.send(new QueryCommand(page(start)));
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey as Item | undefined;
  } while (start);
  return items;
}
