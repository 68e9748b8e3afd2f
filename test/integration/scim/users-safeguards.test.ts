/**
 * SCIM /Users safeguards over HTTP against the local stack: a username never shadows a SCIM userName, only plain
 * invited users get a new email through SCIM, DELETE honours If-Match, a PATCH cannot change `id`, a non-person's
 * username does not block a SCIM userName, values too long for a key are refused, and a connection's unit stays in
 * its system user's scope (placement by department included). Each refusal beside its positive control.
 */
import { describe, expect, it } from 'vitest';
import { expectStatus, newOrg, PASSWORD, type Manager } from '../../builders/api.ts';
import { acceptLink, inviteOne, linkOf } from '../../builders/invitations.ts';
import { call } from '../../support/http.ts';
import {
  connect,
  created,
  expectScimError,
  filter,
  patchOp,
  person,
  scimTenant,
  SCIM_ENTERPRISE,
  tag,
} from './users-support.ts';

type ListBody = { totalResults: number; Resources: { id: string; userName: string }[] };

const createMember = (m: Manager, body: Record<string, unknown>) =>
  call('POST', `/v1/accounts/${m.accountId}/users`, {
    token: m.token,
    body: { email: `m.${tag()}@example.com`, firstName: 'M', lastName: 'N', ...body },
  });

async function unitOf(m: Manager, name: string, parentId = m.rootId): Promise<string> {
  const r = await call('POST', `/v1/accounts/${m.accountId}/units`, { token: m.token, body: { name, parentId } });
  expectStatus(r, 201, 'POST unit');
  return (r.body as { id: string }).id;
}

