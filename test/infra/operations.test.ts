// One declaration per operation: the table lists every declaration, every API handler has exactly one, and a
// handler imports its own declaration and nothing else of the kind (so its bundle holds no other operation).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventFanOut, webhookDelivery } from '#config/events.ts';
import { jobs, queueWorkers } from '#config/jobs.ts';
import { declarationFile, handlerFile, kebabCase } from '#http/route-types.ts';
import { routes } from '#http/routes.ts';
import { repoPath } from '../../infra/paths.ts';

const operationsDir = 'shared/http/operations';
const declarationFiles = readdirSync(repoPath(operationsDir))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `${operationsDir}/${f}`);
const functionFiles = readdirSync(repoPath('functions'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `functions/${f}`);
const jobFiles = [...jobs, ...queueWorkers].map((j) => handlerFile(j.name));
/** The events-out handlers: no route either (synth fails on a missing one; test/infra/support.ts says when not). */
const eventFiles = [eventFanOut, webhookDelivery].map((f) => handlerFile(f.name));

/** What a handler's source gets wrong about declarations; empty when it imports its own and only that. */
function handlerProblems(file: string, source: string): string[] {
  const own = `#http/operations/${file.slice('functions/'.length)}`;
  const declarations = [...source.matchAll(/from '([^']*\/operations\/[^']+)'/g)].map((m) => m[1]);
  const problems: string[] = [];
  if (!declarations.includes(own)) problems.push(`does not import ${own}`);
  for (const d of declarations.filter((d) => d !== own)) problems.push(`imports another declaration, ${d}`);
  if (/from '[^']*\/routes\.ts'/.test(source)) problems.push('imports the route table');
  if (/from '[^']*\/schemas\/responses\.ts'/.test(source)) problems.push('imports the response schemas');
  // a hosted page's handler hands it to page() (shared/http/page.ts), a SCIM route's to scimApi(), every other to api()
  if (!/\b(api|page|scimApi)\(\s*route,/.test(source))
    problems.push('does not hand its declaration to api(), page() or scimApi()');
  return problems;
}

describe('one declaration per operation', () => {
  it('every declaration file is in the table, under its operation id, as the very object the table lists', async () => {
    expect(new Set(routes.map((r) => r.operationId)).size, 'operation ids are unique').toBe(routes.length);
    expect(declarationFiles.sort()).toEqual(routes.map((r) => declarationFile(r.operationId)).sort());
    for (const r of routes) {
      const mod = (await import(repoPath(declarationFile(r.operationId)))) as { route: unknown };
      expect(mod.route, r.operationId).toBe(r);
    }
  });

  it('every API handler in functions/ has exactly one declaration, and every declaration a handler', () => {
    const handlers = functionFiles.filter((f) => !jobFiles.includes(f) && !eventFiles.includes(f));
    expect(handlers.length).toBe(routes.length);
    expect(handlers.sort()).toEqual(routes.map((r) => handlerFile(r.operationId)).sort());
    expect(jobFiles.every((f) => functionFiles.includes(f))).toBe(true);
  });

  it('a handler imports its own declaration, no other, and never the table or the response schemas', () => {
    for (const r of routes) {
      const file = handlerFile(r.operationId);
      expect(handlerProblems(file, readFileSync(repoPath(file), 'utf8')), file).toEqual([]);
    }
    // positive control: the check sees each mistake
    const wrong = [
      "import { route } from '#http/operations/get-user.ts';",
      "import { route as other } from '#http/operations/get-unit.ts';",
      "import { routes } from '#http/routes.ts';",
      "import { responseSchemas } from '#http/schemas/responses.ts';",
      'export const handler = api({ auth }, fn);',
    ].join('\n');
    expect(handlerProblems('functions/get-user.ts', wrong)).toHaveLength(4);
    expect(handlerProblems('functions/get-account.ts', wrong)).toContain(
      'does not import #http/operations/get-account.ts',
    );
  });

  it('only the OpenAPI document loads the response schemas as values', () => {
    const importers = [...declarationFiles, ...functionFiles, 'shared/http/api.ts', 'shared/http/route-types.ts']
      .concat(readdirSync(repoPath('shared/http')).map((f) => `shared/http/${f}`))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /^import \{[^}]*\} from '[^']*schemas\/responses\.ts'/m.test(readFileSync(repoPath(f), 'utf8')));
    expect([...new Set(importers)]).toEqual(['shared/http/openapi.ts']);
  });

  it('handler files are the kebab-case of the operation id', () => {
    expect(kebabCase('requestUserPasswordReset')).toBe('request-user-password-reset');
    expect(handlerFile('getOpenapi')).toBe('functions/get-openapi.ts');
    expect(declarationFile('getOpenapi')).toBe('shared/http/operations/get-openapi.ts');
  });
});
