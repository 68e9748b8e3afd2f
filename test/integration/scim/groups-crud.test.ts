/**
 * SCIM `/Groups` over HTTP: create (201, Location, uniqueness of displayName and externalId, racing POSTs), read with
 * and without members, filters, paging, PUT, the PATCH forms of Entra and Okta, DELETE; members the connection may not
 * manage are refused (400) and never shown; another account's connection sees nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMember, expectStatus, type Target } from '../../builders/api.ts';
import { call } from '../../support/http.ts';
import {
  SCIM_GROUP,
  expectList,
  expectScimError,
  filter,
  patchOp,
  scimAccount,
  scimConnection,
  type ScimTenant,
  unique,
} from '../../support/scim.ts';

type GroupDoc = {
  id: string;
  displayName: string;
  externalId?: string;
  members?: { value: string; display: string; type: string }[];
  meta: { resourceType: string; created: string; lastModified: string; location: string; version: string };
};

let acme: ScimTenant;
let other: ScimTenant;
let people: Target[];

const groupBody = (over: Record<string, unknown> = {}) => ({
  schemas: [SCIM_GROUP],
  displayName: unique('Group'),
  ...over,
});
async function newGroup(over: Record<string, unknown> = {}, tenant = acme): Promise<GroupDoc> {
  const r = await tenant.scim('POST', '/Groups', groupBody(over));
  expectStatus(r, 201, 'POST /Groups');
  return r.body as GroupDoc;
}
const memberIds = (doc: GroupDoc) => (doc.members ?? []).map((m) => m.value).sort();
/** The group's memberCount as the REST API (the account manager) sees it: exact, all members. */
async function memberCount(id: string): Promise<number> {
  const r = await call('GET', `/v1/accounts/${acme.accountId}/groups/${id}`, { token: acme.token });
  expectStatus(r, 200);
  return (r.body as { memberCount: number }).memberCount;
}

beforeAll(async () => {
  [acme, other] = await Promise.all([scimAccount('Scim Groups Co'), scimAccount('Other Scim Groups Co')]);
  people = await Promise.all(
    Array.from({ length: 4 }, () => createMember(acme, { firstName: 'Pat', lastName: 'Lee' })),
  );
});

