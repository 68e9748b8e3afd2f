/**
 * An account's webhook endpoints, in the account partition (`WEBHOOK#<w>`), with their count beside them
 * (`WEBHOOKS`, outside the endpoints' prefix): the limit of ten is a conditional ADD in the create's transaction.
 */
import { MAX_WEBHOOKS_PER_ACCOUNT, type Webhook } from '#domain/webhook.ts';
import { type EntityShape, type Item, type Key, type Pattern, type QueryPattern, show, strip } from '../entity.ts';
import { accountPartition } from './account.ts';

const WEBHOOK = 'WEBHOOK#';

export const webhookKey = (accountId: string, webhookId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${WEBHOOK}${webhookId}`,
});
export const webhookCountKey = (accountId: string): Key => ({ PK: accountPartition(accountId), SK: 'WEBHOOKS' });

/** Every endpoint of an account (at most ten), by id; consistent, since the fan-out decides deliveries on it. */
export const webhooksOf: QueryPattern<[accountId: string]> & { prefix: string } = {
  name: 'webhooksOf',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: WEBHOOK,
  prefix: WEBHOOK,
  consistent: true,
};

const webhookFields = [
  'id',
  'accountId',
  'url',
  'eventTypes',
  'description',
  'status',
  'disabledReason',
  'secrets',
  'failingSince',
  'replayingUntil',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export const webhookItem = (w: Webhook): Item => ({ ...webhookKey(w.accountId, w.id), entity: 'Webhook', ...w });
export const fromWebhookItem = (item: Item): Webhook => {
  const w = strip<Webhook>(item, webhookFields);
  // optional fields are absent rather than null in the domain object
  for (const f of ['description', 'disabledReason', 'failingSince', 'replayingUntil'] as const)
    if (w[f] === null) delete w[f];
  return w;
};

export const webhookEntities: EntityShape[] = [
  {
    name: 'Webhook endpoint',
    key: () => webhookKey('<accountId>', '<webhookId>'),
    notes: () =>
      'url, eventTypes, status, signing secrets sealed with the deployment webhook key (AES-256-GCM, bound to the endpoint; the previous one with its expiry during a rotation), failingSince, replayingUntil (one replay at a time, 15 min at most), version',
  },
  {
    name: 'Webhook endpoint count',
    key: () => webhookCountKey('<accountId>'),
    notes: () => `\`count\` of the account's endpoints: ADD 1 on condition count < ${MAX_WEBHOOKS_PER_ACCOUNT}`,
  },
];

export const webhookPatterns: Pattern[] = [
  {
    query: webhooksOf,
    summary: "an account's webhook endpoints (listing; the fan-out once per account and stream batch)",
    roundTrips: '1',
    cost: '≤ 1 RCU (ten endpoints of ~0.5 KB, consistent)',
  },
  {
    name: 'getWebhook',
    summary: 'one endpoint (routes, each delivery attempt)',
    operation: 'GetItem (the delivery worker: BatchGetItem with the delivery)',
    index: 'table',
    keyCondition: () => show(webhookKey('<a>', '<w>')),
    roundTrips: '1',
    cost: '0.5 RCU',
  },
  {
    name: 'createOrDeleteWebhook',
    summary: 'create / delete an endpoint with the count',
    operation:
      'TransactWriteItems: endpoint (create: not exists; delete: its version), count ADD ±1 (create: count < 10), event',
    index: 'table',
    keyCondition: () => `${show(webhookKey('<a>', '<w>'))}, ${show(webhookCountKey('<a>'))}`,
    roundTrips: '1 (delete: + the GetItem)',
    cost: '≈ 6 WCU + 1 GSI',
  },
  {
    name: 'changeWebhook',
    summary: 'update, rotate the secret, enable or disable an endpoint',
    operation: 'GetItem, then TransactWriteItems: endpoint (its version), event',
    index: 'table',
    keyCondition: () => show(webhookKey('<a>', '<w>')),
    roundTrips: '2',
    cost: '≈ 4 WCU + 1 GSI',
  },
  {
    name: 'webhookHealth',
    summary: 'note the first failure since a success / clear it after a success / disable after three days',
    operation:
      'UpdateItem (failingSince: if absent / if present); disabling: TransactWriteItems endpoint (enabled, failing since as read), event',
    index: 'table',
    keyCondition: () => show(webhookKey('<a>', '<w>')),
    roundTrips: '1, only when the health changes',
    cost: '1 WCU (disabling: ≈ 4 WCU)',
  },
];
