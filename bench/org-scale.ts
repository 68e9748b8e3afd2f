/**
 * The organisation tree at scale: 1,000 units and 100,000 members (seeded straight into DynamoDB Local, see org-seed.ts) behind the
 * real API. Measures what a subtree listing costs per page (goal: one Query per page on top of the request's
 * authorization reads), what a scoped admin's authorization costs over an account manager's (goal: at most one more
 * round trip), the whole-tree listing, and their latencies. Its own local stack, so the other sections' figures
 * are not taken against a table of 100,000 members.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { OrgUnit } from '../shared/domain/org-unit.ts';
import { startStack } from '../test/support/stack-process.ts';
import type { StackInfo } from '../test/support/stack-info.ts';
import { client, invitationToken, type Call, type Reply } from './client.ts';
import { latencyOf, type Latency } from './operations.ts';
import { planSeed, writeSeed, type SeedOptions, type SeedStats } from './org-seed.ts';
import { percentile, progress } from './util.ts';

export interface PageTrip {
  items: number;
  commands: string[];
  ms: number;
}

/** One listing paged through, by one caller: each page's round trips. */
export interface Walk {
  listing: string;
  /** The unit listed (none for the account list). */
  unitId?: string;
  caller: string;
  /** What the listing can return at most: members (from the seed plan plus the API's members), or events. */
  members: number;
  pages: PageTrip[];
  /** Page 1's commands on the very first (cold) call, when they differ. */
  firstCommands?: string[];
  /** What the caller pays without the member Query: GET units/{unit} (membership check + authorization + unit). */
  baseline: string[];
  goal: string;
  verdict: 'pass' | 'MISS' | '—';
  problems: string[];
  /** Latency of this listing's pages (cycling through them), when measured. */
  latency?: { p50: number; p95: number };
}

/** One read done by an account manager and by a scoped admin: the difference is the authorization's cost. */
export interface AccessCost {
  operation: string;
  /** Who is compared with the account manager: a scoped admin or a delegate. */
  caller: string;
  manager: string[];
  admin: string[];
  managerFirst?: string[];
  adminFirst?: string[];
  extra: number;
  verdict: 'pass' | 'MISS';
  note?: string;
}

export interface OrgScaleResult {
  stackReadyMs: number;
  /** DynamoDB Local's files on tmpfs (/dev/shm): seeding is disk-bound otherwise. */
  tmpfs: boolean;
  seed: SeedStats;
  world: {
    units: number;
    maxDepth: number;
    members: number;
    nearMembers: number;
    nearUnits: number;
    deepDepth: number;
    deepMembers: number;
    countersMatch: boolean;
  };
  walks: Walk[];
  access: AccessCost[];
  /** Refused reads (403) and what the refusal cost. */
  refusals: { operation: string; status: number; commands: string[] }[];
  tree: { caller: string; units: number; commands: string[]; bytes: number; latency?: { p50: number; p95: number } }[];
  latency: Latency[];
}

export interface OrgScaleOptions {
  units: number;
  members: number;
  events: number;
  requests: number;
  claims: boolean;
  parallel: number;
  pages: number;
}

const PASSWORD = 'Correct-Horse-Battery-9';
const runTag = randomBytes(2).toString('hex');
const email = (label: string) => `${label}.${runTag}.${randomBytes(3).toString('hex')}@example.com`;
type UnitDto = Omit<OrgUnit, 'accountId'> & { children?: UnitDto[] };
type Member = { id: string; email: string; token: string };

async function signIn(call: Call, address: string) {
  return (
    await call<{ accessToken: string }>('POST', '/v1/auth/token', { body: { email: address, password: PASSWORD } })
  ).body.accessToken;
}

async function newAccount(stack: StackInfo, call: Call) {
  const owner = email('owner');
  const created = await call('POST', '/v1/accounts', {
    operatorKey: stack.operatorKey,
    body: { name: 'Bench Org Scale', owner: { email: owner, firstName: 'Olive', lastName: 'Owner' } },
  });
  await call('POST', '/v1/invitations/accept', {
    body: { token: await invitationToken(stack, owner), password: PASSWORD },
  });
  return { accountId: created.body.account.id as string, token: await signIn(call, owner) };
}

