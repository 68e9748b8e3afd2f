/**
 * Webhook endpoints over HTTP: the secret shown once and stored sealed, ETag and If-Match, the limit of ten, the
 * event catalogue and the address rules (each refusal beside the call that succeeds), account managers only, other
 * accounts 404; rotation, test events, deliveries, retry and replay as far as the API answers them. Deliveries
 * reaching a receiver are test/integration/webhooks/delivery.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { webhookKey } from '#adapters/dynamodb/entities/webhook.ts';
import { storedItem } from '../../support/dynamo.ts';
import { call } from '../../support/http.ts';
import { expectStatus, newAdmin, newMember, newOrg, type Manager } from '../../builders/api.ts';

type WebhookBody = {
  id: string;
  accountId: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  failingSince: string | null;
  version: number;
  secret?: string;
};

let acme: Manager;
let other: Manager;
const hooks = (m: { accountId: string } = acme) => `/v1/accounts/${m.accountId}/webhooks`;
const hook = (id: string, m: { accountId: string } = acme) => `${hooks(m)}/${id}`;
const PUBLIC_URL = 'https://hooks.example.com/switchboard';
/**
 * Where the endpoints these tests keep point: nothing listens there, so their deliveries fail at once, with no DNS
 * lookup and no wait (a public name would be looked up for every delivery of every event the file's changes send,
 * and keep the stack's webhook worker busy for the files after this one).
 */
const QUIET_URL = 'http://127.0.0.1:9/switchboard';

async function create(m: Manager, body: Record<string, unknown> = {}) {
  const r = await call('POST', hooks(m), {
    token: m.token,
    body: { url: QUIET_URL, eventTypes: ['user.*'], ...body },
  });
  expectStatus(r, 201, 'POST webhooks');
  return r.body as WebhookBody & { secret: string };
}
const remove = async (m: Manager, id: string) =>
  expectStatus(await call('DELETE', hook(id, m), { token: m.token }), 204);

beforeAll(async () => {
  [acme, other] = await Promise.all([newOrg('Acme Hooks'), newOrg('Other Hooks')]);
});

describe('the event catalogue', () => {
  it('is public: every type with its summary', async () => {
    const r = await call('GET', '/v1/event-types');
    expectStatus(r, 200);
    const types = (r.body as { items: { type: string; summary: string }[] }).items;
    expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(['user.created', 'webhook.test']));
    expect(types.every((t) => t.summary.length > 0)).toBe(true);
  });
});

