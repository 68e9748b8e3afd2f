/** Transaction steps of the organisation tree, and the transactions of a move (docs/design/organisation.md, "Moving a subtree"). */
import { QueryCommand } from './document.ts';
import { ConflictError } from '#domain/errors.ts';
import { TreeChangedError, type OrgUnit } from '#domain/org-unit.ts';
import type { PathRewrite } from '#domain/org-unit-move.ts';
import type { UnitStore } from '#ports/units.ts';
import { ddb } from './client.ts';
import { type Key, sortKeyAttribute } from './entity.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { newOrgTreeItem, orgTreeKey, orgUnitItem, orgUnitKey } from './entities/org-unit.ts';
import { membersUnderPath, userKey } from './entities/user.ts';
import { queryInput } from './query.ts';
import { check, ignoreConditionFailed, put, transact, update, updateItem, type Step } from './transact.ts';

/** An UpdateItem inside a transaction; a failed condition means the tree changed since it was read (by default). */
export function updateStep(
  key: Key,
  expression: string,
  condition: string | undefined,
  names: Record<string, string>,
  values: Record<string, unknown>,
  onConditionFailed: () => Error = () => new TreeChangedError(),
): Step {
  return { item: update(key, expression, condition, values, names), onConditionFailed };
}

/**
 * The tree's move state as read (no move under way, or the same one): an admin's rename or settings write holds only on
 * the unit's place their scope was checked on. A move that started or finished since may have changed it (a finished
 * one also changed the unit's path, checked beside this); units added or removed elsewhere change nothing of it.
 */
export const sameMoveState = (accountId: string, moveId: string | null): Step => ({
  item:
    moveId === null
      ? check(orgTreeKey(accountId), 'attribute_not_exists(#move)', undefined, { '#move': 'move' })
      : check(orgTreeKey(accountId), '#move.#id = :id', { ':id': moveId }, { '#move': 'move', '#id': 'moveId' }),
  onConditionFailed: () => new TreeChangedError(),
});

/** The unit still at `version` (an admin's settings write: a move of it adds to its version, a rename too). */
export const unitAtVersion = (accountId: string, unitId: string, version: number): Step => ({
  item: check(orgUnitKey(accountId, unitId), '#v = :v', { ':v': version }, { '#v': 'version' }),
  onConditionFailed: () => new TreeChangedError(),
});

/** A descendant's new path, only if it still has the path the move was planned from. */
const rewriteStep = (accountId: string, r: PathRewrite, at: string): Step =>
  updateStep(
    orgUnitKey(accountId, r.unitId),
    'SET #path = :to, #depth = :depth, #at = :at ADD #v :one',
    '#path = :from',
    { '#path': 'path', '#depth': 'depth', '#at': 'updatedAt', '#v': 'version' },
    { ':to': r.toPath, ':from': r.fromPath, ':depth': r.depth, ':at': at, ':one': 1 },
  );

/**
 * The first (often only) transaction: the tree at the planned revision and without another move (setting this
 * move's marker when more transactions follow), the moved unit at its version and old path, both parents' child
 * counts (the new parent still where it was), the descendants that fit, the events.
 */
export function moveSteps(input: Parameters<UnitStore['move']>[0]): Step[] {
  const { unit, to, marker } = input;
  const a = unit.accountId;
  return [
    updateStep(
      orgTreeKey(a),
      `ADD #rev :one${marker ? ' SET #move = :marker' : ''}`,
      '#rev = :rev AND attribute_not_exists(#move)',
      { '#rev': 'revision', '#move': 'move' },
      { ':one': 1, ':rev': input.revision, ...(marker ? { ':marker': marker } : {}) },
    ),
    updateStep(
      orgUnitKey(a, unit.id),
      'SET #parent = :parent, #path = :path, #depth = :depth, #name = :name, #v = :nv, #at = :at',
      '#v = :v AND #path = :from',
      {
        '#parent': 'parentId',
        '#path': 'path',
        '#depth': 'depth',
        '#name': 'name',
        '#v': 'version',
        '#at': 'updatedAt',
      },
      {
        ':parent': to.id,
        ':path': unit.path,
        ':depth': unit.depth,
        ':name': unit.name,
        ':nv': unit.version,
        ':at': input.at,
        ':v': input.expectedVersion,
        ':from': input.fromPath,
      },
    ),
    updateStep(
      orgUnitKey(a, input.fromParentId),
      'ADD #cc :minus',
      'attribute_exists(PK)',
      { '#cc': 'childCount' },
      { ':minus': -1 },
    ),
    updateStep(
      orgUnitKey(a, to.id),
      'ADD #cc :one',
      '#path = :path',
      { '#cc': 'childCount', '#path': 'path' },
      { ':one': 1, ':path': to.path },
    ),
    ...input.inline.map((r) => rewriteStep(a, r, input.at)),
    ...input.events.map((e) => ({ item: put(auditEventItem(e)) })),
  ];
}

