/**
 * Restricting settings only narrow down the tree: a unit's or a member's `allowedModules` must lie within what the
 * levels above allow (409 setting_exceeds_parent, nothing stored), whoever sets it; and the effective list is what
 * every level allows, so a later narrowing above is never widened by an older override below.
 *
 *   root (account allows messaging, fax, voice) ─ S (admin A's scope; member M, delegate D of M) ─ T
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { createMember, expectStatus, newAdmin, newMember, newOrg, type Manager } from '../../builders/api.ts';
import { addDelegate, readUser, type UserBody } from '../../builders/matrix.ts';
import { createUnit, unitsPath, type Unit } from '../../builders/units.ts';

type Sourced = { value: unknown; source: string };
type View = { settings: Record<string, unknown>; effectiveSettings: Record<string, Sourced> };

let am: Manager;
let s: Unit;
let t: Unit;
let a: Awaited<ReturnType<typeof newAdmin>>;
let d: Awaited<ReturnType<typeof newMember>>;
const ACCOUNT_ALLOWS = ['messaging', 'fax', 'voice'];

const accountSettings = () => `/v1/accounts/${am.accountId}/settings`;
const unitSettings = (unitId: string) => `${unitsPath(am)}/${unitId}/settings`;
const user = (id: string) => `/v1/accounts/${am.accountId}/users/${id}`;
const patch = (token: string, path: string, body: unknown) => call('PATCH', path, { token, body });

function expectExceeds(r: { status: number; body: unknown }) {
  expectStatus(r, 409);
  expect(r.body).toMatchObject({
    type: 'https://switchboard.dev/problems/setting-exceeds-parent',
    code: 'setting_exceeds_parent',
    status: 409,
  });
}

beforeAll(async () => {
  am = await newOrg('Allowed Modules Co');
  expectStatus(await patch(am.token, accountSettings(), { allowedModules: ACCOUNT_ALLOWS }), 200);
  s = await createUnit(am, 'S', am.rootId);
  t = await createUnit(am, 'T', s.id);
  [a, d] = await Promise.all([newAdmin(am, s.id), newMember(am, { unitId: s.id })]);
});

describe('allowedModules never widens what the levels above allow', () => {
  it('an admin cannot allow a member a module the account does not: 409, nothing stored', async () => {
    const m = await createMember(am, { unitId: s.id });
    const before = await readUser(am, m.id);
    const r = await patch(a.token, user(m.id), { settings: { allowedModules: ['messaging', 'reports'] } });
    expectExceeds(r);
    expect((r.body as { detail: string }).detail).toContain('reports');
    const after = (await call('GET', user(m.id), { token: am.token })).body as UserBody & View;
    expect(after.version).toBe(before.version);
    expect(after.settings).toEqual({});
    expect(after.effectiveSettings.allowedModules).toEqual({ value: ACCOUNT_ALLOWS, source: 'account' });
    // positive control: a narrower list is accepted
    const narrower = await patch(a.token, user(m.id), { settings: { allowedModules: ['messaging'] } });
    expectStatus(narrower, 200);
    expect((await call('GET', user(m.id), { token: am.token })).body).toMatchObject({
      settings: { allowedModules: ['messaging'] },
      effectiveSettings: { allowedModules: { value: ['messaging'], source: 'user' } },
      effectivePermissions: { modules: ['messaging'] },
    });
  });

  it('nor can a delegate, nor anyone at a unit; an account manager neither (the rule is the tree’s, not the caller’s)', async () => {
    const m = await createMember(am, { unitId: s.id });
    await addDelegate(am, m.id, d.id);
    expectExceeds(await patch(d.token, user(m.id), { settings: { allowedModules: ['contacts'] } }));
    expectExceeds(await patch(am.token, user(m.id), { settings: { allowedModules: ['fax', 'pricing'] } }));
    expectExceeds(await patch(a.token, unitSettings(s.id), { allowedModules: ['fax', 'reports'] }));
    expectExceeds(await patch(am.token, unitSettings(s.id), { allowedModules: ['payment'] }));
    const unit = await call('GET', unitSettings(s.id), { token: am.token });
    expect(unit.headers.etag).toBe('"0"');
    expect((unit.body as View).settings).toEqual({});
    // positive controls: within the account's list, for the delegate and at the unit
    expectStatus(await patch(d.token, user(m.id), { settings: { allowedModules: ['fax'] } }), 200);
    expectStatus(await patch(a.token, unitSettings(s.id), { allowedModules: ['messaging', 'fax'] }), 200);
  });

  it('a unit below a narrowing unit is held to it, and removing an override (null) is always fine', async () => {
    // S allows messaging and fax (previous test, or set here)
    expectStatus(await patch(am.token, unitSettings(s.id), { allowedModules: ['messaging', 'fax'] }), 200);
    expectExceeds(await patch(a.token, unitSettings(t.id), { allowedModules: ['voice'] }));
    const m = await createMember(am, { unitId: t.id });
    expectExceeds(await patch(a.token, user(m.id), { settings: { allowedModules: ['fax', 'voice'] } }));
    const ok = await patch(a.token, unitSettings(t.id), { allowedModules: ['fax'] });
    expectStatus(ok, 200);
    expect((ok.body as View).effectiveSettings.allowedModules).toEqual({ value: ['fax'], source: `unit:${t.id}` });
    expectStatus(await patch(a.token, unitSettings(t.id), { allowedModules: null }), 200);
  });

  it('a later narrowing above is never widened by an older override below: the effective list is what all allow', async () => {
    const org = await newOrg('Narrowing Later Co');
    const unit = await createUnit(org, 'U', org.rootId);
    const path = `${unitsPath(org)}/${unit.id}/settings`;
    expectStatus(await patch(org.token, path, { allowedModules: ['messaging', 'fax'] }), 200);
    expectStatus(await patch(org.token, `/v1/accounts/${org.accountId}/settings`, { allowedModules: ['fax'] }), 200);
    const r = await call('GET', path, { token: org.token });
    expect((r.body as View).effectiveSettings.allowedModules).toEqual({ value: ['fax'], source: `unit:${unit.id}` });
  });
});