describe('webhook endpoints', () => {
  it('create answers the secret once (201, ETag, Location); reads never show it; it is stored sealed', async () => {
    const r = await call('POST', hooks(), {
      token: acme.token,
      body: { url: QUIET_URL, eventTypes: ['user.created', 'service.*'], description: 'Billing' },
    });
    expectStatus(r, 201);
    const made = r.body as WebhookBody & { secret: string };
    expect(made).toMatchObject({
      accountId: acme.accountId,
      url: QUIET_URL,
      eventTypes: ['user.created', 'service.*'],
      description: 'Billing',
      status: 'enabled',
      disabledReason: null,
      failingSince: null,
      version: 1,
    });
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(r.headers.location).toBe(hook(made.id));
    expect(r.headers.etag).toBe('"1"');

    const read = await call('GET', r.headers.location, { token: acme.token });
    expectStatus(read, 200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).not.toHaveProperty('secret');
    expect(made).not.toHaveProperty('secrets');
    expect(read.body).not.toHaveProperty('secrets');
    expect(JSON.stringify(read.body)).not.toContain(made.secret.slice(6));
    const list = await call('GET', hooks(), { token: acme.token });
    expectStatus(list, 200);
    expect(list.body.nextCursor).toBeNull();
    const listed = (list.body.items as WebhookBody[]).find((w) => w.id === made.id);
    expect(listed).toEqual(read.body);
    expect(JSON.stringify(list.body)).not.toContain(made.secret.slice(6));

    const stored = await storedItem(webhookKey(acme.accountId, made.id));
    const secrets = stored?.secrets as { sealed: string }[];
    expect(secrets).toHaveLength(1);
    expect(secrets[0].sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.stringify(stored)).not.toContain(made.secret.slice(6));
    await remove(acme, made.id);
  });

  it('an Idempotency-Key replays the first answer, secret included; another body with it is 422; one endpoint made', async () => {
    const key = `hook-${Date.now()}`;
    const body = { url: 'http://127.0.0.1:9/idempotent', eventTypes: ['webhook.test'] };
    const first = await call('POST', hooks(), { token: acme.token, body, headers: { 'idempotency-key': key } });
    expectStatus(first, 201, 'first POST');
    const again = await call('POST', hooks(), { token: acme.token, body, headers: { 'idempotency-key': key } });
    expectStatus(again, 201, 'replayed POST');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.body.secret).toMatch(/^whsec_/);
    const other = await call('POST', hooks(), {
      token: acme.token,
      body: { ...body, description: 'another body' },
      headers: { 'idempotency-key': key },
    });
    expectStatus(other, 422, 'same key, another body');
    const listed = (await call('GET', hooks(), { token: acme.token })).body.items as { url: string }[];
    expect(listed.filter((w) => w.url === body.url)).toHaveLength(1);
    // control: without the key, the same body makes a second endpoint
    const second = await create(acme, body);
    expect(second.id).not.toBe(first.body.id);
    await remove(acme, first.body.id);
    await remove(acme, second.id);
  });

  it('PATCH with a stale If-Match is 412 and changes nothing; the current one (or none) changes it', async () => {
    const made = await create(acme);
    const stale = await call('PATCH', hook(made.id), {
      token: acme.token,
      headers: { 'if-match': '"7"' },
      body: { description: 'stale' },
    });
    expectStatus(stale, 412);
    expect(stale.body.code).toBe('precondition_failed');
    expect((await call('GET', hook(made.id), { token: acme.token })).body.description).toBeNull();

    const r = await call('PATCH', hook(made.id), {
      token: acme.token,
      headers: { 'if-match': '"1"' },
      body: { description: 'Ops', eventTypes: ['group.*'], status: 'disabled' },
    });
    expectStatus(r, 200);
    expect(r.headers.etag).toBe('"2"');
    expect(r.body).toMatchObject({
      description: 'Ops',
      eventTypes: ['group.*'],
      status: 'disabled',
      disabledReason: 'manual',
      version: 2,
    });
    // without If-Match the client asks for no particular version (docs/api.md: Concurrency)
    const on = await call('PATCH', hook(made.id), { token: acme.token, body: { status: 'enabled' } });
    expectStatus(on, 200);
    expect(on.body).toMatchObject({ status: 'enabled', disabledReason: null, version: 3 });
    // fields the caller may not set
    const mass = await call('PATCH', hook(made.id), { token: acme.token, body: { version: 9, secrets: [] } });
    expectStatus(mass, 400);

    const staleDelete = await call('DELETE', hook(made.id), { token: acme.token, headers: { 'if-match': '"2"' } });
    expectStatus(staleDelete, 412);
    expectStatus(await call('GET', hook(made.id), { token: acme.token }), 200);
    const del = await call('DELETE', hook(made.id), { token: acme.token, headers: { 'if-match': '"3"' } });
    expectStatus(del, 204);
    expectStatus(await call('GET', hook(made.id), { token: acme.token }), 404);
    expectStatus(await call('DELETE', hook(made.id), { token: acme.token }), 404);
  });

  it('an account holds at most ten endpoints: the 11th is 409 webhook_limit_reached; after a delete one fits', async () => {
    const limited = await newOrg('Limit Hooks');
    const made = await Promise.all(Array.from({ length: 10 }, () => create(limited)));
    const eleventh = await call('POST', hooks(limited), {
      token: limited.token,
      body: { url: QUIET_URL, eventTypes: ['*'] },
    });
    expectStatus(eleventh, 409);
    expect(eleventh.body.code).toBe('webhook_limit_reached');
    await remove(limited, made[0].id);
    await create(limited);
    const list = await call('GET', hooks(limited), { token: limited.token });
    expect(list.body.items).toHaveLength(10);
    expectStatus(
      await call('POST', hooks(limited), { token: limited.token, body: { url: PUBLIC_URL, eventTypes: ['*'] } }),
      409,
    );
  });

  it('event types: an unknown one is 400 with its path; catalogued types, families and * are 201', async () => {
    for (const eventTypes of [['user.creatd'], ['user.created', 'nope.*'], [], ['user']]) {
      const r = await call('POST', hooks(), { token: acme.token, body: { url: QUIET_URL, eventTypes } });
      expectStatus(r, 400, JSON.stringify(eventTypes));
      expect(r.body.code).toBe('validation_failed');
      expect((r.body.errors as { path: string }[])[0].path).toMatch(/^eventTypes/);
    }
    const bad = await call('POST', hooks(), {
      token: acme.token,
      body: { url: QUIET_URL, eventTypes: ['user.*', 'x.y'] },
    });
    expect(bad.body.errors).toEqual([{ path: 'eventTypes.1', message: expect.stringContaining('x.y') }]);
    for (const eventTypes of [['user.created'], ['user.*'], ['*']])
      await remove(acme, (await create(acme, { eventTypes })).id);
  });

  it('URLs: private and metadata addresses and plain http are 400; a public https URL and local loopback are 201', async () => {
    for (const url of [
      'https://10.0.0.1/x',
      'https://169.254.169.254/',
      'http://hooks.example.com/',
      'https://192.168.1.10/x',
    ]) {
      const r = await call('POST', hooks(), { token: acme.token, body: { url, eventTypes: ['*'] } });
      expectStatus(r, 400, url);
      expect(r.body.errors).toEqual([{ path: 'url', message: expect.any(String) }]);
    }
    const before = (await call('GET', hooks(), { token: acme.token })).body.items.length;
    await remove(acme, (await create(acme, { url: PUBLIC_URL })).id);
    await remove(acme, (await create(acme, { url: 'https://93.184.216.34/hook' })).id);
    // the local runtime allows a receiver on this machine (WEBHOOK_ALLOW_LOOPBACK=1); the CDK stack never does
    await remove(acme, (await create(acme, { url: 'http://127.0.0.1:9/hook' })).id);
    expect((await call('GET', hooks(), { token: acme.token })).body.items).toHaveLength(before);
  });
});

