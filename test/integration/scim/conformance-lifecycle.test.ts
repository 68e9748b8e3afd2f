/**
 * SCIM under concurrency and through a member's life: 20 parallel member adds to one group, two racing creates of one
 * userName, a deactivation through SCIM that refuses the member's token from the next request on, and the audit
 * events of SCIM changes naming the connection's system user with `source: "scim"`.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { accept, createMember, expectStatus, signIn } from '../../builders/api.ts';
import { eventsOf, type AuditEventDto } from '../../builders/lifecycle.ts';
import { call } from '../../support/http.ts';
import { mailsTo } from '../../support/mailbox.ts';
import {
  createScimGroup,
  createScimUser,
  expectList,
  expectScimError,
  filter,
  patchOp,
  scimAccount,
  scimUserBody,
  type ScimTenant,
} from '../../support/scim.ts';

let t: ScimTenant;
const userPath = (id: string) => `/v1/accounts/${t.accountId}/users/${id}`;

beforeAll(async () => {
  t = await scimAccount('Lifecycle Conformance');
});

describe('concurrency', () => {
  it('20 parallel member adds to one group all succeed; the group then has exactly those 20 members', async () => {
    // the members come from the regular API (not SCIM-rate-limited); the 20 adds go out at once
    const members: { id: string }[] = [];
    for (let i = 0; i < 20; i += 5)
      members.push(...(await Promise.all(Array.from({ length: 5 }, () => createMember(t)))));
    const group = await createScimGroup(t.scim, `Parallel ${randomUUID()}`);
    const answers = await Promise.all(
      members.map((m) =>
        t.scim('PATCH', `/Groups/${group.id}`, patchOp({ op: 'Add', path: 'members', value: [{ value: m.id }] })),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(204));
    const read = await t.scim('GET', `/Groups/${group.id}`);
    expect((read.body.members as { value: string }[]).map((m) => m.value).sort()).toEqual(
      members.map((m) => m.id).sort(),
    );
    const viaApi = await call('GET', `/v1/accounts/${t.accountId}/groups/${group.id}`, { token: t.token });
    expect(viaApi.body).toMatchObject({ memberCount: 20 });
    const listed = await call('GET', `/v1/accounts/${t.accountId}/groups/${group.id}/members?limit=100`, {
      token: t.token,
    });
    expect(listed.body.items).toHaveLength(20);
    // each member's filter finds the group
    expectList(
      await t.scim('GET', `/Groups${filter(`members[value eq "${members[7].id}"]`, 'excludedAttributes=members')}`),
      [group.id],
    );
  });

  it('two racing POSTs of one userName: exactly one 201, the other 409 uniqueness; one member exists', async () => {
    for (const [first, second] of [
      [scimUserBody('race'), null],
      [scimUserBody('race-case'), 'upper'],
    ] as const) {
      const twin = {
        ...scimUserBody('race-twin'),
        userName: second === 'upper' ? first.userName.toUpperCase() : first.userName,
      };
      const answers = await Promise.all([t.scim('POST', '/Users', first), t.scim('POST', '/Users', twin)]);
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses, JSON.stringify(answers.map((r) => r.body))).toEqual([201, 409]);
      const loser = answers.find((r) => r.status === 409);
      if (loser) expectScimError(loser, 409, 'uniqueness');
      const winner = answers.find((r) => r.status === 201);
      expectList(await t.scim('GET', `/Users${filter(`userName eq "${first.userName}"`)}`), [winner?.body.id]);
    }
  });

  it('two racing POSTs of the same body (a retried create) leave one member', async () => {
    const body = { ...scimUserBody('retry'), externalId: randomUUID() };
    const answers = await Promise.all([t.scim('POST', '/Users', body), t.scim('POST', '/Users', body)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expectList(await t.scim('GET', `/Users${filter(`externalId eq "${body.externalId}"`)}`), [
      answers.find((r) => r.status === 201)?.body.id,
    ]);
  });
});

describe('deactivation through SCIM', () => {
  it("refuses the member's existing token from the next request on; reactivation lets them sign in again", async () => {
    const body = scimUserBody('signed-in');
    const user = await createScimUser(t.scim, body); // sendInvitations defaults to true: a setup link is mailed
    const accepted = await accept(body.emails[0].value);
    expect(accepted).toMatchObject({ accountId: t.accountId, user: { id: user.id } });
    const token = await signIn(body.emails[0].value);
    expectStatus(await call('GET', '/v1/me', { token }), 200); // positive control: the token works
    expect((await t.scim('GET', `/Users/${user.id}`)).body).toMatchObject({ active: true });
    expect((await call('GET', userPath(user.id), { token: t.token })).body).toMatchObject({ status: 'active' });

    const off = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: false }));
    expectStatus(off, 200);
    expect((await call('GET', '/v1/me', { token })).status).toBe(401);
    expect(
      (
        await call('POST', '/v1/auth/token', {
          body: { email: body.emails[0].value, password: 'Correct-Horse-Battery-9' },
        })
      ).status,
    ).toBe(401);

    const on = await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: true }));
    expectStatus(on, 200);
    expect((await call('GET', userPath(user.id), { token: t.token })).body).toMatchObject({ status: 'active' });
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 50)); // a revocation covers its own second
    expectStatus(await call('GET', '/v1/me', { token: await signIn(body.emails[0].value) }), 200);
  });

  it('with sendInvitations false no setup mail goes out; with it true (the default) one does', async () => {
    const quiet = await call('PATCH', userPath(t.admin.id), {
      token: t.token,
      body: { scim: { sendInvitations: false } },
    });
    expectStatus(quiet, 200);
    expect(quiet.body).toMatchObject({ scim: { enabled: true, sendInvitations: false } });
    try {
      const body = scimUserBody('no-mail');
      await createScimUser(t.scim, body);
      await new Promise((r) => setTimeout(r, 500)); // a mail would be in the emulator's store by now
      const to = await mailsTo(body.emails[0].value);
      expect(to).toHaveLength(0);
    } finally {
      expectStatus(
        await call('PATCH', userPath(t.admin.id), { token: t.token, body: { scim: { sendInvitations: true } } }),
        200,
      );
    }
    // positive control: with invitations on, a created member is mailed
    const mailed = scimUserBody('mailed');
    await createScimUser(t.scim, mailed);
    await expect(accept(mailed.emails[0].value)).resolves.toMatchObject({ user: { status: 'active' } });
  });
});

describe('audit', () => {
  it('events of SCIM changes name the system user as actor with source "scim"; API changes carry no source', async () => {
    const user = await createScimUser(t.scim, scimUserBody('audited'));
    expectStatus(
      await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'name.givenName', value: 'Audrey' })),
      200,
    );
    expectStatus(await t.scim('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', value: { active: false } })), 200);
    expectStatus(await t.scim('DELETE', `/Users/${user.id}`), 204);
    const group = await createScimGroup(t.scim, `Audited ${randomUUID()}`);
    const byApi = await createMember(t);
    expectStatus(
      await t.scim(
        'PATCH',
        `/Groups/${group.id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: byApi.id }] }),
      ),
      204,
    );

    const events = await eventsOf(t.token, `/v1/accounts/${t.accountId}/events?limit=100`);
    const about = (id: string) => events.filter((e) => e.target.userId === id);
    const scimActor = { kind: 'user', userId: t.admin.id, source: 'scim' };
    const types = (list: AuditEventDto[]) => list.map((e) => e.type);
    const mine = about(user.id);
    expect(types(mine)).toEqual(
      expect.arrayContaining(['user.created', 'user.updated', 'user.deactivated', 'user.closed']),
    );
    for (const e of mine.filter((x) => x.type.startsWith('user.'))) expect(e.actor, e.type).toEqual(scimActor);
    const added = events.find((e) => e.type === 'group.member_added' && e.target.userId === byApi.id);
    expect(added?.actor).toEqual(scimActor);
    const groupCreated = events.find((e) => e.type === 'group.created' && e.actor.userId === t.admin.id);
    expect(groupCreated?.actor).toEqual(scimActor);
    // positive control: the member the account manager created through the API has an actor without a source
    const apiCreated = about(byApi.id).find((e) => e.type === 'user.created');
    expect(apiCreated?.actor).toEqual({ kind: 'user', userId: t.ownerId });
  });
});
