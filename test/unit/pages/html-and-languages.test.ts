import { describe, expect, it } from 'vitest';
import { effectiveBrand, defaultDeploymentBrand } from '#domain/brand.ts';
import { html, safeUrl, trusted } from '#domain/html.ts';
import { acceptedLanguages, pickLanguage } from '#domain/i18n.ts';
import { brokenPasswordRules, textOn } from '#http/pages/layout.ts';

describe('the html template tag', () => {
  it('escapes every value, in text and in attributes', () => {
    const name = `"><script>alert('x')</script>&`;
    expect(String(html`<p title="${name}">${name}</p>`)).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>',
    );
  });

  it('takes markup only from itself or trusted(), joins arrays and drops null, undefined and false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(String(html`<p>${inner}${[html`<br>`, '<br>']}${null}${undefined}${false}${0}</p>`)).toBe(
      '<p><b>&lt;i&gt;</b><br>&lt;br&gt;0</p>',
    );
    expect(String(html`${trusted('<svg></svg>')}`)).toBe('<svg></svg>');
    // a string that looks like markup stays text
    expect(String(html`${'<svg></svg>'}`)).toBe('&lt;svg&gt;&lt;/svg&gt;');
  });

  it('lets only https, http, mailto and image data URLs into href and src', () => {
    expect(safeUrl('https://cdn.example/logo.png')).toBe('https://cdn.example/logo.png');
    expect(safeUrl('mailto:help@example.com')).toBe('mailto:help@example.com');
    expect(safeUrl('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'vbscript:x',
      'data:text/html;base64,PHA+',
      '//evil.example',
      '/relative',
      '',
      null,
    ])
      expect(safeUrl(bad), String(bad)).toBeUndefined();
  });
});

describe('languages', () => {
  it('picks the member’s, then the account’s, then the browser’s, then English', () => {
    expect(pickLanguage('de', 'fr', 'es')).toBe('de');
    expect(pickLanguage(null, 'fr-CA', 'es')).toBe('fr');
    expect(pickLanguage(undefined, 'pt', ...acceptedLanguages('es-MX,de;q=0.8'))).toBe('es');
    expect(pickLanguage('pt-BR', 'it', ...acceptedLanguages('ja'))).toBe('en');
  });

  it('reads Accept-Language by weight, dropping * and q=0', () => {
    expect(acceptedLanguages('fr;q=0.5, de-CH, en;q=0.9, *;q=0.1, es;q=0')).toEqual(['de-CH', 'en', 'fr']);
    expect(acceptedLanguages(undefined)).toEqual([]);
    // a header of 30 tags is read up to its 20th (a browser sends a handful; a longer one is not a browser's)
    const thirty = Array.from({ length: 30 }, (_, i) => `x${i}`).join(',');
    expect(acceptedLanguages(thirty)).toEqual(Array.from({ length: 20 }, (_, i) => `x${i}`));
  });
});

describe('page pieces', () => {
  it('names each password rule a password breaks', () => {
    expect(brokenPasswordRules('short')).toEqual(['length', 'upper', 'digit']);
    expect(brokenPasswordRules(' Correct-Horse-Battery-9')).toEqual(['spaces']);
    expect(brokenPasswordRules('Correct-Horse-Battery-9')).toEqual([]);
  });

  it('writes dark text on a light brand colour and white on a dark one', () => {
    expect(textOn('#ffdd00')).toBe('#111111');
    expect(textOn('#1f5fbf')).toBe('#ffffff');
    expect(textOn('not a colour')).toBe('#ffffff');
  });

  it('falls back to the deployment brand field by field', () => {
    const deployment = { ...defaultDeploymentBrand, brandName: 'Acme Telecom', supportEmail: 'help@acme.example' };
    expect(effectiveBrand(deployment, { displayName: 'Reseller', primaryColor: '#aa0000' })).toMatchObject({
      name: 'Reseller',
      mailFromName: 'Reseller',
      primaryColor: '#aa0000',
      supportEmail: 'help@acme.example',
    });
    expect(effectiveBrand(deployment).name).toBe('Acme Telecom');
  });
});
