/**
 * Microsoft Entra ID's provisioning client, request for request as Microsoft documents it: the connection test, a
 * user's create, the default PATCH forms (capitalised ops, "False", filtered email paths), the PATCH forms of the
 * `aadOptscim062020` flag (lower-case ops, path-less value objects with dotted and URN keys, `members[value eq]`), and
 * group membership changes by value lists. Fixtures copy the documented bodies; only ids, GUIDs and addresses are made
 * unique to this run.
 *
 * Sources:
 * - E1: learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups
 *   ("SCIM protocol requests and responses": Create User, Get User by query, Update User [Multi-valued] and
 *   [Single-valued], Disable User, Create Group, Get Group, Get Group by displayName, Update Group [Non-member],
 *   [Add Members], [Remove Members], Delete Group; "Test connection").
 * - E2: learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility
 *   ("Flags to alter the SCIM behavior": requests without and with the aadOptscim062020 flag).
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
  sameEmail,
  SCIM_ENTERPRISE,
  SCIM_GROUP,
  SCIM_LIST,
  SCIM_USER,
  scimAccount,
  scimBase,
  scimUserBody,
  type ScimTenant,
} from '../../support/scim.ts';

let t: ScimTenant;
const directory = (userId: string) => call('GET', `/v1/accounts/${t.accountId}/users/${userId}`, { token: t.token });

/** E1 "Create User" request, its GUIDs fresh (Entra sends the Entra user's ids and mail). */
const entraCreateUser = (guid = randomUUID()) => ({
  schemas: [SCIM_USER, SCIM_ENTERPRISE],
  externalId: randomUUID(),
  userName: `Test_User_${guid}`,
  active: true,
  emails: [{ primary: true, type: 'work', value: `Test_User_${randomUUID()}@testuser.com` }],
  meta: { resourceType: 'User' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
});

beforeAll(async () => {
  t = await scimAccount('Entra Conformance');
});

describe('Entra test connection (E1)', () => {
  it('a filter on a random GUID answers 200 with an empty ListResponse, never 404; an existing user is found', async () => {
    for (const attribute of ['userName', 'externalId', 'emails[type eq "work"].value']) {
      const r = await t.scim('GET', `/Users${filter(`${attribute} eq "${randomUUID()}"`)}`);
      expectList(r, []);
      expect(r.body).toMatchObject({ Resources: [] });
    }
    // positive control: the same filters find a user that exists
    const body = entraCreateUser();
    const user = await createScimUser(t.scim, body);
    for (const [attribute, value] of [
      ['userName', body.userName],
      ['externalId', body.externalId],
      ['emails[type eq "work"].value', body.emails[0].value],
    ]) {
      expectList(await t.scim('GET', `/Users${filter(`${attribute} eq "${value}"`)}`), [user.id]);
    }
  });
});

describe('Entra users, default PATCH forms (E1, E2 without the flag)', () => {
  it('creates a user from the documented body: 201, Location, userName kept, roles ignored, an invited member', async () => {
    const body = entraCreateUser();
    const r = await t.scim('POST', '/Users', body);
    expectStatus(r, 201, 'POST /Users');
    expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
    const user = r.body;
    expect(user).toMatchObject({
      schemas: expect.arrayContaining([SCIM_USER]),
      id: expect.any(String),
      externalId: body.externalId,
      userName: body.userName,
      name: { givenName: 'givenName', familyName: 'familyName', formatted: 'givenName familyName' },
      displayName: 'givenName familyName',
      active: true,
      emails: [{ value: sameEmail(body.emails[0].value), type: 'work', primary: true }],
      meta: { resourceType: 'User', created: expect.any(String), lastModified: expect.any(String) },
    });
    expect(user).not.toHaveProperty('roles');
    expect(user.meta.version).toMatch(/^W\/"\d+"$/);
    expect(r.headers.location).toBe(user.meta.location);
    expect(user.meta.location).toMatch(new RegExp(`${scimBase(t.accountId)}/Users/${user.id}$`));
    // the Location reads back the same resource
    const again = await t.scim('GET', `/Users/${user.id}`);
    expectStatus(again, 200);
    expect(again.body).toMatchObject({ id: user.id, userName: body.userName, externalId: body.externalId });
    // the directory has an invited member with the role user and a valid username derived from it
    const member = await directory(user.id);
    expectStatus(member, 200);
    expect(member.body).toMatchObject({
      status: 'invited',
      role: 'user',
      firstName: 'givenName',
      lastName: 'familyName',
    });
    expect(member.body.username).toMatch(/^[a-z0-9._-]{3,20}$/);
    expect(member.body.email.toLowerCase()).toBe(body.emails[0].value.toLowerCase());
  });

  it('Get User by query finds it case-insensitively; a missing id is a 404 SCIM error', async () => {
    const body = entraCreateUser();
    const user = await createScimUser(t.scim, body);
    expectList(await t.scim('GET', `/Users${filter(`userName eq "${body.userName}"`)}`), [user.id]);
    expectList(await t.scim('GET', `/Users${filter(`userName eq "${body.userName.toLowerCase()}"`)}`), [user.id]);
    expectList(await t.scim('GET', `/Users${filter('userName eq "non-existent user"')}`), []);
    expectScimError(await t.scim('GET', '/Users/5171a35d82074e068ce2'), 404);
    expectStatus(await t.scim('GET', `/Users/${user.id}`), 200); // positive control
  });

  it('Update User [Multi-valued]: Replace of emails[type eq "work"].value and name.familyName', async () => {
    const user = await createScimUser(t.scim, entraCreateUser());
    const email = `updatedEmail.${randomUUID()}@microsoft.com`;
    const r = await t.scim(
      'PATCH',
      `/Users/${user.id}`,
      patchOp(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: email },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ),
    );
    expectStatus(r, 200, 'PATCH');
    expect(r.body).toMatchObject({
      id: user.id,
      name: { givenName: 'givenName', familyName: 'updatedFamilyName', formatted: 'givenName updatedFamilyName' },
      emails: [{ value: sameEmail(email), type: 'work', primary: true }],
    });
    const member = await directory(user.id);
    expect(member.body).toMatchObject({ lastName: 'updatedFamilyName' });
    expect(member.body.email.toLowerCase()).toBe(email.toLowerCase());
  });

  it('Update User [Single-valued]: Replace of userName; the new name is found, the old one no longer', async () => {
    const body = entraCreateUser();
    const user = await createScimUser(t.scim, body);
    const renamed = `${randomUUID()}@testuser.com`;
    const r = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'Replace', path: 'userName', value: renamed }));
    expectStatus(r, 200, 'PATCH');
    expect(r.body).toMatchObject({ id: user.id, userName: renamed });
    expectList(await t.scim('GET', `/Users${filter(`userName eq "${renamed}"`)}`), [user.id]);
    expectList(await t.scim('GET', `/Users${filter(`userName eq "${body.userName}"`)}`), []);
  });

  it('Disable User: Replace active "False" (a string, as Entra sends it) deactivates; "True" reactivates', async () => {
    const user = await createScimUser(t.scim, entraCreateUser());
    const off = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
    expectStatus(off, 200, 'PATCH active "False"');
    expect(off.body).toMatchObject({ id: user.id, active: false });
    expect((await directory(user.id)).body).toMatchObject({ status: 'deactivated' });
    // a deactivated user is still read (200, active false), as Entra expects
    expect((await t.scim('GET', `/Users/${user.id}`)).body).toMatchObject({ active: false });
    // idempotent
    const again = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'Replace', path: 'active', value: false }));
    expectStatus(again, 200);
    expect(again.body).toMatchObject({ active: false });
    const on = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'Replace', path: 'active', value: 'True' }));
    expectStatus(on, 200, 'PATCH active "True"');
    expect(on.body).toMatchObject({ active: true });
    expect((await directory(user.id)).body).toMatchObject({ status: 'invited' }); // never accepted: invited again
    // anything but a boolean or its spelling is refused, and changes nothing
    const bad = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'Replace', path: 'active', value: 'nope' }));
    expectScimError(bad, 400, 'invalidValue');
    expect((await t.scim('GET', `/Users/${user.id}`)).body).toMatchObject({ active: true });
  });

  it('Add of emails[type eq "work"].value and name.givenName (Entra on a user that lacks them)', async () => {
    const user = await createScimUser(t.scim, entraCreateUser());
    const email = `added.${randomUUID()}@testuser.com`;
    const r = await t.scim(
      'PATCH',
      `/Users/${user.id}`,
      patchOp(
        { op: 'Add', path: 'emails[type eq "work"].value', value: email },
        { op: 'Add', path: 'name.givenName', value: 'Addedgiven' },
        { op: 'Add', path: 'title', value: 'Engineer' },
        { op: 'Add', path: `${SCIM_ENTERPRISE}:department`, value: 'Research' },
      ),
    );
    expectStatus(r, 200, 'PATCH Add');
    expect(r.body).toMatchObject({
      name: { givenName: 'Addedgiven', familyName: 'familyName' },
      emails: [{ value: sameEmail(email), type: 'work', primary: true }],
      title: 'Engineer',
      [SCIM_ENTERPRISE]: { department: 'Research' },
    });
  });

  it('E2 "replace multiple attributes" without the flag: six Replace operations, one of them on an extension URN', async () => {
    const user = await createScimUser(t.scim, entraCreateUser());
    const email = `TestBcwqnm.${randomUUID()}@test.microsoft.com`;
    const externalId = `Eqpj-${randomUUID()}`;
    const r = await t.scim(
      'PATCH',
      `/Users/${user.id}`,
      patchOp(
        { op: 'Replace', path: 'displayName', value: 'Pvlo' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: email },
        { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
        { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
        { op: 'Replace', path: 'externalId', value: externalId },
        { op: 'Replace', path: `${SCIM_ENTERPRISE}:employeeNumber`, value: 'Eqpj' },
      ),
    );
    expectStatus(r, 200, 'PATCH');
    expect(r.body).toMatchObject({
      externalId,
      name: { givenName: 'Gtfd', familyName: 'Pkqf' },
      displayName: 'Gtfd Pkqf', // derived from the names, whatever displayName was sent
      emails: [{ value: sameEmail(email) }],
      [SCIM_ENTERPRISE]: { employeeNumber: 'Eqpj' },
    });
  });

  it('an empty Operations list is a 200 no-op', async () => {
    const user = await createScimUser(t.scim, entraCreateUser());
    const r = await t.scim('PATCH', `/Users/${user.id}`, patchOp());
    expectStatus(r, 200, 'PATCH []');
    expect(r.body).toMatchObject({ id: user.id, userName: user.userName, name: user.name });
  });
});

