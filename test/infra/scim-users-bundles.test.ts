// What a SCIM /Users function bundles decides what it may call: a bundle holding the SES adapter sends mail and must
// declare `mail:send`, one holding a Cognito adapter must declare an `identity:` grant (IAM is invisible locally, so
// a missing grant would only show deployed, as AccessDenied swallowed by the mail's delivery record).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#http/routes.ts';
import { handlerFile, type RouteDef } from '#http/route-types.ts';
import { bundleFileName, esbuildBuildOptions } from '../../infra/bundling.ts';

const work = mkdtempSync(join(tmpdir(), 'switchboard-scim-bundles-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scimUserRoutes = routes.filter((r) => r.scim && r.path.includes('/Users'));
/** Each SCIM /Users function's bundled source files (esbuild's metafile inputs). */
const inputs = new Map<string, string[]>();

beforeAll(async () => {
  await Promise.all(
    scimUserRoutes.map(async (r) => {
      const outfile = join(work, r.operationId, bundleFileName);
      const entry = new URL(`../../${handlerFile(r.operationId)}`, import.meta.url).pathname;
      const { metafile } = await build({ ...esbuildBuildOptions(entry, outfile), metafile: true });
      inputs.set(r.operationId, Object.keys(metafile.inputs));
    }),
  );
});

const bundles = (r: RouteDef, fragment: string) => (inputs.get(r.operationId) ?? []).some((i) => i.includes(fragment));
const sdkClients = (r: RouteDef) =>
  [...new Set((inputs.get(r.operationId) ?? []).map((i) => /@aws-sdk\/(client-[a-z0-9-]+)\//.exec(i)?.[1]))]
    .filter(Boolean)
    .sort();

describe('SCIM /Users bundles and their grants', () => {
  it('all six operations are built', () => {
    expect(scimUserRoutes.map((r) => r.operationId).sort()).toEqual([
      'scimCreateUser',
      'scimDeleteUser',
      'scimGetUser',
      'scimListUsers',
      'scimPatchUser',
      'scimReplaceUser',
    ]);
  });

  it('a bundle with the SES mailer declares mail:send; one with a Cognito adapter an identity grant', () => {
    const mailers = scimUserRoutes.filter((r) => bundles(r, 'adapters/ses/'));
    // positive control: the operations that mail (a create, an email change) do bundle the mailer
    expect(mailers.map((r) => r.operationId).sort()).toEqual(['scimCreateUser', 'scimPatchUser', 'scimReplaceUser']);
    for (const r of mailers) expect(r.grants, r.operationId).toContain('mail:send');
    for (const r of scimUserRoutes.filter((x) => bundles(x, 'adapters/cognito/')))
      expect(
        r.grants.some((g) => g.startsWith('identity:')),
        r.operationId,
      ).toBe(true);
  });

  it('the read handlers bundle the DynamoDB client only; the create no Cognito client', () => {
    for (const id of ['scimGetUser', 'scimListUsers'])
      expect(sdkClients(scimUserRoutes.find((r) => r.operationId === id)!), id).toEqual(['client-dynamodb']);
    const create = scimUserRoutes.find((r) => r.operationId === 'scimCreateUser')!;
    expect(sdkClients(create)).toEqual(['client-dynamodb', 'client-sesv2']);
    // control: a change of status reaches Cognito, so PATCH bundles it
    const patch = scimUserRoutes.find((r) => r.operationId === 'scimPatchUser')!;
    expect(sdkClients(patch)).toContain('client-cognito-identity-provider');
  });
});
