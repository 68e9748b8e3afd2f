import { describe, expect, it } from 'vitest';
import { ScimError } from '#domain/scim/errors.ts';
import { applyPatch, type PatchOperation, parsePatch, type ScimDocument } from '#domain/scim/patch.ts';
import {
  enterpriseUserSchema,
  SCIM_ENTERPRISE_USER,
  SCIM_PATCH_OP,
  SCIM_USER,
  userSchema,
} from '#domain/scim/schemas.ts';

const ENT = SCIM_ENTERPRISE_USER;
const body = (...Operations: unknown[]) => ({ schemas: [SCIM_PATCH_OP], Operations });
const user = (...ops: unknown[]) => parsePatch(body(...ops), 'User');
const group = (...ops: unknown[]) => parsePatch(body(...ops), 'Group');

function refused(f: () => unknown): { status: number; scimType?: string; detail?: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof ScimError) return { status: e.status, scimType: e.scimType, detail: e.detail };
    throw e;
  }
  throw new Error('expected a ScimError');
}

const alice = (): ScimDocument => ({
  schemas: [SCIM_USER, ENT],
  id: 'u1',
  userName: 'alice@example.com',
  name: { givenName: 'Alice', familyName: 'Liddell', formatted: 'Alice Liddell' },
  displayName: 'Alice Liddell',
  emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
  active: true,
  [ENT]: { department: 'Wonder', manager: { value: 'u9' } },
  meta: { resourceType: 'User', version: 'W/"3"' },
});

describe('parsePatch: the body', () => {
  it('an empty Operations list is no operation; a body that is not a PatchOp is invalidSyntax', () => {
    expect(user()).toEqual([]);
    expect(parsePatch({ Operations: [] }, 'Group')).toEqual([]);
    expect(refused(() => parsePatch({ schemas: [SCIM_USER], Operations: [] }, 'User')).scimType).toBe('invalidSyntax');
    expect(refused(() => parsePatch({ schemas: [SCIM_PATCH_OP] }, 'User')).scimType).toBe('invalidSyntax');
    expect(refused(() => parsePatch([], 'User')).scimType).toBe('invalidSyntax');
  });

  it('op is case-insensitive; anything but add, replace, remove is invalidSyntax', () => {
    const ops = user(
      { op: 'Add', path: 'title', value: 'a' },
      { op: 'REPLACE', path: 'title', value: 'b' },
      { op: 'Remove', path: 'title' },
    );
    expect(ops.map((o) => o.op)).toEqual(['replace', 'replace', 'remove']);
    expect(refused(() => user({ op: 'delete', path: 'title' })).scimType).toBe('invalidSyntax');
    expect(refused(() => user({ path: 'title', value: 'x' })).scimType).toBe('invalidSyntax');
  });

  it('keeps the operations in order', () => {
    const ops = user(
      { op: 'replace', path: 'title', value: 'one' },
      { op: 'remove', path: 'title' },
      { op: 'add', path: 'title', value: 'two' },
    );
    expect(ops.map((o) => [o.op, o.value])).toEqual([
      ['replace', 'one'],
      ['remove', undefined],
      ['replace', 'two'],
    ]);
    expect(applyPatch(alice(), ops).title).toBe('two');
  });

  it('refuses the whole request when one operation is bad (all or nothing), and the document is untouched', () => {
    const doc = alice();
    const before = structuredClone(doc);
    const bad = body({ op: 'replace', path: 'title', value: 'x' }, { op: 'replace', path: 'active', value: 'maybe' });
    expect(refused(() => applyPatch(doc, parsePatch(bad, 'User')))).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
    });
    expect(doc).toEqual(before);
    const good = applyPatch(doc, user({ op: 'replace', path: 'title', value: 'x' }));
    expect(good.title).toBe('x');
    expect(doc).toEqual(before); // applyPatch returns a new document
  });
});