/**
 * A later chunk: only while this move's marker is still on the tree, so a chunk that arrives after someone else
 * completed the move (and maybe started another) changes nothing.
 */
export function rewriteSteps(accountId: string, moveId: string, rewrites: PathRewrite[], at: string): Step[] {
  return [
    {
      item: check(orgTreeKey(accountId), '#move.moveId = :id', { ':id': moveId }, { '#move': 'move' }),
      onConditionFailed: () => new TreeChangedError(),
    },
    ...rewrites.map((r) => rewriteStep(accountId, r, at)),
  ];
}

/** Removes the marker; if it is already gone (completed by another request), there is nothing to do. */
export async function finishMove(accountId: string, moveId: string): Promise<void> {
  await updateItem(
    update(orgTreeKey(accountId), 'REMOVE #move', '#move.moveId = :id', { ':id': moveId }, { '#move': 'move' }),
  ).catch(ignoreConditionFailed);
}

/** A member whose unit lies in a moved subtree: their path copy (and its index key) follows, only if still the old one. */
export interface MemberRewrite {
  userId: string;
  username: string;
  fromPath: string;
  toPath: string;
}

class MemberMovedError extends Error {
  constructor(readonly userId: string) {
    super('member path changed meanwhile');
  }
}

/**
 * One chunk of member rewrites, only while this move's marker is still on the tree. A member whose copy is no longer
 * the old path (rewritten already, seen through a lagging index, or moved meanwhile) is dropped from the chunk.
 */
export async function rewriteMemberPaths(
  accountId: string,
  moveId: string,
  rewrites: MemberRewrite[],
  at: string,
): Promise<void> {
  let pending = rewrites;
  while (pending.length) {
    try {
      await transact([
        {
          item: check(orgTreeKey(accountId), '#move.moveId = :id', { ':id': moveId }, { '#move': 'move' }),
          onConditionFailed: () => new TreeChangedError(),
        },
        ...pending.map((r) =>
          updateStep(
            userKey(accountId, r.userId),
            'SET #path = :to, #sk = :sk, #at = :at ADD #v :one',
            '#path = :from',
            { '#path': 'unitPath', '#sk': sortKeyAttribute(membersUnderPath), '#at': 'updatedAt', '#v': 'version' },
            {
              ':to': r.toPath,
              ':from': r.fromPath,
              ':sk': membersUnderPath.sortKeyOf({ unitPath: r.toPath, username: r.username, userId: r.userId }),
              ':at': at,
              ':one': 1,
            },
            () => new MemberMovedError(r.userId),
          ),
        ),
      ]);
      return;
    } catch (error) {
      if (!(error instanceof MemberMovedError)) throw error;
      pending = pending.filter((r) => r.userId !== error.userId);
    }
  }
}

/** The members (not closed) whose path copy lies under `pathPrefix`, a page of the members-by-path index at a time. */
export async function membersUnder(
  accountId: string,
  pathPrefix: string,
  start?: Record<string, unknown>,
): Promise<{ members: { userId: string; username: string; unitPath: string }[]; next?: Record<string, unknown> }> {
  const out = await ddb.send(
    new QueryCommand(
      queryInput(membersUnderPath, [accountId], {
        prefix: pathPrefix,
        projection: ['id', 'username', 'unitPath'],
        start,
      }),
    ),
  );
  return {
    members: (out.Items ?? []).map((i) => ({
      userId: String(i.id),
      username: String(i.username),
      unitPath: String(i.unitPath),
    })),
    next: out.LastEvaluatedKey,
  };
}

/** The root unit and the tree item, written in the account's creating transaction. */
export function newTreeSteps(root: OrgUnit): Step[] {
  return [
    {
      item: put(orgUnitItem(root), 'attribute_not_exists(PK)'),
      onConditionFailed: () => new ConflictError('Unit id collision'),
    },
    {
      item: put(newOrgTreeItem(root.accountId), 'attribute_not_exists(PK)'),
      onConditionFailed: () => new ConflictError('Tree already exists'),
    },
  ];
}
