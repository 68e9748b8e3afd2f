/** Contract of identities and memberships (acceptance), and of links and invitations. */
import { describe, expect, it } from 'vitest';
import type { Invitation } from '#domain/invitation.ts';
import { allPages, at, auditEvent, invitationTo, seedAccount, seedMember, seedSignedIn, T0, uid } from './fixtures.ts';
import { freshPorts, type MakePorts, type StorePorts } from './ports.ts';

const DAY = 24 * 3600;
const invIds = (items: Invitation[]) => items.map((i) => i.id);

export function defineIdentityContract(make: MakePorts) {
  describe('IdentityStore and AcceptanceStore', () => {
    const p = freshPorts(make);

    it('an accepted setup link makes the identity and its membership, read by id, by email and per account', async () => {
      const s = await seedAccount(p);
      const { user, identity, membership } = await seedSignedIn(p, s.owner, s.ownerLink);
      expect(await p.users.get(s.account.id, user.id)).toEqual(user);
      expect(await p.identities.getAccess(identity.id)).toEqual({ identity, memberships: [membership] });
      expect(await p.identities.getAccessByEmail(identity.email)).toEqual({ identity, memberships: [membership] });
      expect(await p.identities.findByEmail(identity.email)).toEqual(identity);
      expect(await p.identities.findByEmail(`${uid('nobody')}@contract.test`)).toBeNull();
      expect(await p.identities.getAccessByEmail(`${uid('nobody')}@contract.test`)).toEqual({
        identity: null,
        memberships: [],
      });
      expect(await p.identities.getAccess(uid('idn'))).toEqual({ identity: null, memberships: [] });

      const access = await p.identities.getAccountAccess(identity.id, s.account.id, { member: user.id });
      expect(access).toMatchObject({ identity, membership, account: s.account, member: user });
      const unknown = await p.identities.getAccountAccess(identity.id, uid('acct'), { member: uid('u') });
      expect(unknown).toMatchObject({ identity, membership: null, account: null, member: null });
      expect(await p.identities.accountSummaries([s.account.id, uid('acct')])).toEqual([
        { id: s.account.id, name: s.account.name, mfaRequired: false },
      ]);
    });

    it('a link is accepted once: the second completion is invitation_used and changes nothing', async () => {
      const s = await seedAccount(p);
      const { user, identity } = await seedSignedIn(p, s.owner, s.ownerLink);
      await expect(seedSignedIn(p, s.owner, s.ownerLink)).rejects.toMatchObject({ code: 'invitation_used' });
      expect(await p.users.get(s.account.id, user.id)).toEqual(user);
      expect((await p.identities.findByEmail(user.email))?.id).toBe(identity.id);
    });

    it('a member update carries the role, status and revocation mark to the membership record', async () => {
      const s = await seedAccount(p);
      const { user: owner } = await seedSignedIn(p, s.owner, s.ownerLink);
      const m = await seedMember(p, s);
      const { user, identity } = await seedSignedIn(p, m.user, m.link);
      const next = {
        ...user,
        role: 'admin' as const,
        adminUnitIds: [s.root.id],
        status: 'deactivated' as const,
        version: user.version + 1,
      };
      await p.users.update(next, user.version, [auditEvent(s.account.id)], { revokeSessionsAt: 1234 });
      const { membership } = await p.identities.getAccountAccess(identity.id, s.account.id);
      expect(membership).toMatchObject({
        role: 'admin',
        adminUnitIds: [s.root.id],
        status: 'deactivated',
        tokensValidAfter: 1234,
      });
      expect(owner.status).toBe('active');
    });
  });
}