describe('parsePatch: paths', () => {
  it('are case-insensitive, with or without the core schema URN', () => {
    const want = [{ op: 'replace', path: { attribute: 'name', subAttribute: 'givenName' }, value: 'G' }];
    for (const path of [
      'name.givenName',
      'NAME.GIVENNAME',
      `${SCIM_USER}:name.givenName`,
      `${SCIM_USER.toUpperCase()}:Name.GivenName`,
    ]) {
      expect(user({ op: 'replace', path, value: 'G' })).toEqual(want);
    }
  });

  it('read value filters: emails[type eq "work"].value', () => {
    expect(user({ op: 'add', path: 'Emails[Type eq "work"].Value', value: 'w@x.test' })).toEqual([
      {
        op: 'add',
        path: { attribute: 'emails', subAttribute: 'value', where: { attribute: 'type', value: 'work' } },
        value: 'w@x.test',
      },
    ]);
    expect(user({ op: 'replace', path: 'emails[primary eq true].value', value: 'p@x.test' })[0].path?.where).toEqual({
      attribute: 'primary',
      value: true,
    });
    expect(refused(() => user({ op: 'add', path: 'emails[type co "w"].value', value: 'x' })).scimType).toBe(
      'invalidFilter',
    );
    expect(refused(() => user({ op: 'add', path: 'emails[kind eq "w"].value', value: 'x' })).scimType).toBe(
      'invalidPath',
    );
    expect(refused(() => user({ op: 'add', path: 'title[type eq "w"]', value: 'x' })).scimType).toBe('invalidPath');
    expect(refused(() => user({ op: 'add', path: 'emails[type eq "w\\q"].value', value: 'x' })).scimType).toBe(
      'invalidFilter',
    );
    expect(user({ op: 'add', path: 'emails[type eq "w\\"k"].value', value: 'x' })[0].path?.where?.value).toBe('w"k');
  });

  it('read Enterprise extension paths: department, manager, manager.value', () => {
    expect(user({ op: 'replace', path: `${ENT}:department`, value: 'Sales' })).toEqual([
      { op: 'replace', path: { schema: ENT, attribute: 'department' }, value: 'Sales' },
    ]);
    const managerValue = { op: 'replace', path: { schema: ENT, attribute: 'manager', subAttribute: 'value' } };
    // Entra sends the manager's id as the value of the manager path
    expect(user({ op: 'Add', path: `${ENT}:manager`, value: 'u9' })).toEqual([{ ...managerValue, value: 'u9' }]);
    expect(user({ op: 'replace', path: `${ENT.toLowerCase()}:Manager`, value: { value: 'u8' } })).toEqual([
      { ...managerValue, value: 'u8' },
    ]);
    expect(user({ op: 'replace', path: `${ENT}:manager.value`, value: 'u7' })).toEqual([
      { ...managerValue, value: 'u7' },
    ]);
    expect(user({ op: 'Remove', path: `${ENT}:manager` })).toEqual([
      { op: 'remove', path: { schema: ENT, attribute: 'manager' } },
    ]);
  });

  it('an explicit unknown path is invalidPath; an RFC attribute not stored is ignored', () => {
    expect(refused(() => user({ op: 'replace', path: 'nickname2', value: 'x' }))).toMatchObject({
      status: 400,
      scimType: 'invalidPath',
    });
    expect(refused(() => user({ op: 'replace', path: 'name.nick', value: 'x' })).scimType).toBe('invalidPath');
    expect(refused(() => user({ op: 'replace', path: 'urn:example:custom:2.0:User:x', value: 'x' })).scimType).toBe(
      'invalidPath',
    );
    expect(refused(() => user({ op: 'replace', path: `${ENT}:userName`, value: 'x' })).scimType).toBe('invalidPath');
    expect(refused(() => group({ op: 'replace', path: 'userName', value: 'x' })).scimType).toBe('invalidPath');
    expect(refused(() => user({ op: 'replace', path: 'emails[type eq "work"', value: 'x' })).scimType).toBe(
      'invalidPath',
    );
    // Entra's default mappings: addresses, preferredLanguage, name.middleName…
    expect(
      user(
        { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' },
        { op: 'Replace', path: 'preferredLanguage', value: 'en' },
        { op: 'Replace', path: 'name.middleName', value: 'M' },
        { op: 'Replace', path: 'password', value: 'secret' },
      ),
    ).toEqual([]);
  });

  it('refuses an over-long path, and ignores an over-long path-less key', () => {
    const long = `emails[type eq "${'w'.repeat(1000)}"].value`;
    expect(refused(() => user({ op: 'add', path: long, value: 'x' })).scimType).toBe('invalidPath');
    expect(user({ op: 'add', value: { [long]: 'x', title: 't' } })).toEqual([
      { op: 'replace', path: { attribute: 'title' }, value: 't' },
    ]);
    // positive control: a long filter value below the limit is read
    const fine = `emails[type eq "${'w'.repeat(900)}"].value`;
    expect(user({ op: 'add', path: fine, value: 'x' })[0].path?.where?.value).toHaveLength(900);
  });

  it('id and meta cannot be changed (400 mutability), on Users and Groups', () => {
    for (const path of ['id', 'ID', 'meta', 'meta.lastModified', `${SCIM_USER}:id`]) {
      expect(refused(() => user({ op: 'replace', path, value: 'x' }))).toMatchObject({
        status: 400,
        scimType: 'mutability',
      });
    }
    expect(refused(() => group({ op: 'remove', path: 'id' })).scimType).toBe('mutability');
  });

  it('read-only attributes on input are ignored, not refused (identity providers echo them back)', () => {
    expect(user({ op: 'replace', path: 'displayName', value: 'Someone Else' })).toEqual([]);
    expect(user({ op: 'replace', path: 'name.formatted', value: 'Someone Else' })).toEqual([]);
    expect(group({ op: 'replace', path: 'members[value eq "u1"].display', value: 'x' })).toEqual([]);
    // positive control: on a Group, displayName is the name and is written
    expect(group({ op: 'replace', path: 'displayName', value: 'Sales' })).toEqual([
      { op: 'replace', path: { attribute: 'displayName' }, value: 'Sales' },
    ]);
  });

  it('remove without a path is noTarget', () => {
    expect(refused(() => user({ op: 'remove' }))).toMatchObject({ status: 400, scimType: 'noTarget' });
    expect(refused(() => user({ op: 'Remove', path: '', value: { title: 'x' } })).scimType).toBe('noTarget');
    expect(user({ op: 'remove', path: 'title' })).toEqual([{ op: 'remove', path: { attribute: 'title' } }]);
  });
});

describe('parsePatch: values', () => {
  it('active and primary take booleans or "true"/"false" in any case; anything else is invalidValue', () => {
    for (const [value, want] of [
      [false, false],
      ['False', false],
      ['FALSE', false],
      [true, true],
      ['True', true],
      ['true', true],
    ] as const) {
      expect(user({ op: 'Replace', path: 'active', value })).toEqual([
        { op: 'replace', path: { attribute: 'active' }, value: want },
      ]);
    }
    for (const value of ['yes', 0, 1, 'f', {}, '']) {
      expect(refused(() => user({ op: 'replace', path: 'active', value }))).toMatchObject({
        status: 400,
        scimType: 'invalidValue',
      });
    }
    expect(user({ op: 'replace', path: 'emails[type eq "work"].primary', value: 'TRUE' })[0].value).toBe(true);
    expect(user({ op: 'add', path: 'emails', value: [{ value: 'a@x.test', primary: 'False' }] })[0].value).toEqual([
      { value: 'a@x.test', primary: false },
    ]);
    expect(refused(() => user({ op: 'add', path: 'emails', value: [{ value: 'a@x', primary: 'no' }] })).scimType).toBe(
      'invalidValue',
    );
    expect(refused(() => user({ op: 'replace', value: { active: 'nope' } })).scimType).toBe('invalidValue');
  });

  it('strings must be strings', () => {
    expect(refused(() => user({ op: 'replace', path: 'title', value: { x: 1 } })).scimType).toBe('invalidValue');
    expect(refused(() => user({ op: 'replace', path: 'title', value: true })).scimType).toBe('invalidValue');
    expect(user({ op: 'replace', path: `${ENT}:employeeNumber`, value: 42 })[0].value).toBe('42');
  });

  it('add on a single value is replace; null replaces with nothing (a remove)', () => {
    expect(user({ op: 'add', path: 'title', value: 'CTO' })).toEqual([
      { op: 'replace', path: { attribute: 'title' }, value: 'CTO' },
    ]);
    expect(user({ op: 'replace', path: 'title', value: null })).toEqual([
      { op: 'remove', path: { attribute: 'title' } },
    ]);
    expect(refused(() => user({ op: 'replace', path: 'title' })).scimType).toBe('invalidValue');
  });

  it('a complex value is one operation per sub-attribute (the others are kept)', () => {
    expect(user({ op: 'replace', path: 'name', value: { givenName: 'A', FamilyName: 'B', formatted: 'x' } })).toEqual([
      { op: 'replace', path: { attribute: 'name', subAttribute: 'givenName' }, value: 'A' },
      { op: 'replace', path: { attribute: 'name', subAttribute: 'familyName' }, value: 'B' },
    ]);
  });

  it('multi-valued values: keys canonical, read-only and unknown sub-attributes dropped, value required', () => {
    expect(
      user({ op: 'add', path: 'phoneNumbers', value: { Value: '+15550100', Type: 'mobile', display: 'x', foo: 1 } }),
    ).toEqual([{ op: 'add', path: { attribute: 'phoneNumbers' }, value: [{ value: '+15550100', type: 'mobile' }] }]);
    expect(refused(() => user({ op: 'add', path: 'emails', value: [{ type: 'work' }] })).scimType).toBe('invalidValue');
  });
});

describe('parsePatch: path-less values', () => {
  it("expand Entra's aadOptscim062020 form: dotted keys, URN keys, booleans as text", () => {
    const ops = user({
      op: 'replace',
      value: {
        displayName: 'Pat Doe',
        'name.givenName': 'Pat',
        'name.familyName': 'Doe',
        'emails[type eq "work"].value': 'pat@x.test',
        [`${ENT}:employeeNumber`]: '0123',
        [`${ENT}:manager`]: 'u9',
        [`${SCIM_USER}:title`]: 'Boss',
        active: 'False',
      },
    });
    expect(ops).toEqual([
      { op: 'replace', path: { attribute: 'name', subAttribute: 'givenName' }, value: 'Pat' },
      { op: 'replace', path: { attribute: 'name', subAttribute: 'familyName' }, value: 'Doe' },
      {
        op: 'replace',
        path: { attribute: 'emails', subAttribute: 'value', where: { attribute: 'type', value: 'work' } },
        value: 'pat@x.test',
      },
      { op: 'replace', path: { schema: ENT, attribute: 'employeeNumber' }, value: '0123' },
      { op: 'replace', path: { schema: ENT, attribute: 'manager', subAttribute: 'value' }, value: 'u9' },
      { op: 'replace', path: { attribute: 'title' }, value: 'Boss' },
      { op: 'replace', path: { attribute: 'active' }, value: false },
    ]);
  });

  it("Okta's OIN deactivation {op: replace, value: {active: false}}", () => {
    expect(user({ op: 'replace', value: { active: false } })).toEqual([
      { op: 'replace', path: { attribute: 'active' }, value: false },
    ]);
  });

  it('nested extension objects, and an extension URN as the path', () => {
    const want = [
      { op: 'replace', path: { schema: ENT, attribute: 'department' }, value: 'Ops' },
      { op: 'replace', path: { schema: ENT, attribute: 'manager', subAttribute: 'value' }, value: 'u2' },
    ];
    expect(user({ op: 'replace', value: { [ENT]: { department: 'Ops', manager: { value: 'u2' } } } })).toEqual(want);
    expect(
      user({ op: 'add', path: ENT, value: { Department: 'Ops', manager: { value: 'u2', displayName: 'x' } } }),
    ).toEqual(want);
    expect(user({ op: 'remove', path: ENT }).map((o) => o.path?.attribute)).toEqual(
      enterpriseUserSchema.attributes.map((a) => a.name),
    );
  });

  it('ignore password, roles, entitlements, groups, schemas, meta, read-only and unknown attributes', () => {
    expect(
      user({
        op: 'replace',
        value: {
          password: 'p',
          roles: [{ value: 'admin' }],
          entitlements: [],
          groups: [{ value: 'g1' }],
          schemas: [SCIM_USER],
          meta: { version: 'W/"1"' },
          displayName: 'x',
          'name.formatted': 'x',
          favouriteColour: 'blue',
          'urn:example:custom:1.0:User:shoeSize': 44,
          'urn:example:custom:1.0:User': { shoeSize: 44 },
          userName: 'kept@x.test',
        },
      }),
    ).toEqual([{ op: 'replace', path: { attribute: 'userName' }, value: 'kept@x.test' }]);
  });

  it('need an object', () => {
    expect(refused(() => user({ op: 'replace', value: 'x' })).scimType).toBe('invalidValue');
    expect(refused(() => user({ op: 'add', value: [{ title: 'x' }] })).scimType).toBe('invalidValue');
  });

  it('an id equal to the resource id is ignored, another is mutability (the id given); without it, ignored', () => {
    const rename = body({ op: 'replace', value: { id: 'g1', displayName: 'Renamed' } });
    const want = [{ op: 'replace', path: { attribute: 'displayName' }, value: 'Renamed' }];
    expect(parsePatch(rename, 'Group', { id: 'g1' })).toEqual(want);
    expect(parsePatch(rename, 'Group')).toEqual(want);
    expect(refused(() => parsePatch(rename, 'Group', { id: 'g2' }))).toMatchObject({
      status: 400,
      scimType: 'mutability',
    });
    expect(refused(() => parsePatch(body({ op: 'replace', value: { id: 'x' } }), 'User', { id: 'u1' })).scimType).toBe(
      'mutability',
    );
  });
});

describe("parsePatch: Entra's documented requests, with and without aadOptscim062020", () => {
  const employee = { schema: ENT, attribute: 'employeeNumber' };
  const workEmail = { attribute: 'emails', subAttribute: 'value', where: { attribute: 'type', value: 'work' } };

  it('disable a user', () => {
    const want = [{ op: 'replace', path: { attribute: 'active' }, value: false }];
    expect(user({ op: 'Replace', path: 'active', value: 'False' })).toEqual(want);
    expect(user({ op: 'replace', path: 'active', value: false })).toEqual(want);
  });

  it('add a single-value attribute not stored (nickName): nothing to do, no error', () => {
    expect(user({ op: 'Add', path: 'nickName', value: 'Babs' })).toEqual([]);
    expect(user({ op: 'add', path: 'nickName', value: 'Babs' })).toEqual([]);
  });

  it('replace multiple attributes', () => {
    expect(
      user(
        { op: 'Replace', path: 'displayName', value: 'Pvlo' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
        { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
        { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
        { op: 'Replace', path: 'externalId', value: 'Eqpj' },
        { op: 'Replace', path: `${ENT}:employeeNumber`, value: 'Eqpj' },
      ),
    ).toEqual([
      { op: 'replace', path: workEmail, value: 'TestBcwqnm@test.microsoft.com' },
      { op: 'replace', path: { attribute: 'name', subAttribute: 'givenName' }, value: 'Gtfd' },
      { op: 'replace', path: { attribute: 'name', subAttribute: 'familyName' }, value: 'Pkqf' },
      { op: 'replace', path: { attribute: 'externalId' }, value: 'Eqpj' },
      { op: 'replace', path: employee, value: 'Eqpj' },
    ]);
    expect(
      user(
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
        {
          op: 'replace',
          value: {
            displayName: 'Bjfe',
            'name.givenName': 'Kkom',
            'name.familyName': 'Unua',
            [`${ENT}:employeeNumber`]: 'Aklq',
          },
        },
      ),
    ).toEqual([
      { op: 'replace', path: workEmail, value: 'TestMhvaes@test.microsoft.com' },
      { op: 'replace', path: { attribute: 'name', subAttribute: 'givenName' }, value: 'Kkom' },
      { op: 'replace', path: { attribute: 'name', subAttribute: 'familyName' }, value: 'Unua' },
      { op: 'replace', path: employee, value: 'Aklq' },
    ]);
  });

  it('remove a group member', () => {
    expect(group({ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] })).toEqual([
      { op: 'remove', path: { attribute: 'members' }, value: [{ value: 'u1091' }] },
    ]);
    expect(group({ op: 'remove', path: 'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]' })).toEqual([
      {
        op: 'remove',
        path: { attribute: 'members', where: { attribute: 'value', value: '7f4bc1a3-285e-48ae-8202-5accb43efb0e' } },
      },
    ]);
  });
});

describe('parsePatch: group members', () => {
  it('add, replace and remove members in the forms Entra and Okta send', () => {
    expect(
      group(
        {
          op: 'Add',
          path: 'members',
          value: [
            { value: 'u1', display: 'Alice' },
            { value: 'u2', $ref: 'x' },
          ],
        },
        { op: 'Remove', path: 'members', value: [{ value: 'u3' }] },
        { op: 'remove', path: 'members[value eq "u4"]' },
        { op: 'replace', path: 'members', value: [{ value: 'u5', type: 'User' }] },
        { op: 'remove', path: 'members' },
      ),
    ).toEqual([
      { op: 'add', path: { attribute: 'members' }, value: [{ value: 'u1' }, { value: 'u2' }] },
      { op: 'remove', path: { attribute: 'members' }, value: [{ value: 'u3' }] },
      { op: 'remove', path: { attribute: 'members', where: { attribute: 'value', value: 'u4' } } },
      { op: 'replace', path: { attribute: 'members' }, value: [{ value: 'u5', type: 'User' }] },
      { op: 'remove', path: { attribute: 'members' } },
    ]);
  });

  it('replace members with an empty list removes them all', () => {
    expect(group({ op: 'replace', path: 'members', value: [] })).toEqual([
      { op: 'remove', path: { attribute: 'members' } },
    ]);
  });

  it('counts member values: 1,000 pass, 1,001 are tooMany', () => {
    const values = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ value: `u${from + i}` }));
    expect(group({ op: 'add', path: 'members', value: values(1000) })[0].value).toHaveLength(1000);
    expect(refused(() => group({ op: 'add', path: 'members', value: values(1001) }))).toMatchObject({
      status: 400,
      scimType: 'tooMany',
    });
    expect(
      refused(() =>
        group(
          { op: 'add', path: 'members', value: values(600) },
          { op: 'remove', path: 'members', value: values(401, 600) },
        ),
      ).scimType,
    ).toBe('tooMany');
    const many = Array.from({ length: 1001 }, () => ({ op: 'replace', path: 'displayName', value: 'x' }));
    expect(refused(() => group(...many)).scimType).toBe('tooMany');
  });
});

