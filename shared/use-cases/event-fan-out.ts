/**
 * The fan-out: new audit events, in commit order, go onto the deployment's EventBridge bus and become one delivery
 * per subscribed webhook endpoint, queued for their first attempt in order. Driven by the table's stream (at least
 * once): run twice over the same events, it creates nothing twice, and what it queues again carries the same
 * deduplication ids and versions (SQS drops the copies within five minutes, the worker any later one).
 */
import type { AuditEvent } from '#domain/audit.ts';
import type { Clock } from '#domain/clock.ts';
import { subscribesTo, toPublicEvent } from '#domain/event-catalogue.ts';
import type { Webhook, WebhookDelivery } from '#domain/webhook.ts';
import type { DeliveryQueue, DeliveryStore, EventBus, WebhookStore } from '#ports/webhooks.ts';

/**
 * Stream records per fan-out call: each chunk is on the bus (one PutEvents of at most ten entries) and its deliveries
 * created and queued before the next starts, so that a failure hands back only that chunk and what follows it.
 */
export const FAN_OUT_CHUNK = 10;

export interface FanOutDeps {
  webhooks: Pick<WebhookStore, 'list'>;
  deliveries: Pick<DeliveryStore, 'createMany'>;
  queue: Pick<DeliveryQueue, 'sendFirst'>;
  bus: EventBus;
  clock: Clock;
}

/**
 * The endpoint reads of one stream batch: each account's endpoints are read once and shared by the batch's chunks; a
 * failed read is not kept, so the chunk that is tried again reads again.
 */
export function endpointsReadOnce(webhooks: FanOutDeps['webhooks']): FanOutDeps['webhooks'] {
  const reads = new Map<string, ReturnType<FanOutDeps['webhooks']['list']>>();
  return {
    list(accountId) {
      let read = reads.get(accountId);
      if (!read) {
        read = webhooks.list(accountId);
        reads.set(accountId, read);
        read.catch(() => reads.delete(accountId));
      }
      return read;
    },
  };
}

export interface FanOutReport {
  events: number;
  /** Deliveries the events make (new ones and, on a re-run, those that existed). */
  deliveries: number;
  /** Of those, the ones this run created. */
  created: number;
}

/** Whether an endpoint receives an event: by subscription, and a `webhook.test` only by the endpoint it names. */
export function receives(webhook: Webhook, event: AuditEvent): boolean {
  if (event.type === 'webhook.test') return event.details.webhookId === webhook.id;
  return webhook.status === 'enabled' && subscribesTo(webhook.eventTypes, event.type);
}

/**
 * A new delivery of an event to an endpoint, due now. Its order key is the endpoint and the member the event is
 * about (or the account), so that a member's events reach one endpoint in order on their first attempt.
 */
export function newDelivery(webhook: Webhook, event: AuditEvent, payload: string, now: Date): WebhookDelivery {
  const at = now.toISOString();
  return {
    id: event.id,
    accountId: event.accountId,
    webhookId: webhook.id,
    eventId: event.id,
    type: event.type,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    payload,
    orderKey: `${webhook.id}:${event.target.userId ?? 'account'}`,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * Publishes every event on the bus, then creates and queues the deliveries, all in the events' order: one chunk of a
 * stream batch (FAN_OUT_CHUNK), called chunk after chunk. Each account's endpoints are read once per call. A throw
 * means the caller runs these events again (nothing was lost: the bus may see an event twice, as at-least-once
 * allows).
 */
export async function fanOutEvents(deps: FanOutDeps, events: AuditEvent[]): Promise<FanOutReport> {
  if (events.length === 0) return { events: 0, deliveries: 0, created: 0 };
  const publicEvents = events.map(toPublicEvent);
  const accountIds = [...new Set(events.map((e) => e.accountId))];
  const [, lists] = await Promise.all([
    deps.bus.publish(publicEvents),
    Promise.all(accountIds.map((a) => deps.webhooks.list(a))),
  ]);
  const endpointsOf = new Map(accountIds.map((a, i) => [a, lists[i]]));
  const now = deps.clock.now();
  const deliveries: WebhookDelivery[] = [];
  events.forEach((event, i) => {
    // an endpoint gets what happens from its creation on (an event committed just before, fanned out just after, is
    // not its); a replay reaches further back
    const endpoints = (endpointsOf.get(event.accountId) ?? []).filter(
      (w) => receives(w, event) && event.at >= w.createdAt,
    );
    if (endpoints.length === 0) return;
    const payload = JSON.stringify(publicEvents[i]);
    for (const webhook of endpoints) deliveries.push(newDelivery(webhook, event, payload, now));
  });
  if (deliveries.length === 0) return { events: events.length, deliveries: 0, created: 0 };
  const created = await deps.deliveries.createMany(deliveries);
  // all of them, not only the new ones: a run that created them and died before queueing them must queue them now
  await deps.queue.sendFirst(deliveries);
  return { events: events.length, deliveries: deliveries.length, created: created.length };
}
