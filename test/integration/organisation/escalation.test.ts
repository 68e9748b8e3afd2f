/**
 * No escalation (scoped admins and delegates): nobody grants a role, scope unit, capability or module they do not hold, moves a
 * member or unit out of their scope, changes their own grants, or relaxes mfaRequired unless they are an account
 * manager. Each refusal is 403 and changes nothing (the member is re-read: same version); each comes with the same
 * call succeeding for someone allowed to make it. Then: settings inheritance down to a member's effectiveSettings.
 *
 *   root ─┬─ P (A1's scope) ─┬─ X ── XC
 *         │                  └─ X2
 *         └─ Y (outside)
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { mailsTo } from '../../support/mailbox.ts';
import {
  createMember,
  expectStatus,
  newMember,
  newOrg,
  PASSWORD,
  userInput,
  type Manager,
} from '../../builders/api.ts';
import { withTotp } from '../../builders/lifecycle.ts';
import { addDelegate, collect, readUser, userPath, type UserBody } from '../../builders/matrix.ts';
import { createUnit, type Unit } from '../../builders/units.ts';

let am: Manager;
let units: { p: Unit; x: Unit; x2: Unit; xc: Unit; y: Unit };
/** Admin of P with manageUsers only, and the modules messaging, fax and userManagement. */
let a1: Awaited<ReturnType<typeof newMember>>;
/** A regular member (in Y) who is made the delegate of the targets that need one. */
let delegate: Awaited<ReturnType<typeof newMember>>;

const A1_MODULES = ['messaging', 'fax', 'userManagement'];
const users = () => `/v1/accounts/${am.accountId}/users`;
const user = (id: string) => userPath(am.accountId, id);
const unitPath = (id: string) => `/v1/accounts/${am.accountId}/units/${id}`;
const patchUser = (token: string, id: string, body: unknown) => call('PATCH', user(id), { token, body });

/** A fresh regular member (invited) in `unitId` (default X), with `delegate` as their delegate. */
async function target(over: Record<string, unknown> = {}) {
  const created = await createMember(am, { unitId: units.x.id, ...over });
  if ((over.role ?? 'user') === 'user') await addDelegate(am, created.id, delegate.id);
  return readUser(am, created.id);
}

/** The member re-read by the account manager is the one read before: same version and same grants. */
async function expectUnchanged(before: UserBody): Promise<void> {
  const after = await readUser(am, before.id);
  const view = (x: UserBody) => ({
    version: x.version,
    role: x.role,
    unitId: x.unitId,
    adminUnitIds: x.adminUnitIds,
    capabilities: x.capabilities,
    modules: x.modules,
    settings: x.settings,
  });
  expect(view(after)).toEqual(view(before));
}

/** POST users refused: 403, and nobody with that email exists afterwards. */
async function expectCreateRefused(token: string, over: Record<string, unknown>, status = 403): Promise<void> {
  const input = userInput(over);
  const r = await call('POST', users(), { token, body: input });
  expectStatus(r, status, `POST users ${JSON.stringify(over)}`);
  const all = await collect<UserBody>(users(), am.token);
  expect(all.map((x) => x.email)).not.toContain(input.email);
}

async function expectCreated(token: string, over: Record<string, unknown>): Promise<UserBody> {
  const r = await call('POST', users(), { token, body: userInput(over) });
  expectStatus(r, 201, `POST users ${JSON.stringify(over)}`);
  return r.body as UserBody;
}

const sorted = (xs: string[]) => [...xs].sort();

beforeAll(async () => {
  am = await newOrg('Escalation Co');
  const [p, y] = await Promise.all([createUnit(am, 'P', am.rootId), createUnit(am, 'Y', am.rootId)]);
  const [x, x2] = await Promise.all([createUnit(am, 'X', p.id), createUnit(am, 'X2', p.id)]);
  const xc = await createUnit(am, 'XC', x.id);
  units = { p, x, x2, xc, y };
  [a1, delegate] = await Promise.all([
    newMember(am, {
      role: 'admin',
      unitId: p.id,
      adminUnitIds: [p.id],
      modules: A1_MODULES,
      capabilities: { manageUsers: true, manageE911: false, manageInternationalDialing: false },
    }),
    newMember(am, { unitId: y.id }),
  ]);
  const me = await readUser(am, a1.id);
  expect(me).toMatchObject({
    role: 'admin',
    adminUnitIds: [p.id],
    capabilities: { manageUsers: true, manageE911: false, manageInternationalDialing: false },
  });
  expect(sorted(me.modules)).toEqual(sorted(A1_MODULES));
});

