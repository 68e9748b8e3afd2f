/**
 * Members in units, scoped admins and delegates as use cases over the in-memory ports (no network): placement,
 * moves with member counts, grants, delegation and the user settings layer. The policy alone: authorization.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, UnitNotEmptyError } from '#domain/errors.ts';
import { addDelegate, listDelegates, removeDelegate } from '#use-cases/delegations.ts';
import { deleteUnit, updateUnit } from '#use-cases/units.ts';
import { createUser, getUser, listUnitUsers, listUsers, updateUser } from '#use-cases/users.ts';
import { memberInput, orgWorld } from '../builders/memory.ts';

const input = memberInput;

/** Prepare: root ─ emea ─ berlin, root ─ apac; an admin of EMEA with manageUsers; a member in Berlin. */
async function world() {
  const w = await orgWorld();
  const [emea, berlin] = await w.chain(w.rootId, ['EMEA', 'Berlin']);
  const [apac] = await w.chain(w.rootId, ['APAC']);
  const deps = { ...w.deps, units: w.memory.store };
  const admin = (await w.adminIn('admin@acme.test', emea.id)).caller;
  const berliner = await createUser(deps, w.manager(), input('berliner', { unitId: berlin.id }));
  return { ...w, deps, emea, berlin, apac, admin, berliner };
}

describe('placing and moving members', () => {
  it('a member created in a unit sits there, counted; moving them moves the counts; a unit with members is not empty', async () => {
    const w = await world();
    expect(w.berliner).toMatchObject({ unitId: w.berlin.id, unitPath: w.unit(w.berlin.id).path });
    expect(w.unit(w.berlin.id).memberCount).toBe(1);
    await expect(deleteUnit(w.org, w.manager(), w.berlin.id)).rejects.toThrow(UnitNotEmptyError);

    const moved = await updateUser(w.deps, w.manager(), w.berliner.id, { unitId: w.apac.id });
    expect(moved).toMatchObject({ unitId: w.apac.id, unitPath: w.unit(w.apac.id).path });
    expect([w.unit(w.berlin.id).memberCount, w.unit(w.apac.id).memberCount]).toEqual([0, 1]);
    await expect(deleteUnit(w.org, w.manager(), w.berlin.id)).resolves.toBeUndefined();
  });

  it('a unit move takes the members of its subtree along (their path copies follow)', async () => {
    const w = await world();
    await updateUnit(w.org, w.manager(), w.emea.id, { parentId: w.apac.id });
    expect(w.dir.users.get(`${w.account.id}/${w.berliner.id}`)!.unitPath).toBe(w.unit(w.berlin.id).path);
    expect(w.unit(w.berlin.id).path).toBe(`/${w.rootId}/${w.apac.id}/${w.emea.id}/${w.berlin.id}/`);
    const page = await listUnitUsers(w.deps, w.manager(), w.apac.id, { includeDescendants: true });
    expect(page.items.map((u) => u.username)).toContain('berliner');
  });

  it('an unknown unit is 404 and creates nobody', async () => {
    const w = await world();
    await expect(createUser(w.deps, w.manager(), input('ghost', { unitId: 'NOPE' }))).rejects.toThrow(NotFoundError);
    expect([...w.dir.users.values()].map((u) => u.username)).not.toContain('ghost');
  });
});

describe('a scoped admin', () => {
  it('adds members inside their scope only (by default in their first scope unit), and lists only their scope', async () => {
    const w = await world();
    const inside = await createUser(w.deps, w.admin(), input('inside'));
    expect(inside.unitId).toBe(w.emea.id);
    await expect(createUser(w.deps, w.admin(), input('outside', { unitId: w.apac.id }))).rejects.toThrow(
      ForbiddenError,
    );
    await createUser(w.deps, w.manager(), input('apacian', { unitId: w.apac.id }));
    const listed = (await listUsers(w.deps, w.admin(), {})).items.map((u) => u.username);
    expect(listed).toEqual(expect.arrayContaining(['inside', 'berliner']));
    expect(listed).not.toContain('apacian');
    expect((await listUsers(w.deps, w.manager(), {})).items.map((u) => u.username)).toContain('apacian');
  });

  it('grants only what they hold, and never changes their own grants', async () => {
    const w = await world();
    await expect(updateUser(w.deps, w.admin(), w.berliner.id, { capabilities: { manageE911: true } })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(updateUser(w.deps, w.admin(), w.berliner.id, { role: 'account_manager' })).rejects.toThrow(
      ForbiddenError,
    );
    const own = w.admin().membership.userId;
    await expect(updateUser(w.deps, w.admin(), own, { adminUnitIds: [w.emea.id, w.apac.id] })).rejects.toThrow(
      ForbiddenError,
    );
    // positive control: a grant the admin holds
    await expect(
      updateUser(w.deps, w.admin(), w.berliner.id, {
        capabilities: { manageUsers: true },
        role: 'admin',
        adminUnitIds: [w.berlin.id],
      }),
    ).resolves.toMatchObject({ role: 'admin' });
    expect(w.dir.users.get(`${w.account.id}/${w.berliner.id}`)!.capabilities.manageUsers).toBe(true);
  });
});

describe('delegates and the member’s own settings', () => {
  it('an account manager makes D a delegate of a regular member; D then manages that member only', async () => {
    const w = await world();
    const d = await w.member('delegate@acme.test');
    const other = await createUser(w.deps, w.manager(), input('other', { unitId: w.apac.id }));
    await expect(updateUser(w.deps, d.caller(), w.berliner.id, { firstName: 'Before' })).rejects.toThrow(
      ForbiddenError,
    );
    expect((await addDelegate(w.deps, w.manager(), w.berliner.id, d.user.id)).created).toBe(true);
    expect((await addDelegate(w.deps, w.manager(), w.berliner.id, d.user.id)).created).toBe(false);
    await expect(updateUser(w.deps, d.caller(), w.berliner.id, { firstName: 'Delegated' })).resolves.toMatchObject({
      firstName: 'Delegated',
    });
    await expect(updateUser(w.deps, d.caller(), other.id, { firstName: 'Nope' })).rejects.toThrow(ForbiddenError);
    await expect(addDelegate(w.deps, d.caller(), other.id, d.user.id)).rejects.toThrow(ForbiddenError);
    await expect(addDelegate(w.deps, w.manager(), w.admin().membership.userId, d.user.id)).rejects.toThrow(
      ConflictError,
    );
    expect((await listDelegates(w.deps, w.manager(), w.berliner.id, {})).items.map((x) => x.delegateUserId)).toEqual([
      d.user.id,
    ]);
    await removeDelegate(w.deps, w.manager(), w.berliner.id, d.user.id);
    await expect(removeDelegate(w.deps, w.manager(), w.berliner.id, d.user.id)).rejects.toThrow(NotFoundError);
  });

  it('a user override wins in effectiveSettings; permissions show modules within allowedModules', async () => {
    const w = await world();
    await updateUser(w.deps, w.manager(), w.berliner.id, { settings: { language: 'de' }, modules: ['fax', 'voice'] });
    const view = await getUser(w.deps, w.manager(), w.berliner.id);
    expect(view.effectiveSettings.language).toEqual({ value: 'de', source: 'user' });
    expect(view.effectivePermissions).toMatchObject({ role: 'user', modules: ['fax', 'voice'], mfaRequired: false });
  });
});
