/** Builders for the organisation-tree unit tests: the lifecycle world plus in-memory unit and settings stores. */
import type { MemberCaller } from '#domain/caller.ts';
import type { OrgUnit } from '#domain/org-unit.ts';
import type { OrganizationDeps } from '#use-cases/deps.ts';
import { createUnit } from '#use-cases/units.ts';
import { MemoryUnits } from '../fakes/memory-units.ts';
import { world } from './lifecycle-world.ts';

export async function orgWorld() {
  const w = await world();
  const memory = new MemoryUnits(w.dir);
  const org: OrganizationDeps = {
    access: w.deps.access,
    accounts: w.deps.accounts,
    units: memory.store,
    settingsStore: memory.settings,
    clock: w.clock,
    ids: w.deps.ids,
  };
  const rootId = w.account.rootUnitId!;
  const unit = (id: string, accountId = w.account.id): OrgUnit => w.dir.orgUnits.get(`${accountId}/${id}`)!;

  /** Creates `names` as a chain below `parentId` (each under the previous one); returns them in order. */
  async function chain(parentId: string, names: string[], by: MemberCaller = w.manager()): Promise<OrgUnit[]> {
    const out: OrgUnit[] = [];
    for (const name of names) out.push(await createUnit(org, by, { name, parentId: out.at(-1)?.id ?? parentId }));
    return out;
  }
  /** Creates `count` children of `parentId`. */
  async function children(parentId: string, count: number, prefix = 'child'): Promise<OrgUnit[]> {
    const out: OrgUnit[] = [];
    for (let i = 0; i < count; i++) out.push(await createUnit(org, w.manager(), { name: `${prefix} ${i}`, parentId }));
    return out;
  }
  return { ...w, memory, org, rootId, unit, chain, children };
}
