/**
 * Where the handlers' own time goes: `npx tsx bench/profile.ts [--requests 1000] [--only getUser,createUser]`.
 * Starts a local stack (a child process, as the integration tests do) and seeds an account through its API, then
 * calls the handler modules in this process, as the local gateway does (the same events, without the HTTP server),
 * one operation at a time under the V8 CPU profiler (node:inspector, 100 µs sampling), each after a warm-up. Per
 * operation it prints the own time (handler wall time less the union of its SDK waits, as `x-local-own-ms`), the
 * profile's self time per origin (our code, the AWS SDK, middy, valibot, Node, GC) and the top functions, and writes
 * the profile to `.bench/profiles/<operation>.cpuprofile` (open it in Chrome DevTools or speedscope).
 * Log lines of the handlers go to stdout; the report goes to stderr (`> /dev/null` keeps only the report).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { attachToLocalStack, readLocalConfig } from '../local/config.ts';
import { buildEvent, lambdaContext, newRequestId } from '../local/lambda-event.ts';
import { createRouteMatcher } from '../local/route-matcher.ts';
import { handlerFile } from '../shared/http/route-types.ts';
import { routes } from '../shared/http/routes.ts';
import { startStack } from '../test/support/stack-process.ts';
import { client, invitationToken } from './client.ts';
import type { Interval } from '../local/sdk-instrumentation.ts';
import { percentile, root, scratch } from './util.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    only: { type: 'string' },
    // without the gateway's AsyncLocalStorage (no wait attribution): what its promise hooks cost, by comparison
    plain: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const only = values.only?.split(',');
const report = (line: string) => process.stderr.write(`${line}\n`);
const PASSWORD = 'Correct-Horse-Battery-9';
let serial = 0;
const unique = (label: string) => `${label}${process.pid.toString(36)}${(serial++).toString(36)}`;

const running = await startStack({ timeoutMs: 120_000 });
try {
  const stack = running.info;
  const call = client(stack);
  const port = (url: string) => new URL(url).port;
  Object.assign(process.env, {
    PORT: port(stack.baseUrl),
    DYNAMODB_PORT: port(stack.dynamodbEndpoint),
    COGNITO_PORT: port(stack.cognitoEndpoint),
    MAILBOX_PORT: port(stack.mailboxUrl),
    DATA_DIR: stack.dataDir,
  });
  await attachToLocalStack(readLocalConfig([]));
  // only now: the SDK clients read the environment set above
  const { instrumentSdkClients, newRequestMetrics, ownTime, requestMetrics } = await import(
    '../local/sdk-instrumentation.ts'
  );
  instrumentSdkClients();

  // accounts whose owner signed in (a write run takes one of its own: 500 mails a day per account)
  const newAccount = async () => {
    const owner = `${unique('owner')}@example.com`;
    const made = await call('POST', '/v1/accounts', {
      operatorKey: stack.operatorKey,
      body: { name: 'Profile Ltd', owner: { email: owner, firstName: 'Olive', lastName: 'Owner' } },
    });
    await call('POST', '/v1/invitations/accept', {
      body: { token: await invitationToken(stack, owner), password: PASSWORD },
    });
    const signedIn = await call('POST', '/v1/auth/token', { body: { email: owner, password: PASSWORD } });
    return { accountId: made.body.account.id as string, token: signedIn.body.accessToken as string };
  };
  const { accountId, token } = await newAccount();
  const userBody = () => {
    const name = unique('p');
    return { username: name, email: `${name}@example.com`, firstName: 'Prof', lastName: 'Ile' };
  };
  const users = `/v1/accounts/${accountId}/users`;
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) ids.push((await call('POST', users, { token, body: userBody() })).body.id);
  const active = ids[0];
  const activeEmail = (await call('GET', `${users}/${active}`, { token })).body.email as string;
  await call('POST', '/v1/invitations/accept', {
    body: { token: await invitationToken(stack, activeEmail), password: PASSWORD },
  });

  const match = createRouteMatcher(routes);
  type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<{ statusCode?: number }>;
  const handlers = new Map<string, Handler>();
  async function event(method: string, path: string, body?: unknown, bearer = token) {
    const url = new URL(path, 'http://127.0.0.1');
    const found = match(method, url.pathname);
    if (found.kind !== 'found') throw new Error(`no route for ${method} ${path}`);
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers = ['host', '127.0.0.1', 'user-agent', 'bench', 'authorization', `Bearer ${bearer}`];
    if (text) headers.push('content-type', 'application/json');
    const req = {
      url: path,
      method,
      rawHeaders: headers,
      httpVersion: '1.1',
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    const operationId = found.route.operationId;
    if (!handlers.has(operationId)) {
      const mod = (await import(pathToFileURL(join(root, handlerFile(operationId))).href)) as { handler: Handler };
      handlers.set(operationId, mod.handler);
    }
    return {
      handler: handlers.get(operationId)!,
      event: buildEvent({
        req,
        body: Buffer.from(text),
        routeKey: `${found.route.method} ${found.route.path}`,
        requestId: newRequestId(),
        pathParameters: found.pathParameters,
      }),
    };
  }

  // invitations by email, for the accept run: made through the API before it (not profiled)
  const [inviter, creator, invitee] = [await newAccount(), await newAccount(), await newAccount()];
  const inviteAccount = async () => {
    const email = `${unique('inv')}@example.com`;
    await call('POST', `/v1/accounts/${invitee.accountId}/invitations`, {
      token: invitee.token,
      body: { emails: [email] },
    });
    return invitationToken(stack, email);
  };
  const operations: Record<string, { label: string; next: (i: number) => Promise<Awaited<ReturnType<typeof event>>> }> =
    {
      getUser: { label: 'GET user', next: (i) => event('GET', `${users}/${ids[i % ids.length]}`) },
      listUsers: { label: 'list users (limit 50)', next: () => event('GET', `${users}?limit=50`) },
      getMe: { label: 'GET /v1/me', next: () => event('GET', '/v1/me') },
      createUser: {
        label: 'create user',
        next: () => event('POST', `/v1/accounts/${creator.accountId}/users`, userBody(), creator.token),
      },
      inviteOne: {
        label: 'invite one address',
        next: () =>
          event(
            'POST',
            `/v1/accounts/${inviter.accountId}/invitations`,
            { emails: [`${unique('i')}@example.com`] },
            inviter.token,
          ),
      },
      deactivate: {
        label: 'deactivate user (each followed by a reactivation, profiled too)',
        next: (i) => event('POST', `${users}/${active}/${i % 2 === 0 ? 'deactivate' : 'reactivate'}`),
      },
      accept: {
        label: 'accept invitation',
        next: async () => event('POST', '/v1/invitations/accept', { token: await inviteAccount(), password: PASSWORD }),
      },
    };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  mkdirSync(join(scratch, 'profiles'), { recursive: true });

  for (const [name, op] of Object.entries(operations)) {
    if (only && !only.includes(name)) continue;
    // writes cost the daily mail quota (500 per account): fewer of them
    const count = ['getUser', 'listUsers', 'getMe'].includes(name) ? requests : Math.min(requests, 200);
    const handlerIntervals: Interval[] = [];
    const handlerMs: number[] = [];
    const waitIntervals: Interval[] = [];
    const invoke = async (i: number, own: number[]) => {
      const { handler, event: e } = await op.next(i);
      const metrics = newRequestMetrics();
      const context = lambdaContext(`switchboard-profile-${name}`);
      const interval = { start: performance.now(), end: Number.NaN };
      const result = values.plain
        ? await handler(e, context)
        : await requestMetrics.run(metrics, () => handler(e, context));
      interval.end = performance.now();
      handlerMs.push(interval.end - interval.start);
      if ((result.statusCode ?? 500) >= 400) throw new Error(`${name} answered ${result.statusCode}`);
      if (name !== 'deactivate' || i % 2 === 0) own.push(ownTime(metrics, interval).ownMs);
      handlerIntervals.push(interval);
      for (const list of Object.values(metrics.waits)) waitIntervals.push(...list);
    };
    for (let i = 0; i < 30; i++) await invoke(i, []);
    const own: number[] = [];
    // accepting needs a fresh invitation per call, made through the API: the profiler runs around the calls only
    handlerIntervals.length = 0;
    waitIntervals.length = 0;
    const cpuBefore = process.cpuUsage();
    await session.post('Profiler.start');
    // V8's sample times and performance.now() both count CLOCK_MONOTONIC; this is performance.now()'s zero on it
    const origin = Number(process.hrtime.bigint()) / 1e6 - performance.now();
    for (let i = 0; i < count; i++) await invoke(i, own);
    const { profile } = await session.post('Profiler.stop');
    const cpu = process.cpuUsage(cpuBefore);
    const clock = { origin, handlers: handlerIntervals, waits: waitIntervals };
    writeFileSync(join(scratch, 'profiles', `${name}.cpuprofile`), JSON.stringify(profile));
    own.sort((a, b) => a - b);
    handlerMs.sort((a, b) => a - b);
    report(
      `\n(process CPU per call ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} ms; handler wall time p50 ${percentile(handlerMs, 50).toFixed(3)} ms${values.plain ? ', no AsyncLocalStorage' : ''})`,
    );
    report(
      `\n## ${op.label}: ${count} calls, own time p50 ${percentile(own, 50).toFixed(3)} ms, p99 ${percentile(own, 99).toFixed(3)} ms`,
    );
    summarize(profile as unknown as CpuProfile, count, clock);
  }
  session.disconnect();
} finally {
  await running.stop();
}

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Whether `t` (ms) falls in one of the sorted, merged `runs`. */
function inside(runs: Interval[], t: number): boolean {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < runs[mid].start) hi = mid - 1;
    else if (t > runs[mid].end) lo = mid + 1;
    else return true;
  }
  return false;
}

