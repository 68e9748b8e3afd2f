/**
 * The organisation tree in DynamoDB. Units and the tree item share one partition per account (ACCOUNT#a#UNITS);
 * every structural write goes through the tree item, which carries the unit count, the structural revision and
 * a pending move's marker. Unit writes are UpdateItems of the fields they change, never whole-item Puts, so a
 * rename and a path rewrite of the same unit cannot undo each other.
 */
import { ConflictError, PreconditionFailedError } from '#domain/errors.ts';
import { MAX_UNITS_PER_ACCOUNT, TreeChangedError } from '#domain/org-unit.ts';
import type { UnitStore } from '#ports/units.ts';
import { batchGet } from './batch-get.ts';
import { tableName } from './client.ts';
import { auditEventItem } from './items.ts';
import { keys } from './keys.ts';
import { fromOrgTreeItem, fromOrgUnitItem, orgUnitItem } from './org-items.ts';
import { put, transact } from './transact.ts';
import { moveSteps, updateStep } from './unit-steps.ts';
import { unitMoveRepairStore } from './unit-repair-store.ts';

const changed = () => new TreeChangedError();

/** What a unit must be to be deleted, checked atomically with the delete (as domain assertUnitEmpty): no children, no members. */
export const UNIT_EMPTY_CONDITION = '#cc = :zero AND (attribute_not_exists(#mc) OR #mc = :zero)';

export const unitStore: UnitStore = {
  ...unitMoveRepairStore,
  async getWithTree(accountId, unitId) {
    const unitKey = keys.orgUnit(accountId, unitId);
    const items = await batchGet([unitKey, keys.orgTree(accountId)], { consistent: true });
    const unit = items.find((i) => i.SK === unitKey.SK);
    return {
      unit: unit ? fromOrgUnitItem(unit) : null,
      tree: fromOrgTreeItem(items.find((i) => i.SK === keys.orgTree(accountId).SK)),
    };
  },

  async create(unit, parent, event) {
    await transact([
      {
        item: put(orgUnitItem(unit), 'attribute_not_exists(PK)'),
        onConditionFailed: () => new ConflictError('Unit id collision'),
      },
      updateStep(
        keys.orgUnit(parent.accountId, parent.id),
        'ADD #cc :one',
        '#path = :path',
        { '#cc': 'childCount', '#path': 'path' },
        { ':one': 1, ':path': parent.path },
      ),
      updateStep(
        keys.orgTree(unit.accountId),
        'ADD #units :one, #rev :one',
        'attribute_not_exists(#move) AND #units < :max',
        { '#units': 'units', '#rev': 'revision', '#move': 'move' },
        { ':one': 1, ':max': MAX_UNITS_PER_ACCOUNT },
      ),
      { item: put(auditEventItem(event)) },
    ]);
  },

  async rename(unit, expectedVersion, event) {
    await transact([
      updateStep(
        keys.orgUnit(unit.accountId, unit.id),
        'SET #name = :name, #v = :nv, #at = :at',
        '#v = :v',
        { '#name': 'name', '#v': 'version', '#at': 'updatedAt' },
        { ':name': unit.name, ':nv': unit.version, ':at': unit.updatedAt, ':v': expectedVersion },
        () => new PreconditionFailedError(),
      ),
      { item: put(auditEventItem(event)) },
    ]);
  },

  async move(input) {
    await transact(moveSteps(input));
  },

  async delete(unit, expectedVersion, event) {
    await transact([
      {
        item: {
          Delete: {
            TableName: tableName(),
            Key: keys.orgUnit(unit.accountId, unit.id),
            ConditionExpression: `#v = :v AND ${UNIT_EMPTY_CONDITION}`,
            ExpressionAttributeNames: { '#v': 'version', '#cc': 'childCount', '#mc': 'memberCount' },
            ExpressionAttributeValues: { ':v': expectedVersion, ':zero': 0 },
          },
        },
        onConditionFailed: changed,
      },
      updateStep(
        keys.orgUnit(unit.accountId, unit.parentId!),
        'ADD #cc :minus',
        'attribute_exists(PK)',
        { '#cc': 'childCount' },
        { ':minus': -1 },
      ),
      updateStep(
        keys.orgTree(unit.accountId),
        'ADD #units :minus, #rev :one',
        'attribute_not_exists(#move)',
        { '#units': 'units', '#rev': 'revision', '#move': 'move' },
        { ':minus': -1, ':one': 1 },
      ),
      { item: { Delete: { TableName: tableName(), Key: keys.unitSettings(unit.accountId, unit.id) } } },
      { item: put(auditEventItem(event)) },
    ]);
  },
};
