/** Transaction steps of the organisation tree, and the transactions of a move (README, "Moving a subtree"). */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TreeChangedError } from '#domain/org-unit.ts';
import type { PathRewrite } from '#domain/org-unit-move.ts';
import type { UnitStore } from '#ports/units.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem } from './items.ts';
import { keys } from './keys.ts';
import { check, ignoreConditionFailed, put, type Step } from './transact.ts';

type Key = { PK: string; SK: string };

/** An UpdateItem inside a transaction; a failed condition means the tree changed since it was read (by default). */
export function updateStep(key: Key, expression: string, condition: string | undefined, names: Record<string, string>, values: Record<string, unknown>, onConditionFailed: () => Error = () => new TreeChangedError()): Step {
  return {
    item: {
      Update: {
        TableName: tableName(), Key: key, UpdateExpression: expression, ConditionExpression: condition,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}), ExpressionAttributeValues: values,
      },
    },
    onConditionFailed,
  };
}

/** A descendant's new path, only if it still has the path the move was planned from. */
const rewriteStep = (accountId: string, r: PathRewrite, at: string): Step =>
  updateStep(keys.orgUnit(accountId, r.unitId), 'SET #path = :to, #depth = :depth, #at = :at ADD #v :one', '#path = :from',
    { '#path': 'path', '#depth': 'depth', '#at': 'updatedAt', '#v': 'version' }, { ':to': r.toPath, ':from': r.fromPath, ':depth': r.depth, ':at': at, ':one': 1 });

/**
 * The first (often only) transaction: the tree at the planned revision and without another move (setting this
 * move's marker when more transactions follow), the moved unit at its version and old path, both parents' child
 * counts (the new parent still where it was), the descendants that fit, the events.
 */
export function moveSteps(input: Parameters<UnitStore['move']>[0]): Step[] {
  const { unit, to, marker } = input;
  const a = unit.accountId;
  return [
    updateStep(keys.orgTree(a), `ADD #rev :one${marker ? ' SET #move = :marker' : ''}`, '#rev = :rev AND attribute_not_exists(#move)',
      { '#rev': 'revision', '#move': 'move' }, { ':one': 1, ':rev': input.revision, ...(marker ? { ':marker': marker } : {}) }),
    updateStep(keys.orgUnit(a, unit.id), 'SET #parent = :parent, #path = :path, #depth = :depth, #name = :name, #v = :nv, #at = :at', '#v = :v AND #path = :from',
      { '#parent': 'parentId', '#path': 'path', '#depth': 'depth', '#name': 'name', '#v': 'version', '#at': 'updatedAt' },
      { ':parent': to.id, ':path': unit.path, ':depth': unit.depth, ':name': unit.name, ':nv': unit.version, ':at': input.at, ':v': input.expectedVersion, ':from': input.fromPath }),
    updateStep(keys.orgUnit(a, input.fromParentId), 'ADD #cc :minus', 'attribute_exists(PK)', { '#cc': 'childCount' }, { ':minus': -1 }),
    updateStep(keys.orgUnit(a, to.id), 'ADD #cc :one', '#path = :path', { '#cc': 'childCount', '#path': 'path' }, { ':one': 1, ':path': to.path }),
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
    { item: check(keys.orgTree(accountId), '#move.moveId = :id', { ':id': moveId }, { '#move': 'move' }), onConditionFailed: () => new TreeChangedError() },
    ...rewrites.map((r) => rewriteStep(accountId, r, at)),
  ];
}

/** Removes the marker; if it is already gone (completed by another request), there is nothing to do. */
export async function finishMove(accountId: string, moveId: string): Promise<void> {
  await ddb.send(new UpdateCommand({
    TableName: tableName(), Key: keys.orgTree(accountId), UpdateExpression: 'REMOVE #move', ConditionExpression: '#move.moveId = :id',
    ExpressionAttributeNames: { '#move': 'move' }, ExpressionAttributeValues: { ':id': moveId },
  })).catch(ignoreConditionFailed);
}
