/**
 * Runs `local/start.ts` as a child process on free ports with a throwaway DATA_DIR, the way a developer
 * runs `npm start`, and reads its SWITCHBOARD_READY line. Used by the global setup and by the harness test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StackInfo } from './stack-info.ts';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const READY_PREFIX = 'SWITCHBOARD_READY ';
const OUTPUT_LINES = 200;

export interface RunningStack {
  info: StackInfo;
  child: ChildProcess;
  /** The stack's last lines of output, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended and which emulator PIDs survived it. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; survivors: number[] }>;
}

/** Ports the OS says are free right now; all held open together so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, ok));
      servers.push(server);
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  }
}

/** Whether a process still runs; a zombie (exited, not yet reaped by its new parent) does not count. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

/** The test stacks' deployment brand (BRAND_*, as a deployer sets it for `npm start`). */
export const testDeploymentBrand = {
  brandName: 'Northwind Voice',
  legalFooter: 'Northwind Voice Ltd · 1 Quay Street · Cork',
  supportUrl: 'https://help.northwind.example',
  primaryColor: '#0b5394',
} as const;
const testDeploymentBrandEnv = {
  BRAND_NAME: testDeploymentBrand.brandName,
  BRAND_LEGAL_FOOTER: testDeploymentBrand.legalFooter,
  BRAND_SUPPORT_URL: testDeploymentBrand.supportUrl,
  BRAND_PRIMARY_COLOR: testDeploymentBrand.primaryColor,
};

export async function startStack(
  options: { timeoutMs?: number; env?: Record<string, string>; ports?: number[] } = {},
): Promise<RunningStack> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-stack-'));
  // stacks started together take their ports from one call, so that no two of them are handed the same port
  const [port, dynamodb, cognito, mailbox] = options.ports ?? (await freePorts(4));
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--fresh'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamodb),
      COGNITO_PORT: String(cognito),
      MAILBOX_PORT: String(mailbox),
      DATA_DIR: dataDir,
      LOCAL_TEST_CONTROLS: '1',
      LOCAL_READY_JSON: '1',
      LOCAL_QUIET: '1',
      LOCAL_EXIT_WITH_PARENT: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // a deployment brand of its own, so that tests see which level a mail or page took its brand from
      ...testDeploymentBrandEnv,
      // webhook retries a second apart (deployed: 5 s to 24 h), so a test sees a delivery retried and failed
      WEBHOOK_RETRY_SCHEDULE: '1,1,1,1,1,1,1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const lines: string[] = [];
  const remember = (line: string) => {
    lines.push(line);
    if (lines.length > OUTPUT_LINES) lines.shift();
    if (process.env.LOCAL_STACK_LOGS === '1') process.stderr.write(`[stack] ${line}\n`);
  };
  const output = () => lines.join('\n');
  // both streams are read to the end: a full pipe would block the stack
  createInterface({ input: child.stderr! }).on('line', remember);
  const stdout = createInterface({ input: child.stdout! });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );

  const info = await new Promise<StackInfo>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`local stack not ready within ${timeoutMs / 1000}s:\n${output()}`)),
      timeoutMs,
    );
    stdout.on('line', (line) => {
      if (!line.startsWith(READY_PREFIX)) return remember(line);
      clearTimeout(timer);
      ready(JSON.parse(line.slice(READY_PREFIX.length)) as StackInfo);
    });
    child.once('error', (err) => fail(new Error(`cannot start the local stack: ${err.message}`)));
    void exited.then(({ code, signal }) =>
      fail(new Error(`local stack exited (${code ?? signal}) before it was ready:\n${output()}`)),
    );
  }).catch((err: Error) => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });

  const stop: RunningStack['stop'] = async (graceMs = 15_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const ended = await exited;
    clearTimeout(force);
    const survivors = info.emulatorPids.filter(isAlive);
    for (const pid of survivors) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    return { ...ended, survivors };
  };

  return { info, child, output, stop };
}
