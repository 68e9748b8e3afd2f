/** Renders bench results as Markdown. */
import { GOALS, type BundleResult } from './bundles.ts';
import type { OperationsResult } from './operations.ts';
import { kb, ms, ratio, table } from './util.ts';

export interface Machine { date: string; node: string; cpus: string; platform: string; loadAverage: number[]; esbuild: string }

export interface Results {
  machine: Machine;
  options: Record<string, unknown>;
  /** Wall time of the whole bench, seconds. */
  totalSeconds?: number;
  bundles?: BundleResult[];
  operations?: OperationsResult;
}

const SHORT: Record<string, string> = {
  'client-dynamodb': 'ddb', 'lib-dynamodb': 'lib-ddb', 'client-cognito-identity-provider': 'cognito', 'client-sesv2': 'sesv2', 'client-secrets-manager': 'secrets',
};
const clientList = (clients: string[]) => clients.map((c) => SHORT[c] ?? c).join(' + ') || '—';
const kbDelta = (bytes: number) => (bytes === 0 ? '·' : kb(bytes));

function bundlesSection(results: BundleResult[], runs: unknown): string {
  const main = table(
    ['function', 'SDK clients', '>bundle KB', '>floor KB', '>size ratio', '>import ms', '>floor ms', '>import ratio', '>CPU ms', '>floor CPU ms', '>CPU ratio', 'verdict'],
    results.map((r) => [r.operationId, clientList(r.clients), kb(r.bytes), kb(r.floor.bytes), ratio(r.sizeRatio), ms(r.importMs), ms(r.floor.importMs), ratio(r.importRatio),
      ms(r.importCpuMs), ms(r.floor.importCpuMs), ratio(r.importCpuRatio), r.verdict]),
  );
  const extra = table(
    ['function', '>beyond floor', '>our code', '>zod', '>jose', '>@middy/core', '>ulid', '>SDK beyond floor', '>other pkgs'],
    results.map((r) => [
      r.operationId, kb(r.bytes - r.floor.bytes), kbDelta(r.extra.ourCode), kbDelta(r.extra.zod), kbDelta(r.extra.jose),
      kbDelta(r.extra.middy), kbDelta(r.extra.ulid), kbDelta(r.extra.sdk), kbDelta(r.extra.otherPackages),
    ]),
  );
  const misses = results.filter((r) => r.verdict.startsWith('MISS')).map((r) => r.operationId);
  return `## Function bundles vs. their SDK floor

Goals: bundle ≤ ${GOALS.size}× floor, cold import ≤ ${GOALS.import}× floor. ${misses.length ? `**Missing: ${misses.join(', ')}.**` : '**All functions meet both goals.**'}

Each function is built with \`infra/bundling.ts\` (\`esbuildBuildOptions\`, the options the CDK stack uses); its *floor* is
the same build of a module that only imports the SDK clients the function's bundle contains and constructs each once
(\`DynamoDBDocumentClient.from(new DynamoDBClient({}))\`, \`new SESv2Client({})\`, …). Functions without an SDK client
get an empty module as floor, and no ratio. Sizes are the minified \`index.mjs\` (source map not counted). Import time:
a fresh \`node\` per sample, \`process.hrtime\` around \`await import(bundle)\`, median of ${runs} samples, each function
timed right beside its floor; environment: the stack's settings as dummies, \`AWS_REGION\`, \`NODE_OPTIONS=--enable-source-maps\`
(as deployed). *CPU ms* is the process's CPU time (user + system) over the same import: a cross-check that a busy
machine skews less than wall time; the verdict follows wall time and says when CPU time disagrees.

${main}

Where the bytes beyond the floor come from (KB of minified output, per origin, function minus floor; \`·\` = none):

${extra}
`;
}

function operationsSection(ops: OperationsResult): string {
  const trips = table(
    ['operation', '>calls', 'DynamoDB commands (in order)', 'goal', 'verdict'],
    ops.roundTrips.map((r) => [
      r.operation, r.commands.length,
      `\`${r.commands.join(',') || '—'}\`${r.firstCommands ? ` (first call: \`${r.firstCommands.join(',')}\`)` : ''}`,
      r.goal, r.verdict,
    ]),
  );
  const notes = ops.roundTrips.filter((r) => r.note).map((r) => `- ${r.operation}: ${r.note}.`).join('\n');
  const latency = table(
    ['operation', '>concurrency', '>requests', '>p50 ms', '>p95 ms', '>p99 ms', '>mean ms', '>max ms', '>req/s'],
    ops.latency.map((l) => [l.operation, l.concurrency, l.requests, ms(l.p50), ms(l.p95), ms(l.p99), ms(l.mean), ms(l.max), l.rps.toFixed(0)]),
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
figures for spotting regressions, not Lambda latencies.

${latency}
${ops.invitations ? invitationsSection(ops.invitations) : ''}`;
}

function invitationsSection(inv: NonNullable<OperationsResult['invitations']>): string {
  const c = inv.cleanup;
  return `
## Invitations (issue 3)

- Invite 100 new addresses in one request: ${inv.invite100.commands.length} DynamoDB calls (\`${inv.invite100.commands.join(',')}\`),
  ${inv.invite100.invited} invited, ${ms(inv.invite100.wallMs)} ms wall time (including 100 SES sends to the local emulator).
  Goal: the checks and writes of the batch in ≤ 6 (the BatchGetItems and TransactWriteItems); the membership check
  before and the delivery record after come on top.
- Cleanup of ${c.expired} expired invitations (clock moved 8 days): ${c.queries} Queries of the expiry index, ${c.itemsRead} items
  read, ${c.transactions} transactions; ${c.readUnits.toFixed(1)} RCU and ${c.writeUnits.toFixed(1)} WCU as DynamoDB Local reports them:
  ${c.readUnitsPerExpired.toFixed(2)} RCU and ${c.writeUnitsPerExpired.toFixed(1)} WCU per expired invitation.
`;
}

export function renderMarkdown(results: Results): string {
  const m = results.machine;
  const parts = [
    `# Switchboard bench

- Date: ${m.date}
- Machine: Node ${m.node}, ${m.cpus}, ${m.platform}, load average at start ${m.loadAverage.map((l) => l.toFixed(2)).join(' / ')}
- esbuild ${m.esbuild}; options: \`${JSON.stringify(results.options)}\`${results.totalSeconds === undefined ? '' : `\n- Total bench time: ${results.totalSeconds.toFixed(0)} s`}
`,
  ];
  if (results.bundles) parts.push(bundlesSection(results.bundles, results.options.runs));
  if (results.operations) parts.push(operationsSection(results.operations));
  return parts.join('\n');
}
