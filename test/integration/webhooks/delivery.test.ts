/**
 * Events out, end to end on the local stack: a change commits, the table's stream carries its audit event to the
 * fan-out, the delivery queues carry it to the worker, and a receiver on a local port gets it signed (verified with
 * `standardwebhooks`, as a receiver would), in order per member; a receiver failing twice gets the same event a
 * third time under the same `webhook-id`; the same events are put on the (locally recorded) EventBridge bus.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as Receiver } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { expectStatus, newMember, newOrg, PASSWORD, type Manager } from '../../builders/api.ts';

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A receiver on 127.0.0.1: keeps every request; a path answers the statuses queued for it, then 200. */
function receiver() {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
      res.writeHead(answers.get(path)?.shift() ?? 200).end('ok');
    });
  });
  return {
    received,
    answer: (path: string, statuses: number[]) => answers.set(path, statuses),
    listen: () => new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok)),
    url: (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close: () => new Promise((done) => server.close(done)),
  };
}

const until = async (check: () => boolean, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // on a failure, what the stream tailer and the queues were doing says where the events stopped
  const state = check()
    ? ''
    : JSON.stringify({
        stream: (await call('GET', '/__test/event-stream')).body,
        queues: (await call('GET', '/__test/webhook-queues')).body,
      }).slice(0, 4000);
  expect(check(), state).toBe(true);
};

const hooks = (m: Manager) => `/v1/accounts/${m.accountId}/webhooks`;
async function subscribe(m: Manager, url: string, eventTypes: string[]) {
  const r = await call('POST', hooks(m), { token: m.token, body: { url, eventTypes } });
  expectStatus(r, 201, 'POST webhooks');
  return r.body as { id: string; secret: string };
}

const box = receiver();
let acme: Manager;
beforeAll(async () => {
  await box.listen();
  acme = await newOrg('Acme Deliveries');
});
afterAll(() => box.close());

