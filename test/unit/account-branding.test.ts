/** An account's own brand: the operator sets and removes it, the operator and account managers read it. */
import { describe, expect, it } from 'vitest';
import { defaultDeploymentBrand, LOGO_DATA_URL_MAX_LENGTH } from '#domain/brand.ts';
import { deleteAccountBranding, getAccountBranding, putAccountBranding } from '#use-cases/branding.ts';
import { memberOrOperatorAuth } from '#http/authenticate.ts';
import { openApiDocument } from '#http/openapi.ts';
import type { IdentityStore } from '#ports/identities.ts';
import { world } from '../builders/memory.ts';

const operator = { kind: 'operator' } as const;
const acme = {
  displayName: 'Acme Telecom',
  logoUrl: 'https://cdn.acme.example/logo.png',
  primaryColor: '#0a7d4f',
  supportEmail: 'help@acme.example',
};

async function brandedWorld() {
  const w = await world();
  const deps = {
    ...w.deps,
    settings: { ...w.deps.settings, brand: { ...defaultDeploymentBrand, legalFooter: 'Prov' } },
  };
  const stored = () => w.dir.accounts.get(w.account.id)!;
  const events = () => w.dir.events.filter((e) => e.type === 'account.branding_updated');
  return { ...w, deps, stored, events };
}

describe('setting an account brand (operator)', () => {
  it('stores the brand on the account, answers it with the effective brand, and records the changed fields', async () => {
    const w = await brandedWorld();
    const answer = await putAccountBranding(w.deps, operator, w.account.id, acme);
    expect(answer.account).toEqual(acme);
    expect(answer.effective).toEqual({
      name: 'Acme Telecom',
      mailFromName: 'Acme Telecom',
      logoUrl: acme.logoUrl,
      primaryColor: acme.primaryColor,
      supportEmail: acme.supportEmail,
      supportUrl: null,
      legalFooter: 'Prov',
    });
    expect(w.stored()).toMatchObject({ branding: acme, version: answer.version });
    expect(answer.version).toBe(w.account.version + 1);
    expect(w.events()).toMatchObject([
      {
        accountId: w.account.id,
        actor: { kind: 'operator' },
        details: { changed: ['displayName', 'logoUrl', 'primaryColor', 'supportEmail'], removed: false },
      },
    ]);
  });

  it('replaces the whole brand: fields left out fall back to the deployment; the event names what changed', async () => {
    const w = await brandedWorld();
    await putAccountBranding(w.deps, operator, w.account.id, acme);
    const answer = await putAccountBranding(w.deps, operator, w.account.id, { ...acme, logoUrl: undefined });
    expect(answer.account).toEqual({
      displayName: acme.displayName,
      primaryColor: acme.primaryColor,
      supportEmail: acme.supportEmail,
    });
    expect(answer.effective.logoUrl).toBeNull();
    expect(w.events().at(-1)?.details).toEqual({ changed: ['logoUrl'], removed: false });
  });

  it('writes nothing when nothing changes (no new version, no event)', async () => {
    const w = await brandedWorld();
    const first = await putAccountBranding(w.deps, operator, w.account.id, acme);
    const again = await putAccountBranding(w.deps, operator, w.account.id, { ...acme });
    expect(again.version).toBe(first.version);
    expect(w.events()).toHaveLength(1);
  });

  it.each([
    ['a javascript: logo', { logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
    ['a colour that is not hex', { primaryColor: 'rgb(0,0,0)' }, 'primaryColor'],
    ['a display name with a control character', { displayName: 'Acme\u0000Telecom' }, 'displayName'],
    ['an oversized data URL', { logoUrl: `data:image/png;base64,${'A'.repeat(LOGO_DATA_URL_MAX_LENGTH)}` }, 'logoUrl'],
  ])('refuses %s with 400 and changes nothing', async (_, bad, path) => {
    const w = await brandedWorld();
    await putAccountBranding(w.deps, operator, w.account.id, { primaryColor: '#111111' });
    const before = w.stored();
    await expect(putAccountBranding(w.deps, operator, w.account.id, { ...acme, ...bad })).rejects.toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [expect.objectContaining({ path })],
    });
    expect(w.stored()).toEqual(before);
    expect(w.events()).toHaveLength(1);
  });

  it('honours If-Match: a stale version is 412 and changes nothing; the current one writes', async () => {
    const w = await brandedWorld();
    const version = w.stored().version;
    await expect(putAccountBranding(w.deps, operator, w.account.id, acme, version + 1)).rejects.toMatchObject({
      status: 412,
    });
    expect(w.stored().branding).toBeUndefined();
    await putAccountBranding(w.deps, operator, w.account.id, acme, version);
    expect(w.stored().branding).toEqual(acme);
  });

  it('answers 404 for an account that does not exist', async () => {
    const w = await brandedWorld();
    await expect(putAccountBranding(w.deps, operator, 'nope', acme)).rejects.toMatchObject({ status: 404 });
  });
});

