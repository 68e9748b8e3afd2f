/**
 * Members in the organisation tree, over HTTP against the local stack: subtree listings (one Query
 * per page), member paths that follow unit moves, units that are not empty while they have members, invitations
 * that place their member, delegates, and the member's own settings layer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MOVE_LEASE_SECONDS } from '#domain/org-unit.ts';
import { call, clock, fault, type CallResult } from '../../support/http.ts';
import {
  newMember,
  PASSWORD,
  tokenRequest,
  userInput,
  expectStatus,
  newOrg,
  type Manager,
} from '../../builders/api.ts';
import { acceptLink, inviteeEmail, inviteOne, linkOf } from '../../builders/invitations.ts';
import { chain, createUnit, unitsPath, type Unit } from '../../builders/units.ts';
import { withTotp } from '../../builders/lifecycle.ts';

type Member = { id: string; username: string; unitId: string; version: number; role: string };
type Page = { items: Member[]; nextCursor: string | null };

let org: Manager;
let emea: Unit;
let berlin: Unit;
let apac: Unit;
const usersPath = () => `/v1/accounts/${org.accountId}/users`;

async function createMember(unitId: string, username: string, manager: Manager = org): Promise<Member> {
  const r = await call('POST', `/v1/accounts/${manager.accountId}/users`, {
    token: manager.token,
    body: userInput({ username, unitId }),
  });
  expectStatus(r, 201);
  return r.body as Member;
}

/** Every page of a listing (`path` with its query string), following the cursor; `ended`: a page said there is no next. */
async function walkPages<P extends { nextCursor: string | null }>(
  path: string,
  token: string,
  maxPages = 20,
): Promise<{ pages: P[]; commands: string[][]; ended: boolean }> {
  const pages: P[] = [];
  const commands: string[][] = [];
  let cursor: string | null = null;
  do {
    const r: CallResult = await call('GET', `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      token,
    });
    expectStatus(r, 200);
    pages.push(r.body as P);
    commands.push(r.ddbCommands);
    cursor = (r.body as P).nextCursor;
  } while (cursor && pages.length < maxPages);
  return { pages, commands, ended: cursor === null };
}

const unitMembers = (unitId: string, query = '') =>
  walkPages<Page>(`${unitsPath(org)}/${unitId}/users?${query}`, org.token);
const names = (pages: Page[]) => pages.flatMap((p) => p.items.map((m) => m.username));

beforeAll(async () => {
  org = await newOrg('Tree Members Co');
  [emea, berlin] = await chain(org, org.rootId, ['EMEA', 'Berlin']);
  apac = await createUnit(org, 'APAC', org.rootId);
  for (const n of ['b-one', 'b-two', 'b-three']) await createMember(berlin.id, n);
  for (const n of ['e-one', 'e-two']) await createMember(emea.id, n);
  await createMember(apac.id, 'a-one');
});

describe('members of a unit and of its subtree', () => {
  it('lists a unit’s own members, or its whole subtree, one Query per page, none twice and none missing', async () => {
    const own = await unitMembers(emea.id, 'limit=10');
    expect(names(own.pages)).toEqual(['e-one', 'e-two']);

    const subtree = await unitMembers(emea.id, 'includeDescendants=true&limit=2');
    // by unit path, then username: EMEA's own members, then Berlin's
    expect(names(subtree.pages)).toEqual(['e-one', 'e-two', 'b-one', 'b-three', 'b-two']);
    expect(subtree.pages.length).toBe(3);
    for (const c of subtree.commands) expect(c).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'QueryCommand']);

    const all = await unitMembers(org.rootId, 'includeDescendants=true&limit=100');
    expect(names(all.pages)).toEqual(expect.arrayContaining(['a-one', 'b-one', 'e-one']));
    expect(names(all.pages)).toHaveLength(7); // the owner sits in the root
  });

  it('refuses a bad flag and a forged cursor (400), another account’s unit (404)', async () => {
    const bad = await call('GET', `${unitsPath(org)}/${emea.id}/users?includeDescendants=yes`, { token: org.token });
    expect(bad.status).toBe(400);
    const forged = await call('GET', `${unitsPath(org)}/${emea.id}/users?cursor=forged`, { token: org.token });
    expect(forged.status).toBe(400);
    const other = await newOrg('Other Tree Co');
    const foreign = await call('GET', `${unitsPath(other)}/${emea.id}/users`, { token: other.token });
    expect(foreign.status).toBe(404);
    // positive control: the same listing in its own account
    expectStatus(await call('GET', `${unitsPath(other)}/${other.rootId}/users`, { token: other.token }), 200);
  });

  it('a moved unit takes its members along: listings follow at once', async () => {
    const [nordics, oslo] = await chain(org, org.rootId, ['Nordics', 'Oslo']);
    const kari = await createMember(oslo.id, 'kari');
    const moved = await call('PATCH', `${unitsPath(org)}/${nordics.id}`, {
      token: org.token,
      body: { parentId: apac.id },
    });
    expectStatus(moved, 200);
    expect(names((await unitMembers(apac.id, 'includeDescendants=true')).pages)).toEqual(['a-one', 'kari']);
    expect(names((await unitMembers(org.rootId)).pages)).not.toContain('kari');
    const read = await call('GET', `${usersPath()}/${kari.id}`, { token: org.token });
    expect(read.body).toMatchObject({ unitId: oslo.id });
    // the member's representation changed (its unit path): a new ETag
    expect(read.headers.etag).toBe(`"${kari.version + 1}"`);
  });

  it('a unit with members is not empty; moving them out lets it go; counts follow', async () => {
    const lab = await createUnit(org, 'Lab', org.rootId);
    const ada = await createMember(lab.id, 'ada');
    expect((await call('GET', `${unitsPath(org)}/${lab.id}`, { token: org.token })).body).toMatchObject({
      memberCount: 1,
    });
    const refused = await call('DELETE', `${unitsPath(org)}/${lab.id}`, { token: org.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'unit_not_empty' });

    const out = await call('PATCH', `${usersPath()}/${ada.id}`, { token: org.token, body: { unitId: apac.id } });
    expectStatus(out, 200);
    expect(out.body).toMatchObject({ unitId: apac.id });
    expect((await call('GET', `${unitsPath(org)}/${lab.id}`, { token: org.token })).body).toMatchObject({
      memberCount: 0,
    });
    expectStatus(await call('DELETE', `${unitsPath(org)}/${lab.id}`, { token: org.token }), 204);
  });

  it('placing a member in a unit of another account, or one that does not exist, is 404 and creates nothing', async () => {
    const input = userInput({ unitId: 'NO-SUCH-UNIT' });
    const r = await call('POST', usersPath(), { token: org.token, body: input });
    expect(r.status).toBe(404);
    const list = await call('GET', `${usersPath()}?limit=100`, { token: org.token });
    expect((list.body as Page).items.map((m) => m.username)).not.toContain(input.username);
  });
});

describe('invitations place their member', () => {
  it('an invitation with a unit, role and modules creates the member there on acceptance', async () => {
    const email = inviteeEmail('placed');
    await inviteOne(org, email, { unitId: berlin.id, modules: ['fax', 'voice'] });
    const accepted = await acceptLink(await linkOf(email), PASSWORD);
    expectStatus(accepted, 200);
    const userId = (accepted.body as { user: { id: string } }).user.id;
    const read = await call('GET', `${usersPath()}/${userId}`, { token: org.token });
    expect(read.body).toMatchObject({
      unitId: berlin.id,
      role: 'user',
      modules: ['fax', 'voice'],
      effectivePermissions: { modules: ['fax', 'voice'] },
    });
    expect(names((await unitMembers(berlin.id)).pages)).toContain((read.body as Member).username);
  });
});

describe('an invitation into a unit deleted meanwhile', () => {
  it('places its member in the root', async () => {
    const gone = await createUnit(org, 'Short-lived', org.rootId);
    const email = inviteeEmail('orphan');
    await inviteOne(org, email, { unitId: gone.id });
    expectStatus(await call('DELETE', `${unitsPath(org)}/${gone.id}`, { token: org.token }), 204);
    const accepted = await acceptLink(await linkOf(email), PASSWORD);
    expectStatus(accepted, 200);
    const read = await call('GET', `${usersPath()}/${(accepted.body as { user: { id: string } }).user.id}`, {
      token: org.token,
    });
    expect(read.body).toMatchObject({ unitId: org.rootId });
  });
});

describe('an invitation is only as good as its sender’s rights when it is accepted', () => {
  it('an admin’s invitation works while they may still give it, and is refused (409) once they may not', async () => {
    const admin = await newMember(org, { role: 'admin', adminUnitIds: [emea.id], capabilities: { manageUsers: true } });
    const first = inviteeEmail('by-admin');
    const second = inviteeEmail('by-admin');
    const sender = { accountId: org.accountId, token: admin.token };
    await inviteOne(sender, first, { unitId: berlin.id });
    await inviteOne(sender, second, { unitId: berlin.id });
    expectStatus(await acceptLink(await linkOf(first), PASSWORD), 200);

    expectStatus(
      await call('PATCH', `${usersPath()}/${admin.id}`, {
        token: org.token,
        body: { capabilities: { manageUsers: false } },
      }),
      200,
    );
    const refused = await acceptLink(await linkOf(second), PASSWORD);
    expect(refused.status).toBe(409);
    const listed = await call('GET', `${usersPath()}?limit=100`, { token: org.token });
    expect((listed.body as { items: { email: string }[] }).items.map((m) => m.email)).not.toContain(second);
  });
});

describe('delegates', () => {
  it('an account manager makes D a delegate of U: D administers U and only U, until the delegation ends', async () => {
    const u = await createMember(apac.id, 'delegated-u');
    const other = await createMember(apac.id, 'not-delegated');
    const d = await newMember(org, { username: 'delegate-d' });
    const path = `${usersPath()}/${u.id}/delegates/${d.id}`;

    // before: D may not touch U (positive control of the refusal below)
    expect(
      (await call('PATCH', `${usersPath()}/${u.id}`, { token: d.token, body: { firstName: 'Before' } })).status,
    ).toBe(403);

    const made = await call('PUT', path, { token: org.token });
    expectStatus(made, 201);
    expect(made.body).toMatchObject({ userId: u.id, delegateUserId: d.id });
    expectStatus(await call('PUT', path, { token: org.token }), 200);
    const listed = await call('GET', `${usersPath()}/${u.id}/delegates`, { token: org.token });
    expect((listed.body as { items: { delegateUserId: string }[] }).items.map((x) => x.delegateUserId)).toEqual([d.id]);

    expectStatus(
      await call('PATCH', `${usersPath()}/${u.id}`, { token: d.token, body: { firstName: 'Delegated' } }),
      200,
    );
    expect(
      (await call('PATCH', `${usersPath()}/${other.id}`, { token: d.token, body: { firstName: 'Nope' } })).status,
    ).toBe(403);
    // a delegate has no scope: moving U is not theirs
    expect((await call('PATCH', `${usersPath()}/${u.id}`, { token: d.token, body: { unitId: emea.id } })).status).toBe(
      403,
    );
    // only account managers make delegates
    expect((await call('PUT', `${usersPath()}/${other.id}/delegates/${d.id}`, { token: d.token })).status).toBe(403);

    expectStatus(await call('DELETE', path, { token: org.token }), 204);
    expect((await call('DELETE', path, { token: org.token })).status).toBe(404);
    expect(
      (await call('PATCH', `${usersPath()}/${u.id}`, { token: d.token, body: { firstName: 'After' } })).status,
    ).toBe(403);
  });

  it('refuses oneself, an account manager and an unknown member; closing a delegate ends the delegation', async () => {
    const u = await createMember(apac.id, 'closing-u');
    const d = await createMember(apac.id, 'closing-d');
    expect((await call('PUT', `${usersPath()}/${u.id}/delegates/${u.id}`, { token: org.token })).status).toBe(409);
    expect((await call('PUT', `${usersPath()}/${org.ownerId}/delegates/${d.id}`, { token: org.token })).status).toBe(
      409,
    );
    expect((await call('PUT', `${usersPath()}/${u.id}/delegates/NOBODY`, { token: org.token })).status).toBe(404);
    expectStatus(await call('PUT', `${usersPath()}/${u.id}/delegates/${d.id}`, { token: org.token }), 201);

    expectStatus(
      await call('DELETE', `${usersPath()}/${d.id}`, { token: org.token, body: { password: PASSWORD } }),
      204,
    );
    const listed = await call('GET', `${usersPath()}/${u.id}/delegates`, { token: org.token });
    expect((listed.body as { items: unknown[] }).items).toEqual([]);
  });
});

describe('the member’s own settings layer', () => {
  it('a user override wins over the unit and the account, and null gives the inherited value back', async () => {
    const m = await createMember(berlin.id, 'settings-m');
    expectStatus(
      await call('PATCH', `${unitsPath(org)}/${emea.id}/settings`, {
        token: org.token,
        body: { timezone: 'Europe/Berlin' },
      }),
      200,
    );
    let read = await call('GET', `${usersPath()}/${m.id}`, { token: org.token });
    expect(read.body).toMatchObject({
      effectiveSettings: { timezone: { value: 'Europe/Berlin', source: `unit:${emea.id}` } },
    });

    expectStatus(
      await call('PATCH', `${usersPath()}/${m.id}`, {
        token: org.token,
        body: { settings: { timezone: 'Europe/Paris' } },
      }),
      200,
    );
    read = await call('GET', `${usersPath()}/${m.id}`, { token: org.token });
    expect(read.body).toMatchObject({
      settings: { timezone: 'Europe/Paris' },
      effectiveSettings: { timezone: { value: 'Europe/Paris', source: 'user' } },
    });
    // the read: the member with the membership check, then one BatchGetItem with the tree, their unit and every settings layer of its path
    expect(read.ddbCommands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);

    expectStatus(
      await call('PATCH', `${usersPath()}/${m.id}`, { token: org.token, body: { settings: { timezone: null } } }),
      200,
    );
    read = await call('GET', `${usersPath()}/${m.id}`, { token: org.token });
    expect(read.body).toMatchObject({
      effectiveSettings: { timezone: { value: 'Europe/Berlin', source: `unit:${emea.id}` } },
    });
  });

  it('a member reads their own record with their effective permissions', async () => {
    const me = await newMember(org, { username: 'self-reader', unitId: emea.id });
    const read = await call('GET', `${usersPath()}/${me.id}`, { token: me.token });
    expectStatus(read, 200);
    expect(read.body).toMatchObject({
      unitId: emea.id,
      effectivePermissions: { role: 'user', modules: ['messaging', 'fax', 'voice', 'contacts', 'reports'] },
    });
  });
});

describe('mfaRequired below the account is enforced per member', () => {
  it('a unit that requires MFA shuts its members without MFA out (403 mfa_required); members elsewhere are unaffected; a member override waives it', async () => {
    const mfaOrg = await newOrg('Unit MFA Co');
    const secure = await createUnit(mfaOrg, 'Secure', mfaOrg.rootId);
    const open = await createUnit(mfaOrg, 'Open', mfaOrg.rootId);
    const inside = await newMember(mfaOrg, { unitId: secure.id });
    const outside = await newMember(mfaOrg, { unitId: open.id });
    // requiring MFA needs the caller's own
    await withTotp(mfaOrg);
    const own = (m: { id: string; token: string }) =>
      call('GET', `/v1/accounts/${mfaOrg.accountId}/users/${m.id}`, { token: m.token });
    // before: both read their own record with one BatchGetItem of authorization (no overrides in the account yet)
    expectStatus(await own(inside), 200);
    expect((await own(outside)).ddbCommands[0]).toBe('BatchGetItemCommand');

    expectStatus(
      await call('PATCH', `${unitsPath(mfaOrg)}/${secure.id}/settings`, {
        token: mfaOrg.token,
        body: { mfaRequired: true },
      }),
      200,
    );
    const refused = await own(inside);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'mfa_required' });
    expectStatus(await own(outside), 200);
    // sign-in asks them to set MFA up; the member elsewhere signs in as before
    expect((await tokenRequest(inside.email)).body).toMatchObject({ challenge: 'MFA_SETUP' });
    expect((await tokenRequest(outside.email)).body).toHaveProperty('accessToken');
    // enrolment stays open to them
    expectStatus(await call('POST', '/v1/me/mfa/totp', { token: inside.token }), 200);

    // the account manager waives it for this one member (their own layer)
    expectStatus(
      await call('PATCH', `/v1/accounts/${mfaOrg.accountId}/users/${inside.id}`, {
        token: mfaOrg.token,
        body: { settings: { mfaRequired: false } },
      }),
      200,
    );
    expectStatus(await own(inside), 200);
  });

  it('a unit can waive an account-wide requirement for its subtree (account managers only)', async () => {
    const mfaOrg = await newOrg('Account MFA Co');
    const kiosk = await createUnit(mfaOrg, 'Kiosk', mfaOrg.rootId);
    const clerk = await newMember(mfaOrg, { unitId: kiosk.id });
    const desk = await newMember(mfaOrg);
    // requiring MFA needs the caller's own
    await withTotp(mfaOrg);
    expectStatus(
      await call('PATCH', `${unitsPath(mfaOrg)}/${kiosk.id}/settings`, {
        token: mfaOrg.token,
        body: { mfaRequired: false },
      }),
      200,
    );
    expectStatus(
      await call('PATCH', `/v1/accounts/${mfaOrg.accountId}/settings`, {
        token: mfaOrg.token,
        body: { mfaRequired: true },
      }),
      200,
    );
    expectStatus(await call('GET', `/v1/accounts/${mfaOrg.accountId}/users/${clerk.id}`, { token: clerk.token }), 200);
    // positive control of the waiver: a member in the root without MFA is now refused
    expect((await call('GET', `/v1/accounts/${mfaOrg.accountId}`, { token: desk.token })).status).toBe(403);
  });
});

describe('concurrent writes without If-Match', () => {
  it('are applied one after another (each reads again), while a stale If-Match is still 412', async () => {
    const m = await createMember(apac.id, 'racer');
    const path = `${usersPath()}/${m.id}`;
    const results = await Promise.all(
      ['One', 'Two', 'Three'].map((firstName) => call('PATCH', path, { token: org.token, body: { firstName } })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const read = await call('GET', path, { token: org.token });
    expect((read.body as Member).version).toBe(m.version + 3);
    const stale = await call('PATCH', path, {
      token: org.token,
      body: { firstName: 'Late' },
      headers: { 'if-match': `"${m.version}"` },
    });
    expect(stale.status).toBe(412);
  });
});

describe('a move that died holds members out only until its lease has passed', () => {
  it('member placements answer 409 during the lease, then complete the move (members included) and succeed', async () => {
    const crash = await newOrg('Crash Members Co');
    const [left, right] = [
      await createUnit(crash, 'Left', crash.rootId),
      await createUnit(crash, 'Right', crash.rootId),
    ];
    const r = await call('POST', `/v1/accounts/${crash.accountId}/users`, {
      token: crash.token,
      body: userInput({ username: 'stays-put', unitId: left.id }),
    });
    expectStatus(r, 201);
    // the move commits; removing its marker (its last step) fails, as if the request had died there
    await fault({ service: 'dynamodb', command: 'UpdateItemCommand' });
    expectStatus(
      await call('PATCH', `${unitsPath(crash)}/${left.id}`, { token: crash.token, body: { parentId: right.id } }),
      200,
    );
    try {
      const during = await call('POST', `/v1/accounts/${crash.accountId}/users`, {
        token: crash.token,
        body: userInput(),
      });
      expect(during.body).toMatchObject({ status: 409, code: 'unit_move_in_progress' });
      await clock(MOVE_LEASE_SECONDS + 1);
      expectStatus(
        await call('POST', `/v1/accounts/${crash.accountId}/users`, { token: crash.token, body: userInput() }),
        201,
      );
      const under = await call('GET', `${unitsPath(crash)}/${right.id}/users?includeDescendants=true`, {
        token: crash.token,
      });
      expect((under.body as Page).items.map((m) => m.username)).toEqual(['stays-put']);
    } finally {
      await clock(0);
    }
  });
});

describe('nobody below an account manager lifts an MFA requirement by moving things', () => {
  it('an admin may not move a member or a unit out from under a unit that requires MFA; an account manager may', async () => {
    const o = await newOrg('Lift Co');
    const region = await createUnit(o, 'Region', o.rootId);
    const [strict, relaxed] = [await createUnit(o, 'Strict', region.id), await createUnit(o, 'Relaxed', region.id)];
    const kid = await createUnit(o, 'Kid', strict.id);
    // requiring MFA needs the caller's own
    await withTotp(o);
    expectStatus(
      await call('PATCH', `${unitsPath(o)}/${strict.id}/settings`, { token: o.token, body: { mfaRequired: true } }),
      200,
    );
    const admin = await newMember(o, { role: 'admin', adminUnitIds: [region.id], capabilities: { manageUsers: true } });
    const m = await call('POST', `/v1/accounts/${o.accountId}/users`, {
      token: o.token,
      body: userInput({ unitId: strict.id }),
    });
    expectStatus(m, 201);
    const memberPath = `/v1/accounts/${o.accountId}/users/${(m.body as Member).id}`;

    expect((await call('PATCH', memberPath, { token: admin.token, body: { unitId: relaxed.id } })).status).toBe(403);
    expect(
      (await call('PATCH', `${unitsPath(o)}/${kid.id}`, { token: admin.token, body: { parentId: relaxed.id } })).status,
    ).toBe(403);
    // within the requirement the admin moves freely (positive control), and the account manager may lift it
    const inside = await createUnit(o, 'Inside', strict.id);
    expectStatus(await call('PATCH', memberPath, { token: admin.token, body: { unitId: inside.id } }), 200);
    expectStatus(await call('PATCH', memberPath, { token: o.token, body: { unitId: relaxed.id } }), 200);
    expectStatus(
      await call('PATCH', `${unitsPath(o)}/${kid.id}`, { token: o.token, body: { parentId: relaxed.id } }),
      200,
    );
  });
});

describe('reading a member', () => {
  it('is two round trips: the member comes with the membership check, then one read of scope and settings layers', async () => {
    const member = await createMember(berlin.id, 'rt-reader');
    await call('PATCH', `/v1/accounts/${org.accountId}/units/${emea.id}/settings`, {
      token: org.token,
      body: { timezone: 'Europe/Berlin' },
    }).then((r) => expectStatus(r, 200));
    const r = await call('GET', `${usersPath()}/${member.id}`, { token: org.token });
    expectStatus(r, 200);
    expect(r.ddbCommands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    // what rode along is the member as stored, with settings inherited along their path
    expect(r.body).toMatchObject({
      id: member.id,
      username: 'rt-reader',
      unitId: berlin.id,
      effectiveSettings: { timezone: { value: 'Europe/Berlin', source: `unit:${emea.id}` } },
    });
    // an id that is nobody's is 404 at the same cost; another account's member is 404 too (positive control above)
    const nobody = await call('GET', `${usersPath()}/01JNOBODY0000000000000000`, { token: org.token });
    expectStatus(nobody, 404);
    expect(nobody.ddbCommands).toEqual(['BatchGetItemCommand']);
    const other = await newOrg('Other Readers Co');
    expectStatus(await call('GET', `/v1/accounts/${other.accountId}/users/${member.id}`, { token: other.token }), 404);
    expectStatus(await call('GET', `/v1/accounts/${org.accountId}/users/${member.id}`, { token: other.token }), 404);
  });
});

describe('a scoped administrator’s event log', () => {
  it('fills its page from a wider read window when most of the account’s newest events are outside the scope', async () => {
    const acme = await newOrg('Window Co');
    const paris = await createUnit(acme, 'Paris', acme.rootId);
    const admin = await newMember(acme, {
      username: 'paris-admin',
      role: 'admin',
      unitId: paris.id,
      adminUnitIds: [paris.id],
      modules: ['userManagement'],
      capabilities: { manageUsers: true, manageE911: false, manageInternationalDialing: false },
    });
    const add = (unitId: string, username: string) => createMember(unitId, username, acme);
    for (let i = 0; i < 6; i++) await add(paris.id, `paris-${i}`);
    // then 30 events outside the scope, newer than all of Paris's
    for (let i = 0; i < 30; i++) await add(acme.rootId, `root-${i}`);

    const events = `/v1/accounts/${acme.accountId}/events?type=user.created&limit=5`;
    const first = await call('GET', events, { token: admin.token });
    expectStatus(first, 200);
    const page = first.body as { items: { target: { userId?: string } }[]; nextCursor: string | null };
    // one Query (after the authorization reads) brings a full page, all of it inside the scope
    expect(page.items).toHaveLength(5);
    expect(first.ddbCommands.filter((c) => c === 'QueryCommand')).toHaveLength(1);
    const parisIds = new Set(
      (
        (await call('GET', `/v1/accounts/${acme.accountId}/units/${paris.id}/users?limit=50`, { token: acme.token }))
          .body as Page
      ).items.map((m) => m.id),
    );
    expect(page.items.every((e) => parisIds.has(e.target.userId!))).toBe(true);
    // walking on: every in-scope event exactly once, whatever the windows were, and the walk ends
    const walk = async () => {
      const { pages, ended } = await walkPages<typeof page>(events, admin.token, 30);
      return {
        seen: pages.flatMap((p) => p.items.map((e) => e.target.userId!)),
        sizes: pages.map((p) => p.items.length),
        ended,
      };
    };
    const once = await walk();
    expect(once.ended).toBe(true);
    expect([...once.seen].sort()).toEqual([...parisIds].sort());
    // 60 more outside the scope: more than one window (10 × 5) of them before the first match; still none skipped
    for (let i = 0; i < 60; i++) await add(acme.rootId, `more-${i}`);
    const again = await walk();
    expect(again.ended).toBe(true);
    expect([...again.seen].sort()).toEqual([...parisIds].sort());
    // the first page came back empty at the window's end, with a cursor to go on from (and the walk did)
    expect(again.sizes[0]).toBe(0);
    expect(again.sizes.length).toBeGreaterThan(1);
    // positive control: the account manager's page is the newest five, all outside Paris
    const manager = (await call('GET', events, { token: acme.token })).body as typeof page;
    expect(manager.items).toHaveLength(5);
    expect(manager.items.some((e) => parisIds.has(e.target.userId!))).toBe(false);
  });
});
