/**
 * The API on the local stack (`local/start.ts` as a child process, like the integration tests): DynamoDB round
 * trips per operation, from the gateway's SDK middleware, and request latency percentiles.
 */
import { randomBytes } from 'node:crypto';
import { startStack } from '../test/support/stack-process.ts';
import type { StackInfo } from '../test/support/stack-info.ts';
import { clearMailbox, client, invitationToken, type Call, type Reply } from './client.ts';
import { percentile, progress } from './util.ts';

export interface RoundTrips {
  operation: string;
  /** SDK command names of a warm call, in order. */
  commands: string[];
  /** The first (cold) call's commands, when they differ. */
  firstCommands?: string[];
  goal: string;
  verdict: 'pass' | 'MISS' | '—';
  note?: string;
}

export interface Latency {
  operation: string;
  requests: number;
  concurrency: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Requests per second over the run's wall time. */
  rps: number;
  /** The handler's own time (wall time less its waits on DynamoDB, Cognito and SES), as the gateway reports it. */
  own?: { p50: number; p99: number; mean: number };
  /** The handler's wall time and the union of its waits, p50. */
  handlerP50?: number;
  waitP50?: number;
  /** Own time less the SDK's own work (serializing, signing, parsing): the service's code alone, p50 and p99. */
  outsideSdk?: { p50: number; p99: number };
  /** The own-time goal of the operation (reads ≤ 1 ms, writes ≤ 2 ms at p50), when it has one. */
  ownGoalMs?: number;
}

export interface InvitationsResult {
  /** One POST /invitations of 100 new addresses. */
  invite100: { commands: string[]; wallMs: number; invited: number };
  /** One cleanup run over invitations that all expired (clock moved past their lifetime). */
  cleanup: CleanupRun & { readUnitsPerExpired: number; writeUnitsPerExpired: number };
}

/** What one run of the invitation cleanup reports (the local stack's /__test/cleanup). */
interface CleanupRun {
  expired: number;
  queries: number;
  itemsRead: number;
  readUnits: number;
  writeUnits: number;
  transactions: number;
}
export interface OperationsResult {
  stackReadyMs: number;
  seededUsers: number;
  roundTrips: RoundTrips[];
  latency: Latency[];
  invitations?: InvitationsResult;
}

const PASSWORD = 'Correct-Horse-Battery-9';
const runId = randomBytes(3).toString('hex');
let serial = 0;
const unique = (label: string) => `${label}${runId}${(serial++).toString(36)}`;
const userInput = () => {
  const name = unique('b');
  return { username: name, email: `${name}@example.com`, firstName: 'Bench', lastName: 'User' };
};

/**
 * Read goal: the membership check (one call: a BatchGetItem on account routes, the identity Query on /v1/me)
 * plus one read.
 */
function readGoal(r: RoundTrips): RoundTrips {
  const ok = r.commands.length === 2 && ['Query', 'BatchGetItem'].includes(r.commands[0]);
  return { ...r, goal: '2 calls: membership check + 1 read', verdict: ok ? 'pass' : 'MISS' };
}

/**
 * A member read carries effectiveSettings and effectivePermissions: the member, then ONE BatchGetItem
 * with the settings layers of their unit path and (for admins and delegates) the scope — the one extra read allowed.
 */
function memberReadGoal(r: RoundTrips): RoundTrips {
  // the member rides along in the membership check; the one read is their scope and every settings layer
  const ok = r.commands.join() === 'BatchGetItem,BatchGetItem';
  return {
    ...r,
    goal: '2 calls: membership check (the member with it) + 1 read of scope and settings layers',
    verdict: ok ? 'pass' : 'MISS',
  };
}

function createGoal(r: RoundTrips): RoundTrips {
  const count = (name: string) => r.commands.filter((c) => c === name).length;
  const ok =
    count('TransactWriteItems') === 1 &&
    count('PutItem') === 0 &&
    count('DeleteItem') === 0 &&
    count('UpdateItem') === 0;
  return {
    ...r,
    goal: 'one TransactWriteItems',
    verdict: ok ? 'pass' : 'MISS',
    note: 'the setup link is stored as sent with the member (a refused mail costs one UpdateItem); the account for the mail comes with the authorization read',
  };
}

/**
 * An API key's request costs what a token's does (one BatchGetItem before the read); the first use in a minute adds
 * the conditional UpdateItem of the key's last use, beside the operation.
 */
