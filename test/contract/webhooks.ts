/** WebhookStore and DeliveryStore: the count of ten, writes at a version, health marks, deliveries once, TTL. */
import { describe, expect, it } from 'vitest';
import { DELIVERY_RETENTION_SECONDS, type Webhook, type WebhookDelivery } from '#domain/webhook.ts';
import { T0, allPages, at, auditEvent, uid } from './fixtures.ts';
import { freshPorts, type MakePorts, type StorePorts } from './ports.ts';

const webhookOf = (accountId: string, input: Partial<Webhook> = {}): Webhook => ({
  id: uid('wh'),
  accountId,
  url: 'https://hooks.example.com/contract',
  eventTypes: ['user.*'],
  status: 'enabled',
  secrets: [{ sealed: 'v1.sealed', createdAt: T0.toISOString() }],
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  version: 1,
  ...input,
});

const deliveryOf = (w: Webhook, input: Partial<WebhookDelivery> = {}): WebhookDelivery => {
  const id = input.id ?? uid('ev');
  return {
    id,
    accountId: w.accountId,
    webhookId: w.id,
    eventId: id,
    type: 'user.created',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: T0.toISOString(),
    payload: '{"type":"user.created"}',
    orderKey: `${w.id}:account`,
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    version: 1,
    ...input,
  };
};

/** The ids of the account's audit events (every store write brings its event). */
const eventIds = async (p: StorePorts, accountId: string) =>
  (await allPages((cursor) => p.audit.list(accountId, {}, { limit: 100, cursor }))).items.map((e) => e.id);

