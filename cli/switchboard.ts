/**
 * `switchboard`: bulk import and export of an account's members from the command line.
 *   switchboard import <file.csv> --account <id> [--dry-run] [--create-groups]
 *   switchboard export --account <id> [-o file.csv]
 * Reads SWITCHBOARD_URL and SWITCHBOARD_TOKEN. Exit codes: 0 done, 1 rows failed or the import did not complete,
 * 2 a usage, environment or API error, 130 a second Ctrl-C. `cli/bin.mjs` runs it (`npx switchboard`).
 */
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, CommanderError } from 'commander';
import { ApiError, createApi, describeApiError, type Fetch } from './api.ts';
import { checkAccountId, readConfig, UsageError } from './config.ts';
import { runExport, type CsvSink } from './export.ts';
import { runImport } from './import.ts';
import { barProgress, lineProgress } from './progress.ts';

type Output = Pick<NodeJS.WriteStream, 'write' | 'once'> & { isTTY?: boolean };

/** Everything the CLI touches outside itself; tests pass their own. */
export interface System {
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  fetch: Fetch;
  readFile(path: string): Promise<Uint8Array>;
  sleep(ms: number): Promise<void>;
  now(): number;
  onInterrupt(listener: () => void): () => void;
  exitNow(code: number): void;
  pollMs?: number;
}

export const processSystem = (): System => ({
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  fetch: (url, init) => fetch(url, init),
  readFile: (path) => readFile(path),
  sleep: (ms) => sleep(ms),
  now: () => Date.now(),
  onInterrupt(listener) {
    process.on('SIGINT', listener);
    return () => process.off('SIGINT', listener);
  },
  exitNow: (code) => process.exit(code),
});

const ENVIRONMENT_HELP = `
Environment:
  SWITCHBOARD_URL    the API's address, https://… (http only for localhost and 127.0.0.1)
  SWITCHBOARD_TOKEN  an access token or an API key (sbk_…), sent as Authorization: Bearer

Exit codes: 0 done, 1 rows failed or the import did not complete, 2 usage, environment or API error.`;

/** Writes in order, waiting when the stream asks to (a slow pipe). */
const writeTo = (stream: Output, text: string) =>
  new Promise<void>((done) => (stream.write(text) ? done() : stream.once('drain', () => done())));

/** The CSV goes to `<file>.part` and becomes `<file>` only once every page has arrived. */
function fileSink(path: string): CsvSink {
  const partial = `${path}.part`;
  let handle: FileHandle | undefined;
  const fail = (error: unknown): never => {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  };
  // personal data: readable by the owner only, and a fresh file (a stale part is removed; never through a symlink)
  const opened = async () =>
    (handle ??= await rm(partial, { force: true })
      .then(() => open(partial, 'wx', 0o600))
      .catch(fail));
  return {
    async write(text) {
      await (await opened()).write(text).catch(fail);
    },
    async commit() {
      await (await opened()).close();
      await rename(partial, path).catch(fail);
    },
    async abort() {
      await handle?.close();
      await rm(partial, { force: true });
    },
  };
}

/** Runs the CLI with `argv` (the words after `switchboard`); resolves with the exit code. */
export async function main(argv: string[], system: System = processSystem()): Promise<number> {
  let secret: string | undefined;
  // the token is never printed, whatever an error message or the server echoes
  const redact = (text: string) => (secret && secret.length >= 8 ? text.replaceAll(secret, '[token]') : text);
  const out = (text: string) => void system.stdout.write(redact(text));
  const err = (text: string) => void system.stderr.write(redact(text));
  const connect = () => {
    const config = readConfig(system.env);
    secret = config.token;
    return createApi(config, system.fetch);
  };

  let code = 0;
  const program = new Command('switchboard')
    .description("Bulk import and export of a Switchboard account's members (CSV)")
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showSuggestionAfterError()
    .addHelpText('after', ENVIRONMENT_HELP);

  program
    .command('import')
    .description('Import members from a CSV file, follow the import and report every failed row')
    .argument('<file>', 'CSV file: a header row, UTF-8, at most 10,000 rows and 5 MB')
    .requiredOption('-a, --account <id>', 'the account to import into')
    .option('--dry-run', 'check every row against the file and the directory; write nothing', false)
    .option('--create-groups', 'create the groups the file names that do not exist yet', false)
    .addHelpText('after', ENVIRONMENT_HELP)
    .action(async (file: string, flags: { account: string; dryRun: boolean; createGroups: boolean }) => {
      const account = checkAccountId(flags.account);
      const api = connect();
      const stderr = system.stderr as NodeJS.WriteStream;
      code = await runImport(
        { file, account, dryRun: flags.dryRun, createGroups: flags.createGroups },
        {
          api,
          out,
          err,
          progress: stderr.isTTY ? barProgress(stderr) : lineProgress(err),
          readFile: system.readFile,
          sleep: system.sleep,
          now: system.now,
          onInterrupt: system.onInterrupt,
          exitNow: system.exitNow,
          pollMs: system.pollMs,
        },
      );
    });

  program
    .command('export')
    .description("Export the account's directory (in your scope) as CSV, in the columns import reads")
    .requiredOption('-a, --account <id>', 'the account to export')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .addHelpText('after', ENVIRONMENT_HELP)
    .action(async (flags: { account: string; output?: string }) => {
      const account = checkAccountId(flags.account);
      const api = connect();
      const sink: CsvSink = flags.output
        ? fileSink(flags.output)
        : { write: (text) => writeTo(system.stdout, text), commit: async () => {}, abort: async () => {} };
      code = await runExport({ account }, { api, sink, err });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError)
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    if (error instanceof ApiError) err(describeApiError(error));
    else if (error instanceof UsageError) err(`error: ${error.message}\n`);
    else err(`error: ${(error as Error).message ?? String(error)}\n`);
    return 2;
  }
}
