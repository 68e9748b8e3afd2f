/** Copies the last `npm run bench` (.bench/results.json) into bench/README.md's tables, between their markers. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleResult } from './bundles.ts';
import type { Latency, RoundTrips } from './operations.ts';
import { peerReadmeRows } from './peer.ts';
import { scimTableRows } from './scim.ts';
import { kb, minstr, ratio, root, scratch } from './util.ts';

const target = join(root, 'bench', 'README.md');

// the shapes results.json holds, as the bench's sections write them
type Bundle = BundleResult;
type Trip = RoundTrips;

const results = JSON.parse(readFileSync(join(scratch, 'results.json'), 'utf8'));
const short = (c: string) =>
  c.replace('client-', '').replace('util-dynamodb', 'util-ddb').replace('cognito-identity-provider', 'cognito');

const sections: Record<string, string[]> = {};
if (results.bundles) {
  sections.bundles = (results.bundles as Bundle[]).map((b) => {
    const none = b.clients.length === 0;
    return `| ${b.operationId} | ${none ? '—' : b.clients.map(short).join(' + ')} | ${kb(b.bytes)} | ${kb(b.floor.bytes)} | ${none ? 'n/a' : ratio(b.sizeRatio)} | ${minstr(b.importInstructions)} | ${minstr(b.floorInstructions)} | ${none ? 'n/a' : ratio(b.importInstructionRatio)} | ${b.importMs.toFixed(0)} | ${b.floor.importMs.toFixed(0)} | ${none ? 'n/a' : ratio(b.importRatio)} |`;
  });
}
if (results.bundles) {
  // the headline figures: medians and maxima of the functions that have a floor (an SDK client)
  const measured = (results.bundles as Bundle[]).filter((b) => b.clients.length > 0);
  const spread = (pick: (b: Bundle) => number | null | undefined) => {
    const rows = measured
      .map((b) => ({ id: b.operationId, value: pick(b) }))
      .filter((r): r is { id: string; value: number } => typeof r.value === 'number')
      .sort((a, b) => a.value - b.value);
    if (rows.length === 0) return 'not measured';
    const mid = Math.floor(rows.length / 2);
    const median = rows.length % 2 ? rows[mid].value : (rows[mid - 1].value + rows[mid].value) / 2;
    const max = rows[rows.length - 1].value;
    const atMax = rows.filter((r) => r.value === max).map((r) => `\`${r.id}\``);
    return `median ${ratio(median)}, max ${ratio(max)} (${atMax.join(', ')})`;
  };
  sections.summary = [
    `| bundle size | ${spread((b) => b.sizeRatio)} |`,
    `| cold import, instructions | ${spread((b) => b.importInstructionRatio)} |`,
    `| cold import, wall time | ${spread((b) => b.importRatio)} |`,
  ];
}
if (results.operations) {
  sections.ops = (results.operations.roundTrips as Trip[]).map(
    (t) =>
      `| ${t.operation} | ${t.commands.length} | ${t.commands.join(', ') || '—'} |${t.goal === '—' ? '' : ` ${t.goal}: ${t.verdict}`} |`,
  );
  const inv = results.operations.invitations;
  if (inv) {
    sections.invitations = [
      `| invite 100 addresses: DynamoDB calls | ${inv.invite100.commands.length} (${inv.invite100.commands.join(', ')}) |`,
      `| invite 100 addresses: wall time | ${inv.invite100.wallMs.toFixed(0)} ms (${inv.invite100.invited} invited, 100 mails) |`,
      `| cleanup: expired / Queries / items read / transactions | ${inv.cleanup.expired} / ${inv.cleanup.queries} / ${inv.cleanup.itemsRead} / ${inv.cleanup.transactions} |`,
      `| cleanup: per expired invitation | ${inv.cleanup.readUnitsPerExpired.toFixed(2)} RCU, ${inv.cleanup.writeUnitsPerExpired.toFixed(1)} WCU |`,
    ];
  }
  const label = (l: Latency) =>
    `${l.operation}${l.concurrency > 1 ? ` (concurrency ${l.concurrency})` : ''}${l.requests !== 500 ? ` (${l.requests} requests)` : ''}`;
  sections.latency = (results.operations.latency as Latency[]).map(
    (l) => `| ${label(l)} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} | ${l.p99.toFixed(1)} |`,
  );
  const ms2 = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(2));
  sections.own = (results.operations.latency as Latency[])
    .filter((l) => l.own)
    .map((l) => {
      const goal =
        l.ownGoalMs === undefined ? '—' : `≤ ${l.ownGoalMs} ms: ${l.own!.p50 <= l.ownGoalMs ? 'pass' : 'MISS'}`;
      return `| ${label(l)} | ${l.p50.toFixed(1)} | ${ms2(l.handlerP50)} | ${ms2(l.waitP50)} | ${ms2(l.own?.p50)} | ${ms2(l.own?.p99)} | ${ms2(l.outsideSdk?.p50)} | ${goal} |`;
    });
}

type Timing = { p50: number; p95: number };
type Walk = {
  listing: string;
  caller: string;
  members: number;
  pages: { items: number; commands: string[] }[];
  verdict: string;
  latency?: Timing;
};
type Access = { operation: string; caller: string; manager: string[]; admin: string[]; extra: number; verdict: string };
if (results.org) {
  const org = results.org;
  const n = (x: number) => x.toLocaleString('en-US');
  const list = (c: string[]) => c.join(', ') || '—';
  const timing = (l?: { p50: number; p95: number }) =>
    l ? `; p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms` : '';
  const measured = (label: string) =>
    timing((org.latency as Latency[]).find((x) => x.operation === label) as { p50: number; p95: number } | undefined);
  const perPage = (w: Walk) => {
    const calls = [...new Set(w.pages.map((p) => p.commands.length))].join('–');
    const same = w.pages.every((p) => p.commands.join() === w.pages[0].commands.join());
    return `${calls} calls per page over ${w.pages.length} pages (${same ? list(w.pages[0].commands) : w.pages.map((p) => list(p.commands)).join(' / ')})`;
  };
  sections.org = [
    `| world | ${n(org.world.units)} units (depth ≤ ${org.world.maxDepth}), ${n(org.world.members)} members; depth-1 unit: ${n(org.world.nearUnits)} units, ${n(org.world.nearMembers)} members below it; depth-${org.world.deepDepth} unit: ${n(org.world.deepMembers)} members |`,
    `| seeding straight into DynamoDB Local | ${n(org.seed.itemsWritten)} items (${n(org.seed.unitsWritten)} units, ${n(org.seed.membersWritten)} members${org.seed.claims ? ' with username and email claims' : ''}, ${n(org.seed.eventsWritten ?? 0)} events) in ${(org.seed.unitSeconds + org.seed.memberSeconds + (org.seed.eventSeconds ?? 0)).toFixed(0)} s (${org.seed.itemsPerSecond.toFixed(0)} items/s${org.tmpfs ? ', table on tmpfs' : ''}) |`,
    ...(org.walks as Walk[]).map((w) => {
      const items = w.verdict === '—' ? `; items per page ${w.pages.map((p) => p.items).join(', ')}` : '';
      const goal = w.verdict === '—' ? '' : `; GET units/{unit} + 1 Query per page: ${w.verdict}`;
      return `| ${w.listing}, ${w.caller} (${n(w.members)} in reach) | ${perPage(w)}${items}${goal}${timing(w.latency)} |`;
    }),
    ...(org.access as Access[]).map(
      (a) =>
        `| authorization: ${a.operation} | manager ${a.manager.length} (${list(a.manager)}), ${a.caller} ${a.admin.length} (${list(a.admin)}): ${a.extra >= 0 ? '+' : ''}${a.extra}, goal ≤ 1: ${a.verdict} |`,
    ),
    ...(org.tree as { caller: string; units: number; commands: string[]; bytes: number; latency?: Timing }[]).map(
      (t) =>
        `| GET units by the ${t.caller} | ${n(t.units)} units, ${t.commands.length} calls (${list(t.commands)}), ${(t.bytes / 1024).toFixed(0)} KB${timing(t.latency)} |`,
    ),
    ...[
      'GET user (account manager)',
      'GET user (scoped admin)',
      'GET units/{X}/users, direct members (scoped admin)',
    ].map((label) => `| latency: ${label} | ${measured(label).slice(2)} |`),
  ];
}

type ImportRun = {
  rows: number;
  status: string;
  workerMs: number;
  endToEndMs: number;
  rowsPerSecond: number;
  invocations: number;
  roundTrips: number;
  roundTripsPerRow: number;
  commands: Record<string, number>;
  peak: { rss: number; heapUsed: number };
};
if (results.imports) {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const { runs, memoryRatio, memoryVerdict, roundTripVerdict } = results.imports;
  sections.imports = [
    ...(runs as ImportRun[]).map(
      (r) =>
        `| ${r.rows.toLocaleString('en-US')} | ${r.status} | ${(r.workerMs / 1000).toFixed(1)} s (end to end ${(r.endToEndMs / 1000).toFixed(1)} s, ${r.invocations} worker run${r.invocations === 1 ? '' : 's'}) | ${r.rowsPerSecond.toFixed(0)} | ${r.roundTripsPerRow.toFixed(3)} (${Object.entries(
          r.commands,
        )
          .map(([name, n]) => `${name} ${n}`)
          .join(', ')}) | ${mb(r.peak.rss)} / ${mb(r.peak.heapUsed)} |`,
    ),
    `| goals | | | | ≤ 0.1 per row: ${roundTripVerdict} | largest within 1.2× of smallest: ${memoryRatio ? `RSS ${memoryRatio.rss.toFixed(2)}×, heap ${memoryRatio.heapUsed.toFixed(2)}×: ${memoryVerdict}` : 'one size only'} |`,
  ];
}

if (results.peer) sections.peer = peerReadmeRows(results.peer);
if (results.scim) sections.scim = scimTableRows(results.scim);

let readme = readFileSync(target, 'utf8');
for (const [name, rows] of Object.entries(sections)) {
  const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  if (!pattern.test(readme)) throw new Error(`bench/README.md has no bench:${name} markers`);
  readme = readme.replace(pattern, `<!-- bench:${name} -->\n${rows.join('\n')}\n<!-- /bench:${name} -->`);
}
writeFileSync(target, readme);
console.log(`bench/README.md: updated ${Object.keys(sections).join(', ')} from the run of ${results.machine?.date}`);