/** A member of `unitId` made admin of `unitId`'s subtree with manageUsers (PATCH, as a manager would), accepted and signed in. */
async function newAdmin(
  stack: StackInfo,
  call: Call,
  manager: { accountId: string; token: string },
  unitId: string,
  label: string,
): Promise<Member> {
  const users = `/v1/accounts/${manager.accountId}/users`;
  const address = email(label);
  const username = `${label}${runTag}`.slice(0, 20);
  const created = await call('POST', users, {
    token: manager.token,
    body: { username, email: address, firstName: 'Ada', lastName: 'Admin', unitId },
  });
  await call('PATCH', `${users}/${created.body.id}`, {
    token: manager.token,
    headers: { 'if-match': `"${created.body.version}"` },
    body: { role: 'admin', adminUnitIds: [unitId], capabilities: { manageUsers: true } },
  });
  await call('POST', '/v1/invitations/accept', {
    body: { token: await invitationToken(stack, address), password: PASSWORD },
  });
  return { id: created.body.id, email: address, token: await signIn(call, address) };
}

const flatten = (nodes: UnitDto[]): UnitDto[] => nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
const queries = (commands: string[]) => commands.filter((c) => c === 'Query').length;

async function measure(operation: string, requests: number, send: (i: number) => Promise<Reply>): Promise<Latency> {
  for (let i = 0; i < Math.min(5, requests); i++) await send(i);
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < requests; i++) times.push((await send(i)).ms);
  const wall = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  progress(`org: ${operation}: p50 ${percentile(times, 50).toFixed(1)} ms over ${requests}`);
  return latencyOf(operation, 1, times, wall);
}