describe('webhook deliveries', () => {
  it('reach the receiver signed, in order per member, and the same events go on the bus', async () => {
    const hook = await subscribe(acme, box.url('/members'), ['user.*']);
    const member = await newMember(acme);
    const user = `/v1/accounts/${acme.accountId}/users/${member.id}`;
    expectStatus(await call('POST', `${user}/deactivate`, { token: acme.token }), 200);
    expectStatus(await call('DELETE', user, { token: acme.token, body: { password: PASSWORD } }), 204);

    const mine = () => box.received.filter((r) => r.path === '/members' && r.body.includes(member.id));
    await until(() => mine().some((r) => JSON.parse(r.body).type === 'user.closed'));
    const verified = mine().map((r) => new Receiver(hook.secret).verify(r.body, r.headers) as { type: string });
    expect(verified.map((e) => e.type)).toEqual(['user.created', 'user.deactivated', 'user.closed']);
    // positive control beside it: another secret does not verify the same delivery
    expect(() =>
      new Receiver(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(mine()[0].body, mine()[0].headers),
    ).toThrow();
    const created = JSON.parse(mine()[0].body) as Record<string, unknown>;
    expect(created).toMatchObject({
      type: 'user.created',
      accountId: acme.accountId,
      id: mine()[0].headers['webhook-id'],
    });

    const bus = await call('GET', '/__test/event-bus');
    const onBus = (bus.body.entries as { source: string; detailType: string; detail: { id: string } }[]).filter(
      (e) => e.detail.id === created.id,
    );
    expect(onBus).toEqual([{ source: 'switchboard', detailType: 'user.created', detail: created }]);
  });

  it('carry services and group memberships, each signed, only to the endpoints subscribed to them', async () => {
    const hook = await subscribe(acme, box.url('/telephony'), ['service.created', 'group.*']);
    const other = await subscribe(acme, box.url('/users-only'), ['user.deactivated']);
    const member = await newMember(acme);
    const base = `/v1/accounts/${acme.accountId}`;
    expectStatus(
      await call('POST', `${base}/users/${member.id}/services`, { token: acme.token, body: { type: 'fax' } }),
      201,
      'POST services',
    );
    const group = await call('POST', `${base}/groups`, {
      token: acme.token,
      body: { name: `Night shift ${member.id.slice(-8).toLowerCase()}` },
    });
    expectStatus(group, 201, 'POST groups');
    expectStatus(
      await call('PUT', `${base}/groups/${group.body.id}/members/${member.id}`, { token: acme.token }),
      201,
      'PUT group member',
    );

    const mine = () => box.received.filter((r) => r.path === '/telephony' && r.body.includes(member.id));
    await until(() => mine().some((r) => JSON.parse(r.body).type === 'group.member_added'));
    const events = mine().map((r) => new Receiver(hook.secret).verify(r.body, r.headers) as Record<string, any>);
    expect(events.map((e) => e.type)).toEqual(['service.created', 'group.member_added']);
    expect(events[0].data).toMatchObject({ userId: member.id });
    expect(events[1].data).toMatchObject({ userId: member.id, groupId: group.body.id });
    // group.created has no member in it, but `group.*` subscribes to it too
    await until(() => box.received.some((r) => r.path === '/telephony' && JSON.parse(r.body).type === 'group.created'));
    // the endpoint subscribed to user.deactivated alone got none of these
    expect(box.received.filter((r) => r.path === '/users-only' && r.body.includes(member.id))).toEqual([]);
    expect(other.id).not.toBe(hook.id);
  });

  it('are signed with both secrets while a rotation overlaps, each verifying on its own', async () => {
    const hook = await subscribe(acme, box.url('/rotating'), ['webhook.test']);
    const rotated = await call('POST', `${hooks(acme)}/${hook.id}/rotate-secret`, { token: acme.token });
    expectStatus(rotated, 200, 'POST rotate-secret');
    const newSecret = rotated.body.secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(hook.secret);

    const test = await call('POST', `${hooks(acme)}/${hook.id}/test`, { token: acme.token });
    expectStatus(test, 202, 'POST test');
    const got = () => box.received.filter((r) => r.path === '/rotating');
    await until(() => got().length === 1);
    const [delivery] = got();
    expect(delivery.headers['webhook-signature'].split(' ')).toHaveLength(2);
    // a receiver holding either secret accepts the delivery; one holding neither does not
    expect(new Receiver(newSecret).verify(delivery.body, delivery.headers)).toMatchObject({ type: 'webhook.test' });
    expect(new Receiver(hook.secret).verify(delivery.body, delivery.headers)).toMatchObject({ type: 'webhook.test' });
    expect(() =>
      new Receiver(`whsec_${Buffer.alloc(32, 9).toString('base64')}`).verify(delivery.body, delivery.headers),
    ).toThrow();
  });

  it('are retried until the receiver answers 2xx: three attempts under one webhook-id', async () => {
    box.answer('/flaky', [500, 500]);
    const hook = await subscribe(acme, box.url('/flaky'), ['webhook.test']);
    const test = await call('POST', `${hooks(acme)}/${hook.id}/test`, { token: acme.token });
    expectStatus(test, 202, 'POST test');
    const attempts = () => box.received.filter((r) => r.path === '/flaky');
    await until(() => attempts().length === 3);
    expect(new Set(attempts().map((r) => r.headers['webhook-id']))).toEqual(new Set([test.body.eventId]));
    for (const r of attempts())
      expect(new Receiver(hook.secret).verify(r.body, r.headers)).toMatchObject({ type: 'webhook.test' });

    const deliveries = async () =>
      (await call('GET', `${hooks(acme)}/${hook.id}/deliveries`, { token: acme.token })).body.items as {
        status: string;
        attempts: number;
      }[];
    let listed: { status: string; attempts: number }[] = [];
    // the receiver's 2xx is recorded just after it answers
    for (let i = 0; i < 100 && listed[0]?.status !== 'succeeded'; i++) {
      listed = await deliveries();
      if (listed[0]?.status !== 'succeeded') await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed[0]).toMatchObject({ status: 'succeeded', attempts: 3 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(attempts()).toHaveLength(3);
  });
});