describe('roles', () => {
  it('an admin makes nobody an account manager (PATCH or POST); the account manager does', async () => {
    const t = await target();
    expectStatus(await patchUser(a1.token, t.id, { role: 'account_manager' }), 403);
    await expectUnchanged(t);
    await expectCreateRefused(a1.token, { role: 'account_manager', unitId: units.x.id });
    // positive controls: the admin manages this member; the account manager grants the role
    expectStatus(await patchUser(a1.token, t.id, { firstName: 'Managed' }), 200);
    const granted = await patchUser(am.token, t.id, { role: 'account_manager' });
    expectStatus(granted, 200);
    expect(granted.body).toMatchObject({ role: 'account_manager' });
    expect(await expectCreated(am.token, { role: 'account_manager', unitId: units.x.id })).toMatchObject({
      role: 'account_manager',
    });
  });

  it('a delegate makes their member neither admin nor account manager; the account manager does', async () => {
    const t = await target();
    // positive control first: the delegate manages the member
    expectStatus(await patchUser(delegate.token, t.id, { lastName: 'Delegated' }), 200);
    const before = await readUser(am, t.id);
    expectStatus(await patchUser(delegate.token, t.id, { role: 'admin', adminUnitIds: [units.x.id] }), 403);
    expectStatus(await patchUser(delegate.token, t.id, { role: 'account_manager' }), 403);
    await expectUnchanged(before);
    const granted = await patchUser(am.token, t.id, { role: 'admin', adminUnitIds: [units.x.id] });
    expectStatus(granted, 200);
    expect(granted.body).toMatchObject({ role: 'admin', adminUnitIds: [units.x.id] });
  });

  it('an admin grants admin over units inside their scope only; the account manager over any unit', async () => {
    const admin = {
      role: 'admin',
      unitId: units.x.id,
      modules: ['messaging'],
      capabilities: { manageUsers: false, manageE911: false, manageInternationalDialing: false },
    };
    await expectCreateRefused(a1.token, { ...admin, adminUnitIds: [units.y.id] });
    await expectCreateRefused(a1.token, { ...admin, adminUnitIds: [units.x.id, am.rootId] });
    // within scope: what the admin holds, they may grant
    expect(await expectCreated(a1.token, { ...admin, adminUnitIds: [units.x.id] })).toMatchObject({
      role: 'admin',
      adminUnitIds: [units.x.id],
    });
    expect(await expectCreated(am.token, { ...admin, adminUnitIds: [units.y.id] })).toMatchObject({
      role: 'admin',
      adminUnitIds: [units.y.id],
    });

    // an existing admin in the scope cannot be given a unit outside it
    const t2 = await target({ ...admin, adminUnitIds: [units.x.id] });
    expectStatus(await patchUser(a1.token, t2.id, { adminUnitIds: [units.x.id, units.y.id] }), 403);
    expectStatus(await patchUser(a1.token, t2.id, { adminUnitIds: [units.p.id, am.rootId] }), 403);
    await expectUnchanged(t2);
    const widened = await patchUser(am.token, t2.id, { adminUnitIds: [units.x.id, units.y.id] });
    expectStatus(widened, 200);
    expect(sorted((widened.body as UserBody).adminUnitIds)).toEqual(sorted([units.x.id, units.y.id]));
  });
});

