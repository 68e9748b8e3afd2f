/**
 * The delivery worker (attemptDelivery, continueReplay) over in-memory ports with an injected clock. Signatures are
 * checked with the `standardwebhooks` library, as a receiver would.
 */
import { Webhook as Receiver } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '#domain/account.ts';
import type { AuditEvent } from '#domain/audit.ts';
import { defaultDeploymentBrand } from '#domain/brand.ts';
import { toPublicEvent } from '#domain/event-catalogue.ts';
import { NO_CAPABILITIES, type User } from '#domain/user.ts';
import { newWebhookSecret } from '#domain/webhook-signature.ts';
import { DEFAULT_RETRY_SCHEDULE_SECONDS, type Webhook, type WebhookDelivery } from '#domain/webhook.ts';
import { type EmfDocument, flushMetrics, setMetricsSink } from '#observability/metrics.ts';
import { newDelivery } from '#use-cases/event-fan-out.ts';
import { attemptDelivery, continueReplay, type DeliveryDeps } from '#use-cases/webhook-delivery.ts';
import {
  MemoryDeliveries,
  MemoryEventSource,
  MemoryQueue,
  MemoryWebhooks,
  ScriptedSender,
  memorySecretBox,
} from '../fakes/memory-event-pipeline.ts';
import { FakeMailer, TestClock } from '../fakes/memory.ts';
import { translators } from '../fakes/translators.ts';

const A = 'acctA';
const SECRET = newWebhookSecret();
const DAY = 24 * 3600;