describe('who may', () => {
  it('another account’s manager gets 404 on get, test and deliveries (own manager: 200/202)', async () => {
    const made = await create(acme);
    for (const [method, suffix] of [
      ['GET', ''],
      ['POST', '/test'],
      ['GET', '/deliveries'],
      ['PATCH', ''],
      ['POST', '/rotate-secret'],
    ] as const) {
      // under their own account path, and under acme's
      for (const path of [`${hook(made.id, other)}${suffix}`, `${hook(made.id)}${suffix}`]) {
        const r = await call(method, path, { token: other.token, ...(method === 'PATCH' ? { body: {} } : {}) });
        expectStatus(r, 404, `${method} ${path}`);
      }
    }
    // nothing the other account tried changed it (read before the own test below, whose failing delivery to this
    // unreachable URL marks the endpoint failing and moves its version on)
    const own = await call('GET', hook(made.id), { token: acme.token });
    expectStatus(own, 200);
    expect(own.body.version).toBe(1);
    expectStatus(await call('POST', `${hook(made.id)}/test`, { token: acme.token }), 202);
    expectStatus(await call('GET', `${hook(made.id)}/deliveries`, { token: acme.token }), 200);
    await remove(acme, made.id);
  });

  it('an admin and a plain member get 403 on every webhook route; nothing changes', async () => {
    // subscribed to nothing the admin's and member's creation sends, so that its version moves only by a change
    const made = await create(acme, { eventTypes: ['webhook.test'] });
    const [admin, member] = await Promise.all([newAdmin(acme, acme.rootId), newMember(acme)]);
    for (const token of [admin.token, member.token]) {
      for (const [method, path, body] of [
        ['GET', hooks(), undefined],
        ['POST', hooks(), { url: QUIET_URL, eventTypes: ['*'] }],
        ['GET', hook(made.id), undefined],
        ['PATCH', hook(made.id), { status: 'disabled' }],
        ['DELETE', hook(made.id), undefined],
        ['POST', `${hook(made.id)}/rotate-secret`, undefined],
        ['POST', `${hook(made.id)}/test`, undefined],
        ['GET', `${hook(made.id)}/deliveries`, undefined],
        ['POST', `${hook(made.id)}/deliveries/${made.id}/retry`, undefined],
        ['POST', `${hook(made.id)}/replay`, { since: new Date().toISOString() }],
      ] as const) {
        const r = await call(method, path, { token, body });
        expectStatus(r, 403, `${method} ${path}`);
      }
    }
    const after = await call('GET', hook(made.id), { token: acme.token });
    expect(after.body).toMatchObject({ version: 1, status: 'enabled' });
    await remove(acme, made.id);
  });
});

