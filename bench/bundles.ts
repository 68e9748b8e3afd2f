/**
 * Bundle size and cold import time of every function, built with the stack's own esbuild options, beside a
 * "floor": a bundle holding only the AWS SDK clients that function uses, each constructed once at load.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { bundleEnvironment, bundleFileName, dataFileSource, esbuildBuildOptions } from '../infra/bundling.ts';
import { eventSettingNames, settingNames } from '../shared/config/env.ts';
import { handlerFile, type RouteDef } from '../shared/http/route-types.ts';
import { eventFanOut, webhookDelivery } from '../shared/config/events.ts';
import { jobs, queueWorkers } from '../shared/config/jobs.ts';
import { routes } from '../shared/http/routes.ts';
import { breakdown, type Breakdown } from './metafile.ts';
import { median, progress, root, scratch } from './util.ts';

const run = promisify(execFile);

export const GOALS = { size: 1.25, import: 1.15 } as const;

/** The SDK clients a floor may hold, and how a real function creates each at module load. */
const CLIENTS = {
  'client-dynamodb': {
    imports: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    make: 'new DynamoDBClient({})',
  },
  // items as native values: the SDK's own marshall/unmarshall (the stores' commands, adapters/dynamodb/document.ts)
  'util-dynamodb': {
    imports: "import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';",
    make: '[marshall, unmarshall]',
  },
  'client-cognito-identity-provider': {
    imports: "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';",
    make: 'new CognitoIdentityProviderClient({})',
  },
  'client-sesv2': { imports: "import { SESv2Client } from '@aws-sdk/client-sesv2';", make: 'new SESv2Client({})' },
  // the import upload hands its import to the worker's queue
  'client-sqs': { imports: "import { SQSClient } from '@aws-sdk/client-sqs';", make: 'new SQSClient({})' },
  'client-secrets-manager': {
    imports: "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
    make: 'new SecretsManagerClient({})',
  },
  // the fan-out puts every event on the deployment's bus
  'client-eventbridge': {
    imports: "import { EventBridgeClient } from '@aws-sdk/client-eventbridge';",
    make: 'new EventBridgeClient({})',
  },
} as const;
type Client = keyof typeof CLIENTS;

export interface Sample {
  ms: number;
  cpuMs: number;
}
export interface Measured {
  bytes: number;
  /** Median wall time of `await import()`. */
  importMs: number;
  /** Median CPU time (user + system, all threads) over the same import: less sensitive to a busy machine. */
  importCpuMs: number;
  samples: Sample[];
}
export interface BundleResult extends Measured {
  operationId: string;
  file: string;
  clients: Client[];
  floor: Measured & { key: string };
  sizeRatio: number | null;
  importRatio: number | null;
  importCpuRatio: number | null;
  /** Instructions the import executes beyond an empty module's (valgrind callgrind; null where valgrind is missing). */
  importInstructions: number | null;
  floorInstructions: number | null;
  importInstructionRatio: number | null;
  verdict: string;
  /** Output bytes by origin, minus the floor's bytes of the same origin. */
  extra: Breakdown;
  /** Data files shipped beside the bundle (read at run time, not at import): name and bytes. */
  dataFiles: { name: string; bytes: number }[];
}

/** Which SDK clients a bundle really contains: packages with bytes in the output, not merely resolved. */
function clientsOf(output: Metafile['outputs'][string]): Client[] {
  const used = new Set<Client>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const m = /node_modules\/@aws-sdk\/([^/]+)\//.exec(path);
    if (m && bytesInOutput > 0 && m[1] in CLIENTS) used.add(m[1] as Client);
  }
  // marshalling goes with a DynamoDB client
  if (used.has('util-dynamodb')) used.add('client-dynamodb');
  return (Object.keys(CLIENTS) as Client[]).filter((c) => used.has(c));
}

function floorSource(clients: Client[]): string {
  if (clients.length === 0) return 'export {};\n';
  const lines: string[] = clients.map((c) => CLIENTS[c].imports);
  for (const c of clients) lines.push(`export const ${c.replaceAll('-', '_')} = ${CLIENTS[c].make};`);
  return `${lines.join('\n')}\n`;
}

/** The stack's options, plus a metafile and a fixed working dir; neither changes the bundle. */
async function bundle(entry: string, outdir: string): Promise<{ bytes: number; output: Metafile['outputs'][string] }> {
  const outfile = join(outdir, bundleFileName);
  const result = await build({ ...esbuildBuildOptions(entry, outfile), absWorkingDir: root, metafile: true });
  const key = Object.keys(result.metafile!.outputs).find((k) => k.endsWith(bundleFileName))!;
  return { bytes: statSync(outfile).size, output: result.metafile!.outputs[key] };
}

