/**
 * `npm run load [-- --duration 60 --connections 16 --max-requests 60000 --accounts 10 --members 20]`
 * `[--url http://127.0.0.1:3000 --operator-key … --mailbox http://127.0.0.1:8005]`
 *
 * A load test of the local stack (never anything but loopback): a stack of its own (as the bench starts one), or a
 * running `npm start` named by `--url`. Seeds `--accounts` accounts (an owner signed in, `--members` members each),
 * then autocannon runs a mix for `--duration` seconds at `--connections` concurrent connections, stopping earlier at
 * `--max-requests`: 80% reads (GET user 40%, list users 20%, GET /v1/me 20%), 15% member edits (PATCH user with
 * If-Match of the last version seen: a 412 is the expected answer to a concurrent edit, counted apart, and the member
 * is read again before its next edit), 5% invitations of one new address each. Then it checks the writes: every
 * invitation answered `invited` is listed exactly once, and every member's version moved by exactly its successful
 * edits and holds the last one's value. Exits 1 on any 5xx, connection error, unexpected status or count mismatch.
 * Figures on stdout; everything in .bench/load.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startStack, type RunningStack } from '../test/support/stack-process.ts';
import type { StackInfo } from '../test/support/stack-info.ts';
import { clearMailbox, client, invitationToken, type Call } from './client.ts';
import {
  assertLoopback,
  checkEdits,
  checkInvitations,
  MIX,
  pickOperation,
  type EditLedger,
  type ListedInvitation,
  type LoadOperation,
  type SentInvitation,
} from './load-checks.ts';
import { ms, percentile, progress, scratch, table } from './util.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    'max-requests': { type: 'string', default: '60000' },
    accounts: { type: 'string', default: '10' },
    members: { type: 'string', default: '20' },
    url: { type: 'string' },
    'operator-key': { type: 'string' },
    mailbox: { type: 'string', default: 'http://127.0.0.1:8005' },
  },
});
const int = (name: 'duration' | 'connections' | 'max-requests' | 'accounts' | 'members', min: number, max: number) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${values[name]}`);
  return value;
};
const options = {
  duration: int('duration', 1, 600),
  connections: int('connections', 1, 256),
  maxRequests: int('max-requests', 1, 1_000_000),
  accounts: int('accounts', 1, 100),
  members: int('members', 1, 400),
};
// invitations and members share an account's 500 new invitations a day: keep the run inside them
const invitationsPerAccount = Math.ceil((options.maxRequests * MIX.invite) / 100 / options.accounts);
if (options.members + invitationsPerAccount * 1.2 > 500)
  throw new Error(
    `--max-requests ${options.maxRequests} could send about ${invitationsPerAccount} invitations per account beside ` +
      `${options.members} members: over an account's 500 a day. Raise --accounts or lower --max-requests`,
  );

const PASSWORD = 'Correct-Horse-Battery-9';
const runId = Date.now().toString(36);
let serial = 0;
const unique = (label: string) => `${label}${runId}${(serial++).toString(36)}`;

interface Account {
  accountId: string;
  token: string;
  members: string[];
}

interface Tally {
  statuses: Record<string, number>;
  times: number[];
  /** The local gateway's handler time (`x-local-handler-ms`), when it sends it. */
  handler: number[];
}

/** The stack to load: one of its own, or the running one `--url` names (loopback only). */
async function target(): Promise<{ stack: StackInfo; running?: RunningStack }> {
  if (values.url === undefined) {
    progress('load: starting a local stack (local/start.ts)');
    const running = await startStack({ timeoutMs: 120_000 });
    return { stack: running.info, running };
  }
  const url = assertLoopback(values.url);
  assertLoopback(values.mailbox ?? '');
  const operatorKey = values['operator-key'] ?? process.env.OPERATOR_KEY;
  if (!operatorKey) throw new Error('--url needs the operator key: --operator-key or OPERATOR_KEY');
  const baseUrl = url.origin;
  const stack = { baseUrl, appUrl: baseUrl, mailboxUrl: values.mailbox, operatorKey } as StackInfo;
  return { stack };
}

