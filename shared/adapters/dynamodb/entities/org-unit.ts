/**
 * The organisation tree: one partition per account holds the tree item (unit count, structural revision, a pending
 * move's marker) and every unit, read whole in one Query (a tree listing, a move's snapshot), so a pending move's
 * marker always arrives with the units it concerns.
 */
import type { OrgUnit, PendingMove, TreeState } from '#domain/org-unit.ts';
import {
  type EntityShape,
  type Item,
  type Key,
  keyConditionOf,
  type Pattern,
  type QueryPattern,
  show,
} from '../entity.ts';
import { accountPartition } from './account.ts';
import { membersUnderPath } from './user.ts';

const treePartition = (accountId: string): string => `${accountPartition(accountId)}#UNITS`;
const UNIT = 'UNIT#';

/** The account's tree: unit count (the 1,000 limit), structural revision, a pending move's marker. */
export const orgTreeKey = (accountId: string): Key => ({ PK: treePartition(accountId), SK: 'TREE' });
export const orgUnitKey = (accountId: string, unitId: string): Key => ({
  PK: treePartition(accountId),
  SK: `${UNIT}${unitId}`,
});
export const isOrgUnit = (item: Item): boolean => String(item.SK).startsWith(UNIT);
export const isOrgTree = (item: Item): boolean => item.SK === 'TREE';

/** The whole tree partition: the tree item and every unit of the account. */
export const unitsOfTree: QueryPattern<[accountId: string]> = {
  name: 'unitsOfTree',
  index: 'table',
  partition: treePartition,
  placeholders: ['<a>'],
  sortKey: 'none',
  consistent: true,
};

const unitFields = [
  'id',
  'accountId',
  'name',
  'parentId',
  'path',
  'depth',
  'childCount',
  'version',
  'createdAt',
  'updatedAt',
] as const;

export const orgUnitItem = (u: OrgUnit): Item => ({ ...orgUnitKey(u.accountId, u.id), entity: 'OrgUnit', ...u });

export function fromOrgUnitItem(item: Item): OrgUnit {
  const out: Record<string, unknown> = {};
  for (const f of unitFields) out[f] = item[f] ?? null;
  return {
    ...(out as unknown as OrgUnit),
    childCount: Number(item.childCount ?? 0),
    memberCount: Number(item.memberCount ?? 0),
  };
}

/** The tree item of a new account: its root is the one unit. */
export const newOrgTreeItem = (accountId: string): Item => ({
  ...orgTreeKey(accountId),
  entity: 'OrgTree',
  units: 1,
  revision: 1,
});

export function fromOrgTreeItem(item: Item | undefined): TreeState {
  const move = item?.move as PendingMove | undefined;
  return { unitCount: Number(item?.units ?? 0), revision: Number(item?.revision ?? 0), move: move ?? null };
}

export const orgUnitEntities: EntityShape[] = [
  { name: 'Organisation tree (count, revision, pending move)', key: () => orgTreeKey('<accountId>') },
  {
    name: 'Organisation unit',
    key: () => orgUnitKey('<accountId>', '<unitId>'),
    notes: () => '`path` (`/<rootId>/…/<unitId>/`), `depth`, `childCount`, `memberCount`',
  },
];

const tree = () => show(orgTreeKey('<a>'));
const unit = (id = '<unit>') => show(orgUnitKey('<a>', id));

export const orgUnitPatterns: Pattern[] = [
  {
    query: unitsOfTree,
    summary: "the tree (a listing, a move's snapshot)",
    roundTrips: '2 (measured, with the authorization read)',
    cost: '~0.4 KB per unit: 1,000 units ≈ 100 RCU',
  },
  {
    name: 'unitWithTree',
    summary: 'read a unit (with the tree item)',
    operation: 'BatchGetItem unit + tree (an admin: + their scope units, the same call), consistent',
    index: 'table',
    keyCondition: () => `${unit()}, ${tree()}`,
    roundTrips: '2 (measured, with the authorization read)',
    cost: '2 RCU (+1 per scope unit)',
  },
  {
    name: 'scopeOfRequest',
    summary:
      "scope decisions: the tree item, the caller's scope units, the target's unit (and scope), the delegation " +
      "(target, caller), and for a member read their unit path's settings layers",
    operation: 'one consistent BatchGetItem; none for an account manager unless the operation needs a unit’s path',
    index: 'table',
    keyCondition: () => `${tree()}, ${unit()} per unit, the delegation, the settings of the path`,
    roundTrips: '0–1',
    cost: '1 RCU per key',
  },
  {
    name: 'createUnit',
    summary: 'create a unit',
    operation:
      'BatchGetItem parent + tree; TransactWriteItems: unit, parent `childCount` (path condition), tree ' +
      '(count < 1,000, no move), event',
    index: 'table',
    keyCondition: () => `${unit()} (not exists), ${unit('<parent>')}, ${tree()}`,
    roundTrips: '3 (measured, with authorization)',
    cost: '2 RCU, ≈ 9 WCU',
  },
  {
    name: 'renameUnit',
    summary: 'rename a unit',
    operation:
      'BatchGetItem; TransactWriteItems: unit (version), event; an admin: ConditionCheck tree move state as read ' +
      '(their scope check)',
    index: 'table',
    keyCondition: () => unit(),
    roundTrips: '3 (measured, with authorization)',
    cost: '2 RCU, ≈ 5 WCU',
  },
  {
    name: 'moveUnit',
    summary: 'move a unit with n descendants, n ≤ 94',
    operation:
      'Query the tree; TransactWriteItems: tree (revision), unit, 2 parents, n descendants, event(s); an admin is ' +
      'checked against that Query on every attempt (+1 BatchGetItem: the MFA rule)',
    index: 'table',
    keyCondition: () => `${tree()}, ${unit()}, ${unit('<parent>')} ×2, ${unit('<descendant>')} ×n`,
    roundTrips: '3 (measured, with authorization)',
    cost: 'tree Query + ≈ 11 + 2n WCU',
  },
  {
    name: 'moveLargeSubtree',
    summary: 'move a unit with n descendants, n > 94',
    operation:
      'as moveUnit with the marker, then ⌈(n − 94)/99⌉ TransactWriteItems (marker check + 99), UpdateItem (marker off)',
    index: 'table',
    keyCondition: () => `${tree()} (marker), ${unit('<descendant>')} ×99 per chunk`,
    roundTrips: '4 + ⌈(n − 94)/99⌉ (120: 5)',
    cost: '≈ 13 + 2n WCU',
  },
  {
    name: 'memberRewritesOfMove',
    summary: 'member rewrites of a move (n members)',
    operation: 'Query GSI3 `begins_with(fromPath)` ×2 passes + ⌈n/99⌉ TransactWriteItems (marker check + 99)',
    index: 'GSI3',
    keyCondition: () => keyConditionOf({ ...membersUnderPath, sortKeyValue: '<fromPath>' }),
    roundTrips: '2 + ⌈n/99⌉',
    cost: '≈ 2n WCU + GSI',
  },
  {
    name: 'deleteUnit',
    summary: 'delete a unit',
    operation: 'BatchGetItem unit + tree; TransactWriteItems: unit (version, empty), parent, tree, its settings, event',
    index: 'table',
    keyCondition: () => `${unit()}, ${unit('<parent>')}, ${tree()}`,
    roundTrips: '3 (measured, with authorization)',
    cost: '2 RCU, ≈ 11 WCU',
  },
];
