import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesGcmSecretBox, webhookKeyFromHex } from '#adapters/webhook-secret-box.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
  WebhookLimitReachedError,
} from '#domain/errors.ts';
import type { WebhookDelivery } from '#domain/webhook.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listEventTypes,
  listWebhooks,
  replayWebhook,
  retryDelivery,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
  type WebhookDeps,
} from '#use-cases/webhooks.ts';
import { orgWorld } from '../builders/memory.ts';
import { MemoryWebhooks } from '../fakes/memory-webhooks.ts';

const URL_OK = 'https://hooks.example.com/switchboard';

async function webhookWorld() {
  const w = await orgWorld();
  const memory = new MemoryWebhooks(w.dir.events);
  const deps: WebhookDeps = {
    webhooks: memory.store,
    secrets: aesGcmSecretBox(async () => webhookKeyFromHex(randomBytes(32).toString('hex'))),
    clock: w.clock,
    ids: w.deps.ids,
    allowLoopback: false,
    deliveries: memory.deliveryStore,
    queue: memory.queue,
    audit: w.deps.audit,
  };
  // one key for the whole world (the box above would draw a new one per call)
  const key = webhookKeyFromHex(randomBytes(32).toString('hex'));
  deps.secrets = aesGcmSecretBox(async () => key);
  const create = (over: Partial<{ url: string; eventTypes: string[]; description: string }> = {}) =>
    createWebhook(deps, w.manager(), { url: URL_OK, eventTypes: ['user.*'], ...over });
  const webhookEvents = () => w.dir.events.filter((e) => e.type.startsWith('webhook.'));
  /** A delivery of `webhookId` as the fan-out would have made it. */
  const delivery = (webhookId: string, id: string, over: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
    id,
    accountId: w.account.id,
    webhookId,
    eventId: id,
    type: 'user.created',
    status: 'succeeded',
    attempts: 1,
    lastStatusCode: 200,
    durationMs: 12,
    payload: '{}',
    orderKey: `${webhookId}:account`,
    createdAt: w.clock.now().toISOString(),
    updatedAt: w.clock.now().toISOString(),
    version: 2,
    ...over,
  });
  return { ...w, memory, deps, create, webhookEvents, delivery };
}

const problemsOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).errors;
};