describe('a username and a SCIM userName', () => {
  it('a regular create cannot take a username another member answers to as SCIM userName (409); a free one is 201', async () => {
    const t = await scimTenant();
    const doc = await created(t.scim, person('Renamed'));
    const name = `zed${tag()}`;
    const renamed = await t.scim(
      'PATCH',
      `/Users/${doc.id}`,
      patchOp({ op: 'replace', path: 'userName', value: name }),
    );
    expectStatus(renamed, 200);
    for (const username of [name, name.toUpperCase()]) {
      const taken = await createMember(t, { username: username.toLowerCase() });
      expectStatus(taken, 409, 'POST /v1 users with a SCIM userName');
      expect(taken.body).toMatchObject({ code: 'username_taken' });
    }
    // positive control: a free username
    expectStatus(await createMember(t, { username: `free${tag()}` }), 201);
    // the filter still answers one member: the SCIM one
    const found = await t.scim('GET', `/Users${filter(`userName eq "${name}"`)}`);
    expect((found.body as ListBody).Resources.map((r) => r.id)).toEqual([doc.id]);
  });

  it('an invitation accepted by someone whose address would give that username gets another one', async () => {
    const t = await scimTenant();
    const doc = await created(t.scim, person('Renamed'));
    const name = `inv${tag()}`;
    const renamed = await t.scim(
      'PATCH',
      `/Users/${doc.id}`,
      patchOp({ op: 'replace', path: 'userName', value: name }),
    );
    expectStatus(renamed, 200);
    const accept = async (email: string) => {
      await inviteOne(t, email);
      const r = await acceptLink(await linkOf(email), PASSWORD);
      expectStatus(r, 200, 'accept');
      return (r.body as { user: { username: string } }).user.username;
    };
    expect(await accept(`${name}@example.org`)).not.toBe(name);
    // control: an address whose local part is free gives exactly that username
    const free = `fre${tag()}`;
    expect(await accept(`${free}@example.org`)).toBe(free);
    const found = await t.scim('GET', `/Users${filter(`userName eq "${name}"`)}`);
    expect((found.body as ListBody).Resources.map((r) => r.id)).toEqual([doc.id]);
  });

  it('an import row cannot take a username held as a SCIM userName (skipped); a free one is created', async () => {
    const t = await scimTenant();
    const doc = await created(t.scim, person('Renamed'));
    const name = `imp${tag()}`;
    const renamed = await t.scim(
      'PATCH',
      `/Users/${doc.id}`,
      patchOp({ op: 'replace', path: 'userName', value: name }),
    );
    expectStatus(renamed, 200);
    const free = `fri${tag()}`;
    const csv = `username,email,firstName,lastName\n${name},${name}@example.com,I,M\n${free},${free}@example.com,F,R\n`;
    const imports = `/v1/accounts/${t.accountId}/imports`;
    const up = await call('POST', imports, { token: t.token, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expectStatus(up, 202, 'upload');
    const id = (up.body as { id: string }).id;
    const deadline = Date.now() + 30_000;
    let imp: { status: string; created: number; skipped: number };
    do {
      await new Promise((r) => setTimeout(r, 200));
      imp = (await call('GET', `${imports}/${id}`, { token: t.token })).body as typeof imp;
    } while (!['completed', 'failed', 'cancelled'].includes(imp.status) && Date.now() < deadline);
    expect(imp).toMatchObject({ status: 'completed', created: 1, skipped: 1 });
    const rows = await call('GET', `${imports}/${id}/rows?limit=10`, { token: t.token });
    const items = (rows.body as { items: { line: number; status: string; errors?: { column: string }[] }[] }).items;
    expect(items.map((r) => [r.line, r.status, r.errors?.[0]?.column])).toEqual([
      [2, 'skipped', 'username'],
      [3, 'created', undefined],
    ]);
    const found = await t.scim('GET', `/Users${filter(`userName eq "${name}"`)}`);
    expect((found.body as ListBody).Resources.map((r) => r.id)).toEqual([doc.id]);
  });

  it("a userName equal to a non-person's username is created with another handle; a person's stays 409", async () => {
    const t = await scimTenant();
    const sys = `sys${tag()}`;
    expectStatus(
      await createMember(t, {
        type: 'system',
        username: sys,
        email: undefined,
        role: 'user',
        unitId: t.rootId,
      }),
      201,
      'POST system user',
    );
    // the filter finds nobody (a system user is no SCIM User), so the identity provider creates it
    const before = await t.scim('GET', `/Users${filter(`userName eq "${sys}"`)}`);
    expect((before.body as ListBody).totalResults).toBe(0);
    const body = { ...person('Sys'), userName: sys };
    const r = await t.scim('POST', '/Users', body);
    expectStatus(r, 201, 'POST /Users with a system user’s username');
    const doc = r.body as { id: string; userName: string };
    expect(doc.userName).toBe(sys);
    const member = await call('GET', `/v1/accounts/${t.accountId}/users/${doc.id}`, { token: t.token });
    expect((member.body as { username: string }).username).not.toBe(sys);
    const after = await t.scim('GET', `/Users${filter(`userName eq "${sys}"`)}`);
    expect((after.body as ListBody).Resources.map((x) => x.id)).toEqual([doc.id]);
    // control: a person's username is still taken
    const plain = `plain${tag()}`;
    expectStatus(await createMember(t, { username: plain }), 201);
    expectScimError(await t.scim('POST', '/Users', { ...person('P'), userName: plain }), 409, 'uniqueness');
  });
});

describe('email changes through SCIM', () => {
  it('are refused for an invited admin made through /v1 in scope (400 mutability); a plain invited user moves', async () => {
    const t = await scimTenant();
    const sales = await unitOf(t, `Sales ${tag()}`);
    const admin = await createMember(t, {
      username: `adm${tag()}`,
      role: 'admin',
      unitId: sales,
      adminUnitIds: [sales],
    });
    expectStatus(admin, 201, 'POST invited admin');
    const plain = await createMember(t, { username: `usr${tag()}`, unitId: sales });
    expectStatus(plain, 201, 'POST invited user');
    const path = 'emails[type eq "work"].value';
    const adminId = (admin.body as { id: string }).id;
    // the connection sees the admin (strictly inside its scope), so the refusal is about the email, not visibility
    expectStatus(await t.scim('GET', `/Users/${adminId}`), 200);
    const refused = await t.scim(
      'PATCH',
      `/Users/${adminId}`,
      patchOp({ op: 'replace', path, value: `taken.${tag()}@example.com` }),
    );
    expectScimError(refused, 400, 'mutability');
    expect((refused.body as { detail: string }).detail).toMatch(/role or grants/);
    const unchanged = await call('GET', `/v1/accounts/${t.accountId}/users/${adminId}`, { token: t.token });
    expect((unchanged.body as { email: string }).email).toBe((admin.body as { email: string }).email);
    // positive control: a plain invited user made the same way
    const address = `moved.${tag()}@example.com`;
    const moved = await t.scim(
      'PATCH',
      `/Users/${(plain.body as { id: string }).id}`,
      patchOp({ op: 'replace', path, value: address }),
    );
    expectStatus(moved, 200);
    expect(moved.body).toMatchObject({ emails: [{ value: address }] });
  });
});

describe('DELETE /Users/{id} and If-Match', () => {
  it('a stale version is 412 and closes nothing; the current one is 204', async () => {
    const t = await scimTenant();
    const doc = await created(t.scim, person('Versioned'));
    expectScimError(await t.scim('DELETE', `/Users/${doc.id}`, undefined, { 'if-match': 'W/"99"' }), 412);
    expectStatus(await t.scim('GET', `/Users/${doc.id}`), 200);
    const gone = await t.scim('DELETE', `/Users/${doc.id}`, undefined, { 'if-match': doc.meta.version });
    expect(gone.status).toBe(204);
    expectScimError(await t.scim('GET', `/Users/${doc.id}`), 404);
  });
});

describe('PATCH and id', () => {
  it('a path-less value with another id is 400 mutability and changes nothing; its own id is ignored', async () => {
    const t = await scimTenant();
    const doc = await created(t.scim, person('Ided'));
    const other = await t.scim(
      'PATCH',
      `/Users/${doc.id}`,
      patchOp({ op: 'replace', value: { id: 'someone-else', title: 'X' } }),
    );
    expectScimError(other, 400, 'mutability');
    expect((await t.scim('GET', `/Users/${doc.id}`)).body).not.toHaveProperty('title');
    const own = await t.scim(
      'PATCH',
      `/Users/${doc.id}`,
      patchOp({ op: 'replace', value: { id: doc.id, title: 'Y' } }),
    );
    expectStatus(own, 200);
    expect(own.body).toMatchObject({ id: doc.id, title: 'Y' });
  });
});

describe('values too long for a key', () => {
  it('a filter value over 512 bytes is 400 invalidFilter; a key attribute over 512 bytes 400 invalidValue', async () => {
    const t = await scimTenant();
    for (const attribute of ['userName', 'externalId', 'emails.value', 'id'])
      expectScimError(
        await t.scim('GET', `/Users${filter(`${attribute} eq "${'x'.repeat(1500)}"`)}`),
        400,
        'invalidFilter',
      );
    expectScimError(
      await t.scim('POST', '/Users', person('Euro', { externalId: '€'.repeat(171) })),
      400,
      'invalidValue',
    );
    // positive controls: 512 bytes filter to no match; 170 euro signs (510 bytes) are stored
    const none = await t.scim('GET', `/Users${filter(`externalId eq "${'x'.repeat(512)}"`)}`);
    expectStatus(none, 200);
    expect((none.body as ListBody).totalResults).toBe(0);
    const euro = '€'.repeat(170);
    const doc = await created(t.scim, person('Euro2', { externalId: euro }));
    const found = await t.scim('GET', `/Users${filter(`externalId eq "${euro}"`)}`);
    expect((found.body as ListBody).Resources.map((x) => x.id)).toEqual([doc.id]);
  });
});

describe("a connection's unit and its system user's scope", () => {
  it('a unitId outside the scope is refused at PATCH time (400 naming the field); inside it is kept', async () => {
    const manager = await newOrg('Scoped connection');
    const [emea, apac] = [await unitOf(manager, 'EMEA'), await unitOf(manager, 'APAC')];
    const berlin = await unitOf(manager, 'Berlin', emea);
    const { adminId } = await connect(manager, { unitId: emea });
    const patch = (unitId: string) =>
      call('PATCH', `/v1/accounts/${manager.accountId}/users/${adminId}`, {
        token: manager.token,
        body: { scim: { unitId } },
      });
    for (const unitId of [apac, manager.rootId]) {
      const refused = await patch(unitId);
      expectStatus(refused, 400, 'PATCH scim.unitId out of scope');
      expect(JSON.stringify(refused.body)).toContain('scim.unitId');
    }
    // positive control
    const kept = await patch(berlin);
    expectStatus(kept, 200);
    expect(kept.body).toMatchObject({ scim: { unitId: berlin } });
  });

  it('unitFromDepartment naming an out-of-scope unit places inside the scope; an in-scope one wins', async () => {
    const manager = await newOrg('Scoped placement');
    const [emea, apac] = [await unitOf(manager, 'EMEA'), await unitOf(manager, 'APAC')];
    const berlin = await unitOf(manager, 'Berlin', emea);
    expect(apac).toBeTruthy();
    const { scim } = await connect(manager, { unitId: emea, settings: { unitFromDepartment: true } });
    const unitOfMember = async (id: string) =>
      (
        (await call('GET', `/v1/accounts/${manager.accountId}/users/${id}`, { token: manager.token })).body as {
          unitId: string;
        }
      ).unitId;
    const outside = await created(scim, person('Out', { [SCIM_ENTERPRISE]: { department: 'apac' } }));
    expect(await unitOfMember(outside.id)).toBe(emea);
    // positive control: a department naming a unit in its scope places there
    const inside = await created(scim, person('In', { [SCIM_ENTERPRISE]: { department: 'BERLIN' } }));
    expect(await unitOfMember(inside.id)).toBe(berlin);
  });
});
