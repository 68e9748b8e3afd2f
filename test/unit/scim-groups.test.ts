import { describe, expect, it, vi } from 'vitest';
import type { MemberCaller } from '#domain/caller.ts';
import {
  ForbiddenError,
  GroupExternalIdTakenError,
  GroupNameTakenError,
  GroupNotEmptyError,
  NotFoundError,
  PreconditionFailedError,
} from '#domain/errors.ts';
import { ScimError } from '#domain/scim/errors.ts';
import { groupPatchPlan, scimGroupInput } from '#domain/scim/group-resource.ts';
import { parsePatch } from '#domain/scim/patch.ts';
import { addGroupMember, createGroup } from '#use-cases/groups.ts';
import {
  type ScimGroupDeps,
  scimCreateGroup,
  scimDeleteGroup,
  scimGetGroup,
  scimListGroups,
  scimPatchGroup,
  scimReplaceGroup,
} from '#use-cases/scim-groups.ts';
import { createUnit } from '#use-cases/units.ts';
import { createUser, updateUser } from '#use-cases/users.ts';
import { orgWorld } from '../builders/memory.ts';
import { MemoryGroups } from '../fakes/memory-groups.ts';
import { MemoryScimGroups } from '../fakes/memory-scim-groups.ts';

/**
 * An account with units P and Y; the SCIM caller is an admin of P with manageUsers (as a connection scoped to P);
 * people in P (ann, bob), one in Y (yan, out of scope), and an account manager.
 */
async function scimWorld() {
  const w = await orgWorld();
  const memory = new MemoryGroups(w.dir);
  const scim = new MemoryScimGroups(memory, w.dir);
  const deps: ScimGroupDeps = {
    groups: scim.reads,
    scimGroups: scim.store,
    users: w.deps.users,
    access: w.deps.access,
    clock: w.clock,
    ids: w.deps.ids,
  };
  const groupDeps = {
    groups: memory.store,
    users: w.deps.users,
    access: w.deps.access,
    clock: w.clock,
    ids: w.deps.ids,
  };
  const unitP = await createUnit(w.org, w.manager(), { name: 'P', parentId: w.rootId });
  const unitY = await createUnit(w.org, w.manager(), { name: 'Y', parentId: w.rootId });
  const admin = await w.adminIn('conn@acme.test', unitP.id, true);
  const caller = (): MemberCaller => ({ ...admin.caller(), via: 'scim' });
  async function personIn(email: string, unitId: string) {
    const made = await w.member(email);
    await updateUser({ ...w.deps, units: w.memory.store }, w.manager(), made.user.id, { unitId });
    return w.dir.users.get(`${w.account.id}/${made.user.id}`)!;
  }
  const ann = await personIn('ann@acme.test', unitP.id);
  const bob = await personIn('bob@acme.test', unitP.id);
  const yan = await personIn('yan@acme.test', unitY.id);
  const boss = w.dir.users.get(`${w.account.id}/${w.manager().membership.userId}`)!;
  const group = (id: string) => memory.groups.get(`${w.account.id}/${id}`)!;
  const plan = (...ops: Record<string, unknown>[]) => groupPatchPlan(parsePatch({ Operations: ops }, 'Group'));
  return {
    ...w,
    memory,
    scim,
    deps,
    base: { ...w.deps, units: w.memory.store },
    groupDeps,
    unitP,
    unitY,
    admin,
    caller,
    ann,
    bob,
    yan,
    boss,
    group,
    plan,
  };
}

async function scimErrorOf(call: Promise<unknown>): Promise<ScimError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScimError);
  return error as ScimError;
}

