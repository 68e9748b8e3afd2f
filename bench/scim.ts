/**
 * SCIM provisioning under an identity provider's sustained load, on a stack of its own: each account has a SCIM
 * connection (a root-scoped system admin's API key, through the public API) and receives `rate` requests a second
 * for `seconds`, open loop (each request leaves on its schedule, whether or not earlier ones answered, as Entra's
 * provisioning workers do), in Entra's mix of an incremental cycle: look a user up by `userName` (most hit, some miss),
 * create a user, PATCH a user (Entra's default form: Replace of a filtered email path and a name), look a group up by
 * `displayName` without members, PATCH a group's members (Add or Remove by value list). Entra needs 25 requests a
 * second per tenant and retries a failure only hours later, so every answer but the expected 2xx counts as an error
 * (a 429 too, counted apart). The connection sends no invitation mail (`sendInvitations: false`), so a run of any
 * length stays inside the account's daily invitations.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import type { StackInfo } from '../test/support/stack-info.ts';
import { startStack } from '../test/support/stack-process.ts';
import { client, signedInOwner, type Call } from './client.ts';
import { percentile, progress } from './util.ts';

export type ScimOp = 'filterUser' | 'createUser' | 'patchUser' | 'filterGroup' | 'patchGroup';

/** Shares of the mix (sum 1): an incremental cycle reads before it writes. */
export const SCIM_MIX: Record<ScimOp, number> = {
  filterUser: 0.4,
  createUser: 0.15,
  patchUser: 0.2,
  filterGroup: 0.15,
  patchGroup: 0.1,
};

export const SCIM_OP_LABELS: Record<ScimOp, string> = {
  filterUser: 'GET /Users?filter=userName eq',
  createUser: 'POST /Users',
  patchUser: 'PATCH /Users/{id}',
  filterGroup: 'GET /Groups?filter=displayName eq&excludedAttributes=members',
  patchGroup: 'PATCH /Groups/{id} members',
};

export interface ScimOpStats {
  op: ScimOp | 'all';
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The same requests sent one at a time before the load (p50 / p95): what queueing under load adds to. */
  aloneP50: number;
  aloneP95: number;
  /** DynamoDB round trips of the requests sent alone (`x-local-ddb-calls`): fewest and most. */
  ddbCalls: { min: number; max: number };
  /** Answers other than the expected status (429 included). */
  errors: number;
  throttled: number;
  /** Status → count of the unexpected answers. */
  unexpected: Record<string, number>;
  /** Status → the first unexpected answer's body (its start), to tell what it was. */
  examples: Record<string, string>;
}

export interface ScimBenchResult {
  stackReadyMs: number;
  accounts: number;
  ratePerAccount: number;
  seconds: number;
  seededUsers: number;
  seededGroups: number;
  /** Requests sent per second per account, as measured (sent / wall time of the sending). */
  achievedRatePerAccount: number;
  /** How late the last request left against its schedule (ms): the client kept up when small. */
  maxSendLagMs: number;
  /** The machine's 1-minute load average when the load started and when it ended. */
  loadAverage: { start: number; end: number };
  /** Requests of the mix sent one at a time before the load (the first account). */
  aloneRequests: number;
  ops: ScimOpStats[];
}

const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Tenant {
  accountId: string;
  key: string;
  users: { id: string; userName: string }[];
  groups: { id: string; displayName: string }[];
}

interface Sample {
  op: ScimOp;
  ms: number;
  /** The answer's body (its start), kept for unexpected answers only. */
  detail?: string;
  ddbCalls?: number;
  status: number;
  expected: number;
}

/** One SCIM request; never throws on a status (the load counts them), only on a network failure (status 0). */
async function scimRequest(stack: StackInfo, t: Tenant, method: string, path: string, body?: unknown) {
  const started = performance.now();
  try {
    const response = await fetch(`${stack.baseUrl}/scim/v2/accounts/${t.accountId}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${t.key}`,
        accept: 'application/scim+json',
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      ms: performance.now() - started,
      ddbCalls: Number(response.headers.get('x-local-ddb-calls') ?? Number.NaN),
      body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined,
    };
  } catch {
    return { status: 0, ms: performance.now() - started, ddbCalls: Number.NaN, body: undefined };
  }
}