describe('capabilities', () => {
  it.each(['manageE911', 'manageInternationalDialing'])(
    'an admin without %s grants it to nobody; the account manager does',
    async (capability) => {
      const t = await target();
      expectStatus(await patchUser(a1.token, t.id, { capabilities: { [capability]: true } }), 403);
      await expectUnchanged(t);
      await expectCreateRefused(a1.token, {
        unitId: units.x.id,
        capabilities: { manageUsers: false, manageE911: false, manageInternationalDialing: false, [capability]: true },
      });
      // positive controls: the admin may manage this member, and the account manager grants the capability
      expectStatus(await patchUser(a1.token, t.id, { firstName: 'Managed' }), 200);
      const granted = await patchUser(am.token, t.id, { capabilities: { [capability]: true } });
      expectStatus(granted, 200);
      expect((granted.body as UserBody).capabilities).toMatchObject({ [capability]: true });
      expect((await readUser(am, t.id)).effectivePermissions?.capabilities).toMatchObject({ [capability]: true });
    },
  );

  it('a delegate (who holds no capability) grants manageUsers to nobody; the account manager does', async () => {
    const t = await target();
    expectStatus(await patchUser(delegate.token, t.id, { capabilities: { manageUsers: true } }), 403);
    await expectUnchanged(t);
    const granted = await patchUser(am.token, t.id, { capabilities: { manageUsers: true } });
    expectStatus(granted, 200);
    expect((granted.body as UserBody).capabilities).toMatchObject({ manageUsers: true });
  });
});

describe('modules', () => {
  it('an admin grants only modules they hold; omitted, a new member gets the non-admin modules the creator holds', async () => {
    const t = await target({ modules: ['messaging'] });
    expect(t.modules).toEqual(['messaging']);
    expectStatus(await patchUser(a1.token, t.id, { modules: ['messaging', 'voice'] }), 403);
    await expectUnchanged(t);
    await expectCreateRefused(a1.token, { unitId: units.x.id, modules: ['voice'] });
    // positive controls: a module the admin holds; the account manager grants the other
    const held = await patchUser(a1.token, t.id, { modules: ['messaging', 'fax'] });
    expectStatus(held, 200);
    expect(sorted((held.body as UserBody).modules)).toEqual(['fax', 'messaging']);
    const granted = await patchUser(am.token, t.id, { modules: ['messaging', 'fax', 'voice'] });
    expectStatus(granted, 200);
    expect(sorted((granted.body as UserBody).modules)).toEqual(['fax', 'messaging', 'voice']);
    // defaults: the admin's non-admin modules (userManagement is an admin module); the account manager holds all
    expect(sorted((await expectCreated(a1.token, { unitId: units.x.id })).modules)).toEqual(['fax', 'messaging']);
    expect(sorted((await expectCreated(am.token, { unitId: units.x.id })).modules)).toEqual(
      sorted(['messaging', 'fax', 'voice', 'contacts', 'reports']),
    );
  });

  it.each(['pricing', 'payment', 'userManagement'])(
    '%s is for admins and account managers only: 400 module_requires_admin for a user',
    async (module) => {
      const t = await target();
      const refused = await patchUser(am.token, t.id, { modules: [module] });
      expectStatus(refused, 400);
      expect(refused.body).toMatchObject({ code: 'module_requires_admin' });
      await expectUnchanged(t);
      const created = await call('POST', users(), {
        token: am.token,
        body: userInput({ unitId: units.x.id, modules: ['messaging', module] }),
      });
      expectStatus(created, 400);
      expect(created.body).toMatchObject({ code: 'module_requires_admin' });
      // positive controls: the same module for an admin, on create and on update
      expect(
        (
          await expectCreated(am.token, {
            role: 'admin',
            unitId: units.x.id,
            adminUnitIds: [units.x.id],
            modules: [module],
          })
        ).modules,
      ).toEqual([module]);
      const admin = await target({ role: 'admin', adminUnitIds: [units.x.id], modules: ['messaging'] });
      const granted = await patchUser(am.token, admin.id, { modules: ['messaging', module] });
      expectStatus(granted, 200);
      expect(sorted((granted.body as UserBody).modules)).toEqual(sorted(['messaging', module]));
    },
  );

  it('adminUnitIds on a member who is not an admin is 400; on an admin it is fine', async () => {
    const t = await target();
    expectStatus(await patchUser(am.token, t.id, { adminUnitIds: [units.x.id] }), 400);
    await expectUnchanged(t);
    const created = await call('POST', users(), {
      token: am.token,
      body: userInput({ unitId: units.x.id, adminUnitIds: [units.x.id] }),
    });
    expectStatus(created, 400);
    expectStatus(await patchUser(am.token, t.id, { role: 'admin', adminUnitIds: [units.x.id] }), 200);
  });
});

