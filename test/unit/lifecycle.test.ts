import { NO_CAPABILITIES } from '#domain/user.ts';
import { describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  LastAccountManagerError,
  NotFoundError,
  ReauthenticationRequiredError,
} from '#domain/errors.ts';
import { revocationMark } from '#domain/identity.ts';
import { activeManagersDelta, otherMemberships } from '#domain/lifecycle.ts';
import { closeUser, deactivateUser, reactivateUser } from '#use-cases/lifecycle.ts';
import { createUser, updateUser } from '#use-cases/users.ts';
import { activeManagerCount } from '../fakes/lifecycle.ts';
import { world } from '../builders/memory.ts';
import { PASSWORD } from '../builders/password.ts';

describe('active manager count rules', () => {
  it('moves only when an active account manager appears or disappears', () => {
    const am = { status: 'active', role: 'account_manager' } as const;
    expect(activeManagersDelta(am, { ...am, status: 'deactivated' })).toBe(-1);
    expect(activeManagersDelta(am, { ...am, role: 'user' })).toBe(-1);
    expect(activeManagersDelta({ ...am, status: 'deactivated' }, am)).toBe(1);
    expect(activeManagersDelta({ ...am, status: 'deactivated' }, { ...am, status: 'closed' })).toBe(0);
    expect(activeManagersDelta({ status: 'active', role: 'user' }, { status: 'deactivated', role: 'user' })).toBe(0);
    expect(
      activeManagersDelta(
        { status: 'invited', role: 'account_manager' },
        { status: 'closed', role: 'account_manager' },
      ),
    ).toBe(0);
  });

  it('other memberships: closed ones never count, deactivated ones count unless only active ones are asked for', () => {
    const m = (accountId: string, status: 'active' | 'deactivated' | 'closed') => ({
      accountId,
      userId: 'u',
      identityId: 'i',
      role: 'user' as const,
      adminUnitIds: [],
      capabilities: { ...NO_CAPABILITIES },
      modules: [],
      status,
      tokensValidAfter: 0,
    });
    const all = [m('a', 'active'), m('b', 'deactivated'), m('c', 'closed'), m('d', 'active')];
    expect(otherMemberships(all, 'a').map((x) => x.accountId)).toEqual(['b', 'd']);
    expect(otherMemberships(all, 'a', true).map((x) => x.accountId)).toEqual(['d']);
  });
});

