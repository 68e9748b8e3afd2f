/**
 * Webhook endpoints, their deliveries and the delivery queues in memory, with the conditions of the DynamoDB adapters
 * (webhook-store.ts, delivery-store.ts): the count of at most MAX_WEBHOOKS_PER_ACCOUNT, writes at the version read,
 * deliveries created once, listed newest first by event id. The queue records what was sent.
 */
import type { AuditEvent } from '#domain/audit.ts';
import { NotFoundError, PreconditionFailedError, WebhookLimitReachedError } from '#domain/errors.ts';
import {
  DELIVERY_RETENTION_SECONDS,
  type DeliveryMessage,
  MAX_WEBHOOKS_PER_ACCOUNT,
  type ReplayMessage,
  type Webhook,
  type WebhookDelivery,
} from '#domain/webhook.ts';
import type { DeliveryQueue, DeliveryStore, WebhookStore } from '#ports/webhooks.ts';
import { pageOf } from './paging.ts';

const copy = <T>(value: T): T => structuredClone(value);
/** Past its retention a delivery is gone, as the adapter treats it before DynamoDB's TTL removes it. */
const expired = (d: WebhookDelivery) =>
  Math.floor(Date.parse(d.retainedFrom ?? d.createdAt) / 1000) + DELIVERY_RETENTION_SECONDS <=
  Math.floor(Date.now() / 1000);

export class MemoryWebhooks {
  webhooks = new Map<string, Webhook>();
  counts = new Map<string, number>();
  deliveries = new Map<string, WebhookDelivery>();
  /** What was sent to the queues, in order. */
  sentFirst: Pick<WebhookDelivery, 'accountId' | 'webhookId' | 'id' | 'orderKey' | 'version'>[] = [];
  sentLater: { message: DeliveryMessage | ReplayMessage; delaySeconds: number }[] = [];
  /** Runs once, just before the next delivery record's write (a worker recording an attempt in between). */
  beforeNextRecord: (() => void) | null = null;

  constructor(private readonly events: AuditEvent[]) {}

  private key = (accountId: string, webhookId: string) => `${accountId}/${webhookId}`;
  private deliveryKey = (d: Pick<WebhookDelivery, 'accountId' | 'webhookId' | 'id'>) =>
    `${d.accountId}/${d.webhookId}/${d.id}`;

  /** Changes a stored endpoint directly (as the delivery worker's health updates do). */
  patch(accountId: string, webhookId: string, change: Partial<Webhook>) {
    const w = this.webhooks.get(this.key(accountId, webhookId));
    if (!w) throw new Error('no such webhook');
    this.webhooks.set(this.key(accountId, webhookId), { ...w, ...change });
  }