describe('webhook endpoints: create', () => {
  it('answers the signing secret once, stores it sealed only, and records webhook.created without it', async () => {
    const w = await webhookWorld();
    const made = await w.create({ eventTypes: ['user.*', 'service.created', 'user.*'], description: 'Billing' });
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(made).toMatchObject({
      accountId: w.account.id,
      url: URL_OK,
      eventTypes: ['user.*', 'service.created'],
      description: 'Billing',
      status: 'enabled',
      version: 1,
    });
    const stored = (await getWebhook(w.deps, w.manager(), made.id)) as unknown as Record<string, unknown>;
    expect(stored).not.toHaveProperty('secret');
    expect(JSON.stringify(stored)).not.toContain(made.secret.slice(6));
    expect(made.secrets).toHaveLength(1);
    expect(await w.deps.secrets.open(made.secrets[0].sealed, `${made.accountId}/${made.id}`)).toBe(made.secret);
    const events = w.webhookEvents();
    expect(events.map((e) => e.type)).toEqual(['webhook.created']);
    expect(events[0].details).toEqual({
      webhookId: made.id,
      url: URL_OK,
      eventTypes: ['user.*', 'service.created'],
      description: 'Billing',
    });
    expect(JSON.stringify(events)).not.toContain(made.secret.slice(6));
  });

  it('refuses unknown event types with the path of each (a catalogued type and user.* pass: control)', async () => {
    const w = await webhookWorld();
    expect(await problemsOf(w.create({ eventTypes: ['user.created', 'user.creatd', 'nope.*'] }))).toEqual([
      { path: 'eventTypes.1', message: expect.stringContaining('user.creatd') },
      { path: 'eventTypes.2', message: expect.stringContaining('nope.*') },
    ]);
    expect((await problemsOf(w.create({ eventTypes: [] })))[0].path).toBe('eventTypes');
    const many = listEventTypes()
      .slice(0, 51)
      .map((e) => e.type);
    expect(many).toHaveLength(51);
    expect((await problemsOf(w.create({ eventTypes: many })))[0].path).toBe('eventTypes');
    expect(await problemsOf(w.create({ description: 'x'.repeat(201) }))).toEqual([
      { path: 'description', message: expect.any(String) },
    ]);
    expect(w.memory.webhooks.size).toBe(0);
    await expect(w.create({ eventTypes: ['user.created', 'user.*', '*'] })).resolves.toMatchObject({ version: 1 });
    await expect(w.create({ eventTypes: many.slice(0, 50), description: 'x'.repeat(200) })).resolves.toMatchObject({
      version: 1,
    });
  });

  it('refuses private, link-local and loopback addresses; loopback http only where the deployment allows it', async () => {
    const w = await webhookWorld();
    for (const url of [
      'https://10.0.0.1/x',
      'https://169.254.169.254/',
      'http://hooks.example.com/',
      'ftp://x.example',
    ])
      expect(await problemsOf(w.create({ url })), url).toEqual([{ path: 'url', message: expect.any(String) }]);
    await expect(w.create({ url: 'http://127.0.0.1:8080/hook' })).rejects.toThrow(ValidationError);
    expect(w.memory.webhooks.size).toBe(0);
    await expect(w.create({ url: 'https://93.184.216.34/hook' })).resolves.toMatchObject({ status: 'enabled' });
    await expect(
      createWebhook({ ...w.deps, allowLoopback: true }, w.manager(), {
        url: 'http://127.0.0.1:8080/hook',
        eventTypes: ['*'],
      }),
    ).resolves.toMatchObject({ url: 'http://127.0.0.1:8080/hook' });
  });

  it('holds at most ten endpoints per account; after a delete one more fits', async () => {
    const w = await webhookWorld();
    const made = [];
    for (let i = 0; i < 10; i++) made.push(await w.create());
    await expect(w.create()).rejects.toThrow(WebhookLimitReachedError);
    await deleteWebhook(w.deps, w.manager(), made[3].id);
    await expect(w.create()).resolves.toMatchObject({ status: 'enabled' });
    await expect(w.create()).rejects.toThrow(WebhookLimitReachedError);
    expect(await listWebhooks(w.deps, w.manager())).toHaveLength(10);
  });
});

describe('webhook endpoints: who may', () => {
  it('account managers only: admins and members 403, another account’s manager 404 (own manager: control)', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    const admin = await w.adminIn('ada@acme.test', w.rootId);
    const { caller: user } = await w.member('uma@acme.test');
    const other = await w.secondAccount('Other', 'olga@other.test');
    for (const caller of [admin.caller(), user()]) {
      await expect(getWebhook(w.deps, caller, made.id)).rejects.toThrow(ForbiddenError);
      await expect(listWebhooks(w.deps, caller)).rejects.toThrow(ForbiddenError);
      await expect(createWebhook(w.deps, caller, { url: URL_OK, eventTypes: ['*'] })).rejects.toThrow(ForbiddenError);
      await expect(testWebhook(w.deps, caller, made.id)).rejects.toThrow(ForbiddenError);
      await expect(rotateWebhookSecret(w.deps, caller, made.id)).rejects.toThrow(ForbiddenError);
      await expect(deleteWebhook(w.deps, caller, made.id)).rejects.toThrow(ForbiddenError);
    }
    for (const call of [
      () => getWebhook(w.deps, other.manager(), made.id),
      () => testWebhook(w.deps, other.manager(), made.id),
      () => listDeliveries(w.deps, other.manager(), made.id, {}),
      () => updateWebhook(w.deps, other.manager(), made.id, { status: 'disabled' }),
    ])
      await expect(call()).rejects.toThrow(NotFoundError);
    expect(await listWebhooks(w.deps, other.manager())).toEqual([]);
    expect(await getWebhook(w.deps, w.manager(), made.id)).toMatchObject({ id: made.id, version: 1 });
    expect(w.webhookEvents().map((e) => e.type)).toEqual(['webhook.created']);
  });
});