const account: Account = {
  id: A,
  name: 'Acme Fax',
  contactEmail: null,
  contactPhone: null,
  mfaRequired: false,
  rootUnitId: null,
  settings: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

const manager = (id: string, email: string, language: string | null): User => ({
  id,
  accountId: A,
  type: 'person',
  username: id,
  email,
  firstName: id === 'm1' ? 'Olive' : 'Dieter',
  lastName: 'Manager',
  backupEmail: null,
  status: 'active',
  countryCode: null,
  language,
  unitId: 'root',
  unitPath: '/root/',
  settings: {},
  identityId: null,
  role: 'account_manager',
  adminUnitIds: [],
  capabilities: NO_CAPABILITIES,
  modules: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});

let webhooks: MemoryWebhooks;
let deliveries: MemoryDeliveries;
let queue: MemoryQueue;
let sender: ScriptedSender;
let events: MemoryEventSource;
let mailer: FakeMailer;
let clock: TestClock;
let managers: User[];
let deps: DeliveryDeps;
let documents: EmfDocument[];

beforeEach(() => {
  webhooks = new MemoryWebhooks();
  deliveries = new MemoryDeliveries();
  queue = new MemoryQueue();
  sender = new ScriptedSender();
  events = new MemoryEventSource();
  mailer = new FakeMailer();
  // real time: standardwebhooks refuses a timestamp more than five minutes from its own clock
  clock = new TestClock(new Date());
  managers = [manager('m1', 'olive@acme.example', null), manager('m2', 'dieter@acme.example', 'de')];
  let n = 0;
  deps = {
    deliveries,
    webhooks,
    queue,
    sender,
    secretBox: memorySecretBox,
    events,
    clock,
    ids: { next: () => `01JID${String(++n).padStart(21, '0')}` },
    retrySchedule: DEFAULT_RETRY_SCHEDULE_SECONDS,
    disableAfterSeconds: 3 * DAY,
    managers: async () => managers,
    accounts: { get: async (id) => (id === A ? account : null) },
    mailer,
    translators,
    settings: { appUrl: 'https://app.test', invitationTtlSeconds: 7 * DAY, brand: defaultDeploymentBrand },
  };
  // what earlier tests counted goes nowhere
  setMetricsSink(() => {});
  flushMetrics();
  documents = [];
  setMetricsSink((d) => documents.push(d));
});
afterEach(() => setMetricsSink(undefined));

const endpoint = (patch: Partial<Webhook> = {}): Webhook => {
  const w: Webhook = {
    id: 'w1',
    accountId: A,
    url: 'https://hooks.example.com/in',
    eventTypes: ['*'],
    status: 'enabled',
    secrets: [{ sealed: `sealed:${A}/w1:${SECRET}`, createdAt: '2026-01-01T00:00:00.000Z' }],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...patch,
  };
  webhooks.put(w);
  return w;
};

let eventNo = 0;
const auditEventOf = (type = 'user.created', userId = 'u1', at?: string): AuditEvent => ({
  id: `01JEVENT${String(++eventNo).padStart(18, '0')}`,
  accountId: A,
  type,
  at: at ?? clock.now().toISOString(),
  actor: { kind: 'user', userId: 'm1' },
  target: { userId },
  details: { email: 'new@acme.example' },
});

const pending = (w: Webhook, patch: Partial<WebhookDelivery> = {}): WebhookDelivery => {
  const e = auditEventOf();
  const d = { ...newDelivery(w, e, JSON.stringify(toPublicEvent(e)), clock.now()), ...patch };
  deliveries.put(d);
  return d;
};

const messageOf = (d: WebhookDelivery) => ({
  accountId: d.accountId,
  webhookId: d.webhookId,
  deliveryId: d.id,
  version: d.version,
});
const current = async (d: WebhookDelivery) => (await deliveries.get(d.accountId, d.webhookId, d.id))!;
const verify = (secret: string, sent: { headers: Record<string, string>; body: string }) =>
  new Receiver(secret).verify(sent.body, sent.headers);
const metrics = () => {
  flushMetrics();
  return Object.assign({}, ...documents);
};

describe('an attempt', () => {
  it('a 2xx: the body as stored, signed as Standard Webhooks says, recorded succeeded', async () => {
    const w = endpoint();
    const d = pending(w);
    expect(await attemptDelivery(deps, messageOf(d))).toBe('succeeded');
    expect(sender.sent).toHaveLength(1);
    const [sent] = sender.sent;
    expect(sent.url).toBe(w.url);
    expect(sent.body).toBe(d.payload);
    expect(sent.headers['webhook-id']).toBe(d.id);
    expect(sent.headers['webhook-timestamp']).toBe(String(Math.floor(clock.now().getTime() / 1000)));
    expect(verify(SECRET, sent)).toEqual(JSON.parse(d.payload));
    expect(await current(d)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      lastStatusCode: 200,
      lastResponse: 'ok',
      durationMs: 12,
      version: 2,
    });
    expect(await current(d)).not.toHaveProperty('nextAttemptAt');
    expect(queue.later).toHaveLength(0);
    expect(metrics()).toMatchObject({ webhookDeliveriesSucceeded: 1 });
  });

  it("a success clears the endpoint's failing mark; a failure sets it once, at the first failure", async () => {
    const w = endpoint();
    sender.script({ statusCode: 500, durationMs: 3 });
    await attemptDelivery(deps, messageOf(pending(w)));
    const since = clock.now().toISOString();
    expect((await webhooks.get(A, 'w1'))?.failingSince).toBe(since);
    clock.advance(60);
    await attemptDelivery(deps, messageOf(pending(w)));
    expect((await webhooks.get(A, 'w1'))?.failingSince).toBe(since);
    sender.script({ statusCode: 204, durationMs: 3 });
    await attemptDelivery(deps, messageOf(pending(w)));
    expect((await webhooks.get(A, 'w1'))?.failingSince).toBeUndefined();
  });

  it("a failure: attempts + 1, what failed, the retry scheduled after the schedule's first wait", async () => {
    const w = endpoint();
    const d = pending(w);
    sender.script({ statusCode: 500, response: 'oops', durationMs: 40 });
    expect(await attemptDelivery(deps, messageOf(d))).toBe('retrying');
    const after = await current(d);
    expect(after).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'status 500',
      lastResponse: 'oops',
      durationMs: 40,
      nextAttemptAt: new Date(clock.now().getTime() + 5000).toISOString(),
      version: 2,
    });
    expect(queue.later).toEqual([{ message: { ...messageOf(d), version: 2 }, delaySeconds: 5 }]);
    expect(metrics()).toMatchObject({ webhookDeliveriesFailed: 1 });
  });

  it('follows the schedule: the wait after attempt n is schedule[n − 1]; a network error is its reason', async () => {
    const w = endpoint();
    const d = pending(w, { attempts: 2, nextAttemptAt: clock.now().toISOString() });
    sender.script({ error: 'timeout', durationMs: 10_000 });
    await attemptDelivery(deps, messageOf(d));
    expect(await current(d)).toMatchObject({
      attempts: 3,
      lastError: 'timeout',
      nextAttemptAt: new Date(clock.now().getTime() + DEFAULT_RETRY_SCHEDULE_SECONDS[2] * 1000).toISOString(),
    });
    expect(await current(d)).not.toHaveProperty('lastStatusCode');
    expect(queue.later.at(-1)?.delaySeconds).toBe(DEFAULT_RETRY_SCHEDULE_SECONDS[2]);
  });

  it('a wait longer than 15 minutes is a chain of delayed messages, without an attempt until it is due', async () => {
    const w = endpoint();
    sender.script({ statusCode: 503, durationMs: 5 });
    // attempt 5 fails: the next wait is 2 h
    const d = pending(w, { attempts: 4 });
    await attemptDelivery(deps, messageOf(d));
    expect(queue.later.at(-1)?.delaySeconds).toBe(900);
    expect((await current(d)).nextAttemptAt).toBe(new Date(clock.now().getTime() + 7200_000).toISOString());
    let hops = 0;
    sender.script({ statusCode: 200, durationMs: 5 });
    while (sender.sent.length === 1) {
      const { message, delaySeconds } = queue.later.shift()!;
      clock.advance(delaySeconds);
      const result = await attemptDelivery(deps, message as never);
      if (result === 'waiting') hops += 1;
    }
    // 900 s was the retry itself; seven more hops of 900 s reach 2 h
    expect(hops).toBe(7);
    expect(await current(d)).toMatchObject({ status: 'succeeded', attempts: 6 });
  });

  it('after the last retry it is failed, and nothing more is scheduled', async () => {
    const w = endpoint();
    sender.script({ statusCode: 500, durationMs: 5 });
    const d = pending(w, { attempts: DEFAULT_RETRY_SCHEDULE_SECONDS.length });
    expect(await attemptDelivery(deps, messageOf(d))).toBe('failed');
    expect(await current(d)).toMatchObject({ status: 'failed', attempts: 8, lastError: 'status 500' });
    expect(await current(d)).not.toHaveProperty('nextAttemptAt');
    expect(queue.later).toHaveLength(0);
    // the attempt before it was still retried (positive control)
    const e = pending(w, { attempts: DEFAULT_RETRY_SCHEDULE_SECONDS.length - 1 });
    expect(await attemptDelivery(deps, messageOf(e))).toBe('retrying');
  });

  it('two workers with the same message: one outcome recorded, one retry scheduled', async () => {
    const w = endpoint();
    const d = pending(w);
    sender.script({ statusCode: 500, durationMs: 5 });
    const results = await Promise.all([attemptDelivery(deps, messageOf(d)), attemptDelivery(deps, messageOf(d))]);
    expect(results.sort()).toEqual(['lost race', 'retrying']);
    expect(deliveries.recorded).toHaveLength(1);
    expect(queue.later).toHaveLength(1);
    expect(await current(d)).toMatchObject({ attempts: 1, version: 2 });
  });

  it('a message of an older version, of a delivery done, or of one gone is dropped unsent', async () => {
    const w = endpoint();
    const d = pending(w, { version: 3 });
    expect(await attemptDelivery(deps, { ...messageOf(d), version: 1 })).toBe('dropped');
    const done = pending(w, { status: 'succeeded' });
    expect(await attemptDelivery(deps, messageOf(done))).toBe('dropped');
    expect(await attemptDelivery(deps, { ...messageOf(d), deliveryId: 'gone' })).toBe('dropped');
    expect(sender.sent).toHaveLength(0);
    // positive control: the message of its version
    expect(await attemptDelivery(deps, messageOf(d))).toBe('succeeded');
  });

  it('to a disabled endpoint: failed with "endpoint disabled", nothing sent', async () => {
    const w = endpoint({ status: 'disabled', disabledReason: 'manual' });
    const d = pending(w);
    expect(await attemptDelivery(deps, messageOf(d))).toBe('endpoint disabled');
    expect(await current(d)).toMatchObject({ status: 'failed', lastError: 'endpoint disabled', attempts: 0 });
    expect(sender.sent).toHaveLength(0);
    expect(queue.later).toHaveLength(0);
  });
});

