/**
 * The organisation tree in DynamoDB. Units and the tree item share one partition per account (entities/org-unit.ts);
 * every structural write goes through the tree item, which carries the unit count, the structural revision and
 * a pending move's marker. Unit writes are UpdateItems of the fields they change, never whole-item Puts, so a
 * rename and a path rewrite of the same unit cannot undo each other.
 */
import { ConflictError, PreconditionFailedError } from '#domain/errors.ts';
import { MAX_UNITS_PER_ACCOUNT, TreeChangedError } from '#domain/org-unit.ts';
import type { UnitStore } from '#ports/units.ts';
import { batchGet } from './batch-get.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  fromOrgTreeItem,
  fromOrgUnitItem,
  isOrgTree,
  orgTreeKey,
  orgUnitItem,
  orgUnitKey,
} from './entities/org-unit.ts';
import { unitSettingsKey } from './entities/settings.ts';
import { del, put, transact } from './transact.ts';
import { moveSteps, sameMoveState, updateStep } from './unit-steps.ts';
import { unitMoveRepairStore } from './unit-repair-store.ts';

const changed = () => new TreeChangedError();

/** What a unit must be to be deleted, checked atomically with the delete (as domain assertUnitEmpty): no children, no members. */
export const UNIT_EMPTY_CONDITION = '#cc = :zero AND (attribute_not_exists(#mc) OR #mc = :zero)';

/** A move (the unit, its subtree and the tree's move state in one transaction). */
export const unitMoves: Pick<UnitStore, 'move'> = {
  async move(input) {
    await transact(moveSteps(input));
  },
};

/** A unit with the tree state (one consistent BatchGetItem). */
const readUnitWithTree: UnitStore['getWithTree'] = async (accountId, unitId) => {
  const unitKey = orgUnitKey(accountId, unitId);
  const items = await batchGet([unitKey, orgTreeKey(accountId)], { consistent: true });
  const unit = items.find((i) => i.SK === unitKey.SK);
  return {
    unit: unit ? fromOrgUnitItem(unit) : null,
    tree: fromOrgTreeItem(items.find(isOrgTree)),
  };
};

const createUnitRecord: UnitStore['create'] = async (unit, parent, event) => {
  await transact([
    {
      item: put(orgUnitItem(unit), 'attribute_not_exists(PK)'),
      onConditionFailed: () => new ConflictError('Unit id collision'),
    },
    updateStep(
      orgUnitKey(parent.accountId, parent.id),
      'ADD #cc :one',
      '#path = :path',
      { '#cc': 'childCount', '#path': 'path' },
      { ':one': 1, ':path': parent.path },
    ),
    updateStep(
      orgTreeKey(unit.accountId),
      'ADD #units :one, #rev :one',
      'attribute_not_exists(#move) AND #units < :max',
      { '#units': 'units', '#rev': 'revision', '#move': 'move' },
      { ':one': 1, ':max': MAX_UNITS_PER_ACCOUNT },
    ),
    { item: put(auditEventItem(event)) },
  ]);
};

const renameUnitRecord: UnitStore['rename'] = async (unit, expectedVersion, event, scoped) => {
  // the version condition also holds the unit's path (a finished move adds to the version of what it moved)
  await transact([
    ...(scoped ? [sameMoveState(unit.accountId, scoped.moveId)] : []),
    updateStep(
      orgUnitKey(unit.accountId, unit.id),
      'SET #name = :name, #v = :nv, #at = :at',
      '#v = :v',
      { '#name': 'name', '#v': 'version', '#at': 'updatedAt' },
      { ':name': unit.name, ':nv': unit.version, ':at': unit.updatedAt, ':v': expectedVersion },
      () => new PreconditionFailedError(),
    ),
    { item: put(auditEventItem(event)) },
  ]);
};

const deleteUnitRecord: UnitStore['delete'] = async (unit, expectedVersion, event) => {
  await transact([
    {
      item: del(
        orgUnitKey(unit.accountId, unit.id),
        `#v = :v AND ${UNIT_EMPTY_CONDITION}`,
        { ':v': expectedVersion, ':zero': 0 },
        { '#v': 'version', '#cc': 'childCount', '#mc': 'memberCount' },
      ),
      onConditionFailed: changed,
    },
    updateStep(
      orgUnitKey(unit.accountId, unit.parentId!),
      'ADD #cc :minus',
      'attribute_exists(PK)',
      { '#cc': 'childCount' },
      { ':minus': -1 },
    ),
    updateStep(
      orgTreeKey(unit.accountId),
      'ADD #units :minus, #rev :one',
      'attribute_not_exists(#move)',
      { '#units': 'units', '#rev': 'revision', '#move': 'move' },
      { ':minus': -1, ':one': 1 },
    ),
    { item: del(unitSettingsKey(unit.accountId, unit.id)) },
    { item: put(auditEventItem(event)) },
  ]);
};

/** The read alone (a unit with the tree state): reading a unit or its settings bundles none of the store's writes. */
export const unitReads: Pick<UnitStore, 'getWithTree'> = { getWithTree: readUnitWithTree };

/** The store without the move: creating, renaming or deleting a unit bundles no move steps. */
export const unitRecords: Omit<UnitStore, 'move'> = /* @__PURE__ */ (() => ({
  ...unitMoveRepairStore,
  getWithTree: readUnitWithTree,
  create: createUnitRecord,
  rename: renameUnitRecord,
  delete: deleteUnitRecord,
}))();

/** Creating a unit alone (with the reads and the pending-move repair it needs): no rename, delete or move. */
export const unitCreation: Omit<UnitStore, 'move' | 'rename' | 'delete'> = /* @__PURE__ */ (() => ({
  ...unitMoveRepairStore,
  getWithTree: readUnitWithTree,
  create: createUnitRecord,
}))();

/** Updating a unit (rename, move): no creation, no delete. */
export const unitUpdates: Omit<UnitStore, 'create' | 'delete'> = /* @__PURE__ */ (() => ({
  ...unitMoveRepairStore,
  getWithTree: readUnitWithTree,
  rename: renameUnitRecord,
  ...unitMoves,
}))();

/** The whole store; marked pure so that a bundle giving only `unitRecords` drops the move. */
export const unitStore: UnitStore = /* @__PURE__ */ (() => ({ ...unitRecords, ...unitMoves }))();