describe('webhook endpoints: change, rotate, test, delete', () => {
  it('updates at the version given (stale: 412, nothing changed); without If-Match at the current one', async () => {
    const w = await webhookWorld();
    const made = await w.create({ description: 'first' });
    await expect(
      updateWebhook(w.deps, w.manager(), made.id, { url: 'https://other.example.com/h' }, 7),
    ).rejects.toThrow(PreconditionFailedError);
    expect((await getWebhook(w.deps, w.manager(), made.id)).url).toBe(URL_OK);
    const updated = await updateWebhook(
      w.deps,
      w.manager(),
      made.id,
      { url: 'https://other.example.com/h', eventTypes: ['group.*'], description: null },
      1,
    );
    expect(updated).toMatchObject({ url: 'https://other.example.com/h', eventTypes: ['group.*'], version: 2 });
    expect(updated).not.toHaveProperty('description');
    expect(updated.secrets).toEqual(made.secrets);
    const event = w.webhookEvents().at(-1)!;
    expect(event).toMatchObject({ type: 'webhook.updated', details: { webhookId: made.id } });
    expect(event.details.changed).toEqual(['url', 'eventTypes', 'description']);
    await expect(updateWebhook(w.deps, w.manager(), made.id, { url: 'https://10.1.2.3/' })).rejects.toThrow(
      ValidationError,
    );
    // the same values again change nothing and write nothing
    const again = await updateWebhook(w.deps, w.manager(), made.id, { eventTypes: ['group.*'] });
    expect(again.version).toBe(2);
    expect(w.webhookEvents()).toHaveLength(2);
  });

  it('disabling is a manager’s (manual); enabling clears failingSince and the reason', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    const off = await updateWebhook(w.deps, w.manager(), made.id, { status: 'disabled' });
    expect(off).toMatchObject({ status: 'disabled', disabledReason: 'manual', version: 2 });
    // as if Switchboard had disabled it after three days of failures
    w.memory.patch(w.account.id, made.id, { disabledReason: 'failing', failingSince: '2026-11-19T08:00:00.000Z' });
    const renamed = await updateWebhook(w.deps, w.manager(), made.id, { description: 'still off' });
    expect(renamed).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
    const on = await updateWebhook(w.deps, w.manager(), made.id, { status: 'enabled' });
    expect(on.status).toBe('enabled');
    expect(on).not.toHaveProperty('failingSince');
    expect(on).not.toHaveProperty('disabledReason');
    expect(w.webhookEvents().at(-1)!.details).toMatchObject({ status: 'enabled', changed: ['status'] });
  });

  it('rotation: the new secret first, the previous one signs 24 h more, an older one goes; never in an event', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    w.clock.advance(60);
    const first = await rotateWebhookSecret(w.deps, w.manager(), made.id);
    expect(first.secret).not.toBe(made.secret);
    expect(first.secrets).toHaveLength(2);
    expect(await w.deps.secrets.open(first.secrets[0].sealed, `${made.accountId}/${made.id}`)).toBe(first.secret);
    expect(await w.deps.secrets.open(first.secrets[1].sealed, `${made.accountId}/${made.id}`)).toBe(made.secret);
    expect(first.secrets[0].expiresAt).toBeUndefined();
    expect(Date.parse(first.secrets[1].expiresAt!) - w.clock.now().getTime()).toBe(24 * 3600 * 1000);
    await expect(rotateWebhookSecret(w.deps, w.manager(), made.id, 1)).rejects.toThrow(PreconditionFailedError);
    w.clock.advance(3600);
    const second = await rotateWebhookSecret(w.deps, w.manager(), made.id, first.version);
    expect(second.secrets).toHaveLength(2);
    expect(await w.deps.secrets.open(second.secrets[1].sealed, `${made.accountId}/${made.id}`)).toBe(first.secret);
    const events = w.webhookEvents().filter((e) => e.type === 'webhook.secret_rotated');
    expect(events).toHaveLength(2);
    const text = JSON.stringify(w.dir.events);
    for (const s of [made.secret, first.secret, second.secret]) expect(text).not.toContain(s.slice(6));
  });

  it('test: a webhook.test event naming the endpoint, its id answered; an unknown endpoint 404', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    const { eventId } = await testWebhook(w.deps, w.manager(), made.id);
    expect(w.dir.events.at(-1)).toMatchObject({
      id: eventId,
      type: 'webhook.test',
      accountId: w.account.id,
      details: { webhookId: made.id },
    });
    await expect(testWebhook(w.deps, w.manager(), 'nope')).rejects.toThrow(NotFoundError);
  });

  it('delete at the version given (stale: 412, still there), event without the secret', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    await expect(deleteWebhook(w.deps, w.manager(), made.id, 5)).rejects.toThrow(PreconditionFailedError);
    expect(await listWebhooks(w.deps, w.manager())).toHaveLength(1);
    await deleteWebhook(w.deps, w.manager(), made.id, 1);
    expect(await listWebhooks(w.deps, w.manager())).toEqual([]);
    await expect(getWebhook(w.deps, w.manager(), made.id)).rejects.toThrow(NotFoundError);
    expect(w.webhookEvents().at(-1)).toMatchObject({ type: 'webhook.deleted', details: { webhookId: made.id } });
    expect(w.memory.counts.get(w.account.id)).toBe(0);
  });
});

