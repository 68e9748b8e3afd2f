import { describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  GroupNameTakenError,
  GroupNotEmptyError,
  MemberClosedError,
  NotFoundError,
  PreconditionFailedError,
} from '#domain/errors.ts';
import {
  addGroupMember,
  createGroup,
  deleteGroup,
  getGroup,
  listGroupMembers,
  listGroups,
  listUserGroups,
  removeGroupMember,
  updateGroup,
  type GroupDeps,
} from '#use-cases/groups.ts';
import { createUnit } from '#use-cases/units.ts';
import { updateUser } from '#use-cases/users.ts';
import { orgWorld } from '../builders/memory.ts';
import { MemoryGroups } from '../fakes/memory-groups.ts';

async function groupWorld() {
  const w = await orgWorld();
  const memory = new MemoryGroups(w.dir);
  const deps: GroupDeps = {
    groups: memory.store,
    users: w.deps.users,
    access: w.deps.access,
    clock: w.clock,
    ids: w.deps.ids,
  };
  const unitP = await createUnit(w.org, w.manager(), { name: 'P', parentId: w.rootId });
  const unitY = await createUnit(w.org, w.manager(), { name: 'Y', parentId: w.rootId });
  /** A member (accepted) sitting in `unitId`. */
  async function memberIn(email: string, unitId: string) {
    const made = await w.member(email);
    await updateUser({ ...w.deps, units: w.memory.store }, w.manager(), made.user.id, { unitId });
    return { user: w.dir.users.get(`${w.account.id}/${made.user.id}`)!, caller: made.caller };
  }
  return { ...w, memory, deps, unitP, unitY, memberIn };
}

describe('groups: create, read, rename, delete', () => {
  it('creates groups whose names are unique case-insensitively, listed by name, each with its event', async () => {
    const w = await groupWorld();
    const sales = await createGroup(w.deps, w.manager(), { name: 'Sales', description: 'Deals' });
    expect(sales).toMatchObject({
      name: 'Sales',
      description: 'Deals',
      memberCount: 0,
      sharedItemCount: 0,
      version: 1,
    });
    await expect(createGroup(w.deps, w.manager(), { name: 'SALES' })).rejects.toThrow(GroupNameTakenError);
    await createGroup(w.deps, w.manager(), { name: 'accounts' });
    const page = await listGroups(w.deps, w.manager(), {});
    expect(page.items.map((g) => g.name)).toEqual(['accounts', 'Sales']);
    expect(await getGroup(w.deps, w.manager(), sales.id)).toEqual(sales);
    expect(w.eventTypes().filter((t) => t.startsWith('group.'))).toEqual(['group.created', 'group.created']);
  });

  it('renames: the name claim moves (the old name is free, a taken one is refused), counts stay, If-Match holds', async () => {
    const w = await groupWorld();
    const g = await createGroup(w.deps, w.manager(), { name: 'Support' });
    await createGroup(w.deps, w.manager(), { name: 'Billing' });
    const { user } = await w.member('max@acme.test');
    await addGroupMember(w.deps, w.manager(), g.id, user.id);
    await expect(updateGroup(w.deps, w.manager(), g.id, { name: 'billing' })).rejects.toThrow(GroupNameTakenError);
    await expect(updateGroup(w.deps, w.manager(), g.id, { name: 'Help' }, 7)).rejects.toThrow(PreconditionFailedError);
    const renamed = await updateGroup(w.deps, w.manager(), g.id, { name: 'Help', description: 'Desk' }, 1);
    expect(renamed).toMatchObject({ name: 'Help', description: 'Desk', version: 2, memberCount: 1 });
    // the old name is free again; a change of case only keeps the claim
    await expect(createGroup(w.deps, w.manager(), { name: 'support' })).resolves.toMatchObject({ name: 'support' });
    await expect(updateGroup(w.deps, w.manager(), g.id, { name: 'HELP' })).resolves.toMatchObject({ name: 'HELP' });
    expect(w.dir.events.find((e) => e.type === 'group.updated')?.details).toMatchObject({
      groupId: g.id,
      changed: { name: 'Help', description: 'Desk' },
      previousName: 'Support',
    });
  });

  it('deletes only an empty group: 409 group_not_empty while it has members or shared items', async () => {
    const w = await groupWorld();
    const g = await createGroup(w.deps, w.manager(), { name: 'Temp' });
    const { user } = await w.member('max@acme.test');
    await addGroupMember(w.deps, w.manager(), g.id, user.id);
    await expect(deleteGroup(w.deps, w.manager(), g.id)).rejects.toThrow(GroupNotEmptyError);
    await removeGroupMember(w.deps, w.manager(), g.id, user.id);
    w.memory.moveSharedItemCount(w.account.id, g.id, 1);
    await expect(deleteGroup(w.deps, w.manager(), g.id)).rejects.toThrow(GroupNotEmptyError);
    w.memory.moveSharedItemCount(w.account.id, g.id, -1);
    await expect(deleteGroup(w.deps, w.manager(), g.id, 9)).rejects.toThrow(PreconditionFailedError);
    await deleteGroup(w.deps, w.manager(), g.id, 1);
    await expect(getGroup(w.deps, w.manager(), g.id)).rejects.toThrow(NotFoundError);
    // its name is free again
    await expect(createGroup(w.deps, w.manager(), { name: 'temp' })).resolves.toMatchObject({ name: 'temp' });
    expect(w.eventTypes()).toContain('group.deleted');
  });

  it('another account’s group is 404, with its own manager as positive control', async () => {
    const w = await groupWorld();
    const other = await w.secondAccount('Other', 'other@other.test');
    const theirs = await createGroup(w.deps, other.manager(), { name: 'Theirs' });
    await expect(getGroup(w.deps, w.manager(), theirs.id)).rejects.toThrow(NotFoundError);
    await expect(updateGroup(w.deps, w.manager(), theirs.id, { name: 'Mine' })).rejects.toThrow(NotFoundError);
    await expect(deleteGroup(w.deps, w.manager(), theirs.id)).rejects.toThrow(NotFoundError);
    await expect(listGroupMembers(w.deps, w.manager(), theirs.id, {})).rejects.toThrow(NotFoundError);
    await expect(getGroup(w.deps, other.manager(), theirs.id)).resolves.toMatchObject({ name: 'Theirs' });
  });
});