describe('signing secrets', () => {
  it('a previous secret past its expiry no longer signs', async () => {
    const previous = newWebhookSecret();
    const w = endpoint({
      secrets: [
        { sealed: `sealed:${A}/w1:${SECRET}`, createdAt: clock.now().toISOString() },
        {
          sealed: `sealed:${A}/w1:${previous}`,
          createdAt: '2026-01-01T00:00:00.000Z',
          expiresAt: clock.now().toISOString(),
        },
      ],
    });
    await attemptDelivery(deps, messageOf(pending(w)));
    const [sent] = sender.sent;
    expect(sent.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verify(SECRET, sent)).toBeTruthy();
    expect(() => verify(previous, sent)).toThrow();
  });

  it('during the overlap both sign: two signatures, each verifies with its own secret', async () => {
    const previous = newWebhookSecret();
    const later = new Date(clock.now().getTime() + 3600_000).toISOString();
    const w = endpoint({
      secrets: [
        { sealed: `sealed:${A}/w1:${SECRET}`, createdAt: clock.now().toISOString() },
        { sealed: `sealed:${A}/w1:${previous}`, createdAt: '2026-01-01T00:00:00.000Z', expiresAt: later },
      ],
    });
    await attemptDelivery(deps, messageOf(pending(w)));
    const [sent] = sender.sent;
    expect(sent.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verify(SECRET, sent)).toBeTruthy();
    expect(verify(previous, sent)).toBeTruthy();
    expect(() => verify(newWebhookSecret(), sent)).toThrow();
  });
});