describe('Entra users, aadOptscim062020 PATCH forms (E2 with the flag)', () => {
  it('disable: replace active false (a boolean)', async () => {
    const user = await createScimUser(t.scim, entraCreateUser());
    const r = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: false }));
    expectStatus(r, 200);
    expect(r.body).toMatchObject({ active: false });
    expect((await directory(user.id)).body).toMatchObject({ status: 'deactivated' });
  });

  it('replace multiple attributes: a filtered email path, then a path-less value with dotted and URN keys', async () => {
    const user = await createScimUser(t.scim, entraCreateUser());
    const email = `TestMhvaes.${randomUUID()}@test.microsoft.com`;
    const r = await t.scim(
      'PATCH',
      `/Users/${user.id}`,
      patchOp(
        { op: 'replace', path: 'emails[type eq "work"].value', value: email },
        {
          op: 'replace',
          value: {
            displayName: 'Bjfe',
            'name.givenName': 'Kkom',
            'name.familyName': 'Unua',
            [`${SCIM_ENTERPRISE}:employeeNumber`]: 'Aklq',
          },
        },
      ),
    );
    expectStatus(r, 200, 'PATCH');
    expect(r.body).toMatchObject({
      name: { givenName: 'Kkom', familyName: 'Unua', formatted: 'Kkom Unua' },
      displayName: 'Kkom Unua',
      emails: [{ value: sameEmail(email), type: 'work', primary: true }],
      [SCIM_ENTERPRISE]: { employeeNumber: 'Aklq' },
    });
    expect((await directory(user.id)).body).toMatchObject({ firstName: 'Kkom', lastName: 'Unua' });
  });

  it('add of a single-value attribute (lower-case op) and a nested extension object in a path-less value', async () => {
    const user = await createScimUser(t.scim, entraCreateUser());
    const r = await t.scim(
      'PATCH',
      `/Users/${user.id}`,
      patchOp(
        { op: 'add', path: 'title', value: 'Babs' },
        { op: 'add', value: { [SCIM_ENTERPRISE]: { department: 'Finance', costCenter: 'CC-7' } } },
      ),
    );
    expectStatus(r, 200, 'PATCH');
    expect(r.body).toMatchObject({ title: 'Babs', [SCIM_ENTERPRISE]: { department: 'Finance', costCenter: 'CC-7' } });
  });

  it('a failing operation changes nothing (all or nothing); remove without a path is 400 noTarget', async () => {
    const user = await createScimUser(t.scim, entraCreateUser());
    const mixed = await t.scim(
      'PATCH',
      `/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'name.givenName', value: 'Never' }, { op: 'replace', path: 'id', value: 'x' }),
    );
    expectScimError(mixed, 400, 'mutability');
    expectScimError(await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'remove' })), 400, 'noTarget');
    expect((await t.scim('GET', `/Users/${user.id}`)).body).toMatchObject({ name: { givenName: 'givenName' } });
    // positive control: the first operation alone applies
    const alone = await t.scim(
      'PATCH',
      `/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'name.givenName', value: 'Applied' }),
    );
    expectStatus(alone, 200);
    expect(alone.body).toMatchObject({ name: { givenName: 'Applied' } });
  });
});