describe('placing and inviting new members', () => {
  const invitations = () => `/v1/accounts/${am.accountId}/invitations`;
  const pendingEmails = async () => (await collect<{ email: string }>(invitations(), am.token)).map((i) => i.email);

  it('an admin places a new member inside their scope only (default: their first scope unit); the account manager anywhere', async () => {
    await expectCreateRefused(a1.token, { unitId: units.y.id });
    await expectCreateRefused(a1.token, { unitId: am.rootId });
    expect(await expectCreated(a1.token, { unitId: units.x2.id })).toMatchObject({ unitId: units.x2.id });
    expect(await expectCreated(a1.token, {})).toMatchObject({ unitId: units.p.id });
    expect(await expectCreated(am.token, { unitId: units.y.id })).toMatchObject({ unitId: units.y.id });
  });

  const none = { manageUsers: false, manageE911: false, manageInternationalDialing: false };
  it.each([
    ['into a unit outside their scope', () => ({ unitId: units.y.id })],
    ['as account manager', () => ({ role: 'account_manager' })],
    [
      'as admin of a unit outside their scope',
      () => ({ role: 'admin', adminUnitIds: [units.y.id], modules: ['messaging'] }),
    ],
    ['with manageE911, which they lack', () => ({ capabilities: { ...none, manageE911: true } })],
    [
      'with manageInternationalDialing, which they lack',
      () => ({ capabilities: { ...none, manageInternationalDialing: true } }),
    ],
    ['with the voice module, which they lack', () => ({ modules: ['voice'] })],
  ])('an admin cannot invite someone %s (403, nobody invited); the account manager can', async (_what, grant) => {
    const email = `${randomBytes(4).toString('hex')}.invitee@example.com`;
    const refused = await call('POST', invitations(), {
      token: a1.token,
      body: { emails: [email], unitId: units.x.id, ...grant() },
    });
    expectStatus(refused, 403);
    expect(await pendingEmails()).not.toContain(email);
    expect(await mailsTo(email)).toEqual([]);
    const invited = await call('POST', invitations(), {
      token: am.token,
      body: { emails: [email], unitId: units.x.id, ...grant() },
    });
    expectStatus(invited, 200);
    expect(invited.body).toMatchObject({ results: [{ email, status: 'invited' }] });
  });

  it('an admin invites into their scope with what they hold', async () => {
    const email = `${randomBytes(4).toString('hex')}.invitee@example.com`;
    const r = await call('POST', invitations(), {
      token: a1.token,
      body: { emails: [email], unitId: units.x.id, modules: ['fax'] },
    });
    expectStatus(r, 200);
    expect(r.body).toMatchObject({ results: [{ email, status: 'invited' }] });
    // the admin lists it too: it is in their scope
    expect((await collect<{ email: string }>(invitations(), a1.token)).map((i) => i.email)).toContain(email);
  });
});

describe('moving members', () => {
  it('an admin moves a member within their scope, not out of it; the account manager moves them anywhere', async () => {
    const t = await target();
    expectStatus(await patchUser(a1.token, t.id, { unitId: units.y.id }), 403);
    expectStatus(await patchUser(a1.token, t.id, { unitId: am.rootId }), 403);
    await expectUnchanged(t);
    const within = await patchUser(a1.token, t.id, { unitId: units.x2.id });
    expectStatus(within, 200);
    expect(within.body).toMatchObject({ unitId: units.x2.id });
    const out = await patchUser(am.token, t.id, { unitId: units.y.id });
    expectStatus(out, 200);
    expect(out.body).toMatchObject({ unitId: units.y.id });
  });

  it('an admin cannot pull a member in from outside their scope', async () => {
    const m = await target({ unitId: units.y.id });
    expectStatus(await patchUser(a1.token, m.id, { unitId: units.x.id }), 403);
    await expectUnchanged(m);
    expectStatus(await patchUser(am.token, m.id, { unitId: units.x.id }), 200);
  });

  it('a delegate manages their member but moves them nowhere', async () => {
    const t = await target();
    expectStatus(await patchUser(delegate.token, t.id, { unitId: units.x2.id }), 403);
    expectStatus(await patchUser(delegate.token, t.id, { unitId: units.y.id }), 403);
    await expectUnchanged(t);
    expectStatus(await patchUser(a1.token, t.id, { unitId: units.x2.id }), 200);
  });
});

