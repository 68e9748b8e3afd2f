/**
 * Okta's and Google's provisioning clients as their vendors document them, and Okta's SPEC test (R1–R12).
 *
 * Sources:
 * - O1: developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20 (okta-developer-docs
 *   `docs/reference/scim/scim-20/index.md`): "Determine if the User already exists", "Create the User", "Update a
 *   specific User (PUT)" (custom App Integration Wizard apps: every update, deactivation included, is a PUT of the
 *   whole user), "Update a specific User (PATCH)" (OIN apps: `{"op":"replace","value":{"active":false}}`), "Create
 *   Groups", "Update a specific Group name" (path-less `{id, displayName}`), "Update specific Group membership"
 *   (`remove members[value eq]` + `add`, and `replace members`), "Delete a specific Group".
 * - O2: developer.okta.com/docs/guides/scim-provisioning-integration-prepare (OIN guide: base URL without `_`, bearer
 *   token, `userName` filter with `eq`, pagination with integer counts).
 * - Okta SCIM 2.0 SPEC test (developer.okta.com/standards/SCIM/SCIMFiles/Okta-SCIM-20-SPEC-Test.json), R1–R12.
 * - Google Workspace automated provisioning (support.google.com/a/answer/9291789): a user deleted in Google is a
 *   hard `DELETE /Users/{id}`, with or without an earlier suspension, and the same user name may come back later.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../../builders/api.ts';
import { call } from '../../support/http.ts';
import {
  createScimGroup,
  createScimUser,
  expectList,
  expectScimError,
  filter,
  patchOp,
  SCIM_ERROR,
  SCIM_GROUP,
  SCIM_LIST,
  SCIM_USER,
  scimAccount,
  scimBase,
  scimClient,
  scimUserBody,
  unique,
  type ScimTenant,
} from '../../support/scim.ts';

let t: ScimTenant;
const directory = (userId: string) => call('GET', `/v1/accounts/${t.accountId}/users/${userId}`, { token: t.token });
const memberIds = (group: { members?: { value: string }[] }) => (group.members ?? []).map((m) => m.value).sort();

/** O1 "Create the User" request (Okta always sends a `password`, `groups` and `locale`; they are ignored). */
const oktaCreateUser = (label: string) => {
  const userName = `${unique(label)}@okta.local`;
  return {
    schemas: [SCIM_USER],
    userName,
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: `00u${randomUUID().replaceAll('-', '').slice(0, 17)}`,
    groups: [],
    password: '1mz050nq',
    active: true,
  };
};

beforeAll(async () => {
  t = await scimAccount('Okta Conformance');
});