async function seed(stack: StackInfo, call: Call, ledger: Map<string, EditLedger>): Promise<Account[]> {
  const accounts: Account[] = [];
  for (let a = 0; a < options.accounts; a++) {
    const email = `${unique('owner')}@example.com`;
    const created = await call('POST', '/v1/accounts', {
      operatorKey: stack.operatorKey,
      body: { name: `Load ${a + 1}`, owner: { email, firstName: 'Olive', lastName: 'Owner' } },
    });
    await call('POST', '/v1/invitations/accept', {
      body: { token: await invitationToken(stack, email), password: PASSWORD },
    });
    const signedIn = await call('POST', '/v1/auth/token', { body: { email, password: PASSWORD } });
    const account: Account = { accountId: created.body.account.id, token: signedIn.body.accessToken, members: [] };
    for (let m = 0; m < options.members; m++) {
      const name = unique('m');
      const member = await call('POST', `/v1/accounts/${account.accountId}/users`, {
        token: account.token,
        body: { username: name, email: `${name}@example.com`, firstName: 'Load', lastName: 'Member' },
      });
      account.members.push(member.body.id);
      ledger.set(member.body.id, { startVersion: member.body.version, succeeded: 0 });
    }
    accounts.push(account);
    progress(`load: seeded account ${a + 1}/${options.accounts} (${options.members} members)`);
  }
  await clearMailbox(stack);
  return accounts;
}

