import { describe, expect, it } from 'vitest';
import { ScimError } from '#domain/scim/errors.ts';
import { SCIM_ENTERPRISE_USER, SCIM_LIST_RESPONSE, SCIM_USER } from '#domain/scim/schemas.ts';
import { listResponse, parseListQuery, project } from '#http/scim/list-query.ts';

const USERS = ['userName', 'externalId', 'id', 'emails.value', 'active'];
const ENT = SCIM_ENTERPRISE_USER;

function refused(f: () => unknown): ScimError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error('expected a ScimError');
}

describe('parseListQuery', () => {
  it('defaults: no filter, startIndex 1, count 100', () => {
    expect(parseListQuery({}, USERS)).toEqual({ filter: [], startIndex: 1, count: 100 });
    expect(parseListQuery({ filter: '', count: '', startIndex: undefined }, USERS)).toEqual({
      filter: [],
      startIndex: 1,
      count: 100,
    });
  });

  it('clamps startIndex below 1 to 1 and count to 0..100; count=0 asks for totals only', () => {
    expect(parseListQuery({ startIndex: '0', count: '0' }, USERS)).toMatchObject({ startIndex: 1, count: 0 });
    expect(parseListQuery({ startIndex: '-5', count: '-1' }, USERS)).toMatchObject({ startIndex: 1, count: 0 });
    expect(parseListQuery({ startIndex: '201', count: '500' }, USERS)).toMatchObject({ startIndex: 201, count: 100 });
    expect(parseListQuery({ startIndex: '7', count: '25' }, USERS)).toMatchObject({ startIndex: 7, count: 25 });
  });

  it('takes integers only (400 invalidValue)', () => {
    for (const [k, v] of [
      ['count', '10.5'],
      ['count', 'abc'],
      ['count', '1e2'],
      ['startIndex', '0x10'],
      ['startIndex', '1,5'],
    ]) {
      const e = refused(() => parseListQuery({ [k]: v }, USERS));
      expect([e.status, e.scimType, e.detail]).toEqual([400, 'invalidValue', `"${k}" must be an integer`]);
    }
  });

  it('refuses sorting with 501 and no scimType', () => {
    for (const q of [{ sortBy: 'userName' }, { sortOrder: 'ascending' }, { sortby: 'userName' }]) {
      const e = refused(() => parseListQuery(q, USERS));
      expect([e.status, e.scimType, e.detail]).toEqual([501, undefined, 'Sorting is not supported']);
    }
  });

  it('reads the filter against the allowed attributes and names parameters case-insensitively', () => {
    expect(parseListQuery({ Filter: 'userName eq "a"', StartIndex: '3', COUNT: '5' }, USERS)).toEqual({
      filter: [{ attribute: 'userName', value: 'a' }],
      startIndex: 3,
      count: 5,
    });
    expect(refused(() => parseListQuery({ filter: 'title eq "x"' }, USERS)).scimType).toBe('invalidFilter');
  });

  it('splits attributes lists; attributes wins over excludedAttributes', () => {
    expect(parseListQuery({ attributes: ' userName , emails.value,' }, USERS).attributes).toEqual([
      'userName',
      'emails.value',
    ]);
    expect(parseListQuery({ excludedAttributes: 'members' }, USERS).excludedAttributes).toEqual(['members']);
    const both = parseListQuery({ attributes: 'userName', excludedAttributes: 'userName' }, USERS);
    expect(both.attributes).toEqual(['userName']);
    expect(both.excludedAttributes).toBeUndefined();
  });
});

const alice = () => ({
  schemas: [SCIM_USER, ENT],
  id: 'u1',
  externalId: 'x1',
  userName: 'alice@example.com',
  name: { givenName: 'Alice', familyName: 'Liddell', formatted: 'Alice Liddell' },
  emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
  active: true,
  [ENT]: { department: 'Wonder', manager: { value: 'u9' } },
  meta: { resourceType: 'User', version: 'W/"3"' },
});
const always = { schemas: [SCIM_USER, ENT], id: 'u1', meta: { resourceType: 'User', version: 'W/"3"' } };

describe('project', () => {
  it('returns the document as is without attributes or excludedAttributes', () => {
    expect(project(alice(), {})).toEqual(alice());
  });

  it('attributes: only those, plus id, schemas and meta; names case-insensitive', () => {
    expect(project(alice(), { attributes: ['USERNAME'] })).toEqual({ ...always, userName: 'alice@example.com' });
    expect(project(alice(), { attributes: ['nothingKnown'] })).toEqual(always);
  });

  it('attributes: sub-attributes of complex and multi-valued attributes', () => {
    expect(project(alice(), { attributes: ['name.givenName', 'Emails.Value'] })).toEqual({
      ...always,
      name: { givenName: 'Alice' },
      emails: [{ value: 'alice@example.com' }],
    });
    expect(project(alice(), { attributes: ['name.givenName', 'name.familyName'] }).name).toEqual({
      givenName: 'Alice',
      familyName: 'Liddell',
    });
  });

  it('attributes: URN-qualified core and extension names, and a whole extension', () => {
    expect(project(alice(), { attributes: [`${SCIM_USER}:userName`, `${ENT}:department`] })).toEqual({
      ...always,
      userName: 'alice@example.com',
      [ENT]: { department: 'Wonder' },
    });
    expect(project(alice(), { attributes: [`${ENT.toLowerCase()}:MANAGER.value`] })[ENT]).toEqual({
      manager: { value: 'u9' },
    });
    expect(project(alice(), { attributes: [ENT] })[ENT]).toEqual(alice()[ENT]);
    expect(project(alice(), { attributes: ['urn:example:other:1.0:User:userName'] })).toEqual(always);
  });

  it('excludedAttributes: all but those, never id, schemas or meta', () => {
    const { userName: _, ...rest } = alice();
    expect(project(alice(), { excludedAttributes: ['username', 'id', 'schemas', 'META'] })).toEqual(rest);
    const group = { schemas: ['g'], id: 'g1', displayName: 'G', members: [{ value: 'u1' }], meta: {} };
    expect(project(group, { excludedAttributes: ['members'] })).toEqual({
      schemas: ['g'],
      id: 'g1',
      displayName: 'G',
      meta: {},
    });
  });

  it('excludedAttributes: sub-attributes and extension attributes', () => {
    const out = project(alice(), { excludedAttributes: ['name.formatted', 'emails.primary', `${ENT}:manager`] });
    expect(out.name).toEqual({ givenName: 'Alice', familyName: 'Liddell' });
    expect(out.emails).toEqual([{ value: 'alice@example.com', type: 'work' }]);
    expect(out[ENT]).toEqual({ department: 'Wonder' });
    expect(project(alice(), { excludedAttributes: [`${ENT}:department`, `${ENT}:manager`] })[ENT]).toBeUndefined();
    expect(project(alice(), { excludedAttributes: [ENT] })[ENT]).toBeUndefined();
  });

  it('leaves its input untouched', () => {
    const doc = alice();
    project(doc, { excludedAttributes: ['name.formatted', `${ENT}:manager`, 'emails'] });
    project(doc, { attributes: ['name.givenName'] });
    expect(doc).toEqual(alice());
  });
});

describe('listResponse', () => {
  it('is a ListResponse with Resources, even empty', () => {
    expect(listResponse([], 0, 1)).toEqual({
      schemas: [SCIM_LIST_RESPONSE],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    expect(listResponse([{ id: 'u1' }], 7, 3)).toMatchObject({ totalResults: 7, startIndex: 3, itemsPerPage: 1 });
  });
});
