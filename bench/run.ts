/**
 * `npm run bench [-- --only bundles|ops] [--runs 7] [--requests 500] [--signins 100]`
 * Bundle size and cold import per function against its SDK floor, then DynamoDB round trips and latency on the
 * local stack. Markdown on stdout and in bench/results.md; everything, samples included, in .bench/results.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { version as esbuildVersion } from 'esbuild';
import { benchBundles } from './bundles.ts';
import { benchOperations } from './operations.ts';
import { renderMarkdown, type Results } from './report.ts';
import { progress, root, scratch } from './util.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '7' },
    requests: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '20' },
    'seed-users': { type: 'string', default: '118' },
    signins: { type: 'string', default: '100' },
  },
});
const int = (name: keyof typeof values, min: number): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${values[name]}`);
  return value;
};
if (values.only !== undefined && !['bundles', 'ops'].includes(values.only)) throw new Error('--only takes "bundles" or "ops"');
const options = {
  only: values.only ?? 'all',
  runs: int('runs', 5),
  requests: int('requests', 1),
  warmup: int('warmup', 0),
  seedUsers: int('seed-users', 0),
  signIns: int('signins', 0),
};

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

if (options.only !== 'ops') results.bundles = await benchBundles({ runs: options.runs });
if (options.only !== 'bundles') {
  results.operations = await benchOperations({ requests: options.requests, warmup: options.warmup, seedUsers: options.seedUsers, signIns: options.signIns });
}
results.totalSeconds = (performance.now() - started) / 1000;

const markdown = renderMarkdown(results);
mkdirSync(scratch, { recursive: true });
writeFileSync(join(scratch, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(root, 'bench', 'results.md'), markdown);
process.stdout.write(markdown);
progress(`done in ${results.totalSeconds.toFixed(0)}s: bench/results.md, .bench/results.json`);
