/**
 * Side by side with a peer: the same four member operations against Switchboard's local stack and a peer server
 * (better-auth's organization plugin over HTTP on SQLite, `../shared/peer`: see its README), in one run, alternating
 * request by request (the order of the two flips on every cycle). Invite one address, accept the invitation, list
 * 100 members, remove a member (Switchboard: deactivate). Both sides start with 100 members (the owner or admin and
 * 99 seeded ones), so every list returns 100; invitees accepted during the run only add to them.
 *
 * Switchboard's own time per request is the local gateway's `x-local-own-ms` header (handler time minus the time
 * spent waiting on DynamoDB, Cognito and SES); when the gateway does not send it, own time is shown as —.
 */
import { randomBytes } from 'node:crypto';
import { startStack } from '../test/support/stack-process.ts';
import type { StackInfo } from '../test/support/stack-info.ts';
import { clearMailbox, client, invitationToken } from './client.ts';
import { percentile, progress, table } from './util.ts';

export const PEER_OPERATIONS = ['invite', 'accept', 'list', 'remove'] as const;
export type PeerOperation = (typeof PEER_OPERATIONS)[number];

/** What each operation is on either side. */
const REQUESTS: Record<PeerOperation, { switchboard: string; peer: string }> = {
  invite: {
    switchboard: 'POST /v1/accounts/{a}/invitations {emails: [one]}',
    peer: 'POST /organization/invite-member',
  },
  accept: {
    switchboard: 'POST /v1/invitations/accept {token, password} (a new person)',
    peer: 'POST /organization/accept-invitation (invitee signed up beforehand, untimed)',
  },
  list: { switchboard: 'GET /v1/accounts/{a}/users?limit=100', peer: 'GET /organization/list-members?limit=100' },
  remove: {
    switchboard: 'POST /v1/accounts/{a}/users/{u}/deactivate',
    peer: 'POST /organization/remove-member',
  },
};

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export interface PeerRow {
  operation: PeerOperation;
  switchboardRequest: string;
  peerRequest: string;
  /** Switchboard's DynamoDB commands in the last timed request. */
  switchboardCommands: string[];
  switchboard: Stats;
  /** Switchboard's own time (`x-local-own-ms`); null when the gateway did not send it. */
  switchboardOwn: Stats | null;
  /** Switchboard's handler time (`x-local-handler-ms`, own time and waits); null when not sent. */
  switchboardHandler: Stats | null;
  peer: Stats;
  /** Whole request, Switchboard / peer, at p50 and p99. */
  ratio: { p50: number; p99: number };
  /** Switchboard's own time / the peer's whole request, at p50 and p99 (null without own time). */
  ownRatio: { p50: number; p99: number } | null;
}

export interface PeerResult {
  peerUrl: string;
  peerDb: string;
  requests: number;
  warmup: number;
  /** Members each side held before the timed cycles (so each list returns `listSize`). */
  listSize: number;
  stackReadyMs: number;
  /** Cycles per account and organisation (an account's 500 invitations a day). */
  cyclesPerAccount: number;
  rows: PeerRow[];
  checks: string[];
  wallSeconds: number;
}

const PASSWORD = 'Correct-Horse-Battery-9';
const PEER_PASSWORD = 'correct-horse-battery-staple';
const LIST_SIZE = 100;
/** Cycles per account: 99 seeded members and the cycles' invitations stay inside the 500 a day. */
const CYCLES_PER_ACCOUNT = 300;
const runId = randomBytes(3).toString('hex');
let serial = 0;
const unique = (label: string) => `${label}${runId}${(serial++).toString(36)}`;

interface Timed<B = any> {
  status: number;
  body: B;
  ms: number;
  ownMs: number | null;
  /** DynamoDB commands of a Switchboard request (`x-local-ddb-commands`). */
  ddb?: string[];
  /** The handler's wall time in the local gateway (`x-local-handler-ms`), when it sends it. */
  handlerMs?: number | null;
}

/** A timed request to the local stack: from the call to the end of the body, and the gateway's own-time header. */
async function switchboardRequest<B = any>(
  stack: StackInfo,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Timed<B>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) };
  const started = performance.now();
  const response = await fetch(`${stack.baseUrl}${path}`, init);
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok)
    throw new Error(`Switchboard: ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  const own = response.headers.get('x-local-own-ms');
  const ownMs = own === null || own === '' || !Number.isFinite(Number(own)) ? null : Number(own);
  const handler = response.headers.get('x-local-handler-ms');
  const handlerMs = handler === null || !Number.isFinite(Number(handler)) ? null : Number(handler);
  const commands = response.headers.get('x-local-ddb-commands');
  const ddb = commands ? commands.split(',').map((c) => c.replace(/Command$/, '')) : [];
  return { status: response.status, body: text ? JSON.parse(text) : undefined, ms, ownMs, ddb, handlerMs };
}

/** A user agent of the peer with its own cookie jar (as the peer's http-bench.mjs does it). */
class PeerAgent {
  private readonly jar = new Map<string, string>();
  userId = '';
  memberId = '';
  constructor(
    private readonly api: string,
    private readonly origin: string,
    readonly email: string,
  ) {}

  async request<B = any>(method: string, path: string, body?: unknown): Promise<Timed<B>> {
    const headers: Record<string, string> = { accept: 'application/json', origin: this.origin };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const started = performance.now();
    const response = await fetch(`${this.api}${path}`, init);
    const text = await response.text();
    const ms = performance.now() - started;
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    if (!response.ok) throw new Error(`peer: ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return { status: response.status, body: text ? JSON.parse(text) : undefined, ms, ownMs: null };
  }
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1),
  };
}

