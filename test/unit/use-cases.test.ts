import { describe, expect, it } from 'vitest';
import type { MemberCaller } from '#domain/caller.ts';
import {
  ForbiddenError,
  InvalidCredentialsError,
  InvitationExpiredError,
  InvitationUsedError,
  NotFoundError,
  PreconditionFailedError,
  UsernameTakenError,
  EmailTakenError,
  WeakPasswordError,
} from '#domain/errors.ts';
import { createAccount, updateAccount } from '#use-cases/accounts.ts';
import { acceptInvitation, getMe } from '#use-cases/auth.ts';
import { createUser, getUser, listUsers, updateUser } from '#use-cases/users.ts';
import { testDeps } from '../fakes/memory.ts';
import { PASSWORD } from '../builders/password.ts';

/** Prepare: an account whose owner has accepted, and the caller that owner is. */
async function accountWithManager() {
  const t = testDeps();
  const { account, owner } = await createAccount(
    t.deps,
    { kind: 'operator' },
    { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
  );
  const accepted = await acceptInvitation(t.deps, { token: t.mailer.lastToken(), password: PASSWORD });
  const identity = t.dir.identities.get(accepted.user.identityId!)!;
  const manager: MemberCaller = {
    kind: 'member',
    identity,
    membership: t.dir.memberships.get(`${identity.id}/${account.id}`)!,
  };
  return { ...t, account, owner, manager };
}

const input = (over: Record<string, unknown> = {}) => ({
  username: 'alice',
  email: 'alice@acme.test',
  firstName: 'Alice',
  lastName: 'A',
  ...over,
});

describe('createAccount', () => {
  it('creates the account, an invited account manager and mails a setup link', async () => {
    const { deps, mailer, dir } = testDeps();
    const { account, owner } = await createAccount(
      deps,
      { kind: 'operator' },
      { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
    );
    expect(owner).toMatchObject({
      role: 'account_manager',
      status: 'invited',
      username: 'boss',
      accountId: account.id,
    });
    expect(mailer.sent[0].to).toEqual(['boss@acme.test']);
    expect(mailer.sent[0].text).toContain('https://app.test/accept-invitation?token=');
    expect([...dir.invitations.values()][0]).toMatchObject({ delivery: 'sent', status: 'pending' });
    expect(dir.events.map((e) => e.type)).toEqual(['account.created']);
  });

  it('records delivery "failed" when the mail is refused, and still creates the account', async () => {
    const { deps, mailer, dir } = testDeps();
    mailer.fail = true;
    await createAccount(
      deps,
      { kind: 'operator' },
      { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
    );
    expect(dir.accounts.size).toBe(1);
    expect([...dir.invitations.values()][0].delivery).toBe('failed');
  });
});

describe('acceptInvitation', () => {
  it('activates the member and its identity; the link then answers 410 used', async () => {
    const { deps, mailer, dir } = testDeps();
    await createAccount(
      deps,
      { kind: 'operator' },
      { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
    );
    const token = mailer.lastToken();
    const { user } = await acceptInvitation(deps, { token, password: PASSWORD });
    expect(user).toMatchObject({ status: 'active', version: 2 });
    expect(dir.identityByEmail.get('boss@acme.test')).toBe(user.identityId);
    await expect(acceptInvitation(deps, { token, password: PASSWORD })).rejects.toThrow(InvitationUsedError);
  });

  it('refuses a weak password before touching anything', async () => {
    const { deps, mailer, idp } = testDeps();
    await createAccount(
      deps,
      { kind: 'operator' },
      { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
    );
    await expect(acceptInvitation(deps, { token: mailer.lastToken(), password: 'short' })).rejects.toThrow(
      WeakPasswordError,
    );
    expect(idp.calls).toEqual([]);
  });

  it('answers 404 for an unknown token', async () => {
    const { deps } = testDeps();
    await expect(acceptInvitation(deps, { token: 'x'.repeat(43), password: PASSWORD })).rejects.toThrow(NotFoundError);
  });

  it('refuses an expired link (moved clock) while its record still exists, then 404 after retention', async () => {
    const { deps, mailer, clock, dir } = testDeps();
    await createAccount(
      deps,
      { kind: 'operator' },
      { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
    );
    const token = mailer.lastToken();
    clock.advance(7 * 24 * 3600 - 1);
    // positive control: one second before expiry it would still work (checked without consuming it)
    const inv = [...dir.invitations.values()][0];
    expect(Date.parse(inv.expiresAt)).toBeGreaterThan(clock.now().getTime());
    clock.advance(1);
    await expect(acceptInvitation(deps, { token, password: PASSWORD })).rejects.toThrow(InvitationExpiredError);
    expect(dir.invitations.size).toBe(1);
    clock.advance(30 * 24 * 3600);
    await expect(acceptInvitation(deps, { token, password: PASSWORD })).rejects.toThrow(NotFoundError);
  });

  it('converges when the DynamoDB write fails after Cognito succeeded', async () => {
    const { deps, mailer, dir, idp } = testDeps();
    await createAccount(
      deps,
      { kind: 'operator' },
      { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
    );
    const token = mailer.lastToken();
    dir.failNextAcceptance = true;
    await expect(acceptInvitation(deps, { token, password: PASSWORD })).rejects.toThrow('injected fault');
    expect(idp.users.size).toBe(1);
    expect([...dir.users.values()][0].status).toBe('invited');
    const { user } = await acceptInvitation(deps, { token, password: 'Another-Pass-1' });
    expect(user.status).toBe('active');
    expect(idp.users.size).toBe(1);
    expect(user.identityId).toBe(idp.users.get('boss@acme.test')!.id);
    expect(await idp.verifyPassword('boss@acme.test', 'Another-Pass-1')).toBe(true);
  });

  it('an existing identity joins a second account with its own password; a wrong one is refused', async () => {
    const a = await accountWithManager();
    const { account: second } = await createAccount(
      a.deps,
      { kind: 'operator' },
      { name: 'Beta', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
    );
    const token = a.mailer.lastToken();
    await expect(acceptInvitation(a.deps, { token, password: 'Wrong-Password-1' })).rejects.toThrow(
      InvalidCredentialsError,
    );
    const { user } = await acceptInvitation(a.deps, { token, password: PASSWORD });
    expect(user.identityId).toBe(a.manager.identity!.id);
    const me = await getMe(a.deps, {
      kind: 'identity',
      identity: a.manager.identity!,
      memberships: [...a.dir.memberships.values()],
    });
    expect(me.memberships.map((m) => m.accountName).sort()).toEqual(['Acme', 'Beta']);
    expect(me.memberships.find((m) => m.accountId === second.id)?.role).toBe('account_manager');
  });
});

describe('directory', () => {
  it('an account manager creates users; username and email are unique per account', async () => {
    const { deps, manager, mailer } = await accountWithManager();
    const user = await createUser(deps, manager, input());
    expect(user).toMatchObject({ status: 'invited', role: 'user' });
    expect(mailer.sent.at(-1)!.to).toEqual(['alice@acme.test']);
    await expect(createUser(deps, manager, input({ email: 'other@acme.test' }))).rejects.toThrow(UsernameTakenError);
    await expect(createUser(deps, manager, input({ username: 'alice2' }))).rejects.toThrow(EmailTakenError);
  });

  it('a regular user gets 403 on the directory but reads their own record', async () => {
    const { deps, manager, mailer, dir, account } = await accountWithManager();
    const alice = await createUser(deps, manager, input());
    const { user } = await acceptInvitation(deps, { token: mailer.lastToken(), password: PASSWORD });
    const caller: MemberCaller = {
      kind: 'member',
      identity: dir.identities.get(user.identityId!)!,
      membership: dir.memberships.get(`${user.identityId}/${account.id}`)!,
    };
    await expect(listUsers(deps, caller, {})).rejects.toThrow(ForbiddenError);
    await expect(createUser(deps, caller, input({ username: 'bob', email: 'bob@acme.test' }))).rejects.toThrow(
      ForbiddenError,
    );
    await expect(getUser(deps, caller, manager.membership.userId)).rejects.toThrow(ForbiddenError);
    await expect(updateUser(deps, caller, alice.id, { firstName: 'X' })).rejects.toThrow(ForbiddenError);
    expect((await getUser(deps, caller, alice.id)).user.id).toBe(alice.id);
  });

  it('updates bump the version; a stale If-Match is 412 and changes nothing', async () => {
    const { deps, manager, dir } = await accountWithManager();
    const alice = await createUser(deps, manager, input());
    await expect(updateUser(deps, manager, alice.id, { firstName: 'Al' }, 7)).rejects.toThrow(PreconditionFailedError);
    expect((await getUser(deps, manager, alice.id)).user.firstName).toBe('Alice');
    const updated = await updateUser(deps, manager, alice.id, { firstName: 'Al', role: 'account_manager' }, 1);
    expect(updated).toMatchObject({ firstName: 'Al', role: 'account_manager', version: 2 });
    expect(dir.events.slice(-2).map((e) => e.type)).toEqual(['user.updated', 'user.role_changed']);
  });

  it('another account’s user id is 404', async () => {
    const a = await accountWithManager();
    const b = await createAccount(
      a.deps,
      { kind: 'operator' },
      { name: 'Other', owner: { email: 'o@other.test', firstName: 'O', lastName: 'T' } },
    );
    await expect(getUser(a.deps, a.manager, b.owner.id)).rejects.toThrow(NotFoundError);
    expect((await getUser(a.deps, a.manager, a.owner.id)).user.id).toBe(a.owner.id);
  });

  it('account update honours If-Match and only managers may update', async () => {
    const { deps, manager } = await accountWithManager();
    await expect(updateAccount(deps, manager, { name: 'New' }, 5)).rejects.toThrow(PreconditionFailedError);
    expect((await updateAccount(deps, manager, { name: 'New' }, 1)).version).toBe(2);
    await expect(
      updateAccount(deps, { ...manager, membership: { ...manager.membership, role: 'user' } }, { name: 'X' }),
    ).rejects.toThrow(ForbiddenError);
  });
});
