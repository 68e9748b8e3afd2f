/**
 * A delegation a member holds is authority over its target: whoever manages the member must be able to manage every
 * member they are a delegate of, down the chain (in-memory ports; the HTTP sequence is in
 * test/integration/organisation/delegation-scope.test.ts). What it costs is counted on the access port.
 */
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '#domain/errors.ts';
import { MAX_DELEGATIONS_CHECKED } from '#use-cases/access.ts';
import { addDelegate } from '#use-cases/delegations.ts';
import { createUser, manageableMember, updateUser } from '#use-cases/users.ts';
import { orgWorld } from '../builders/memory.ts';

let n = 0;
const input = (unitId: string) => {
  const username = `member${++n}`;
  return { username, email: `${username}@acme.test`, firstName: 'M', lastName: 'M', unitId };
};

/** root ─ S (the admin's scope) and root ─ O (outside); delegationsHeldBy calls counted. */
async function world() {
  const w = await orgWorld();
  const [s] = await w.chain(w.rootId, ['S']);
  const [o] = await w.chain(w.rootId, ['O']);
  const admin = (await w.adminIn('admin@acme.test', s.id)).caller;
  const queries: string[] = [];
  const access = {
    ...w.deps.access,
    delegationsHeldBy: (accountId: string, userId: string, limit: number) => {
      queries.push(userId);
      return w.deps.access.delegationsHeldBy(accountId, userId, limit);
    },
  };
  const deps = { ...w.deps, access, units: w.memory.store };
  const member = (unitId: string) => createUser(deps, w.manager(), input(unitId));
  const delegate = (of: { id: string }, d: { id: string }) => addDelegate(w.deps, w.manager(), of.id, d.id);
  return { ...w, deps, s, o, admin, member, accepted: w.member, delegate, queries };
}

describe('managing a member includes the delegations they hold', () => {
  it('refuses an admin whose scope holds the delegate but not the member they administer; nothing changes', async () => {
    const w = await world();
    const [u, v] = [await w.member(w.s.id), await w.member(w.o.id)];
    await w.delegate(v, u);
    await expect(manageableMember(w.deps, w.admin(), u.id)).rejects.toThrow(ForbiddenError);
    await expect(updateUser(w.deps, w.admin(), u.id, { firstName: 'Owned' })).rejects.toThrow(ForbiddenError);
    expect(w.dir.users.get(`${w.account.id}/${u.id}`)?.firstName).toBe('M');
    // positive controls: the account manager (reads nothing for it); the admin with a member holding nothing
    w.queries.length = 0;
    await expect(manageableMember(w.deps, w.manager(), u.id)).resolves.toMatchObject({ id: u.id });
    expect(w.queries).toEqual([]);
    const plain = await w.member(w.s.id);
    await expect(manageableMember(w.deps, w.admin(), plain.id)).resolves.toMatchObject({ id: plain.id });
    // the cost for a member holding no delegation: one Query
    expect(w.queries).toEqual([plain.id]);
  });

  it('follows the chain, and a chain back to the caller hands them nothing', async () => {
    const w = await world();
    const [u, v, x] = [await w.member(w.s.id), await w.member(w.s.id), await w.member(w.o.id)];
    await w.delegate(v, u);
    await w.delegate(x, v);
    await expect(manageableMember(w.deps, w.admin(), u.id)).rejects.toThrow(ForbiddenError);
    // positive control: a chain inside the scope is checked link by link (a Query per member) and passes
    const [p, q] = [await w.member(w.s.id), await w.member(w.s.id)];
    await w.delegate(q, p);
    await expect(manageableMember(w.deps, w.admin(), p.id)).resolves.toMatchObject({ id: p.id });
    expect(w.queries.slice(-2)).toEqual([p.id, q.id]);
    // mutual delegates: E manages F although F administers E (the caller themselves), nothing else
    const [e, f] = [await w.accepted('e@acme.test'), await w.accepted('f@acme.test')];
    await w.delegate(f.user, e.user);
    await w.delegate(e.user, f.user);
    await expect(manageableMember(w.deps, e.caller(), f.user.id)).resolves.toMatchObject({ id: f.user.id });
    // positive control of the refusal: once F also administers someone E may not manage, E no longer manages F
    const g = await w.member(w.o.id);
    await w.delegate(g, f.user);
    await expect(manageableMember(w.deps, e.caller(), f.user.id)).rejects.toThrow(ForbiddenError);
  });

  it(`refuses rather than half-checks more than ${MAX_DELEGATIONS_CHECKED} members along the chains`, async () => {
    const w = await world();
    const d = await w.member(w.s.id);
    const targets = [];
    for (let i = 0; i <= MAX_DELEGATIONS_CHECKED; i++) targets.push(await w.member(w.s.id));
    for (const t of targets) await w.delegate(t, d);
    await expect(manageableMember(w.deps, w.admin(), d.id)).rejects.toThrow(/more delegations than can be checked/);
    // positive control: one fewer is checked in full, and all of them are in scope
    await w.deps.delegations.remove(w.account.id, targets[0].id, d.id, w.dir.events[0]);
    await expect(manageableMember(w.deps, w.admin(), d.id)).resolves.toMatchObject({ id: d.id });
  });
});
