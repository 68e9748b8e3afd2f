/**
 * The parts of the unit store that complete a pending move: the tree snapshot, the chunked unit and member path
 * rewrites, the marker's removal. Apart from the rest, so that member placements (which may complete an abandoned
 * move) do not bundle unit creation, renames and deletes.
 */
import type { OrgUnit, TreeState } from '#domain/org-unit.ts';
import type { MoveRepairStore } from '#ports/units.ts';
import type { Item } from './entity.ts';
import { fromOrgTreeItem, fromOrgUnitItem, isOrgTree, isOrgUnit, unitsOfTree } from './entities/org-unit.ts';
import { queryAll, queryInput } from './query.ts';
import { transact } from './transact.ts';
import { finishMove, membersUnder, rewriteMemberPaths, rewriteSteps } from './unit-steps.ts';

export async function snapshot(accountId: string): Promise<{ tree: TreeState; units: OrgUnit[] }> {
  const units: OrgUnit[] = [];
  let tree: Item | undefined;
  // 1,000 units of ~0.4 KB are well under one 1 MB page; more pages are for safety, not the usual case
  for (const item of await queryAll((start) => queryInput(unitsOfTree, [accountId], { start }))) {
    if (isOrgUnit(item)) units.push(fromOrgUnitItem(item));
    else if (isOrgTree(item)) tree = item;
  }
  return { tree: fromOrgTreeItem(tree), units };
}

/** The tree snapshot alone: listing the units and exporting members read it, and bundle none of the repair's writes. */
export const unitSnapshots: Pick<MoveRepairStore, 'snapshot'> = { snapshot };

export const unitMoveRepairStore: MoveRepairStore = {
  // 100 items per transaction: the first one also carries the tree, the unit, two parents and up to two events
  limits: { inlineRewrites: 94, rewritesPerChunk: 99, memberRewritesPerChunk: 99 },
  snapshot,
  async rewritePaths(accountId, moveId, rewrites, at) {
    await transact(rewriteSteps(accountId, moveId, rewrites, at));
  },
  membersUnder,
  rewriteMemberPaths,
  finishMove,
};
