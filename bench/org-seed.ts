/**
 * The organisation's scale world, written straight into the local table: a tree of units below the account's real root (up to
 * the 1,000-unit limit, depth up to 8) and members spread over it. Items come from the project's own builders
 * (`orgUnitItem`, `userItem`, `keys`), so they are what the API would have written; counters that the API keeps
 * (the tree's `units`, each unit's `childCount` and `memberCount`) are kept right, also on the units the API made.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { Item } from '../shared/adapters/dynamodb/entity.ts';
import { auditEventItem } from '../shared/adapters/dynamodb/entities/audit-event.ts';
import { orgTreeKey, orgUnitItem, orgUnitKey } from '../shared/adapters/dynamodb/entities/org-unit.ts';
import { memberEmailKey, userItem, usernameClaimItem } from '../shared/adapters/dynamodb/entities/user.ts';
import { MAX_UNIT_DEPTH, newChildUnit, type OrgUnit } from '../shared/domain/org-unit.ts';
import { NO_CAPABILITIES, type User } from '../shared/domain/user.ts';
import type { StackInfo } from '../test/support/stack-info.ts';
import { progress } from './util.ts';

export interface SeedOptions {
  /** Units in the whole tree when seeding is done (the API's units included; the account limit is 1,000). */
  units: number;
  /** Members written directly (the API's members come on top). */
  members: number;
  /** Members put straight into the deepest unit, so that its listing has pages to walk. */
  deepMembers: number;
  /** Share of the new units (and so, roughly, of the members) below the near unit. */
  nearShare: number;
  /** Audit events about seeded members (each with its member's unit path), for the scoped event log. */
  events: number;
  /** Also write each member's username and email claims (2 more items per member). */
  claims: boolean;
  /** BatchWriteItem calls in flight. */
  parallel: number;
}

export interface SeedPlan {
  /** Every unit of the tree, the API's included, with the counts the seeding leaves them with. */
  units: OrgUnit[];
  /** The units written by the seeding (`units` minus the API's). */
  created: OrgUnit[];
  members: User[];
  /** Each audit event's member (an index into `members`). */
  events: number[];
  /** The deepest unit below the near one (a chain down to depth 8). */
  deep: OrgUnit;
  /** What the seeding adds to the units the API made: childCount and memberCount deltas. */
  existingDeltas: Map<string, { children: number; members: number }>;
}

export interface SeedStats {
  unitsWritten: number;
  membersWritten: number;
  claims: boolean;
  itemsWritten: number;
  batchWrites: number;
  /** Batches DynamoDB Local left partly unprocessed (retried). */
  retries: number;
  eventsWritten: number;
  unitSeconds: number;
  memberSeconds: number;
  eventSeconds: number;
  itemsPerSecond: number;
  maxDepth: number;
}

/** A small deterministic PRNG (mulberry32): the same tree and spread on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const unitName = (n: number, depth: number) => `Seed unit ${String(n).padStart(4, '0')} (level ${depth})`;

/**
 * The tree and the members. New units hang below the near unit (share `nearShare`) or elsewhere below the root;
 * a parent is the shallower of two random candidates, so the tree is bushy rather than a list. Members land on a
 * uniformly random unit, except `deepMembers` of them, who sit in the deepest unit.
 */
