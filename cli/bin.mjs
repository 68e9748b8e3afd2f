#!/usr/bin/env node
// `npx switchboard …`: runs cli/switchboard.ts through tsx, the TypeScript loader `npm start` uses.
import { register } from 'tsx/esm/api';

// `switchboard export | head`: the reader left, which is no error of ours
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
register();
const { main } = await import('./switchboard.ts');
process.exitCode = await main(process.argv.slice(2));
