/**
 * API keys of system users over HTTP: create, use on an account route through the same authorization as a token,
 * revoke; deactivation and reactivation; no cross-tenant use; keys only in Authorization; a scoped system admin
 * provisions within its unit only; the limit of live keys; the same round trips as a token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { storedItem } from '../../support/dynamo.ts';
import { apiKeyKey } from '#adapters/dynamodb/entities/api-key.ts';
import { expectStatus, newAccount, newMember, newOrg, userInput, type Manager } from '../../builders/api.ts';
import { createUnit } from '../../builders/units.ts';

type Key = { id: string; name: string; key: string; prefix: string; createdAt: string; expiresAt: string | null };

let acme: Manager;
let other: Awaited<ReturnType<typeof newAccount>>;
let person: Awaited<ReturnType<typeof newMember>>;
let bot: { id: string };
let provisioner: { id: string };
let unitIn: string;
let unitOut: string;
const users = () => `/v1/accounts/${acme.accountId}/users`;
const keysOf = (userId: string) => `${users()}/${userId}/api-keys`;

async function systemUser(body: Record<string, unknown>) {
  const r = await call('POST', users(), {
    token: acme.token,
    body: { type: 'system', firstName: 'Sys', lastName: 'Tem', ...body },
  });
  expectStatus(r, 201, 'POST system user');
  return r.body as { id: string };
}
async function newKey(userId: string, name = 'relay') {
  const r = await call('POST', keysOf(userId), { token: acme.token, body: { name } });
  expectStatus(r, 201, 'POST api-keys');
  return r.body as Key;
}

beforeAll(async () => {
  [acme, other] = await Promise.all([newOrg('Acme Keys'), newAccount('Other Keys')]);
  const [inside, outside] = await Promise.all([
    createUnit(acme, 'Provisioned', acme.rootId),
    createUnit(acme, 'Elsewhere', acme.rootId),
  ]);
  unitIn = inside.id;
  unitOut = outside.id;
  [bot, provisioner, person] = await Promise.all([
    systemUser({ username: 'faxrelay' }),
    systemUser({
      username: 'provisioner',
      role: 'admin',
      unitId: unitIn,
      adminUnitIds: [unitIn],
      capabilities: { manageUsers: true },
    }),
    newMember(acme),
  ]);
});

describe('API keys of system users', () => {
  it('creates a key shown once, authenticates with it like a token (same round trips), lists it without secret', async () => {
    const made = await newKey(bot.id);
    expect(made).toMatchObject({ name: 'relay', expiresAt: null, key: expect.stringMatching(/^sbk_[0-9A-Za-z_]+$/) });
    expect(made.key.startsWith(made.prefix)).toBe(true);
    const account = `/v1/accounts/${acme.accountId}`;
    expectStatus(await call('GET', account, { token: made.key }), 200);
    const byKey = await call('GET', account, { token: made.key });
    const byToken = await call('GET', account, { token: person.token });
    expectStatus(byKey, 200);
    expectStatus(byToken, 200); // positive control: a person's token still works
    expect(byKey.ddbCommands).toEqual(byToken.ddbCommands);
    expect(byKey.ddbCommands).toEqual(['BatchGetItemCommand']);
    expect(byKey.ddbCalls).toBeLessThanOrEqual(byToken.ddbCalls);

    const listed = await call('GET', keysOf(bot.id), { token: acme.token });
    expectStatus(listed, 200);
    expect(JSON.stringify(listed.body)).not.toContain(made.key.slice(made.prefix.length));
    expect(listed.body).toMatchObject({ items: [{ id: made.id, lastUsedAt: expect.any(String) }] });
    // a person holds no keys
    const refused = await call('POST', keysOf(person.id), { token: acme.token, body: { name: 'x' } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'not_a_system_user' });
  });

  it('a revoked key is refused from the next request on (401 problem+json)', async () => {
    const made = await newKey(bot.id, 'short');
    expectStatus(await call('GET', users(), { token: made.key }), 403); // a user: authenticated, not allowed to list
    expectStatus(await call('DELETE', `${keysOf(bot.id)}/${made.id}`, { token: acme.token }), 204);
    const after = await call('GET', users(), { token: made.key });
    expect(after.status).toBe(401);
    expect(after.headers['content-type']).toBe('application/problem+json');
  });

  it("stops at once when its user is deactivated, works again when reactivated; never on another account's path", async () => {
    const made = await newKey(bot.id, 'lifecycle');
    const account = `/v1/accounts/${acme.accountId}`;
    expectStatus(await call('POST', `${users()}/${bot.id}/deactivate`, { token: acme.token }), 200);
    expect((await call('GET', account, { token: made.key })).status).toBe(401);
    expectStatus(await call('POST', `${users()}/${bot.id}/reactivate`, { token: acme.token }), 200);
    expectStatus(await call('GET', account, { token: made.key }), 200);
    const foreign = await call('GET', `/v1/accounts/${other.accountId}`, { token: made.key });
    expect(foreign.status).toBe(401);
    expectStatus(await call('GET', `/v1/accounts/${other.accountId}`, { token: other.token }), 200);
    const me = await call('GET', '/v1/me', { token: made.key });
    expect(me.status).toBe(401);
    expect(me.headers['content-type']).toBe('application/problem+json');
  });

  it("keeps a key's expiry out of the table's TTL attribute, so no key disappears behind its count", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const r = await call('POST', keysOf(bot.id), { token: acme.token, body: { name: 'expiring', expiresAt } });
    expectStatus(r, 201);
    expect(r.body).toMatchObject({ expiresAt });
    const stored = await storedItem(apiKeyKey(acme.accountId, bot.id, (r.body as Key).id));
    expect(stored).toMatchObject({ keyExpiresAt: expiresAt });
    expect(stored).not.toHaveProperty('expiresAt');
    // the new key's Location names it: readable there, without its secret
    const located = await call('GET', r.headers.location, { token: acme.token });
    expectStatus(located, 200);
    expect(located.body).toMatchObject({ id: (r.body as Key).id, name: 'expiring', expiresAt, lastUsedAt: null });
    expect(located.body).not.toHaveProperty('key');
  });

  it('is refused in a query string or any header but Authorization', async () => {
    const made = await newKey(bot.id, 'placement');
    const account = `/v1/accounts/${acme.accountId}`;
    const inQuery = await call('GET', `${account}?apiKey=${made.key}`, { token: person.token });
    const inHeader = await call('GET', account, { headers: { 'x-api-key': made.key } });
    const beside = await call('GET', account, { token: person.token, headers: { 'x-api-key': made.key } });
    const inCookie = await call('GET', account, { token: person.token, headers: { cookie: `session=${made.key}` } });
    for (const r of [inQuery, inHeader, beside, inCookie]) {
      expect(r.status).toBe(401);
      expect(r.headers['content-type']).toBe('application/problem+json');
    }
    expectStatus(await call('GET', account, { token: made.key }), 200);
    // positive control of the cookie check: a cookie without a key is fine
    expectStatus(await call('GET', account, { token: person.token, headers: { cookie: 'session=abc' } }), 200);
  });

  it('a scoped system admin provisions within its unit only', async () => {
    const { key } = await newKey(provisioner.id, 'provisioning');
    const inside = await call('POST', users(), { token: key, body: userInput({ unitId: unitIn }) });
    expectStatus(inside, 201);
    const outside = await call('POST', users(), { token: key, body: userInput({ unitId: unitOut }) });
    expect(outside.status).toBe(403);
  });

  it('holds at most 10 live keys: the 11th is 409', async () => {
    const fresh = await systemUser({ username: 'manykeys' });
    for (let i = 0; i < 10; i++) await newKey(fresh.id, `k${i}`);
    const eleventh = await call('POST', keysOf(fresh.id), { token: acme.token, body: { name: 'k10' } });
    expect(eleventh.status).toBe(409);
    expect(eleventh.body).toMatchObject({ code: 'api_key_limit_reached' });
  });
});
