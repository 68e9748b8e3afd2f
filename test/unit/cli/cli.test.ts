/**
 * The `switchboard` CLI against a fake API speaking the import and export contract: the import's summary, failed
 * rows and exit codes, the flags on the query string, problem+json errors without the token, the environment it
 * needs, Ctrl-C, and the export's `Link` pages. Some run `cli/bin.mjs` as a child process, as a user would.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importIdempotencyKey } from '../../../cli/import.ts';
import type { ImportRow } from '../../../cli/render.ts';
import { main, type System } from '../../../cli/switchboard.ts';
import { startFakeApi } from './fake-api.ts';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const TOKEN = 'sbk_cliTest_9f8e7d6c5b4a3f2e1d0c';
const CSV =
  'username,email,firstName,lastName\nada,ada@example.com,Ada,L\nbob,bob@example.com,Bob,K\ncy,not-an-email,Cy,D\n';
const FAILED: ImportRow[] = [
  {
    line: 4,
    status: 'failed' as const,
    errors: [{ column: 'email', code: 'invalid_email', message: 'Not a valid email address' }],
  },
  {
    line: 7,
    status: 'failed' as const,
    errors: [
      { column: 'username', code: 'duplicate_in_file', message: 'The same username is on line 2' },
      { column: 'unit', code: 'unknown_unit', message: 'No unit /Sales/EMEA' },
    ],
  },
  {
    line: 9,
    status: 'failed' as const,
    errors: [{ column: 'role', code: 'invalid_role', message: 'Unknown role "boss"' }],
  },
];

let dir: string;
let csvFile: string;
let fake: Awaited<ReturnType<typeof startFakeApi>> | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
  csvFile = join(dir, 'members.csv');
  writeFileSync(csvFile, CSV);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** `cli/bin.mjs` in a child process, as `npx switchboard` runs it. */