describe('SCIM groups: create', () => {
  it('creates a group with its members and events (source scim); names are unique case-insensitively', async () => {
    const w = await scimWorld();
    const view = await scimCreateGroup(
      w.deps,
      w.caller(),
      scimGroupInput({
        displayName: 'Sales',
        externalId: 'ext-1',
        members: [{ value: w.bob.id }, { value: w.ann.id }],
      }),
    );
    expect(view.group).toMatchObject({ name: 'Sales', externalId: 'ext-1', memberCount: 2, version: 1 });
    expect(view.members?.map((m) => m.id)).toEqual([w.ann.id, w.bob.id]);
    expect(view.members?.[0].display).toBe('M M');
    expect(w.group(view.group.id).memberCount).toBe(2);
    const events = w.dir.events.filter((e) => e.type.startsWith('group.'));
    expect(events.map((e) => e.type)).toEqual(['group.created', 'group.member_added', 'group.member_added']);
    expect(events.every((e) => e.actor.kind === 'user' && e.actor.source === 'scim')).toBe(true);
    await expect(scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'SALES' }))).rejects.toThrow(
      GroupNameTakenError,
    );
    await expect(
      scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'Other', externalId: 'ext-1' })),
    ).rejects.toThrow(GroupExternalIdTakenError);
    // positive control: another name and another externalId
    await expect(
      scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'Other', externalId: 'EXT-1' })),
    ).resolves.toMatchObject({ group: { name: 'Other', externalId: 'EXT-1' } });
  });

  it('an unknown or unmanaged member is 400 invalidValue and nothing is written', async () => {
    const w = await scimWorld();
    const bot = await createUser(w.base, w.manager(), {
      type: 'call_queue',
      username: 'queue1',
      firstName: 'Q',
      lastName: 'Q',
      unitId: w.unitP.id,
    });
    const refused = [w.yan.id, w.boss.id, w.admin.user.id, bot.id, 'nobody', 'x'.repeat(300)];
    for (const id of refused) {
      const error = await scimErrorOf(
        scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'G', members: [w.ann.id, id] })),
      );
      expect({ id, status: error.status, scimType: error.scimType }).toEqual({
        id,
        status: 400,
        scimType: 'invalidValue',
      });
    }
    expect(w.memory.groups.size).toBe(0);
    expect(w.dir.events.filter((e) => e.type.startsWith('group.'))).toEqual([]);
    // positive control: the manageable member alone
    await expect(
      scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'G', members: [w.ann.id] })),
    ).resolves.toMatchObject({ group: { memberCount: 1 } });
  });

  it('needs an admin with manageUsers', async () => {
    const w = await scimWorld();
    const minus = await w.adminIn('minus@acme.test', w.unitP.id, false);
    await expect(
      scimCreateGroup(w.deps, { ...minus.caller(), via: 'scim' }, scimGroupInput({ displayName: 'G' })),
    ).rejects.toThrow(ForbiddenError);
    await expect(scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'G' }))).resolves.toBeTruthy();
  });
});

describe('SCIM groups: read', () => {
  it('shows only the people the caller manages; excluded members are not read at all', async () => {
    const w = await scimWorld();
    const g = await createGroup(w.groupDeps, w.manager(), { name: 'Mixed' });
    for (const u of [w.ann, w.yan, w.boss]) await addGroupMember(w.groupDeps, w.manager(), g.id, u.id);
    const view = await scimGetGroup(w.deps, w.caller(), g.id, true);
    expect(view.members?.map((m) => m.id)).toEqual([w.ann.id]);
    const members = vi.spyOn(w.deps.scimGroups, 'members');
    const bare = await scimGetGroup(w.deps, w.caller(), g.id, false);
    expect(bare.members).toBeUndefined();
    expect(members).not.toHaveBeenCalled();
    await expect(scimGetGroup(w.deps, w.caller(), 'nope', true)).rejects.toThrow(NotFoundError);
  });

  it('lists every group with an exact total, by name, the window asked for', async () => {
    const w = await scimWorld();
    for (const name of ['delta', 'Alpha', 'charlie', 'Bravo'])
      await scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: name }));
    const page = await scimListGroups(w.deps, w.caller(), { filter: [], startIndex: 2, count: 2, withMembers: true });
    expect(page.total).toBe(4);
    expect(page.views.map((v) => v.group.name)).toEqual(['Bravo', 'charlie']);
    const none = await scimListGroups(w.deps, w.caller(), { filter: [], startIndex: 1, count: 0, withMembers: true });
    expect(none).toEqual({ total: 4, views: [] });
  });

  it('filters on displayName (any case), externalId (exact), id and members.value, joined by and', async () => {
    const w = await scimWorld();
    const sales = await scimCreateGroup(
      w.deps,
      w.caller(),
      scimGroupInput({ displayName: 'Sales', externalId: 'E1', members: [w.ann.id] }),
    );
    const ops = await scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'Ops', members: [w.ann.id] }));
    await addGroupMember(w.groupDeps, w.manager(), ops.group.id, w.yan.id);
    const names = async (...filter: { attribute: string; value: string | boolean }[]) =>
      (await scimListGroups(w.deps, w.caller(), { filter, startIndex: 1, count: 100, withMembers: false })).views.map(
        (v) => v.group.name,
      );
    expect(await names({ attribute: 'displayName', value: 'SALES' })).toEqual(['Sales']);
    expect(await names({ attribute: 'externalId', value: 'E1' })).toEqual(['Sales']);
    expect(await names({ attribute: 'externalId', value: 'e1' })).toEqual([]);
    expect(await names({ attribute: 'id', value: ops.group.id })).toEqual(['Ops']);
    expect(await names({ attribute: 'members.value', value: w.ann.id })).toEqual(['Ops', 'Sales']);
    expect(
      await names({ attribute: 'members.value', value: w.ann.id }, { attribute: 'displayName', value: 'ops' }),
    ).toEqual(['Ops']);
    expect(await names({ attribute: 'displayName', value: 'Sales' }, { attribute: 'id', value: ops.group.id })).toEqual(
      [],
    );
    expect(await names({ attribute: 'displayName', value: 'no such group' })).toEqual([]);
    // a member out of scope reveals nothing, though the group holds them
    expect(await names({ attribute: 'members.value', value: w.yan.id })).toEqual([]);
    expect(sales.group.id).toBeTruthy();
  });
});

