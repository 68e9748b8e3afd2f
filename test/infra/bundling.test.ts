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
import { catalogueFiles, disposableDomainsFile, phoneMetadataFile } from '#config/data-files.ts';
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

const tracingProbe = new URL('./fixtures/tracing-probe.ts', import.meta.url).pathname;
const tracedClientProbe = new URL('./fixtures/traced-client-probe.ts', import.meta.url).pathname;

const work = mkdtempSync(join(tmpdir(), 'switchboard-bundling-'));
let cdkBundle: string[];
let apiBundle: string;
let dataAsset: string;
/** The tracing probe's index.mjs as NodejsFunction built it, with context tracing off and on. */
let tracedBundle: string;
let untracedBundle: string;
/** A handler whose SDK client goes through the real tracing module, built with tracing off and on. */
let realTracingOff: string;
let realTracingOn: string;

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
  for (const tracing of [false, true])
    new ApiFunction(stack, tracing ? 'Traced' : 'Untraced', {
      stage: 'test',
      area: 'platform',
      operationId: tracing ? 'traced' : 'untraced',
      entry: tracingProbe,
      description: 'tracing define probe',
      role,
      environment: {},
      logRetention: RetentionDays.ONE_DAY,
      observability: { tracing, debugLogSampleRate: 0 },
    });
  for (const tracing of [false, true])
    new ApiFunction(stack, tracing ? 'RealTraced' : 'RealUntraced', {
      stage: 'test',
      area: 'platform',
      operationId: tracing ? 'realTraced' : 'realUntraced',
      entry: tracedClientProbe,
      description: 'tracing module probe',
      role,
      environment: {},
      logRetention: RetentionDays.ONE_DAY,
      observability: { tracing, debugLogSampleRate: 0 },
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
  tracedBundle = readFileSync(join(assetDirOf('TracedFunction'), bundleFileName), 'utf8');
  untracedBundle = readFileSync(join(assetDirOf('UntracedFunction'), bundleFileName), 'utf8');
  realTracingOff = readFileSync(join(assetDirOf('RealUntracedFunction'), bundleFileName), 'utf8');
  realTracingOn = readFileSync(join(assetDirOf('RealTracedFunction'), bundleFileName), 'utf8');

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
      // tracing off unless the deployment turns it on (context tracing): the bench's bundles are the untraced ones
      define: { 'process.env.NODE_ENV': '"production"', 'process.env.SB_TRACING': '"off"' },
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
    const code = cdkBundle.filter((f) => f.startsWith(`${bundleFileName}`));
    expect(code.map((f) => f.slice(0, f.indexOf(':')))).toEqual([bundleFileName, `${bundleFileName}.map`]);
    const deployed = code[0].slice(bundleFileName.length + 1);
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

describe('the tracing flag in the bundle', () => {
  it('with context tracing off the bundle keeps only the untraced branch, on only the traced one', () => {
    expect(untracedBundle).toContain('probe: no tracer');
    expect(untracedBundle).not.toContain('probe: tracer loaded');
    expect(tracedBundle).toContain('probe: tracer loaded');
    expect(tracedBundle).not.toContain('probe: no tracer');
  });

  it('the real tracing module: off, no tracer or X-Ray SDK byte in the bundle; on, both (the control)', () => {
    for (const marker of ['captureAWSv3Client', 'aws-xray-sdk', 'AWSXRay']) {
      expect(realTracingOff, marker).not.toContain(marker);
      expect(realTracingOn, marker).toContain(marker);
    }
    expect(realTracingOn.length - realTracingOff.length).toBeGreaterThan(50_000);
  });

  it('esbuildBuildOptions builds the same bundles: off by default (the bench), on when asked', async () => {
    const built = async (name: string, tracing?: boolean) => {
      const outfile = join(work, 'tracing', name, bundleFileName);
      await build(esbuildBuildOptions(tracingProbe, outfile, tracing === undefined ? {} : { tracing }));
      return readFileSync(outfile, 'utf8');
    };
    expect(await built('default')).toBe(untracedBundle);
    expect(await built('off', false)).toBe(untracedBundle);
    expect(await built('on', true)).toBe(tracedBundle);
  });
});

describe('data files', () => {
  it('ship beside index.mjs, byte for byte the package file; functions without any ship only the catalogues', () => {
    const catalogues = catalogueFiles.map((f) => f.name);
    expect(readdirSync(dataAsset).sort()).toEqual(
      [disposableDomainsFile.name, ...catalogues, bundleFileName, `${bundleFileName}.map`].sort(),
    );
    expect(readFileSync(join(dataAsset, disposableDomainsFile.name), 'utf8')).toBe(
      readFileSync(dataFileSource(disposableDomainsFile), 'utf8'),
    );
    expect(cdkBundle.map((f) => f.slice(0, f.indexOf(':')))).toEqual(
      [...catalogues, bundleFileName, `${bundleFileName}.map`].sort(),
    );
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

describe('message catalogues', () => {
  it('ship beside every function as i18n-<language>.json, byte for byte the compiled catalogue', () => {
    expect(catalogueFiles.map((f) => f.name)).toEqual(['i18n-en.json', 'i18n-de.json', 'i18n-fr.json', 'i18n-es.json']);
    for (const file of catalogueFiles) {
      const shipped = cdkBundle.find((f) => f.startsWith(`${file.name}:`))!;
      expect(shipped.slice(file.name.length + 1)).toBe(readFileSync(dataFileSource(file), 'utf8'));
      expect(dataFileSource(file)).toMatch(/shared\/i18n\/compiled\/(en|de|fr|es)\.json$/);
    }
  });

  it('the bundled translators read the catalogue beside them, and fail loudly without it; lingui ships without its compiler', async () => {
    const dir = join(work, 'translators');
    const adapter = new URL('../../shared/adapters/i18n/translators.ts', import.meta.url).pathname;
    await build(esbuildBuildOptions(adapter, join(dir, bundleFileName)));
    const bundle = readFileSync(join(dir, bundleFileName), 'utf8');
    // the dev-only runtime compiler (and the ICU parser under it) is stripped: the bundle is lingui's runtime only
    expect(bundle).not.toContain('Messages for locale');
    expect(bundle).not.toContain('is not valid with select');
    expect(Buffer.byteLength(bundle)).toBeLessThan(10_000);
    // positive control: without the production define the compiler and its parser come along
    const dev = join(work, 'translators-dev', bundleFileName);
    await build({ ...esbuildBuildOptions(adapter, dev), define: {} });
    expect(readFileSync(dev, 'utf8')).toContain('is not valid with select');
    const bare = await import(`${join(dir, bundleFileName)}?bare`);
    expect(() => bare.translators('de')).toThrow();
    for (const file of catalogueFiles) writeFileSync(join(dir, file.name), readFileSync(dataFileSource(file)));
    const shipped = await import(`${join(dir, bundleFileName)}?shipped`);
    expect(shipped.translators('de').t('mail.greeting', { name: 'Ada' })).toBe('Hallo Ada,');
    expect(shipped.translators('en').t('mail.greeting', { name: 'Ada' })).toBe('Hello Ada,');
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

describe('store code a function does not use', () => {
  it('stays out: a member read bundles no member creation, no data-model text (positive controls)', async () => {
    const built = async (name: string) => {
      const outfile = join(work, 'stores', name, bundleFileName);
      await build(esbuildBuildOptions(new URL(`../../functions/${name}.ts`, import.meta.url).pathname, outfile));
      return readFileSync(outfile, 'utf8');
    };
    // a bundle of given source, resolved from the repository (stdin: nothing is written into the repository)
    const probe = async (name: string, contents: string) => {
      const outfile = join(work, 'stores', name, bundleFileName);
      const resolveDir = new URL('../..', import.meta.url).pathname;
      await build({ ...esbuildBuildOptions('', outfile), entryPoints: undefined, stdin: { contents, resolveDir } });
      return readFileSync(outfile, 'utf8');
    };
    const [getUser, createUser, withDocs, withUlid] = await Promise.all([
      built('get-user'),
      built('create-user'),
      probe('docs', "import { userPatterns } from '#adapters/dynamodb/entities/user.ts'; console.log(userPatterns);"),
      probe('ulid', "import { monotonicFactory } from 'ulid'; console.log(monotonicFactory()());"),
    ]);
    // the member entity's access-pattern text (the data-model document's); the username claim only creation writes
    const docText = 'one page of users by username';
    expect(getUser.includes(docText), 'data-model text in the get-user bundle').toBe(false);
    expect(withDocs.includes(docText)).toBe(true);
    expect(getUser.includes('"UsernameClaim"'), 'member creation in the get-user bundle').toBe(false);
    expect(createUser.includes('"UsernameClaim"')).toBe(true);
    // the ulid package's error table: ids come from the adapter's own generator
    expect(createUser.includes('B32_ENC_INVALID')).toBe(false);
    expect(withUlid.includes('B32_ENC_INVALID')).toBe(true);
  });

  it('stays out: no closing outside closing, no group writes in reads, no summaries or schema documents unread', async () => {
    const built = async (name: string) => {
      const outfile = join(work, 'views', name, bundleFileName);
      await build(esbuildBuildOptions(new URL(`../../functions/${name}.ts`, import.meta.url).pathname, outfile));
      return readFileSync(outfile, 'utf8');
    };
    const names = [
      'deactivate-user',
      'reactivate-user',
      'close-user',
      'list-contacts',
      'get-contact',
      'list-groups',
      'list-group-members',
      'list-user-groups',
      'add-group-member',
      'create-webhook',
      'list-event-types',
      'scim-get-user',
      'scim-get-schema',
    ] as const;
    const b = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await built(n)] as const)));
    const has = (name: (typeof names)[number], marker: string) => b[name].includes(marker);
    // the lifecycle store's closing transaction (with every attachment of a member): only where a member is closed
    for (const name of ['deactivate-user', 'reactivate-user'] as const)
      expect(has(name, 'Closing a member takes'), `the closing store in ${name}`).toBe(false);
    expect(has('close-user', 'Closing a member takes')).toBe(true);
    // the group writes (a membership's refusal): not where groups are only read
    for (const name of [
      'list-contacts',
      'get-contact',
      'list-groups',
      'list-group-members',
      'list-user-groups',
    ] as const)
      expect(has(name, 'A closed member cannot join a group'), `group writes in ${name}`).toBe(false);
    expect(has('add-group-member', 'A closed member cannot join a group')).toBe(true);
    // the event summaries: a subscription checks types alone; GET /v1/event-types lists them
    expect(has('create-webhook', 'account.branding_updated'), 'the event types in create-webhook').toBe(true);
    expect(has('create-webhook', 'A member was created'), 'event summaries in create-webhook').toBe(false);
    expect(has('list-event-types', 'A member was created')).toBe(true);
    // the SCIM schema documents: served by /Schemas, not read by a user read
    expect(has('scim-get-user', 'Unique identifier of the person'), 'schema documents in scim-get-user').toBe(false);
    expect(has('scim-get-schema', 'Unique identifier of the person')).toBe(true);
  });
});

describe('code only some operations of a module use', () => {
  it('stays out of the others: QR library, identity-route reads, invitation acceptance (positive controls)', async () => {
    const built = async (name: string) => {
      const outfile = join(work, 'narrow', name, bundleFileName);
      await build(esbuildBuildOptions(new URL(`../../functions/${name}.ts`, import.meta.url).pathname, outfile));
      return readFileSync(outfile, 'utf8');
    };
    const names = [
      'show-account-page',
      'submit-account-page',
      'update-unit',
      'get-me',
      'revoke-invitation',
      'show-accept-invitation-page',
      'create-invitations',
      'accept-invitation',
    ] as const;
    const b = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await built(n)] as const)));
    const has = (name: (typeof names)[number], marker: string) => b[name].includes(marker);
    // lean-qr's own text (it runs code at load, so it stays wherever its module is imported): only enrolment pages
    expect(has('show-account-page', 'image/png'), 'the QR library in GET /account').toBe(false);
    expect(has('submit-account-page', 'image/png')).toBe(true);
    // the identity's account summaries (the /v1/me authentication's read): not on an account route
    expect(has('update-unit', '["id","name","mfaRequired"]'), 'identity-route reads on an account route').toBe(false);
    expect(has('get-me', '["id","name","mfaRequired"]')).toBe(true);
    // the acceptance hold on an invitation: only where a link is accepted
    for (const name of ['revoke-invitation', 'show-accept-invitation-page', 'create-invitations'] as const)
      expect(has(name, 'SET claimId = :claim'), `invitation acceptance in ${name}`).toBe(false);
    expect(has('accept-invitation', 'SET claimId = :claim')).toBe(true);
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
