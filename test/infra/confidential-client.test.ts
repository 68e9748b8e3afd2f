/**
 * Sign-in only through the API: the app client is confidential (a secret only the functions read, at run time),
 * offers nothing but USER_PASSWORD_AUTH and refresh, and exactly the functions that answer Cognito on that client
 * may read its secret. What only AWS can show is in docs/operations.md ("Sign-in only through the API").
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { appClientDefinition } from '#config/user-pool.ts';
import { routes } from '#http/routes.ts';
import { handlerFile } from '#http/route-types.ts';
import { repoPath } from '../../infra/paths.ts';
import { allowedActions, synthesize, type Synthesized } from './support.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

const clientSecretModule = 'shared/adapters/cognito/client-secret.ts';

/** The repository files a handler's bundle holds (esbuild's own module graph, packages left out). */
async function bundledFiles(operationId: string): Promise<string[]> {
  const out = await build({
    entryPoints: [repoPath(handlerFile(operationId))],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
    absWorkingDir: repoPath('.'),
    outdir: join(repoPath('.'), '.esbuild-probe'),
  });
  return Object.keys(out.metafile.inputs);
}

describe('the app client is confidential', () => {
  it('has a generated secret and only the password and refresh flows: no SRP, no admin or custom flows, no OAuth', () => {
    const [client] = Object.values(s.root.findResources('AWS::Cognito::UserPoolClient'));
    expect(client.Properties.GenerateSecret).toBe(true);
    expect([...client.Properties.ExplicitAuthFlows].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
    ]);
    expect(appClientDefinition.generateSecret).toBe(true);
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    // a token a person holds cannot rewrite their sign-in address (UpdateUserAttributes)
    expect(client.Properties.WriteAttributes).not.toContain('email');
    expect(client.Properties.WriteAttributes).not.toContain('email_verified');
  });

  it('is on the Essentials feature plan (access-token customization is there if a pre-token trigger is chosen)', () => {
    const [pool] = Object.values(s.root.findResources('AWS::Cognito::UserPool'));
    expect(pool.Properties.UserPoolTier).toBe('ESSENTIALS');
  });

  it('no function gets the secret in its environment, and nothing outputs or copies it', () => {
    const template = JSON.stringify([s.rootJson, ...s.areas.map((a) => a.json)]);
    expect(template).not.toContain('ClientSecret');
    // positive control: the client id is there
    for (const area of s.areas)
      for (const fn of Object.values(area.template.findResources('AWS::Lambda::Function')))
        expect(Object.keys(fn.Properties.Environment.Variables)).toContain('USER_POOL_CLIENT_ID');
  });

  it('exactly the functions whose code answers Cognito on the client may read its secret (DescribeUserPoolClient)', async () => {
    const readers: string[] = [];
    for (const route of routes) {
      const bundlesSecret = (await bundledFiles(route.operationId)).includes(clientSecretModule);
      const may = allowedActions(s.operation(route).role).includes('cognito-idp:DescribeUserPoolClient');
      expect(may, `${route.operationId}: declare 'identity:sign-in' exactly when the handler signs in`).toBe(
        bundlesSecret,
      );
      if (may) readers.push(route.operationId);
    }
    // positive control: the sign-in steps, refresh and the password checks
    expect(readers).toEqual(
      expect.arrayContaining(['signIn', 'completeMfaSignIn', 'completeNewPassword', 'refreshTokens', 'closeUser']),
    );
    expect(readers).not.toContain('getMe');
  }, 120_000);
});