export function defineInvitationContract(make: MakePorts) {
  describe('InvitationStore', () => {
    const p = freshPorts(make);

    const quota = (limit = 500) => ({ day: T0.toISOString().slice(0, 10), limit, endsAt: at(DAY) });

    it('finds a link by its token hash; an unknown hash is null', async () => {
      const s = await seedAccount(p);
      expect(await p.invitations.findByTokenHash(s.ownerLink.tokenHash)).toEqual(s.ownerLink);
      expect(await p.invitations.get(s.account.id, s.ownerLink.id)).toEqual(s.ownerLink);
      expect(await p.invitations.findByTokenHash(uid('hash'))).toBeNull();
      expect(await p.invitations.get(s.account.id, uid('inv'))).toBeNull();
    });

    it('the acceptance lease: one holder at a time, free again when released or lapsed, never on a used link', async () => {
      const s = await seedAccount(p);
      await p.invitations.claimAcceptance(s.ownerLink, 'first', T0);
      await expect(p.invitations.claimAcceptance(s.ownerLink, 'second', at(30))).rejects.toMatchObject({
        code: 'invitation_in_progress',
      });
      await p.invitations.releaseAcceptance(s.ownerLink, 'someone-else');
      await expect(p.invitations.claimAcceptance(s.ownerLink, 'second', at(30))).rejects.toMatchObject({
        code: 'invitation_in_progress',
      });
      await p.invitations.releaseAcceptance(s.ownerLink, 'first');
      await p.invitations.claimAcceptance(s.ownerLink, 'second', at(30));
      // a lease lapses after its minute
      await p.invitations.claimAcceptance(s.ownerLink, 'third', at(95));
      await p.invitations.releaseAcceptance(s.ownerLink, 'third');
      await seedSignedIn(p, s.owner, s.ownerLink);
      await expect(p.invitations.claimAcceptance(s.ownerLink, 'late', at(200))).rejects.toMatchObject({
        code: 'invitation_used',
      });
    });

    it('bulk invite: a held email is refused, an expired hold is taken over, the daily quota is all or nothing', async () => {
      const s = await seedAccount(p);
      const [a, b] = [invitationTo(s.account, s.root), invitationTo(s.account, s.root, { ttlSeconds: 60 })];
      const first = await p.invitations.createMany(
        { invitations: [a, b], quota: quota(), eventFor: () => auditEvent(s.account.id) },
        T0,
      );
      expect(invIds(first.created)).toEqual([a.id, b.id]);
      const again = invitationTo(s.account, s.root);
      const member = invitationTo(s.account, s.root);
      const afterB = invitationTo(s.account, s.root, { now: at(120) });
      const second = await p.invitations.createMany(
        {
          invitations: [
            { ...again, email: a.email },
            { ...member, email: s.owner.email },
            { ...afterB, email: b.email },
          ],
          quota: quota(),
          eventFor: () => auditEvent(s.account.id),
        },
        at(120),
      );
      expect(second.refused.sort((x, y) => x.reason.localeCompare(y.reason))).toEqual([
        { email: a.email, reason: 'already_invited' },
        { email: s.owner.email, reason: 'already_member' },
      ]);
      expect(invIds(second.created)).toEqual([afterB.id]);
      const checks = await p.invitations.inviteChecks(
        s.account.id,
        s.owner.id,
        [a.email, s.owner.email, uid('x')],
        quota().day,
      );
      // refused emails do not count against the day
      expect(checks.usedToday).toBe(3);
      expect(checks.inviter?.id).toBe(s.owner.id);
      expect(checks.account?.id).toBe(s.account.id);
      expect(checks.holders.get(a.email)).toEqual({ kind: 'invitation', invitationId: a.id, expiresAt: a.expiresAt });
      expect(checks.holders.get(s.owner.email)).toEqual({ kind: 'member', userId: s.owner.id });
      expect(checks.holders.size).toBe(2);

      const over = invitationTo(s.account, s.root);
      await expect(
        p.invitations.createMany(
          { invitations: [over], quota: quota(3), eventFor: () => auditEvent(s.account.id) },
          T0,
        ),
      ).rejects.toMatchObject({ code: 'rate_limited' });
      expect(await p.invitations.get(s.account.id, over.id)).toBeNull();
      await revokeAll(p, [a, afterB]);
    });

    it('lists pending and expired by link expiry, newest first: a lapsed link is expired whatever its status says', async () => {
      const s = await seedAccount(p);
      const links = [3600, 7200, 60, 10800].map((ttl) => invitationTo(s.account, s.root, { ttlSeconds: ttl }));
      await p.invitations.createMany(
        { invitations: links, quota: quota(), eventFor: () => auditEvent(s.account.id) },
        T0,
      );
      const now = at(120);
      const pending = await allPages((cursor) =>
        p.invitations.list(s.account.id, 'pending', now, { limit: 2, cursor }),
      );
      // the owner's setup link (a week) expires last
      expect(invIds(pending.items)).toEqual([s.ownerLink.id, links[3].id, links[1].id, links[0].id]);
      const expired = await allPages((cursor) =>
        p.invitations.list(s.account.id, 'expired', now, { limit: 2, cursor }),
      );
      expect(invIds(expired.items)).toEqual([links[2].id]);
      const later = await p.invitations.list(s.account.id, 'pending', at(5000), { limit: 10 });
      expect(invIds(later.items)).toEqual([s.ownerLink.id, links[3].id, links[1].id]);

      await p.invitations.revoke(links[0], { ...links[0], status: 'revoked' }, auditEvent(s.account.id));
      const revoked = await p.invitations.list(s.account.id, 'revoked', now, { limit: 10 });
      expect(invIds(revoked.items)).toEqual([links[0].id]);
      expect(invIds((await p.invitations.list(s.account.id, 'pending', now, { limit: 10 })).items)).not.toContain(
        links[0].id,
      );
      await revokeAll(
        p,
        links.filter((l) => l !== links[0]),
      );
    });

    it('lists an admin scope by the unit the invitation places its member in', async () => {
      const s = await seedAccount(p);
      const other = { ...s.root, id: uid('unit'), path: `${s.root.path}${uid('x')}/` };
      const mine = invitationTo(s.account, s.root);
      const theirs = invitationTo(s.account, other);
      await p.invitations.createMany(
        { invitations: [mine, theirs], quota: quota(), eventFor: () => auditEvent(s.account.id) },
        T0,
      );
      const scoped = await allPages((cursor) =>
        p.invitations.list(s.account.id, 'pending', T0, { limit: 5, cursor }, [other.path]),
      );
      expect(invIds(scoped.items)).toEqual([theirs.id]);
      await revokeAll(p, [mine, theirs]);
    });

    it('resend and revoke only replace the link as it was read (conflict otherwise)', async () => {
      const s = await seedAccount(p);
      const inv = invitationTo(s.account, s.root);
      await p.invitations.createMany(
        { invitations: [inv], quota: quota(), eventFor: () => auditEvent(s.account.id) },
        T0,
      );
      const resent: Invitation = { ...inv, tokenHash: uid('hash'), resendCount: 1, resentAt: at(10).toISOString() };
      await p.invitations.resend(inv, resent, auditEvent(s.account.id), at(10));
      expect(await p.invitations.findByTokenHash(resent.tokenHash)).toEqual(resent);
      await expect(
        p.invitations.resend(inv, { ...inv, tokenHash: uid('hash') }, auditEvent(s.account.id), at(20)),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(
        p.invitations.revoke(inv, { ...inv, status: 'revoked' }, auditEvent(s.account.id)),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      await p.invitations.revoke(resent, { ...resent, status: 'revoked' }, auditEvent(s.account.id));
      expect((await p.invitations.get(s.account.id, inv.id))?.status).toBe('revoked');
      // the revoked invitation no longer holds its email
      const checks = await p.invitations.inviteChecks(s.account.id, s.owner.id, [inv.email], quota().day);
      expect(checks.holders.size).toBe(0);
    });
  });
}

/** Leaves no pending invitation behind for the scheduled cleanup that other test files run on the same table. */
async function revokeAll(p: StorePorts, invitations: Invitation[]) {
  for (const i of invitations) {
    const stored = await p.invitations.get(i.accountId, i.id);
    if (stored?.status === 'pending')
      await p.invitations.revoke(stored, { ...stored, status: 'revoked' }, auditEvent(i.accountId));
  }
}
