/**
 * The layer rules of .dependency-cruiser.cjs (also run by `npm run lint`): the tree follows them, and the same rules
 * applied to a small throwaway tree with one deliberate violation of each report every one of them, and nothing that
 * the rules allow.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import manifest from '../../package.json' with { type: 'json' };

let options: ICruiseOptions;
beforeAll(async () => {
  options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
});

async function violations(folders: string[], baseDir?: string) {
  const { output } = await cruise(folders, { ...options, ...(baseDir ? { baseDir } : {}) });
  const { summary } = output as ICruiseResult;
  const found = summary.violations.map((v) =>
    v.cycle
      ? `${v.rule.name}: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')}`
      : `${v.rule.name}: ${v.from} → ${v.to}`,
  );
  return { found: found.sort(), cruised: summary.totalCruised };
}

describe('layers', () => {
  it('the tree follows the dependency rules', { timeout: 30_000 }, async () => {
    const { found, cruised } = await violations(['functions', 'shared', 'infra', 'local']);
    // a parser that reads nothing would pass every rule: the TypeScript sources must have been read
    expect(cruised, 'TypeScript sources read (dependency-cruiser parses them with @swc/core)').toBeGreaterThan(200);
    expect(found).toEqual([]);
  });

  describe('the rules catch a deliberate violation of each', () => {
    let root: string;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };

    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'layers-'));
      // the same aliases as ours, and one npm package
      write('package.json', JSON.stringify({ name: 'throwaway', type: 'module', imports: manifest.imports }));
      write('node_modules/some-sdk/package.json', JSON.stringify({ name: 'some-sdk', main: 'index.js' }));
      write('node_modules/some-sdk/index.js', 'export const client = {};\n');
      // allowed: each of these imports is one the rules accept (a rule that fires on them fails the exact match below)
      write(
        'shared/domain/user.ts',
        "import { randomUUID } from 'node:crypto';\nexport const newId = () => randomUUID();\n",
      );
      write('shared/domain/audit.ts', "import type { AuditEvent } from './user.ts';\nexport type { AuditEvent };\n");
      write(
        'shared/ports/users.ts',
        "import type { newId } from '#domain/user.ts';\nexport type UserStore = typeof newId;\n",
      );
      write('shared/observability/logger.ts', 'export const logger = console;\n');
      write(
        'shared/use-cases/users.ts',
        [
          "import type { UserStore } from '#ports/users.ts';",
          "import { newId } from '#domain/user.ts';",
          "import { logger } from '#observability/logger.ts';",
          'export const createUser = (store: UserStore) => logger.info(newId(), store);',
        ].join('\n'),
      );
      write('shared/config/env.ts', "import { env } from 'node:process';\nexport const region = env.AWS_REGION;\n");
      write(
        'shared/http/routes.ts',
        "import { createUser } from '#use-cases/users.ts';\nexport const routes = [createUser];\n",
      );
      write(
        'shared/adapters/user-store.ts',
        "import { client } from 'some-sdk';\nimport { newId } from '#domain/user.ts';\nexport const store = () => [client, newId];\n",
      );
      // the deliberate violations, one per rule
      write(
        'shared/domain/invitation.ts',
        "import type { store } from '../adapters/user-store.ts';\nexport type S = typeof store;\n",
      );
      write('shared/domain/tokens.ts', "import { client } from 'some-sdk';\nexport const c = client;\n");
      write(
        'shared/use-cases/invitations.ts',
        "import type { routes } from '#http/routes.ts';\nexport type R = typeof routes;\n",
      );
      write('shared/use-cases/accounts.ts', "import { region } from '#config/env.ts';\nexport const r = region;\n");
      write(
        'shared/ports/accounts.ts',
        "import type { createUser } from '#use-cases/users.ts';\nexport type C = typeof createUser;\n",
      );
      write(
        'shared/adapters/invitation-store.ts',
        "import { createUser } from '#use-cases/users.ts';\nexport const c = createUser;\n",
      );
      write('shared/config/user-pool.ts', "import { newId } from '#domain/user.ts';\nexport const n = newId;\n");
      write('shared/observability/metrics.ts', "import { region } from '#config/env.ts';\nexport const r = region;\n");
      write('functions/a.ts', "import { b } from './b.ts';\nexport const a = () => b;\n");
      write('functions/b.ts', "import { a } from './a.ts';\nexport const b = () => a;\n");
      write('functions/broken.ts', "import { x } from '#nowhere/x.ts';\nexport const y = x;\n");
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('reports each violation, type-only imports included, and nothing the rules allow', async () => {
      const { found } = await violations(['functions', 'shared'], root);
      expect(found).toEqual(
        [
          'domain-is-pure: shared/domain/invitation.ts → shared/adapters/user-store.ts',
          'domain-is-pure: shared/domain/tokens.ts → node_modules/some-sdk/index.js',
          'use-cases-see-domain-and-ports: shared/use-cases/invitations.ts → shared/http/routes.ts',
          'use-cases-see-domain-and-ports: shared/use-cases/accounts.ts → shared/config/env.ts',
          'ports-see-domain: shared/ports/accounts.ts → shared/use-cases/users.ts',
          'adapters-stay-outside: shared/adapters/invitation-store.ts → shared/use-cases/users.ts',
          'config-stands-alone: shared/config/user-pool.ts → shared/domain/user.ts',
          'observability-stands-alone: shared/observability/metrics.ts → shared/config/env.ts',
          'no-circular: functions/a.ts → functions/b.ts → functions/a.ts',
          'resolvable: functions/broken.ts → #nowhere/x.ts',
        ].sort(),
      );
    });
  });
});