describe('deactivateUser', () => {
  it('revokes the membership at once, disables the sign-in of a single-account person, and records the event', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    w.clock.advance(10);
    const next = await deactivateUser(w.deps, w.manager(), user.id);
    expect(next).toMatchObject({ status: 'deactivated', version: user.version + 1 });
    const membership = w.dir.memberships.get(`${user.identityId}/${w.account.id}`)!;
    expect(membership).toMatchObject({ status: 'deactivated', tokensValidAfter: revocationMark(w.clock.now()) });
    expect(w.lifecycle.signIns.calls).toEqual(['disable:alice@acme.test', 'signOut:alice@acme.test']);
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'user.deactivated',
      actor: { kind: 'user', userId: w.manager().membership.userId },
      target: { userId: user.id },
    });
  });

  it('takes the member the authorization read brought; a stale one loses its first write and the retry reads again', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    // the authorization read brought the member along, then someone renamed them before the deactivation wrote
    const caller = { ...w.manager(), pathMember: { userId: user.id, user } };
    const renamed = await updateUser(w.deps, w.manager(), user.id, { firstName: 'Alicia' });
    expect(renamed.version).toBe(user.version + 1);
    const reads = vi.spyOn(w.deps.users, 'get');
    const next = await deactivateUser(w.deps, caller, user.id);
    // the rename is kept: the retry read the member afresh rather than writing over it from the stale copy
    expect(next).toMatchObject({ status: 'deactivated', firstName: 'Alicia', version: renamed.version + 1 });
    expect(w.dir.users.get(`${w.account.id}/${user.id}`)).toMatchObject({ status: 'deactivated', firstName: 'Alicia' });
    expect(reads.mock.calls.filter(([, id]) => id === user.id)).toHaveLength(1);
    // control: a member brought along fresh is not read again at all
    const { user: bob } = await w.member('bob@acme.test');
    reads.mockClear();
    await deactivateUser(w.deps, { ...w.manager(), pathMember: { userId: bob.id, user: bob } }, bob.id);
    expect(reads.mock.calls.filter(([, id]) => id === bob.id)).toHaveLength(0);
  });

  it('keeps the sign-in of a person who is active in another account', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const beta = await w.secondAccount('Beta', 'beta@beta.test');
    await w.member('alice@acme.test', { by: beta.manager() });
    await deactivateUser(w.deps, w.manager(), user.id);
    expect(w.lifecycle.signIns.calls).toEqual([]);
    expect(w.dir.memberships.get(`${user.identityId}/${beta.account.id}`)!.status).toBe('active');
  });

  it('is for account managers of this account only; wrong states are 409', async () => {
    const w = await world();
    const alice = await w.member('alice@acme.test');
    const bob = await w.member('bob@acme.test');
    await expect(deactivateUser(w.deps, alice.caller(), bob.user.id)).rejects.toThrow(ForbiddenError);
    await expect(deactivateUser(w.deps, w.manager(), 'nobody')).rejects.toThrow(NotFoundError);
    const invited = await createUser(w.deps, w.manager(), {
      username: 'carol',
      email: 'carol@acme.test',
      firstName: 'C',
      lastName: 'C',
    });
    // a closed member is a wrong state (an invited one may be deactivated: scim-users.test.ts)
    await closeUser(w.deps, w.manager(), invited.id, { password: PASSWORD });
    await expect(deactivateUser(w.deps, w.manager(), invited.id)).rejects.toThrow(ConflictError);
    // positive control
    expect((await deactivateUser(w.deps, w.manager(), bob.user.id)).status).toBe('deactivated');
    // again: a no-op that converges on the sign-in side
    expect((await deactivateUser(w.deps, w.manager(), bob.user.id)).version).toBe(bob.user.version + 1);
  });
});

describe('reactivateUser', () => {
  it('activates again, keeps the revocation mark, and enables the sign-in', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    await deactivateUser(w.deps, w.manager(), user.id);
    const mark = w.dir.memberships.get(`${user.identityId}/${w.account.id}`)!.tokensValidAfter;
    w.clock.advance(60);
    const next = await reactivateUser(w.deps, w.manager(), user.id);
    expect(next.status).toBe('active');
    expect(w.dir.memberships.get(`${user.identityId}/${w.account.id}`)).toMatchObject({
      status: 'active',
      tokensValidAfter: mark,
    });
    expect(w.lifecycle.signIns.disabled.has('alice@acme.test')).toBe(false);
    expect(w.eventTypes().slice(-2)).toEqual(['user.deactivated', 'user.reactivated']);
  });
});

describe('the last active account manager', () => {
  it('cannot be deactivated, closed or demoted; a second active manager lifts the guard', async () => {
    const w = await world();
    const boss = w.manager();
    expect(activeManagerCount(w.dir, w.account.id)).toBe(1);
    await expect(deactivateUser(w.deps, boss, boss.membership.userId)).rejects.toThrow(LastAccountManagerError);
    await expect(closeUser(w.deps, boss, boss.membership.userId, { password: PASSWORD })).rejects.toThrow(
      LastAccountManagerError,
    );
    await expect(updateUser(w.deps, boss, boss.membership.userId, { role: 'user' })).rejects.toThrow(
      LastAccountManagerError,
    );
    expect(w.dir.users.get(`${w.account.id}/${boss.membership.userId}`)).toMatchObject({
      status: 'active',
      role: 'account_manager',
    });

    const second = await w.member('second@acme.test', { role: 'account_manager' });
    expect(activeManagerCount(w.dir, w.account.id)).toBe(2);
    expect((await updateUser(w.deps, boss, boss.membership.userId, { role: 'user' })).role).toBe('user');
    expect(activeManagerCount(w.dir, w.account.id)).toBe(1);
    await expect(deactivateUser(w.deps, second.caller(), second.user.id)).rejects.toThrow(LastAccountManagerError);
  });

  it('a deactivated manager is not counted, and counts again when reactivated', async () => {
    const w = await world();
    const second = await w.member('second@acme.test', { role: 'account_manager' });
    await deactivateUser(w.deps, w.manager(), second.user.id);
    expect(activeManagerCount(w.dir, w.account.id)).toBe(1);
    await reactivateUser(w.deps, w.manager(), second.user.id);
    expect(activeManagerCount(w.dir, w.account.id)).toBe(2);
  });
});

