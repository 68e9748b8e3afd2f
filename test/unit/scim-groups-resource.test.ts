import { describe, expect, it } from 'vitest';
import type { Group } from '#domain/group.ts';
import { ScimError } from '#domain/scim/errors.ts';
import { groupPatchPlan, memberValuesOf, scimGroupInput, toScimGroup } from '#domain/scim/group-resource.ts';
import { parsePatch } from '#domain/scim/patch.ts';
import { SCIM_GROUP, SCIM_PATCH_OP } from '#domain/scim/schemas.ts';
import { projectionOf, wantsMembers } from '#http/scim-groups.ts';

const BASE = 'https://api.example/scim/v2/accounts/acc1';
const group: Group = {
  id: 'g1',
  accountId: 'acc1',
  name: 'Sales',
  description: null,
  externalId: 'ext-9',
  memberCount: 2,
  sharedItemCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  version: 3,
};

/** The ScimError a call throws (fails the test when it throws nothing, or something else). */
function scimErrorOf(call: () => unknown): ScimError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error('expected a ScimError');
}

const patch = (...ops: Record<string, unknown>[]) =>
  groupPatchPlan(parsePatch({ schemas: [SCIM_PATCH_OP], Operations: ops }, 'Group', { id: 'g1' }));

describe('a group as a SCIM Group', () => {
  it('maps name, externalId, members and meta (version as a weak ETag, location under the base URL)', () => {
    const doc = toScimGroup(group, [{ id: 'u1', display: 'Ann Lee' }], BASE);
    expect(doc).toEqual({
      schemas: [SCIM_GROUP],
      id: 'g1',
      externalId: 'ext-9',
      displayName: 'Sales',
      members: [{ value: 'u1', display: 'Ann Lee', type: 'User' }],
      meta: {
        resourceType: 'Group',
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-02T00:00:00.000Z',
        location: `${BASE}/Groups/g1`,
        version: 'W/"3"',
      },
    });
  });

  it('leaves out members not read or empty, and an externalId the group lacks', () => {
    const bare = toScimGroup({ ...group, externalId: null }, undefined, BASE);
    expect(bare).not.toHaveProperty('members');
    expect(bare).not.toHaveProperty('externalId');
    expect(toScimGroup(group, [], BASE)).not.toHaveProperty('members');
    expect(toScimGroup(group, [], BASE)).toHaveProperty('externalId', 'ext-9');
  });
});

describe('a POST or PUT body', () => {
  it('reads attribute names in any case and with the schema URN; members once each, bare ids too', () => {
    const input = scimGroupInput({
      schemas: [SCIM_GROUP],
      DisplayName: '  Sales  ',
      [`${SCIM_GROUP}:externalId`]: 'abc',
      members: [{ value: 'u1', display: 'ignored', type: 'User' }, { Value: 'u2' }, 'u1'],
      meta: { version: 'ignored' },
    });
    expect(input).toEqual({ displayName: 'Sales', externalId: 'abc', memberIds: ['u1', 'u2'] });
    expect(scimGroupInput({ displayName: 'X' })).toEqual({ displayName: 'X', externalId: null, memberIds: [] });
  });

  it('refuses what it cannot store: 400 with the SCIM type that says why', () => {
    const cases: [unknown, string][] = [
      [{ externalId: 'x' }, 'invalidValue'],
      [{ displayName: '' }, 'invalidValue'],
      [{ displayName: 'a\u202eb' }, 'invalidValue'],
      [{ displayName: 7 }, 'invalidValue'],
      [{ displayName: 'X', externalId: 5 }, 'invalidValue'],
      [{ displayName: 'X', externalId: 'e'.repeat(513) }, 'invalidValue'],
      [{ displayName: 'X', members: [{ value: 'g2', type: 'Group' }] }, 'invalidValue'],
      [{ displayName: 'X', members: [{ display: 'no value' }] }, 'invalidValue'],
      [{ displayName: 'X', members: 'u1' }, 'invalidValue'],
      [{ schemas: ['urn:other'], displayName: 'X' }, 'invalidSyntax'],
      [[], 'invalidSyntax'],
    ];
    for (const [body, scimType] of cases) {
      const error = scimErrorOf(() => scimGroupInput(body));
      expect({ body, status: error.status, scimType: error.scimType }).toEqual({ body, status: 400, scimType });
    }
    // positive control: the same shapes, valid
    expect(
      scimGroupInput({ displayName: 'X', externalId: 'e'.repeat(512), members: [{ value: 'u', type: 'user' }] }),
    ).toMatchObject({ memberIds: ['u'] });
  });
});