export function defineWebhookContract(make: MakePorts) {
  describe('WebhookStore', () => {
    const p = freshPorts(make);

    it('creates at most ten endpoints per account, each with its event; a delete makes room for one more', async () => {
      const a = uid('a');
      const made: Webhook[] = [];
      for (let i = 0; i < 10; i++) {
        const w = webhookOf(a, { description: `n${i}` });
        await p.webhooks.create(w, auditEvent(a, { id: uid(`ev${i}`) }));
        made.push(w);
      }
      await expect(p.webhooks.create(webhookOf(a), auditEvent(a))).rejects.toMatchObject({
        code: 'webhook_limit_reached',
      });
      expect(await p.webhooks.get(a, made[0].id)).toEqual(made[0]);
      expect((await p.webhooks.list(a)).map((w) => w.id).sort()).toEqual(made.map((w) => w.id).sort());
      expect(await p.webhooks.list(uid('a'))).toEqual([]);
      expect(await eventIds(p, a)).toHaveLength(10);

      await expect(p.webhooks.delete(made[0], 2, auditEvent(a))).rejects.toMatchObject({ code: 'precondition_failed' });
      expect(await p.webhooks.get(a, made[0].id)).not.toBeNull();
      await p.webhooks.delete(made[0], 1, auditEvent(a));
      expect(await p.webhooks.get(a, made[0].id)).toBeNull();
      await p.webhooks.create(webhookOf(a), auditEvent(a));
      await expect(p.webhooks.create(webhookOf(a), auditEvent(a))).rejects.toMatchObject({
        code: 'webhook_limit_reached',
      });
      expect(await p.webhooks.list(a)).toHaveLength(10);
    });

    it('updates at the version read (a stale one writes nothing); fields left out are gone', async () => {
      const a = uid('a');
      const w = webhookOf(a, { description: 'first', failingSince: at(-60).toISOString() });
      await p.webhooks.create(w, auditEvent(a));
      const { description: _d, failingSince: _f, ...rest } = w;
      const next: Webhook = {
        ...rest,
        url: 'https://other.example.com/h',
        status: 'disabled',
        disabledReason: 'manual',
        version: 2,
      };
      const stale = auditEvent(a);
      await expect(p.webhooks.update(next, 5, stale)).rejects.toMatchObject({ code: 'precondition_failed' });
      expect(await p.webhooks.get(a, w.id)).toEqual(w);
      expect(await eventIds(p, a)).not.toContain(stale.id);
      const event = auditEvent(a);
      await p.webhooks.update(next, 1, event);
      expect(await p.webhooks.get(a, w.id)).toEqual(next);
      expect(await eventIds(p, a)).toContain(event.id);
    });

    it('notes the first failure only, clears it after a success, and disables only while still failing since then', async () => {
      const a = uid('a');
      const w = webhookOf(a);
      await p.webhooks.create(w, auditEvent(a));
      await p.webhooks.markFailing(a, w.id, at(0).toISOString());
      await p.webhooks.markFailing(a, w.id, at(60).toISOString());
      // each change of health moves the version on (a manager's update read before it fails with 412)
      expect(await p.webhooks.get(a, w.id)).toEqual({ ...w, failingSince: at(0).toISOString(), version: 2 });
      await expect(
        p.webhooks.update({ ...w, description: 'late', version: 2 }, 1, auditEvent(a)),
      ).rejects.toMatchObject({ code: 'precondition_failed' });
      await p.webhooks.markHealthy(a, w.id);
      expect(await p.webhooks.get(a, w.id)).toEqual({ ...w, version: 3 });
      await p.webhooks.markHealthy(a, w.id);
      expect((await p.webhooks.get(a, w.id))?.version).toBe(3);
      await p.webhooks.markFailing(a, 'gone', at(0).toISOString());
      expect(await p.webhooks.get(a, 'gone')).toBeNull();

      await p.webhooks.markFailing(a, w.id, at(120).toISOString());
      const read = (await p.webhooks.get(a, w.id))!;
      // a reader holding an older failingSince loses
      expect(
        await p.webhooks.disableFailing(
          { ...read, failingSince: at(0).toISOString() },
          at(999).toISOString(),
          auditEvent(a),
        ),
      ).toBe(false);
      const event = auditEvent(a, { type: 'webhook.disabled' });
      expect(await p.webhooks.disableFailing(read, at(999).toISOString(), event)).toBe(true);
      expect(await p.webhooks.get(a, w.id)).toEqual({
        ...read,
        status: 'disabled',
        disabledReason: 'failing',
        updatedAt: at(999).toISOString(),
        version: read.version + 1,
      });
      expect(await eventIds(p, a)).toContain(event.id);
      // once disabled, nothing more to disable
      expect(await p.webhooks.disableFailing(read, at(1000).toISOString(), auditEvent(a))).toBe(false);
    });

    it('holds an endpoint for one replay at a time until the hold ends or is cleared, each a version on', async () => {
      const a = uid('a');
      const w = webhookOf(a);
      await p.webhooks.create(w, auditEvent(a));
      expect(await p.webhooks.startReplay(a, w.id, at(900).toISOString(), at(0).toISOString())).toBe(true);
      expect(await p.webhooks.get(a, w.id)).toEqual({ ...w, replayingUntil: at(900).toISOString(), version: 2 });
      expect(await p.webhooks.startReplay(a, w.id, at(1000).toISOString(), at(100).toISOString())).toBe(false);
      // the hold ended: the next replay takes it
      expect(await p.webhooks.startReplay(a, w.id, at(1800).toISOString(), at(900).toISOString())).toBe(true);
      await p.webhooks.endReplay(a, w.id);
      expect(await p.webhooks.get(a, w.id)).toEqual({ ...w, version: 4 });
      await p.webhooks.endReplay(a, w.id);
      expect((await p.webhooks.get(a, w.id))?.version).toBe(4);
      expect(await p.webhooks.startReplay(a, w.id, at(1000).toISOString(), at(100).toISOString())).toBe(true);
      expect(await p.webhooks.startReplay(a, 'gone', at(1000).toISOString(), at(100).toISOString())).toBe(false);
      await p.webhooks.endReplay(a, 'gone');
      expect(await p.webhooks.get(a, 'gone')).toBeNull();
    });
  });
}

