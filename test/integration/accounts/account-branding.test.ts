/**
 * An account's own brand over HTTP: the operator sets, replaces and removes it; the operator and the account's
 * managers read it with the brand in effect; bad values are 400 and change nothing; every change is audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { storedItem } from '../../support/dynamo.ts';
import { expectStatus, newAccount, newMember } from '../../builders/api.ts';

type Account = Awaited<ReturnType<typeof newAccount>>;
let acme: Account;
let other: Account;
const branding = (a: Account) => `/v1/accounts/${a.accountId}/branding`;
const reseller = {
  displayName: 'Acme Telecom',
  logoUrl: 'https://cdn.acme.example/logo.png',
  primaryColor: '#0a7d4f',
  supportEmail: 'help@acme.example',
};

beforeAll(async () => {
  [acme, other] = await Promise.all([newAccount('Brand Co'), newAccount('Other Co')]);
});

const stored = async (a: Account) => storedItem({ PK: `ACCOUNT#${a.accountId}`, SK: 'ACCOUNT' });
const brandingEvents = async (a: Account) => {
  const r = await call('GET', `/v1/accounts/${a.accountId}/events?type=account.branding_updated`, { token: a.token });
  expectStatus(r, 200);
  return (r.body as { items: { actor: unknown; details: unknown }[] }).items;
};

describe('an account brand', () => {
  it('is set by the operator, read by the operator and the account manager, removed back to the deployment brand', async () => {
    const none = await call('GET', branding(acme), { token: acme.token });
    expectStatus(none, 200);
    expect(none.body).toMatchObject({ account: {}, effective: { name: 'Switchboard' } });

    const put = await call('PUT', branding(acme), { operatorKey: true, body: reseller });
    expectStatus(put, 200);
    expect(put.body).toMatchObject({
      account: reseller,
      effective: { name: 'Acme Telecom', mailFromName: 'Acme Telecom' },
    });
    expect(put.headers.etag).toMatch(/^"\d+"$/);
    expect(await stored(acme)).toMatchObject({ branding: reseller });

    for (const reader of [{ token: acme.token }, { operatorKey: true as const }]) {
      const read = await call('GET', branding(acme), reader);
      expectStatus(read, 200);
      expect(read.body).toMatchObject({ account: reseller, effective: { primaryColor: '#0a7d4f' } });
      expect(read.headers.etag).toBe(put.headers.etag);
    }
    // the account itself answers as before: the brand is read at …/branding
    expect((await call('GET', `/v1/accounts/${acme.accountId}`, { token: acme.token })).body).not.toHaveProperty(
      'branding',
    );

    // a replacement drops the fields it leaves out
    const replaced = await call('PUT', branding(acme), { operatorKey: true, body: { displayName: 'Acme Mobile' } });
    expectStatus(replaced, 200);
    expect(replaced.body).toMatchObject({ account: { displayName: 'Acme Mobile' }, effective: { logoUrl: null } });

    const removed = await call('DELETE', branding(acme), { operatorKey: true });
    expectStatus(removed, 204);
    expect(await stored(acme)).not.toHaveProperty('branding');
    expect((await call('GET', branding(acme), { token: acme.token })).body).toMatchObject({
      account: {},
      effective: { name: 'Switchboard', logoUrl: null },
    });

    const events = await brandingEvents(acme);
    expect(events.map((e) => e.details)).toEqual([
      { changed: ['displayName'], removed: true },
      { changed: ['displayName', 'logoUrl', 'primaryColor', 'supportEmail'], removed: false },
      { changed: ['displayName', 'logoUrl', 'primaryColor', 'supportEmail'], removed: false },
    ]);
    expect(events.every((e) => (e.actor as { kind: string }).kind === 'operator')).toBe(true);
  });

  it.each([
    ['a javascript: logo URL', { logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
    ['a colour that is not hex', { primaryColor: 'red' }, 'primaryColor'],
    ['a display name with a control character', { displayName: 'Acme\u0007Telecom' }, 'displayName'],
    ['an oversized data URL', { logoUrl: `data:image/png;base64,${'A'.repeat(20 * 1024)}` }, 'logoUrl'],
    ['an unknown field', { legalFooter: 'Acme GmbH' }, 'legalFooter'],
  ])('refuses %s with 400 problem+json, and changes nothing', async (_, bad, path) => {
    const before = await stored(other);
    const r = await call('PUT', branding(other), { operatorKey: true, body: { ...reseller, ...bad } });
    expectStatus(r, 400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path })] });
    expect(await stored(other)).toEqual(before);
  });

  it('takes the same brand when it is good (positive control of the refusals), with a data URL logo', async () => {
    const logoUrl = `data:image/png;base64,${'A'.repeat(1000)}`;
    const r = await call('PUT', branding(other), { operatorKey: true, body: { ...reseller, logoUrl } });
    expectStatus(r, 200);
    expect((await stored(other))?.branding).toEqual({ ...reseller, logoUrl });
  });

  it('honours If-Match: a stale version is 412 and changes nothing', async () => {
    const current = await call('GET', branding(other), { operatorKey: true });
    const stale = `"${Number(JSON.parse(current.headers.etag)) - 1}"`;
    const r = await call('PUT', branding(other), {
      operatorKey: true,
      body: { displayName: 'Stale' },
      headers: { 'if-match': stale },
    });
    expectStatus(r, 412);
    expect((await call('GET', branding(other), { operatorKey: true })).headers.etag).toBe(current.headers.etag);
  });

  it('only the operator writes it: an account manager is 401 on PUT and DELETE; a wrong operator key is 401', async () => {
    expectStatus(await call('PUT', branding(acme), { token: acme.token, body: reseller }), 401);
    expectStatus(await call('DELETE', branding(acme), { token: acme.token }), 401);
    expectStatus(await call('PUT', branding(acme), { operatorKey: 'wrong', body: reseller }), 401);
    expectStatus(await call('GET', branding(acme), { operatorKey: 'wrong', token: acme.token }), 401);
    expect(await stored(acme)).not.toHaveProperty('branding');
  });

  it("is read by the account managers only: a regular member 403, another account's manager 404", async () => {
    const member = await newMember(acme);
    expectStatus(await call('GET', branding(acme), { token: member.token }), 403);
    expectStatus(await call('GET', branding(acme), { token: other.token }), 404);
    expectStatus(await call('GET', branding(acme), { token: acme.token }), 200);
    expectStatus(await call('GET', `/v1/accounts/01UNKNOWNACCOUNT/branding`, { operatorKey: true }), 404);
  });
});
