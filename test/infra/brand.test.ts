/**
 * The deployment settings the hosted pages and mails need: the brand and the app URL.
 * The deployment brand (context `brand`) is checked at synth with the API's own rules and ships beside every
 * function's bundle as deployment-brand.json (not in the environment: Lambda allows 4 KB of it, a data URL logo may
 * take 20 KB). Synthesizes a two-route table (a public and an operator route), so it stays quick; the real bundles
 * are built for those two, the scheduled cleanup job and the import worker only.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentBrandFileName } from '#config/data-files.ts';
import { settingNames } from '#config/env.ts';
import { jobs, queueWorkers } from '#config/jobs.ts';
import { defaultDeploymentBrand, LOGO_DATA_URL_MAX_LENGTH } from '#domain/brand.ts';
import { routes } from '#http/routes.ts';
import { App } from 'aws-cdk-lib';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { bundleFileName, esbuildBuildOptions } from '../../infra/bundling.ts';
import { readSettings } from '../../infra/settings.ts';
import { synthesize, type Synthesized } from './support.ts';

/** The settings synth reads (what `cdk synth` checks before it builds anything). */
const settingsWith = (context: Record<string, unknown>) =>
  readSettings(new App({ context: { ...cdkJson.context, ...context } }).node);

const acme = {
  brandName: 'Acme Telecom',
  logoUrl: 'https://cdn.acme.example/logo.svg',
  primaryColor: '#0a7d4f',
  supportEmail: 'support@acme.example',
  supportUrl: 'https://acme.example/help',
  legalFooter: 'Acme Telecom GmbH, Berlin',
};
const few = routes.filter((r) => r.operationId === 'getHealth' || r.operationId === 'createAccount');

let s: Synthesized;
let withAppUrl: Synthesized;
beforeAll(() => {
  s = synthesize({ routes: few, jobs: [], queueWorkers: [], context: { brand: acme } });
  withAppUrl = synthesize({ routes: few, jobs: [], queueWorkers: [], context: { appUrl: 'https://app.acme.example' } });
});

const environmentOf = (synth: Synthesized, operationId: string) =>
  synth.operation(few.find((r) => r.operationId === operationId)!).function.Properties!.Environment.Variables as Record<
    string,
    unknown
  >;