describe('closeUser', () => {
  it('needs the acting manager’s own password; wrong or missing changes nothing', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    for (const input of [{}, { password: '' }, { password: 'Wrong-Password-1' }]) {
      await expect(closeUser(w.deps, w.manager(), user.id, input)).rejects.toThrow(ReauthenticationRequiredError);
    }
    expect(w.dir.users.get(`${w.account.id}/${user.id}`)!.status).toBe('active');
    expect(w.lifecycle.signIns.calls).toEqual([]);
  });

  it('closes: revoked, claims freed, identity and sign-in removed for a person in no other account', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    await closeUser(w.deps, w.manager(), user.id, { password: PASSWORD });
    expect(w.dir.users.get(`${w.account.id}/${user.id}`)).toMatchObject({
      status: 'closed',
      version: user.version + 1,
    });
    expect(w.dir.memberships.get(`${user.identityId}/${w.account.id}`)).toMatchObject({
      status: 'closed',
      tokensValidAfter: revocationMark(w.clock.now()),
    });
    expect(w.dir.usernames.has(`${w.account.id}/${user.username}`)).toBe(false);
    expect(w.dir.emails.has(`${w.account.id}/alice@acme.test`)).toBe(false);
    expect(w.dir.identities.has(user.identityId!)).toBe(false);
    expect(w.dir.identityByEmail.has('alice@acme.test')).toBe(false);
    expect(w.lifecycle.signIns.calls).toEqual(['remove:alice@acme.test']);
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'user.closed',
      target: { userId: user.id },
      details: { signInRemoved: true, previousStatus: 'active' },
    });
    // the same username and email can be used again
    await expect(
      createUser(w.deps, w.manager(), {
        username: user.username,
        email: 'alice@acme.test',
        firstName: 'A',
        lastName: 'A',
      }),
    ).resolves.toMatchObject({ status: 'invited' });
    // a second close is a no-op
    await closeUser(w.deps, w.manager(), user.id, { password: PASSWORD });
    expect(w.lifecycle.signIns.calls).toHaveLength(1);
  });

  it('keeps the identity of a person with another account, and shuts their sign-in only if none is active', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const beta = await w.secondAccount('Beta', 'beta@beta.test');
    const inBeta = await w.member('alice@acme.test', { by: beta.manager() });
    await deactivateUser(w.deps, beta.manager(), inBeta.user.id);
    w.lifecycle.signIns.calls.length = 0;
    await closeUser(w.deps, w.manager(), user.id, { password: PASSWORD });
    expect(w.dir.identities.has(user.identityId!)).toBe(true);
    expect(w.lifecycle.signIns.calls).toEqual(['disable:alice@acme.test', 'signOut:alice@acme.test']);
  });

  it('puts the identity back when the person joined another account while being closed', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const beta = await w.secondAccount('Beta', 'beta@beta.test');
    const close = w.deps.lifecycle.closeMember;
    // the race: another account's acceptance commits between our read and our commit
    w.deps.lifecycle.closeMember = async (change) => {
      await close(change);
      w.dir.memberships.set(`${user.identityId}/${beta.account.id}`, {
        accountId: beta.account.id,
        userId: 'u-beta',
        identityId: user.identityId!,
        role: 'user',
        adminUnitIds: [],
        capabilities: { ...NO_CAPABILITIES },
        modules: [],
        status: 'active',
        tokensValidAfter: 0,
      });
    };
    await closeUser(w.deps, w.manager(), user.id, { password: PASSWORD });
    expect(w.dir.identities.get(user.identityId!)).toMatchObject({ email: 'alice@acme.test' });
    expect(w.dir.identityByEmail.get('alice@acme.test')).toBe(user.identityId);
    expect(w.lifecycle.signIns.calls).toEqual([]);
  });
});
