/** Renders bench results as Markdown. */
import { GOALS, type BundleResult } from './bundles.ts';
import { renderEventsSection, type EventsResult } from './events.ts';
import { MEMORY_GOAL, ROUND_TRIP_GOAL, type ImportsResult } from './imports.ts';
import type { OperationsResult } from './operations.ts';
import type { OrgScaleResult } from './org-scale.ts';
import { renderPeerSection, type PeerResult } from './peer.ts';
import { renderScimSection, type ScimBenchResult } from './scim.ts';
import { kb, minstr, ms, ratio, table } from './util.ts';

export interface Machine {
  date: string;
  node: string;
  cpus: string;
  platform: string;
  loadAverage: number[];
  esbuild: string;
}

export interface Results {
  machine: Machine;
  options: Record<string, unknown>;
  /** Wall time of the whole bench, seconds. */
  totalSeconds?: number;
  bundles?: BundleResult[];
  operations?: OperationsResult;
  org?: OrgScaleResult;
  imports?: ImportsResult;
  peer?: PeerResult;
  events?: EventsResult;
  scim?: ScimBenchResult;
  /** Sections an `--only` run took over from the previous run's results, with that run's date. */
  carriedOver?: Record<string, string>;
}

const SHORT: Record<string, string> = {
  'client-dynamodb': 'ddb',
  'util-dynamodb': 'util-ddb',
  'client-cognito-identity-provider': 'cognito',
  'client-sesv2': 'sesv2',
  'client-secrets-manager': 'secrets',
};
const clientList = (clients: string[]) => clients.map((c) => SHORT[c] ?? c).join(' + ') || '—';
const kbDelta = (bytes: number) => (bytes === 0 ? '·' : kb(bytes));

function bundlesSection(results: BundleResult[], runs: unknown): string {
  const main = table(
    [
      'function',
      'SDK clients',
      '>bundle KB',
      '>floor KB',
      '>size ratio',
      '>import Minstr',
      '>floor Minstr',
      '>instr. ratio',
      '>import ms',
      '>floor ms',
      '>wall ratio',
      '>CPU ms',
      '>floor CPU ms',
      '>CPU ratio',
      'verdict',
    ],
    results.map((r) => [
      r.operationId,
      clientList(r.clients),
      kb(r.bytes),
      kb(r.floor.bytes),
      ratio(r.sizeRatio),
      minstr(r.importInstructions),
      minstr(r.floorInstructions),
      ratio(r.importInstructionRatio),
      ms(r.importMs),
      ms(r.floor.importMs),
      ratio(r.importRatio),
      ms(r.importCpuMs),
      ms(r.floor.importCpuMs),
      ratio(r.importCpuRatio),
      r.verdict,
    ]),
  );
  const extra = table(
    ['function', '>beyond floor', '>our code', '>valibot', '>@middy/core', '>ulid', '>SDK beyond floor', '>other pkgs'],
    results.map((r) => [
      r.operationId,
      kb(r.bytes - r.floor.bytes),
      kbDelta(r.extra.ourCode),
      kbDelta(r.extra.valibot),
      kbDelta(r.extra.middy),
      kbDelta(r.extra.ulid),
      kbDelta(r.extra.sdk),
      kbDelta(r.extra.otherPackages),
    ]),
  );
  const misses = results.filter((r) => r.verdict.startsWith('MISS')).map((r) => r.operationId);
  const shipped = results
    .filter((r) => r.dataFiles?.length)
    .map((r) => `\`${r.operationId}\` ships ${r.dataFiles.map((f) => `\`${f.name}\` (${kb(f.bytes)} KB)`).join(', ')}`);
  return `## Function bundles vs. their SDK floor

Goals: bundle ≤ ${GOALS.size}× floor, cold import ≤ ${GOALS.import}× floor. ${misses.length ? `**Missing: ${misses.join(', ')}.**` : '**All functions meet both goals.**'}

