/** Settings with inheritance over HTTP: account level, unit overrides, sources, who may. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { newMember, expectStatus, newOrg, type Manager } from '../../builders/api.ts';
import { chain, unitsPath } from '../../builders/units.ts';
import { withTotp } from '../../builders/lifecycle.ts';

type Sourced = { value: unknown; source: string };
type View = {
  settings: Record<string, unknown>;
  effectiveSettings: Record<string, Sourced & { fields?: Record<string, Sourced> }>;
};

let acme: Manager;
let other: Manager;
const accountSettings = (a = acme) => `/v1/accounts/${a.accountId}/settings`;
const unitSettings = (unitId: string, a = acme) => `${unitsPath(a)}/${unitId}/settings`;
const patch = (path: string, body: unknown, ifMatch?: string, a = acme) =>
  call('PATCH', path, { token: a.token, body, headers: ifMatch ? { 'if-match': ifMatch } : {} });
const effective = async (unitId: string) =>
  ((await call('GET', unitSettings(unitId), { token: acme.token })).body as View).effectiveSettings;

beforeAll(async () => {
  [acme, other] = await Promise.all([newOrg('Settings Co'), newOrg('Other Settings Co')]);
});

describe('account-level settings', () => {
  it('start from the defaults, all from the account, with the account’s ETag', async () => {
    const r = await call('GET', accountSettings(), { token: acme.token });
    expectStatus(r, 200);
    expect(r.headers.etag).toBe('"1"');
    // the authorization read brings the account: nothing else to read
    expect(r.ddbCommands).toEqual(['BatchGetItemCommand']);
    const view = r.body as View;
    expect(view.settings).toEqual({
      countryCode: null,
      language: 'en',
      timezone: 'UTC',
      smsSettings: { senderId: null, deliveryReports: false, signature: null, defaultCountryCode: null },
      faxSettings: {
        resolution: 'standard',
        retries: 3,
        coverPage: false,
        coverPageText: null,
        headerLine: null,
        notifyOnDelivery: false,
      },
      voiceSettings: { voicemailEnabled: true, callerId: null },
      allowedModules: ['messaging', 'fax', 'voice', 'contacts', 'reports', 'pricing', 'payment', 'userManagement'],
      mfaRequired: false,
    });
    expect(Object.keys(view.effectiveSettings).sort()).toEqual(Object.keys(view.settings).sort());
    expect(Object.values(view.effectiveSettings).map((e) => e.source)).toEqual(
      Array(Object.keys(view.settings).length).fill('account'),
    );
    expect(view.effectiveSettings.faxSettings.fields!.retries).toEqual({ value: 3, source: 'account' });
  });

  it('validates every field and refuses mass assignment (400), writing nothing', async () => {
    const bad = await patch(accountSettings(), {
      timezone: 'Mars/Olympus',
      countryCode: 'usa',
      faxSettings: { retries: 6, coverPageText: 'x'.repeat(501), resolution: 'ultra' },
      smsSettings: { senderId: 'THIS-IS-TOO-LONG' },
      allowedModules: ['fax', 'fax', 'teleport'],
      version: 3,
      id: 'x',
    });
    expectStatus(bad, 400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(
      expect.arrayContaining([
        'allowedModules.2',
        'countryCode',
        'faxSettings.coverPageText',
        'faxSettings.resolution',
        'faxSettings.retries',
        'id',
        'smsSettings.senderId',
        'timezone',
        'version',
      ]),
    );
    const twice = await patch(accountSettings(), { allowedModules: ['fax', 'voice', 'fax'] });
    expect(twice.body).toMatchObject({
      status: 400,
      errors: [{ path: 'allowedModules', message: 'must not name a module twice' }],
    });
    expect((await call('GET', accountSettings(), { token: acme.token })).headers.etag).toBe('"1"');
  });

  it('mfaRequired is the account’s own flag: the authenticator enforces it at once', async () => {
    const strict = await newOrg('Strict Co');
    const member = await newMember(strict);
    // requiring MFA needs the caller's own
    await withTotp(strict);
    const r = await patch(accountSettings(strict), { mfaRequired: true }, undefined, strict);
    expectStatus(r, 200);
    expect((r.body as View).effectiveSettings.mfaRequired).toEqual({ value: true, source: 'account' });
    // a member without MFA: from now on only enrollment answers them, exactly as after PATCH /accounts { mfaRequired }
    expect((await call('GET', `/v1/accounts/${strict.accountId}`, { token: member.token })).body).toMatchObject({
      status: 403,
      code: 'mfa_required',
    });
    expectStatus(await call('GET', `/v1/accounts/${strict.accountId}`, { token: strict.token }), 200);
  });
});

describe('inheritance', () => {
  it('an account default reaches a unit unless the unit or an ancestor overrides it; null removes an override', async () => {
    // requiring MFA (on Berlin below) needs the caller's own: a second account manager who uses it sets it (the
    // owner keeps no MFA, whose requests then read their own rule)
    const enforcer = await withTotp(await newMember(acme, { role: 'account_manager' }));
    const [emea, berlin] = await chain(acme, acme.rootId, ['EMEA', 'Berlin']);
    expectStatus(await patch(unitSettings(emea.id), { timezone: 'Europe/Paris', faxSettings: { retries: 1 } }), 200);
    const set = await patch(unitSettings(berlin.id), { language: 'de', mfaRequired: true }, '"0"', {
      ...acme,
      token: enforcer.token,
    });
    expectStatus(set, 200);
    expect(set.headers.etag).toBe('"1"');
    expect(set.ddbCommands).toEqual([
      'BatchGetItemCommand',
      'BatchGetItemCommand',
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
    ]);
    expect((set.body as View).settings).toEqual({ language: 'de', mfaRequired: true });

    const current = (await call('GET', accountSettings(), { token: acme.token })).headers.etag;
    const changed = await patch(
      accountSettings(),
      { language: 'es', timezone: 'America/New_York', faxSettings: { coverPage: true } },
      current,
    );
    expectStatus(changed, 200);
    // Berlin now overrides mfaRequired: for an owner without MFA each request also reads their own rule (their
    // setting, then their unit path's settings) before deciding on 403 mfa_required
    const ownRule = ['GetItemCommand', 'BatchGetItemCommand'];
    expect(changed.ddbCommands).toEqual(['BatchGetItemCommand', ...ownRule, 'TransactWriteItemsCommand']);
    const r = await call('GET', unitSettings(berlin.id), { token: acme.token });
    expect(r.ddbCommands).toEqual(['BatchGetItemCommand', ...ownRule, 'BatchGetItemCommand', 'BatchGetItemCommand']);
    const eff = (r.body as View).effectiveSettings;
    expect(eff.language).toEqual({ value: 'de', source: `unit:${berlin.id}` });
    expect(eff.timezone).toEqual({ value: 'Europe/Paris', source: `unit:${emea.id}` });
    expect(eff.faxSettings.fields).toMatchObject({
      coverPage: { value: true, source: 'account' },
      retries: { value: 1, source: `unit:${emea.id}` },
    });
    expect(eff.mfaRequired).toEqual({ value: true, source: `unit:${berlin.id}` });
    expect(eff.countryCode).toEqual({ value: null, source: 'account' });

    expectStatus(await patch(unitSettings(emea.id), { timezone: null }), 200);
    expect((await effective(berlin.id)).timezone).toEqual({ value: 'America/New_York', source: 'account' });
    expectStatus(await patch(unitSettings(berlin.id), { language: null }), 200);
    expect((await effective(berlin.id)).language).toEqual({ value: 'es', source: 'account' });
    const events = await call('GET', `/v1/accounts/${acme.accountId}/events?type=settings.updated`, {
      token: acme.token,
    });
    expect((events.body as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const [unit] = await chain(acme, acme.rootId, ['Stale']);
    expectStatus(await patch(unitSettings(unit.id), { language: 'it' }, '"0"'), 200);
    expectStatus(await patch(unitSettings(unit.id), { language: 'pt' }, '"0"'), 412);
    const etag = (await call('GET', accountSettings(), { token: acme.token })).headers.etag as string;
    const version = Number(/^"(\d+)"$/.exec(etag)?.[1]);
    expect(version).toBeGreaterThanOrEqual(1);
    expectStatus(await patch(accountSettings(), { language: 'pt' }, `"${version - 1}"`), 412);
    expect((await call('GET', accountSettings(), { token: acme.token })).headers.etag).toBe(etag);
    expect((await effective(unit.id)).language).toEqual({ value: 'it', source: `unit:${unit.id}` });
  });
});

describe('who may', () => {
  it('answers 404 for another account’s unit and settings, with each owner as positive control', async () => {
    const [theirs] = await chain(other, other.rootId, ['Theirs']);
    expectStatus(await call('GET', unitSettings(theirs.id), { token: acme.token }), 404);
    expectStatus(await patch(unitSettings(theirs.id), { language: 'de' }), 404);
    expectStatus(await call('GET', accountSettings(other), { token: acme.token }), 404);
    expectStatus(await patch(accountSettings(other), { language: 'de' }), 404);
    expectStatus(await call('GET', unitSettings(theirs.id, other), { token: other.token }), 200);
    expectStatus(await patch(accountSettings(other), { language: 'de' }, undefined, other), 200);
  });

  it('refuses a regular member (403), with the manager as positive control', async () => {
    const member = await newMember(acme);
    const [unit] = await chain(acme, acme.rootId, ['Members only']);
    expectStatus(await call('GET', accountSettings(), { token: member.token }), 403);
    expectStatus(await call('PATCH', accountSettings(), { token: member.token, body: { language: 'de' } }), 403);
    expectStatus(await call('GET', unitSettings(unit.id), { token: member.token }), 403);
    expectStatus(await call('PATCH', unitSettings(unit.id), { token: member.token, body: { language: 'de' } }), 403);
    expectStatus(await call('PATCH', unitSettings(unit.id), { token: acme.token, body: { language: 'de' } }), 200);
  });
});