describe('disabling an endpoint that keeps failing', () => {
  const failingFor = (seconds: number) => new Date(clock.now().getTime() - seconds * 1000).toISOString();

  it('after the configured time: disabled, its event, one mail to each active manager in their language', async () => {
    const since = failingFor(3 * DAY + 1);
    const w = endpoint({ failingSince: since });
    managers.push(managers[0]); // listed twice: still one mail
    sender.script({ statusCode: 500, durationMs: 5 });
    await attemptDelivery(deps, messageOf(pending(w)));
    expect(await webhooks.get(A, 'w1')).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
    expect(webhooks.events).toHaveLength(1);
    expect(webhooks.events[0]).toMatchObject({
      type: 'webhook.disabled',
      accountId: A,
      actor: { kind: 'system' },
      details: { webhookId: 'w1', url: w.url, failingSince: since },
    });
    expect(mailer.sent.map((m) => m.to).sort()).toEqual([['dieter@acme.example'], ['olive@acme.example']]);
    const english = mailer.sent.find((m) => m.to[0] === 'olive@acme.example')!;
    expect(english.subject).toBe('Webhook endpoint disabled in Acme Fax');
    expect(english.text).toContain(w.url);
    expect(english.text).toContain('PATCH');
    expect(english.text).toContain('resends nothing on its own');
    expect(english.text).toContain('/replay');
    const german = mailer.sent.find((m) => m.to[0] === 'dieter@acme.example')!;
    expect(german.subject).toBe('Webhook-Endpunkt in Acme Fax deaktiviert');
    expect(metrics()).toMatchObject({ webhookEndpointsDisabled: 1 });

    // the next failure of another of its deliveries mails no one again
    await attemptDelivery(deps, messageOf(pending(w)));
    expect(mailer.sent).toHaveLength(2);
    expect(webhooks.events).toHaveLength(1);
  });

  it('two failures at once disable it once and mail once each', async () => {
    const w = endpoint({ failingSince: failingFor(4 * DAY) });
    sender.script({ statusCode: 500, durationMs: 5 });
    await Promise.all([attemptDelivery(deps, messageOf(pending(w))), attemptDelivery(deps, messageOf(pending(w)))]);
    expect(webhooks.events).toHaveLength(1);
    expect(mailer.sent).toHaveLength(2);
  });

  it('not before the configured time, and not on a success (positive controls)', async () => {
    const w = endpoint({ failingSince: failingFor(3 * DAY - 60) });
    sender.script({ statusCode: 500, durationMs: 5 });
    await attemptDelivery(deps, messageOf(pending(w)));
    expect((await webhooks.get(A, 'w1'))?.status).toBe('enabled');
    clock.advance(60);
    sender.script({ statusCode: 200, durationMs: 5 });
    await attemptDelivery(deps, messageOf(pending(w)));
    expect((await webhooks.get(A, 'w1'))?.status).toBe('enabled');
    expect(mailer.sent).toHaveLength(0);
    // a shorter setting disables sooner
    webhooks.put({ ...w, failingSince: failingFor(120) });
    deps.disableAfterSeconds = 60;
    sender.script({ statusCode: 500, durationMs: 5 });
    await attemptDelivery(deps, messageOf(pending(w)));
    expect((await webhooks.get(A, 'w1'))?.status).toBe('disabled');
  });

  it('a refused mail is counted and does not undo the disabling', async () => {
    const w = endpoint({ failingSince: failingFor(4 * DAY) });
    mailer.fail = true;
    sender.script({ statusCode: 500, durationMs: 5 });
    await attemptDelivery(deps, messageOf(pending(w)));
    expect((await webhooks.get(A, 'w1'))?.status).toBe('disabled');
    expect(metrics()).toMatchObject({ mailsRefused: 2, webhookEndpointsDisabled: 1 });
  });
});