const TIMER = `import { pathToFileURL } from 'node:url';
const [file, expect] = process.argv.slice(2);
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
const mod = await import(pathToFileURL(file).href);
const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
const used = process.cpuUsage(cpu);
if (expect === 'handler' && typeof mod.handler !== 'function') { console.error(file + ' exports no handler'); process.exit(2); }
process.stdout.write(JSON.stringify({ ms: elapsed, cpuMs: (used.user + used.system) / 1000 }));
`;

/** What a Lambda container has at init: the stack's settings (dummies here), a region, the bundle's NODE_OPTIONS. */
const importEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: scratch,
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...Object.fromEntries(
    [...Object.values(settingNames), ...Object.values(eventSettingNames)].map((name) => [
      name,
      `bench-${name.toLowerCase()}`,
    ]),
  ),
  INVITATION_TTL_SECONDS: '604800',
  OPERATOR_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
  TOKEN_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench',
  ...bundleEnvironment,
};

/**
 * Instructions executed by a fresh `node` that imports `file` (callgrind; V8 on one thread, so the count does not
 * depend on how busy the machine is: within about ±3% from run to run here, where wall time varies by ±30% per sample).
 */
async function countInstructions(timer: string, file: string): Promise<number> {
  const { stderr } = await run(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', timer, file, 'any'],
    { env: importEnv, cwd: scratch, maxBuffer: 64 * 1024 * 1024 },
  );
  const collected = /Collected : (\d+)/.exec(stderr);
  if (!collected) throw new Error(`callgrind gave no count for ${file}`);
  return Number(collected[1]);
}

/** Counts, or null for a file callgrind could not count (the verdict then follows wall time for it). */
const countOrNull = (timer: string, file: string) => countInstructions(timer, file).catch(() => null);

/** Runs `work` over `items`, `width` at a time (instruction counts do not mind sharing the machine). */
async function pool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]);
      }
    }),
  );
  return out;
}

async function timeImport(timer: string, file: string, expect: 'handler' | 'any'): Promise<Sample> {
  const { stdout } = await run(process.execPath, [timer, file, expect], { env: importEnv, cwd: scratch });
  return JSON.parse(stdout) as Sample;
}

