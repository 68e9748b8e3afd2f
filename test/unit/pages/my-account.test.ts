/** The account page's use case: the memberships of /v1/me, and the accounts whose MFA policy keeps MFA on. */
import { describe, expect, it } from 'vitest';
import { MfaRequiredError } from '#domain/errors.ts';
import { updateAccount } from '#use-cases/accounts.ts';
import { deactivateUser } from '#use-cases/lifecycle.ts';
import { disableMfa } from '#use-cases/mfa.ts';
import { myAccount } from '#use-cases/my-account.ts';
import { withMfa, world } from '../../builders/memory.ts';

describe('my account', () => {
  it('lists the memberships /v1/me lists, and names the accounts that require MFA (none: it may be turned off)', async () => {
    const w = await world();
    await w.member('alice@acme.test');
    const other = await w.secondAccount('Globex', 'owner@globex.test');
    await w.member('alice@acme.test', { by: other.manager() });
    const free = await myAccount(w.deps, w.identityCallerOf('alice@acme.test'));
    expect(free).toMatchObject({
      identity: { email: 'alice@acme.test', mfaEnabled: false },
      mfaRequiredBy: [],
    });
    expect(free.memberships.map((m) => [m.accountName, m.status, m.role]).sort()).toEqual([
      ['Acme', 'active', 'user'],
      ['Globex', 'active', 'user'],
    ]);

    await updateAccount(w.deps, withMfa(other.manager()), { mfaRequired: true });
    expect((await myAccount(w.deps, w.identityCallerOf('alice@acme.test'))).mfaRequiredBy).toEqual(['Globex']);
  });

  it('names exactly the accounts whose requirement makes disableMfa refuse', async () => {
    const w = await world();
    const { user } = await w.member('bob@acme.test');
    await updateAccount(w.deps, withMfa(w.manager()), { mfaRequired: true });
    const identity = w.dir.identities.get(user.identityId!)!;
    w.dir.identities.set(identity.id, { ...identity, mfaEnabled: true });
    const caller = w.identityCallerOf('bob@acme.test');
    expect((await myAccount(w.deps, caller)).mfaRequiredBy).toEqual(['Acme']);
    await expect(disableMfa(w.deps, caller, 'token', { code: '000000' })).rejects.toThrow(MfaRequiredError);
    // a deactivated membership neither shows as requiring nor blocks (positive control of the same rule)
    await w.member('bob@acme.test', { by: (await w.secondAccount('Initech', 'o@initech.test')).manager() });
    await deactivateUser(w.deps, w.manager(), user.id);
    const after = await myAccount(w.deps, w.identityCallerOf('bob@acme.test'));
    expect(after.mfaRequiredBy).toEqual([]);
    expect(after.memberships.find((m) => m.accountName === 'Acme')?.status).toBe('deactivated');
  });
});
