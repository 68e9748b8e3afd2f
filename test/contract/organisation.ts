/** Contract of the organisation tree, unit settings, the access read, delegations and idempotency records. */
import { describe, expect, it } from 'vitest';
import { newChildUnit, TreeChangedError } from '#domain/org-unit.ts';
import { allPages, at, auditEvent, seedAccount, seedMember, seedUnit, T0, uid } from './fixtures.ts';
import { freshPorts, type MakePorts } from './ports.ts';

export function defineUnitContract(make: MakePorts) {
  describe('UnitStore', () => {
    const p = freshPorts(make);

    it('creates a unit under its parent: counts and revision move together', async () => {
      const s = await seedAccount(p);
      const before = await p.units.getWithTree(s.account.id, s.root.id);
      expect(before.tree).toEqual({ unitCount: 1, revision: 1, move: null });
      const a = await seedUnit(p, s.root, 'A');
      const after = await p.units.getWithTree(s.account.id, a.id);
      expect(after.unit).toEqual(a);
      expect(after.tree).toEqual({ unitCount: 2, revision: 2, move: null });
      expect((await p.units.getWithTree(s.account.id, s.root.id)).unit?.childCount).toBe(1);
      const snapshot = await p.units.snapshot(s.account.id);
      expect(snapshot.units.map((u) => u.id).sort()).toEqual([s.root.id, a.id].sort());
      expect((await p.units.getWithTree(s.account.id, uid('unit'))).unit).toBeNull();
      expect((await p.units.getWithTree(uid('acct'), uid('unit'))).tree).toEqual({
        unitCount: 0,
        revision: 0,
        move: null,
      });
    });

    it('refuses a unit under a parent whose path changed, writing nothing', async () => {
      const s = await seedAccount(p);
      const stale = { ...s.root, path: `/${uid('x')}/` };
      const unit = newChildUnit(stale, uid('unit'), 'Orphan', T0.toISOString());
      await expect(p.units.create(unit, stale, auditEvent(s.account.id))).rejects.toMatchObject({ code: 'conflict' });
      expect((await p.units.getWithTree(s.account.id, unit.id)).unit).toBeNull();
      expect((await p.units.getWithTree(s.account.id, s.root.id)).tree.unitCount).toBe(1);
    });

    it('renames at the expected version only', async () => {
      const s = await seedAccount(p);
      const a = await seedUnit(p, s.root, 'A');
      const renamed = { ...a, name: 'Renamed', version: 2, updatedAt: at(5).toISOString() };
      await expect(p.units.rename(renamed, 2, auditEvent(s.account.id))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await p.units.rename(renamed, 1, auditEvent(s.account.id));
      expect((await p.units.getWithTree(s.account.id, a.id)).unit).toEqual(renamed);
    });

    it('an admin’s rename or settings write holds only on the unit’s place as read: not after a move started or the unit changed; units added elsewhere change nothing', async () => {
      const s = await seedAccount(p);
      const a = await seedUnit(p, s.root, 'A');
      const b = await seedUnit(p, s.root, 'B');
      const renamed = { ...a, name: 'Renamed', version: 2, updatedAt: at(5).toISOString() };
      const settings = { overrides: { language: 'fr' as const }, version: 1 };
      // the settings write checked on another version of the unit (it moved or was renamed since) is refused
      await expect(
        p.settings.saveUnitSettings(s.account.id, a.id, settings, 0, auditEvent(s.account.id), 0, {
          moveId: null,
          unitVersion: 0,
        }),
      ).rejects.toBeInstanceOf(TreeChangedError);
      expect((await p.settings.readLayers(s.account.id, [a.id])).units.size).toBe(0);
      // positive control: a unit added elsewhere (the tree's revision moves) does not stand in the way
      await seedUnit(p, s.root, 'C');
      await p.units.rename(renamed, 1, auditEvent(s.account.id), { moveId: null });
      await p.settings.saveUnitSettings(s.account.id, a.id, settings, 0, auditEvent(s.account.id), 0, {
        moveId: null,
        unitVersion: 2,
      });
      expect((await p.units.getWithTree(s.account.id, a.id)).unit).toEqual(renamed);
      expect((await p.settings.readLayers(s.account.id, [a.id])).units.get(a.id)).toEqual(settings);

      // a move that started since the read (its marker on the tree) holds both back
      const { tree } = await p.units.getWithTree(s.account.id, b.id);
      const toA = `${renamed.path}${b.id}/`;
      const marker = { moveId: uid('move'), unitId: b.id, fromPath: b.path, toPath: toA, startedAt: T0.toISOString() };
      await p.units.move({
        unit: { ...b, parentId: a.id, path: toA, depth: 2, version: 2 },
        expectedVersion: 1,
        fromPath: b.path,
        fromParentId: s.root.id,
        to: (await p.units.getWithTree(s.account.id, a.id)).unit!,
        revision: tree.revision,
        inline: [],
        marker,
        events: [auditEvent(s.account.id)],
        at: at(6).toISOString(),
      });
      const again = { ...renamed, name: 'Again', version: 3 };
      // read before the move started (no move then): refused; read with the move under way: goes ahead
      await expect(p.units.rename(again, 2, auditEvent(s.account.id), { moveId: null })).rejects.toBeInstanceOf(
        TreeChangedError,
      );
      await expect(
        p.settings.saveUnitSettings(s.account.id, a.id, { ...settings, version: 2 }, 1, auditEvent(s.account.id), 0, {
          moveId: null,
          unitVersion: 2,
        }),
      ).rejects.toBeInstanceOf(TreeChangedError);
      await p.settings.saveUnitSettings(
        s.account.id,
        a.id,
        { ...settings, version: 2 },
        1,
        auditEvent(s.account.id),
        0,
        {
          moveId: marker.moveId,
          unitVersion: 2,
        },
      );
      await p.units.rename(again, 2, auditEvent(s.account.id), { moveId: marker.moveId });
      expect((await p.units.getWithTree(s.account.id, a.id)).unit?.name).toBe('Again');
    });

    it('deletes an empty unit with its settings; a unit with a child or a member stays', async () => {
      const s = await seedAccount(p);
      const a = await seedUnit(p, s.root, 'A');
      const child = await seedUnit(p, a, 'A1');
      const b = await seedUnit(p, s.root, 'B');
      await seedMember(p, s, b);
      const stored = async (id: string) => (await p.units.getWithTree(s.account.id, id)).unit!;
      await expect(p.units.delete(await stored(a.id), 1, auditEvent(s.account.id))).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(p.units.delete(await stored(b.id), 1, auditEvent(s.account.id))).rejects.toMatchObject({
        code: 'conflict',
      });
      await p.settings.saveUnitSettings(
        s.account.id,
        child.id,
        { overrides: { language: 'fr' }, version: 1 },
        0,
        auditEvent(s.account.id),
      );
      await expect(p.units.delete(await stored(child.id), 2, auditEvent(s.account.id))).rejects.toMatchObject({
        code: 'conflict',
      });
      await p.units.delete(await stored(child.id), 1, auditEvent(s.account.id));
      expect((await p.units.getWithTree(s.account.id, child.id)).unit).toBeNull();
      expect((await p.settings.readLayers(s.account.id, [child.id])).units.size).toBe(0);
      expect((await stored(a.id)).childCount).toBe(0);
      expect((await p.units.getWithTree(s.account.id, a.id)).tree).toMatchObject({ unitCount: 3, move: null });
    });

    it('moves a unit: the tree revision must be the planned one, both parents count the move', async () => {
      const s = await seedAccount(p);
      const a = await seedUnit(p, s.root, 'A');
      const b = await seedUnit(p, s.root, 'B');
      const { tree } = await p.units.getWithTree(s.account.id, a.id);
      const storedB = (await p.units.getWithTree(s.account.id, b.id)).unit!;
      const moved = { ...a, parentId: b.id, path: `${b.path}${a.id}/`, depth: 2, version: 2 };
      const input = {
        unit: moved,
        expectedVersion: 1,
        fromPath: a.path,
        fromParentId: s.root.id,
        to: storedB,
        revision: tree.revision,
        inline: [],
        marker: null,
        events: [auditEvent(s.account.id)],
        at: at(5).toISOString(),
      };
      await expect(p.units.move({ ...input, revision: tree.revision - 1 })).rejects.toMatchObject({ code: 'conflict' });
      await p.units.move(input);
      expect((await p.units.getWithTree(s.account.id, a.id)).unit).toMatchObject({ parentId: b.id, path: moved.path });
      expect((await p.units.getWithTree(s.account.id, b.id)).unit?.childCount).toBe(1);
      expect((await p.units.getWithTree(s.account.id, s.root.id)).unit?.childCount).toBe(1);
      expect((await p.units.getWithTree(s.account.id, a.id)).tree.revision).toBe(tree.revision + 1);
    });

    it('finds the members under a path', async () => {
      const s = await seedAccount(p);
      const a = await seedUnit(p, s.root, 'A');
      const { user } = await seedMember(p, s, a);
      const found = await p.units.membersUnder(s.account.id, a.path);
      expect(found.members).toEqual([{ userId: user.id, username: user.username, unitPath: a.path }]);
    });
  });
}

export function defineSettingsContract(make: MakePorts) {
  describe('SettingsStore and AccessStore', () => {
    const p = freshPorts(make);

    it('saves unit settings at the expected version; a missing unit is not_found', async () => {
      const s = await seedAccount(p);
      const a = await seedUnit(p, s.root, 'A');
      const v1 = { overrides: { language: 'fr' }, version: 1 };
      await expect(
        p.settings.saveUnitSettings(s.account.id, a.id, v1, 1, auditEvent(s.account.id)),
      ).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await p.settings.saveUnitSettings(s.account.id, a.id, v1, 0, auditEvent(s.account.id));
      await expect(
        p.settings.saveUnitSettings(s.account.id, a.id, v1, 0, auditEvent(s.account.id)),
      ).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      const v2 = { overrides: { language: 'de' }, version: 2 };
      await p.settings.saveUnitSettings(s.account.id, a.id, v2, 1, auditEvent(s.account.id));
      const layers = await p.settings.readLayers(s.account.id, [a.id, s.root.id]);
      expect(layers.account).toEqual(s.account);
      expect(layers.units).toEqual(new Map([[a.id, v2]]));
      await expect(
        p.settings.saveUnitSettings(s.account.id, uid('unit'), v1, 0, auditEvent(s.account.id)),
      ).rejects.toMatchObject({ code: 'not_found' });
      expect((await p.settings.readLayers(uid('acct'), [])).account).toBeNull();
    });

    it('the access read: the tree, the units asked for that exist, one delegation, settings', async () => {
      const s = await seedAccount(p);
      const a = await seedUnit(p, s.root, 'A');
      const m = await seedMember(p, s, a);
      await p.settings.saveUnitSettings(
        s.account.id,
        a.id,
        { overrides: { language: 'fr' }, version: 1 },
        0,
        auditEvent(s.account.id),
      );
      await p.delegations.put(
        { accountId: s.account.id, userId: m.user.id, delegateUserId: s.owner.id, createdAt: T0.toISOString() },
        auditEvent(s.account.id),
      );
      const read = await p.access.read(s.account.id, {
        unitIds: [a.id, uid('unit')],
        delegation: { userId: m.user.id, delegateUserId: s.owner.id },
        settingsOf: [s.root.id, a.id],
      });
      expect(read.tree).toEqual({ unitCount: 2, revision: 2, move: null });
      expect([...read.units.keys()]).toEqual([a.id]);
      expect(read.units.get(a.id)).toMatchObject({ id: a.id, path: a.path, memberCount: 1 });
      expect(read.delegate).toBe(true);
      expect(read.unitSettings).toEqual(new Map([[a.id, { overrides: { language: 'fr' }, version: 1 }]]));
      const other = await p.access.read(s.account.id, {
        unitIds: [],
        delegation: { userId: s.owner.id, delegateUserId: m.user.id },
      });
      expect(other.delegate).toBe(false);
    });
  });
}

export function defineDelegationContract(make: MakePorts) {
  describe('DelegationStore', () => {
    const p = freshPorts(make);

    it('puts once (the second put returns the stored one), removes once, lists a member’s delegates in pages', async () => {
      const s = await seedAccount(p);
      const members = [];
      for (let i = 0; i < 3; i++) members.push((await seedMember(p, s)).user);
      const delegation = (delegateUserId: string, createdAt = T0) => ({
        accountId: s.account.id,
        userId: s.owner.id,
        delegateUserId,
        createdAt: createdAt.toISOString(),
      });
      const put = async (d: ReturnType<typeof delegation>) => p.delegations.put(d, auditEvent(s.account.id));
      for (const m of [members[2], members[0], members[1]]) expect((await put(delegation(m.id))).created).toBe(true);
      expect(await put(delegation(members[0].id, at(60)))).toEqual({
        delegation: delegation(members[0].id),
        created: false,
      });
      const listed = await allPages((cursor) => p.delegations.list(s.account.id, s.owner.id, { limit: 2, cursor }));
      expect(listed.items.map((d) => d.delegateUserId)).toEqual(members.map((m) => m.id).sort());
      expect(await p.delegations.remove(s.account.id, s.owner.id, members[0].id, auditEvent(s.account.id))).toBe(true);
      expect(await p.delegations.remove(s.account.id, s.owner.id, members[0].id, auditEvent(s.account.id))).toBe(false);
      expect((await p.delegations.list(s.account.id, members[0].id, { limit: 5 })).items).toEqual([]);
    });

    it('refuses a delegation to or from someone who is not a member (conflict), writing nothing', async () => {
      const s = await seedAccount(p);
      const ghost = uid('u');
      for (const [userId, delegateUserId] of [
        [s.owner.id, ghost],
        [ghost, s.owner.id],
      ]) {
        await expect(
          p.delegations.put(
            { accountId: s.account.id, userId, delegateUserId, createdAt: T0.toISOString() },
            auditEvent(s.account.id),
          ),
        ).rejects.toMatchObject({ code: 'conflict' });
      }
      expect((await p.delegations.list(s.account.id, s.owner.id, { limit: 5 })).items).toEqual([]);
    });
  });
}

export function defineIdempotencyContract(make: MakePorts) {
  describe('IdempotencyStore', () => {
    const p = freshPorts(make);
    const response = { statusCode: 201, headers: { location: '/x' }, body: '{"ok":true}' };

    it('claims a key once; the record says in progress, then completed with its response', async () => {
      const [scope, key] = [uid('scope'), uid('key')];
      expect(await p.idempotency.claim(scope, key, 'h1', T0)).toBeNull();
      expect(await p.idempotency.claim(scope, key, 'h2', at(1))).toEqual({ requestHash: 'h1', state: 'in_progress' });
      expect(await p.idempotency.claim(uid('scope'), key, 'h2', at(1))).toBeNull();
      await p.idempotency.complete(scope, key, response, at(2));
      expect(await p.idempotency.claim(scope, key, 'h1', at(3))).toEqual({
        requestHash: 'h1',
        state: 'completed',
        response,
      });
      // a completed record is not released
      await p.idempotency.release(scope, key);
      expect(await p.idempotency.claim(scope, key, 'h1', at(4))).toMatchObject({ state: 'completed' });
    });

    it('a released or abandoned claim is free again; an expired record is gone', async () => {
      const [scope, key] = [uid('scope'), uid('key')];
      await p.idempotency.claim(scope, key, 'h1', T0);
      await p.idempotency.release(scope, key);
      expect(await p.idempotency.claim(scope, key, 'h2', at(1))).toBeNull();
      // the claim's function died: after its lock, another request takes the key over
      expect(await p.idempotency.claim(scope, key, 'h3', at(30))).toMatchObject({ requestHash: 'h2' });
      expect(await p.idempotency.claim(scope, key, 'h3', at(120))).toBeNull();
      await p.idempotency.complete(scope, key, response, at(121));
      expect(await p.idempotency.claim(scope, key, 'h4', at(121 + 24 * 3600 + 5))).toBeNull();
    });
  });
}