describe('POST and GET /Groups', () => {
  it('creates a group with members: 201, Location, ETag, the SCIM document; GET answers the same', async () => {
    const name = unique('Sales');
    const r = await acme.scim('POST', '/Groups', {
      schemas: [SCIM_GROUP],
      displayName: name,
      externalId: unique('ext'),
      members: [{ value: people[0].id }, { value: people[1].id, type: 'User' }],
    });
    expectStatus(r, 201);
    const doc = r.body as GroupDoc;
    expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(r.headers.location).toBe(doc.meta.location);
    expect(doc.meta.location).toMatch(new RegExp(`/scim/v2/accounts/${acme.accountId}/Groups/${doc.id}$`));
    expect(r.headers.etag).toBe('W/"1"');
    expect(doc).toMatchObject({
      schemas: [SCIM_GROUP],
      displayName: name,
      meta: { resourceType: 'Group', version: 'W/"1"' },
    });
    expect(doc.members).toEqual(expect.arrayContaining([{ value: people[0].id, display: 'Pat Lee', type: 'User' }]));
    expect(memberIds(doc)).toEqual([people[0].id, people[1].id].sort());
    const read = await acme.scim('GET', `/Groups/${doc.id}`);
    expectStatus(read, 200);
    expect(read.body).toEqual(doc);
    expect(await memberCount(doc.id)).toBe(2);
  });

  it('a taken displayName (any case) or externalId is 409 uniqueness; of racing POSTs one is 201', async () => {
    const g = await newGroup({ externalId: unique('ext') });
    expectScimError(
      await acme.scim('POST', '/Groups', groupBody({ displayName: g.displayName.toUpperCase() })),
      409,
      'uniqueness',
    );
    expectScimError(await acme.scim('POST', '/Groups', groupBody({ externalId: g.externalId })), 409, 'uniqueness');
    // positive control: the same externalId in another case is another id
    await newGroup({ externalId: g.externalId?.toUpperCase() });
    const name = unique('Race');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => acme.scim('POST', '/Groups', groupBody({ displayName: name }))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expectList(await acme.scim('GET', `/Groups${filter(`displayName eq "${name}"`)}`), [
      (answers.find((a) => a.status === 201)!.body as GroupDoc).id,
    ]);
  });

  it('a member the connection may not manage, or nobody, is 400 invalidValue and nothing is created', async () => {
    // nobody; the connection's own system user; the account manager (admins never manage them)
    for (const id of ['no-such-user', acme.admin.id, acme.ownerId]) {
      const name = unique('Refused');
      const r = await acme.scim(
        'POST',
        '/Groups',
        groupBody({ displayName: name, members: [{ value: people[0].id }, { value: id }] }),
      );
      expectScimError(r, 400, 'invalidValue');
      expectList(await acme.scim('GET', `/Groups${filter(`displayName eq "${name}"`)}`), []);
    }
    // a connection scoped to a unit manages only the people in it
    const unit = await call('POST', `/v1/accounts/${acme.accountId}/units`, {
      token: acme.token,
      body: { name: unique('Branch'), parentId: acme.rootId },
    });
    expectStatus(unit, 201);
    const branch = await scimConnection(acme, { unitId: (unit.body as { id: string }).id });
    const inBranch = await createMember(acme, { unitId: (unit.body as { id: string }).id });
    expectScimError(
      await branch.scim('POST', '/Groups', groupBody({ members: [{ value: people[0].id }] })),
      400,
      'invalidValue',
    );
    const ok = await branch.scim('POST', '/Groups', groupBody({ members: [{ value: inBranch.id }] }));
    expectStatus(ok, 201);
    // the root connection sees both; the branch one shows only its own person in a mixed group
    const mixed = await newGroup({ members: [{ value: people[0].id }, { value: inBranch.id }] });
    const seen = await branch.scim('GET', `/Groups/${mixed.id}`);
    expect(memberIds(seen.body as GroupDoc)).toEqual([inBranch.id]);
    expect(memberIds(mixed)).toEqual([people[0].id, inBranch.id].sort());
  });

  it("another account's connection gets 404 for the group and finds nothing by filter", async () => {
    const g = await newGroup();
    expectScimError(await other.scim('GET', `/Groups/${g.id}`), 404);
    expectScimError(
      await other.scim('PATCH', `/Groups/${g.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'x' })),
      404,
    );
    expectScimError(await other.scim('DELETE', `/Groups/${g.id}`), 404);
    expectList(await other.scim('GET', `/Groups${filter(`displayName eq "${g.displayName}"`)}`), []);
    expectStatus(await acme.scim('GET', `/Groups/${g.id}`), 200);
  });
});

describe('filters, projection and paging', () => {
  it('displayName (any case), externalId (exact), id and members[value eq], joined by and', async () => {
    const ext = unique('ext');
    const a = await newGroup({ externalId: ext, members: [{ value: people[2].id }] });
    const b = await newGroup({ members: [{ value: people[2].id }, { value: people[3].id }] });
    const list = (expression: string) => acme.scim('GET', `/Groups${filter(expression, 'excludedAttributes=members')}`);
    expectList(await list(`displayName eq "${a.displayName.toUpperCase()}"`), [a.id]);
    expectList(await list(`externalId eq "${ext}"`), [a.id]);
    expectList(await list(`externalId eq "${ext.toUpperCase()}"`), []);
    expectList(await list(`id eq "${b.id}"`), [b.id]);
    expectList(await list(`members[value eq "${people[2].id}"]`), [a.id, b.id]);
    expectList(await list(`members[value eq "${people[3].id}"] and displayName eq "${b.displayName}"`), [b.id]);
    expectList(await list(`members[value eq "${people[3].id}"] and displayName eq "${a.displayName}"`), []);
    expectList(await list('displayName eq "f4b4a7c2-no-such-group"'), []);
    expectScimError(await list(`displayName co "${a.displayName}"`), 400, 'invalidFilter');
    expectScimError(await list(`displayName eq "a" or displayName eq "b"`), 400, 'invalidFilter');
  });

  it('excludedAttributes=members reads no member; attributes keeps only what is named', async () => {
    const withMembers = await newGroup({ members: people.map((p) => ({ value: p.id })) });
    const empty = await newGroup();
    const bare = await acme.scim('GET', `/Groups/${withMembers.id}?excludedAttributes=members`);
    expectStatus(bare, 200);
    expect(bare.body).not.toHaveProperty('members');
    expect(bare.body).toMatchObject({ id: withMembers.id, displayName: withMembers.displayName });
    // as many DynamoDB round trips as for a group without members: none spent on members
    const emptyRead = await acme.scim('GET', `/Groups/${empty.id}?excludedAttributes=members`);
    const full = await acme.scim('GET', `/Groups/${withMembers.id}`);
    expect(bare.ddbCalls).toBe(emptyRead.ddbCalls);
    expect(full.ddbCalls).toBeGreaterThan(bare.ddbCalls);
    expect(memberIds(full.body as GroupDoc)).toHaveLength(people.length);
    const named = await acme.scim('GET', `/Groups/${withMembers.id}?attributes=displayName`);
    expect(Object.keys(named.body as object).sort()).toEqual(['displayName', 'id', 'meta', 'schemas']);
    const listed = await acme.scim(
      'GET',
      `/Groups${filter(`id eq "${withMembers.id}"`, 'excludedAttributes=members')}`,
    );
    expect((listed.body as { Resources: object[] }).Resources[0]).not.toHaveProperty('members');
  });

  it('pages by startIndex and count in a stable order, with an exact totalResults', async () => {
    const tenant = await scimAccount('Scim Paging Co');
    const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
    for (const displayName of names) await newGroup({ displayName }, tenant);
    const page = async (query: string) => {
      const r = await tenant.scim('GET', `/Groups?${query}`);
      expectStatus(r, 200);
      return r.body as { totalResults: number; startIndex: number; itemsPerPage: number; Resources: GroupDoc[] };
    };
    const first = await page('startIndex=1&count=2');
    const second = await page('startIndex=3&count=2');
    const third = await page('startIndex=5&count=2');
    expect([first.totalResults, second.totalResults, third.totalResults]).toEqual([5, 5, 5]);
    expect([...first.Resources, ...second.Resources, ...third.Resources].map((g) => g.displayName)).toEqual([
      'Alpha',
      'Bravo',
      'charlie',
      'delta',
      'echo',
    ]);
    expect(second).toMatchObject({ startIndex: 3, itemsPerPage: 2 });
    const totals = await page('count=0');
    expect(totals).toMatchObject({ totalResults: 5, Resources: [] });
    expect((await page('startIndex=0&count=1')).Resources[0].displayName).toBe('Alpha');
  });
});

describe('PUT, PATCH and DELETE', () => {
  it("Entra's PATCH: Add members, Remove members by a value list, Replace displayName → 204", async () => {
    const g = await newGroup({ members: [{ value: people[0].id }] });
    const add = await acme.scim(
      'PATCH',
      `/Groups/${g.id}`,
      patchOp({ op: 'Add', path: 'members', value: [{ value: people[1].id }, { value: people[2].id }] }),
    );
    expectStatus(add, 204);
    expect(add.body).toBeFalsy();
    const remove = await acme.scim(
      'PATCH',
      `/Groups/${g.id}`,
      patchOp(
        { op: 'Remove', path: 'members', value: [{ value: people[0].id }] },
        { op: 'Replace', path: 'displayName', value: `${g.displayName} renamed` },
      ),
    );
    expectStatus(remove, 204);
    const read = (await acme.scim('GET', `/Groups/${g.id}`)).body as GroupDoc;
    expect(read.displayName).toBe(`${g.displayName} renamed`);
    expect(memberIds(read)).toEqual([people[1].id, people[2].id].sort());
    expect(read.meta.version).toBe('W/"2"');
    expect(await memberCount(g.id)).toBe(2);
  });

  it("Okta's PATCH: remove members[value eq], add, replace members, a path-less rename with the id", async () => {
    const g = await newGroup({ members: [{ value: people[0].id }, { value: people[1].id }] });
    expectStatus(
      await acme.scim(
        'PATCH',
        `/Groups/${g.id}`,
        patchOp(
          { op: 'remove', path: `members[value eq "${people[0].id}"]` },
          { op: 'add', path: 'members', value: [{ value: people[3].id, display: 'Pat Lee' }] },
        ),
      ),
      204,
    );
    expect(memberIds((await acme.scim('GET', `/Groups/${g.id}`)).body as GroupDoc)).toEqual(
      [people[1].id, people[3].id].sort(),
    );
    expectStatus(
      await acme.scim(
        'PATCH',
        `/Groups/${g.id}`,
        patchOp({ op: 'replace', path: 'members', value: [{ value: people[2].id }] }),
      ),
      204,
    );
    const renamed = `${g.displayName} (Okta)`;
    expectStatus(
      await acme.scim(
        'PATCH',
        `/Groups/${g.id}`,
        patchOp({ op: 'replace', value: { id: g.id, displayName: renamed } }),
      ),
      204,
    );
    const read = (await acme.scim('GET', `/Groups/${g.id}`)).body as GroupDoc;
    expect(read).toMatchObject({ displayName: renamed });
    expect(memberIds(read)).toEqual([people[2].id]);
    expect(await memberCount(g.id)).toBe(1);
    // remove them all; an empty Operations list changes nothing
    expectStatus(await acme.scim('PATCH', `/Groups/${g.id}`, patchOp({ op: 'remove', path: 'members' })), 204);
    expectStatus(await acme.scim('PATCH', `/Groups/${g.id}`, patchOp()), 204);
    expect(await memberCount(g.id)).toBe(0);
  });

  it('an unknown member in a PATCH is 400 and nothing changes; a stale If-Match is 412', async () => {
    const g = await newGroup({ members: [{ value: people[0].id }] });
    expectScimError(
      await acme.scim(
        'PATCH',
        `/Groups/${g.id}`,
        patchOp(
          { op: 'replace', path: 'displayName', value: `${g.displayName} x` },
          { op: 'add', path: 'members', value: [{ value: people[1].id }, { value: 'ghost' }] },
        ),
      ),
      400,
      'invalidValue',
    );
    const read = (await acme.scim('GET', `/Groups/${g.id}`)).body as GroupDoc;
    expect(read.displayName).toBe(g.displayName);
    expect(memberIds(read)).toEqual([people[0].id]);
    const rename = patchOp({ op: 'replace', path: 'displayName', value: `${g.displayName} y` });
    expectScimError(await acme.scim('PATCH', `/Groups/${g.id}`, rename, { 'if-match': 'W/"7"' }), 412);
    expectStatus(await acme.scim('PATCH', `/Groups/${g.id}`, rename, { 'if-match': 'W/"1"' }), 204);
  });

  it('PUT replaces displayName, externalId and members; DELETE is 204, then GET and DELETE are 404', async () => {
    const g = await newGroup({ externalId: unique('ext'), members: [{ value: people[0].id }] });
    const put = await acme.scim('PUT', `/Groups/${g.id}`, {
      schemas: [SCIM_GROUP],
      displayName: `${g.displayName} put`,
      members: [{ value: people[1].id }, { value: people[2].id }],
    });
    expectStatus(put, 200);
    expect(put.headers.etag).toBe('W/"2"');
    expect(put.body).toMatchObject({ displayName: `${g.displayName} put` });
    expect(put.body).not.toHaveProperty('externalId');
    expect(memberIds(put.body as GroupDoc)).toEqual([people[1].id, people[2].id].sort());
    expect(await memberCount(g.id)).toBe(2);
    // its old externalId is free again
    await newGroup({ externalId: g.externalId });
    expectStatus(await acme.scim('DELETE', `/Groups/${g.id}`), 204);
    expectScimError(await acme.scim('GET', `/Groups/${g.id}`), 404);
    expectScimError(await acme.scim('DELETE', `/Groups/${g.id}`), 404);
    // its name is free again
    await newGroup({ displayName: `${g.displayName} put` });
  });
});