/** Every page of one account's invitations of one status. */
async function listInvitations(call: Call, account: Account, status: string): Promise<ListedInvitation[]> {
  const items: ListedInvitation[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await call('GET', `/v1/accounts/${account.accountId}/invitations?${query}`, { token: account.token });
    items.push(...(page.body.items as ListedInvitation[]));
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

interface Context {
  op?: LoadOperation;
  started?: number;
  account?: Account;
  userId?: string;
  firstName?: string;
  email?: string;
}

async function main(): Promise<number> {
  const { stack, running } = await target();
  const call = client(stack);
  try {
    const ledger = new Map<string, EditLedger>();
    const accounts = await seed(stack, call, ledger);
    const versions = new Map<string, number>([...ledger].map(([id, e]) => [id, e.startVersion]));
    const accountOf = new Map(accounts.flatMap((a) => a.members.map((m) => [m, a] as const)));
    const reread: string[] = [];
    const sent: SentInvitation[] = [];
    const tallies = Object.fromEntries(
      (Object.keys(MIX) as LoadOperation[]).map((op) => [op, { statuses: {}, times: [], handler: [] } as Tally]),
    ) as Record<LoadOperation, Tally>;
    const problems: string[] = [];
    let edits = 0;
    const any = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
    const seen = (userId: string, version: unknown) => {
      if (typeof version === 'number' && version > (versions.get(userId) ?? 0)) versions.set(userId, version);
    };

    // the run ends by itself: past the deadline or the request cap, connections send GET /v1/health (not counted)
    // until every counted request has its answer, then autocannon is stopped; so no write is left in flight unseen
    let issued = 0;
    let inflight = 0;
    let stopping = false;
    let started = 0;
    let ended = 0;
    let stop = () => {};
    const setupRequest = (request: autocannon.Request, context: Context): autocannon.Request => {
      const now = performance.now();
      if (stopping || now - started >= options.duration * 1000 || issued >= options.maxRequests) {
        stopping = true;
        context.op = undefined;
        return { ...request, method: 'GET', path: '/v1/health', headers: {}, body: undefined };
      }
      issued++;
      inflight++;
      let op = pickOperation(Math.random());
      let account = any(accounts);
      let userId = any(account.members);
      // a member whose edit was refused as stale is read again first, as a client would before editing again
      if (op !== 'invite' && reread.length > 0) {
        userId = reread.shift() as string;
        account = accountOf.get(userId) as Account;
        op = 'getUser';
      }
      Object.assign(context, { op, account, userId, started: now });
      const headers: Record<string, string> = { authorization: `Bearer ${account.token}` };
      const users = `/v1/accounts/${account.accountId}/users`;
      switch (op) {
        case 'getUser':
          return { ...request, method: 'GET', path: `${users}/${userId}`, headers, body: undefined };
        case 'listUsers':
          return { ...request, method: 'GET', path: `${users}?limit=50`, headers, body: undefined };
        case 'getMe':
          return { ...request, method: 'GET', path: '/v1/me', headers, body: undefined };
        case 'editUser': {
          const firstName = `Edit ${(edits++).toString(36)}`;
          context.firstName = firstName;
          headers['if-match'] = `"${versions.get(userId)}"`;
          headers['content-type'] = 'application/json';
          const body = JSON.stringify({ firstName });
          return { ...request, method: 'PATCH', path: `${users}/${userId}`, headers, body };
        }
        case 'invite': {
          const email = `${unique('load')}@example.com`;
          context.email = email;
          headers['content-type'] = 'application/json';
          const path = `/v1/accounts/${account.accountId}/invitations`;
          return { ...request, method: 'POST', path, headers, body: JSON.stringify({ emails: [email] }) };
        }
      }
    };

    const record = (status: number, body: string, context: Context, headers: Record<string, unknown>) => {
      const op = context.op as LoadOperation;
      const tally = tallies[op];
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      tally.times.push(performance.now() - (context.started as number));
      const handler = Number(headers['x-local-handler-ms'] ?? Number.NaN);
      if (Number.isFinite(handler)) tally.handler.push(handler);
      const json = () => JSON.parse(body);
      if (status === 412 && op === 'editUser') {
        reread.push(context.userId as string);
        return;
      }
      if (status >= 300) {
        if (problems.length < 20) problems.push(`${op} answered ${status}: ${body.slice(0, 200)}`);
        return;
      }
      if (op === 'getUser') seen(context.userId as string, json().version);
      else if (op === 'editUser') {
        const user = json();
        seen(user.id, user.version);
        const edits = ledger.get(user.id) as EditLedger;
        edits.succeeded++;
        if (!edits.last || user.version > edits.last.version)
          edits.last = { version: user.version, firstName: context.firstName as string };
      } else if (op === 'invite') {
        const [result] = json().results as { status: string; invitationId?: string }[];
        if (result?.status !== 'invited' || !result.invitationId)
          problems.push(`invitation of ${context.email}: ${JSON.stringify(result)}`);
        else
          sent.push({
            accountId: (context.account as Account).accountId,
            invitationId: result.invitationId,
            email: context.email as string,
          });
      }
    };
    const onResponse = (status: number, body: string, context: Context, headers: Record<string, unknown> = {}) => {
      if (context.op !== undefined) {
        inflight--;
        ended = performance.now();
        try {
          record(status, body, context, headers);
        } catch (err) {
          problems.push(`${context.op}: ${(err as Error).message}`);
        }
      }
      if (stopping && inflight === 0) stop();
    };

    progress(
      `load: ${options.duration} s at ${options.connections} connections (at most ${options.maxRequests} requests)`,
    );
    const loadAverageBefore = loadavg();
    started = performance.now();
    const result = await new Promise<autocannon.Result>((done, fail) => {
      const instance = autocannon(
        {
          url: new URL(stack.baseUrl).origin,
          connections: options.connections,
          // a backstop only: the run stops itself once the last counted request has its answer
          duration: options.duration + 30,
          timeout: 10,
          requests: [{ setupRequest: setupRequest as never, onResponse: onResponse as never }],
        },
        (err, finished) => (err ? fail(err) : done(finished)),
      );
      stop = () => instance.stop();
    });
    const seconds = (ended - started) / 1000;
    if (inflight > 0) problems.push(`${inflight} requests never answered (timed out or dropped)`);

    progress('load: checking the writes');
    const listed = new Map<string, ListedInvitation[]>();
    for (const account of accounts) {
      const all = (
        await Promise.all(['pending', 'accepted', 'revoked', 'expired'].map((s) => listInvitations(call, account, s)))
      ).flat();
      listed.set(account.accountId, all);
    }
    const invitationProblems = checkInvitations(sent, listed);
    const actual = new Map<string, { version: number; firstName: string }>();
    for (const account of accounts)
      for (const userId of account.members) {
        const user = await call('GET', `/v1/accounts/${account.accountId}/users/${userId}`, { token: account.token });
        actual.set(userId, { version: user.body.version, firstName: user.body.firstName });
      }
    const editProblems = checkEdits(ledger, actual);

    const statuses: Record<string, number> = {};
    for (const tally of Object.values(tallies))
      for (const [code, n] of Object.entries(tally.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
    const serverErrors = Object.entries(statuses)
      .filter(([code]) => Number(code) >= 500)
      .reduce((n, [, c]) => n + c, 0);
    const all = Object.values(tallies)
      .flatMap((t) => t.times)
      .sort((a, b) => a - b);
    const count = (op: LoadOperation, pick: (code: number) => boolean) =>
      Object.entries(tallies[op].statuses)
        .filter(([code]) => pick(Number(code)))
        .reduce((n, [, c]) => n + c, 0);
    const perOperation = (Object.keys(MIX) as LoadOperation[]).map((op) => {
      const times = [...tallies[op].times].sort((a, b) => a - b);
      const handler = [...tallies[op].handler].sort((a, b) => a - b);
      return {
        handlerP50: handler.length ? percentile(handler, 50) : null,
        operation: op,
        requests: times.length,
        share: times.length / Math.max(1, all.length),
        statuses: tallies[op].statuses,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
      };
    });
    const summary = {
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: cpus().length, loadAverageBefore, loadAverageAfter: loadavg() },
      options,
      target: values.url === undefined ? 'a local stack of its own' : stack.baseUrl,
      seconds,
      requests: all.length,
      requestsPerSecond: all.length / seconds,
      latency: {
        p50: percentile(all, 50),
        p90: percentile(all, 90),
        p99: percentile(all, 99),
        max: all[all.length - 1] ?? Number.NaN,
      },
      statuses,
      errors: result.errors,
      timeouts: result.timeouts,
      serverErrors,
      conflicts412: count('editUser', (c) => c === 412),
      editsSucceeded: count('editUser', (c) => c === 200),
      invitationsSent: sent.length,
      invitationsListed: [...listed.values()].flat().filter((i) => i.kind === 'invite').length,
      membersChecked: actual.size,
      perOperation,
      problems: [...problems, ...invitationProblems, ...editProblems],
    };
    mkdirSync(scratch, { recursive: true });
    writeFileSync(join(scratch, 'load.json'), `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(render(summary));
    const failed = serverErrors > 0 || result.errors > 0 || summary.problems.length > 0;
    progress(`load: ${failed ? 'FAILED' : 'passed'}; .bench/load.json`);
    return failed ? 1 : 0;
  } finally {
    if (running) {
      progress('load: stopping the local stack');
      await running.stop();
    }
  }
}

function render(s: {
  date: string;
  machine: { node: string; cpus: number; loadAverageBefore: number[]; loadAverageAfter: number[] };
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  serverErrors: number;
  conflicts412: number;
  editsSucceeded: number;
  invitationsSent: number;
  invitationsListed: number;
  membersChecked: number;
  options: typeof options;
  perOperation: {
    handlerP50: number | null;
    operation: string;
    requests: number;
    share: number;
    statuses: Record<string, number>;
    p50: number;
    p99: number;
  }[];
  problems: string[];
}): string {
  const ops = table(
    ['operation', '>requests', '>share', 'statuses', '>p50 ms', '>p99 ms', '>handler p50 ms'],
    s.perOperation.map((o) => [
      o.operation,
      o.requests,
      `${(o.share * 100).toFixed(1)}%`,
      Object.entries(o.statuses)
        .map(([code, n]) => `${code}: ${n}`)
        .join(', '),
      o.p50.toFixed(1),
      o.p99.toFixed(1),
      o.handlerP50 === null ? '—' : o.handlerP50.toFixed(1),
    ]),
  );
  const statuses = Object.entries(s.statuses)
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ');
  const load = s.machine.loadAverageBefore[0].toFixed(1);
  const loadAfter = s.machine.loadAverageAfter[0].toFixed(1);
  const l = s.latency;
  const checks =
    s.problems.length === 0
      ? 'every invitation listed once, every member at its start version plus its applied edits, ' +
        'with the last value: pass'
      : `**${s.problems.length} problems**`;
  const lines = [
    `# Load: ${s.options.connections} connections, ${s.options.duration} s, ` +
      `${s.options.accounts} accounts × ${s.options.members} members`,
    '',
    `- ${s.date}, Node ${s.machine.node}, ${s.machine.cpus} CPUs, ` +
      `1-minute load average ${load} before, ${loadAfter} after`,
    `- ${s.requests} requests in ${s.seconds.toFixed(1)} s, ${s.requestsPerSecond.toFixed(0)} req/s; ` +
      `latency p50 ${ms(l.p50)} ms, p90 ${ms(l.p90)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms`,
    `- statuses: ${statuses}; 5xx: ${s.serverErrors}; connection errors: ${s.errors} (timeouts ${s.timeouts})`,
    `- edits: ${s.editsSucceeded} applied, ${s.conflicts412} refused as stale (412, expected under concurrent edits)`,
    `- invitations: ${s.invitationsSent} answered invited, ${s.invitationsListed} listed afterwards; ` +
      `${s.membersChecked} members read back`,
    `- checks: ${checks}`,
    '',
  ];
  return `${lines.join('\n')}
Per operation (time from building the request to its response, as the load generator sees it):

${ops}
${s.problems.length ? `\nProblems:\n\n${s.problems.map((p) => `- ${p}`).join('\n')}\n` : ''}`;
}

process.exitCode = await main();