describe('removing an account brand (operator)', () => {
  it('takes the attribute away (the deployment brand shows again) and records the removed fields', async () => {
    const w = await brandedWorld();
    await putAccountBranding(w.deps, operator, w.account.id, { displayName: 'Acme', primaryColor: '#222222' });
    const answer = await deleteAccountBranding(w.deps, operator, w.account.id);
    expect('branding' in w.stored()).toBe(false);
    expect(answer.effective).toMatchObject({ name: 'Switchboard', primaryColor: defaultDeploymentBrand.primaryColor });
    expect(w.events().at(-1)?.details).toEqual({ changed: ['displayName', 'primaryColor'], removed: true });
    // again: nothing to remove, nothing written
    await deleteAccountBranding(w.deps, operator, w.account.id);
    expect(w.events()).toHaveLength(2);
  });
});

describe('reading an account brand', () => {
  it('the operator and the account manager read it; a regular member may not (403)', async () => {
    const w = await brandedWorld();
    await putAccountBranding(w.deps, operator, w.account.id, acme);
    const byOperator = await getAccountBranding(w.deps, operator, w.account.id);
    expect(byOperator.account).toEqual(acme);
    // the manager's caller carries the account as the authorization read found it
    const manager = { ...w.manager(), account: w.stored() };
    expect((await getAccountBranding(w.deps, manager, w.account.id)).effective.name).toBe('Acme Telecom');
    const { caller } = await w.member('mia@acme.test');
    await expect(getAccountBranding(w.deps, caller(), w.account.id)).rejects.toMatchObject({ status: 403 });
  });

  it('without a brand of its own: an empty account brand and the deployment brand', async () => {
    const w = await brandedWorld();
    const answer = await getAccountBranding(w.deps, operator, w.account.id);
    expect(answer.account).toEqual({});
    expect(answer.effective).toMatchObject({ name: 'Switchboard', legalFooter: 'Prov' });
  });
});

describe('the member-or-operator authentication of GET …/branding', () => {
  const auth = memberOrOperatorAuth.authenticator(
    { identity: {} as IdentityStore, operatorKey: async () => 'the-key' },
    { operationId: 'getAccountBranding', path: '/v1/accounts/{accountId}/branding' },
  );

  it('takes a request with the right X-Operator-Key as the operator (positive control)', async () => {
    expect(await auth.authenticate({ 'x-operator-key': 'the-key' }, { accountId: 'a1' })).toEqual({ kind: 'operator' });
  });

  it('refuses a wrong operator key with 401, even beside a bearer token (no fall back to it)', async () => {
    await expect(
      auth.authenticate({ 'x-operator-key': 'wrong', authorization: 'Bearer a.b.c' }, { accountId: 'a1' }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('without X-Operator-Key wants a member credential (401 without one)', async () => {
    await expect(auth.authenticate({}, { accountId: 'a1' })).rejects.toMatchObject({
      status: 401,
      detail: expect.stringMatching(/bearer/i),
    });
  });

  it('needs both the identity store and the operator key in its wiring', () => {
    expect(() =>
      memberOrOperatorAuth.authenticator(
        { operatorKey: async () => 'k' },
        { operationId: 'getAccountBranding', path: '/v1/accounts/{accountId}/branding' },
      ),
    ).toThrow(/identity store and the operator key/);
  });
});

describe('the branding routes in OpenAPI', () => {
  type Op = { security: unknown[]; parameters?: { name: string; required: boolean }[]; requestBody?: any };
  const path = (openApiDocument() as { paths: Record<string, Record<string, Op>> }).paths[
    '/v1/accounts/{accountId}/branding'
  ];

  it('GET takes a bearer token or the operator key; PUT and DELETE the operator key', () => {
    expect(path.get.security).toEqual([{ bearer: [] }, { operatorKey: [] }]);
    expect(path.get.parameters?.find((p) => p.name === 'X-Operator-Key')?.required).toBe(false);
    expect(path.put.security).toEqual([{ operatorKey: [] }]);
    expect(path.delete.security).toEqual([{ operatorKey: [] }]);
  });

  it('PUT takes the four fields and nothing else', () => {
    const body = path.put.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(body.properties).sort()).toEqual(['displayName', 'logoUrl', 'primaryColor', 'supportEmail']);
  });
});