describe('a replay', () => {
  const since = () => new Date(clock.now().getTime() - 3600_000).toISOString();

  it('creates the deliveries of the events the endpoint receives, re-arms done ones, queues pending ones', async () => {
    const w = endpoint({ eventTypes: ['user.*'] });
    const old = auditEventOf('user.created', 'u0', new Date(clock.now().getTime() - 2 * 3600_000).toISOString());
    const e1 = auditEventOf('user.created', 'u1');
    const e2 = auditEventOf('service.created', 'u1');
    const e3 = auditEventOf('user.updated', 'u1');
    const e4 = auditEventOf('user.closed', 'u1');
    events.events.push(old, e1, e2, e3, e4);
    const payload = (e: AuditEvent) => JSON.stringify(toPublicEvent(e));
    deliveries.put({ ...newDelivery(w, e3, payload(e3), clock.now()), status: 'failed', attempts: 8, version: 9 });
    deliveries.put({ ...newDelivery(w, e4, payload(e4), clock.now()), attempts: 1, version: 2 });
    const report = await continueReplay(deps, { kind: 'replay', accountId: A, webhookId: 'w1', since: since() });
    expect(report).toEqual({ events: 4, queued: 3 });
    // the pending one queued again at its version (a copy is dropped by the FIFO deduplication or the version check)
    expect(queue.first.map((d) => [d.id, d.version])).toEqual([
      [e1.id, 1],
      [e3.id, 10],
      [e4.id, 2],
    ]);
    expect(await deliveries.get(A, 'w1', e3.id)).toMatchObject({
      status: 'pending',
      attempts: 8,
      nextAttemptAt: clock.now().toISOString(),
      retainedFrom: clock.now().toISOString(),
      version: 10,
    });
    expect(await deliveries.get(A, 'w1', e4.id)).toMatchObject({ attempts: 1, version: 2 });
    expect(await deliveries.get(A, 'w1', e2.id)).toBeNull();
    expect(await deliveries.get(A, 'w1', old.id)).toBeNull();
    expect(queue.later).toHaveLength(0);
  });

  it('goes page by page: a page of 100, then the rest in a message of its own', async () => {
    endpoint();
    for (let i = 0; i < 130; i++) events.events.push(auditEventOf('user.updated', `u${i}`));
    const message = { kind: 'replay' as const, accountId: A, webhookId: 'w1', since: since() };
    expect(await continueReplay(deps, message)).toEqual({ events: 100, queued: 100 });
    expect(queue.later).toHaveLength(1);
    const next = queue.later[0];
    expect(next.delaySeconds).toBe(0);
    expect(next.message).toEqual({ ...message, after: events.events[99].id });
    expect(await continueReplay(deps, next.message as typeof message)).toEqual({ events: 30, queued: 30 });
    expect(queue.later).toHaveLength(1);
    expect(queue.first.map((d) => d.id)).toEqual(events.events.map((e) => e.id));
  });
});