export function defineDeliveryContract(make: MakePorts) {
  describe('DeliveryStore', () => {
    const p = freshPorts(make);

    it('creates each delivery once (a second run creates only the new ones), lists newest first, page by page', async () => {
      const w = webhookOf(uid('a'));
      const [d1, d2, d3] = [deliveryOf(w), deliveryOf(w), deliveryOf(w)];
      expect(await p.deliveries.createMany([d1, d2])).toEqual([d1, d2]);
      expect(await p.deliveries.createMany([d1, { ...d2, attempts: 5 }, d3])).toEqual([d3]);
      expect(await p.deliveries.get(w.accountId, w.id, d2.id)).toEqual(d2);
      expect(await p.deliveries.get(w.accountId, uid('wh'), d2.id)).toBeNull();
      const listed = await allPages((cursor) => p.deliveries.list(w.accountId, w.id, {}, { limit: 2, cursor }));
      expect(listed).toEqual({ items: [d3, d2, d1], pages: 2 });
    });

    it('records an attempt at the version read only; a status change moves it between the status listings', async () => {
      const w = webhookOf(uid('a'));
      const [d1, d2] = [deliveryOf(w), deliveryOf(w)];
      await p.deliveries.createMany([d1, d2]);
      const done: WebhookDelivery = {
        ...d1,
        status: 'succeeded',
        attempts: 1,
        lastStatusCode: 204,
        durationMs: 31,
        version: 2,
      };
      delete done.nextAttemptAt;
      expect(await p.deliveries.record(done, 7)).toBe(false);
      expect(await p.deliveries.get(w.accountId, w.id, d1.id)).toEqual(d1);
      expect(await p.deliveries.record(done, 1)).toBe(true);
      expect(await p.deliveries.get(w.accountId, w.id, d1.id)).toEqual(done);
      expect(await p.deliveries.record({ ...d2, id: uid('ev') }, 1)).toBe(false);
      const of = async (status: WebhookDelivery['status']) =>
        (await p.deliveries.list(w.accountId, w.id, { status }, { limit: 10 })).items.map((d) => d.id);
      expect([await of('pending'), await of('succeeded'), await of('failed')]).toEqual([[d2.id], [d1.id], []]);
    });

    it('past the retention a delivery is gone, before DynamoDB’s TTL removes it (a fresh one: control)', async () => {
      const w = webhookOf(uid('a'));
      const old = deliveryOf(w, {
        createdAt: new Date(Date.now() - DELIVERY_RETENTION_SECONDS * 1000 - 5000).toISOString(),
      });
      const fresh = deliveryOf(w);
      await p.deliveries.createMany([old, fresh]);
      expect(await p.deliveries.get(w.accountId, w.id, old.id)).toBeNull();
      expect(await p.deliveries.get(w.accountId, w.id, fresh.id)).toEqual(fresh);
      expect((await p.deliveries.list(w.accountId, w.id, {}, { limit: 10 })).items).toEqual([fresh]);
    });

    it('a delivery past its retention, not yet removed, is made again; a live one is not (control)', async () => {
      const w = webhookOf(uid('a'));
      const long = new Date(Date.now() - DELIVERY_RETENTION_SECONDS * 1000 - 5000).toISOString();
      const old = deliveryOf(w, { createdAt: long, status: 'succeeded', attempts: 1, version: 2 });
      delete old.nextAttemptAt;
      const live = deliveryOf(w);
      await p.deliveries.createMany([old, live]);
      const again = deliveryOf(w, { id: old.id });
      expect(await p.deliveries.createMany([again, { ...live, attempts: 3 }])).toEqual([again]);
      expect(await p.deliveries.get(w.accountId, w.id, old.id)).toEqual(again);
      expect(await p.deliveries.get(w.accountId, w.id, live.id)).toEqual(live);
    });

    it('a re-armed delivery is kept 30 days from its re-arming (retainedFrom), not from its creation', async () => {
      const w = webhookOf(uid('a'));
      const long = new Date(Date.now() - DELIVERY_RETENTION_SECONDS * 1000 - 5000).toISOString();
      const d = deliveryOf(w, { createdAt: long });
      await p.deliveries.createMany([d]);
      // by its creation alone, past its retention
      expect(await p.deliveries.get(w.accountId, w.id, d.id)).toBeNull();
      const rearmed: WebhookDelivery = { ...d, retainedFrom: new Date().toISOString(), version: 2 };
      expect(await p.deliveries.record(rearmed, 1)).toBe(true);
      expect(await p.deliveries.get(w.accountId, w.id, d.id)).toEqual(rearmed);
      expect((await p.deliveries.list(w.accountId, w.id, {}, { limit: 10 })).items).toEqual([rearmed]);
    });
  });
}
