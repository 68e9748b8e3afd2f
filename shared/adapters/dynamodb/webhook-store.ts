/** Webhook endpoints (entities/webhook.ts): the records, an exact count per account, their health. */
import { GetCommand, UpdateCommand } from './document.ts';
import { NotFoundError, PreconditionFailedError, WebhookLimitReachedError } from '#domain/errors.ts';
import { MAX_WEBHOOKS_PER_ACCOUNT } from '#domain/webhook.ts';
import type { WebhookStore } from '#ports/webhooks.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { fromWebhookItem, webhookCountKey, webhookItem, webhookKey, webhooksOf } from './entities/webhook.ts';
import { queryAll, queryInput } from './query.ts';
import { conditionHeld, del, put, transact, update } from './transact.ts';

/** The endpoint was no longer enabled and failing since the time read: someone else decided first. */
class NotDisabled extends Error {}

const atVersion = (version: number) => ({
  condition: 'attribute_exists(PK) AND version = :expected',
  values: { ':expected': version },
});

/**
 * One conditional UpdateItem of an endpoint that also moves its version on (so that a manager's change read before it
 * fails its version check instead of writing the old state back): true when it applied, false when its condition did
 * not hold.
 */
async function markEndpoint(
  accountId: string,
  webhookId: string,
  expression: string,
  condition: string,
  values: Record<string, unknown> = {},
): Promise<boolean> {
  return conditionHeld(
    ddb.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: webhookKey(accountId, webhookId),
        UpdateExpression: `${expression} ADD version :one`,
        ConditionExpression: `attribute_exists(PK) AND ${condition}`,
        ExpressionAttributeValues: { ...values, ':one': 1 },
      }),
    ),
  );
}

/** The reads alone: the routes that read endpoints (and the fan-out) bundle none of the store's writes. */
export const webhookReads: Pick<WebhookStore, 'get' | 'list'> = {
  async get(accountId, webhookId) {
    const { Item: item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: webhookKey(accountId, webhookId), ConsistentRead: true }),
    );
    return item ? fromWebhookItem(item) : null;
  },

  async list(accountId) {
    const items = await queryAll((start) => queryInput(webhooksOf, [accountId], { prefix: webhooksOf.prefix, start }));
    return items.map(fromWebhookItem);
  },
};

export const webhookStore: WebhookStore = {
  async create(webhook, event) {
    await transact([
      { item: put(webhookItem(webhook), 'attribute_not_exists(PK)') },
      {
        item: update(
          webhookCountKey(webhook.accountId),
          'SET entity = :entity ADD #count :one',
          'attribute_not_exists(#count) OR #count < :max',
          { ':entity': 'WebhookCount', ':one': 1, ':max': MAX_WEBHOOKS_PER_ACCOUNT },
          { '#count': 'count' },
        ),
        onConditionFailed: () => new WebhookLimitReachedError(),
      },
      { item: put(auditEventItem(event)) },
    ]);
  },

  get: (accountId, webhookId) => webhookReads.get(accountId, webhookId),
  list: (accountId) => webhookReads.list(accountId),

  async update(webhook, expectedVersion, event) {
    const { condition, values } = atVersion(expectedVersion);
    await transact([
      {
        item: put(webhookItem(webhook), condition, values),
        onConditionFailed: () => new PreconditionFailedError('The webhook endpoint has changed since it was read'),
      },
      { item: put(auditEventItem(event)) },
    ]);
  },

  async delete(webhook, expectedVersion, event) {
    const { condition, values } = atVersion(expectedVersion);
    await transact([
      {
        item: del(webhookKey(webhook.accountId, webhook.id), condition, values),
        onConditionFailed: () => new PreconditionFailedError('The webhook endpoint has changed since it was read'),
      },
      {
        item: update(
          webhookCountKey(webhook.accountId),
          'ADD #count :minus',
          'attribute_exists(PK)',
          { ':minus': -1 },
          {
            '#count': 'count',
          },
        ),
        onConditionFailed: () => new NotFoundError('No such webhook endpoint'),
      },
      { item: put(auditEventItem(event)) },
    ]);
  },

  async markFailing(accountId, webhookId, since) {
    await markEndpoint(accountId, webhookId, 'SET failingSince = :since', 'attribute_not_exists(failingSince)', {
      ':since': since,
    });
  },

  async markHealthy(accountId, webhookId) {
    await markEndpoint(accountId, webhookId, 'REMOVE failingSince', 'attribute_exists(failingSince)');
  },

  async disableFailing(webhook, at, event) {
    try {
      await transact([
        {
          item: update(
            webhookKey(webhook.accountId, webhook.id),
            'SET #status = :disabled, disabledReason = :failing, updatedAt = :at ADD version :one',
            '#status = :enabled AND failingSince = :since',
            {
              ':disabled': 'disabled',
              ':enabled': 'enabled',
              ':failing': 'failing',
              ':at': at,
              ':one': 1,
              ':since': webhook.failingSince,
            },
            { '#status': 'status' },
          ),
          onConditionFailed: () => new NotDisabled(),
        },
        { item: put(auditEventItem(event)) },
      ]);
      return true;
    } catch (error) {
      if (error instanceof NotDisabled) return false;
      throw error;
    }
  },

  startReplay(accountId, webhookId, until, now) {
    // ISO times of one format compare as strings
    return markEndpoint(
      accountId,
      webhookId,
      'SET replayingUntil = :until',
      '(attribute_not_exists(replayingUntil) OR replayingUntil <= :now)',
      { ':until': until, ':now': now },
    );
  },

  async endReplay(accountId, webhookId) {
    await markEndpoint(accountId, webhookId, 'REMOVE replayingUntil', 'attribute_exists(replayingUntil)');
  },
};