describe('a replay that stops or fails half-way', () => {
  const since = () => new Date(clock.now().getTime() - 3600_000).toISOString();
  const replayOf = () => ({ kind: 'replay' as const, accountId: A, webhookId: 'w1', since: since() });

  it('re-armed, then its queueing failed: the page handed back queues them again at their version', async () => {
    const w = endpoint({ eventTypes: ['user.*'] });
    const e = auditEventOf('user.updated', 'u1');
    events.events.push(e);
    deliveries.put({
      ...newDelivery(w, e, JSON.stringify(toPublicEvent(e)), clock.now()),
      status: 'failed',
      version: 4,
    });
    queue.failNextFirst = true;
    await expect(continueReplay(deps, replayOf())).rejects.toThrow(/SQS/);
    expect(await deliveries.get(A, 'w1', e.id)).toMatchObject({ status: 'pending', version: 5 });
    expect(queue.first).toEqual([]);
    // SQS hands the replay message over again
    expect(await continueReplay(deps, replayOf())).toEqual({ events: 1, queued: 1 });
    expect(queue.first.map((d) => [d.id, d.version])).toEqual([[e.id, 5]]);
  });

  it('the last page frees the endpoint for the next replay; an earlier page does not', async () => {
    endpoint({ replayingUntil: new Date(clock.now().getTime() + 600_000).toISOString() });
    for (let i = 0; i < 101; i++) events.events.push(auditEventOf('user.updated', `u${i}`));
    await continueReplay(deps, replayOf());
    expect((await webhooks.get(A, 'w1'))?.replayingUntil).toBeDefined();
    await continueReplay(deps, queue.later[0].message as ReturnType<typeof replayOf>);
    expect((await webhooks.get(A, 'w1'))?.replayingUntil).toBeUndefined();
  });

  it('an endpoint disabled or deleted meanwhile stops it: nothing created or queued (enabled: control)', async () => {
    const hold = new Date(clock.now().getTime() + 600_000).toISOString();
    endpoint({ status: 'disabled', disabledReason: 'manual', replayingUntil: hold });
    events.events.push(auditEventOf('user.updated', 'u1'));
    expect(await continueReplay(deps, replayOf())).toEqual({ events: 0, queued: 0 });
    expect((await webhooks.get(A, 'w1'))?.replayingUntil).toBeUndefined();
    webhooks.items.clear();
    expect(await continueReplay(deps, replayOf())).toEqual({ events: 0, queued: 0 });
    expect(deliveries.all()).toEqual([]);
    expect(queue.first).toEqual([]);
    expect(queue.later).toEqual([]);
    endpoint();
    expect(await continueReplay(deps, replayOf())).toEqual({ events: 1, queued: 1 });
  });
});