export async function benchBundles(options: { runs: number; instructions?: boolean }): Promise<BundleResult[]> {
  const dir = join(scratch, 'bundles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const timer = join(dir, 'import-timer.mjs');
  writeFileSync(timer, TIMER);

  // every function the stack deploys: the routes, then the scheduled jobs, the queue workers and events out's two
  const deployed: { operationId: string; dataFiles?: RouteDef['dataFiles'] }[] = [
    ...routes,
    ...[...jobs, ...queueWorkers, eventFanOut, webhookDelivery].map((f) => ({ operationId: f.name })),
  ];
  progress(`bundles: building ${deployed.length} functions with infra/bundling.ts options`);
  const functions = await Promise.all(
    deployed.map(async ({ operationId, dataFiles = [] }) => {
      const outdir = join(dir, 'functions', operationId);
      const built = await bundle(join(root, handlerFile(operationId)), outdir);
      // as deployed: the route's data files beside index.mjs (infra/bundling.ts bundlingWith)
      for (const f of dataFiles) copyFileSync(dataFileSource(f), join(outdir, f.name));
      const shipped = dataFiles.map((f) => ({ name: f.name, bytes: statSync(join(outdir, f.name)).size }));
      return {
        operationId,
        file: join(outdir, bundleFileName),
        clients: clientsOf(built.output),
        dataFiles: shipped,
        ...built,
      };
    }),
  );

  const floorKeys = [...new Set(functions.map((f) => f.clients.join('+') || 'none'))];
  progress(`bundles: building ${floorKeys.length} floors: ${floorKeys.join(', ')}`);
  const buildFloor = async (key: string, clients: Client[]) => {
    const floorDir = join(dir, 'floors', key);
    mkdirSync(floorDir, { recursive: true });
    writeFileSync(join(floorDir, 'entry.mjs'), floorSource(clients));
    const built = await bundle(join(floorDir, 'entry.mjs'), floorDir);
    return { key, file: join(floorDir, bundleFileName), ...built, samples: [] as Sample[] };
  };
  const floors = new Map(
    await Promise.all(
      floorKeys.map(
        async (key) => [key, await buildFloor(key, (key === 'none' ? [] : key.split('+')) as Client[])] as const,
      ),
    ),
  );

  // each function is timed right beside its floor, round after round, so drift on a busy machine hits both alike
  /** Each function sample with the floor sample taken right after it: ratios are formed per pair. */
  const pairs = new Map<string, { own: Sample; floor: Sample }[]>(functions.map((f) => [f.operationId, []]));
  await timeImport(timer, floors.values().next().value!.file, 'any'); // warm the node binary and page cache
  for (let r = 1; r <= options.runs; r++) {
    progress(
      `bundles: cold imports, round ${r}/${options.runs} (${functions.length} functions, each beside its floor)`,
    );
    for (const f of functions) {
      const own = await timeImport(timer, f.file, 'handler');
      const floor = floors.get(f.clients.join('+') || 'none')!;
      const base = await timeImport(timer, floor.file, 'any');
      floor.samples.push(base);
      pairs.get(f.operationId)!.push({ own, floor: base });
    }
  }

  // the deterministic measure of the same import: instructions beyond an empty module's
  const counted = new Map<string, number | null>();
  // the baseline: an empty module, built like every bundle — the 'none' floor, built here if no function needs it
  const emptyFile = floors.get('none')?.file ?? (await buildFloor('empty-baseline', [])).file;
  // one probe first: where valgrind is missing or cannot run node, no count is attempted at all
  const empty = options.instructions === false ? null : await countOrNull(timer, emptyFile);
  counted.set(emptyFile, empty);
  if (empty !== null) {
    const unique = [...new Set([...[...floors.values()].map((fl) => fl.file), ...functions.map((f) => f.file)])].filter(
      (file) => !counted.has(file),
    );
    let done = 0;
    progress(`bundles: counting instructions of ${unique.length} imports with callgrind (2 at a time, ~12 s each)`);
    await pool(unique, 2, async (file) => {
      counted.set(file, await countOrNull(timer, file));
      if (++done % 10 === 0) progress(`bundles: instructions, ${done}/${unique.length}`);
    });
  } else if (options.instructions !== false) {
    progress('bundles: callgrind could not count an empty import (valgrind missing?); the verdict follows wall time');
  }
  const beyondEmpty = (file: string) => {
    const total = counted.get(file);
    return empty === null || total === undefined || total === null ? null : total - empty;
  };

  return functions.map((f) => {
    const key = f.clients.join('+') || 'none';
    const floor = floors.get(key)!;
    const paired = pairs.get(f.operationId)!;
    const mine = paired.map((p) => p.own);
    const noSdk = f.clients.length === 0;
    const measured = (list: Sample[]) => ({
      importMs: median(list.map((x) => x.ms)),
      importCpuMs: median(list.map((x) => x.cpuMs)),
    });
    const own = measured(mine);
    const base = measured(floor.samples);
    const sizeRatio = noSdk ? null : f.bytes / floor.bytes;
    // paired: each round's function time over the floor time measured right after it, then the median of those
    // ratios; a busy spell that slows a whole round cancels out, where a ratio of two medians would keep it
    const importRatio = noSdk ? null : median(paired.map((p) => p.own.ms / p.floor.ms));
    const importCpuRatio = noSdk ? null : median(paired.map((p) => p.own.cpuMs / p.floor.cpuMs));
    const importInstructions = beyondEmpty(f.file);
    const floorInstructions = beyondEmpty(floor.file);
    const importInstructionRatio =
      noSdk || importInstructions === null || !floorInstructions ? null : importInstructions / floorInstructions;
    // the import goal is judged on the instruction count where there is one (wall time on a shared machine is
    // noise-bound), else on wall time; the verdict names the other measure when it disagrees
    const judged = importInstructionRatio ?? importRatio;
    const misses = [
      sizeRatio !== null && sizeRatio > GOALS.size ? 'size' : '',
      judged !== null && judged > GOALS.import ? 'import' : '',
    ].filter(Boolean);
    const other =
      importInstructionRatio !== null
        ? { name: 'wall time', value: importRatio }
        : { name: 'CPU time', value: importCpuRatio };
    const otherMiss = other.value !== null && other.value > GOALS.import;
    const disagree =
      judged !== null && other.value !== null && judged > GOALS.import !== otherMiss
        ? ` (${other.name}: ${otherMiss ? 'miss' : 'pass'})`
        : '';
    return {
      operationId: f.operationId,
      file: handlerFile(f.operationId),
      clients: f.clients,
      bytes: f.bytes,
      ...own,
      samples: mine,
      floor: { key, bytes: floor.bytes, ...base, samples: floor.samples },
      sizeRatio,
      importRatio,
      importCpuRatio,
      importInstructions,
      floorInstructions,
      importInstructionRatio,
      verdict: noSdk ? 'n/a (no SDK)' : `${misses.length ? `MISS ${misses.join(' + ')}` : 'pass'}${disagree}`,
      extra: breakdown(f.output, floor.output),
      dataFiles: f.dataFiles,
    };
  });
}
