/**
 * The write builders (put, check, update, delete: one TransactWriteItems action each, usable alone too) and the one
 * transaction runner. `transactWrite` is the only TransactWriteItems call of the adapters: it returns a cancellation
 * with its per-item reasons; `transact` runs steps on it, maps a failed condition to its step's domain error and
 * retries transaction conflicts (retry.ts).
 */
import { TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from './document.ts';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '#domain/errors.ts';
import { ddb, tableName } from './client.ts';
import type { Item, Key } from './entity.ts';
import { TRANSACTION_CONFLICT, again, done, retrying } from './retry.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Values = Record<string, unknown>;
type Names = Record<string, string>;

/** One transaction item, plus the domain error to raise when its condition is what cancelled the transaction. */
export interface Step {
  item: TransactItem;
  onConditionFailed?: () => Error;
}

/** DynamoDB's limit of actions in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/** A write whose condition did not hold. */
export const isConditionFailed = (error: unknown): boolean =>
  (error as Error)?.name === 'ConditionalCheckFailedException';

/** For `.catch` on writes whose failed condition means "someone else already did it, or it no longer applies". */
export function ignoreConditionFailed(error: unknown): void {
  if (!isConditionFailed(error)) throw error;
}

/** Whether a conditional write went through: false when its condition did not hold, any other error thrown. */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    ignoreConditionFailed(error);
    return false;
  }
}

export const put = (item: Item, condition?: string, values?: Values, names?: Names): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: item,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
    ExpressionAttributeNames: names,
  },
});

export const check = (key: Key, condition: string, values?: Values, names?: Names): TransactItem => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: key,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
    ExpressionAttributeNames: names,
  },
});

/** An UpdateItem of `key`: the update expression, an optional condition, the values and names both use. */
export const update = (
  key: Key,
  expression: string,
  condition?: string,
  values?: Values,
  names?: Names,
): TransactItem => ({
  Update: {
    TableName: tableName(),
    Key: { PK: key.PK, SK: key.SK },
    UpdateExpression: expression,
    ConditionExpression: condition,
    ExpressionAttributeValues: values && Object.keys(values).length ? values : undefined,
    ExpressionAttributeNames: names && Object.keys(names).length ? names : undefined,
  },
});

export const del = (key: Key, condition?: string, values?: Values, names?: Names): TransactItem => ({
  Delete: {
    TableName: tableName(),
    Key: key,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
    ExpressionAttributeNames: names,
  },
});

/** An update (see `update`) as a single UpdateItem call, outside any transaction. */
export async function updateItem(item: TransactItem): Promise<void> {
  await ddb.send(new UpdateCommand(item.Update!));
}

/**
 * Writes the membership record of a member who (re)joins, keeping any revocation mark an earlier membership of
 * this person in this account left: tokens issued before a close stay refused after a re-invite.
 */
export function upsertMembership(item: Item, condition?: string, values: Values = {}, names: Names = {}): TransactItem {
  const { PK, SK, tokensValidAfter: _fresh, ...fields } = item;
  const entries = Object.entries(fields);
  return update(
    { PK: String(PK), SK: String(SK) },
    `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')}, #tva = if_not_exists(#tva, :zero)`,
    condition,
    { ...values, ...Object.fromEntries(entries.map(([, v], i) => [`:f${i}`, v])), ':zero': 0 },
    { ...names, ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])), '#tva': 'tokensValidAfter' },
  );
}

export type TransactOutcome =
  | { ok: true; writeUnits: number }
  | { ok: false; reasons: CancellationReason[]; error: unknown };

/**
 * One TransactWriteItems; a cancellation is returned with its per-item reasons instead of thrown (any other error
 * is thrown). `capacity` asks for the consumed write units (the cleanup reports them).
 */
export async function transactWrite(
  items: TransactItem[],
  options: { token?: string; capacity?: boolean } = {},
): Promise<TransactOutcome> {
  try {
    const out = await ddb.send(
      new TransactWriteCommand({
        TransactItems: items,
        ClientRequestToken: options.token,
        ...(options.capacity ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
      }),
    );
    return { ok: true, writeUnits: (out.ConsumedCapacity ?? []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0) };
  } catch (error) {
    if ((error as Error)?.name !== 'TransactionCanceledException') throw error;
    return {
      ok: false,
      reasons: (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [],
      error,
    };
  }
}

/**
 * Runs the steps as one TransactWriteItems; maps a condition failure to the first failing step's domain error.
 * A transaction cancelled only because another transaction touched the same items (TransactionConflict) is
 * retried, so its conditions are judged again; if it keeps conflicting, the caller gets a 409, not a 500.
 */
export async function transact(steps: Step[], token?: string): Promise<void> {
  const items = steps.map((s) => s.item);
  await retrying(
    TRANSACTION_CONFLICT,
    async () => {
      const outcome = await transactWrite(items, { token });
      if (outcome.ok) return done(undefined);
      const { reasons } = outcome;
      for (let i = 0; i < reasons.length; i++) {
        if (reasons[i]?.Code === 'ConditionalCheckFailed' && steps[i]?.onConditionFailed)
          throw steps[i].onConditionFailed!();
      }
      if (!reasons.some((r) => r?.Code === 'TransactionConflict')) throw outcome.error;
      return again(outcome.error);
    },
    (cause) => {
      throw new ConflictError('A concurrent change touched the same records; try again', { cause });
    },
  );
}