describe('moving units', () => {
  const readUnit = async (id: string) => {
    const r = await call('GET', unitPath(id), { token: am.token });
    expectStatus(r, 200);
    return r.body as Unit;
  };

  it('an admin moves a unit within their scope, not out of it; the account manager does', async () => {
    const leaf = await createUnit(am, 'Leaf', units.x.id);
    expectStatus(await call('PATCH', unitPath(leaf.id), { token: a1.token, body: { parentId: units.y.id } }), 403);
    expectStatus(await call('PATCH', unitPath(leaf.id), { token: a1.token, body: { parentId: am.rootId } }), 403);
    expect(await readUnit(leaf.id)).toMatchObject({ parentId: units.x.id, version: leaf.version });
    const within = await call('PATCH', unitPath(leaf.id), { token: a1.token, body: { parentId: units.x2.id } });
    expectStatus(within, 200);
    expect(within.body).toMatchObject({ parentId: units.x2.id });
    expectStatus(await call('PATCH', unitPath(leaf.id), { token: am.token, body: { parentId: units.y.id } }), 200);
  });

  it('an admin cannot pull a unit in from outside their scope', async () => {
    const outside = await createUnit(am, 'Outside', units.y.id);
    expectStatus(await call('PATCH', unitPath(outside.id), { token: a1.token, body: { parentId: units.x.id } }), 403);
    expect(await readUnit(outside.id)).toMatchObject({ parentId: units.y.id, version: outside.version });
    expectStatus(await call('PATCH', unitPath(outside.id), { token: am.token, body: { parentId: units.x.id } }), 200);
  });

  it('an admin cannot move their own scope root (the account manager can, and moves it back)', async () => {
    const before = await readUnit(units.p.id);
    expectStatus(await call('PATCH', unitPath(units.p.id), { token: a1.token, body: { parentId: units.y.id } }), 403);
    expect(await readUnit(units.p.id)).toMatchObject({ parentId: am.rootId, version: before.version });
    expectStatus(await call('PATCH', unitPath(units.p.id), { token: am.token, body: { parentId: units.y.id } }), 200);
    expectStatus(await call('PATCH', unitPath(units.p.id), { token: am.token, body: { parentId: am.rootId } }), 200);
  });
});

describe('an admin’s own grants', () => {
  it.each([
    ['widen their scope', () => ({ adminUnitIds: [units.p.id, units.y.id] })],
    ['take the root as scope', () => ({ adminUnitIds: [am.rootId] })],
    ['narrow their scope', () => ({ adminUnitIds: [units.x.id] })],
    ['become account manager', () => ({ role: 'account_manager' })],
    ['grant themselves a capability', () => ({ capabilities: { manageE911: true } })],
    ['grant themselves a module', () => ({ modules: [...A1_MODULES, 'voice'] })],
  ])('an admin cannot %s (403, unchanged)', async (_what, body) => {
    const before = await readUser(am, a1.id);
    expectStatus(await patchUser(a1.token, a1.id, body()), 403);
    await expectUnchanged(before);
  });

  it('the account manager widens an admin’s scope (and puts it back)', async () => {
    const widened = await patchUser(am.token, a1.id, { adminUnitIds: [units.p.id, units.y.id] });
    expectStatus(widened, 200);
    expect(sorted((widened.body as UserBody).adminUnitIds)).toEqual(sorted([units.p.id, units.y.id]));
    const back = await patchUser(am.token, a1.id, { adminUnitIds: [units.p.id] });
    expectStatus(back, 200);
    expect((back.body as UserBody).adminUnitIds).toEqual([units.p.id]);
  });
});