describe('Entra groups (E1 group operations, E2 member removal)', () => {
  let members: { id: string }[];
  beforeAll(async () => {
    members = [];
    for (let i = 0; i < 3; i++) members.push(await createScimUser(t.scim, scimUserBody(`entra-member-${i}`)));
  });

  it('Create Group with the ADSCIM schema URN beside the core one: 201, an empty member list', async () => {
    const externalId = randomUUID();
    const displayName = `displayName ${randomUUID()}`;
    const r = await t.scim('POST', '/Groups', {
      schemas: [SCIM_GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId,
      displayName,
      meta: { resourceType: 'Group' },
    });
    expectStatus(r, 201, 'POST /Groups');
    expect(r.body).toMatchObject({ schemas: [SCIM_GROUP], id: expect.any(String), externalId, displayName });
    expect(r.body.members ?? []).toEqual([]);
    expect(r.body.meta).toMatchObject({ resourceType: 'Group', location: r.headers.location });
  });

  it('Get Group and Get Group by displayName with excludedAttributes=members carry no members', async () => {
    const group = await createScimGroup(t.scim, `Excluded ${randomUUID()}`, { externalId: randomUUID() });
    expectStatus(
      await t.scim(
        'PATCH',
        `/Groups/${group.id}`,
        patchOp({ op: 'Add', path: 'members', value: [{ value: members[0].id }] }),
      ),
      204,
    );
    const one = await t.scim('GET', `/Groups/${group.id}?excludedAttributes=members`);
    expectStatus(one, 200);
    expect(one.body).toMatchObject({ id: group.id, displayName: group.displayName, externalId: group.externalId });
    expect(one.body).not.toHaveProperty('members');
    const listed = await t.scim(
      'GET',
      `/Groups${filter(`displayName eq "${group.displayName}"`, 'excludedAttributes=members')}`,
    );
    expectList(listed, [group.id]);
    expect(listed.body.Resources[0]).not.toHaveProperty('members');
    // positive control: without the exclusion the member is there
    const full = await t.scim('GET', `/Groups/${group.id}`);
    expect(full.body.members).toEqual([expect.objectContaining({ value: members[0].id })]);
  });

  it('Update Group [Non-member attributes]: Replace displayName → 204, the new name is found', async () => {
    const group = await createScimGroup(t.scim, `Before ${randomUUID()}`);
    const renamed = `${randomUUID()}updatedDisplayName`;
    const r = await t.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp({ op: 'Replace', path: 'displayName', value: renamed }),
    );
    expectStatus(r, 204, 'PATCH displayName');
    expectList(await t.scim('GET', `/Groups${filter(`displayName eq "${renamed}"`)}`), [group.id]);
    expectList(await t.scim('GET', `/Groups${filter(`displayName eq "${group.displayName}"`)}`), []);
  });

  it('Update Group [Add Members] and [Remove Members]: path members with value lists ($ref null), 204 each', async () => {
    const group = await createScimGroup(t.scim, `Members ${randomUUID()}`);
    const add = await t.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp({ op: 'Add', path: 'members', value: members.map((m) => ({ $ref: null, value: m.id })) }),
    );
    expectStatus(add, 204, 'PATCH Add members');
    const after = await t.scim('GET', `/Groups/${group.id}`);
    expect((after.body.members as { value: string }[]).map((m) => m.value).sort()).toEqual(
      members.map((m) => m.id).sort(),
    );
    expect(after.body.members[0]).toMatchObject({ type: 'User', display: expect.any(String) });
    // the regular API sees the same membership
    const viaApi = await call('GET', `/v1/accounts/${t.accountId}/groups/${group.id}`, { token: t.token });
    expect(viaApi.body).toMatchObject({ memberCount: 3 });

    const remove = await t.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp({ op: 'Remove', path: 'members', value: [{ $ref: null, value: members[0].id }] }),
    );
    expectStatus(remove, 204, 'PATCH Remove members');
    const left = await t.scim('GET', `/Groups/${group.id}`);
    expect((left.body.members as { value: string }[]).map((m) => m.value).sort()).toEqual(
      [members[1].id, members[2].id].sort(),
    );
    // E2 with the flag: remove by members[value eq "…"]
    const byFilter = await t.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp({ op: 'remove', path: `members[value eq "${members[1].id}"]` }),
    );
    expectStatus(byFilter, 204, 'PATCH remove members[value eq]');
    const last = await t.scim('GET', `/Groups/${group.id}`);
    expect((last.body.members as { value: string }[]).map((m) => m.value)).toEqual([members[2].id]);
    // membership filter (Entra checks a reference with members[value eq])
    expectList(
      await t.scim('GET', `/Groups${filter(`id eq "${group.id}" and members[value eq "${members[2].id}"]`)}`),
      [group.id],
    );
    expectList(
      await t.scim('GET', `/Groups${filter(`id eq "${group.id}" and members[value eq "${members[0].id}"]`)}`),
      [],
    );
  });

  it('an unknown member is 400 invalidValue and nothing of the request is applied', async () => {
    const group = await createScimGroup(t.scim, `Unknown ${randomUUID()}`);
    const r = await t.scim(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp({
        op: 'Add',
        path: 'members',
        value: [{ value: members[0].id }, { value: '01UNKNOWNMEMBER000000000000' }],
      }),
    );
    expectScimError(r, 400, 'invalidValue');
    expect((await t.scim('GET', `/Groups/${group.id}`)).body.members ?? []).toEqual([]);
  });

  it('Delete Group: 204, then 404', async () => {
    const group = await createScimGroup(t.scim, `Doomed ${randomUUID()}`);
    expectStatus(await t.scim('GET', `/Groups/${group.id}`), 200); // positive control
    expectStatus(await t.scim('DELETE', `/Groups/${group.id}`), 204);
    expectScimError(await t.scim('GET', `/Groups/${group.id}`), 404);
    expectScimError(await t.scim('DELETE', `/Groups/${group.id}`), 404);
  });

  it('the ListResponse counts are integers (Okta and Entra both read them as numbers)', async () => {
    const r = await t.scim('GET', '/Groups?startIndex=1&count=100');
    expectStatus(r, 200);
    expect(r.body).toMatchObject({ schemas: [SCIM_LIST], startIndex: 1 });
    expect(Number.isInteger(r.body.totalResults)).toBe(true);
    expect(Number.isInteger(r.body.itemsPerPage)).toBe(true);
  });
});