describe('the deployment brand (context "brand")', () => {
  it('is handed to every function to ship beside its bundle (unset fields from the default), not in BRAND', () => {
    expect(few).toHaveLength(2);
    for (const route of few) {
      const fn = s.operation(route).area.nested.functions.get(route.operationId)!;
      expect(fn.brand, route.operationId).toEqual({ ...acme, mailFromName: 'Acme Telecom' });
      expect(environmentOf(s, route.operationId)[settingNames.brand], route.operationId).toBeUndefined();
    }
  });

  it('takes the brand as JSON text too (-c brand=...), and the default brand without any', () => {
    expect(settingsWith({ brand: JSON.stringify(acme) }).brand.brandName).toBe('Acme Telecom');
    expect(settingsWith({ brand: undefined }).brand).toEqual(defaultDeploymentBrand);
  });

  it.each([
    ['a javascript: logo', { logoUrl: 'javascript:alert(1)' }, /"brand\.logoUrl" must be an https URL/],
    ['a named colour', { primaryColor: 'green' }, /"brand\.primaryColor" must be a colour as #rrggbb/],
    [
      'a control character in the name',
      { brandName: 'Acme\u0007' },
      /"brand\.brandName" must not contain control characters/,
    ],
    ['an http support URL', { supportUrl: 'http://acme.example' }, /"brand\.supportUrl" must be an https URL/],
    [
      'a footer of 501 characters',
      { legalFooter: 'x'.repeat(501) },
      /"brand\.legalFooter" must be at most 500 characters/,
    ],
    ['an unknown field', { colour: '#000000' }, /"brand\.colour" is not a field of the deployment brand/],
    [
      'a data URL logo over 20 KB',
      { logoUrl: `data:image/png;base64,${'A'.repeat(LOGO_DATA_URL_MAX_LENGTH)}` },
      /"brand\.logoUrl" as a data URL must be at most 20480 characters/,
    ],
  ])('fails synth with the field and the rule: %s', (_, override, message) => {
    expect(() => settingsWith({ brand: { ...acme, ...override } })).toThrow(message);
  });

  it('fails synth on brand text that is not JSON', () => {
    expect(() => settingsWith({ brand: '{brandName: Acme' })).toThrow(/"brand" must be a JSON object/);
  });
});

describe('appUrl (context "appUrl", optional)', () => {
  it("unset: every function gets the HTTP API's own URL, so mailed links open the hosted pages", () => {
    const [apiId] = Object.keys(s.root.findResources('AWS::ApiGatewayV2::Api'));
    expect(s.settings.appUrl).toBeUndefined();
    for (const route of few) {
      const value = environmentOf(s, route.operationId)[settingNames.appUrl] as { Ref: string };
      expect(s.fromRoot(route.area, value), route.operationId).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
    }
  });

  it('unset: no dependency cycle: the API depends on no area stack, and the template synthesizes', () => {
    const [api] = Object.values(s.rootJson.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Api');
    const nested = Object.entries(s.rootJson.Resources)
      .filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack')
      .map(([id]) => id);
    expect(nested.length).toBeGreaterThan(0);
    for (const id of nested) expect(JSON.stringify(api), id).not.toContain(id);
    expect(api.DependsOn ?? []).toEqual([]);
  });

  it('set: every function gets it as given (positive control)', () => {
    for (const route of few)
      expect(environmentOf(withAppUrl, route.operationId)[settingNames.appUrl], route.operationId).toBe(
        'https://app.acme.example',
      );
  });
});

/** A data URL logo of 19 KB: room in the domain's 20 KB, five times what a function's whole environment may hold. */
const bigLogo = `data:image/png;base64,${'A'.repeat(19 * 1024 - 'data:image/png;base64,'.length)}`;
const bigBrand = { ...acme, logoUrl: bigLogo };

describe('the deployment brand ships as a file beside every bundle (real bundles)', () => {
  const work = mkdtempSync(join(tmpdir(), 'switchboard-brand-'));
  const health = few.find((r) => r.operationId === 'getHealth')!;
  const cleanup = jobs.find((j) => j.name === 'cleanupInvitations')!;
  const importer = queueWorkers.find((w) => w.name === 'processImport')!;
  /** Synthesized with bundling on (support.ts skips it by default): local esbuild, as `cdk synth` does. */
  const bundled = (brand: object, only: { routes: typeof few; withJobAndWorker: boolean }) =>
    synthesize({
      routes: only.routes,
      jobs: only.withJobAndWorker ? [cleanup] : [],
      queueWorkers: only.withJobAndWorker ? [importer] : [],
      context: { brand, 'aws:cdk:bundling-stacks': ['**'] },
    });
  /** A function's asset directory in the cloud assembly, and its hash. */
  const assetOf = (synth: Synthesized, operationId: string) => {
    for (const area of synth.areas) {
      const fn = area.nested.functions.get(operationId);
      if (!fn) continue;
      const resource = area.json.Resources[area.nested.getLogicalId(fn.function.node.defaultChild as never)];
      const hash = (resource.Properties!.Code.S3Key as string).replace(/\.zip$/, '');
      return { hash, dir: join(synth.app.outdir, `asset.${hash}`), environment: resource.Properties!.Environment };
    }
    throw new Error(`no function ${operationId}`);
  };
  let big: Synthesized;
  beforeAll(() => {
    big = bundled(bigBrand, { routes: few, withJobAndWorker: true });
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('a 19 KB data URL logo synthesizes; routes, the cleanup job and the import worker all ship it, none in BRAND', () => {
    expect(bigLogo.length).toBe(19 * 1024);
    expect(big.settings.brand.logoUrl).toBe(bigLogo);
    const names = [...few.map((r) => r.operationId), cleanup.name, importer.name];
    for (const name of names) {
      const asset = assetOf(big, name);
      expect(readdirSync(asset.dir), name).toContain(deploymentBrandFileName);
      expect(JSON.parse(readFileSync(join(asset.dir, deploymentBrandFileName), 'utf8')), name).toEqual({
        ...bigBrand,
        mailFromName: 'Acme Telecom',
      });
      expect(asset.environment.Variables[settingNames.brand], name).toBeUndefined();
    }
  });

  it('a brand change changes the asset: another brand bundles anew, the same brand gives the same hash', () => {
    const again = bundled(bigBrand, { routes: [health], withJobAndWorker: false });
    const other = bundled(acme, { routes: [health], withJobAndWorker: false });
    const first = assetOf(big, health.operationId);
    // positive control: the same brand and code, bundled again in a new assembly, give the same asset
    expect(assetOf(again, health.operationId).hash).toBe(first.hash);
    const changed = assetOf(other, health.operationId);
    expect(changed.hash).not.toBe(first.hash);
    expect(JSON.parse(readFileSync(join(changed.dir, deploymentBrandFileName), 'utf8')).logoUrl).toBe(acme.logoUrl);
    // the code is the same: only the brand file differs
    expect(readFileSync(join(changed.dir, bundleFileName), 'utf8')).toBe(
      readFileSync(join(first.dir, bundleFileName), 'utf8'),
    );
  }, 180_000);

  it('the bundled runtime reads the brand file beside it, before BRAND; without it BRAND, then the default', async () => {
    const dir = join(work, 'runtime');
    await build(
      esbuildBuildOptions(
        new URL('../../shared/adapters/runtime.ts', import.meta.url).pathname,
        join(dir, bundleFileName),
      ),
    );
    const saved = { brand: process.env[settingNames.brand], appUrl: process.env[settingNames.appUrl] };
    process.env[settingNames.appUrl] = 'https://app.example';
    try {
      delete process.env[settingNames.brand];
      const bare = await import(`${join(dir, bundleFileName)}?bare`);
      expect(bare.settings().brand).toEqual(defaultDeploymentBrand);
      process.env[settingNames.brand] = JSON.stringify({ brandName: 'From BRAND' });
      const fromEnv = await import(`${join(dir, bundleFileName)}?env`);
      expect(fromEnv.settings().brand).toEqual({ ...defaultDeploymentBrand, brandName: 'From BRAND' });
      // the file a real synth wrote, with BRAND still set: the file wins, read once per container
      writeFileSync(
        join(dir, deploymentBrandFileName),
        readFileSync(join(assetOf(big, health.operationId).dir, deploymentBrandFileName)),
      );
      const shipped = await import(`${join(dir, bundleFileName)}?shipped`);
      expect(shipped.settings().brand).toEqual({ ...bigBrand, mailFromName: 'Acme Telecom' });
      writeFileSync(join(dir, deploymentBrandFileName), JSON.stringify({ brandName: 'Later' }));
      expect(shipped.settings().brand.logoUrl).toBe(bigLogo);
    } finally {
      for (const [key, value] of [
        [settingNames.brand, saved.brand],
        [settingNames.appUrl, saved.appUrl],
      ] as const)
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
  });
});
