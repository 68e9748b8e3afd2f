/**
 * SCIM /Users as use cases over the in-memory ports: an identity provider acting as a system user (admin with
 * manageUsers) through its connection. Creation, placement, uniqueness, the lifecycle through `active`, filters and
 * lists within the system user's reach, closing without a password.
 */
import { describe, expect, it } from 'vitest';
import {
  InvitationRevokedError,
  NotFoundError,
  PreconditionFailedError,
  ReauthenticationRequiredError,
} from '#domain/errors.ts';
import { revocationMark } from '#domain/identity.ts';
import { DEFAULT_SCIM_CONNECTION, type ScimConnection } from '#domain/scim/connection.ts';
import { ScimError } from '#domain/scim/errors.ts';
import { SCIM_PATCH_OP } from '#domain/scim/schemas.ts';
import { grantsOf } from '#domain/user.ts';
import { acceptInvitation } from '#use-cases/auth.ts';
import { closeUser, deactivateUser, reactivateUser } from '#use-cases/lifecycle.ts';
import {
  type ScimActor,
  scimCreateUser,
  scimDeleteUser,
  scimGetUser,
  scimListUsers,
  scimPatchUser,
  scimReplaceUser,
} from '#use-cases/scim-users.ts';
import { createUser } from '#use-cases/users.ts';
import { memberInput, orgWorld, PASSWORD } from '../builders/memory.ts';
import { MemoryScimUsers } from '../fakes/memory-scim-users.ts';

/** Prepare: root ─ Sales, root ─ Ops; a system user, admin of the root with manageUsers, with its SCIM connection. */
async function world(connection: Partial<ScimConnection> = {}) {
  const w = await orgWorld();
  const [sales] = await w.chain(w.rootId, ['Sales']);
  const [ops] = await w.chain(w.rootId, ['Ops']);
  const scim = new MemoryScimUsers(w.dir);
  const deps = { ...w.deps, units: w.memory.store, scimUsers: scim.store };
  const system = await createUser(deps, w.manager(), {
    type: 'system',
    username: 'entra',
    firstName: 'Entra',
    lastName: 'ID',
    role: 'admin',
    adminUnitIds: [w.rootId],
    capabilities: { manageUsers: true },
  });
  const caller = (over: Partial<ScimConnection> = {}): ScimActor => ({
    kind: 'member',
    identity: null,
    apiKeyId: 'K1',
    membership: { accountId: w.account.id, userId: system.id, status: 'active', ...grantsOf(system) },
    via: 'scim',
    scim: { ...DEFAULT_SCIM_CONNECTION, enabled: true, ...connection, ...over },
  });
  const stored = (id: string) => w.dir.users.get(`${w.account.id}/${id}`)!;
  const create = (body: Record<string, unknown>, over: Partial<ScimConnection> = {}) =>
    scimCreateUser(deps, caller(over), body);
  const list = (
    filter: { attribute: string; value: string | boolean; where?: { attribute: string; value: string } }[],
    startIndex = 1,
    count = 100,
  ) => scimListUsers(deps, caller(), { filter, startIndex, count });
  return { ...w, deps, sales, ops, scim, system, caller, stored, create, list };
}

const person = (userName: string, over: Record<string, unknown> = {}) => ({
  userName,
  name: { givenName: 'Pat', familyName: 'Smith' },
  emails: [{ value: `${userName.split('@')[0].toLowerCase()}@acme.test`, type: 'work', primary: true }],
  ...over,
});

const patch = (...Operations: unknown[]) => ({ schemas: [SCIM_PATCH_OP], Operations });

async function scimRefusal(promise: Promise<unknown>): Promise<ScimError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScimError);
  return error as ScimError;
}