describe('mfaRequired is relaxed by account managers only', () => {
  const unitSettings = (id: string) => `${unitPath(id)}/settings`;
  // requiring MFA needs the caller's own: both use it (their tokens are replaced in place)
  beforeAll(async () => {
    await withTotp(am);
    await withTotp(a1);
  });

  it('on a unit: an admin in scope tightens it but does not relax it', async () => {
    const [strict, other] = await Promise.all([
      createUnit(am, 'Strict', units.xc.id),
      createUnit(am, 'Tightened', units.xc.id),
    ]);
    expectStatus(await call('PATCH', unitSettings(strict.id), { token: am.token, body: { mfaRequired: true } }), 200);
    const before = await call('GET', unitSettings(strict.id), { token: am.token });
    expectStatus(await call('PATCH', unitSettings(strict.id), { token: a1.token, body: { mfaRequired: false } }), 403);
    const after = await call('GET', unitSettings(strict.id), { token: am.token });
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(after.body).toHaveProperty('settings.mfaRequired', true);
    // positive controls: the admin tightens; the account manager relaxes
    const tightened = await call('PATCH', unitSettings(other.id), { token: a1.token, body: { mfaRequired: true } });
    expectStatus(tightened, 200);
    expect(tightened.body).toHaveProperty('effectiveSettings.mfaRequired', { value: true, source: `unit:${other.id}` });
    const relaxed = await call('PATCH', unitSettings(strict.id), { token: am.token, body: { mfaRequired: false } });
    expectStatus(relaxed, 200);
    expect(relaxed.body).toHaveProperty('settings.mfaRequired', false);
  });

  it('on the account: the admin is refused, the account manager is not', async () => {
    const path = `/v1/accounts/${am.accountId}/settings`;
    const before = await call('GET', path, { token: am.token });
    expectStatus(await call('PATCH', path, { token: a1.token, body: { mfaRequired: false } }), 403);
    expect((await call('GET', path, { token: am.token })).headers.etag).toBe(before.headers.etag);
    expectStatus(await call('PATCH', path, { token: am.token, body: { mfaRequired: false } }), 200);
  });

  it('in a member’s settings: neither an admin in scope nor the delegate relaxes it; the admin tightens it', async () => {
    const t = await target();
    const strict = await patchUser(am.token, t.id, { settings: { mfaRequired: true } });
    expectStatus(strict, 200);
    const before = await readUser(am, t.id);
    expect(before.effectiveSettings?.mfaRequired).toEqual({ value: true, source: 'user' });
    expectStatus(await patchUser(a1.token, t.id, { settings: { mfaRequired: false } }), 403);
    expectStatus(await patchUser(delegate.token, t.id, { settings: { mfaRequired: false } }), 403);
    await expectUnchanged(before);
    expect((await readUser(am, t.id)).effectiveSettings?.mfaRequired).toEqual({ value: true, source: 'user' });
    // positive controls
    const other = await target();
    expectStatus(await patchUser(a1.token, other.id, { settings: { mfaRequired: true } }), 200);
    expect((await readUser(am, other.id)).effectiveSettings?.mfaRequired).toEqual({ value: true, source: 'user' });
    expectStatus(await patchUser(am.token, t.id, { settings: { mfaRequired: false } }), 200);
    expect((await readUser(am, t.id)).effectiveSettings?.mfaRequired).toEqual({ value: false, source: 'user' });
  });
});