describe('rotation, test events, deliveries', () => {
  it('rotate answers a new secret (ETag moves), the stored secrets are the new one and the previous one', async () => {
    const made = await create(acme);
    const r = await call('POST', `${hook(made.id)}/rotate-secret`, {
      token: acme.token,
      headers: { 'if-match': '"1"' },
    });
    expectStatus(r, 200);
    expect(r.body.secret).toMatch(/^whsec_/);
    expect(r.body.secret).not.toBe(made.secret);
    expect(r.headers.etag).toBe('"2"');
    const stored = await storedItem(webhookKey(acme.accountId, made.id));
    const secrets = stored?.secrets as { sealed: string; expiresAt?: string }[];
    expect(secrets).toHaveLength(2);
    expect(secrets[0].expiresAt).toBeUndefined();
    const overlap = Date.parse(secrets[1].expiresAt!) - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);
    expect(JSON.stringify(stored)).not.toContain(r.body.secret.slice(6));
    const stale = await call('POST', `${hook(made.id)}/rotate-secret`, {
      token: acme.token,
      headers: { 'if-match': '"1"' },
    });
    expectStatus(stale, 412);
    await remove(acme, made.id);
  });

  it('test answers the id of a webhook.test event that the account’s audit log shows, naming the endpoint', async () => {
    const made = await create(acme);
    const r = await call('POST', `${hook(made.id)}/test`, { token: acme.token });
    expectStatus(r, 202);
    const { eventId } = r.body as { eventId: string };
    const events = await call('GET', `/v1/accounts/${acme.accountId}/events?type=webhook.test`, { token: acme.token });
    expectStatus(events, 200);
    expect(events.body.items).toContainEqual(
      expect.objectContaining({ id: eventId, type: 'webhook.test', details: { webhookId: made.id } }),
    );
    expectStatus(await call('POST', `${hooks()}/nope/test`, { token: acme.token }), 404);
    await remove(acme, made.id);
  });

  it('deliveries: a page (empty here), a bad status 400; retry of an unknown delivery 404; replay only within 30 days', async () => {
    const made = await create(acme);
    const page = await call('GET', `${hook(made.id)}/deliveries?status=failed&limit=10`, { token: acme.token });
    expectStatus(page, 200);
    expect(page.body).toEqual({ items: [], nextCursor: null });
    expectStatus(await call('GET', `${hook(made.id)}/deliveries?status=lost`, { token: acme.token }), 400);
    expectStatus(await call('GET', `${hooks()}/nope/deliveries`, { token: acme.token }), 404);

    const retry = await call('POST', `${hook(made.id)}/deliveries/01JUNKNOWNDELIVERY0000000/retry`, {
      token: acme.token,
    });
    expectStatus(retry, 404);

    const day = 86400_000;
    for (const since of [
      new Date(Date.now() - 31 * day).toISOString(),
      new Date(Date.now() + 3600_000).toISOString(),
    ]) {
      const r = await call('POST', `${hook(made.id)}/replay`, { token: acme.token, body: { since } });
      expectStatus(r, 400, since);
      expect(r.body.errors).toEqual([{ path: 'since', message: expect.any(String) }]);
    }
    expectStatus(
      await call('POST', `${hook(made.id)}/replay`, { token: acme.token, body: { since: 'last week' } }),
      400,
    );
    const since = new Date(Date.now() - 29 * day).toISOString();
    const replay = await call('POST', `${hook(made.id)}/replay`, { token: acme.token, body: { since } });
    expectStatus(replay, 202);
    expect(replay.body).toEqual({ webhookId: made.id, since });
    expectStatus(
      await call('POST', `${hooks()}/nope/replay`, { token: acme.token, body: { since: new Date().toISOString() } }),
      404,
    );
    await remove(acme, made.id);
  });
});