function keyGoal(r: RoundTrips, byToken: Reply): RoundTrips {
  return {
    ...r,
    goal: 'the round trips of the same route with a token',
    verdict: r.commands.join() === byToken.ddb.join() ? 'pass' : 'MISS',
    note: "the first use in a minute also writes the key's lastUsedAt (one conditional UpdateItem)",
  };
}

const trips = (operation: string, warm: Reply, first?: Reply): RoundTrips => ({
  operation,
  commands: warm.ddb,
  firstCommands: first && first.ddb.join() !== warm.ddb.join() ? first.ddb : undefined,
  goal: '—',
  verdict: '—',
});

async function newAccount(stack: StackInfo, call: Call, name: string) {
  const email = `${unique('owner')}@example.com`;
  const created = await call('POST', '/v1/accounts', {
    operatorKey: stack.operatorKey,
    body: { name, owner: { email, firstName: 'Olive', lastName: 'Owner' } },
  });
  const accepted = await call('POST', '/v1/invitations/accept', {
    body: { token: await invitationToken(stack, email), password: PASSWORD },
  });
  const signedIn = await call<{ accessToken: string }>('POST', '/v1/auth/token', {
    body: { email, password: PASSWORD },
  });
  return {
    accountId: created.body.account.id as string,
    token: signedIn.body.accessToken,
    replies: { created, accepted, signedIn },
  };
}

async function measure(
  operation: string,
  requests: number,
  concurrency: number,
  send: (i: number) => Promise<Reply>,
): Promise<Latency> {
  const times: number[] = [];
  const own: number[] = [];
  const handler: number[] = [];
  const wait: number[] = [];
  const outsideSdk: number[] = [];
  let next = 0;
  const started = performance.now();
  const step = Math.max(1, Math.round(requests / 4));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < requests; i = next++) {
        const reply = await send(i);
        times.push(reply.ms);
        own.push(reply.ownMs);
        handler.push(reply.handlerMs);
        wait.push(reply.waitMs);
        outsideSdk.push(reply.handlerMs - reply.sdkMs);
        if (times.length % step === 0) progress(`ops: ${operation} (c=${concurrency}) ${times.length}/${requests}`);
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { ...latencyOf(operation, concurrency, times, wall), ...ownTimeOf(own, handler, wait, outsideSdk) };
}

/** Own-time figures of a run, from the gateway's per-request headers (none when the stack sent none). */
export function ownTimeOf(own: number[], handler: number[], wait: number[], outsideSdk: number[]): Partial<Latency> {
  const sorted = (values: number[]) => values.filter(Number.isFinite).sort((a, b) => a - b);
  const o = sorted(own);
  if (o.length === 0) return {};
  const code = sorted(outsideSdk);
  return {
    own: { p50: percentile(o, 50), p99: percentile(o, 99), mean: o.reduce((a, b) => a + b, 0) / o.length },
    handlerP50: percentile(sorted(handler), 50),
    waitP50: percentile(sorted(wait), 50),
    ...(code.length ? { outsideSdk: { p50: percentile(code, 50), p99: percentile(code, 99) } } : {}),
  };
}

/** The figures of `requests` timed runs of one operation: `sorted` their times (ms), `wall` the run's seconds. */
export function latencyOf(operation: string, concurrency: number, sorted: number[], wall: number): Latency {
  const requests = sorted.length;
  return {
    operation,
    requests,
    concurrency,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / requests,
    max: sorted[requests - 1],
    rps: requests / wall,
  };
}

/**
 * The invitation figures: the round trips and wall time of inviting 100 addresses at once, and what the scheduled cleanup
 * costs per expired invitation (read and write units as DynamoDB Local reports them), after moving the stack's clock.
 */
async function benchInvitations(stack: StackInfo, call: Call): Promise<InvitationsResult> {
  progress('ops: invite 100 addresses, then expire and clean them up');
  const inviter = await newAccount(stack, call, 'Bench Invitations');
  const emails = Array.from({ length: 100 }, (_, i) => `${unique(`inv${i}`)}@example.com`);
  const started = performance.now();
  const invited = await call<{ results: { status: string }[] }>(
    'POST',
    `/v1/accounts/${inviter.accountId}/invitations`,
    { token: inviter.token, body: { emails } },
  );
  const wallMs = performance.now() - started;
  const control = (path: string, body?: unknown) => call('POST', `/__test/${path}`, { body: body ?? {} });
  await control('clock', { offsetSeconds: 8 * 24 * 3600 });
  try {
    const run = (await control('cleanup')).body as { result: CleanupRun };
    const r = run.result;
    return {
      invite100: {
        commands: invited.ddb,
        wallMs,
        invited: invited.body.results.filter((x) => x.status === 'invited').length,
      },
      cleanup: {
        ...r,
        readUnitsPerExpired: r.expired ? r.readUnits / r.expired : 0,
        writeUnitsPerExpired: r.expired ? r.writeUnits / r.expired : 0,
      },
    };
  } finally {
    await control('clock', { offsetSeconds: 0 });
  }
}