describe('webhook deliveries: list, retry, replay', () => {
  it('lists newest first, by status, page by page', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    await w.memory.deliveryStore.createMany([
      w.delivery(made.id, 'e1'),
      w.delivery(made.id, 'e2', { status: 'failed' }),
      w.delivery(made.id, 'e3'),
    ]);
    const first = await listDeliveries(w.deps, w.manager(), made.id, { limit: 2 });
    expect(first.items.map((d) => d.id)).toEqual(['e3', 'e2']);
    const next = await listDeliveries(w.deps, w.manager(), made.id, { limit: 2, cursor: first.nextCursor! });
    expect(next).toMatchObject({ items: [{ id: 'e1' }], nextCursor: null });
    const failed = await listDeliveries(w.deps, w.manager(), made.id, { status: 'failed' });
    expect(failed.items.map((d) => d.id)).toEqual(['e2']);
    await expect(listDeliveries(w.deps, w.manager(), 'nope', {})).rejects.toThrow(NotFoundError);
  });

  it('retry re-arms the delivery (pending, due now, a version on) and sends it first; unknown 404', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    await w.memory.deliveryStore.createMany([w.delivery(made.id, 'e1', { attempts: 8, status: 'failed' })]);
    w.clock.advance(90);
    // a worker records an attempt between the read and the write: read again
    w.memory.beforeNextRecord = () => {
      const key = `${w.account.id}/${made.id}/e1`;
      const d = w.memory.deliveries.get(key)!;
      w.memory.deliveries.set(key, { ...d, version: d.version + 1 });
    };
    const rearmed = await retryDelivery(w.deps, w.manager(), made.id, 'e1');
    expect(rearmed).toMatchObject({
      status: 'pending',
      attempts: 8,
      nextAttemptAt: w.clock.now().toISOString(),
      // kept 30 days from now
      retainedFrom: w.clock.now().toISOString(),
      version: 4,
    });
    expect(w.memory.deliveries.get(`${w.account.id}/${made.id}/e1`)).toEqual(rearmed);
    expect(w.memory.sentFirst).toEqual([
      { accountId: w.account.id, webhookId: made.id, id: 'e1', orderKey: `${made.id}:account`, version: 4 },
    ]);
    await expect(retryDelivery(w.deps, w.manager(), made.id, 'nope')).rejects.toThrow(NotFoundError);
    await expect(retryDelivery(w.deps, w.manager(), 'nope', 'e1')).rejects.toThrow(NotFoundError);
    expect(w.memory.sentFirst).toHaveLength(1);
  });

  it('retry and replay of a disabled endpoint: 409 until it is enabled', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    await w.memory.deliveryStore.createMany([w.delivery(made.id, 'e1')]);
    await updateWebhook(w.deps, w.manager(), made.id, { status: 'disabled' });
    const since = new Date(w.clock.now().getTime() - 3600_000).toISOString();
    await expect(retryDelivery(w.deps, w.manager(), made.id, 'e1')).rejects.toThrow(ConflictError);
    await expect(replayWebhook(w.deps, w.manager(), made.id, { since })).rejects.toThrow(ConflictError);
    expect([w.memory.sentFirst, w.memory.sentLater]).toEqual([[], []]);
    await updateWebhook(w.deps, w.manager(), made.id, { status: 'enabled' });
    await expect(retryDelivery(w.deps, w.manager(), made.id, 'e1')).resolves.toMatchObject({ status: 'pending' });
  });

  it('replay: from a time within the last 30 days and not ahead, as a replay message for the worker', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    const now = w.clock.now().getTime();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const day = 86400_000;
    for (const since of [at(-31 * day), at(-30 * day - 1), at(60_000), 'yesterday'])
      expect(await problemsOf(replayWebhook(w.deps, w.manager(), made.id, { since })), since).toEqual([
        { path: 'since', message: expect.any(String) },
      ]);
    expect(w.memory.sentLater).toEqual([]);
    const answer = await replayWebhook(w.deps, w.manager(), made.id, { since: at(-30 * day) });
    expect(answer).toEqual({ webhookId: made.id, since: at(-30 * day) });
    // its last page frees the endpoint
    await w.memory.store.endReplay(w.account.id, made.id);
    await replayWebhook(w.deps, w.manager(), made.id, { since: at(0) });
    expect(w.memory.sentLater).toEqual([
      {
        message: { kind: 'replay', accountId: w.account.id, webhookId: made.id, since: at(-30 * day) },
        delaySeconds: 0,
      },
      { message: { kind: 'replay', accountId: w.account.id, webhookId: made.id, since: at(0) }, delaySeconds: 0 },
    ]);
    await expect(replayWebhook(w.deps, w.manager(), 'nope', { since: at(0) })).rejects.toThrow(NotFoundError);
  });

  it('one replay at a time per endpoint: 409 replay_in_progress while one holds it, free after 15 min', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    const other = await w.create({ url: 'https://hooks.example.com/other' });
    const since = new Date(w.clock.now().getTime() - 3600_000).toISOString();
    await replayWebhook(w.deps, w.manager(), made.id, { since });
    const busy = replayWebhook(w.deps, w.manager(), made.id, { since });
    await expect(busy).rejects.toMatchObject({ status: 409, code: 'replay_in_progress' });
    // another endpoint is not held (control)
    await expect(replayWebhook(w.deps, w.manager(), other.id, { since })).resolves.toMatchObject({ since });
    expect(w.memory.sentLater).toHaveLength(2);
    // a replay that crashed holds the endpoint no longer than 15 minutes
    w.clock.advance(15 * 60 - 1);
    await expect(replayWebhook(w.deps, w.manager(), made.id, { since })).rejects.toMatchObject({
      code: 'replay_in_progress',
    });
    w.clock.advance(1);
    await expect(replayWebhook(w.deps, w.manager(), made.id, { since })).resolves.toMatchObject({ since });
    expect(w.memory.sentLater).toHaveLength(3);
  });
});