const userBody = (tag: string) => {
  const userName = `${tag}.${randomBytes(5).toString('hex')}@bench.example`;
  return {
    schemas: [SCIM_USER],
    externalId: randomUUID(),
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: userName }],
    name: { givenName: 'Bench', familyName: 'Provisioned' },
  };
};

async function newTenant(stack: StackInfo, call: Call, label: string): Promise<Tenant> {
  const owner = await signedInOwner(stack, call, label, `SCIM bench ${label}`);
  const account = await call<{ rootUnitId: string }>('GET', `/v1/accounts/${owner.accountId}`, { token: owner.token });
  const users = `/v1/accounts/${owner.accountId}/users`;
  const admin = await call<{ id: string }>('POST', users, {
    token: owner.token,
    body: {
      type: 'system',
      username: `scim${randomBytes(4).toString('hex')}`,
      firstName: 'Identity',
      lastName: 'Provider',
      role: 'admin',
      unitId: account.body.rootUnitId,
      adminUnitIds: [account.body.rootUnitId],
      capabilities: { manageUsers: true },
    },
  });
  const key = await call<{ key: string }>('POST', `${users}/${admin.body.id}/api-keys`, {
    token: owner.token,
    body: { name: 'bench' },
  });
  await call('PATCH', `${users}/${admin.body.id}`, {
    token: owner.token,
    body: { scim: { enabled: true, sendInvitations: false } },
  });
  return { accountId: owner.accountId, key: key.body.key, users: [], groups: [] };
}