/** Checks the peer answers at `${url}/api/auth/ok` and says which store it runs on. */
async function peerReady(url: string): Promise<string> {
  try {
    const ok = await fetch(`${url}/api/auth/ok`);
    await ok.text();
    if (!ok.ok) throw new Error(`answered ${ok.status}`);
    const response = await fetch(`${url}/__peer/stats`);
    return response.ok ? (((await response.json()) as { db?: string }).db ?? 'unknown') : 'unknown';
  } catch (err) {
    throw new Error(
      `no peer at ${url}/api/auth/ok (${(err as Error).message}): start it as ../shared/peer/README.md says ` +
        '(copy it, npm ci, PORT=4100 node http-peer.mjs)',
    );
  }
}

interface Side {
  /** Switchboard: the account and its manager's token. */
  account: { accountId: string; token: string };
  /** Peer: the organisation and its admin. */
  org: { id: string; admin: PeerAgent };
}

export async function benchPeer(options: { peerUrl: string; requests: number; warmup: number }): Promise<PeerResult> {
  const peerUrl = options.peerUrl.replace(/\/$/, '');
  const api = `${peerUrl}/api/auth`;
  const origin = new URL(peerUrl).origin;
  const peerDb = await peerReady(peerUrl);
  progress(`peer: better-auth at ${api} (db=${peerDb}); starting the local stack`);
  const started = performance.now();
  const running = await startStack({ timeoutMs: 120_000 });
  const stackReadyMs = performance.now() - started;
  const stack = running.info;
  const call = client(stack);
  const runStarted = performance.now();
  try {
    const signUp = async (email: string) => {
      const agent = new PeerAgent(api, origin, email);
      const r = await agent.request('POST', '/sign-up/email', {
        email,
        password: PEER_PASSWORD,
        name: email.split('@')[0],
      });
      agent.userId = r.body.user.id;
      return agent;
    };
    const newAccount = async (name: string) => {
      const email = `${unique('owner')}@example.com`;
      const created = await call('POST', '/v1/accounts', {
        operatorKey: stack.operatorKey,
        body: { name, owner: { email, firstName: 'Olive', lastName: 'Owner' } },
      });
      await call('POST', '/v1/invitations/accept', {
        body: { token: await invitationToken(stack, email), password: PASSWORD },
      });
      const signedIn = await call('POST', '/v1/auth/token', { body: { email, password: PASSWORD } });
      return { accountId: created.body.account.id as string, token: signedIn.body.accessToken as string };
    };
    /** An account and an organisation of 100 members each (untimed). */
    const newSide = async (label: string): Promise<Side> => {
      progress(`peer: seeding ${LIST_SIZE} members on each side (${label})`);
      const account = await newAccount(`Peer bench ${label}`);
      for (let i = 1; i < LIST_SIZE; i++) {
        const name = unique('m');
        await call('POST', `/v1/accounts/${account.accountId}/users`, {
          token: account.token,
          body: { username: name, email: `${name}@example.com`, firstName: 'Seed', lastName: 'Member' },
        });
      }
      const admin = await signUp(`${unique('admin')}@acme.test`);
      const org = await admin.request('POST', '/organization/create', { name: label, slug: unique('org') });
      for (let i = 1; i < LIST_SIZE; i++) {
        const member = await signUp(`${unique('seed')}@acme.test`);
        const invited = await admin.request('POST', '/organization/invite-member', {
          email: member.email,
          role: 'member',
          organizationId: org.body.id,
        });
        await member.request('POST', '/organization/accept-invitation', { invitationId: invited.body.id });
      }
      await clearMailbox(stack);
      return { account, org: { id: org.body.id, admin } };
    };

    const samples = Object.fromEntries(
      PEER_OPERATIONS.map((op) => [
        op,
        { switchboard: [] as number[], own: [] as number[], handler: [] as number[], peer: [] as number[] },
      ]),
    ) as Record<PeerOperation, { switchboard: number[]; own: number[]; handler: number[]; peer: number[] }>;
    let ownMissing = 0;
    const commands: Partial<Record<PeerOperation, string[]>> = {};
    /** The two requests of one operation, in the order of the cycle; recorded unless warming up. */
    const pair = async (
      op: PeerOperation,
      cycle: number,
      record: boolean,
      sides: { switchboard: () => Promise<Timed>; peer: () => Promise<Timed> },
    ) => {
      let s: Timed;
      let p: Timed;
      if (cycle % 2 === 0) {
        s = await sides.switchboard();
        p = await sides.peer();
      } else {
        p = await sides.peer();
        s = await sides.switchboard();
      }
      if (record) {
        samples[op].switchboard.push(s.ms);
        samples[op].peer.push(p.ms);
        commands[op] = s.ddb ?? [];
        if (typeof s.handlerMs === 'number') samples[op].handler.push(s.handlerMs);
        if (s.ownMs === null) ownMissing++;
        else samples[op].own.push(s.ownMs);
      }
      return { s, p };
    };

    const checks: string[] = [];
    /** `count` cycles on one account and organisation: invite, accept and list each, then remove every invitee. */
    const cycles = async (side: Side, first: number, count: number, record: boolean) => {
      const { account, org } = side;
      const users = `/v1/accounts/${account.accountId}/users`;
      const removals: { userId: string; member: PeerAgent }[] = [];
      for (let i = first; i < first + count; i++) {
        const email = `${unique('inv')}@example.com`;
        const invitee = await signUp(`${unique('u')}@acme.test`);
        const invited = await pair('invite', i, record, {
          switchboard: () =>
            switchboardRequest(stack, 'POST', `/v1/accounts/${account.accountId}/invitations`, {
              token: account.token,
              body: { emails: [email] },
            }),
          peer: () =>
            org.admin.request('POST', '/organization/invite-member', {
              email: invitee.email,
              role: 'member',
              organizationId: org.id,
            }),
        });
        if (invited.s.body.results[0]?.status !== 'invited')
          throw new Error(`Switchboard did not invite ${email}: ${JSON.stringify(invited.s.body.results)}`);
        const token = await invitationToken(stack, email);
        const accepted = await pair('accept', i, record, {
          switchboard: () =>
            switchboardRequest(stack, 'POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } }),
          peer: () => invitee.request('POST', '/organization/accept-invitation', { invitationId: invited.p.body.id }),
        });
        invitee.memberId = accepted.p.body.member.id;
        const listed = await pair('list', i, record, {
          switchboard: () => switchboardRequest(stack, 'GET', `${users}?limit=${LIST_SIZE}`, { token: account.token }),
          peer: () =>
            org.admin.request(
              'GET',
              `/organization/list-members?organizationId=${encodeURIComponent(org.id)}&limit=${LIST_SIZE}`,
            ),
        });
        const sizes = [listed.s.body.items.length, listed.p.body.members.length];
        if (sizes.some((n) => n !== LIST_SIZE)) throw new Error(`a list returned ${sizes.join(' and ')} members`);
        removals.push({ userId: accepted.s.body.user.id, member: invitee });
        if ((i + 1) % 50 === 0) {
          await clearMailbox(stack);
          progress(`peer: ${i + 1 - first}/${count} cycles (invite, accept, list)`);
        }
      }
      for (const [k, { userId, member }] of removals.entries()) {
        const removed = await pair('remove', first + k, record, {
          switchboard: () =>
            switchboardRequest(stack, 'POST', `${users}/${userId}/deactivate`, { token: account.token }),
          peer: () =>
            org.admin.request('POST', '/organization/remove-member', {
              memberIdOrEmail: member.memberId,
              organizationId: org.id,
            }),
        });
        if (removed.s.body.status !== 'deactivated')
          throw new Error(`Switchboard: member ${userId} is ${removed.s.body.status} after deactivate`);
      }
      const left = await org.admin.request(
        'GET',
        `/organization/list-members?organizationId=${encodeURIComponent(org.id)}&limit=${LIST_SIZE}`,
      );
      const total = left.body.total ?? left.body.members.length;
      if (total !== LIST_SIZE) throw new Error(`peer: ${total} members after the removals, expected ${LIST_SIZE}`);
      if (record)
        checks.push(`${count} invitees accepted and removed on each side; the peer's organisation back to ${total}`);
    };

    progress(`peer: ${options.warmup} warm-up cycles, then ${options.requests} timed ones`);
    if (options.warmup > 0) await cycles(await newSide('warm-up'), 0, options.warmup, false);
    for (let first = 0; first < options.requests; first += CYCLES_PER_ACCOUNT) {
      const count = Math.min(CYCLES_PER_ACCOUNT, options.requests - first);
      await cycles(await newSide(`block ${first / CYCLES_PER_ACCOUNT + 1}`), first, count, true);
    }
    if (ownMissing > 0)
      checks.push(`${ownMissing} Switchboard responses without x-local-own-ms: own time not measured for those`);

    const rows = PEER_OPERATIONS.map((op): PeerRow => {
      const s = stats(samples[op].switchboard);
      const p = stats(samples[op].peer);
      const own = samples[op].own.length ? stats(samples[op].own) : null;
      return {
        operation: op,
        switchboardRequest: REQUESTS[op].switchboard,
        peerRequest: REQUESTS[op].peer,
        switchboardCommands: commands[op] ?? [],
        switchboard: s,
        switchboardOwn: own,
        switchboardHandler: samples[op].handler.length ? stats(samples[op].handler) : null,
        peer: p,
        ratio: { p50: s.p50 / p.p50, p99: s.p99 / p.p99 },
        ownRatio: own ? { p50: own.p50 / p.p50, p99: own.p99 / p.p99 } : null,
      };
    });
    return {
      peerUrl,
      peerDb,
      requests: options.requests,
      warmup: options.warmup,
      listSize: LIST_SIZE,
      stackReadyMs,
      cyclesPerAccount: CYCLES_PER_ACCOUNT,
      rows,
      checks,
      wallSeconds: (performance.now() - runStarted) / 1000,
    };
  } finally {
    progress('peer: stopping the local stack');
    const { survivors } = await running.stop();
    if (survivors.length) progress(`peer: had to kill emulator processes ${survivors.join(', ')}`);
  }
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)}×` : 'n/a');

/** One line per operation, for bench/README.md's table (between its `bench:peer` markers). */
export function peerReadmeRows(r: PeerResult): string[] {
  return r.rows.map((row) => {
    const own = row.switchboardOwn;
    const cells = [
      row.operation,
      `${f1(row.switchboard.p50)} / ${f1(row.switchboard.p99)}`,
      own ? `${f2(own.p50)} / ${f2(own.p99)}` : '—',
      `${f1(row.peer.p50)} / ${f1(row.peer.p99)}`,
      `${times(row.ratio.p50)} / ${times(row.ratio.p99)}`,
      row.ownRatio ? `${f2(row.ownRatio.p50)}× / ${f2(row.ownRatio.p99)}×` : '—',
    ];
    return `| ${cells.join(' | ')} |`;
  });
}

/** The section of bench/results.md. */
export function renderPeerSection(r: PeerResult): string {
  const rows = r.rows.map((row) => [
    row.operation,
    row.switchboard.n,
    f1(row.switchboard.p50),
    f1(row.switchboard.p99),
    row.switchboardOwn ? f2(row.switchboardOwn.p50) : '—',
    row.switchboardOwn ? f2(row.switchboardOwn.p99) : '—',
    f1(row.peer.p50),
    f1(row.peer.p99),
    times(row.ratio.p50),
    times(row.ratio.p99),
    row.ownRatio ? `${f2(row.ownRatio.p50)}×` : '—',
    row.ownRatio ? `${f2(row.ownRatio.p99)}×` : '—',
  ]);
  const requests = table(
    ['operation', 'Switchboard', 'its DynamoDB calls', '>handler p50 ms', 'peer'],
    r.rows.map((row) => [
      row.operation,
      `\`${row.switchboardRequest}\``,
      `${row.switchboardCommands.length} (\`${row.switchboardCommands.join(',') || '—'}\`)`,
      row.switchboardHandler ? f1(row.switchboardHandler.p50) : '—',
      `\`${row.peerRequest}\``,
    ]),
  );
  return `## Side by side with a peer (better-auth)

The peer at ${r.peerUrl} (better-auth's organization plugin, db=${r.peerDb}) and the local stack (ready in
${(r.stackReadyMs / 1000).toFixed(1)} s), in one run: ${r.requests} cycles after ${r.warmup} warm-up ones, each
operation sent to both one after the other, the order flipped every cycle. Each side holds ${r.listSize} members
before the cycles (a new account and organisation every ${r.cyclesPerAccount} cycles); every invitee is accepted,
then all are removed. Times are the client's, from the call to the end of the body (fetch, keep-alive); *own* is
Switchboard's handler time minus its waits on DynamoDB, Cognito and SES (\`x-local-own-ms\`; — when the gateway
does not send it). Ratios: Switchboard's whole request over the peer's, and Switchboard's own time over the peer's
whole request. ${r.wallSeconds.toFixed(0)} s.

${table(
  [
    'operation',
    '>n',
    '>Switchboard p50 ms',
    '>p99 ms',
    '>own p50 ms',
    '>own p99 ms',
    '>peer p50 ms',
    '>peer p99 ms',
    '>whole p50',
    '>whole p99',
    '>own/peer p50',
    '>own/peer p99',
  ],
  rows,
)}

${requests}

${r.checks.map((c) => `- ${c}.`).join('\n')}
`;
}
