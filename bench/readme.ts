/** Copies the last `npm run bench` (.bench/results.json) into README.md's bench tables, between their markers. */
import { readFileSync, writeFileSync } from 'node:fs';

type Bundle = { operationId: string; clients: string[]; bytes: number; importMs: number; floor: { bytes: number; importMs: number }; sizeRatio?: number; importRatio?: number };
type Trip = { operation: string; commands: string[]; goal: string; verdict: string };
type Latency = { operation: string; requests: number; concurrency: number; p50: number; p95: number; p99: number };

const results = JSON.parse(readFileSync('.bench/results.json', 'utf8'));
const kb = (b: number) => (b / 1024).toFixed(1);
const ratio = (r?: number) => (r === undefined || !Number.isFinite(r) ? 'n/a' : `${r.toFixed(2)}×`);
const short = (c: string) => c.replace('client-', '').replace('lib-dynamodb', 'lib-ddb').replace('cognito-identity-provider', 'cognito');

const sections: Record<string, string[]> = {};
if (results.bundles) {
  sections.bundles = (results.bundles as Bundle[]).map((b) => {
    const none = b.clients.length === 0;
    return `| ${b.operationId} | ${none ? '—' : b.clients.map(short).join(' + ')} | ${kb(b.bytes)} | ${kb(b.floor.bytes)} | ${none ? 'n/a' : ratio(b.sizeRatio)} | ${b.importMs.toFixed(0)} | ${b.floor.importMs.toFixed(0)} | ${none ? 'n/a' : ratio(b.importRatio)} |`;
  });
}
if (results.operations) {
  sections.ops = (results.operations.roundTrips as Trip[]).map((t) => `| ${t.operation} | ${t.commands.length} | ${t.commands.join(', ') || '—'} | ${t.goal === '—' ? '' : `${t.goal}: ${t.verdict}`} |`);
  const inv = results.operations.invitations;
  if (inv) {
    sections.invitations = [
      `| invite 100 addresses: DynamoDB calls | ${inv.invite100.commands.length} (${inv.invite100.commands.join(', ')}) |`,
      `| invite 100 addresses: wall time | ${inv.invite100.wallMs.toFixed(0)} ms (${inv.invite100.invited} invited, 100 mails) |`,
      `| cleanup: expired / Queries / items read / transactions | ${inv.cleanup.expired} / ${inv.cleanup.queries} / ${inv.cleanup.itemsRead} / ${inv.cleanup.transactions} |`,
      `| cleanup: per expired invitation | ${inv.cleanup.readUnitsPerExpired.toFixed(2)} RCU, ${inv.cleanup.writeUnitsPerExpired.toFixed(1)} WCU |`,
    ];
  }
  sections.latency = (results.operations.latency as Latency[]).map((l) => `| ${l.operation}${l.concurrency > 1 ? ` (concurrency ${l.concurrency})` : ''}${l.requests !== 500 ? ` (${l.requests} requests)` : ''} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} | ${l.p99.toFixed(1)} |`);
}

let readme = readFileSync('README.md', 'utf8');
for (const [name, rows] of Object.entries(sections)) {
  const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  if (!pattern.test(readme)) throw new Error(`README.md has no bench:${name} markers`);
  readme = readme.replace(pattern, `<!-- bench:${name} -->\n${rows.join('\n')}\n<!-- /bench:${name} -->`);
}
writeFileSync('README.md', readme);
console.log(`README.md: updated ${Object.keys(sections).join(', ')} from the run of ${results.machine?.date}`);