describe('a new URL', () => {
  it('clears failingSince (a new URL starts healthy); another change keeps it (control)', async () => {
    const w = await webhookWorld();
    const made = await w.create();
    const since = '2026-11-19T08:00:00.000Z';
    w.memory.patch(w.account.id, made.id, { failingSince: since });
    const renamed = await updateWebhook(w.deps, w.manager(), made.id, { description: 'billing' });
    expect(renamed.failingSince).toBe(since);
    const sameUrl = await updateWebhook(w.deps, w.manager(), made.id, { url: URL_OK, eventTypes: ['group.*'] });
    expect(sameUrl.failingSince).toBe(since);
    const moved = await updateWebhook(w.deps, w.manager(), made.id, { url: 'https://hooks.example.com/new' });
    expect(moved).not.toHaveProperty('failingSince');
    expect((await w.deps.webhooks.get(w.account.id, made.id))?.failingSince).toBeUndefined();
  });
});

describe('sealed signing secrets', () => {
  it('are bound to their endpoint: one copied to another endpoint does not open (its own does: control)', async () => {
    const w = await webhookWorld();
    const a = await w.create();
    const b = await w.create({ url: 'https://hooks.example.com/b' });
    await expect(w.deps.secrets.open(a.secrets[0].sealed, `${w.account.id}/${a.id}`)).resolves.toBe(a.secret);
    await expect(w.deps.secrets.open(a.secrets[0].sealed, `${w.account.id}/${b.id}`)).rejects.toThrow();
  });
});