  readonly store: WebhookStore = {
    create: async (webhook, event) => {
      const count = this.counts.get(webhook.accountId) ?? 0;
      if (count >= MAX_WEBHOOKS_PER_ACCOUNT) throw new WebhookLimitReachedError();
      this.webhooks.set(this.key(webhook.accountId, webhook.id), copy(webhook));
      this.counts.set(webhook.accountId, count + 1);
      this.events.push(event);
    },
    get: async (accountId, webhookId) => {
      const w = this.webhooks.get(this.key(accountId, webhookId));
      return w ? copy(w) : null;
    },
    list: async (accountId) => [...this.webhooks.values()].filter((w) => w.accountId === accountId).map(copy),
    update: async (webhook, expectedVersion, event) => {
      const current = this.webhooks.get(this.key(webhook.accountId, webhook.id));
      if (!current || current.version !== expectedVersion) throw new PreconditionFailedError();
      this.webhooks.set(this.key(webhook.accountId, webhook.id), copy(webhook));
      this.events.push(event);
    },
    delete: async (webhook, expectedVersion, event) => {
      const current = this.webhooks.get(this.key(webhook.accountId, webhook.id));
      if (!current || current.version !== expectedVersion) throw new PreconditionFailedError();
      if (!this.counts.has(webhook.accountId)) throw new NotFoundError();
      this.webhooks.delete(this.key(webhook.accountId, webhook.id));
      this.counts.set(webhook.accountId, (this.counts.get(webhook.accountId) ?? 0) - 1);
      this.events.push(event);
    },
    markFailing: async (accountId, webhookId, since) => {
      const w = this.webhooks.get(this.key(accountId, webhookId));
      if (w && !w.failingSince)
        this.webhooks.set(this.key(accountId, webhookId), { ...w, failingSince: since, version: w.version + 1 });
    },
    markHealthy: async (accountId, webhookId) => {
      const w = this.webhooks.get(this.key(accountId, webhookId));
      if (w?.failingSince) {
        const { failingSince: _, ...rest } = w;
        this.webhooks.set(this.key(accountId, webhookId), { ...rest, version: w.version + 1 });
      }
    },
    disableFailing: async (webhook, at, event) => {
      const w = this.webhooks.get(this.key(webhook.accountId, webhook.id));
      if (w?.status !== 'enabled' || w.failingSince !== webhook.failingSince) return false;
      this.webhooks.set(this.key(webhook.accountId, webhook.id), {
        ...w,
        status: 'disabled',
        disabledReason: 'failing',
        updatedAt: at,
        version: w.version + 1,
      });
      this.events.push(event);
      return true;
    },
    startReplay: async (accountId, webhookId, until, now) => {
      const w = this.webhooks.get(this.key(accountId, webhookId));
      if (!w || (w.replayingUntil !== undefined && w.replayingUntil > now)) return false;
      this.webhooks.set(this.key(accountId, webhookId), { ...w, replayingUntil: until, version: w.version + 1 });
      return true;
    },
    endReplay: async (accountId, webhookId) => {
      const w = this.webhooks.get(this.key(accountId, webhookId));
      if (w?.replayingUntil === undefined) return;
      const { replayingUntil: _, ...rest } = w;
      this.webhooks.set(this.key(accountId, webhookId), { ...rest, version: w.version + 1 });
    },
  };

  readonly deliveryStore: DeliveryStore = {
    createMany: async (deliveries) =>
      deliveries.filter((d) => {
        const current = this.deliveries.get(this.deliveryKey(d));
        if (current && !expired(current)) return false;
        this.deliveries.set(this.deliveryKey(d), copy(d));
        return true;
      }),
    get: async (accountId, webhookId, deliveryId) => {
      const d = this.deliveries.get(`${accountId}/${webhookId}/${deliveryId}`);
      return d && !expired(d) ? copy(d) : null;
    },
    list: async (accountId, webhookId, { status }, page) =>
      pageOf(
        [...this.deliveries.values()]
          .filter((d) => d.accountId === accountId && d.webhookId === webhookId)
          .filter((d) => (status === undefined || d.status === status) && !expired(d))
          .map(copy),
        page,
        `deliveries|${accountId}|${webhookId}|${status ?? ''}`,
        (d) => d.id,
        true,
      ),
    record: async (delivery, expectedVersion) => {
      const hook = this.beforeNextRecord;
      this.beforeNextRecord = null;
      hook?.();
      const current = this.deliveries.get(this.deliveryKey(delivery));
      if (!current || current.version !== expectedVersion) return false;
      this.deliveries.set(this.deliveryKey(delivery), copy(delivery));
      return true;
    },
  };

  readonly queue: DeliveryQueue = {
    sendFirst: async (deliveries) => {
      this.sentFirst.push(
        ...deliveries.map(({ accountId, webhookId, id, orderKey, version }) => ({
          accountId,
          webhookId,
          id,
          orderKey,
          version,
        })),
      );
    },
    sendLater: async (message, delaySeconds) => {
      this.sentLater.push({ message: copy(message), delaySeconds });
    },
  };
}
