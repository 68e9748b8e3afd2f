/**
 * An admin's unit writes are checked against the tree they write on: a move, a rename and a settings write that lose
 * a race to an account manager's concurrent move are re-checked on the retry (scope, and for a move the MFA rule),
 * never re-planned without the check. The interleaving is injected: the store runs the account manager's move just
 * before the admin's first write.
 */
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '#domain/errors.ts';
import type { OrgUnit } from '#domain/org-unit.ts';
import type { OrganizationDeps } from '#use-cases/deps.ts';
import { getUnitSettings, updateUnitSettings } from '#use-cases/settings.ts';
import { updateUnit } from '#use-cases/units.ts';
import { orgWorld, withMfa } from '../builders/memory.ts';

type World = Awaited<ReturnType<typeof orgWorld>>;

/**
 *   root ─┬─ P (the admin's scope) ─┬─ X ─ A ─ B ─ Q
 *         │                         ├─ X2
 *         │                         ├─ X3
 *         │                         └─ S (requires MFA)
 *         └─ Y (outside)
 */
async function racingWorld() {
  const w = await orgWorld();
  const [p] = await w.chain(w.rootId, ['P']);
  const [y] = await w.chain(w.rootId, ['Y']);
  const [x, a, b, q] = await w.chain(p.id, ['X', 'A', 'B', 'Q']);
  const [x2] = await w.chain(p.id, ['X2']);
  const [x3] = await w.chain(p.id, ['X3']);
  const [s] = await w.chain(p.id, ['S']);
  await updateUnitSettings(w.org, withMfa(w.manager()), s.id, { mfaRequired: true });
  const admin = await w.adminIn('admin@acme.test', p.id);
  return { w, admin: admin.caller, units: { p, y, x, a, b, q, x2, x3, s } };
}

/**
 * The organisation deps with `method` of the unit store (or the settings store) running `concurrent` once, just
 * before the first write goes to the store: the write then finds the tree changed under it.
 */
function racing(
  w: World,
  method: 'move' | 'rename' | 'saveUnitSettings',
  concurrent: () => Promise<unknown>,
): OrganizationDeps & { writes: () => number } {
  let writes = 0;
  const once =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (writes++ === 0) await concurrent();
      return write(...args);
    };
  const units = { ...w.org.units };
  const settingsStore = { ...w.org.settingsStore };
  if (method === 'saveUnitSettings') settingsStore.saveUnitSettings = once(w.org.settingsStore.saveUnitSettings);
  else if (method === 'move') units.move = once(w.org.units.move);
  else units.rename = once(w.org.units.rename);
  return { ...w.org, units, settingsStore, writes: () => writes };
}

/** The account manager moves `unitId` under `parentId` (unracing deps). */
const managerMoves = (w: World, unitId: string, parentId: string) => () =>
  updateUnit(w.org, w.manager(), unitId, { parentId });

/** Leaves the account manager's next move half-done (its first rewrite chunk fails): descendants keep old paths. */
function failNextRewriteChunk(w: World) {
  const counted = w.memory as unknown as { rewriteChunks: number };
  w.memory.faults.failRewriteChunk = counted.rewriteChunks + 1;
}

const parentOf = (w: World, u: OrgUnit) => w.unit(u.id).parentId;

describe('an admin’s unit move is re-checked on every attempt', () => {
  it('refuses the retry when a concurrent move took the unit out of the admin’s scope', async () => {
    const { w, admin, units } = await racingWorld();
    const deps = racing(w, 'move', managerMoves(w, units.x.id, units.y.id));
    await expect(updateUnit(deps, admin(), units.x.id, { parentId: units.x2.id })).rejects.toThrow(ForbiddenError);
    expect(deps.writes()).toBe(1);
    // the account manager's move stands; the admin pulled nothing back into their scope
    expect(parentOf(w, units.x)).toBe(units.y.id);
    expect(w.dir.events.filter((e) => e.type === 'unit.moved' && e.actor.userId === admin().membership.userId)).toEqual(
      [],
    );
  });

  it('refuses the retry when a concurrent move put the unit under an MFA requirement the move would lift', async () => {
    const { w, admin, units } = await racingWorld();
    const deps = racing(w, 'move', managerMoves(w, units.x.id, units.s.id));
    await expect(updateUnit(deps, admin(), units.x.id, { parentId: units.x2.id })).rejects.toThrow(ForbiddenError);
    expect(parentOf(w, units.x)).toBe(units.s.id);
  });

  it('positive control: a concurrent move that keeps everything in scope, and the retry goes ahead', async () => {
    const { w, admin, units } = await racingWorld();
    const deps = racing(w, 'move', managerMoves(w, units.x2.id, units.x3.id));
    const moved = await updateUnit(deps, admin(), units.x.id, { parentId: units.x2.id });
    expect(deps.writes()).toBe(2);
    expect(moved.path).toBe(`${w.unit(units.x2.id).path}${units.x.id}/`);
    expect(parentOf(w, units.x)).toBe(units.x2.id);
  });
});

describe('an admin’s rename holds only on the tree its scope was checked against', () => {
  it('refuses the retry when a concurrent (half-done) move took the unit out of scope', async () => {
    const { w, admin, units } = await racingWorld();
    const deps = racing(w, 'rename', async () => {
      failNextRewriteChunk(w);
      await managerMoves(w, units.x.id, units.y.id)();
      w.memory.faults = {};
    });
    // Q's stored record (version, path) is untouched by the half-done move: only the tree's move state tells
    await expect(updateUnit(deps, admin(), units.q.id, { name: 'Mine now' })).rejects.toThrow(ForbiddenError);
    expect(w.unit(units.q.id).name).toBe('Q');
  });

  it('positive control: a concurrent move within the scope, and the retried rename goes ahead', async () => {
    const { w, admin, units } = await racingWorld();
    const deps = racing(w, 'rename', async () => {
      failNextRewriteChunk(w);
      await managerMoves(w, units.x.id, units.x2.id)();
      w.memory.faults = {};
    });
    await expect(updateUnit(deps, admin(), units.q.id, { name: 'Renamed' })).resolves.toMatchObject({
      name: 'Renamed',
    });
    expect(deps.writes()).toBe(2);
    expect(w.unit(units.q.id).name).toBe('Renamed');
  });
});

describe('an admin’s unit settings write holds only on the tree its scope was checked against', () => {
  it('refuses the retry when a concurrent move took the unit out of scope; nothing stored', async () => {
    const { w, admin, units } = await racingWorld();
    const deps = racing(w, 'saveUnitSettings', managerMoves(w, units.x.id, units.y.id));
    await expect(updateUnitSettings(deps, admin(), units.q.id, { language: 'de' })).rejects.toThrow(ForbiddenError);
    expect((await getUnitSettings(w.org, w.manager(), units.q.id)).settings).toEqual({});
  });

  it('positive control: a concurrent move within the scope, and the retried write goes ahead', async () => {
    const { w, admin, units } = await racingWorld();
    const deps = racing(w, 'saveUnitSettings', managerMoves(w, units.x.id, units.x2.id));
    await updateUnitSettings(deps, admin(), units.q.id, { language: 'de' });
    expect(deps.writes()).toBe(2);
    expect((await getUnitSettings(w.org, w.manager(), units.q.id)).settings).toEqual({ language: 'de' });
  });
});
