/**
 * `npm run cleanup`: runs the scheduled invitation cleanup once, now, against the emulators of a running
 * `npm start` (same DATA_DIR and ports). `npm start` also runs it every CLEANUP_INTERVAL_SECONDS.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyHandlerEnvironment, readLocalConfig } from './config.ts';
import type { LocalState } from './provision.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = readLocalConfig();

let state: LocalState;
try {
  state = JSON.parse(readFileSync(join(config.dataDir, 'local-state.json'), 'utf8')) as LocalState;
  await fetch(`${config.endpoints.dynamodb}/`);
} catch {
  console.error(
    `No local stack found (DATA_DIR ${config.dataDir}, DynamoDB at ${config.endpoints.dynamodb}): start it with npm start first.`,
  );
  process.exit(1);
}
applyHandlerEnvironment(config, state);
const { runInvitationCleanup } = await import('./scheduled-cleanup.ts');
console.log(JSON.stringify(await runInvitationCleanup(root)));
