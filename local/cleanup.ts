/**
 * `npm run cleanup`: runs the scheduled invitation cleanup once, now, against the emulators of a running
 * `npm start` (same DATA_DIR and ports). `npm start` also runs it every CLEANUP_INTERVAL_SECONDS.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachToLocalStack, readLocalConfig } from './config.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = readLocalConfig();

await attachToLocalStack(config);
const { runInvitationCleanup } = await import('./scheduled-cleanup.ts');
console.log(JSON.stringify(await runInvitationCleanup(root)));