describe('creating a user through SCIM', () => {
  it('makes an invited person, role user, in the system user’s first admin unit, and mails the setup link', async () => {
    const w = await world();
    const mails = w.mailer.sent.length;
    const user = await w.create(person('Pat.Smith@Acme.test', { externalId: 'e-1', password: 'ignored-Pass1' }));
    expect(user).toMatchObject({
      type: 'person',
      status: 'invited',
      role: 'user',
      unitId: w.rootId,
      username: 'pat.smith',
      email: 'pat.smith@acme.test',
      scimProfile: { userName: 'Pat.Smith@Acme.test', externalId: 'e-1' },
      identityId: null,
    });
    expect(w.mailer.sent.length).toBe(mails + 1);
    expect(w.mailer.sent.at(-1)!.to).toEqual(['pat.smith@acme.test']);
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'user.created',
      actor: { kind: 'user', userId: w.system.id, source: 'scim' },
    });
  });

  it('with active false: deactivated, and no mail; without sendInvitations: invited, and no mail', async () => {
    const w = await world();
    const mails = w.mailer.sent.length;
    expect((await w.create(person('off', { active: 'False' }))).status).toBe('deactivated');
    expect((await w.create(person('quiet'), { sendInvitations: false })).status).toBe('invited');
    expect(w.mailer.sent.length).toBe(mails);
    // positive control: the default connection mails
    await w.create(person('loud'));
    expect(w.mailer.sent.length).toBe(mails + 1);
  });

  it('places per the connection: its unit, or the in-scope unit named like the department (any case)', async () => {
    const w = await world({ unitId: null });
    expect((await w.create(person('one'), { unitId: w.ops.id })).unitId).toBe(w.ops.id);
    let n = 0;
    const dept = (d: string) => person(`dept${++n}`, { [enterprise]: { department: d } });
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect((await w.create(dept('sALES'), { unitFromDepartment: true, unitId: w.ops.id })).unitId).toBe(w.sales.id);
    // no unit of that name: the connection's unit; without the flag the department is only stored
    expect((await w.create(dept('Nowhere'), { unitFromDepartment: true, unitId: w.ops.id })).unitId).toBe(w.ops.id);
    expect((await w.create(dept('Sales'), { unitId: w.ops.id })).unitId).toBe(w.ops.id);
  });

  it('refuses an existing userName (any case), externalId or email with 409 uniqueness, and writes nothing', async () => {
    const w = await world();
    await w.create(person('Taken@Acme.test', { externalId: 'x-1' }));
    const before = w.dir.users.size;
    for (const body of [
      person('TAKEN@acme.TEST', { emails: [{ value: 'other@acme.test' }] }),
      person('fresh', { externalId: 'x-1' }),
      person('fresh2', { emails: [{ value: 'taken@acme.test' }] }),
    ]) {
      expect(await scimRefusal(w.create(body))).toMatchObject({ status: 409, scimType: 'uniqueness' });
    }
    // a member made outside SCIM answers to their username: it is a SCIM userName too
    await createUser(w.deps, w.manager(), memberInput('plain'));
    expect(await scimRefusal(w.create(person('Plain', { emails: [{ value: 'p2@acme.test' }] })))).toMatchObject({
      status: 409,
    });
    expect(w.dir.users.size).toBe(before + 1);
    // positive control
    expect((await w.create(person('fresh'))).username).toBe('fresh');
  });

  it('derives another handle when the one wanted belongs to a member who answers to another SCIM userName', async () => {
    const w = await world();
    const first = await w.create(person('sam@one.test'));
    expect(first.username).toBe('sam');
    const second = await w.create(person('Sam', { emails: [{ value: 'sam2@acme.test' }] }));
    expect(second).toMatchObject({ username: 'sam-2', scimProfile: { userName: 'Sam' } });
    const found = await w.list([{ attribute: 'userName', value: 'sam' }]);
    expect(found.users.map((u) => u.id)).toEqual([second.id]);
  });
});

describe('who SCIM sees', () => {
  it('lists persons it may manage, by username, with an exact total and paging; others are 404', async () => {
    const w = await world();
    for (const n of ['carol', 'alice', 'bob']) await w.create(person(n));
    // an account manager and a member holding a capability the system user lacks are out of its reach
    const boss = w.manager().membership.userId;
    const e911 = await createUser(w.deps, w.manager(), memberInput('e911', { capabilities: { manageE911: true } }));
    const all = await w.list([]);
    expect(all.users.map((u) => u.username)).toEqual(['alice', 'bob', 'carol']);
    expect(all.totalResults).toBe(3);
    const page = await w.list([], 2, 1);
    expect(page).toMatchObject({ totalResults: 3, users: [{ username: 'bob' }] });
    expect((await w.list([], 1, 0)).users).toEqual([]);
    for (const id of [boss, e911.id, w.system.id, 'nobody'])
      await expect(scimGetUser(w.deps, w.caller(), id)).rejects.toThrow(NotFoundError);
    // positive control
    expect((await scimGetUser(w.deps, w.caller(), all.users[0].id)).username).toBe('alice');
  });

  it('filters on userName (any case), externalId, email (the work one), id and active; no match is empty', async () => {
    const w = await world();
    const ada = await w.create(person('Ada@Acme.test', { externalId: 'E-ADA' }));
    const off = await w.create(person('off', { active: false }));
    const ids = async (filter: Parameters<typeof w.list>[0]) => (await w.list(filter)).users.map((u) => u.id);
    expect(await ids([{ attribute: 'userName', value: 'ADA@acme.test' }])).toEqual([ada.id]);
    expect(await ids([{ attribute: 'externalId', value: 'E-ADA' }])).toEqual([ada.id]);
    expect(await ids([{ attribute: 'externalId', value: 'e-ada' }])).toEqual([]);
    expect(
      await ids([{ attribute: 'emails.value', value: 'ADA@acme.test', where: { attribute: 'type', value: 'work' } }]),
    ).toEqual([ada.id]);
    expect(
      await ids([{ attribute: 'emails.value', value: 'ada@acme.test', where: { attribute: 'type', value: 'home' } }]),
    ).toEqual([]);
    expect(await ids([{ attribute: 'id', value: off.id }])).toEqual([off.id]);
    expect(await ids([{ attribute: 'active', value: false }])).toEqual([off.id]);
    expect(await ids([{ attribute: 'active', value: true }])).toEqual([ada.id]);
    expect(
      await ids([
        { attribute: 'userName', value: 'ada@acme.test' },
        { attribute: 'active', value: false },
      ]),
    ).toEqual([]);
    expect(await ids([{ attribute: 'userName', value: 'a6b1c8f0-0000-4000-8000-000000000000' }])).toEqual([]);
  });
});