function runChild(args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const { SWITCHBOARD_URL: _u, SWITCHBOARD_TOKEN: _t, ...inherited } = process.env;
    const child = spawn(process.execPath, [join(root, 'cli/bin.mjs'), ...args], {
      cwd: dir,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The CLI in this process, with captured output, fast polling and a Ctrl-C the test presses. */
function inProcess(env: Record<string, string | undefined>, pressCtrlC: (sleeps: number) => number = () => 0) {
  let stdout = '';
  let stderr = '';
  let listener: (() => void) | undefined;
  let sleeps = 0;
  const exits: number[] = [];
  const capture = (append: (t: string) => void) =>
    ({
      write: (t: string) => {
        append(t);
        return true;
      },
      once: () => undefined,
    }) as unknown as System['stdout'];
  const system: System = {
    env,
    stdout: capture((t) => {
      stdout += t;
    }),
    stderr: capture((t) => {
      stderr += t;
    }),
    fetch: (url, init) => fetch(url, init),
    readFile: (path) => readFile(path),
    sleep: async () => {
      sleeps += 1;
      for (let i = pressCtrlC(sleeps); i > 0; i--) listener?.();
      await new Promise((r) => setTimeout(r, 2));
    },
    now: () => Date.now(),
    onInterrupt(l) {
      listener = l;
      return () => (listener = undefined);
    },
    exitNow: (code) => void exits.push(code),
    pollMs: 5,
  };
  return {
    run: (args: string[]) => main(args, system),
    out: () => stdout,
    err: () => stderr,
    exits,
  };
}

const envFor = (url: string) => ({ SWITCHBOARD_URL: url, SWITCHBOARD_TOKEN: TOKEN });
const uploads = () => fake!.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/imports'));

describe('switchboard import', () => {
  it('uploads the file as text/csv with an idempotency key, follows it and prints the summary; exit 0 (child process)', async () => {
    fake = await startFakeApi({ token: TOKEN });
    const r = await runChild(['import', 'members.csv', '--account', 'acc_1'], envFor(fake.url));

    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Import ${fake.importId} completed`);
    expect(r.stdout).toMatch(/total\s+3\n\s+created\s+3\n\s+skipped\s+0\n\s+failed\s+0\n\s+duration\s+2\.5 s/);
    expect(r.stdout).not.toContain('Failed rows');
    // not a terminal: plain progress lines on stderr, no bar
    expect(r.stderr).toContain(`Import ${fake.importId} accepted: 3 rows`);
    expect(r.stderr).toMatch(/^queued: 0\/3 rows \(0%\)/m);
    expect(r.stderr).toMatch(/^completed: 3\/3 rows \(100%\)$/m);
    const [upload] = uploads();
    expect(upload.path).toBe('/v1/accounts/acc_1/imports');
    expect(upload.query).toEqual({ dryRun: 'false', createGroups: 'false' });
    expect(upload.headers['content-type']).toBe('text/csv');
    expect(upload.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upload.body.toString('utf8')).toBe(CSV);
    expect(upload.headers['idempotency-key']).toBe(
      importIdempotencyKey(Buffer.from(CSV), { dryRun: false, createGroups: false }),
    );
    expect(fake.requests.filter((q) => q.method === 'GET' && q.path.endsWith(fake!.importId)).length).toBe(3);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('lists every failed row with its line, column and reason (all pages); exit 1', async () => {
    fake = await startFakeApi({ token: TOKEN, failedRows: FAILED });
    const cli = inProcess(envFor(fake.url));
    const code = await cli.run(['import', csvFile, '--account', 'acc_1']);

    expect(code).toBe(1);
    expect(cli.out()).toMatch(/failed\s+3\n/);
    expect(cli.out()).toContain('Failed rows (3)');
    expect(cli.out()).toMatch(/line 4\s+email\s+invalid_email\s+Not a valid email address/);
    expect(cli.out()).toMatch(
      /line 7\s+username\s+duplicate_in_file\s+The same username is on line 2\n\s+unit\s+unknown_unit\s+No unit \/Sales\/EMEA/,
    );
    expect(cli.out()).toMatch(/line 9\s+role\s+invalid_role\s+Unknown role "boss"/);
    const pages = fake.requests.filter((q) => q.path.endsWith('/rows'));
    expect(pages.map((q) => q.query)).toEqual([
      { status: 'failed', limit: '100' },
      { status: 'failed', limit: '100', cursor: '2' },
    ]);
  });

  it('sends --dry-run and --create-groups on the query string, and a key of its own for those flags', async () => {
    fake = await startFakeApi({ token: TOKEN });
    const cli = inProcess(envFor(fake.url));
    expect(await cli.run(['import', csvFile, '-a', 'acc_1', '--dry-run', '--create-groups'])).toBe(0);
    expect(await cli.run(['import', csvFile, '-a', 'acc_1', '--create-groups'])).toBe(0);

    const [dry, real] = uploads();
    expect(dry.query).toEqual({ dryRun: 'true', createGroups: 'true' });
    expect(real.query).toEqual({ dryRun: 'false', createGroups: 'true' });
    expect(dry.headers['idempotency-key']).not.toBe(real.headers['idempotency-key']);
    expect(cli.out()).toContain(`Dry run ${fake.importId} completed (nothing was written`);
  });

  it('follows the existing import when the API answers 200 for a file it has already taken, or replays the first answer', async () => {
    fake = await startFakeApi({ token: TOKEN, seen: true, readsUntilDone: 0 });
    const cli = inProcess(envFor(fake.url));
    expect(await cli.run(['import', csvFile, '-a', 'acc_1'])).toBe(0);
    expect(cli.err()).toContain(`already uploaded with these options: following import ${fake.importId}`);
    expect(cli.out()).toContain(`Import ${fake.importId} completed`);
    await fake.close();

    // the first answer replayed for the same Idempotency-Key says the same
    fake = await startFakeApi({ token: TOKEN, replayed: true, readsUntilDone: 0 });
    const replay = inProcess(envFor(fake.url));
    expect(await replay.run(['import', csvFile, '-a', 'acc_1'])).toBe(0);
    expect(replay.err()).toContain(`already uploaded with these options: following import ${fake.importId}`);
    // the replayed answer is the import as it was queued: the CLI shows where it is now, not that
    expect(replay.err()).not.toContain('queued');
    expect(replay.out()).toContain(`Import ${fake.importId} completed`);
  });

  it('shows an API error as its problem title and detail, exit 2, and never prints the token (child process)', async () => {
    fake = await startFakeApi({
      token: TOKEN,
      uploadProblem: {
        status: 400,
        body: {
          type: 'https://switchboard.dev/problems/validation-failed',
          title: 'Invalid CSV file',
          status: 400,
          code: 'invalid_csv',
          // a server that echoes what it was sent must not make the CLI print the credential
          detail: `Unknown column "colour" (request from Bearer ${TOKEN})`,
          errors: [{ path: 'colour', message: 'not an import column' }],
        },
      },
    });
    const r = await runChild(['import', csvFile, '--account', 'acc_1'], envFor(fake.url));

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: Invalid CSV file (400 invalid_csv)');
    expect(r.stderr).toContain('Unknown column "colour"');
    expect(r.stderr).toContain('colour: not an import column');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    // positive control: the same run with the right answer gets through (the token was sent, just never shown)
    expect(uploads()[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a 401 (wrong token) is exit 2 with the problem shown', async () => {
    fake = await startFakeApi({ token: TOKEN });
    const cli = inProcess({ SWITCHBOARD_URL: fake.url, SWITCHBOARD_TOKEN: 'sbk_someone_else_0000000000' });
    expect(await cli.run(['import', csvFile, '-a', 'acc_1'])).toBe(2);
    expect(cli.err()).toContain('error: Unauthenticated (401 unauthenticated)');
    expect(cli.err()).not.toContain('sbk_someone_else_0000000000');
  });

  it('refuses to start without SWITCHBOARD_URL or SWITCHBOARD_TOKEN: exit 2, the variable named (child process)', async () => {
    fake = await startFakeApi({ token: TOKEN });
    const noToken = await runChild(['import', 'members.csv', '--account', 'acc_1'], { SWITCHBOARD_URL: fake.url });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/error: set SWITCHBOARD_TOKEN:/);
    const noUrl = await runChild(['export', '--account', 'acc_1'], { SWITCHBOARD_TOKEN: TOKEN });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/error: set SWITCHBOARD_URL:/);
    expect(noUrl.stderr).not.toContain(TOKEN);
    expect(fake.requests).toEqual([]);
  });

  it('refuses plain http to another host, a missing file and a missing --account before any request: exit 2', async () => {
    fake = await startFakeApi({ token: TOKEN });
    const remote = inProcess({ SWITCHBOARD_URL: 'http://switchboard.example.com', SWITCHBOARD_TOKEN: TOKEN });
    expect(await remote.run(['import', csvFile, '-a', 'acc_1'])).toBe(2);
    expect(remote.err()).toContain('SWITCHBOARD_URL must use https');

    const cli = inProcess(envFor(fake.url));
    expect(await cli.run(['import', join(dir, 'nope.csv'), '-a', 'acc_1'])).toBe(2);
    expect(cli.err()).toContain(`cannot read ${join(dir, 'nope.csv')}: ENOENT`);
    expect(await cli.run(['import', csvFile])).toBe(2);
    expect(cli.err()).toContain("required option '-a, --account <id>' not specified");
    expect(await cli.run(['import', csvFile, '-a', '../users'])).toBe(2);
    expect(fake.requests).toEqual([]);
    // positive control: the loopback address over http is fine
    expect(await cli.run(['import', csvFile, '-a', 'acc_1'])).toBe(0);
  });

  it('Ctrl-C cancels the import once and waits for its final status; exit 1', async () => {
    fake = await startFakeApi({ token: TOKEN, readsUntilDone: 1000 });
    const cli = inProcess(envFor(fake.url), (sleeps) => (sleeps === 3 ? 1 : 0));
    const code = await cli.run(['import', csvFile, '-a', 'acc_1']);

    expect(code).toBe(1);
    expect(fake.requests.filter((q) => q.path.endsWith('/cancel')).length).toBe(1);
    expect(cli.err()).toContain(`Cancelling import ${fake.importId}`);
    expect(cli.out()).toContain(`Import ${fake.importId} cancelled`);
    expect(cli.out()).toMatch(/not processed\s+2/);
    expect(cli.exits).toEqual([]);
  });

  it('a second Ctrl-C quits at once (exit 130)', async () => {
    fake = await startFakeApi({ token: TOKEN, readsUntilDone: 1000 });
    const cli = inProcess(envFor(fake.url), (sleeps) => (sleeps === 3 ? 2 : 0));
    await cli.run(['import', csvFile, '-a', 'acc_1']);
    expect(cli.exits).toEqual([130]);
  });
});

describe('switchboard export', () => {
  const pages = [
    '\uFEFFusername,email,firstName\r\nada,ada@example.com,Ada\r\n',
    '\uFEFFusername,email,firstName\r\nbob,bob@example.com,"Bob, Jr."\r\n',
    'username,email,firstName\r\ncy,cy@example.com,Cy\r\n',
  ];

  it('follows the Link pages into the -o file, with the header once', async () => {
    fake = await startFakeApi({ token: TOKEN, exportPages: pages });
    const cli = inProcess(envFor(fake.url));
    const file = join(dir, 'export.csv');
    expect(await cli.run(['export', '--account', 'acc_1', '-o', file])).toBe(0);

    expect(readFileSync(file, 'utf8')).toBe(
      '\uFEFFusername,email,firstName\r\nada,ada@example.com,Ada\r\nbob,bob@example.com,"Bob, Jr."\r\ncy,cy@example.com,Cy\r\n',
    );
    expect(existsSync(`${file}.part`)).toBe(false);
    expect(fake.requests.map((q) => `${q.path}?${new URLSearchParams(q.query)}`)).toEqual([
      '/v1/accounts/acc_1/users/export?',
      '/v1/accounts/acc_1/users/export?cursor=1',
      '/v1/accounts/acc_1/users/export?cursor=2',
    ]);
    expect(fake.requests.every((q) => q.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(cli.err()).toContain('in 3 pages');
  });

  it('writes to stdout without -o; a failed page leaves no file behind and exits 2', async () => {
    fake = await startFakeApi({ token: TOKEN, exportPages: pages.slice(0, 1) });
    const cli = inProcess(envFor(fake.url));
    expect(await cli.run(['export', '-a', 'acc_1'])).toBe(0);
    expect(cli.out()).toBe(pages[0]);

    await fake.close();
    fake = await startFakeApi({ token: TOKEN }); // no export: 404
    const failing = inProcess(envFor(fake.url));
    expect(await failing.run(['export', '-a', 'acc_1', '-o', join(dir, 'gone.csv')])).toBe(2);
    expect(failing.err()).toContain('error: Not Found (404 not_found)');
    expect(existsSync(join(dir, 'gone.csv'))).toBe(false);
    expect(existsSync(join(dir, 'gone.csv.part'))).toBe(false);
  });
});
