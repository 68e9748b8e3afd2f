#!/usr/bin/env node
// `npx switchboard …`: runs cli/switchboard.ts through tsx, the TypeScript loader `npm start` uses.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./switchboard.ts');
process.exitCode = await main(process.argv.slice(2));