describe('who may do what with groups', () => {
  it('admins with manageUsers create, rename and delete groups; admins without it only read; users neither', async () => {
    const w = await groupWorld();
    const plus = await w.adminIn('plus@acme.test', w.unitP.id, true);
    const minus = await w.adminIn('minus@acme.test', w.unitP.id, false);
    const user = await w.member('max@acme.test');
    const g = await createGroup(w.deps, plus.caller(), { name: 'By admin' });
    await expect(updateGroup(w.deps, plus.caller(), g.id, { description: 'ok' })).resolves.toMatchObject({
      description: 'ok',
    });
    await expect(createGroup(w.deps, minus.caller(), { name: 'Nope' })).rejects.toThrow(ForbiddenError);
    await expect(updateGroup(w.deps, minus.caller(), g.id, { name: 'Nope' })).rejects.toThrow(ForbiddenError);
    await expect(deleteGroup(w.deps, minus.caller(), g.id)).rejects.toThrow(ForbiddenError);
    await expect(getGroup(w.deps, minus.caller(), g.id)).resolves.toMatchObject({ id: g.id });
    await expect(listGroups(w.deps, minus.caller(), {})).resolves.toMatchObject({ items: [{ id: g.id }] });
    await expect(listGroupMembers(w.deps, minus.caller(), g.id, {})).resolves.toMatchObject({ items: [] });
    for (const call of [
      () => createGroup(w.deps, user.caller(), { name: 'Nope' }),
      () => listGroups(w.deps, user.caller(), {}),
      () => getGroup(w.deps, user.caller(), g.id),
      () => listGroupMembers(w.deps, user.caller(), g.id, {}),
    ])
      await expect(call()).rejects.toThrow(ForbiddenError);
    await deleteGroup(w.deps, plus.caller(), g.id);
  });

  it('an admin sees every group but adds and removes only the members they manage', async () => {
    const w = await groupWorld();
    const plus = await w.adminIn('plus@acme.test', w.unitP.id, true);
    const minus = await w.adminIn('minus@acme.test', w.unitP.id, false);
    const inP = await w.memberIn(
      'inp@acme.test',
      (await createUnit(w.org, w.manager(), { name: 'X', parentId: w.unitP.id })).id,
    );
    const inY = await w.memberIn('iny@acme.test', w.unitY.id);
    const g = await createGroup(w.deps, w.manager(), { name: 'Mixed' });
    await expect(addGroupMember(w.deps, plus.caller(), g.id, inP.user.id)).resolves.toMatchObject({ added: true });
    await expect(addGroupMember(w.deps, plus.caller(), g.id, inY.user.id)).rejects.toThrow(ForbiddenError);
    await expect(addGroupMember(w.deps, minus.caller(), g.id, inP.user.id)).rejects.toThrow(ForbiddenError);
    await addGroupMember(w.deps, w.manager(), g.id, inY.user.id);
    await expect(removeGroupMember(w.deps, plus.caller(), g.id, inY.user.id)).rejects.toThrow(ForbiddenError);
    await removeGroupMember(w.deps, plus.caller(), g.id, inP.user.id);
    expect((await getGroup(w.deps, w.manager(), g.id)).memberCount).toBe(1);
  });

  it('a member reads their own groups; another member’s are 403 to them, readable by their manager', async () => {
    const w = await groupWorld();
    const max = await w.member('max@acme.test');
    const eve = await w.member('eve@acme.test');
    const [a, b] = [
      await createGroup(w.deps, w.manager(), { name: 'A' }),
      await createGroup(w.deps, w.manager(), { name: 'B' }),
    ];
    await addGroupMember(w.deps, w.manager(), b.id, max.user.id);
    await addGroupMember(w.deps, w.manager(), a.id, max.user.id);
    const mine = await listUserGroups(w.deps, max.caller(), max.user.id, {});
    expect(mine.items.map((g) => g.name)).toEqual(['A', 'B']);
    expect(mine.items[0]).toMatchObject({ memberCount: 1 });
    await expect(listUserGroups(w.deps, eve.caller(), max.user.id, {})).rejects.toThrow(ForbiddenError);
    await expect(listUserGroups(w.deps, w.manager(), max.user.id, {})).resolves.toMatchObject({
      items: [{ id: a.id }, { id: b.id }],
    });
  });
});