describe('what a PATCH does to a group', () => {
  it("Entra's forms: Add members, Remove members by a value list, Replace displayName", () => {
    expect(
      patch(
        { op: 'Add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] },
        { op: 'Remove', path: 'members', value: [{ value: 'u3' }] },
        { op: 'Replace', path: 'displayName', value: 'Renamed' },
      ),
    ).toEqual({ displayName: 'Renamed', members: { kind: 'delta', add: ['u1', 'u2'], remove: ['u3'] } });
  });

  it("Okta's forms: remove members[value eq], add; a path-less rename with the group's own id", () => {
    expect(
      patch(
        { op: 'remove', path: 'members[value eq "u1"]' },
        { op: 'add', path: 'members', value: [{ value: 'u2', display: 'Bo' }] },
      ),
    ).toEqual({ members: { kind: 'delta', add: ['u2'], remove: ['u1'] } });
    expect(patch({ op: 'replace', value: { id: 'g1', displayName: 'New name' } })).toEqual({
      displayName: 'New name',
      members: null,
    });
  });

  it('replace and remove-all set the whole list; later operations apply to it', () => {
    expect(patch({ op: 'replace', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] })).toEqual({
      members: { kind: 'exact', members: ['u1', 'u2'] },
    });
    expect(patch({ op: 'remove', path: 'members' }, { op: 'add', path: 'members', value: [{ value: 'u9' }] })).toEqual({
      members: { kind: 'exact', members: ['u9'] },
    });
    expect(patch({ op: 'replace', path: 'members', value: [] })).toEqual({ members: { kind: 'exact', members: [] } });
  });

  it('the last operation naming a member wins; externalId is set and removed', () => {
    const plan = patch(
      { op: 'add', path: 'members', value: [{ value: 'u1' }] },
      { op: 'remove', path: 'members', value: [{ value: 'u1' }] },
      { op: 'add', path: 'externalId', value: 'e1' },
    );
    expect(plan).toEqual({ externalId: 'e1', members: { kind: 'delta', add: [], remove: ['u1'] } });
    expect(memberValuesOf(plan.members!)).toBe(1);
    expect(patch({ op: 'remove', path: 'externalId' })).toEqual({ externalId: null, members: null });
  });

  it('refuses removing the name, a member of another type and a filter on anything but value', () => {
    expect(scimErrorOf(() => patch({ op: 'remove', path: 'displayName' })).scimType).toBe('invalidValue');
    expect(
      scimErrorOf(() => patch({ op: 'add', path: 'members', value: [{ value: 'g2', type: 'Group' }] })).scimType,
    ).toBe('invalidValue');
    expect(scimErrorOf(() => patch({ op: 'remove', path: 'members[type eq "User"]' })).status).toBe(400);
    // positive control
    expect(patch({ op: 'add', path: 'members', value: [{ value: 'u2', type: 'User' }] }).members).toEqual({
      kind: 'delta',
      add: ['u2'],
      remove: [],
    });
  });
});

describe('whether a projection keeps the members (and so whether they are read)', () => {
  it('not when excluded whole, nor when attributes name neither them nor a sub-attribute of them', () => {
    expect(wantsMembers({})).toBe(true);
    expect(wantsMembers({ excludedAttributes: ['Members'] })).toBe(false);
    expect(wantsMembers({ excludedAttributes: [`${SCIM_GROUP}:members`] })).toBe(false);
    expect(wantsMembers({ excludedAttributes: ['members.display'] })).toBe(true);
    expect(wantsMembers({ attributes: ['displayName'] })).toBe(false);
    expect(wantsMembers({ attributes: ['displayName', 'members.value'] })).toBe(true);
    expect(wantsMembers({ attributes: ['MEMBERS'] })).toBe(true);
  });
});

describe('the projection of a read by id', () => {
  it('takes attributes or excludedAttributes (any case) and ignores list parameters', () => {
    expect(projectionOf({ ExcludedAttributes: 'members', filter: 'bad filter', sortBy: 'x', count: 'y' })).toEqual({
      attributes: undefined,
      excludedAttributes: ['members'],
    });
    expect(projectionOf({ attributes: 'displayName, members.value' })).toMatchObject({
      attributes: ['displayName', 'members.value'],
    });
  });
});
