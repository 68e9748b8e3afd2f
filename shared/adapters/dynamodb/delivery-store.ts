/** Webhook deliveries (entities/webhook-delivery.ts): created once per endpoint and event, recorded per attempt. */
import { GetCommand, PutCommand } from './document.ts';
import type { DeliveryStore } from '#ports/webhooks.ts';
import { ddb, tableName } from './client.ts';
import { TTL } from './entity.ts';
import {
  deliveriesByStatus,
  deliveriesOf,
  deliveryItem,
  deliveryKey,
  fromDeliveryItem,
  isExpiredDelivery,
} from './entities/webhook-delivery.ts';
import { queryPage } from './query-page.ts';
import { conditionHeld } from './transact.ts';

/** Whether a conditional put went through (false: its condition did not hold). */
const conditionalPut = (input: ConstructorParameters<typeof PutCommand>[0]): Promise<boolean> =>
  conditionHeld(ddb.send(new PutCommand(input)));

export const deliveryStore: DeliveryStore = {
  async createMany(deliveries) {
    const now = Math.floor(Date.now() / 1000);
    const created = await Promise.all(
      deliveries.map((d) =>
        conditionalPut({
          TableName: tableName(),
          Item: deliveryItem(d),
          // one past its TTL is gone (get and list do not show it) even before DynamoDB removes it
          ConditionExpression: 'attribute_not_exists(PK) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': TTL },
          ExpressionAttributeValues: { ':now': now },
        }),
      ),
    );
    return deliveries.filter((_, i) => created[i]);
  },

  async get(accountId, webhookId, deliveryId) {
    const { Item: item } = await ddb.send(
      new GetCommand({
        TableName: tableName(),
        Key: deliveryKey(accountId, webhookId, deliveryId),
        ConsistentRead: true,
      }),
    );
    return item && !isExpiredDelivery(item, new Date()) ? fromDeliveryItem(item) : null;
  },

  async list(accountId, webhookId, { status }, page) {
    const now = new Date();
    const listed =
      status === undefined
        ? await queryPage(
            { pattern: deliveriesOf, key: [accountId, webhookId], sortKeyPrefix: deliveriesOf.prefix },
            page,
            (item) => item,
          )
        : await queryPage({ pattern: deliveriesByStatus, key: [accountId, webhookId, status] }, page, (item) => item);
    // past their TTL they are gone, even before DynamoDB removes them (a page may then hold fewer)
    return {
      items: listed.items.filter((item) => !isExpiredDelivery(item, now)).map(fromDeliveryItem),
      nextCursor: listed.nextCursor,
    };
  },

  async record(delivery, expectedVersion) {
    return conditionalPut({
      TableName: tableName(),
      Item: deliveryItem(delivery),
      ConditionExpression: 'attribute_exists(PK) AND version = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    });
  },
};
