import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '#domain/errors.ts';
import { ddb, tableName } from './client.ts';
import type { Item } from './items.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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

export const put = (
  item: Item,
  condition?: string,
  values?: Record<string, unknown>,
  names?: Record<string, string>,
): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: item,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
    ExpressionAttributeNames: names,
  },
});

export const check = (
  key: Record<string, unknown>,
  condition: string,
  values?: Record<string, unknown>,
  names?: Record<string, string>,
): TransactItem => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: key,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
    ExpressionAttributeNames: names,
  },
});

/**
 * Writes the membership record of a member who (re)joins, keeping any revocation mark an earlier membership of
 * this person in this account left: tokens issued before a close stay refused after a re-invite.
 */
export function upsertMembership(
  item: Item,
  condition?: string,
  values: Record<string, unknown> = {},
  names: Record<string, string> = {},
): TransactItem {
  const { PK, SK, tokensValidAfter: _fresh, ...fields } = item;
  const entries = Object.entries(fields);
  return {
    Update: {
      TableName: tableName(),
      Key: { PK, SK },
      UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')}, #tva = if_not_exists(#tva, :zero)`,
      ConditionExpression: condition,
      ExpressionAttributeNames: {
        ...names,
        ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
        '#tva': 'tokensValidAfter',
      },
      ExpressionAttributeValues: {
        ...values,
        ...Object.fromEntries(entries.map(([, v], i) => [`:f${i}`, v])),
        ':zero': 0,
      },
    },
  };
}

export const del = (
  key: Record<string, unknown>,
  condition?: string,
  values?: Record<string, unknown>,
): TransactItem => ({
  Delete: { TableName: tableName(), Key: key, ConditionExpression: condition, ExpressionAttributeValues: values },
});

/**
 * Runs the steps as one TransactWriteItems; maps a condition failure to the first failing step's domain error.
 * A transaction cancelled only because another transaction touched the same items (TransactionConflict) is
 * retried, so its conditions are judged again; if it keeps conflicting, the caller gets a 409, not a 500.
 */
export async function transact(steps: Step[], token?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ddb.send(new TransactWriteCommand({ TransactItems: steps.map((s) => s.item), ClientRequestToken: token }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException || (error as Error).name === 'TransactionCanceledException'))
        throw error;
      const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
      for (let i = 0; i < reasons.length; i++) {
        if (reasons[i]?.Code === 'ConditionalCheckFailed' && steps[i]?.onConditionFailed)
          throw steps[i].onConditionFailed!();
      }
      if (!reasons.some((r) => r?.Code === 'TransactionConflict')) throw error;
      if (attempt >= MAX_CONFLICT_ATTEMPTS)
        throw new ConflictError('A concurrent change touched the same records; try again', { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 40));
    }
  }
}

const MAX_CONFLICT_ATTEMPTS = 3;