describe('memberships and their counts', () => {
  it('adding is idempotent (counted once, one event); removing twice is 404 the second time', async () => {
    const w = await groupWorld();
    const g = await createGroup(w.deps, w.manager(), { name: 'Ops' });
    const { user } = await w.member('max@acme.test');
    const first = await addGroupMember(w.deps, w.manager(), g.id, user.id);
    const again = await addGroupMember(w.deps, w.manager(), g.id, user.id);
    expect(first).toMatchObject({
      added: true,
      membership: { groupId: g.id, userId: user.id, username: user.username },
    });
    expect(again).toEqual({ added: false, membership: first.membership });
    expect((await getGroup(w.deps, w.manager(), g.id)).memberCount).toBe(1);
    expect(w.eventTypes().filter((t) => t === 'group.member_added')).toHaveLength(1);
    const listed = await listGroupMembers(w.deps, w.manager(), g.id, {});
    expect(listed.items.map((m) => m.userId)).toEqual([user.id]);
    await removeGroupMember(w.deps, w.manager(), g.id, user.id);
    await expect(removeGroupMember(w.deps, w.manager(), g.id, user.id)).rejects.toThrow(NotFoundError);
    expect((await getGroup(w.deps, w.manager(), g.id)).memberCount).toBe(0);
    expect(w.dir.events.filter((e) => e.type === 'group.member_removed')).toEqual([
      expect.objectContaining({ target: { userId: user.id }, details: { groupId: g.id } }),
    ]);
  });

  it('a closed member cannot be added (409 member_closed); an open one can; a missing group is 404', async () => {
    const w = await groupWorld();
    const g = await createGroup(w.deps, w.manager(), { name: 'Ops' });
    const open = await w.member('open@acme.test');
    const gone = await w.member('gone@acme.test');
    const key = `${w.account.id}/${gone.user.id}`;
    w.dir.users.set(key, { ...w.dir.users.get(key)!, status: 'closed' });
    await expect(addGroupMember(w.deps, w.manager(), g.id, gone.user.id)).rejects.toThrow(MemberClosedError);
    await expect(addGroupMember(w.deps, w.manager(), g.id, open.user.id)).resolves.toMatchObject({ added: true });
    await expect(addGroupMember(w.deps, w.manager(), 'no-such-group', open.user.id)).rejects.toThrow(NotFoundError);
    await expect(addGroupMember(w.deps, w.manager(), g.id, 'no-such-user')).rejects.toThrow(NotFoundError);
  });

  it('lists members by username, page by page', async () => {
    const w = await groupWorld();
    const g = await createGroup(w.deps, w.manager(), { name: 'Big' });
    for (const name of ['carol', 'alice', 'bob']) {
      const { user } = await w.member(`${name}@acme.test`);
      await addGroupMember(w.deps, w.manager(), g.id, user.id);
    }
    const first = await listGroupMembers(w.deps, w.manager(), g.id, { limit: 2 });
    expect(first.items.map((m) => m.username)).toEqual(['alice', 'bob']);
    const second = await listGroupMembers(w.deps, w.manager(), g.id, { limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ username: 'carol' }], nextCursor: null });
  });
});
