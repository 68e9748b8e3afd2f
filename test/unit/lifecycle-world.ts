/** Builders for the lifecycle unit tests: an account with an active manager, and members made through the use cases. */
import type { IdentityCaller, MemberCaller } from '#domain/caller.ts';
import { createAccount } from '#use-cases/accounts.ts';
import { acceptInvitation } from '#use-cases/auth.ts';
import { createUser } from '#use-cases/users.ts';
import { testDeps } from '../fakes/memory.ts';

export const PASSWORD = 'Correct-Horse-9';

export async function world() {
  const t = testDeps();
  const { account } = await createAccount(
    t.deps,
    { kind: 'operator' },
    { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
  );
  await acceptInvitation(t.deps, { token: t.mailer.lastToken(), password: PASSWORD });

  /** The caller a member is, as the authenticator would build it from stored state right now. */
  const callerOf = (email: string, accountId = account.id): MemberCaller => {
    const identity = t.dir.identities.get(t.dir.identityByEmail.get(email)!)!;
    return { kind: 'member', identity, membership: t.dir.memberships.get(`${identity.id}/${accountId}`)! };
  };
  const identityCallerOf = (email: string): IdentityCaller => {
    const identity = t.dir.identities.get(t.dir.identityByEmail.get(email)!)!;
    return {
      kind: 'identity',
      identity,
      memberships: [...t.dir.memberships.values()].filter((m) => m.identityId === identity.id),
    };
  };
  const manager = () => callerOf('boss@acme.test');

  /** A member who has accepted their setup link (optionally in another account, by that account's manager). */
  async function member(
    email: string,
    over: { role?: 'user' | 'account_manager'; backupEmail?: string; by?: MemberCaller } = {},
  ) {
    const by = over.by ?? manager();
    const user = await createUser(t.deps, by, {
      username: email
        .split('@')[0]
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 20)
        .padEnd(3, '0'),
      email,
      firstName: 'M',
      lastName: 'M',
      role: over.role,
      backupEmail: over.backupEmail,
    });
    await acceptInvitation(t.deps, { token: t.mailer.lastToken(), password: PASSWORD });
    return { user: t.dir.users.get(`${user.accountId}/${user.id}`)!, caller: () => callerOf(email, user.accountId) };
  }

  /** A second account whose manager is `email`. */
  async function secondAccount(name: string, email: string) {
    const { account: other } = await createAccount(
      t.deps,
      { kind: 'operator' },
      { name, owner: { email, firstName: 'O', lastName: 'T' } },
    );
    await acceptInvitation(t.deps, { token: t.mailer.lastToken(), password: PASSWORD });
    return { account: other, manager: () => callerOf(email, other.id) };
  }

  const eventTypes = () => t.dir.events.map((e) => e.type);
  return { ...t, account, manager, member, secondAccount, callerOf, identityCallerOf, eventTypes };
}