export function planSeed(
  root: OrgUnit,
  near: OrgUnit,
  existing: OrgUnit[],
  options: SeedOptions,
  runTag: string,
): SeedPlan {
  const rand = random(5);
  const ulid = monotonicFactory();
  const now = new Date().toISOString();
  const units = new Map(existing.map((u) => [u.id, { ...u }]));
  const created: OrgUnit[] = [];
  const add = (parent: OrgUnit, depth: number) => {
    const unit = newChildUnit(parent, ulid(), unitName(created.length + 1, depth), now);
    parent.childCount += 1;
    units.set(unit.id, unit);
    created.push(unit);
    return unit;
  };
  const budget = options.units - units.size;
  if (budget < MAX_UNIT_DEPTH)
    throw new Error(`--org-units ${options.units} leaves no room for a chain down to depth ${MAX_UNIT_DEPTH}`);

  // the chain to the deepest level, below the near unit
  let deep = units.get(near.id)!;
  while (deep.depth < MAX_UNIT_DEPTH) deep = add(deep, deep.depth + 1);
  const nearSide: OrgUnit[] = [...units.values()].filter((u) => u.path.startsWith(near.path));
  const farSide: OrgUnit[] = [...units.values()].filter((u) => !u.path.startsWith(near.path));
  const pick = (side: OrgUnit[]) => {
    for (;;) {
      const a = side[Math.floor(rand() * side.length)];
      const b = side[Math.floor(rand() * side.length)];
      const parent = a.depth <= b.depth ? a : b;
      if (parent.depth < MAX_UNIT_DEPTH) return parent;
    }
  };
  while (units.size < options.units) {
    const side = rand() < options.nearShare ? nearSide : farSide;
    const parent = pick(side);
    side.push(add(parent, parent.depth + 1));
  }

  const all = [...units.values()];
  const members: User[] = [];
  for (let n = 0; n < options.members; n++) {
    const unit = n < options.deepMembers ? deep : all[Math.floor(rand() * all.length)];
    unit.memberCount += 1;
    const username = `m${runTag}${n.toString(36).padStart(4, '0')}`;
    members.push({
      id: ulid(),
      accountId: root.accountId,
      type: 'person',
      username,
      email: `${username}@seed.example.com`,
      firstName: 'Seeded',
      lastName: `Member ${n}`,
      backupEmail: null,
      role: 'user',
      status: 'active',
      countryCode: null,
      language: null,
      unitId: unit.id,
      unitPath: unit.path,
      adminUnitIds: [],
      capabilities: { ...NO_CAPABILITIES },
      modules: ['messaging', 'voice'],
      settings: {},
      identityId: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
  }

  const events = Array.from({ length: members.length ? options.events : 0 }, () => Math.floor(rand() * members.length));

  const existingDeltas = new Map<string, { children: number; members: number }>();
  for (const before of existing) {
    const after = units.get(before.id)!;
    existingDeltas.set(before.id, {
      children: after.childCount - before.childCount,
      members: after.memberCount - before.memberCount,
    });
  }
  return { units: all, created, members, events, deep: units.get(deep.id)!, existingDeltas };
}

export function localTable(stack: StackInfo) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 10,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return { client, tableName: stack.tableName };
}

/** Writes `items` 25 per BatchWriteItem, `parallel` calls in flight, retrying unprocessed items; progress every ~10%. */
async function writeAll(
  table: ReturnType<typeof localTable>,
  label: string,
  count: number,
  itemsOf: (i: number) => Item[],
  parallel: number,
) {
  const perBatch = 25;
  const queue: Item[] = [];
  let next = 0;
  let written = 0;
  let calls = 0;
  let retries = 0;
  let reported = 0;
  const started = performance.now();
  // items are built as the writers need them: 100,000 members as items at once would be ~0.5 GB of objects
  const take = (): Item[] => {
    while (queue.length < perBatch && next < count) queue.push(...itemsOf(next++));
    return queue.splice(0, perBatch);
  };
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let batch = take(); batch.length; batch = take()) {
        let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = {
          [table.tableName]: batch.map((Item) => ({ PutRequest: { Item } })),
        };
        for (let attempt = 0; request && Object.keys(request).length; attempt++) {
          if (attempt > 0) {
            retries++;
            await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
          }
          calls++;
          const out = await table.client.send(new BatchWriteCommand({ RequestItems: request }));
          request = out.UnprocessedItems as typeof request;
        }
        written += batch.length;
        const done = Math.floor((next / count) * 10);
        if (done > reported) {
          reported = done;
          const s = (performance.now() - started) / 1000;
          progress(`org: ${label} ${next}/${count} (${written} items, ${(written / s).toFixed(0)} items/s)`);
        }
      }
    }),
  );
  return { items: written, calls, retries, seconds: (performance.now() - started) / 1000 };
}

/** Writes the plan: the new units, the counters of the API's units and of the tree, then the members. */
export async function writeSeed(stack: StackInfo, plan: SeedPlan, options: SeedOptions): Promise<SeedStats> {
  const table = localTable(stack);
  try {
    const accountId = plan.units[0].accountId;
    const unitRun = await writeAll(
      table,
      'units',
      plan.created.length,
      (i) => [orgUnitItem(plan.created[i])],
      options.parallel,
    );
    const started = performance.now();
    for (const [unitId, delta] of plan.existingDeltas) {
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: orgUnitKey(accountId, unitId),
          UpdateExpression: 'ADD #cc :c, #mc :m',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#cc': 'childCount', '#mc': 'memberCount' },
          ExpressionAttributeValues: { ':c': delta.children, ':m': delta.members },
        }),
      );
    }
    // a structural change like any other: the unit count goes up and the revision moves
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: orgTreeKey(accountId),
        UpdateExpression: 'ADD #units :n, #rev :one',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#move)',
        ExpressionAttributeNames: { '#units': 'units', '#rev': 'revision', '#move': 'move' },
        ExpressionAttributeValues: { ':n': plan.created.length, ':one': 1 },
      }),
    );
    const counterSeconds = (performance.now() - started) / 1000;
    const memberItems = (i: number): Item[] => {
      const user = plan.members[i];
      if (!options.claims) return [userItem(user)];
      return [
        userItem(user),
        usernameClaimItem(user),
        { ...memberEmailKey(accountId, user.email), entity: 'EmailClaim', userId: user.id },
      ];
    };
    const memberRun = await writeAll(table, 'members', plan.members.length, memberItems, options.parallel);
    // events about members picked at random, one a second up to now, as the API would have recorded them
    const eventIds = monotonicFactory();
    const start = Date.now() - plan.events.length * 1000;
    const eventRun = await writeAll(
      table,
      'events',
      plan.events.length,
      (i) => {
        const member = plan.members[plan.events[i]];
        const at = start + i * 1000;
        return [
          auditEventItem({
            id: eventIds(at),
            accountId,
            type: 'user.updated',
            at: new Date(at).toISOString(),
            actor: { kind: 'system' },
            target: { userId: member.id },
            details: { fields: ['firstName'] },
            unitPath: member.unitPath,
          }),
        ];
      },
      options.parallel,
    );
    const items = unitRun.items + memberRun.items + eventRun.items;
    const seconds = unitRun.seconds + counterSeconds + memberRun.seconds + eventRun.seconds;
    return {
      unitsWritten: plan.created.length,
      membersWritten: plan.members.length,
      claims: options.claims,
      itemsWritten: items,
      eventsWritten: eventRun.items,
      batchWrites: unitRun.calls + memberRun.calls + eventRun.calls,
      retries: unitRun.retries + memberRun.retries + eventRun.retries,
      unitSeconds: unitRun.seconds + counterSeconds,
      memberSeconds: memberRun.seconds,
      eventSeconds: eventRun.seconds,
      itemsPerSecond: items / seconds,
      maxDepth: Math.max(...plan.units.map((u) => u.depth)),
    };
  } finally {
    table.client.destroy();
  }
}