describe('changing a user through SCIM', () => {
  it('deactivates on active "False" (tokens refused, sign-in disabled) and reactivates on true', async () => {
    const w = await world();
    const user = await w.create(person('Dee@Acme.test'));
    await acceptInvitation(w.deps, { token: w.mailer.lastToken(), password: PASSWORD });
    const active = w.stored(user.id);
    expect(active.status).toBe('active');
    w.clock.advance(10);
    const off = await scimPatchUser(
      w.deps,
      w.caller(),
      user.id,
      patch({ op: 'Replace', path: 'active', value: 'False' }),
    );
    expect(off).toMatchObject({ status: 'deactivated', version: active.version + 1 });
    expect(w.dir.memberships.get(`${active.identityId}/${w.account.id}`)).toMatchObject({
      status: 'deactivated',
      tokensValidAfter: revocationMark(w.clock.now()),
    });
    expect(w.lifecycle.signIns.calls).toEqual(['disable:dee@acme.test', 'signOut:dee@acme.test']);
    // again: idempotent, no new version
    const again = await scimPatchUser(w.deps, w.caller(), user.id, patch({ op: 'replace', value: { active: false } }));
    expect(again.version).toBe(off.version);
    const on = await scimReplaceUser(w.deps, w.caller(), user.id, person('Dee@Acme.test', { active: true }));
    expect(on.status).toBe('active');
    expect(w.lifecycle.signIns.disabled.has('dee@acme.test')).toBe(false);
    expect(w.eventTypes().slice(-2)).toEqual(['user.deactivated', 'user.reactivated']);
    expect(w.dir.events.at(-1)!.actor).toMatchObject({ userId: w.system.id, source: 'scim' });
  });

  it('a PUT without active keeps the status, replaces the profile and moves the userName claim', async () => {
    const w = await world();
    const user = await w.create(person('Old@Acme.test', { externalId: 'x', title: 'Dr' }));
    await scimPatchUser(w.deps, w.caller(), user.id, patch({ op: 'replace', path: 'active', value: false }));
    const next = await scimReplaceUser(w.deps, w.caller(), user.id, {
      userName: 'New@Acme.test',
      name: { givenName: 'Nu', familyName: 'Name' },
      emails: [{ value: 'old@acme.test' }],
    });
    expect(next).toMatchObject({ status: 'deactivated', firstName: 'Nu', scimProfile: { userName: 'New@Acme.test' } });
    expect(next.scimProfile).not.toHaveProperty('externalId');
    expect(next.username).toBe(user.username);
    // the old userName and externalId are free for someone else; the new one is taken
    await w.create(person('old@acme.test', { externalId: 'x', emails: [{ value: 'o2@acme.test' }] }));
    expect(await scimRefusal(w.create(person('NEW@acme.test', { emails: [{ value: 'n2@acme.test' }] })))).toMatchObject(
      { status: 409, scimType: 'uniqueness' },
    );
  });

  it('applies PATCH operations in order, all or nothing; an empty list changes nothing; a stale If-Match is 412', async () => {
    const w = await world();
    const user = await w.create(person('pat'));
    const next = await scimPatchUser(
      w.deps,
      w.caller(),
      user.id,
      patch(
        { op: 'Add', path: 'name.givenName', value: 'Patricia' },
        { op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'R&D' },
        { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0199' },
        { op: 'remove', path: 'title' },
      ),
    );
    expect(next).toMatchObject({
      firstName: 'Patricia',
      version: user.version + 1,
      scimProfile: { department: 'R&D', phoneNumbers: [{ value: '+1 555 0199', type: 'mobile' }] },
    });
    const same = await scimPatchUser(w.deps, w.caller(), user.id, patch());
    expect(same.version).toBe(next.version);
    // a bad operation after a good one: nothing written
    const bad = patch(
      { op: 'replace', path: 'name.givenName', value: 'X' },
      { op: 'replace', path: 'active', value: 'maybe' },
    );
    expect(await scimRefusal(scimPatchUser(w.deps, w.caller(), user.id, bad))).toMatchObject({ status: 400 });
    expect(w.stored(user.id).firstName).toBe('Patricia');
    await expect(
      scimPatchUser(w.deps, w.caller(), user.id, patch({ op: 'replace', path: 'title', value: 'T' }), user.version),
    ).rejects.toThrow(PreconditionFailedError);
    // positive control: the current version
    const titled = await scimPatchUser(
      w.deps,
      w.caller(),
      user.id,
      patch({ op: 'replace', path: 'title', value: 'T' }),
      next.version,
    );
    expect(titled.scimProfile?.title).toBe('T');
  });

  it('moves an invited member to a new email with a new setup link (the old one revoked); a sign-in’s email stays', async () => {
    const w = await world();
    const user = await w.create(person('em'));
    const oldToken = w.mailer.lastToken();
    const moved = await scimPatchUser(
      w.deps,
      w.caller(),
      user.id,
      patch({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'New.Address@acme.test' }),
    );
    expect(moved).toMatchObject({ email: 'new.address@acme.test', version: user.version + 1 });
    expect(w.mailer.sent.at(-1)!.to).toEqual(['new.address@acme.test']);
    const newToken = w.mailer.lastToken();
    await expect(acceptInvitation(w.deps, { token: oldToken, password: PASSWORD })).rejects.toThrow();
    const { user: joined } = await acceptInvitation(w.deps, { token: newToken, password: PASSWORD });
    expect(joined).toMatchObject({ status: 'active', email: 'new.address@acme.test' });
    // the old address is free again; the new one is taken
    await w.create(person('em2', { emails: [{ value: 'em@acme.test' }] }));
    expect(await scimRefusal(w.create(person('em3', { emails: [{ value: 'new.address@acme.test' }] })))).toMatchObject({
      status: 409,
      scimType: 'uniqueness',
    });
    // now that they have a sign-in, their email is theirs
    const refusal = await scimRefusal(
      scimReplaceUser(w.deps, w.caller(), user.id, person('em', { emails: [{ value: 'else@acme.test' }] })),
    );
    expect(refusal).toMatchObject({ status: 400, scimType: 'mutability' });
  });
});

describe('deleting a user through SCIM', () => {
  it('closes without a password; then 404; the same userName and externalId can be created again', async () => {
    const w = await world();
    const user = await w.create(person('Gone@Acme.test', { externalId: 'g' }));
    // the same system user through the API (no SCIM connection on the request): a password is asked, none exists
    const { via: _scim, ...apiCaller } = w.caller();
    await expect(closeUser(w.deps, apiCaller, user.id, {})).rejects.toThrow(ReauthenticationRequiredError);
    expect(w.stored(user.id).status).toBe('invited');
    await scimDeleteUser(w.deps, w.caller(), user.id);
    expect(w.stored(user.id).status).toBe('closed');
    await expect(scimGetUser(w.deps, w.caller(), user.id)).rejects.toThrow(NotFoundError);
    await expect(scimDeleteUser(w.deps, w.caller(), user.id)).rejects.toThrow(NotFoundError);
    expect((await w.list([{ attribute: 'userName', value: 'gone@acme.test' }])).users).toEqual([]);
    const again = await w.create(person('Gone@Acme.test', { externalId: 'g' }));
    expect(again.id).not.toBe(user.id);
  });
});

describe('an invited member deactivated', () => {
  it('cannot use their setup link while deactivated; reactivated, they are invited again and it works', async () => {
    const w = await world();
    await createUser(w.deps, w.manager(), memberInput('ivy'));
    const token = w.mailer.lastToken();
    const ivy = [...w.dir.users.values()].find((u) => u.username === 'ivy')!;
    expect((await deactivateUser(w.deps, w.manager(), ivy.id)).status).toBe('deactivated');
    await expect(acceptInvitation(w.deps, { token, password: PASSWORD })).rejects.toThrow(InvitationRevokedError);
    expect((await reactivateUser(w.deps, w.manager(), ivy.id)).status).toBe('invited');
    const { user } = await acceptInvitation(w.deps, { token, password: PASSWORD });
    expect(user.status).toBe('active');
  });
});