/** Seeds users and groups through SCIM, a few at a time (under the rate limit). */
async function seed(stack: StackInfo, t: Tenant, users: number, groups: number): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const r = await scimRequest(stack, t, 'POST', path, body);
    if (r.status !== 201) throw new Error(`seeding POST ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  for (let i = 0; i < users; i += 4) {
    const made = await Promise.all(
      Array.from({ length: Math.min(4, users - i) }, () => post('/Users', userBody('seed'))),
    );
    t.users.push(...made.map((u) => ({ id: u.id as string, userName: u.userName as string })));
    await new Promise((ok) => setTimeout(ok, 100));
  }
  for (let i = 0; i < groups; i++) {
    const g = await post('/Groups', { schemas: [SCIM_GROUP], displayName: `Bench group ${i} ${randomUUID()}` });
    t.groups.push({ id: g.id, displayName: g.displayName });
  }
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

/** The request of `op` against `t`: what it sends and the status that counts as success. */
function requestOf(op: ScimOp, t: Tenant, i: number) {
  const q = (expr: string) => `filter=${encodeURIComponent(expr)}`;
  switch (op) {
    case 'filterUser': {
      // one lookup in ten is a miss (a user Entra has not provisioned yet)
      const name = i % 10 === 0 ? randomUUID() : pick(t.users).userName;
      return { method: 'GET', path: `/Users?${q(`userName eq "${name}"`)}`, expected: 200 };
    }
    case 'createUser':
      return { method: 'POST', path: '/Users', body: userBody('load'), expected: 201 };
    case 'patchUser': {
      const user = pick(t.users);
      return {
        method: 'PATCH',
        path: `/Users/${user.id}`,
        body: {
          schemas: [SCIM_PATCH],
          Operations: [
            { op: 'Replace', path: 'name.familyName', value: `Family${i}` },
            { op: 'Replace', path: 'title', value: `Title ${i}` },
          ],
        },
        expected: 200,
      };
    }
    case 'filterGroup':
      return {
        method: 'GET',
        path: `/Groups?excludedAttributes=members&${q(`displayName eq "${pick(t.groups).displayName}"`)}`,
        expected: 200,
      };
    case 'patchGroup': {
      const user = pick(t.users);
      return {
        method: 'PATCH',
        path: `/Groups/${pick(t.groups).id}`,
        body: {
          schemas: [SCIM_PATCH],
          Operations: [{ op: i % 2 ? 'Remove' : 'Add', path: 'members', value: [{ value: user.id }] }],
        },
        expected: 204,
      };
    }
  }
}

/** The op of request `i`: a fixed interleaving that hits each share exactly over every 20 requests. */
export function opSchedule(mix: Record<ScimOp, number> = SCIM_MIX): ScimOp[] {
  const slots: ScimOp[] = [];
  for (const [op, share] of Object.entries(mix) as [ScimOp, number][])
    for (let n = 0; n < Math.round(share * 20); n++) slots.push(op);
  // spread: interleave the ops instead of running each in a block
  return slots.map((_, k) => slots[(k * 7) % slots.length]);
}

export function scimStats(op: ScimOp | 'all', samples: Sample[], alone: Sample[] = []): ScimOpStats {
  const aloneSorted = alone.map((s) => s.ms).sort((a, b) => a - b);
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);

  const unexpected: Record<string, number> = {};
  const examples: Record<string, string> = {};
  for (const s of samples) {
    if (s.status === s.expected) continue;
    unexpected[s.status] = (unexpected[s.status] ?? 0) + 1;
    examples[s.status] ??= s.detail ?? '';
  }
  return {
    op,
    requests: samples.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    aloneP50: percentile(aloneSorted, 50),
    aloneP95: percentile(aloneSorted, 95),
    ddbCalls: {
      min: Math.min(...alone.map((x) => x.ddbCalls ?? Number.NaN)),
      max: Math.max(...alone.map((x) => x.ddbCalls ?? Number.NaN)),
    },
    errors: samples.filter((s) => s.status !== s.expected).length,
    throttled: samples.filter((s) => s.status === 429).length,
    unexpected,
    examples,
  };
}

export async function benchScim(options: {
  rate: number;
  seconds: number;
  accounts: number;
  users: number;
  groups: number;
  /** Requests of the mix sent one at a time before the load, for comparison. */
  alone: number;
}): Promise<ScimBenchResult> {
  const started = performance.now();
  const running = await startStack({ env: { LOG_LEVEL: 'warn', LOCAL_QUIET: '1' } });
  const stackReadyMs = performance.now() - started;
  try {
    const stack = running.info;
    const call = client(stack);
    const tag = randomBytes(2).toString('hex');
    const tenants: Tenant[] = [];
    for (let a = 0; a < options.accounts; a++) {
      const t = await newTenant(stack, call, `scim${tag}${a}`);
      progress(`scim: account ${a + 1}/${options.accounts}: seeding ${options.users} users, ${options.groups} groups`);
      await seed(stack, t, options.users, options.groups);
      tenants.push(t);
    }
    // warm every function the mix calls once per account, as a provisioning cycle's first requests would
    const schedule = opSchedule();
    for (const t of tenants)
      for (const op of Object.keys(SCIM_MIX) as ScimOp[]) {
        const r = requestOf(op, t, 1);
        await scimRequest(stack, t, r.method, r.path, r.body);
      }
    progress(`scim: ${options.alone} requests of the mix one at a time`);
    const alone: Sample[] = [];
    for (let i = 0; i < options.alone; i++) {
      const op = schedule[i % schedule.length];
      const r = requestOf(op, tenants[0], i);
      const answer = await scimRequest(stack, tenants[0], r.method, r.path, r.body);
      alone.push({ op, ms: answer.ms, status: answer.status, expected: r.expected, ddbCalls: answer.ddbCalls });
      if (op === 'createUser' && answer.status === 201)
        tenants[0].users.push({ id: answer.body.id, userName: answer.body.userName });
    }
    await new Promise((ok) => setTimeout(ok, 1100)); // a fresh rate-limit second

    progress(`scim: ${options.rate} requests/s per account × ${options.accounts} for ${options.seconds} s, open loop`);
    const perAccount = options.rate * options.seconds;
    const interval = 1000 / options.rate;
    const samples: Sample[] = [];
    const inFlight: Promise<void>[] = [];
    let maxSendLagMs = 0;
    const loadAtStart = loadavg()[0];
    const sendStart = performance.now();
    for (let i = 0; i < perAccount; i++) {
      const due = sendStart + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
      maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
      for (const t of tenants) {
        const op = schedule[i % schedule.length];
        const r = requestOf(op, t, i);
        inFlight.push(
          scimRequest(stack, t, r.method, r.path, r.body).then((answer) => {
            samples.push({
              op,
              ms: answer.ms,
              status: answer.status,
              expected: r.expected,
              ...(answer.status === r.expected ? {} : { detail: JSON.stringify(answer.body ?? null).slice(0, 300) }),
            });
            if (op === 'createUser' && answer.status === 201)
              t.users.push({ id: answer.body.id, userName: answer.body.userName });
          }),
        );
      }
    }
    const sendSeconds = (performance.now() - sendStart) / 1000 + interval / 1000;
    await Promise.all(inFlight);
    const ops = [
      scimStats('all', samples, alone),
      ...(Object.keys(SCIM_MIX) as ScimOp[]).map((op) =>
        scimStats(
          op,
          samples.filter((s) => s.op === op),
          alone.filter((s) => s.op === op),
        ),
      ),
    ];
    return {
      stackReadyMs,
      accounts: options.accounts,
      ratePerAccount: options.rate,
      seconds: options.seconds,
      seededUsers: options.users,
      seededGroups: options.groups,
      achievedRatePerAccount: perAccount / sendSeconds,
      maxSendLagMs,
      loadAverage: { start: loadAtStart, end: loadavg()[0] },
      aloneRequests: options.alone,
      ops,
    };
  } finally {
    await running.stop();
  }
}

const cpuCount = () => availableParallelism();
const calls = ({ min, max }: { min: number; max: number }) =>
  !Number.isFinite(min) ? 'n/a' : min === max ? String(min) : `${min}–${max}`;
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

/** The bench table's rows: one per operation, then all requests. */
export function scimTableRows(r: ScimBenchResult): string[] {
  return [...r.ops.slice(1), r.ops[0]].map((o) => {
    const label = o.op === 'all' ? '**all requests**' : SCIM_OP_LABELS[o.op];
    const detail = Object.entries(o.unexpected)
      .map(([status, n]) => `${n}× ${status === '0' ? 'network' : status}`)
      .join(', ');
    const errors = `${o.errors}${detail ? ` (${detail})` : ''}`;
    return `| ${label} | ${o.requests} | ${f(o.p50)} | ${f(o.p95)} | ${f(o.p99)} | ${f(o.max)} | ${f(o.aloneP50)} / ${f(o.aloneP95)} | ${calls(o.ddbCalls)} | ${errors} |`;
  });
}

const examplesOf = (r: ScimBenchResult) =>
  r.ops
    .slice(1)
    .flatMap((o) => Object.entries(o.examples).map(([status, body]) => `${o.op} ${status} \`${body}\``))
    .join('; ');