describe('account managers are managed by account managers only', () => {
  it('an admin whose scope holds an account manager’s unit neither edits, deactivates nor closes them', async () => {
    const manager = await createMember(am, { role: 'account_manager', unitId: units.x.id });
    const before = await readUser(am, manager.id);
    expectStatus(await patchUser(a1.token, manager.id, { firstName: 'Demoted' }), 403);
    expectStatus(await patchUser(a1.token, manager.id, { role: 'user' }), 403);
    expectStatus(await call('POST', `${user(manager.id)}/deactivate`, { token: a1.token }), 403);
    expectStatus(await call('DELETE', user(manager.id), { token: a1.token, body: { password: PASSWORD } }), 403);
    expectStatus(await call('POST', `${user(manager.id)}/invitation`, { token: a1.token }), 403);
    await expectUnchanged(before);
    expect((await readUser(am, manager.id)).status).toBe('invited');
    // positive controls: the account manager does; the admin manages a regular member of the same unit
    expectStatus(await patchUser(am.token, manager.id, { firstName: 'Edited' }), 200);
    const t = await target();
    expectStatus(await patchUser(a1.token, t.id, { firstName: 'Edited' }), 200);
  });

  it('delegation: never to oneself nor for an account manager (409); new 201, again 200, removed 204, then 404', async () => {
    const manager = await createMember(am, { role: 'account_manager', unitId: units.x.id });
    const t = await createMember(am, { unitId: units.x.id });
    const delegates = (u: string, d: string) => `${user(u)}/delegates/${d}`;
    expectStatus(await call('PUT', delegates(manager.id, delegate.id), { token: am.token }), 409);
    expectStatus(await call('PUT', delegates(t.id, t.id), { token: am.token }), 409);
    expect((await collect<{ delegateUserId: string }>(`${user(manager.id)}/delegates`, am.token)).length).toBe(0);
    // positive controls
    const added = await call('PUT', delegates(t.id, delegate.id), { token: am.token });
    expectStatus(added, 201);
    expect(added.body).toMatchObject({ userId: t.id, delegateUserId: delegate.id, createdAt: expect.any(String) });
    expectStatus(await call('PUT', delegates(t.id, delegate.id), { token: am.token }), 200);
    expectStatus(await call('GET', user(t.id), { token: delegate.token }), 200);
    expect(
      (await collect<{ delegateUserId: string }>(`${user(t.id)}/delegates`, am.token)).map((d) => d.delegateUserId),
    ).toEqual([delegate.id]);
    expectStatus(await call('DELETE', delegates(t.id, delegate.id), { token: am.token }), 204);
    expectStatus(await call('DELETE', delegates(t.id, delegate.id), { token: am.token }), 404);
    // the delegate no longer reads the member
    expectStatus(await call('GET', user(t.id), { token: delegate.token }), 403);
  });
});

describe('settings inheritance down to a member', () => {
  type Sourced = { value: unknown; source: string };
  const language = async (id: string): Promise<Sourced> => {
    const r = await call('GET', user(id), { token: am.token });
    expectStatus(r, 200);
    return (r.body as { effectiveSettings: Record<string, Sourced> }).effectiveSettings.language;
  };
  const accountSettings = () => `/v1/accounts/${am.accountId}/settings`;

  it('an account default reaches a member unless a unit above them or the member overrides it', async () => {
    const [branch] = await Promise.all([createUnit(am, 'Branch', units.x2.id)]);
    const [plain, inUnit, own] = await Promise.all([
      createMember(am, { unitId: units.x.id }),
      createMember(am, { unitId: branch.id }),
      createMember(am, { unitId: branch.id }),
    ]);
    expect(await language(plain.id)).toEqual({ value: 'en', source: 'account' });

    expectStatus(await call('PATCH', accountSettings(), { token: am.token, body: { language: 'fr' } }), 200);
    expectStatus(
      await call('PATCH', `${unitPath(units.x2.id)}/settings`, { token: am.token, body: { language: 'de' } }),
      200,
    );
    const ownSet = await patchUser(am.token, own.id, { settings: { language: 'it' } });
    expectStatus(ownSet, 200);
    expect((ownSet.body as UserBody).settings).toMatchObject({ language: 'it' });

    expect(await language(plain.id)).toEqual({ value: 'fr', source: 'account' });
    // the override sits on X2, the parent of the member's unit
    expect(await language(inUnit.id)).toEqual({ value: 'de', source: `unit:${units.x2.id}` });
    expect(await language(own.id)).toEqual({ value: 'it', source: 'user' });

    // a new account default reaches only the member nobody overrides
    expectStatus(await call('PATCH', accountSettings(), { token: am.token, body: { language: 'es' } }), 200);
    expect(await language(plain.id)).toEqual({ value: 'es', source: 'account' });
    expect(await language(inUnit.id)).toEqual({ value: 'de', source: `unit:${units.x2.id}` });
    expect(await language(own.id)).toEqual({ value: 'it', source: 'user' });

    // null removes an override: the member's falls back to the unit, the unit's to the account
    expectStatus(await patchUser(am.token, own.id, { settings: { language: null } }), 200);
    expect(await language(own.id)).toEqual({ value: 'de', source: `unit:${units.x2.id}` });
    expectStatus(
      await call('PATCH', `${unitPath(units.x2.id)}/settings`, { token: am.token, body: { language: null } }),
      200,
    );
    expect(await language(own.id)).toEqual({ value: 'es', source: 'account' });
    expect(await language(inUnit.id)).toEqual({ value: 'es', source: 'account' });
  });
});