Each function is built with \`infra/bundling.ts\` (\`esbuildBuildOptions\`, the options the CDK stack uses); its *floor* is
the same build of a module that only imports the SDK clients the function's bundle contains and constructs each once
(\`new DynamoDBClient({})\` with util-dynamodb's \`marshall\`/\`unmarshall\`, \`new SESv2Client({})\`, …). Functions without an SDK client
get an empty module as floor, and no ratio. Sizes are the minified \`index.mjs\` (source map not counted; data files a
function reads at run time ship beside it and are listed below the table). Import time:
a fresh \`node\` per sample, \`process.hrtime\` around \`await import(bundle)\`, ${runs} rounds, each function timed right
before its floor; *import ms* and *floor ms* are medians, the *ratio* is the median of the ${runs} paired ratios (a busy
spell that slows one round cancels out); environment: the stack's settings as dummies, \`AWS_REGION\`, \`NODE_OPTIONS=--enable-source-maps\`
(as deployed). *CPU ms* is the process's CPU time (user + system) over the same import. *Minstr*: millions of
instructions the import executes beyond an empty module's, counted by valgrind's callgrind in a fresh \`node
--single-threaded\` (so V8's work does not depend on how busy the machine is): one count per bundle, repeatable to
within about ±3% between runs here, where single wall-time samples vary by ±30%. The import verdict follows the instruction ratio when
valgrind is present (else wall time) and says when wall time disagrees.

${main}
${shipped.length ? `\nData files beside the bundle, read on first use and not at import: ${shipped.join('; ')}.\n` : ''}
Where the bytes beyond the floor come from (KB of minified output, per origin, function minus floor; \`·\` = none):

${extra}
`;
}