function merged(intervals: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of [...intervals].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** Origin of a frame, by its script. */
function origin(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)' || name === '(program)' || name === '(root)') return name;
  if (/\/(shared|functions)\//.test(url) && !url.includes('node_modules')) return 'ours';
  if (/node_modules\/(@aws-sdk|@smithy|@aws-crypto)/.test(url)) return 'aws-sdk';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:') || url === '') return 'node';
  return 'other';
}

/**
 * Self time per origin and the top functions by self time, per call, of the samples taken in the handlers' own time
 * (inside a handler's invocation, outside every SDK wait).
 */
function summarize(
  profile: CpuProfile,
  calls: number,
  clock: { origin: number; handlers: Interval[]; waits: Interval[] },
): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const handlers = merged(clock.handlers);
  const waits = merged(clock.waits);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = ({ functionName, url, lineNumber }: CpuNode['callFrame']) => {
    const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(shared|functions|local)\//, '$1/');
    return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  };
  const self = new Map<number, number>();
  // time in our functions with everything they called (each function once per sample, recursion or not)
  const inclusive = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const t = at / 1000 - clock.origin;
    if (!inside(handlers, t) || inside(waits, t)) return;
    const delta = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + delta);
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const frame = byId.get(node)!.callFrame;
      if (origin(frame.url, frame.functionName) !== 'ours') continue;
      const key = keyOf(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
    }
  });
  const perOrigin = new Map<string, number>();
  const perFunction = new Map<string, number>();
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const from = origin(url, functionName);
    perOrigin.set(from, (perOrigin.get(from) ?? 0) + micros);
    const key = keyOf({ functionName, url, lineNumber });
    perFunction.set(key, (perFunction.get(key) ?? 0) + micros);
  }
  const perCall = (micros: number) => `${(micros / 1000 / calls).toFixed(3)} ms`;
  const busy = [...perOrigin].filter(([o]) => o !== '(idle)').reduce((a, [, m]) => a + m, 0);
  report(`own-time samples per call ${perCall(busy)}; by origin (self time per call):`);
  // (idle): the main thread waiting in the event loop for something other than an SDK call
  for (const [o, m] of [...perOrigin].sort((a, b) => b[1] - a[1]).slice(0, 10))
    report(`  ${o.padEnd(28)} ${perCall(m)}`);
  report('top functions (self time per call):');
  for (const [f, m] of [...perFunction]
    .sort((a, b) => b[1] - a[1])
    .filter(([f]) => !f.startsWith('(idle)'))
    .slice(0, 25))
    report(`  ${perCall(m).padStart(10)}  ${f}`);
  report('our functions with what they call (inclusive time per call):');
  for (const [f, m] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 25))
    report(`  ${perCall(m).padStart(10)}  ${f}`);
}