export function renderScimSection(r: ScimBenchResult): string {
  const all = r.ops[0];
  return `## SCIM provisioning load

A stack of its own (ready in ${(r.stackReadyMs / 1000).toFixed(1)} s); ${r.accounts} account${r.accounts === 1 ? '' : 's'}, each with a SCIM
connection and ${r.seededUsers} users and ${r.seededGroups} groups provisioned first. **${r.ratePerAccount} requests a second per account for
${r.seconds} s**, open loop (sent on schedule whether or not earlier requests answered; measured ${r.achievedRatePerAccount.toFixed(1)}/s per
account, the latest request ${r.maxSendLagMs.toFixed(0)} ms behind its schedule), in Entra's mix of an incremental cycle:
${(Object.keys(SCIM_MIX) as ScimOp[]).map((op) => `${Math.round(SCIM_MIX[op] * 100)}% \`${SCIM_OP_LABELS[op]}\``).join(', ')}.
Errors are answers other than the expected 2xx (a 429 included: Entra retries only hours later). Times are the
client's, from sending to the end of the answer. *Alone*: ${r.aloneRequests} requests of the same mix sent one at a time just
before the load; the difference is queueing in the one local process (every function of the stack runs in it, beside
DynamoDB Local) and on the machine (load average ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end, on ${cpuCount()} cores).

| operation | requests | p50 ms | p95 ms | p99 ms | max ms | alone p50 / p95 ms | DynamoDB calls | errors |
| --------- | -------: | -----: | -----: | -----: | -----: | -----------------: | -------------: | -----: |
${scimTableRows(r).join('\n')}

${all.errors === 0 ? `No errors and no 429 at ${r.ratePerAccount}/s per account.` : `**${all.errors} errors (${all.throttled} of them 429).** The first answer of each: ${examplesOf(r)}.`}
`;
}