function operationsSection(ops: OperationsResult): string {
  const trips = table(
    ['operation', '>calls', 'DynamoDB commands (in order)', 'goal', 'verdict'],
    ops.roundTrips.map((r) => [
      r.operation,
      r.commands.length,
      `\`${r.commands.join(',') || '—'}\`${r.firstCommands ? ` (first call: \`${r.firstCommands.join(',')}\`)` : ''}`,
      r.goal,
      r.verdict,
    ]),
  );
  const notes = ops.roundTrips
    .filter((r) => r.note)
    .map((r) => `- ${r.operation}: ${r.note}.`)
    .join('\n');
  const own3 = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(2));
  const latency = table(
    [
      'operation',
      '>concurrency',
      '>requests',
      '>p50 ms',
      '>p95 ms',
      '>p99 ms',
      '>mean ms',
      '>max ms',
      '>req/s',
      '>own p50 ms',
      '>own p99 ms',
      '>outside SDK p50 ms',
      'own goal',
    ],
    ops.latency.map((l) => [
      l.operation,
      l.concurrency,
      l.requests,
      ms(l.p50),
      ms(l.p95),
      ms(l.p99),
      ms(l.mean),
      ms(l.max),
      l.rps.toFixed(0),
      own3(l.own?.p50),
      own3(l.own?.p99),
      own3(l.outsideSdk?.p50),
      ownVerdict(l),
    ]),
  );
  return `## DynamoDB round trips per operation (local stack)

Counted by the local gateway's SDK middleware (\`x-local-ddb-commands\`); each operation ran twice and the second
(warm) call is shown. Every member route starts with its membership check: one consistent \`BatchGetItem\` (identity,
membership, account policy) on account routes, the identity \`Query\` on \`/v1/me\`.

${trips}

${notes}

## Latency on the local stack

Client-side time per request (fetch, keep-alive) against \`local/start.ts\`: handlers run from source in one Node process,
DynamoDB Local (Java), cognito-local, aws-ses-v2-local, all on this machine; after a short warm-up. The list account
holds ${ops.seededUsers} users. Local stack ready in ${(ops.stackReadyMs / 1000).toFixed(1)} s. These are relative
figures for spotting regressions, not Lambda latencies. *Own* is the handler's own time: its wall time in the
gateway less the time it waited on DynamoDB, Cognito and SES (the union of its SDK calls' HTTP attempts; the
\`x-local-own-ms\` header); the goal is p50 ≤ 1 ms for reads and ≤ 2 ms for writes, at concurrency 1. *Outside SDK*:
the handler's time less the SDK commands' whole time (\`x-local-sdk-ms\`), i.e. own time without the SDK's own work.

${latency}
${ops.invitations ? invitationsSection(ops.invitations) : ''}`;
}

/** The own-time goal's verdict: p50 of the handler's own time within the operation's goal. */
export function ownVerdict(l: OperationsResult['latency'][number]): string {
  if (l.ownGoalMs === undefined) return '—';
  if (!l.own) return 'not measured';
  return `≤ ${l.ownGoalMs} ms: ${l.own.p50 <= l.ownGoalMs ? 'pass' : 'MISS'}`;
}

function invitationsSection(inv: NonNullable<OperationsResult['invitations']>): string {
  const c = inv.cleanup;
  return `
## Invitations

- Invite 100 new addresses in one request: ${inv.invite100.commands.length} DynamoDB calls (\`${inv.invite100.commands.join(',')}\`),
  ${inv.invite100.invited} invited, ${ms(inv.invite100.wallMs)} ms wall time (including 100 SES sends to the local emulator).
  Goal: the checks and writes of the batch in ≤ 6 (the BatchGetItems and TransactWriteItems); the membership check
  comes on top (the invitations are stored as sent: only refused mails cost a delivery write).
- Cleanup of ${c.expired} expired invitations (clock moved 8 days): ${c.queries} Queries of the expiry index, ${c.itemsRead} items
  read, ${c.transactions} transactions; ${c.readUnits.toFixed(1)} RCU and ${c.writeUnits.toFixed(1)} WCU as DynamoDB Local reports them:
  ${c.readUnitsPerExpired.toFixed(2)} RCU and ${c.writeUnitsPerExpired.toFixed(1)} WCU per expired invitation.
`;
}

const count = (n: number) => n.toLocaleString('en-US');
const cmds = (c: string[]) => `\`${c.join(',') || '—'}\``;
const latencyTable = (rows: OperationsResult['latency']) =>
  table(
    ['operation', '>requests', '>p50 ms', '>p95 ms', '>p99 ms', '>mean ms', '>max ms'],
    rows.map((l) => [l.operation, l.requests, ms(l.p50), ms(l.p95), ms(l.p99), ms(l.mean), ms(l.max)]),
  );

function orgSection(org: OrgScaleResult): string {
  const w = org.world;
  const s = org.seed;
  const walks = table(
    [
      'listing',
      'caller',
      '>in reach',
      '>pages',
      '>calls per page',
      'commands of each page',
      '>items per page',
      'baseline: GET units/{unit}',
      'verdict',
    ],
    org.walks.map((x) => {
      const same = x.pages.every((p) => p.commands.join() === x.pages[0].commands.join());
      return [
        x.listing,
        x.caller,
        count(x.members),
        x.pages.length,
        x.pages.map((p) => p.commands.length).join(' · '),
        `${same ? cmds(x.pages[0]?.commands ?? []) : x.pages.map((p) => cmds(p.commands)).join(' · ')}${x.firstCommands ? ` (first call: ${cmds(x.firstCommands)})` : ''}`,
        x.pages.map((p) => p.items).join(' · '),
        x.baseline.length ? cmds(x.baseline) : '—',
        x.verdict,
      ];
    }),
  );
  const problems = org.walks.flatMap((x) => x.problems.map((p) => `- ${x.listing} (${x.caller}): ${p}`));
  const access = table(
    [
      'request',
      'caller',
      '>manager calls',
      'manager commands',
      '>caller calls',
      'caller commands',
      '>extra',
      'goal ≤ 1',
    ],
    org.access.map((a) => [
      a.operation,
      a.caller,
      a.manager.length,
      `${cmds(a.manager)}${a.managerFirst ? ` (first: ${cmds(a.managerFirst)})` : ''}`,
      a.admin.length,
      `${cmds(a.admin)}${a.adminFirst ? ` (first: ${cmds(a.adminFirst)})` : ''}`,
      a.extra > 0 ? `+${a.extra}` : a.extra,
      a.verdict,
    ]),
  );
  const accessNotes = org.access
    .filter((a) => a.note)
    .map((a) => `- ${a.operation} (${a.caller}): ${a.note}.`)
    .join('\n');
  const refusals = org.refusals
    .map((r) => `- ${r.operation}: ${r.status}, ${r.commands.length} calls (${cmds(r.commands)}).`)
    .join('\n');
  const tree = org.tree
    .map(
      (t) =>
        `- GET units by the ${t.caller}: ${count(t.units)} units, ${t.commands.length} calls (${cmds(t.commands)}), ${(t.bytes / 1024).toFixed(0)} KB of JSON.`,
    )
    .join('\n');
  return `
## Organisation tree at scale

A stack of its own (ready in ${(org.stackReadyMs / 1000).toFixed(1)} s). One account made through the API (owner, one depth-1 unit,
two admins: one of that unit, one of the deepest unit, each with \`manageUsers\`); the rest written straight into
DynamoDB Local with the project's item builders (\`orgUnitItem\`, \`userItem\`; counters \`units\`, \`childCount\`,
\`memberCount\` kept right${w.countersMatch ? ', and read back through the API' : ': **the API reads them back differently**'}).

- Tree: ${count(w.units)} units, depth up to ${w.maxDepth}; ${count(w.members)} members. The depth-1 unit holds ${count(w.nearUnits)} units and
  ${count(w.nearMembers)} members in its subtree; the depth-${w.deepDepth} unit ${count(w.deepMembers)} members.
- Seeding: ${count(s.unitsWritten)} units, ${count(s.membersWritten)} members${s.claims ? ' with their username and email claims' : ' (user items only; `--org-claims` adds their username and email claims)'}
  and ${count(s.eventsWritten)} audit events about them: ${count(s.itemsWritten)} items in ${count(s.batchWrites)} BatchWriteItems (${s.retries} retried),
  ${(s.unitSeconds + s.memberSeconds + s.eventSeconds).toFixed(1)} s (members ${s.memberSeconds.toFixed(1)} s), ${s.itemsPerSecond.toFixed(0)} items/s${org.tmpfs ? ' (the table on tmpfs: on disk DynamoDB Local syncs every write and takes ~3× longer)' : ''}.

Subtree listings (\`GET …/units/{unit}/users?includeDescendants=true&limit=50\`), page after page by cursor. Goal: each
page costs what reading the unit costs the same caller (\`GET units/{unit}\`: membership check and authorization)
plus one Query, on every page alike. Below them, for comparison, the listings a scoped admin gets filtered: the
account's member list (one Query of their scope's paths) and the event log (the account's log, filtered on the
events' unit paths: a page holds the scope's share of 50).

${walks}
${problems.length ? `\nListing problems seen:\n\n${problems.join('\n')}\n` : ''}
The authorization's cost: the same request by the account manager and by the admin of the depth-1 unit (or by a
delegate of the member; warm calls, \`first\` when the first call differed). Goal: at most one more round trip than
the account manager, whose membership alone decides.

${access}
${accessNotes ? `\n${accessNotes}\n` : ''}
Refusals:

${refusals}

Whole tree:

${tree}

Latency (sequential requests after 5 warm-up ones; subtree pages cycle through the pages walked above):

${latencyTable(org.latency)}
`;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function importsSection(imports: ImportsResult): string {
  const rows = imports.runs.map((r) => [
    r.rows.toLocaleString('en-US'),
    `${r.status} (${r.counts.created} created, ${r.counts.skipped} skipped, ${r.counts.failed} failed)`,
    (r.workerMs / 1000).toFixed(1),
    (r.endToEndMs / 1000).toFixed(1),
    r.rowsPerSecond.toFixed(0),
    r.invocations,
    r.roundTrips,
    r.roundTripsPerRow.toFixed(3),
    Object.entries(r.commands)
      .map(([name, n]) => `${name} ${n}`)
      .join(', '),
    mb(r.peak.rss),
    mb(r.peak.heapUsed),
    mb(r.before.rss),
  ]);
  const ratio = imports.memoryRatio;
  return `## Bulk import

A stack of its own (ready in ${(imports.stackReadyMs / 1000).toFixed(1)} s); one account; each file uploaded through the API
(\`POST …/imports\`, person rows without invitation mail), its queue delivery held, and the worker run in a process of
its own (\`bench/import-worker.ts\`) until the import finished. Round trips are the worker's (the gateway's SDK
instrumentation); memory is sampled every 20 ms while the handler runs.

${table(
  [
    '>rows',
    'outcome',
    '>worker s',
    '>end to end s',
    '>rows/s',
    '>runs',
    '>DynamoDB calls',
    '>per row',
    'commands',
    '>peak RSS MB',
    '>peak heap MB',
    '>RSS at start MB',
  ],
  rows,
)}

Goals: ≤ ${ROUND_TRIP_GOAL} DynamoDB round trips per row: **${imports.roundTripVerdict}**; peak worker memory for the largest file
within ${MEMORY_GOAL}× of the smallest: ${ratio ? `RSS ${ratio.rss.toFixed(2)}×, heap ${ratio.heapUsed.toFixed(2)}×: **${imports.memoryVerdict}**` : 'one size only'}.
`;
}

export function renderMarkdown(results: Results): string {
  const m = results.machine;
  const parts = [
    `# Switchboard bench

- Date: ${m.date}
- Machine: Node ${m.node}, ${m.cpus}, ${m.platform}, load average at start ${m.loadAverage.map((l) => l.toFixed(2)).join(' / ')}
- esbuild ${m.esbuild}; options: \`${JSON.stringify(results.options)}\`${results.totalSeconds === undefined ? '' : `\n- Total bench time: ${results.totalSeconds.toFixed(0)} s`}${
      results.carriedOver && Object.keys(results.carriedOver).length
        ? `\n- Not measured in this run, carried over from an earlier one: ${Object.entries(results.carriedOver)
            .map(([section, date]) => `${section} (${date})`)
            .join(', ')}`
        : ''
    }
`,
  ];
  if (results.bundles) parts.push(bundlesSection(results.bundles, results.options.runs));
  if (results.operations) parts.push(operationsSection(results.operations));
  if (results.org) parts.push(orgSection(results.org));
  if (results.imports) parts.push(importsSection(results.imports));
  if (results.events) parts.push(renderEventsSection(results.events));
  if (results.scim) parts.push(renderScimSection(results.scim));
  if (results.peer) parts.push(renderPeerSection(results.peer));
  return parts.join('\n');
}