describe('an attempt whose follow-up failed (at least once)', () => {
  it('the retry could not be queued: the same message again queues it, without sending twice', async () => {
    const w = endpoint();
    const d = pending(w);
    sender.script({ statusCode: 500, durationMs: 5 });
    queue.failNextLater = true;
    await expect(attemptDelivery(deps, messageOf(d), 'msg-1')).rejects.toThrow(/SQS/);
    expect(await current(d)).toMatchObject({ status: 'pending', attempts: 1, version: 2, lastMessageId: 'msg-1' });
    expect(queue.later).toEqual([]);
    // another message of the old version (a copy) is still dropped: control
    expect(await attemptDelivery(deps, messageOf(d), 'msg-2')).toBe('dropped');
    expect(queue.later).toEqual([]);
    // SQS hands the very message over again
    expect(await attemptDelivery(deps, messageOf(d), 'msg-1')).toBe('retrying');
    expect(queue.later).toHaveLength(1);
    expect(queue.later[0].message).toEqual({ ...messageOf(d), version: 2 });
    expect(queue.later[0].delaySeconds).toBe(DEFAULT_RETRY_SCHEDULE_SECONDS[0]);
    expect(sender.sent).toHaveLength(1);
    expect((await webhooks.get(A, 'w1'))?.failingSince).toBe(clock.now().toISOString());
  });

  it("the endpoint's failing mark could not be written: the retry is queued already", async () => {
    const w = endpoint();
    const d = pending(w);
    sender.script({ statusCode: 500, durationMs: 5 });
    webhooks.failNextMarkFailing = true;
    await expect(attemptDelivery(deps, messageOf(d), 'msg-1')).rejects.toThrow(/DynamoDB/);
    expect(queue.later.map((l) => l.message)).toEqual([{ ...messageOf(d), version: 2 }]);
    expect(await attemptDelivery(deps, messageOf(d), 'msg-1')).toBe('retrying');
    expect((await webhooks.get(A, 'w1'))?.failingSince).toBe(clock.now().toISOString());
    expect(sender.sent).toHaveLength(1);
  });

  it('a delivery that succeeded: the same message again sends and queues nothing', async () => {
    const w = endpoint();
    const d = pending(w);
    expect(await attemptDelivery(deps, messageOf(d), 'msg-1')).toBe('succeeded');
    expect(await attemptDelivery(deps, messageOf(d), 'msg-1')).toBe('succeeded');
    expect(sender.sent).toHaveLength(1);
    expect(queue.later).toEqual([]);
  });
});

describe('a webhook.test to a disabled endpoint', () => {
  it('is sent all the same (a manager tests before enabling); another type is not (control)', async () => {
    const w = endpoint({ status: 'disabled', disabledReason: 'failing' });
    const test = pending(w, { type: 'webhook.test' });
    expect(await attemptDelivery(deps, messageOf(test))).toBe('succeeded');
    expect(sender.sent).toHaveLength(1);
    expect(await current(test)).toMatchObject({ status: 'succeeded', attempts: 1 });
    const other = pending(w, { id: 'other', type: 'user.created' });
    expect(await attemptDelivery(deps, messageOf(other))).toBe('endpoint disabled');
    expect(sender.sent).toHaveLength(1);
  });

  it('a failed test is retried, and does not mark the disabled endpoint failing', async () => {
    const w = endpoint({ status: 'disabled', disabledReason: 'manual' });
    const test = pending(w, { type: 'webhook.test' });
    sender.script({ statusCode: 503, durationMs: 5 });
    expect(await attemptDelivery(deps, messageOf(test))).toBe('retrying');
    expect((await webhooks.get(A, 'w1'))?.failingSince).toBeUndefined();
    expect(webhooks.events).toEqual([]);
  });
});