/**
 * A member's item collection: `GET …/users/{u}?include=…` (goal: the membership check, then the settings read and the
 * collection's Query side by side), and closing a member with 0, 20 and 150 attachments (phones: each one a device,
 * its extension claim and its event), its wall time in the note.
 */
async function benchMemberItems(call: Call, am: { accountId: string; token: string }): Promise<RoundTrips[]> {
  progress('ops: a member with their items, then closing members with 0, 20 and 150 phones');
  const auth = { token: am.token };
  const users = `/v1/accounts/${am.accountId}/users`;
  const member = async () => (await call('POST', users, { ...auth, body: userInput() })).body.id as string;
  let extension = 100_000 + Math.floor(Math.random() * 500_000);
  const phones = async (userId: string, n: number) => {
    for (let i = 0; i < n; i += 10)
      await Promise.all(
        Array.from({ length: Math.min(10, n - i) }, () =>
          call('POST', `${users}/${userId}/devices`, { ...auth, body: { extension: String(extension++) } }),
        ),
      );
  };
  const kim = await member();
  await call('POST', `${users}/${kim}/services`, { ...auth, body: { type: 'fax' } });
  const e164 = `+1212${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const number = await call('POST', `/v1/accounts/${am.accountId}/numbers`, { ...auth, body: { e164 } });
  await call('PUT', `/v1/accounts/${am.accountId}/numbers/${number.body.id}/assignment`, {
    ...auth,
    body: { userId: kim },
  });
  await phones(kim, 1);
  const group = await call('POST', `/v1/accounts/${am.accountId}/groups`, { ...auth, body: { name: unique('g') } });
  await call('PUT', `/v1/accounts/${am.accountId}/groups/${group.body.id}/members/${kim}`, auth);
  const path = `${users}/${kim}?include=services,numbers,devices,groups`;
  const cold = await call('GET', path, auth);
  const warm = await call('GET', path, auth);
  const [head, ...rest] = warm.ddb;
  const includeOk = head === 'BatchGetItem' && rest.sort().join() === 'BatchGetItem,Query';
  const rows: RoundTrips[] = [
    {
      ...trips('GET user with ?include=services,numbers,devices,groups', warm, cold),
      goal: 'membership check (the member with it), then the settings read and ONE Query side by side: 2 sequential',
      verdict: includeOk ? 'pass' : 'MISS',
    },
  ];
  for (const n of [0, 20, 150]) {
    const closing = await member();
    await phones(closing, n);
    const started = performance.now();
    const closed = await call('DELETE', `${users}/${closing}`, { ...auth, body: { password: PASSWORD } });
    const wallMs = performance.now() - started;
    rows.push({
      ...trips(`close a member with ${n} attachments (DELETE …/users/{userId})`, closed),
      note: `${closed.status}, ${Math.round(wallMs)} ms wall; transactions of the continuation run in parallel per page`,
    });
  }
  return rows;
}

/** Own time p50 goals: reads ≤ 1 ms, writes ≤ 2 ms (sequential requests only). */
export const OWN_TIME_GOALS_MS: Record<string, number> = {
  'GET user': 1,
  'list users (limit 50)': 1,
  'GET /v1/me': 1,
  'create user': 2,
  'invite one address': 2,
  'accept invitation': 2,
  'deactivate user': 2,
};

/** A member who has accepted their setup link (so has a sign-in): what deactivating needs. */
async function activeMember(stack: StackInfo, call: Call, am: { accountId: string; token: string }) {
  const input = userInput();
  const made = await call('POST', `/v1/accounts/${am.accountId}/users`, { token: am.token, body: input });
  await call('POST', '/v1/invitations/accept', {
    body: { token: await invitationToken(stack, input.email), password: PASSWORD },
  });
  return made.body.id as string;
}

/** The round trips of the single-address invite, and of deactivating an active member (warm calls, cold shown). */
async function benchLinkTrips(stack: StackInfo, call: Call, am: { accountId: string; token: string }) {
  progress('ops: invite one address, deactivate a member');
  const auth = { token: am.token };
  const inviteOne = () =>
    call('POST', `/v1/accounts/${am.accountId}/invitations`, {
      ...auth,
      body: { emails: [`${unique('one')}@example.com`] },
    });
  const invitedCold = await inviteOne();
  const invited = await inviteOne();
  const users = `/v1/accounts/${am.accountId}/users`;
  const [first, second] = [await activeMember(stack, call, am), await activeMember(stack, call, am)];
  const deactivatedCold = await call('POST', `${users}/${first}/deactivate`, auth);
  const deactivated = await call('POST', `${users}/${second}/deactivate`, auth);
  return [
    trips('invite one address (POST …/invitations, 1 address)', invited, invitedCold),
    trips('deactivate an active member (POST …/users/{userId}/deactivate)', deactivated, deactivatedCold),
  ];
}

export async function benchOperations(options: {
  requests: number;
  warmup: number;
  seedUsers: number;
  signIns: number;
}): Promise<OperationsResult> {
  progress('ops: starting the local stack (local/start.ts)');
  const started = performance.now();
  const running = await startStack({ timeoutMs: 120_000 });
  const stackReadyMs = performance.now() - started;
  progress(`ops: stack ready in ${(stackReadyMs / 1000).toFixed(1)}s at ${running.info.baseUrl}`);
  const stack = running.info;
  const call = client(stack);
  try {
    // round trips: every operation twice, the second (warm) call reported, the first shown when it differs
    progress('ops: DynamoDB round trips per operation');
    const first = await newAccount(stack, call, 'Bench Warm-up');
    const acme = await newAccount(stack, call, 'Bench Acme');
    const auth = { token: acme.token };
    const users = `/v1/accounts/${acme.accountId}/users`;
    const twice = async (method: string, path: string, extra: object = {}) => [
      await call(method, path, { ...auth, ...extra }),
      await call(method, path, { ...auth, ...extra }),
    ];
    const [meCold, me] = await twice('GET', '/v1/me');
    const createdCold = await call('POST', users, { ...auth, body: userInput() });
    const created = await call('POST', users, { ...auth, body: userInput() });
    const [getCold, get] = await twice('GET', `${users}/${created.body.id}`);
    const [listCold, list] = await twice('GET', `${users}?limit=50`);
    const patchedCold = await call('PATCH', `${users}/${createdCold.body.id}`, {
      ...auth,
      headers: { 'if-match': '"1"' },
      body: { firstName: 'Patched' },
    });
    const patched = await call('PATCH', `${users}/${created.body.id}`, {
      ...auth,
      headers: { 'if-match': '"1"' },
      body: { firstName: 'Patched' },
    });
    const [accountCold, account] = await twice('GET', `/v1/accounts/${acme.accountId}`);
    // the same account route with a system user's API key: the same one authorization read as a token's
    const bot = await call('POST', users, {
      ...auth,
      body: { type: 'system', username: unique('k'), firstName: 'Bench', lastName: 'Integration' },
    });
    const madeKey = await call('POST', `${users}/${bot.body.id}/api-keys`, { ...auth, body: { name: 'bench' } });
    const byKey = { token: madeKey.body.key as string };
    const accountByKeyCold = await call('GET', `/v1/accounts/${acme.accountId}`, byKey);
    const accountByKey = await call('GET', `/v1/accounts/${acme.accountId}`, byKey);
    const roundTrips: RoundTrips[] = [
      trips('create account (POST /v1/accounts)', acme.replies.created, first.replies.created),
      trips('accept invitation (POST /v1/invitations/accept)', acme.replies.accepted, first.replies.accepted),
      trips('sign in (POST /v1/auth/token)', acme.replies.signedIn, first.replies.signedIn),
      readGoal(trips('GET /v1/me', me, meCold)),
      createGoal(trips('create user (POST …/users)', created, createdCold)),
      memberReadGoal(trips('GET user (GET …/users/{userId})', get, getCold)),
      readGoal(trips('list users, one page of 50 (GET …/users?limit=50)', list, listCold)),
      trips('PATCH user (PATCH …/users/{userId})', patched, patchedCold),
      trips('GET account (GET /v1/accounts/{accountId})', account, accountCold),
      keyGoal(trips('GET account with an API key (Bearer sbk_…)', accountByKey, accountByKeyCold), account),
    ];

    roundTrips.push(...(await benchMemberItems(call, acme)));
    roundTrips.push(...(await benchLinkTrips(stack, call, acme)));

    progress(`ops: seeding ${options.seedUsers} users into the bench account`);
    const ids: string[] = [created.body.id, createdCold.body.id];
    let seeded = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (seeded < options.seedUsers) {
          seeded++;
          ids.push((await call('POST', users, { ...auth, body: userInput() })).body.id);
        }
      }),
    );
    await clearMailbox(stack);

    const n = options.requests;
    const userPath = (i: number) => `${users}/${ids[i % ids.length]}`;
    // a member's setup mail takes a place of the account's 500 a day (as invitations do): a fresh account before the
    // bench account's places run out (made outside the timed call)
    let quotaAccount = acme;
    let made = 2 + options.seedUsers;
    const createUser = async () => {
      if (++made % 400 === 0) quotaAccount = await newAccount(stack, call, `Bench Acme ${made}`);
      const path = `/v1/accounts/${quotaAccount.accountId}/users`;
      return call('POST', path, { token: quotaAccount.token, body: userInput() });
    };
    // invite one address, then accept it (each link once), deactivate and reactivate one member by turns: 1 in 5
    const links = Math.max(1, Math.round(n / 5));
    const linkAccount = await newAccount(stack, call, 'Bench Links');
    const invitees = Array.from({ length: links + options.warmup }, () => `${unique('lnk')}@example.com`);
    const tokens: string[] = [];
    const inviteOne = async () => {
      const email = invitees[tokens.length];
      // the mailbox is read for each link: start the run from an empty one (outside the timed call)
      if (tokens.length === 0) await clearMailbox(stack);
      const reply = await call('POST', `/v1/accounts/${linkAccount.accountId}/invitations`, {
        token: linkAccount.token,
        body: { emails: [email] },
      });
      tokens.push(await invitationToken(stack, email));
      return reply;
    };
    let accepted = 0;
    const acceptOne = () =>
      call('POST', '/v1/invitations/accept', { body: { token: tokens[accepted++], password: PASSWORD } });
    const switched = await activeMember(stack, call, acme);
    const deactivate = async () => {
      const reply = await call('POST', `${users}/${switched}/deactivate`, auth);
      await call('POST', `${users}/${switched}/reactivate`, auth);
      return reply;
    };
    const runs: [string, number, number, (i: number) => Promise<Reply>][] = [
      ['GET user', n, 1, (i) => call('GET', userPath(i), auth)],
      ['list users (limit 50)', n, 1, () => call('GET', `${users}?limit=50`, auth)],
      ['GET /v1/me', n, 1, () => call('GET', '/v1/me', auth)],
      ['GET user', n, 8, (i) => call('GET', userPath(i), auth)],
      ['create user', n, 1, createUser],
      ['invite one address', links, 1, inviteOne],
      ['accept invitation', links, 1, acceptOne],
      ['deactivate user', links, 1, deactivate],
    ];
    if (options.signIns > 0) {
      const signIn = { body: { email: acme.replies.created.body.owner.email, password: PASSWORD } };
      runs.push(['sign in', options.signIns, 1, () => call('POST', '/v1/auth/token', signIn)]);
    }
    const latency: Latency[] = [];
    for (const [operation, requests, concurrency, send] of runs) {
      // sign-in goes through cognito-local, which is slow: a few warm-up requests are enough
      const warmup = operation === 'sign in' ? Math.min(options.warmup, 5) : options.warmup;
      progress(`ops: ${operation} (c=${concurrency}): ${warmup} warm-up requests, then ${requests}`);
      for (let i = 0; i < warmup; i++) await send(i);
      const measured = await measure(operation, requests, concurrency, send);
      const goal = concurrency === 1 ? OWN_TIME_GOALS_MS[operation] : undefined;
      latency.push(goal === undefined ? measured : { ...measured, ownGoalMs: goal });
    }
    const invitations = await benchInvitations(stack, call);
    return { stackReadyMs, seededUsers: ids.length, roundTrips, latency, invitations };
  } finally {
    progress('ops: stopping the local stack');
    const { survivors } = await running.stop();
    if (survivors.length) progress(`ops: had to kill emulator processes ${survivors.join(', ')}`);
  }
}
