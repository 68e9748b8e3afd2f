/**
 * Tenant isolation of SCIM connections: an account's key opens only its own base URL, one account's people are never
 * visible from another's, and a connection scoped to a unit (its system user an admin of that unit only) neither sees
 * nor changes members outside it. Every refusal sits beside the same call that succeeds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMember, expectStatus } from '../../builders/api.ts';
import { createUnit } from '../../builders/units.ts';
import { call } from '../../support/http.ts';
import {
  createScimGroup,
  createScimUser,
  expectList,
  expectScimError,
  filter,
  patchOp,
  scimAccount,
  scimBase,
  scimClient,
  scimConnection,
  scimUserBody,
  type ScimConnection,
  type ScimTenant,
} from '../../support/scim.ts';

let a: ScimTenant;
let b: ScimTenant;

beforeAll(async () => {
  [a, b] = await Promise.all([scimAccount('Isolation A'), scimAccount('Isolation B')]);
});

describe('between accounts', () => {
  it("account A's key on account B's paths is 401 everywhere, discovery included; each key works at home", async () => {
    const bUser = await createScimUser(b.scim, scimUserBody('b-home'));
    const aOnB = scimClient(b.accountId, a.key);
    for (const path of [
      '/Users',
      `/Users/${bUser.id}`,
      '/Groups',
      '/ServiceProviderConfig',
      '/Schemas',
      '/ResourceTypes',
    ]) {
      expectScimError(await aOnB('GET', path), 401);
      expectStatus(await b.scim('GET', path), 200, `B at home ${path}`);
    }
    expectScimError(await aOnB('POST', '/Users', scimUserBody('a-on-b')), 401);
    expectScimError(
      await aOnB('PATCH', `/Users/${bUser.id}`, patchOp({ op: 'replace', value: { active: false } })),
      401,
    );
    expectScimError(await aOnB('DELETE', `/Users/${bUser.id}`), 401);
    expect((await b.scim('GET', `/Users/${bUser.id}`)).body).toMatchObject({ active: true }); // untouched
    expectStatus(await a.scim('GET', '/Users'), 200);
  });

  it("B's users are never visible from A: not listed, not found by filter, 404 by id", async () => {
    const body = scimUserBody('b-only');
    const bUser = await createScimUser(b.scim, body);
    expectList(await a.scim('GET', `/Users${filter(`userName eq "${body.userName}"`)}`), []);
    expectList(await a.scim('GET', `/Users${filter(`id eq "${bUser.id}"`)}`), []);
    expectScimError(await a.scim('GET', `/Users/${bUser.id}`), 404);
    expectScimError(
      await a.scim('PATCH', `/Users/${bUser.id}`, patchOp({ op: 'replace', path: 'title', value: 'x' })),
      404,
    );
    expectScimError(await a.scim('DELETE', `/Users/${bUser.id}`), 404);
    const listed = await a.scim('GET', '/Users?count=100');
    expect((listed.body.Resources as { id: string }[]).map((u) => u.id)).not.toContain(bUser.id);
    // positive control: B finds it every way
    expectList(await b.scim('GET', `/Users${filter(`userName eq "${body.userName}"`)}`), [bUser.id]);
    expect((await b.scim('GET', `/Users/${bUser.id}`)).body).toMatchObject({ id: bUser.id, active: true });
    // a member of B cannot join a group of A
    const aGroup = await createScimGroup(a.scim, 'A group');
    const join = await a.scim(
      'PATCH',
      `/Groups/${aGroup.id}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: bUser.id }] }),
    );
    expectScimError(join, 400, 'invalidValue');
    const aUser = await createScimUser(a.scim, scimUserBody('a-home'));
    expectStatus(
      await a.scim(
        'PATCH',
        `/Groups/${aGroup.id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: aUser.id }] }),
      ),
      204,
    );
    // and A's group is not B's
    expectScimError(await b.scim('GET', `/Groups/${aGroup.id}`), 404);
  });

  it("a person's token, Basic auth, no key, and a key whose connection is disabled are 401; enabled it is 200", async () => {
    const base = scimBase(a.accountId);
    expectScimError(await call('GET', `${base}/Users`, { token: a.token }), 401); // the account manager's own token
    expectScimError(await call('GET', `${base}/Users`), 401);
    expectScimError(
      await call('GET', `${base}/Users`, {
        headers: { authorization: `Basic ${Buffer.from(`x:${a.key}`).toString('base64')}` },
      }),
      401,
    );
    const off = await call('PATCH', `/v1/accounts/${a.accountId}/users/${a.admin.id}`, {
      token: a.token,
      body: { scim: { enabled: false } },
    });
    expectStatus(off, 200);
    expectScimError(await a.scim('GET', '/Users'), 401);
    expectStatus(
      await call('PATCH', `/v1/accounts/${a.accountId}/users/${a.admin.id}`, {
        token: a.token,
        body: { scim: { enabled: true } },
      }),
      200,
    );
    expectStatus(await a.scim('GET', '/Users'), 200);
  });

  it('the connection never sees or changes its own system user, nor the account manager', async () => {
    const listed = await a.scim('GET', '/Users?count=100');
    const ids = (listed.body.Resources as { id: string }[]).map((u) => u.id);
    expect(ids).not.toContain(a.admin.id);
    expect(ids).not.toContain(a.ownerId);
    expectScimError(await a.scim('GET', `/Users/${a.admin.id}`), 404);
    expectScimError(
      await a.scim('PATCH', `/Users/${a.admin.id}`, patchOp({ op: 'replace', value: { active: false } })),
      404,
    );
    expectScimError(await a.scim('GET', `/Users/${a.ownerId}`), 404);
    expectScimError(await a.scim('DELETE', `/Users/${a.ownerId}`), 404);
    expectStatus(await a.scim('GET', '/Users'), 200); // the connection still works: it did not deactivate itself
  });
});

describe('a connection scoped to one unit', () => {
  let scoped: ScimConnection;
  let unitIn: string;
  let inside: { id: string; username: string };
  let outside: { id: string; username: string };

  beforeAll(async () => {
    const [u1, u2] = await Promise.all([createUnit(a, 'Provisioned', a.rootId), createUnit(a, 'Elsewhere', a.rootId)]);
    unitIn = u1.id;
    [scoped, inside, outside] = await Promise.all([
      scimConnection(a, { unitId: unitIn }),
      createMember(a, { unitId: unitIn }),
      createMember(a, { unitId: u2.id }),
    ]);
  });

  it('reads members in its unit and not outside it: 404 by id, absent from lists and filters', async () => {
    expectStatus(await scoped.scim('GET', `/Users/${inside.id}`), 200);
    expectScimError(await scoped.scim('GET', `/Users/${outside.id}`), 404);
    expectList(await scoped.scim('GET', `/Users${filter(`userName eq "${inside.username}"`)}`), [inside.id]);
    expectList(await scoped.scim('GET', `/Users${filter(`userName eq "${outside.username}"`)}`), []);
    const listed = await scoped.scim('GET', '/Users?count=100');
    const ids = (listed.body.Resources as { id: string }[]).map((u) => u.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    expect(listed.body.totalResults).toBe(ids.length);
    // the root-scoped connection of the same account sees both
    expectStatus(await a.scim('GET', `/Users/${outside.id}`), 200);
  });

  it('changes members in its unit only: PATCH, PUT and DELETE outside are 404 and change nothing', async () => {
    const patch = patchOp({ op: 'replace', path: 'title', value: 'Scoped' });
    expectStatus(await scoped.scim('PATCH', `/Users/${inside.id}`, patch), 200);
    expectScimError(await scoped.scim('PATCH', `/Users/${outside.id}`, patch), 404);
    const whole = (await a.scim('GET', `/Users/${outside.id}`)).body;
    expectScimError(await scoped.scim('PUT', `/Users/${outside.id}`, { ...whole, active: false }), 404);
    expectScimError(await scoped.scim('DELETE', `/Users/${outside.id}`), 404);
    const after = await a.scim('GET', `/Users/${outside.id}`);
    expect(after.body).toMatchObject({ active: true });
    expect(after.body.title).toBeUndefined();
    expect((await a.scim('GET', `/Users/${inside.id}`)).body).toMatchObject({ title: 'Scoped' });
  });

  it('creates new members in its own unit; cannot put an outside member into a group', async () => {
    const made = await createScimUser(scoped.scim, scimUserBody('scoped-new'));
    const read = await call('GET', `/v1/accounts/${a.accountId}/users/${made.id}`, { token: a.token });
    expect(read.body).toMatchObject({ unitId: unitIn, role: 'user', status: 'invited' });
    const group = await createScimGroup(scoped.scim, 'Scoped group');
    const refused = await scoped.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: inside.id }, { value: outside.id }] }),
    );
    expectScimError(refused, 400, 'invalidValue');
    expect((await scoped.scim('GET', `/Groups/${group.id}`)).body.members ?? []).toEqual([]); // nothing applied
    expectStatus(
      await scoped.scim(
        'PATCH',
        `/Groups/${group.id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: inside.id }] }),
      ),
      204,
    );
    expect((await scoped.scim('GET', `/Groups/${group.id}`)).body.members).toEqual([
      expect.objectContaining({ value: inside.id }),
    ]);
  });
});
