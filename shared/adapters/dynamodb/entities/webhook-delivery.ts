/**
 * Deliveries of events to one webhook endpoint: a partition per endpoint (`…#WEBHOOK#<w>` / `DELIVERY#<eventId>`,
 * newest first by the event's ULID), and on GSI1 one partition per endpoint and status. Kept 30 days (TTL).
 */
import { DELIVERY_RETENTION_SECONDS, type DeliveryStatus, type WebhookDelivery } from '#domain/webhook.ts';
import {
  type EntityShape,
  type Item,
  type Key,
  type Pattern,
  type QueryPattern,
  TTL,
  epoch,
  indexEntry,
  indexNote,
  show,
  strip,
} from '../entity.ts';
import { accountPartition } from './account.ts';

const deliveriesPartition = (accountId: string, webhookId: string): string =>
  `${accountPartition(accountId)}#WEBHOOK#${webhookId}`;
const DELIVERY = 'DELIVERY#';

export const deliveryKey = (accountId: string, webhookId: string, deliveryId: string): Key => ({
  PK: deliveriesPartition(accountId, webhookId),
  SK: `${DELIVERY}${deliveryId}`,
});

/** An endpoint's deliveries, newest first. */
export const deliveriesOf: QueryPattern<[accountId: string, webhookId: string]> & { prefix: string } = {
  name: 'deliveriesOf',
  index: 'table',
  partition: deliveriesPartition,
  placeholders: ['<a>', '<w>'],
  sortKey: 'begins_with',
  sortKeyValue: DELIVERY,
  prefix: DELIVERY,
  newestFirst: true,
};

/** GSI1 (overloaded): an endpoint's deliveries of one status, newest first. */
export const deliveriesByStatus: QueryPattern<[accountId: string, webhookId: string, status: DeliveryStatus]> = {
  name: 'deliveriesByStatus',
  index: 'GSI1',
  partition: (accountId, webhookId, status) => `${deliveriesPartition(accountId, webhookId)}#DELIVERIES#${status}`,
  placeholders: ['<a>', '<w>', '<status>' as DeliveryStatus],
  sortKey: 'none',
  newestFirst: true,
};

const deliveryFields = [
  'id',
  'accountId',
  'webhookId',
  'eventId',
  'type',
  'status',
  'attempts',
  'lastStatusCode',
  'lastError',
  'lastResponse',
  'nextAttemptAt',
  'durationMs',
  'payload',
  'orderKey',
  'lastMessageId',
  'retainedFrom',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export const deliveryItem = (d: WebhookDelivery): Item => {
  const sortKey = `${DELIVERY}${d.id}`;
  return {
    ...deliveryKey(d.accountId, d.webhookId, d.id),
    entity: 'WebhookDelivery',
    ...d,
    ...indexEntry(deliveriesByStatus, [d.accountId, d.webhookId, d.status], sortKey),
    [TTL]: epoch(d.retainedFrom ?? d.createdAt) + DELIVERY_RETENTION_SECONDS,
  };
};

/** Past its TTL a delivery is gone, whether or not DynamoDB has removed it yet. */
export const isExpiredDelivery = (item: Item, now: Date): boolean =>
  typeof item[TTL] === 'number' && (item[TTL] as number) <= Math.floor(now.getTime() / 1000);

export const fromDeliveryItem = (item: Item): WebhookDelivery => {
  const d = strip<WebhookDelivery>(item, deliveryFields);
  for (const f of [
    'lastStatusCode',
    'lastError',
    'lastResponse',
    'nextAttemptAt',
    'durationMs',
    'lastMessageId',
    'retainedFrom',
  ] as const)
    if (d[f] === null) delete d[f];
  return d;
};

export const webhookDeliveryEntities: EntityShape[] = [
  {
    name: 'Webhook delivery (one event to one endpoint)',
    key: () => deliveryKey('<accountId>', '<webhookId>', '<eventId>'),
    notes: () =>
      `${indexNote(deliveriesByStatus, `${DELIVERY}<eventId>`)}; status, attempts, the last outcome (status code, error, 1 KB of the answer), nextAttemptAt, the signed body, lastMessageId (the queue message whose outcome was recorded); TTL ${DELIVERY_RETENTION_SECONDS / 86400} days from creation or the last re-arm (retainedFrom)`,
  },
];

export const webhookDeliveryPatterns: Pattern[] = [
  {
    query: deliveriesOf,
    summary: "one page of an endpoint's deliveries",
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB (50 deliveries ≈ 10 RCU with their bodies)',
  },
  {
    query: deliveriesByStatus,
    summary: "one page of an endpoint's deliveries of one status",
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB',
  },
  {
    name: 'createDeliveries',
    summary: 'the fan-out (and a replay) creates the deliveries of a batch of events',
    operation: 'a conditional PutItem per delivery (not exists), in parallel: a batch run twice creates nothing twice',
    index: 'table',
    keyCondition: () => show(deliveryKey('<a>', '<w>', '<eventId>')),
    roundTrips: '1 (parallel)',
    cost: '≈ 2 WCU + 1 GSI per delivery (bodies ≤ 1 KB)',
  },
  {
    name: 'attemptDelivery',
    summary: 'an attempt: read the delivery and its endpoint, record the outcome',
    operation: 'BatchGetItem delivery + endpoint; PutItem delivery (condition: its version as read)',
    index: 'table',
    keyCondition: () => `${show(deliveryKey('<a>', '<w>', '<eventId>'))}, ACCOUNT#<a> / WEBHOOK#<w>`,
    roundTrips: '2 (+1 when the endpoint starts or stops failing)',
    cost: '1 RCU, ≈ 2 WCU + 1 GSI',
  },
];
