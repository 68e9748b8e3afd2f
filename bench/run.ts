/**
 * `npm run bench [-- --only bundles|ops|org|imports|peer|all] [--runs 11] [--requests 500] [--signins 100]`
 * `[--org-units 1000] [--org-members 100000] [--org-events 20000] [--org-requests 100] [--org-pages 5] [--org-claims] [--org-parallel 8]`
 * `[--import-rows 1000,10000]` `[--events 1000 --events-concurrency 1 --events-burst 2000]`
 * `[--scim-rate 25 --scim-seconds 20 --scim-accounts 1 --scim-users 40 --scim-groups 10 --scim-alone 100]` `[--peer http://127.0.0.1:4100 --peer-requests 200 --peer-warmup 5]`
 * Bundle size and cold import per function against its SDK floor, then DynamoDB round trips and latency on the
 * local stack, then the organisation tree at scale on a stack of its own, then bulk imports on another; with `--peer`,
 * the same four member operations against the local stack and a peer server, alternating (alone unless `--only`
 * names more). Markdown on stdout and in
 * bench/results.md; everything, samples included, in .bench/results.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { version as esbuildVersion } from 'esbuild';
import { benchBundles } from './bundles.ts';
import { benchEvents } from './events.ts';
import { benchImports } from './imports.ts';
import { benchOperations } from './operations.ts';
import { benchOrgScale } from './org-scale.ts';
import { benchPeer } from './peer.ts';
import { benchScim } from './scim.ts';
import { renderMarkdown, type Results } from './report.ts';
import { progress, root, scratch } from './util.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '11' },
    requests: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '20' },
    'seed-users': { type: 'string', default: '118' },
    signins: { type: 'string', default: '100' },
    'org-units': { type: 'string', default: '1000' },
    'org-members': { type: 'string', default: '100000' },
    'org-events': { type: 'string', default: '20000' },
    'org-requests': { type: 'string', default: '100' },
    'org-pages': { type: 'string', default: '5' },
    'org-parallel': { type: 'string', default: '8' },
    // username and email claims of the seeded members: 2 more items each, ~2.5× the seeding time
    'org-claims': { type: 'boolean', default: false },
    // rows of each member file imported, smallest first (the memory goal compares the last with the first)
    'import-rows': { type: 'string', default: '1000,10000' },
    // a peer server to run the four member operations against, beside the local stack (../shared/peer)
    peer: { type: 'string' },
    'peer-requests': { type: 'string', default: '200' },
    'peer-warmup': { type: 'string', default: '5' },
    // events out: members created (each a `user.created` delivered to a local receiver), how many at a time
    events: { type: 'string', default: '1000' },
    'events-concurrency': { type: 'string', default: '1' },
    'events-burst': { type: 'string', default: '2000' },
    // SCIM provisioning load: requests a second per account, for how long, how many accounts, what each holds first
    'scim-rate': { type: 'string', default: '25' },
    'scim-seconds': { type: 'string', default: '20' },
    'scim-accounts': { type: 'string', default: '1' },
    'scim-users': { type: 'string', default: '40' },
    'scim-groups': { type: 'string', default: '10' },
    'scim-alone': { type: 'string', default: '100' },
  },
});
const int = (name: Exclude<keyof typeof values, 'org-claims' | 'import-rows' | 'peer'>, min: number): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be an integer ≥ ${min}, got ${values[name]}`);
  return value;
};
const sections = ['bundles', 'ops', 'org', 'imports', 'events', 'scim', 'peer', 'all'];
if (values.only !== undefined && !sections.includes(values.only))
  throw new Error('--only takes "bundles", "ops", "org", "imports", "events", "scim", "peer" or "all"');
if (values.peer !== undefined && !/^https?:\/\/[^/]+\/?$/.test(values.peer))
  throw new Error("--peer takes the peer's base URL, e.g. http://127.0.0.1:4100");
if (values.only === 'peer' && values.peer === undefined) throw new Error('--only peer needs --peer <url>');
const importRows = (values['import-rows'] ?? '').split(',').map(Number);
if (importRows.length === 0 || importRows.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000))
  throw new Error('--import-rows takes row counts from 1 to 10000, comma-separated (e.g. 1000,10000)');
const options = {
  // `--peer` alone runs the side-by-side section only; `--only all --peer …` runs everything and it
  only: values.only ?? (values.peer === undefined ? 'all' : 'peer'),
  runs: int('runs', 5),
  requests: int('requests', 1),
  warmup: int('warmup', 0),
  seedUsers: int('seed-users', 0),
  signIns: int('signins', 0),
  org: {
    units: int('org-units', 10),
    members: int('org-members', 300),
    events: int('org-events', 0),
    requests: int('org-requests', 1),
    pages: int('org-pages', 1),
    parallel: int('org-parallel', 1),
    claims: values['org-claims'] ?? false,
  },
  importRows,
  events: { events: int('events', 1), concurrency: int('events-concurrency', 1), burst: int('events-burst', 1) },
  scim: {
    rate: int('scim-rate', 1),
    seconds: int('scim-seconds', 1),
    accounts: int('scim-accounts', 1),
    users: int('scim-users', 1),
    groups: int('scim-groups', 1),
    alone: int('scim-alone', 0),
  },
  peer: { url: values.peer ?? null, requests: int('peer-requests', 1), warmup: int('peer-warmup', 0) },
};
if (options.org.units > 1000) throw new Error('--org-units is at most 1000 (the account limit)');
const runs = (section: string) => options.only === 'all' || options.only === section;

const started = performance.now();
const cpuList = cpus();
const results: Results = {
  machine: {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'unknown CPU'}`,
    platform: `${process.platform}/${process.arch}`,
    loadAverage: loadavg(),
    esbuild: esbuildVersion,
  },
  options,
};

if (runs('bundles')) results.bundles = await benchBundles({ runs: options.runs });
if (runs('ops')) {
  results.operations = await benchOperations({
    requests: options.requests,
    warmup: options.warmup,
    seedUsers: options.seedUsers,
    signIns: options.signIns,
  });
}
if (runs('org')) results.org = await benchOrgScale(options.org);
if (runs('imports')) results.imports = await benchImports({ sizes: options.importRows });
if (runs('events')) results.events = await benchEvents(options.events);
if (runs('scim')) results.scim = await benchScim(options.scim);
if (options.peer.url !== null && runs('peer'))
  results.peer = await benchPeer({
    peerUrl: options.peer.url,
    requests: options.peer.requests,
    warmup: options.peer.warmup,
  });
results.totalSeconds = (performance.now() - started) / 1000;
// an `--only` run keeps the other sections of the previous run (its results.json), marked as carried over
if (options.only !== 'all') carryOver(results, join(scratch, 'results.json'));

const markdown = renderMarkdown(results);
mkdirSync(scratch, { recursive: true });
writeFileSync(join(scratch, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(root, 'bench', 'results.md'), markdown);
process.stdout.write(markdown);
progress(`done in ${results.totalSeconds.toFixed(0)}s: bench/results.md, .bench/results.json`);

function carryOver(into: Results, previousFile: string): void {
  if (!existsSync(previousFile)) return;
  const previous = JSON.parse(readFileSync(previousFile, 'utf8')) as Results;
  const carried: Record<string, string> = {};
  for (const section of ['bundles', 'operations', 'org', 'imports', 'events', 'scim', 'peer'] as const) {
    if (into[section] !== undefined || previous[section] === undefined) continue;
    Object.assign(into, { [section]: previous[section] });
    carried[section] = previous.carriedOver?.[section] ?? previous.machine.date;
  }
  into.carriedOver = carried;
}
