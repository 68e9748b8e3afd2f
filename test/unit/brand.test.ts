import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkAccountBrand,
  checkDeploymentBrand,
  defaultDeploymentBrand,
  deploymentBrandFrom,
  effectiveBrand,
  LOGO_DATA_URL_MAX_LENGTH,
} from '#domain/brand.ts';
import { deploymentBrand, loadDeploymentBrand } from '#adapters/runtime.ts';
import { readLocalBrand } from '../../local/config.ts';

const png = (length: number) => `data:image/png;base64,${'A'.repeat(length - 'data:image/png;base64,'.length)}`;
const paths = (problems: { path: string }[]) => problems.map((p) => p.path);

describe('the account brand rules', () => {
  it('accepts a full brand, a partial one and an empty one (positive controls)', () => {
    expect(
      checkAccountBrand({
        displayName: 'Acme Telecom',
        logoUrl: 'https://cdn.acme.example/logo.png',
        primaryColor: '#A1b2C3',
        supportEmail: 'help@acme.example',
      }),
    ).toEqual([]);
    expect(checkAccountBrand({ primaryColor: '#000000' })).toEqual([]);
    expect(checkAccountBrand({})).toEqual([]);
    expect(checkAccountBrand({ logoUrl: png(LOGO_DATA_URL_MAX_LENGTH) })).toEqual([]);
    expect(checkAccountBrand({ logoUrl: 'data:image/svg+xml;base64,PHN2Zy8+' })).toEqual([]);
  });

  it.each([
    ['a javascript: URL', { logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
    ['an http URL', { logoUrl: 'http://cdn.acme.example/logo.png' }, 'logoUrl'],
    ['a URL with credentials', { logoUrl: 'https://u:p@cdn.acme.example/logo.png' }, 'logoUrl'],
    ['a data URL of HTML', { logoUrl: 'data:text/html;base64,PHNjcmlwdD4=' }, 'logoUrl'],
    ['a data URL that is not base64', { logoUrl: 'data:image/png,<svg onload=x>' }, 'logoUrl'],
    ['an oversized data URL', { logoUrl: png(LOGO_DATA_URL_MAX_LENGTH + 1) }, 'logoUrl'],
    ['a named colour', { primaryColor: 'red' }, 'primaryColor'],
    ['a short hex colour', { primaryColor: '#fff' }, 'primaryColor'],
    ['a colour with CSS after it', { primaryColor: '#ffffff;background:url(x)' }, 'primaryColor'],
    ['a display name with a control character', { displayName: 'Acme\u0007Telecom' }, 'displayName'],
    ['a display name with a bidi override', { displayName: 'Acme\u202eTelecom' }, 'displayName'],
    ['a display name over 100 characters', { displayName: 'x'.repeat(101) }, 'displayName'],
    ['an empty display name', { displayName: '' }, 'displayName'],
    ['a support address that is not one', { supportEmail: 'help at acme' }, 'supportEmail'],
    ['an unknown field', { footer: 'x' }, 'footer'],
    ['a number', { primaryColor: 0xffffff }, 'primaryColor'],
  ])('refuses %s', (_, brand, path) => {
    const problems = checkAccountBrand(brand);
    expect(paths(problems)).toEqual([path]);
    expect(problems[0].message).not.toBe('');
  });
});

describe('the deployment brand rules', () => {
  const full = {
    brandName: 'Acme Telecom',
    mailFromName: 'Acme Telecom Support',
    logoUrl: 'https://cdn.acme.example/logo.svg',
    primaryColor: '#0a7d4f',
    supportEmail: 'support@acme.example',
    supportUrl: 'https://acme.example/help',
    legalFooter: 'Acme Telecom GmbH · Hauptstraße 1 · 10115 Berlin\nRegistered at Amtsgericht Berlin',
  };

  it('accepts a full brand and the default one (positive controls)', () => {
    expect(checkDeploymentBrand(full)).toEqual([]);
    expect(checkDeploymentBrand(defaultDeploymentBrand)).toEqual([]);
  });

  it('fills unset fields from the defaults, and the sender name from the brand name', () => {
    expect(deploymentBrandFrom({ brandName: 'Acme Telecom', primaryColor: undefined })).toEqual({
      brand: { ...defaultDeploymentBrand, brandName: 'Acme Telecom', mailFromName: 'Acme Telecom' },
      problems: [],
    });
    expect(deploymentBrandFrom({})).toEqual({ brand: defaultDeploymentBrand, problems: [] });
    expect(paths(deploymentBrandFrom({ brandName: 'Acme', primaryColor: 'green' }).problems)).toEqual(['primaryColor']);
  });

  it.each([
    ['a supportUrl that is not https', { supportUrl: 'http://acme.example/help' }, 'supportUrl'],
    ['a javascript: supportUrl', { supportUrl: 'javascript:alert(1)' }, 'supportUrl'],
    ['a legal footer over 500 characters', { legalFooter: 'x'.repeat(501) }, 'legalFooter'],
    ['a legal footer with a control character', { legalFooter: 'Acme\u0000' }, 'legalFooter'],
    ['a missing brand name', { brandName: undefined }, 'brandName'],
    ['a null colour', { primaryColor: null }, 'primaryColor'],
    ['a mail sender name with a line break', { mailFromName: 'Acme\r\nBcc: x@y.z' }, 'mailFromName'],
    ['an unknown field', { colour: '#000000' }, 'colour'],
  ])('refuses %s', (_, override, path) => {
    expect(paths(checkDeploymentBrand({ ...full, ...override }))).toEqual([path]);
  });

  it('refuses what is not an object', () => {
    expect(paths(checkDeploymentBrand('Acme'))).toEqual(['']);
    expect(paths(checkDeploymentBrand(['Acme']))).toEqual(['']);
  });
});

describe('the effective brand', () => {
  it('takes the account fields it set and the deployment fields otherwise', () => {
    const { brand: deployment } = deploymentBrandFrom({ brandName: 'Acme Telecom', legalFooter: 'Acme GmbH' });
    expect(effectiveBrand(deployment, { primaryColor: '#112233' })).toMatchObject({
      name: 'Acme Telecom',
      primaryColor: '#112233',
      legalFooter: 'Acme GmbH',
    });
  });
});

describe('the deployment brand in the environment', () => {
  it('locally: BRAND_* fill the brand; unset and empty variables keep the default (positive control)', () => {
    expect(readLocalBrand({})).toEqual(defaultDeploymentBrand);
    expect(
      readLocalBrand({
        BRAND_NAME: 'Acme Telecom',
        BRAND_PRIMARY_COLOR: '#0a7d4f',
        BRAND_SUPPORT_EMAIL: 'support@acme.example',
        BRAND_LOGO_URL: '',
      }),
    ).toEqual({
      ...defaultDeploymentBrand,
      brandName: 'Acme Telecom',
      mailFromName: 'Acme Telecom',
      primaryColor: '#0a7d4f',
      supportEmail: 'support@acme.example',
    });
  });

  it('locally: a bad value stops the start with every variable at fault named', () => {
    const read = () => readLocalBrand({ BRAND_PRIMARY_COLOR: 'green', BRAND_SUPPORT_URL: 'javascript:alert(1)' });
    expect(read).toThrow(/BRAND_PRIMARY_COLOR must be a colour as #rrggbb/);
    expect(read).toThrow(/BRAND_SUPPORT_URL must be an https URL/);
  });

  it('in a function: BRAND is the JSON the stack set; without it, the default brand', () => {
    const acme = { ...defaultDeploymentBrand, brandName: 'Acme Telecom', mailFromName: 'Acme' };
    expect(deploymentBrand(JSON.stringify(acme))).toEqual(acme);
    expect(deploymentBrand(undefined)).toEqual(defaultDeploymentBrand);
    expect(deploymentBrand(JSON.stringify({ brandName: 'Acme' }))).toEqual({
      ...defaultDeploymentBrand,
      brandName: 'Acme',
    });
    expect(() => deploymentBrand('{not json')).toThrow(/BRAND must be the deployment brand as JSON/);
  });

  it('in a function: the brand file beside the bundle wins over BRAND; without the file, BRAND, then the default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-brand-file-'));
    try {
      const file = join(dir, 'deployment-brand.json');
      const fromEnv = JSON.stringify({ brandName: 'From BRAND' });
      // no file (run from source, `npm start`): BRAND, else the default
      expect(loadDeploymentBrand(file, fromEnv)).toEqual({ ...defaultDeploymentBrand, brandName: 'From BRAND' });
      expect(loadDeploymentBrand(file, undefined)).toEqual(defaultDeploymentBrand);
      writeFileSync(file, JSON.stringify({ brandName: 'From the file', primaryColor: '#0a7d4f' }));
      const fromFile = { ...defaultDeploymentBrand, brandName: 'From the file', primaryColor: '#0a7d4f' };
      expect(loadDeploymentBrand(file, fromEnv)).toEqual(fromFile);
      expect(loadDeploymentBrand(file, undefined)).toEqual(fromFile);
      writeFileSync(file, '{not json');
      expect(() => loadDeploymentBrand(file, fromEnv)).toThrow(
        /deployment brand file .*deployment-brand\.json must be/,
      );
      writeFileSync(file, '[]');
      expect(() => loadDeploymentBrand(file, undefined)).toThrow(/must be the deployment brand as JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
