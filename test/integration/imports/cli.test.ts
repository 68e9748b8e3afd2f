/**
 * The `switchboard` CLI against the local stack, run as a user runs it (`cli/bin.mjs` in a child process): a small
 * file with one bad row is imported (summary, the failed row's line and reason, exit 1), uploading it again follows
 * the same import, and the export holds the members it created.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount } from '../../builders/api.ts';
import { collect } from '../../builders/matrix.ts';
import { stack } from '../../support/http.ts';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const tag = randomBytes(3).toString('hex');
const usernames = ['ada', 'bob', 'cyd'].map((name) => `${name}${tag}`);

let manager: Awaited<ReturnType<typeof newAccount>>;
let dir: string;
let file: string;

function switchboard(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'cli/bin.mjs'), ...args], {
      cwd: dir,
      env: { ...process.env, SWITCHBOARD_URL: stack().baseUrl, SWITCHBOARD_TOKEN: manager.token },
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

beforeAll(async () => {
  manager = await newAccount('Import CLI Co');
  dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-it-'));
  file = join(dir, 'members.csv');
  writeFileSync(
    file,
    [
      'username,email,firstName,lastName,sendInvitation',
      ...usernames.map((u) => `${u},${u}@example.com,${u},Imported,false`),
      `bad${tag},not-an-email,Bad,Row,false`,
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchboard import and export on the local stack', () => {
  it('imports a file with one bad row: summary, the failed line and reason, exit 1; the export holds the members', async () => {
    const run = await switchboard(['import', 'members.csv', '--account', manager.accountId]);
    expect(run.code, run.stderr).toBe(1);
    const id = /Import (\S+) completed/.exec(run.stdout)?.[1];
    expect(id, run.stdout).toBeTruthy();
    expect(run.stdout).toMatch(/total\s+4\n\s+created\s+3\n\s+skipped\s+0\n\s+failed\s+1\n/);
    expect(run.stdout).toMatch(/line 5\s+email\s+invalid_email\s+\S/);
    expect(run.stderr).toMatch(/^completed: 4\/4 rows \(100%\)$/m);
    expect(run.stdout + run.stderr).not.toContain(manager.token);
    const members = await collect<{ username: string }>(`/v1/accounts/${manager.accountId}/users`, manager.token);
    expect(members.map((m) => m.username)).toEqual(expect.arrayContaining(usernames));
    expect(members.map((m) => m.username)).not.toContain(`bad${tag}`);

    // the same file again: the API hands back the same import instead of a second one
    const again = await switchboard(['import', 'members.csv', '--account', manager.accountId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`following import ${id}`);

    const exported = await switchboard(['export', '--account', manager.accountId, '-o', 'directory.csv']);
    expect(exported.code, exported.stderr).toBe(0);
    const csv = readFileSync(join(dir, 'directory.csv'), 'utf8').replace(/^\uFEFF/, '');
    expect(csv.split(/\r?\n/)[0].toLowerCase()).toMatch(/^username,email,/i);
    for (const u of usernames) expect(csv).toContain(`${u},${u}@example.com`);
    expect(csv).not.toContain(`bad${tag}`);
  });
});