describe('SCIM groups: PATCH', () => {
  it('adds and removes members idempotently, counting each once', async () => {
    const w = await scimWorld();
    const { group } = await scimCreateGroup(
      w.deps,
      w.caller(),
      scimGroupInput({ displayName: 'G', members: [w.ann.id] }),
    );
    const add = w.plan({ op: 'Add', path: 'members', value: [{ value: w.ann.id }, { value: w.bob.id }] });
    await scimPatchGroup(w.deps, w.caller(), group.id, add);
    await scimPatchGroup(w.deps, w.caller(), group.id, add);
    expect(w.group(group.id).memberCount).toBe(2);
    expect(w.dir.events.filter((e) => e.type === 'group.member_added')).toHaveLength(2);
    await scimPatchGroup(
      w.deps,
      w.caller(),
      group.id,
      w.plan({ op: 'remove', path: `members[value eq "${w.ann.id}"]` }),
    );
    await scimPatchGroup(
      w.deps,
      w.caller(),
      group.id,
      w.plan({ op: 'remove', path: `members[value eq "${w.ann.id}"]` }),
    );
    expect(w.group(group.id).memberCount).toBe(1);
    expect((await scimGetGroup(w.deps, w.caller(), group.id, true)).members?.map((m) => m.id)).toEqual([w.bob.id]);
  });

  it('an unknown member among valid ones changes nothing (400 invalidValue)', async () => {
    const w = await scimWorld();
    const { group } = await scimCreateGroup(
      w.deps,
      w.caller(),
      scimGroupInput({ displayName: 'G', members: [w.ann.id] }),
    );
    const error = await scimErrorOf(
      scimPatchGroup(
        w.deps,
        w.caller(),
        group.id,
        w.plan(
          { op: 'replace', path: 'displayName', value: 'Renamed' },
          { op: 'add', path: 'members', value: [{ value: w.bob.id }, { value: w.yan.id }] },
        ),
      ),
    );
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
    expect(w.group(group.id)).toMatchObject({ name: 'G', memberCount: 1 });
    const removal = await scimErrorOf(
      scimPatchGroup(
        w.deps,
        w.caller(),
        group.id,
        w.plan({ op: 'remove', path: 'members', value: [{ value: 'ghost' }] }),
      ),
    );
    expect(removal.scimType).toBe('invalidValue');
    // a closed member is in no group: removing them does nothing, and is no error
    const bobKey = `${w.account.id}/${w.bob.id}`;
    w.dir.users.set(bobKey, { ...w.dir.users.get(bobKey)!, status: 'closed' });
    await scimPatchGroup(
      w.deps,
      w.caller(),
      group.id,
      w.plan({ op: 'remove', path: 'members', value: [{ value: w.bob.id }] }),
    );
    expect(w.group(group.id).memberCount).toBe(1);
  });

  it('replace and remove-all change the members the caller manages, and keep the others', async () => {
    const w = await scimWorld();
    const { group } = await scimCreateGroup(
      w.deps,
      w.caller(),
      scimGroupInput({ displayName: 'G', members: [w.ann.id] }),
    );
    await addGroupMember(w.groupDeps, w.manager(), group.id, w.yan.id);
    await scimPatchGroup(
      w.deps,
      w.caller(),
      group.id,
      w.plan({ op: 'replace', path: 'members', value: [{ value: w.bob.id }] }),
    );
    const ids = () => [...w.memory.memberships.values()].filter((m) => m.groupId === group.id).map((m) => m.userId);
    expect(ids().sort()).toEqual([w.bob.id, w.yan.id].sort());
    await scimPatchGroup(w.deps, w.caller(), group.id, w.plan({ op: 'remove', path: 'members' }));
    expect(ids()).toEqual([w.yan.id]);
    expect(w.group(group.id).memberCount).toBe(1);
  });

  it('renames by path or path-less value, sets and clears externalId; a stale If-Match is 412', async () => {
    const w = await scimWorld();
    const { group } = await scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'G', externalId: 'e1' }));
    await scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'Taken' }));
    await expect(
      scimPatchGroup(w.deps, w.caller(), group.id, w.plan({ op: 'replace', path: 'displayName', value: 'taken' })),
    ).rejects.toThrow(GroupNameTakenError);
    await scimPatchGroup(w.deps, w.caller(), group.id, w.plan({ op: 'replace', value: { displayName: 'Renamed' } }));
    expect(w.group(group.id)).toMatchObject({ name: 'Renamed', version: 2 });
    await expect(
      scimPatchGroup(w.deps, w.caller(), group.id, w.plan({ op: 'remove', path: 'externalId' }), 1),
    ).rejects.toThrow(PreconditionFailedError);
    await scimPatchGroup(w.deps, w.caller(), group.id, w.plan({ op: 'remove', path: 'externalId' }), 2);
    expect(w.group(group.id)).toMatchObject({ externalId: null, version: 3 });
    // the old name and externalId are free again
    await expect(
      scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'g', externalId: 'e1' })),
    ).resolves.toBeTruthy();
    expect(w.dir.events.filter((e) => e.type === 'group.updated').map((e) => e.details.changed)).toEqual([
      { name: 'Renamed' },
      { externalId: null },
    ]);
  });

  it('more than 1,000 member values is 400 tooMany', async () => {
    const w = await scimWorld();
    const { group } = await scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'G' }));
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`);
    const error = await scimErrorOf(
      scimPatchGroup(w.deps, w.caller(), group.id, { members: { kind: 'delta', add: many, remove: [] } }),
    );
    expect(error.scimType).toBe('tooMany');
  });
});

describe('SCIM groups: PUT and DELETE', () => {
  it('PUT replaces the name, the externalId (absent: removed) and the managed members', async () => {
    const w = await scimWorld();
    const { group } = await scimCreateGroup(
      w.deps,
      w.caller(),
      scimGroupInput({ displayName: 'G', externalId: 'e1', members: [w.ann.id] }),
    );
    const view = await scimReplaceGroup(
      w.deps,
      w.caller(),
      group.id,
      scimGroupInput({ displayName: 'H', members: [{ value: w.bob.id }] }),
      1,
    );
    expect(view.group).toMatchObject({ name: 'H', externalId: null, version: 2 });
    expect(view.members?.map((m) => m.id)).toEqual([w.bob.id]);
    expect(w.group(group.id).memberCount).toBe(1);
    await expect(
      scimReplaceGroup(w.deps, w.caller(), group.id, scimGroupInput({ displayName: 'I' }), 1),
    ).rejects.toThrow(PreconditionFailedError);
  });

  it('DELETE takes the members out, then the group and its claims; then 404', async () => {
    const w = await scimWorld();
    const { group } = await scimCreateGroup(
      w.deps,
      w.caller(),
      scimGroupInput({ displayName: 'G', externalId: 'e1', members: [w.ann.id, w.bob.id] }),
    );
    await scimDeleteGroup(w.deps, w.caller(), group.id);
    expect(w.memory.groups.size).toBe(0);
    expect(w.memory.memberships.size).toBe(0);
    await expect(scimDeleteGroup(w.deps, w.caller(), group.id)).rejects.toThrow(NotFoundError);
    await expect(
      scimCreateGroup(w.deps, w.caller(), scimGroupInput({ displayName: 'G', externalId: 'e1' })),
    ).resolves.toBeTruthy();
  });

  it('DELETE of a group holding a member the caller does not manage is 409, and changes nothing', async () => {
    const w = await scimWorld();
    const { group } = await scimCreateGroup(
      w.deps,
      w.caller(),
      scimGroupInput({ displayName: 'G', members: [w.ann.id] }),
    );
    await addGroupMember(w.groupDeps, w.manager(), group.id, w.yan.id);
    await expect(scimDeleteGroup(w.deps, w.caller(), group.id)).rejects.toThrow(GroupNotEmptyError);
    expect(w.group(group.id).memberCount).toBe(2);
  });
});