describe('applyPatch', () => {
  const apply = (doc: ScimDocument, ...ops: unknown[]) => applyPatch(doc, user(...ops));

  it('a filtered add or replace that matches nothing creates the element', () => {
    const doc = { ...alice(), emails: undefined };
    delete doc.emails;
    expect(apply(doc, { op: 'add', path: 'emails[type eq "work"].value', value: 'w@x.test' }).emails).toEqual([
      { type: 'work', value: 'w@x.test' },
    ]);
    const mobile = apply(alice(), { op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1555' });
    expect(mobile.phoneNumbers).toEqual([{ type: 'mobile', value: '+1555' }]);
  });

  it('a filtered replace that matches changes the element, the filter compared as the schema says', () => {
    const doc = apply(alice(), { op: 'replace', path: 'emails[type eq "WORK"].value', value: 'new@x.test' });
    expect(doc.emails).toEqual([{ value: 'new@x.test', type: 'work', primary: true }]);
  });

  it('removing what is not there is a no-op', () => {
    const doc: ScimDocument = { ...alice(), schemas: [SCIM_USER] };
    delete doc[SCIM_ENTERPRISE_USER];
    for (const path of ['title', 'phoneNumbers', 'emails[type eq "home"]', `${ENT}:manager`, `${ENT}:department`]) {
      expect(apply(doc, { op: 'remove', path })).toEqual(doc);
    }
  });

  it('removes attributes, sub-attributes and filtered elements', () => {
    const doc = apply(
      alice(),
      { op: 'remove', path: 'name.givenName' },
      { op: 'remove', path: 'emails[type eq "work"]' },
      { op: 'remove', path: `${ENT}:manager` },
    );
    expect(doc.name).toEqual({ familyName: 'Liddell', formatted: 'Alice Liddell' });
    expect(doc.emails).toBeUndefined();
    expect(doc[ENT]).toEqual({ department: 'Wonder' });
    const noExtension = apply(doc, { op: 'remove', path: `${ENT}:department` });
    expect(noExtension[ENT]).toBeUndefined();
  });

  it('add on a single value replaces it; add to a multi-valued attribute appends, de-duplicated by value', () => {
    expect(apply(alice(), { op: 'add', path: 'name.givenName', value: 'Alicia' }).name).toMatchObject({
      givenName: 'Alicia',
    });
    const doc = apply(alice(), {
      op: 'add',
      path: 'emails',
      value: [
        { value: 'ALICE@example.com', type: 'work' },
        { value: 'other@x.test', type: 'work', primary: true },
      ],
    });
    expect(doc.emails).toEqual([
      { value: 'ALICE@example.com', type: 'work' },
      { value: 'other@x.test', type: 'work', primary: true },
    ]);
  });

  it('keeps at most one primary element, the one just set', () => {
    const doc = apply(
      {
        ...alice(),
        emails: [
          { value: 'a@x.test', type: 'work', primary: true },
          { value: 'b@x.test', type: 'work' },
        ],
      },
      { op: 'replace', path: 'emails[value eq "b@x.test"].primary', value: 'True' },
    );
    expect(doc.emails).toEqual([
      { value: 'a@x.test', type: 'work', primary: false },
      { value: 'b@x.test', type: 'work', primary: true },
    ]);
  });

  it('writes extension attributes under the extension URN and lists the URN in schemas', () => {
    const doc = applyPatch(
      { schemas: [SCIM_USER], id: 'u1', userName: 'a' },
      user({ op: 'replace', value: { [`${ENT}:department`]: 'Ops', [`${ENT}:manager`]: 'u2' } }),
    );
    expect(doc[ENT]).toEqual({ department: 'Ops', manager: { value: 'u2' } });
    expect(doc.schemas).toEqual([SCIM_USER, ENT]);
  });

  it('applies remove-by-value and replace of group members (small groups)', () => {
    const g = { id: 'g1', displayName: 'G', members: [{ value: 'u1' }, { value: 'u2' }, { value: 'u3' }] };
    const ops: PatchOperation[] = parsePatch(
      body(
        { op: 'remove', path: 'members', value: [{ value: 'u1' }] },
        { op: 'remove', path: 'members[value eq "u3"]' },
        { op: 'add', path: 'members', value: [{ value: 'u2' }, { value: 'u4' }] },
      ),
      'Group',
    );
    expect(applyPatch(g, ops).members).toEqual([{ value: 'u2' }, { value: 'u4' }]);
    expect(applyPatch(g, parsePatch(body({ op: 'remove', path: 'members' }), 'Group')).members).toBeUndefined();
  });

  it('can add, replace and remove every writable attribute /Schemas declares', () => {
    const empty = { schemas: [SCIM_USER], id: 'u1' };
    const sample = (type: string) => (type === 'boolean' ? true : 'v');
    const cases: [string, unknown][] = [];
    for (const [schema, prefix] of [
      [userSchema, ''],
      [enterpriseUserSchema, `${ENT}:`],
    ] as const) {
      for (const a of schema.attributes.filter((x) => x.mutability !== 'readOnly')) {
        if (a.multiValued) cases.push([`${prefix}${a.name}`, [{ value: 'v', type: 'work' }]]);
        else if (a.subAttributes) {
          for (const s of a.subAttributes.filter((x) => x.mutability !== 'readOnly')) {
            cases.push([`${prefix}${a.name}.${s.name}`, sample(s.type)]);
          }
        } else cases.push([`${prefix}${a.name}`, sample(a.type)]);
      }
    }
    expect(cases.length).toBe(14);
    for (const [path, value] of cases) {
      const added = apply(empty, { op: 'add', path, value });
      expect(added, path).not.toEqual(empty);
      expect(apply(added, { op: 'replace', path, value }), path).toEqual(added);
      expect(apply(added, { op: 'remove', path }), path).toEqual(empty);
    }
  });
});