describe('Okta OIN and custom-app requests (O1)', () => {
  it('GET with filter userName eq, then POST: 201 with the user, no password echoed; the Okta query form works', async () => {
    const body = oktaCreateUser('okta-create');
    const query = `?filter=userName%20eq%20%22${encodeURIComponent(body.userName)}%22&startIndex=1&count=100`;
    expectList(await t.scim('GET', `/Users${query}`), []);
    const r = await t.scim('POST', '/Users', body);
    expectStatus(r, 201, 'POST /Users');
    expect(r.body).toMatchObject({
      userName: body.userName,
      externalId: body.externalId,
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ value: body.userName, type: 'work', primary: true }],
      active: true,
    });
    expect(r.body).not.toHaveProperty('password');
    expectList(await t.scim('GET', `/Users${query}`), [r.body.id]);
  });

  it('custom app: GET, then PUT of the whole user with a changed name, then PUT with active false deactivates', async () => {
    const user = await createScimUser(t.scim, oktaCreateUser('okta-put'));
    const read = await t.scim('GET', `/Users/${user.id}`);
    expectStatus(read, 200);
    // O1 "Update the User": Okta sends back what it read, with middleName, groups and meta beside the change
    const put = await t.scim('PUT', `/Users/${user.id}`, {
      schemas: [SCIM_USER],
      id: user.id,
      userName: user.userName,
      name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
      emails: [{ primary: true, value: user.userName, type: 'work', display: user.userName }],
      active: true,
      groups: [],
      meta: { resourceType: 'User' },
    });
    expectStatus(put, 200, 'PUT');
    expect(put.body).toMatchObject({ id: user.id, name: { givenName: 'Another', familyName: 'User' }, active: true });
    expect((await directory(user.id)).body).toMatchObject({ firstName: 'Another', status: 'invited' });

    const off = await t.scim('PUT', `/Users/${user.id}`, { ...put.body, active: false });
    expectStatus(off, 200, 'PUT active false');
    expect(off.body).toMatchObject({ active: false, name: { givenName: 'Another' } });
    expect((await directory(user.id)).body).toMatchObject({ status: 'deactivated' });
    // a PUT without active keeps the status
    const { active: _, ...withoutActive } = off.body;
    const kept = await t.scim('PUT', `/Users/${user.id}`, { ...withoutActive, title: 'Kept' });
    expectStatus(kept, 200, 'PUT without active');
    expect(kept.body).toMatchObject({ active: false, title: 'Kept' });
  });

  it('OIN app: PATCH {"op":"replace","value":{"active":false}} deactivates, {"active":true} reactivates', async () => {
    const user = await createScimUser(t.scim, oktaCreateUser('okta-patch'));
    const off = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', value: { active: false } }));
    expectStatus(off, 200, 'PATCH');
    expect(off.body).toMatchObject({ id: user.id, active: false });
    expect((await directory(user.id)).body).toMatchObject({ status: 'deactivated' });
    const on = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', value: { active: true } }));
    expectStatus(on, 200, 'PATCH');
    expect(on.body).toMatchObject({ active: true });
    expect((await directory(user.id)).body).toMatchObject({ status: 'invited' });
  });

  it('groups: create with members [], remove members[value eq] + add in one PATCH, replace members, rename', async () => {
    const [a, b, c] = [
      await createScimUser(t.scim, oktaCreateUser('okta-ga')),
      await createScimUser(t.scim, oktaCreateUser('okta-gb')),
      await createScimUser(t.scim, oktaCreateUser('okta-gc')),
    ];
    const created = await t.scim('POST', '/Groups', {
      schemas: [SCIM_GROUP],
      displayName: `Test SCIMv2 ${unique('g')}`,
      members: [],
    });
    expectStatus(created, 201, 'POST /Groups');
    const group = created.body as { id: string; displayName: string };
    // seed b, then Okta's membership update: remove b by filter, add a
    expectStatus(
      await t.scim('PATCH', `/Groups/${group.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: b.id }] })),
      204,
    );
    const swap = await t.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp(
        { op: 'remove', path: `members[value eq "${b.id}"]` },
        { op: 'add', path: 'members', value: [{ value: a.id, display: a.userName }] },
      ),
    );
    expect([200, 204]).toContain(swap.status);
    expect(memberIds((await t.scim('GET', `/Groups/${group.id}`)).body)).toEqual([a.id]);
    // a full push of the membership
    const replace = await t.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp({
        op: 'replace',
        path: 'members',
        value: [
          { value: b.id, display: b.userName },
          { value: c.id, display: c.userName },
        ],
      }),
    );
    expect([200, 204]).toContain(replace.status);
    expect(memberIds((await t.scim('GET', `/Groups/${group.id}`)).body)).toEqual([b.id, c.id].sort());
    // rename: a path-less value with the group's id beside the new name ("triggered with each membership update")
    const renamed = `Test SCIMv20 ${unique('g')}`;
    const rename = await t.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp({ op: 'replace', value: { id: group.id, displayName: renamed } }),
    );
    expect([200, 204], JSON.stringify(rename.body)).toContain(rename.status);
    const read = await t.scim('GET', `/Groups/${group.id}`);
    expect(read.body).toMatchObject({ id: group.id, displayName: renamed });
    expect(memberIds(read.body)).toEqual([b.id, c.id].sort()); // a rename leaves the members alone
    // and the same rename sent again (Okta repeats it) changes nothing
    const repeat = await t.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp({ op: 'replace', value: { id: group.id, displayName: renamed } }),
    );
    expect([200, 204]).toContain(repeat.status);
    // remove all members
    expectStatus(await t.scim('PATCH', `/Groups/${group.id}`, patchOp({ op: 'remove', path: 'members' })), 204);
    expect(memberIds((await t.scim('GET', `/Groups/${group.id}`)).body)).toEqual([]);
    // delete
    expectStatus(await t.scim('DELETE', `/Groups/${group.id}`), 204);
    expectScimError(await t.scim('GET', `/Groups/${group.id}`), 404);
  });

  it('pagination: 1-based startIndex, count, a stable order, an exact totalResults; count=0 gives the total only', async () => {
    for (let i = 0; i < 5; i++) await createScimUser(t.scim, oktaCreateUser(`okta-page-${i}`));
    const all = await t.scim('GET', '/Users?startIndex=1&count=100');
    expectStatus(all, 200);
    const total = all.body.totalResults as number;
    expect(total).toBe(all.body.Resources.length);
    expect(total).toBeGreaterThanOrEqual(5);
    const ids = (all.body.Resources as { id: string }[]).map((u) => u.id);
    const paged: string[] = [];
    for (let start = 1; start <= total; start += 2) {
      const page = await t.scim('GET', `/Users?startIndex=${start}&count=2`);
      expectStatus(page, 200);
      expect(page.body).toMatchObject({ totalResults: total, startIndex: start });
      expect(page.body.itemsPerPage).toBe(page.body.Resources.length);
      paged.push(...(page.body.Resources as { id: string }[]).map((u) => u.id));
    }
    expect(paged).toEqual(ids);
    const zero = await t.scim('GET', '/Users?count=0');
    expectStatus(zero, 200);
    expect(zero.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    const below = await t.scim('GET', '/Users?startIndex=0&count=1');
    expect(below.body).toMatchObject({ startIndex: 1, Resources: [{ id: ids[0] }] });
  });
});

describe('Okta SPEC test (R1–R12)', () => {
  let seeded: { id: string; userName: string };
  const randomUsername = `${unique('jordan.rivera')}@example.com`;
  let idUserOne: string;
  beforeAll(async () => {
    // R1/R2 need at least one user in the store before the suite runs
    seeded = await createScimUser(t.scim, {
      schemas: [SCIM_USER],
      userName: `${unique('morgan.chen')}@example.com`,
      name: { givenName: 'Morgan', familyName: 'Chen' },
      emails: [{ value: `${unique('morgan')}@example.com`, type: 'work', primary: true }],
      displayName: 'Morgan Chen',
      active: true,
    });
  });

  it('R1: GET /Users?count=1&startIndex=1 lists a user with id, names, userName, active, email', async () => {
    const r = await t.scim('GET', '/Users?count=1&startIndex=1');
    expectStatus(r, 200);
    expect(r.body.schemas).toContain(SCIM_LIST);
    for (const field of ['itemsPerPage', 'startIndex', 'totalResults']) expect(typeof r.body[field]).toBe('number');
    expect(r.body.Resources).toHaveLength(1);
    const [u] = r.body.Resources;
    expect(u.id && u.name.familyName && u.name.givenName && u.userName && u.emails[0].value).toBeTruthy();
    expect(typeof u.active).toBe('boolean');
  });

  it('R2: GET /Users/{id}', async () => {
    const r = await t.scim('GET', `/Users/${seeded.id}`);
    expectStatus(r, 200);
    expect(r.body).toMatchObject({
      id: seeded.id,
      userName: seeded.userName,
      active: true,
      name: { givenName: 'Morgan' },
    });
  });

  it('R3: an unknown userName filters to 0 results', async () => {
    expectList(await t.scim('GET', `/Users${filter('userName eq "nonexistent-user@example.invalid"')}`), []);
  });

  it('R4: an unknown id is 404 with a detail', async () => {
    const r = await t.scim('GET', '/Users/00000000000000000000');
    expectScimError(r, 404);
    expect(r.body.detail).toBeTruthy();
  });

  it('R5: the random user does not exist yet', async () => {
    expectList(await t.scim('GET', `/Users${filter(`userName eq "${randomUsername}"`)}`), []);
  });

  it('R6: creates the user with realistic values (sent as application/json)', async () => {
    const r = await t.scim(
      'POST',
      '/Users',
      {
        schemas: [SCIM_USER],
        userName: randomUsername,
        name: { givenName: 'Jordan', familyName: 'Rivera' },
        emails: [{ primary: true, value: `primary.${randomUsername}`, type: 'work' }],
        displayName: 'Jordan Rivera',
        active: true,
      },
      { 'content-type': 'application/json', accept: 'application/scim+json; charset=utf-8' },
    );
    expectStatus(r, 201, 'R6');
    expect(r.body).toMatchObject({
      active: true,
      userName: randomUsername,
      name: { givenName: 'Jordan', familyName: 'Rivera' },
    });
    expect(r.body.schemas).toContain(SCIM_USER);
    idUserOne = r.body.id;
  });

  it('R7: reads the created user back', async () => {
    const r = await t.scim('GET', `/Users/${idUserOne}`);
    expectStatus(r, 200);
    expect(r.body).toMatchObject({ userName: randomUsername, name: { givenName: 'Jordan', familyName: 'Rivera' } });
  });

  it('R8: creating the same user again is 409 uniqueness', async () => {
    const r = await t.scim('POST', '/Users', {
      schemas: [SCIM_USER],
      userName: randomUsername,
      name: { givenName: 'Jordan', familyName: 'Rivera' },
      emails: [{ primary: true, value: randomUsername, type: 'work' }],
      displayName: 'Jordan Rivera',
      active: true,
    });
    expectScimError(r, 409, 'uniqueness');
  });

  it('R9: an upper-case userName filter answers 200 and finds the user', async () => {
    expectList(await t.scim('GET', `/Users${filter(`userName eq "${randomUsername.toUpperCase()}"`)}`), [idUserOne]);
  });

  it('R10: GET /Groups answers a ListResponse within 600 ms on the local stack', async () => {
    await createScimGroup(t.scim, `R10 ${unique('g')}`);
    await t.scim('GET', '/Groups'); // warm the function, as a deployed one would be
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const r = await t.scim('GET', '/Groups');
      timings.push(performance.now() - started);
      expectStatus(r, 200);
      expect(r.body.schemas).toContain(SCIM_LIST);
      expect(Array.isArray(r.body.Resources)).toBe(true);
    }
    timings.sort((x, y) => x - y);
    expect(timings[2], `GET /Groups ms: ${timings.map((x) => x.toFixed(0)).join(', ')}`).toBeLessThan(600);
  });

  it('R11: a wrong token is 401 with a detail (and Basic auth too); the right one is 200', async () => {
    const bad = await scimClient(t.accountId, 'non-token')('GET', `/Users${filter(`userName eq "${randomUsername}"`)}`);
    expectScimError(bad, 401);
    expect(bad.body.detail).toBeTruthy();
    const basic = await call('GET', `${scimBase(t.accountId)}/Users`, {
      headers: { authorization: `Basic ${Buffer.from(`okta:${t.key}`).toString('base64')}` },
    });
    expectScimError(basic, 401);
    expectStatus(await t.scim('GET', '/Users'), 200);
  });

  it('R12: an unknown id is 404 with the Error schema, status "404" and a detail', async () => {
    const r = await t.scim('GET', '/Users/00919288221112222');
    expectScimError(r, 404);
    expect(r.body.schemas).toEqual([SCIM_ERROR]);
    expect(r.body.detail).toBeTruthy();
  });
});

describe("Google's deletes", () => {
  it('hard DELETE of an active user: 204, then GET and DELETE 404, and the same userName can be created again', async () => {
    const body = scimUserBody('google-delete');
    const user = await createScimUser(t.scim, body);
    const group = await createScimGroup(t.scim, `Google ${unique('g')}`);
    expectStatus(
      await t.scim(
        'PATCH',
        `/Groups/${group.id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: user.id }] }),
      ),
      204,
    );
    expectStatus(await t.scim('DELETE', `/Users/${user.id}`), 204);
    expectScimError(await t.scim('GET', `/Users/${user.id}`), 404);
    expectScimError(await t.scim('DELETE', `/Users/${user.id}`), 404);
    expectList(await t.scim('GET', `/Users${filter(`userName eq "${body.userName}"`)}`), []);
    // the closed member left the group
    expect(memberIds((await t.scim('GET', `/Groups/${group.id}`)).body)).toEqual([]);
    // and the directory shows them closed
    expect((await directory(user.id)).body).toMatchObject({ status: 'closed' });
    // re-created with the same userName and email: a new member
    const again = await createScimUser(t.scim, body);
    expect(again.id).not.toBe(user.id);
    expect(again.userName).toBe(body.userName);
    expectList(await t.scim('GET', `/Users${filter(`userName eq "${body.userName}"`)}`), [again.id]);
  });

  it('DELETE after an earlier suspension (PATCH active false) closes the member too', async () => {
    const user = await createScimUser(t.scim, scimUserBody('google-suspend'));
    expectStatus(await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', value: { active: false } })), 200);
    expectStatus(await t.scim('DELETE', `/Users/${user.id}`), 204);
    expectScimError(await t.scim('GET', `/Users/${user.id}`), 404);
  });
});
