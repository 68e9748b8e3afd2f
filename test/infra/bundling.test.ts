// The bench builds bundles with esbuild's JS API from the same options NodejsFunction uses; this proves they match.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { disposableDomainsFile, phoneMetadataFile } from '#config/data-files.ts';
import { routes } from '#http/routes.ts';
import {
  bundleFileName,
  dataFileSource,
  esbuildBuildOptions,
  esbuildOptions,
  lambdaBundling,
} from '../../infra/bundling.ts';
import { ApiFunction } from '../../infra/constructs/api-function.ts';
import { fixtureHandler } from './support.ts';

const work = mkdtempSync(join(tmpdir(), 'switchboard-bundling-'));
let cdkBundle: string[];
let apiBundle: string;
let dataAsset: string;

beforeAll(async () => {
  // a real NodejsFunction bundle (local esbuild, no Docker) of the fixture handler
  const app = new App({ outdir: join(work, 'cdk.out'), context: cdkJson.context });
  const stack = new Stack(app, 'BundlingProbe');
  const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  new ApiFunction(stack, 'Probe', {
    stage: 'test',
    area: 'platform',
    operationId: 'probe',
    entry: fixtureHandler,
    description: 'bundling probe',
    role,
    environment: {},
    logRetention: RetentionDays.ONE_DAY,
  });
  new ApiFunction(stack, 'ProbeWithData', {
    stage: 'test',
    area: 'platform',
    operationId: 'probeWithData',
    entry: fixtureHandler,
    description: 'bundling probe with a data file',
    role,
    environment: {},
    logRetention: RetentionDays.ONE_DAY,
    dataFiles: [disposableDomainsFile],
  });
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
  const assetDirOf = (logical: string) => {
    const [, fn] = Object.entries(functions).find(([id]) => id.startsWith(logical))!;
    return join(app.outdir, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
  };
  const assetDir = assetDirOf('ProbeFunction');
  cdkBundle = readdirSync(assetDir)
    .sort()
    .map((f) => `${f}:${f.endsWith('.map') ? '' : readFileSync(join(assetDir, f), 'utf8')}`);
  dataAsset = assetDirOf('ProbeWithData');

  // the same entry through esbuild's JS API, as the bench does
  const outfile = join(work, 'api', bundleFileName);
  await build(esbuildBuildOptions(fixtureHandler, outfile));
  apiBundle = readFileSync(outfile, 'utf8');
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('function bundles', () => {
  it('NodejsFunction bundling is derived from the shared esbuild options', () => {
    expect(lambdaBundling).toMatchObject({
      target: esbuildOptions.target,
      format: esbuildOptions.format,
      minify: esbuildOptions.minify,
      sourceMap: esbuildOptions.sourcemap,
      sourcesContent: esbuildOptions.sourcesContent,
      banner: esbuildOptions.banner.js,
      mainFields: esbuildOptions.mainFields,
      externalModules: [],
      bundleAwsSDK: true,
    });
    expect(esbuildOptions).toMatchObject({
      format: 'esm',
      target: 'node22',
      platform: 'node',
      bundle: true,
      minify: true,
      sourcemap: true,
    });
    expect(esbuildOptions.banner.js).toContain('createRequire(import.meta.url)');
  });

  it('the deployed bundle is an ESM .mjs with a source map, byte for byte what esbuild builds from the shared options', () => {
    expect(cdkBundle.map((f) => f.slice(0, f.indexOf(':')))).toEqual([bundleFileName, `${bundleFileName}.map`]);
    const deployed = cdkBundle[0].slice(bundleFileName.length + 1);
    expect(deployed.startsWith(esbuildOptions.banner.js)).toBe(true);
    expect(deployed).toContain(`//# sourceMappingURL=${bundleFileName}.map`);
    expect(deployed).toBe(apiBundle);
  });

  it("middy's node:stream/web import is aliased to the stand-in, in the deployed bundle as in the bench's", () => {
    expect(apiBundle).not.toMatch(/["']node:stream\/web["']/);
    expect(apiBundle).toMatch(/Symbol\.hasInstance/);
    // positive control: without the alias the same entry does import it
    return build({ ...esbuildBuildOptions(fixtureHandler, join(work, 'plain', bundleFileName)), alias: {} }).then(
      () => {
        expect(readFileSync(join(work, 'plain', bundleFileName), 'utf8')).toMatch(/["']node:stream\/web["']/);
      },
    );
  });
});

describe('data files', () => {
  it('ship beside index.mjs, byte for byte the package file; functions without any ship none', () => {
    expect(readdirSync(dataAsset).sort()).toEqual(
      [disposableDomainsFile.name, bundleFileName, `${bundleFileName}.map`].sort(),
    );
    expect(readFileSync(join(dataAsset, disposableDomainsFile.name), 'utf8')).toBe(
      readFileSync(dataFileSource(disposableDomainsFile), 'utf8'),
    );
    expect(cdkBundle.map((f) => f.slice(0, f.indexOf(':')))).not.toContain(disposableDomainsFile.name);
    expect(routes.find((r) => r.operationId === 'createInvitations')?.dataFiles).toEqual([disposableDomainsFile]);
  });

  it('the bundled disposable-domain adapter reads the file beside it, and fails loudly without it', async () => {
    const dir = join(work, 'adapter');
    await build(
      esbuildBuildOptions(
        new URL('../../shared/adapters/disposable-domains.ts', import.meta.url).pathname,
        join(dir, bundleFileName),
      ),
    );
    // without the file (and no node_modules above the temp dir to fall back on), the first lookup throws
    const bare = await import(`${join(dir, bundleFileName)}?bare`);
    expect(() => bare.disposableDomains.isDisposable('mailinator.com')).toThrow();
    writeFileSync(join(dir, disposableDomainsFile.name), readFileSync(dataFileSource(disposableDomainsFile)));
    const shipped = await import(`${join(dir, bundleFileName)}?shipped`);
    expect(shipped.disposableDomains.isDisposable('mailinator.com')).toBe(true);
    expect(shipped.disposableDomains.isDisposable('eu.mailinator.com')).toBe(true);
    expect(shipped.disposableDomains.isDisposable('example.org')).toBe(false);
  });

  it('the bundled phone-numbering adapter reads the numbering plans beside it, and fails loudly without them', async () => {
    const dir = join(work, 'phone-numbering');
    await build(
      esbuildBuildOptions(
        new URL('../../shared/adapters/phone-numbering.ts', import.meta.url).pathname,
        join(dir, bundleFileName),
      ),
    );
    const bare = await import(`${join(dir, bundleFileName)}?bare`);
    expect(() => bare.phoneNumbering.toE164('+1 212 734 5678')).toThrow();
    writeFileSync(join(dir, phoneMetadataFile.name), readFileSync(dataFileSource(phoneMetadataFile)));
    const shipped = await import(`${join(dir, bundleFileName)}?shipped`);
    expect(shipped.phoneNumbering.toE164('+1 212 734 5678')).toBe('+12127345678');
    expect(shipped.phoneNumbering.toE164('+1 555 123 4567')).toBeNull();
    expect(routes.find((r) => r.operationId === 'createNumber')?.dataFiles).toEqual([phoneMetadataFile]);
  });
});

describe('schemas a function does not use', () => {
  it('stay out of its bundle, also those in the schema files it imports; the OpenAPI function keeps them all (positive control)', async () => {
    const built = async (name: string) => {
      const outfile = join(work, 'schemas', name, bundleFileName);
      await build(esbuildBuildOptions(new URL(`../../functions/${name}.ts`, import.meta.url).pathname, outfile));
      return readFileSync(outfile, 'utf8');
    };
    const [mfa, openapi] = await Promise.all([built('complete-mfa-sign-in'), built('get-openapi')]);
    // messages of request schemas in the files the MFA function imports from (lifecycle.ts, common.ts), and a field
    // name only a response schema of lifecycle.ts has (TotpEnrollment)
    for (const marker of ['must be an event type', 'E.164 number', 'otpauthUri']) {
      expect(mfa.includes(marker), `${marker} in the MFA sign-in bundle`).toBe(false);
      expect(openapi.includes(marker), `${marker} in the OpenAPI bundle`).toBe(true);
    }
    expect(mfa.includes('must be the 6-digit code from the authenticator')).toBe(true);
  });

  it('a GET handler bundles no response schema and no other operation: responses are named, the table stays out', async () => {
    const built = async (name: string) => {
      const outfile = join(work, 'responses', name, bundleFileName);
      await build(esbuildBuildOptions(new URL(`../../functions/${name}.ts`, import.meta.url).pathname, outfile));
      return readFileSync(outfile, 'utf8');
    };
    const [getUser, listUsers, openapi] = await Promise.all([
      built('get-user'),
      built('list-users'),
      built('get-openapi'),
    ]);
    // valibot's timestamp check and nullable wrapper: only response schemas use them (User, UserDetail, page(User));
    // another operation's summary would mean the route table came along
    const markers = ['type:"iso_timestamp"', 'type:"nullable"', 'Liveness check', 'Read an organisation unit'];
    for (const marker of markers) {
      expect(getUser.includes(marker), `${marker} in the get-user bundle`).toBe(false);
      expect(listUsers.includes(marker), `${marker} in the list-users bundle`).toBe(false);
      expect(openapi.includes(marker), `${marker} in the OpenAPI bundle`).toBe(true);
    }
    // its own declaration and its query schema do come along
    expect(getUser.includes('Read a user, with their effective settings and permissions')).toBe(true);
    expect(listUsers.includes('List users by username, page by page')).toBe(true);
    expect(listUsers.includes('type:"strict_object"')).toBe(true);
  });
});

describe('the node:stream/web stand-in', () => {
  it('answers instanceof as the real class does', async () => {
    const shim = await import('../../infra/shims/stream-web.ts');
    expect(new globalThis.ReadableStream() instanceof (shim.ReadableStream as never)).toBe(true);
    expect({} instanceof (shim.ReadableStream as never)).toBe(false);
    expect(('body' as unknown as object) instanceof (shim.ReadableStream as never)).toBe(false);
  });
});
