/**
 * Who may call SCIM (`/scim/v2/accounts/{accountId}/…`): only a bearer API key of an active system user of that
 * account whose SCIM connection is enabled and who is an admin with manageUsers. Every other caller is a 401 SCIM
 * error, on discovery too; each refusal sits beside the same call with the right key (200).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { expectStatus, newMember, newOrg, type Manager } from '../../builders/api.ts';
import { expectScimError, scimClient, type ScimClient } from '../../builders/scim-connection.ts';

let acme: Manager;
let other: Manager;
let idp: ScimClient;
let otherIdp: ScimClient;

const discovery = [
  'ServiceProviderConfig',
  'ResourceTypes',
  'ResourceTypes/User',
  'Schemas',
  'Schemas/urn:ietf:params:scim:schemas:core:2.0:User',
];
const get = (path: string, headers: Record<string, string> = {}) => call('GET', `${idp.base}/${path}`, { headers });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

beforeAll(async () => {
  [acme, other] = await Promise.all([newOrg('Acme SCIM Auth'), newOrg('Other SCIM Auth')]);
  [idp, otherIdp] = await Promise.all([scimClient(acme), scimClient(other)]);
});

describe('SCIM authentication', () => {
  it.each(discovery)('%s: the connection key 200, no key 401', async (path) => {
    const ok = await get(path, bearer(idp.key));
    expectStatus(ok, 200);
    expect(ok.headers['content-type']).toMatch(/^application\/scim\+json/);
    expectScimError(await get(path), 401);
  });

  it('refuses Basic auth, a person token and another account key; the connection key passes', async () => {
    const basic = `Basic ${Buffer.from(`${idp.userId}:${idp.key}`).toString('base64')}`;
    expectScimError(await get('ServiceProviderConfig', { authorization: basic }), 401);
    // the account manager's own Cognito token opens /v1 routes, never SCIM
    expectStatus(await call('GET', `/v1/accounts/${acme.accountId}`, { token: acme.token }), 200);
    expectScimError(await get('ServiceProviderConfig', bearer(acme.token)), 401);
    // the other account's connection key works in its own account only
    expectStatus(await call('GET', `${otherIdp.base}/ServiceProviderConfig`, { headers: bearer(otherIdp.key) }), 200);
    expectScimError(await get('ServiceProviderConfig', bearer(otherIdp.key)), 401);
    expectStatus(await get('ServiceProviderConfig', bearer(idp.key)), 200);
  });

  it('refuses a revoked key; another key of the same connection passes', async () => {
    const second = await scimClient(acme);
    expectStatus(await get('ServiceProviderConfig', bearer(second.key)), 200);
    const users = `/v1/accounts/${acme.accountId}/users`;
    expectStatus(
      await call('DELETE', `${users}/${second.userId}/api-keys/${second.keyId}`, { token: acme.token }),
      204,
    );
    expectScimError(await get('ServiceProviderConfig', bearer(second.key)), 401);
    expectStatus(await get('ServiceProviderConfig', bearer(idp.key)), 200);
  });

  it('refuses the key of a system user without the connection, or with it turned off; turned on, it passes', async () => {
    const never = await scimClient(acme, { scim: null });
    expectScimError(await get('ServiceProviderConfig', bearer(never.key)), 401);
    // the same key on a /v1 route works: it is a valid key, only not a SCIM one
    expectStatus(await call('GET', `/v1/accounts/${acme.accountId}`, { token: never.key }), 200);
    const users = `/v1/accounts/${acme.accountId}/users`;
    const on = await call('PATCH', `${users}/${never.userId}`, {
      token: acme.token,
      body: { scim: { enabled: true } },
    });
    expectStatus(on, 200);
    expectStatus(await get('ServiceProviderConfig', bearer(never.key)), 200);
    const off = await call('PATCH', `${users}/${never.userId}`, {
      token: acme.token,
      body: { scim: { enabled: false } },
    });
    expectStatus(off, 200);
    expectScimError(await get('ServiceProviderConfig', bearer(never.key)), 401);
  });

  it('refuses the connection key of a non-admin system user and of an admin without manageUsers', async () => {
    const plain = await scimClient(acme, { grants: {} });
    expectScimError(await get('ServiceProviderConfig', bearer(plain.key)), 401);
    const noManage = await scimClient(acme, {
      grants: { role: 'admin', unitId: acme.rootId, adminUnitIds: [acme.rootId], capabilities: { manageUsers: false } },
    });
    expectScimError(await get('ServiceProviderConfig', bearer(noManage.key)), 401);
    // positive control: the same grants with manageUsers
    const manage = await scimClient(acme, {
      grants: { role: 'admin', unitId: acme.rootId, adminUnitIds: [acme.rootId], capabilities: { manageUsers: true } },
    });
    expectStatus(await get('ServiceProviderConfig', bearer(manage.key)), 200);
  });

  it('refuses a deactivated system user key, and takes it again once reactivated', async () => {
    const sys = await scimClient(acme);
    const users = `/v1/accounts/${acme.accountId}/users`;
    expectStatus(await call('POST', `${users}/${sys.userId}/deactivate`, { token: acme.token, body: {} }), 200);
    expectScimError(await get('ServiceProviderConfig', bearer(sys.key)), 401);
    expectStatus(await call('POST', `${users}/${sys.userId}/reactivate`, { token: acme.token, body: {} }), 200);
    expectStatus(await get('ServiceProviderConfig', bearer(sys.key)), 200);
  });

  it('refuses a key in the query string (it is never looked at there)', async () => {
    const r = await call('GET', `${idp.base}/ServiceProviderConfig?access_token=${encodeURIComponent(idp.key)}`);
    expectScimError(r, 401);
  });
});

describe('SCIM connection settings (PATCH …/users/{u} {scim})', () => {
  it('are shown with their defaults on a system user, set by account managers only, on system users only', async () => {
    const users = `/v1/accounts/${acme.accountId}/users`;
    const fresh = await scimClient(acme, { scim: null });
    const read = await call('GET', `${users}/${fresh.userId}`, { token: acme.token });
    expectStatus(read, 200);
    expect(read.body.scim).toEqual({ enabled: false, unitId: null, unitFromDepartment: false, sendInvitations: true });

    const set = await call('PATCH', `${users}/${fresh.userId}`, {
      token: acme.token,
      body: { scim: { enabled: true, unitId: acme.rootId, sendInvitations: false } },
    });
    expectStatus(set, 200);
    expect(set.body.scim).toEqual({
      enabled: true,
      unitId: acme.rootId,
      unitFromDepartment: false,
      sendInvitations: false,
    });
    const events = await call('GET', `${users}/${fresh.userId}/events`, { token: acme.token });
    expectStatus(events, 200);
    const updated = (events.body.items as { type: string; details: { changed?: string[] } }[]).find(
      (e) => e.type === 'user.updated',
    );
    expect(updated?.details.changed).toEqual(
      expect.arrayContaining(['scim.enabled', 'scim.unitId', 'scim.sendInvitations']),
    );

    // a unit of another account, or none at all: 404 as for any unit id
    const foreign = await call('PATCH', `${users}/${fresh.userId}`, {
      token: acme.token,
      body: { scim: { unitId: other.rootId } },
    });
    expectStatus(foreign, 404);
    // unknown fields are refused
    const unknown = await call('PATCH', `${users}/${fresh.userId}`, {
      token: acme.token,
      body: { scim: { on: true } },
    });
    expectStatus(unknown, 400);

    // a person has no connection: 400, and none is shown
    const person = await newMember(acme);
    const onPerson = await call('PATCH', `${users}/${person.id}`, {
      token: acme.token,
      body: { scim: { enabled: true } },
    });
    expectStatus(onPerson, 400);
    expect((await call('GET', `${users}/${person.id}`, { token: acme.token })).body.scim).toBeUndefined();

    // an admin who manages a system user may edit it but not its connection (403); the account manager may (above)
    const admin = await newMember(acme, {
      role: 'admin',
      unitId: acme.rootId,
      adminUnitIds: [acme.rootId],
      capabilities: { manageUsers: true },
    });
    const plain = await scimClient(acme, { grants: {}, scim: null });
    const byAdmin = await call('PATCH', `${users}/${plain.userId}`, {
      token: admin.token,
      body: { scim: { enabled: true } },
    });
    expectStatus(byAdmin, 403);
    const byAdminOther = await call('PATCH', `${users}/${plain.userId}`, {
      token: admin.token,
      body: { lastName: 'Edited' },
    });
    expectStatus(byAdminOther, 200);
    expect(byAdminOther.body.scim.enabled).toBe(false);
  });

  it("only account managers create a connection's API keys; its managing admins still list and revoke them", async () => {
    const users = `/v1/accounts/${acme.accountId}/users`;
    const admin = await newMember(acme, {
      role: 'admin',
      unitId: acme.rootId,
      adminUnitIds: [acme.rootId],
      capabilities: { manageUsers: true },
    });
    const connected = await scimClient(acme, { grants: {} });
    const unconnected = await scimClient(acme, { grants: {}, scim: null });
    const keys = (userId: string) => `${users}/${userId}/api-keys`;

    // positive control: the same admin creates a key of a system user without a connection
    expectStatus(await call('POST', keys(unconnected.userId), { token: admin.token, body: { name: 'relay' } }), 201);
    const refused = await call('POST', keys(connected.userId), { token: admin.token, body: { name: 'mine' } });
    expectStatus(refused, 403);
    expect(refused.body.detail).toMatch(/account managers/);
    const listed = await call('GET', keys(connected.userId), { token: admin.token });
    expectStatus(listed, 200);
    expect((listed.body.items as { name: string }[]).map((k) => k.name)).not.toContain('mine');

    // the account manager may; the admin may still revoke what exists
    const made = await call('POST', keys(connected.userId), { token: acme.token, body: { name: 'second' } });
    expectStatus(made, 201);
    expectStatus(await call('DELETE', `${keys(connected.userId)}/${made.body.id}`, { token: admin.token }), 204);
  });
});
