/**
 * The deployment settings the hosted pages and mails need: the brand and the app URL.
 * The deployment brand (context `brand`) is checked at synth with the API's own rules and reaches every function as
 * BRAND. Synthesizes a two-route table (a public and an operator route), so it stays quick.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { settingNames } from '#config/env.ts';
import { defaultDeploymentBrand } from '#domain/brand.ts';
import { routes } from '#http/routes.ts';
import { App } from 'aws-cdk-lib';
import cdkJson from '../../cdk.json' with { type: 'json' };
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
  it('reaches every function as BRAND, the JSON of the whole brand (unset fields from the default)', () => {
    expect(few).toHaveLength(2);
    for (const route of few) {
      const brand = JSON.parse(environmentOf(s, route.operationId)[settingNames.brand] as string);
      expect(brand, route.operationId).toEqual({ ...acme, mailFromName: 'Acme Telecom' });
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
      'a 4 KB data URL logo',
      { logoUrl: `data:image/png;base64,${'A'.repeat(4000)}` },
      /more than the 2048 the functions' environment/,
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
