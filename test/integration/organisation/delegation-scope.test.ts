/**
 * No scope escape through a delegation: managing a member hands over what they hold (their password: acting as them),
 * delegations included. An admin who could not manage the member someone is a delegate of cannot manage that someone.
 *
 *   root ─┬─ S (A's scope: U, W) ─ S2
 *         ├─ O (outside A's scope: V)
 *         (B's scope: root, holds both)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import {
  accept,
  createMember,
  expectStatus,
  newAdmin,
  newOrg,
  PASSWORD,
  tokenRequest,
  type Manager,
} from '../../builders/api.ts';
import { addDelegate, readUser, userPath } from '../../builders/matrix.ts';
import { createUnit, type Unit } from '../../builders/units.ts';

const NEW_PASSWORD = 'Taken-Over-Password-42';
let am: Manager;
let s: Unit;
let o: Unit;
let a: Awaited<ReturnType<typeof newAdmin>>;
let b: Awaited<ReturnType<typeof newAdmin>>;

const user = (id: string) => userPath(am.accountId, id);
/** A permanent password (the default is temporary), so that the sign-in that follows gets tokens at once. */
const setPassword = (token: string, id: string, password = NEW_PASSWORD) =>
  call('PUT', `${user(id)}/password`, { token, body: { password, temporary: false } });

/** A member who accepted their setup link (so that they can sign in). */
async function member(unitId: string) {
  const m = await createMember(am, { unitId });
  await accept(m.email);
  return m;
}

beforeAll(async () => {
  am = await newOrg('Delegation Scope Co');
  [s, o] = await Promise.all([createUnit(am, 'S', am.rootId), createUnit(am, 'O', am.rootId)]);
  [a, b] = await Promise.all([newAdmin(am, s.id), newAdmin(am, am.rootId)]);
});

describe('a delegation a member holds counts as authority over its target', () => {
  it('admin A (scope S) cannot take over U in S, delegate of V outside S, and so cannot reach V', async () => {
    const [u, v] = await Promise.all([member(s.id), member(o.id)]);
    await addDelegate(am, v.id, u.id);
    const before = { u: await readUser(am, u.id), v: await readUser(am, v.id) };

    // the sequence of the escape: A sets U's password, signs in as U, manages V through U's delegation
    const taken = await setPassword(a.token, u.id);
    expectStatus(taken, 403);
    expect(taken.body).toMatchObject({ code: 'forbidden' });
    expect((await tokenRequest(u.email, NEW_PASSWORD)).status).toBe(401);
    // nor any other management of U: edit, deactivate, reset link
    expectStatus(await call('PATCH', user(u.id), { token: a.token, body: { firstName: 'Owned' } }), 403);
    expectStatus(await call('POST', `${user(u.id)}/deactivate`, { token: a.token }), 403);
    expectStatus(await call('POST', `${user(u.id)}/password-reset`, { token: a.token }), 403);
    expect((await readUser(am, u.id)).version).toBe(before.u.version);
    expect((await readUser(am, v.id)).version).toBe(before.v.version);
    // A still reads U (U is in A's scope)
    expectStatus(await call('GET', user(u.id), { token: a.token }), 200);

    // U, signed in with their own password, does manage V: the delegation itself is intact
    const asU = (await tokenRequest(u.email, PASSWORD)).body as { accessToken: string };
    const managed = await call('PATCH', user(v.id), { token: asU.accessToken, body: { firstName: 'Delegated' } });
    expectStatus(managed, 200);
  });

  it('positive control: an admin whose scope holds V too manages U; A manages members of S without such delegations', async () => {
    const [u, v, w] = await Promise.all([member(s.id), member(o.id), member(s.id)]);
    await addDelegate(am, v.id, u.id);
    expectStatus(await setPassword(b.token, u.id), 204);
    expect((await tokenRequest(u.email, NEW_PASSWORD)).body).toHaveProperty('accessToken');
    expectStatus(await setPassword(a.token, w.id), 204);
    expect((await tokenRequest(w.email, NEW_PASSWORD)).body).toHaveProperty('accessToken');
    expectStatus(await call('PATCH', user(w.id), { token: a.token, body: { firstName: 'Managed' } }), 200);
    // a delegation inside A's scope is authority A holds: A manages its delegate
    const [u2, v2] = await Promise.all([member(s.id), member(s.id)]);
    await addDelegate(am, v2.id, u2.id);
    expectStatus(await call('PATCH', user(u2.id), { token: a.token, body: { firstName: 'Inside' } }), 200);
  });

  it('a chain of delegations counts all the way: U administers V in S, V administers X outside', async () => {
    const [u, v, x] = await Promise.all([member(s.id), member(s.id), member(o.id)]);
    await addDelegate(am, v.id, u.id);
    await addDelegate(am, x.id, v.id);
    expectStatus(await setPassword(a.token, u.id), 403);
    expectStatus(await setPassword(a.token, v.id), 403);
    // positive control: B, whose scope holds X too
    expectStatus(await setPassword(b.token, u.id), 204);
  });

  it('a delegate who is themselves a delegate of someone the caller cannot manage is refused too', async () => {
    // D is delegate of U (inside S); D is also delegate of V (outside S): A cannot manage D
    const [d, u, v] = await Promise.all([member(s.id), member(s.id), member(o.id)]);
    await Promise.all([addDelegate(am, u.id, d.id), addDelegate(am, v.id, d.id)]);
    expectStatus(await setPassword(a.token, d.id), 403);
    // but A manages U (U administers nobody)
    expectStatus(await setPassword(a.token, u.id), 204);
  });

  it('the reverse: an admin does not make a member of their scope the delegate of someone outside it', async () => {
    const [u, v] = await Promise.all([member(s.id), member(o.id)]);
    const r = await call('PUT', `${user(v.id)}/delegates/${u.id}`, { token: a.token });
    expectStatus(r, 403);
    const listed = await call('GET', `${user(v.id)}/delegates`, { token: am.token });
    expect((listed.body as { items: unknown[] }).items).toEqual([]);
    // nor inside it: delegations are the account manager's
    expectStatus(await call('PUT', `${user(u.id)}/delegates/${v.id}`, { token: a.token }), 403);
  });
});
