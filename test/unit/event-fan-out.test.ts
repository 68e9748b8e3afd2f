/** The fan-out (fanOutEvents) over in-memory ports with an injected clock. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '#domain/audit.ts';
import { toPublicEvent } from '#domain/event-catalogue.ts';
import type { Webhook } from '#domain/webhook.ts';
import { endpointsReadOnce, fanOutEvents, type FanOutDeps } from '#use-cases/event-fan-out.ts';
import { MemoryBus, MemoryDeliveries, MemoryQueue, MemoryWebhooks } from '../fakes/memory-event-pipeline.ts';
import { TestClock } from '../fakes/memory.ts';

const A = 'acctA';
const B = 'acctB';

const webhook = (id: string, accountId: string, eventTypes: string[], status: Webhook['status'] = 'enabled') =>
  ({
    id,
    accountId,
    url: `https://hooks.example.com/${id}`,
    eventTypes,
    status,
    secrets: [{ sealed: 'sealed:whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: '2026-11-01T00:00:00.000Z' }],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 1,
  }) satisfies Webhook;

let n = 0;
const event = (type: string, accountId = A, userId?: string, details: Record<string, unknown> = {}): AuditEvent => ({
  id: `01JEVENT${String(++n).padStart(18, '0')}`,
  accountId,
  type,
  at: '2026-11-22T07:59:00.000Z',
  actor: { kind: 'user', userId: 'manager1' },
  target: userId ? { userId } : {},
  details,
});

let webhooks: MemoryWebhooks;
let deliveries: MemoryDeliveries;
let queue: MemoryQueue;
let bus: MemoryBus;
let clock: TestClock;
let deps: FanOutDeps;

beforeEach(() => {
  webhooks = new MemoryWebhooks();
  deliveries = new MemoryDeliveries();
  queue = new MemoryQueue();
  bus = new MemoryBus();
  clock = new TestClock();
  deps = { webhooks, deliveries, queue, bus, clock };
});

const deliveredTo = () => deliveries.all().map((d) => `${d.webhookId}<-${d.type}`);

describe('which endpoints get an event', () => {
  it('an enabled endpoint gets the types its patterns match (exact, family, everything), nothing else', async () => {
    webhooks.put(webhook('wUsers', A, ['user.*']));
    webhooks.put(webhook('wService', A, ['service.created']));
    webhooks.put(webhook('wAll', A, ['*']));
    await fanOutEvents(deps, [
      event('user.created', A, 'u1'),
      event('service.created', A, 'u1'),
      event('unit.created'),
    ]);
    expect(deliveredTo().sort()).toEqual(
      [
        'wUsers<-user.created',
        'wAll<-user.created',
        'wService<-service.created',
        'wAll<-service.created',
        'wAll<-unit.created',
      ].sort(),
    );
  });

  it("another account's endpoints get nothing of this account's events", async () => {
    webhooks.put(webhook('wA', A, ['*']));
    webhooks.put(webhook('wB', B, ['*']));
    await fanOutEvents(deps, [event('user.created', A, 'u1')]);
    expect(deliveredTo()).toEqual(['wA<-user.created']);
  });

  it('an endpoint gets the events from its creation on, not one committed before it (positive control: after)', async () => {
    webhooks.put({ ...webhook('wNew', A, ['user.*']), createdAt: '2026-11-22T08:00:00.000Z' });
    await fanOutEvents(deps, [{ ...event('user.created', A, 'u1'), at: '2026-11-22T07:59:59.999Z' }]);
    expect(deliveries.all()).toHaveLength(0);
    await fanOutEvents(deps, [{ ...event('user.created', A, 'u2'), at: '2026-11-22T08:00:00.000Z' }]);
    expect(deliveredTo()).toEqual(['wNew<-user.created']);
  });

  it('a disabled endpoint is skipped; the same endpoint enabled gets the event (positive control)', async () => {
    webhooks.put(webhook('w1', A, ['user.*'], 'disabled'));
    await fanOutEvents(deps, [event('user.created', A, 'u1')]);
    expect(deliveries.all()).toHaveLength(0);
    expect(queue.first).toHaveLength(0);

    webhooks.put(webhook('w1', A, ['user.*'], 'enabled'));
    await fanOutEvents(deps, [event('user.created', A, 'u2')]);
    expect(deliveredTo()).toEqual(['w1<-user.created']);
  });

  it('webhook.test goes to the endpoint it names only, whatever it subscribes to, enabled or not', async () => {
    webhooks.put(webhook('wAll', A, ['*']));
    webhooks.put(webhook('wNamed', A, ['service.created']));
    webhooks.put(webhook('wOff', A, ['*'], 'disabled'));
    await fanOutEvents(deps, [
      event('webhook.test', A, undefined, { webhookId: 'wNamed' }),
      event('webhook.test', A, undefined, { webhookId: 'wOff' }),
    ]);
    expect(deliveredTo().sort()).toEqual(['wNamed<-webhook.test', 'wOff<-webhook.test']);
  });
});

describe('the deliveries it makes', () => {
  it('one per endpoint and event: the event id, pending, due now, the public body, ordered per member', async () => {
    webhooks.put(webhook('w1', A, ['*']));
    const e = event('user.deactivated', A, 'u7', { reason: 'left', passwordHash: 'x' });
    await fanOutEvents(deps, [e]);
    const [d] = deliveries.all();
    expect(d).toEqual({
      id: e.id,
      accountId: A,
      webhookId: 'w1',
      eventId: e.id,
      type: 'user.deactivated',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: clock.now().toISOString(),
      payload: JSON.stringify(toPublicEvent(e)),
      orderKey: 'w1:u7',
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
      version: 1,
    });
    expect(JSON.parse(d.payload).data).not.toHaveProperty('passwordHash');
    await fanOutEvents(deps, [event('unit.created')]);
    expect(deliveries.all().find((x) => x.type === 'unit.created')?.orderKey).toBe('w1:account');
  });

  it('queues first attempts in the order of the events', async () => {
    webhooks.put(webhook('w1', A, ['*']));
    webhooks.put(webhook('w2', A, ['user.*']));
    const events = [
      event('user.created', A, 'u1'),
      event('service.created', A, 'u1'),
      event('user.created', A, 'u2'),
      event('user.deactivated', A, 'u1'),
      event('user.closed', A, 'u1'),
    ];
    await fanOutEvents(deps, events);
    expect(queue.firstCalls).toHaveLength(1);
    const sent = queue.first;
    // per endpoint, the order of the events
    for (const w of ['w1', 'w2']) {
      const ids = sent.filter((d) => d.webhookId === w).map((d) => d.id);
      expect(ids).toEqual([...ids].sort());
      expect(ids.length).toBe(w === 'w1' ? 5 : 4);
    }
    expect(sent.map((d) => d.id)).toEqual([...sent.map((d) => d.id)].sort());
    expect(sent.filter((d) => d.orderKey === 'w2:u1').map((d) => d.id)).toEqual([
      events[0].id,
      events[3].id,
      events[4].id,
    ]);
  });

  it("reads each account's endpoints once per batch", async () => {
    webhooks.put(webhook('wA', A, ['*']));
    webhooks.put(webhook('wB', B, ['*']));
    await fanOutEvents(deps, [
      event('user.created', A, 'u1'),
      event('user.created', B, 'u2'),
      event('user.updated', A, 'u1'),
      event('user.updated', B, 'u2'),
      event('user.closed', A, 'u1'),
    ]);
    expect(webhooks.listed.sort()).toEqual([A, B]);
    expect(deliveries.all()).toHaveLength(5);
  });

  it('run twice over the same events, it creates nothing twice and queues the same deduplication keys', async () => {
    webhooks.put(webhook('w1', A, ['*']));
    const events = [event('user.created', A, 'u1'), event('user.updated', A, 'u1')];
    const first = await fanOutEvents(deps, events);
    const again = await fanOutEvents(deps, events);
    expect(first).toEqual({ events: 2, deliveries: 2, created: 2 });
    expect(again).toEqual({ events: 2, deliveries: 2, created: 0 });
    expect(deliveries.all()).toHaveLength(2);
    // the copies carry the same id and version: SQS drops them, the worker drops an older version
    const key = (d: { webhookId: string; id: string; version: number }) => `${d.webhookId}.${d.id}.${d.version}`;
    expect(queue.firstCalls[1].map(key)).toEqual(queue.firstCalls[0].map(key));
  });
});

describe('the bus', () => {
  it('gets every event as its public body, with or without endpoints, in order', async () => {
    webhooks.put(webhook('w1', A, ['service.*']));
    const events = [event('user.created', A, 'u1'), event('service.created', A, 'u1'), event('unit.created', B)];
    await fanOutEvents(deps, events);
    expect(bus.published).toEqual(events.map(toPublicEvent));
  });

  it('a refusal fails the batch before any delivery is queued (the batch comes again)', async () => {
    webhooks.put(webhook('w1', A, ['*']));
    bus.fail = true;
    await expect(fanOutEvents(deps, [event('user.created', A, 'u1')])).rejects.toThrow('EventBridge refused');
    expect(queue.first).toHaveLength(0);
    bus.fail = false;
    await fanOutEvents(deps, [event('user.created', A, 'u1')]);
    expect(queue.first).toHaveLength(1);
  });
});

describe('the endpoint reads of one stream batch', () => {
  it('reads each account once across the chunks; a failed read is read again by the chunk that retries', async () => {
    const calls: string[] = [];
    let failNext = true;
    const once = endpointsReadOnce({
      async list(accountId) {
        calls.push(accountId);
        if (accountId === B && failNext) {
          failNext = false;
          throw new Error('throttled');
        }
        return [];
      },
    });
    await once.list(A);
    await once.list(A);
    await expect(once.list(B)).rejects.toThrow('throttled');
    await once.list(B);
    await once.list(B);
    expect(calls).toEqual([A, B, B]);
  });
});
