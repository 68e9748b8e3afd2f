/**
 * A member's services over HTTP: the contract (201 with Location and ETag, one per type, If-Match, closing), the
 * settings inherited down account → unit → member → service, who may do what, the welcome mail with its voicemail PIN
 * link through the local mailbox, and the PIN set once per link. Rule permutations are unit-tested
 * (test/unit/services.test.ts).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDynamo, storedItem } from '../../support/dynamo.ts';
import { call } from '../../support/http.ts';
import { lastLinkTo, mailsTo } from '../../support/mailbox.ts';
import { createMember, expectStatus, newMember, newOrg, type Manager, type Target } from '../../builders/api.ts';

type Sourced = { value: unknown; source: string };
type ServiceBody = {
  id: string;
  type: string;
  status: string;
  settings: Record<string, unknown>;
  effectiveSettings: Record<string, Sourced>;
  voicemailPinSet?: boolean;
  version: number;
};

let am: Manager;
let max: Awaited<ReturnType<typeof newMember>>;
let target: Target;
const services = (userId: string) => `/v1/accounts/${am.accountId}/users/${userId}/services`;

beforeAll(async () => {
  am = await newOrg('Services Co');
  expectStatus(
    await call('PATCH', `/v1/accounts/${am.accountId}/settings`, {
      token: am.token,
      body: { faxSettings: { resolution: 'fine' }, voiceSettings: { callerId: '+15551230000' } },
    }),
    200,
  );
  max = await newMember(am);
  target = await createMember(am);
});

afterAll(() => closeDynamo());

describe('services of a member', () => {
  it('creates a fax service with its inherited settings; one per type; If-Match; closing keeps it listed', async () => {
    const created = await call<ServiceBody>('POST', services(target.id), {
      token: am.token,
      body: { type: 'fax', settings: { headerLine: 'Services Co', coverPage: true } },
    });
    expectStatus(created, 201);
    expect(created.headers.location).toBe(`${services(target.id)}/fax`);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ id: 'fax', type: 'fax', status: 'active', version: 1 });
    expect(created.body.settings).toEqual({ headerLine: 'Services Co', coverPage: true });
    expect(created.body.effectiveSettings.resolution).toEqual({ value: 'fine', source: 'account' });
    expect(created.body.effectiveSettings.headerLine).toEqual({ value: 'Services Co', source: 'service' });

    const again = await call('POST', services(target.id), { token: am.token, body: { type: 'fax' } });
    expectStatus(again, 409);
    expect(again.body).toMatchObject({ code: 'service_exists' });

    const bad = await call('POST', services(target.id), {
      token: am.token,
      body: { type: 'sms', settings: { senderId: 'WAY-TOO-LONG-ID', resolution: 'fine' }, id: 'x' },
    });
    expectStatus(bad, 400);
    expect(bad.body).toMatchObject({ code: 'validation_failed' });

    const stale = await call('PATCH', `${services(target.id)}/fax`, {
      token: am.token,
      body: { settings: { coverPage: null } },
      headers: { 'if-match': '"0"' },
    });
    expectStatus(stale, 412);
    const patched = await call<ServiceBody>('PATCH', `${services(target.id)}/fax`, {
      token: am.token,
      body: { settings: { coverPage: null } },
      headers: { 'if-match': '"1"' },
    });
    expectStatus(patched, 200);
    expect(patched.body.effectiveSettings.coverPage).toEqual({ value: false, source: 'account' });

    expectStatus(
      await call('DELETE', `${services(target.id)}/fax`, { token: am.token, headers: { 'if-match': '"2"' } }),
      204,
    );
    const listed = await call<{ items: ServiceBody[]; nextCursor: null }>('GET', services(target.id), {
      token: am.token,
    });
    expectStatus(listed, 200);
    expect(listed.body.items.map((s) => [s.id, s.status])).toEqual([['fax', 'closed']]);
    // the member comes with the authorization read; the settings layers and the services are read side by side
    expect([...listed.ddbCommands].sort()).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'QueryCommand']);
  });

  it('gives one of five parallel creates of a type its 201; the others 409 service_exists', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call('POST', services(target.id), { token: am.token, body: { type: 'sms' } })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('replays a create with the same Idempotency-Key instead of answering 409', async () => {
    const other = await createMember(am);
    const headers = { 'idempotency-key': `svc-${other.id}` };
    const body = { type: 'voice', settings: { extension: '305' } };
    const first = await call('POST', services(other.id), { token: am.token, body, headers });
    expectStatus(first, 201);
    const replay = await call('POST', services(other.id), { token: am.token, body, headers });
    expectStatus(replay, 201);
    expect(replay.body).toEqual(first.body);
  });

  it('lets the member read their own services but not create them; a missing module is 403', async () => {
    expectStatus(await call('POST', services(max.id), { token: max.token, body: { type: 'sms' } }), 403);
    expectStatus(await call('POST', services(max.id), { token: am.token, body: { type: 'sms' } }), 201);
    const own = await call<{ items: ServiceBody[] }>('GET', services(max.id), { token: max.token });
    expectStatus(own, 200);
    expect(own.body.items.map((s) => s.id)).toEqual(['sms']);
    expectStatus(await call('GET', services(target.id), { token: max.token }), 403);

    expectStatus(
      await call('PATCH', `/v1/accounts/${am.accountId}/users/${max.id}`, {
        token: am.token,
        body: { settings: { allowedModules: ['messaging'] } },
      }),
      200,
    );
    const refused = await call('POST', services(max.id), { token: am.token, body: { type: 'voice' } });
    expectStatus(refused, 403);
    expect(refused.body).toMatchObject({ code: 'module_not_granted' });
  });

  it("mails a voice service's PIN link; the PIN is set once per link, never shown", async () => {
    const created = await call<ServiceBody>('POST', services(target.id), {
      token: am.token,
      body: { type: 'voice', settings: { extension: '204' }, welcomeEmail: true },
    });
    expectStatus(created, 201);
    expect(created.body).toMatchObject({ voicemailPinSet: false });
    expect(created.body.effectiveSettings.callerId).toEqual({ value: '+15551230000', source: 'account' });
    const mail = (await mailsTo(target.email)).at(-1);
    expect(mail?.subject).toContain('voice service');
    const token = await lastLinkTo(target.email, 'voicemail-pin');

    // at rest: the link by its token's hash only, with the TTL attribute (link lifetime + 30 days)
    const hash = createHash('sha256').update(token).digest('base64url');
    const link = await storedItem({ PK: `VOICEMAIL_PIN#${hash}`, SK: 'VOICEMAIL_PIN' });
    expect(link).toMatchObject({ tokenHash: hash, status: 'pending', userId: target.id });
    expect(JSON.stringify(link)).not.toContain(token);
    expect(link!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 36 * 86400);

    const weak = await call('POST', '/v1/voicemail-pin', { body: { token, pin: '1234' } });
    expectStatus(weak, 400);
    expect(weak.body).toMatchObject({ code: 'weak_pin' });
    expectStatus(await call('POST', '/v1/voicemail-pin', { body: { token, pin: '12a4' } }), 400);
    expectStatus(await call('POST', '/v1/voicemail-pin', { body: { token, pin: '2580' } }), 204);
    const used = await call('POST', '/v1/voicemail-pin', { body: { token, pin: '1357' } });
    expectStatus(used, 410);
    expect(used.body).toMatchObject({ code: 'voicemail_pin_link_used' });
    expectStatus(await call('POST', '/v1/voicemail-pin', { body: { token: `${token}x`, pin: '1357' } }), 404);

    const stored = await storedItem({ PK: `ACCOUNT#${am.accountId}`, SK: `USER#${target.id}#SERVICE#voice` });
    expect(stored?.pinHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(JSON.stringify(stored)).not.toContain('2580');
    const read = await call<ServiceBody>('GET', `${services(target.id)}/voice`, { token: am.token });
    expectStatus(read, 200);
    expect(read.body.voicemailPinSet).toBe(true);
    expect(JSON.stringify(read.body)).not.toMatch(/2580|scrypt|pinHash/);
    const events = await call<{ items: { type: string }[] }>(
      'GET',
      `/v1/accounts/${am.accountId}/users/${target.id}/events`,
      { token: am.token },
    );
    expect(events.body.items.map((e) => e.type)).toEqual(
      expect.arrayContaining(['service.created', 'service.updated', 'service.closed', 'service.voicemail_pin_set']),
    );
  });
});