export async function benchOrgScale(options: OrgScaleOptions): Promise<OrgScaleResult> {
  progress('org: starting a local stack of its own');
  const started = performance.now();
  // DynamoDB Local syncs its SQLite file on every write: on disk 100,000 members take ~4 minutes, on tmpfs ~1.5
  const tmpfs = existsSync('/dev/shm');
  const tmp = process.env.TMPDIR;
  if (tmpfs) process.env.TMPDIR = '/dev/shm';
  const starting = startStack({ timeoutMs: 120_000 }); // its DATA_DIR is made synchronously, under TMPDIR
  if (tmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmp;
  const running = await starting;
  const stackReadyMs = performance.now() - started;
  const stack = running.info;
  const call = client(stack);
  try {
    const manager = await newAccount(stack, call);
    const account = `/v1/accounts/${manager.accountId}`;
    const am = { token: manager.token };
    const rootUnitId = (await call('GET', account, am)).body.rootUnitId as string;
    const near = (
      await call<UnitDto>('POST', `${account}/units`, { ...am, body: { name: 'Near the root', parentId: rootUnitId } })
    ).body;
    const existing = flatten((await call<{ items: UnitDto[] }>('GET', `${account}/units`, am)).body.items).map(
      (u) =>
        ({
          ...u,
          accountId: manager.accountId,
          memberCount: u.memberCount ?? 0,
          childCount: u.childCount ?? 0,
        }) as OrgUnit,
    );
    const root = existing.find((u) => u.id === rootUnitId)!;

    const seedOptions: SeedOptions = {
      units: options.units,
      members: options.members,
      deepMembers: Math.min(options.members, 300),
      nearShare: 0.4,
      events: options.events,
      claims: options.claims,
      parallel: options.parallel,
    };
    const plan = planSeed(root, existing.find((u) => u.id === near.id)!, existing, seedOptions, runTag);
    progress(
      `org: seeding ${plan.created.length} units and ${plan.members.length} members straight into ${stack.tableName}${tmpfs ? ' (on tmpfs)' : ''}`,
    );
    const seed = await writeSeed(stack, plan, seedOptions);
    progress(
      `org: seeded ${seed.itemsWritten} items in ${(seed.unitSeconds + seed.memberSeconds + seed.eventSeconds).toFixed(1)} s (${seed.itemsPerSecond.toFixed(0)} items/s)`,
    );

    const deep = plan.deep;
    const nearAdmin = await newAdmin(stack, call, manager, near.id, 'nearadmin');
    const deepAdmin = await newAdmin(stack, call, manager, deep.id, 'deepadmin');
    const pathOf = new Map(plan.units.map((u) => [u.id, u.path]));
    const under = (path: string) => plan.members.filter((m) => m.unitPath.startsWith(path)).length;
    // the API's members: the owner in the root, each admin in the unit they administer
    const apiMembers = [root.path, pathOf.get(near.id)!, deep.path];
    const members = (path: string) => under(path) + apiMembers.filter((p) => p.startsWith(path)).length;

    // the counters the API keeps must agree with what was written
    const nearRead = (await call<UnitDto>('GET', `${account}/units/${near.id}`, am)).body;
    const nearPlanned = plan.units.find((u) => u.id === near.id)!;
    const treeUnits = flatten((await call<{ items: UnitDto[] }>('GET', `${account}/units`, am)).body.items).length;
    const countersMatch =
      nearRead.childCount === nearPlanned.childCount &&
      nearRead.memberCount === nearPlanned.memberCount + 1 &&
      treeUnits === plan.units.length;
    if (!countersMatch)
      progress(
        `org: WARNING counters differ: near unit ${JSON.stringify({ childCount: nearRead.childCount, memberCount: nearRead.memberCount })}, tree ${treeUnits} units`,
      );
    const world = {
      units: treeUnits,
      maxDepth: seed.maxDepth,
      members: plan.members.length + apiMembers.length,
      nearMembers: members(nearPlanned.path),
      nearUnits: plan.units.filter((u) => u.path.startsWith(nearPlanned.path)).length,
      deepDepth: deep.depth,
      deepMembers: members(deep.path),
      countersMatch,
    };

    // (a) subtree listings, paged: each page's round trips, against GET units/{unit} by the same caller
    const subtree = (unitId: string, cursor?: string) =>
      `${account}/units/${unitId}/users?includeDescendants=true&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const accountList = (cursor?: string) =>
      `${account}/users?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const eventLog = (cursor?: string) =>
      `${account}/events?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const eventsUnder = (path: string) => plan.events.filter((i) => plan.members[i].unitPath.startsWith(path)).length;
    const cursors = new Map<string, (string | undefined)[]>();
    const walk = async (
      listing: string,
      caller: string,
      token: string,
      unit: { id: string; path: string } | null,
      url: (cursor?: string) => string,
      covered: number,
    ): Promise<Walk> => {
      progress(`org: paging ${listing} as ${caller}`);
      const first = await call('GET', url(), { token });
      const baseline = unit ? (await call('GET', `${account}/units/${unit.id}`, { token })).ddb : [];
      const pages: PageTrip[] = [];
      const problems: string[] = [];
      const seen: (string | undefined)[] = [undefined];
      let previous = '';
      for (let p = 0; p < options.pages; p++) {
        const reply = await call<{ items: { username: string; unitId: string }[]; nextCursor: string | null }>(
          'GET',
          url(seen[p]),
          { token },
        );
        pages.push({ items: reply.body.items.length, commands: reply.ddb, ms: reply.ms });
        for (const item of reply.body.items) {
          const path = pathOf.get(item.unitId);
          if (unit && !path?.startsWith(unit.path))
            problems.push(`page ${p + 1}: ${item.username} of unit ${item.unitId} is outside the subtree`);
          const order = `${path ?? ''}#${item.username}`;
          if (unit && order < previous) problems.push(`page ${p + 1}: ${item.username} out of order`);
          previous = order;
        }
        if (unit && reply.body.items.length < 50 && reply.body.nextCursor)
          problems.push(`page ${p + 1}: ${reply.body.items.length} items and a cursor`);
        if (!reply.body.nextCursor) break;
        seen.push(reply.body.nextCursor);
      }
      cursors.set(`${caller}|${listing}`, seen.slice(0, pages.length));
      const expected = queries(baseline) + 1;
      const steady = pages.every((pg) => pg.commands.join() === pages[0].commands.join());
      const ok = pages.every((pg) => queries(pg.commands) === expected && pg.commands.length <= baseline.length + 1);
      return {
        listing,
        unitId: unit?.id,
        caller,
        members: covered,
        pages,
        firstCommands: first.ddb.join() !== pages[0].commands.join() ? first.ddb : undefined,
        baseline,
        goal: unit ? 'GET units/{unit} + 1 Query per page' : '—',
        verdict: unit ? (ok && steady ? 'pass' : 'MISS') : '—',
        problems: problems.slice(0, 5),
      };
    };
    const nearUnit = { id: near.id, path: nearPlanned.path };
    const deepUnit = { id: deep.id, path: deep.path };
    const rootUnit = { id: root.id, path: root.path };
    // each subtree, by the account manager and by the admin whose scope holds it
    const depthN = `subtree of a depth-${deep.depth} unit`;
    const subtrees: [string, string, string, { id: string; path: string }, number][] = [
      ['subtree of the root (whole account)', 'account manager', manager.token, rootUnit, members(root.path)],
      ['subtree of a depth-1 unit', 'account manager', manager.token, nearUnit, world.nearMembers],
      ['subtree of a depth-1 unit', 'admin of that unit', nearAdmin.token, nearUnit, world.nearMembers],
      [depthN, 'account manager', manager.token, deepUnit, world.deepMembers],
      [depthN, 'admin of the depth-1 unit', nearAdmin.token, deepUnit, world.deepMembers],
    ];
    const walks: Walk[] = [];
    for (const [label, who, token, unit, reach] of subtrees)
      walks.push(await walk(label, who, token, unit, (c) => subtree(unit.id, c), reach));
    const listing = 'account list (GET users?limit=50)';
    const deepAdminLabel = `admin of the depth-${deep.depth} unit`;
    walks.push(await walk(listing, deepAdminLabel, deepAdmin.token, null, accountList, world.deepMembers));
    if (options.events > 0) {
      // the scoped event log filters the account's whole log on the unit path: one Query per page over an adaptive window
      const label = `event log (GET events?limit=50), ${options.events.toLocaleString('en-US')} events`;
      const readers: [string, string, number][] = [
        ['account manager', manager.token, options.events],
        ['admin of the depth-1 unit', nearAdmin.token, eventsUnder(nearPlanned.path)],
        [`admin of the depth-${deep.depth} unit`, deepAdmin.token, eventsUnder(deep.path)],
      ];
      for (const [who, token, reach] of readers) walks.push(await walk(label, who, token, null, eventLog, reach));
    }

    // (b) the authorization's cost: the same reads by the account manager and by the admin of the depth-1 unit
    progress('org: authorization cost, account manager vs scoped admin');
    const inNear = plan.members.find((m) => m.unitId === near.id)!;
    const inDeep = plan.members.find((m) => m.unitId === deep.id)!;
    const outside = plan.members.find((m) => !m.unitPath.startsWith(nearPlanned.path))!;
    const get = (path: string) => (token: string) => call('GET', path, { token });
    const cost = async (
      operation: string,
      send: (token: string) => Promise<Reply>,
      other: { label: string; token: string } = { label: 'scoped admin', token: nearAdmin.token },
      note?: string,
    ): Promise<AccessCost> => {
      const [mFirst, m] = [await send(manager.token), await send(manager.token)];
      const [aFirst, a] = [await send(other.token), await send(other.token)];
      const extra = a.ddb.length - m.ddb.length;
      return {
        operation,
        caller: other.label,
        manager: m.ddb,
        admin: a.ddb,
        managerFirst: mFirst.ddb.join() !== m.ddb.join() ? mFirst.ddb : undefined,
        adminFirst: aFirst.ddb.join() !== a.ddb.join() ? aFirst.ddb : undefined,
        extra,
        verdict: extra <= 1 ? 'pass' : 'MISS',
        note,
      };
    };
    // a regular member made delegate of the depth-8 member: their read of that member rides on the same one read
    const delegateEmail = email('delegate');
    const delegateUser = (
      await call('POST', `${account}/users`, {
        ...am,
        body: { username: `delegate${runTag}`, email: delegateEmail, firstName: 'Dee', lastName: 'Legate' },
      })
    ).body;
    await call('POST', '/v1/invitations/accept', {
      body: { token: await invitationToken(stack, delegateEmail), password: PASSWORD },
    });
    const delegate = { label: 'delegate of u', token: await signIn(call, delegateEmail) };
    await call('PUT', `${account}/users/${inDeep.id}/delegates/${delegateUser.id}`, am);
    let made = 0;
    const access = [
      await cost('GET users/{u} (u in the admin’s scope unit)', get(`${account}/users/${inNear.id}`)),
      await cost(`GET users/{u} (u at depth ${deep.depth}, inside the scope)`, get(`${account}/users/${inDeep.id}`)),
      await cost(`GET users/{u} (u at depth ${deep.depth})`, get(`${account}/users/${inDeep.id}`), delegate),
      await cost(
        'GET units/{X}/users?limit=50 (X = the admin’s scope unit)',
        get(`${account}/units/${near.id}/users?limit=50`),
      ),
      await cost('GET units/{X}/users?includeDescendants=true&limit=50', get(subtree(near.id))),
      await cost('GET units/{X}', get(`${account}/units/${near.id}`)),
      await cost('GET units (manager: whole tree; admin: their subtree)', get(`${account}/units`)),
      await cost('GET users?limit=50 (admin: their scope only)', get(accountList())),
      await cost('PATCH users/{u} {firstName} (u in the scope)', (token) =>
        call('PATCH', `${account}/users/${inNear.id}`, { token, body: { firstName: 'Renamed' } }),
      ),
      await cost(
        'PATCH users/{u} {firstName}',
        (token) => call('PATCH', `${account}/users/${inDeep.id}`, { token, body: { firstName: 'Renamed' } }),
        delegate,
      ),
      await cost(
        'POST users {unitId: X} (a new member in the scope)',
        (token) =>
          call('POST', `${account}/users`, {
            token,
            body: {
              username: `placed${runTag}${made}`,
              email: email(`placed${made++}`),
              firstName: 'New',
              lastName: 'Member',
              unitId: near.id,
            },
          }),
        undefined,
        'the mail delivery UpdateItem comes on top, for both',
      ),
    ];
    const refused = async (operation: string, path: string, token: string) => {
      const r = await call('GET', path, { token, expect: [403] });
      return { operation, status: r.status, commands: r.ddb };
    };
    const refusals = [
      await refused(
        'GET users/{u} by an admin, u outside their scope',
        `${account}/users/${outside.id}`,
        nearAdmin.token,
      ),
      await refused(
        `GET units/{X}/users by the admin of a depth-${deep.depth} unit, X above their scope`,
        subtree(near.id),
        deepAdmin.token,
      ),
    ];

    // (c) the whole tree
    const treeRead = async (caller: string, token: string): Promise<OrgScaleResult['tree'][number]> => {
      await call('GET', `${account}/units`, { token });
      const r = await call<{ items: UnitDto[] }>('GET', `${account}/units`, { token });
      return { caller, units: flatten(r.body.items).length, commands: r.ddb, bytes: JSON.stringify(r.body).length };
    };
    const tree = [
      await treeRead('account manager', manager.token),
      await treeRead('admin of the depth-1 unit', nearAdmin.token),
    ];

    progress(`org: latency, ${options.requests} sequential requests each`);
    const n = options.requests;
    const latency: Latency[] = [];
    const timed = async (operation: string, send: (i: number) => Promise<Reply>) => {
      const l = await measure(operation, n, send);
      latency.push(l);
      return { p50: l.p50, p95: l.p95 };
    };
    for (const w of walks.filter((x) => x.verdict !== '—' && x.pages.length > 1)) {
      const list = cursors.get(`${w.caller}|${w.listing}`)!;
      const unitId = w.unitId!;
      const token = w.caller === 'account manager' ? manager.token : nearAdmin.token;
      w.latency = await timed(`${w.listing}, pages 1–${list.length} (${w.caller})`, (i) =>
        call('GET', subtree(unitId, list[i % list.length]), { token }),
      );
    }
    const targets = plan.members.filter((m) => m.unitPath.startsWith(nearPlanned.path)).slice(0, 200);
    await timed('GET user (account manager)', (i) =>
      call('GET', `${account}/users/${targets[i % targets.length].id}`, am),
    );
    await timed('GET user (scoped admin)', (i) =>
      call('GET', `${account}/users/${targets[i % targets.length].id}`, { token: nearAdmin.token }),
    );
    await timed('GET units/{X}/users, direct members (scoped admin)', () =>
      call('GET', `${account}/units/${near.id}/users?limit=50`, { token: nearAdmin.token }),
    );
    tree[0].latency = await timed(`GET units, whole tree of ${tree[0].units} units (account manager)`, () =>
      call('GET', `${account}/units`, am),
    );
    tree[1].latency = await timed('GET units, the admin’s subtree (scoped admin)', () =>
      call('GET', `${account}/units`, { token: nearAdmin.token }),
    );
    return { stackReadyMs, tmpfs, seed, world, walks, access, refusals, tree, latency };
  } finally {
    progress('org: stopping the local stack');
    const { survivors } = await running.stop();
    if (survivors.length) progress(`org: had to kill emulator processes ${survivors.join(', ')}`);
  }
}
