/** Contract of the multi-item workflows: joining by invitation, member links, deliveries, a move applied in chunks. */
import { describe, expect, it } from 'vitest';
import type { Invitation } from '#domain/invitation.ts';
import type { User } from '#domain/user.ts';
import {
  at,
  auditEvent,
  invitationTo,
  newSignIn,
  seedAccount,
  seedMember,
  seedSignedIn,
  seedUnit,
  setupLinkOf,
  T0,
  uid,
  userIn,
} from './fixtures.ts';
import { freshPorts, type MakePorts } from './ports.ts';

const quota = { day: T0.toISOString().slice(0, 10), limit: 500, endsAt: at(24 * 3600) };

/** What accepting an invitation by email writes: the new member, their identity and membership. */
function joinOf(invitation: Invitation, user: User) {
  const { identity, membership } = newSignIn(user, invitation.email);
  return { invitation, user, identity, identityIsNew: true, membership, event: auditEvent(user.accountId) };
}

export function defineInvitationWorkflowContract(make: MakePorts) {
  describe('InvitationStore workflows', () => {
    const p = freshPorts(make);

    it('joining by invitation makes the member in their unit, under the acceptance lease only, all or nothing', async () => {
      const s = await seedAccount(p);
      const unit = await seedUnit(p, s.root, 'Sales');
      const inv = invitationTo(s.account, unit);
      await p.invitations.createMany({ invitations: [inv], quota, eventFor: () => auditEvent(s.account.id) }, T0);
      const user = userIn(s.account, unit, { email: inv.email, status: 'active', version: 1 });
      await p.invitations.claimAcceptance(inv, 'lease', T0);

      // someone else's lease, or a username another member holds: nothing is written
      await expect(p.invitations.completeJoin(joinOf({ ...inv, claimId: 'other' }, user))).rejects.toMatchObject({
        code: 'invitation_used',
      });
      const taken = { ...user, username: s.owner.username };
      await expect(p.invitations.completeJoin(joinOf({ ...inv, claimId: 'lease' }, taken))).rejects.toMatchObject({
        code: 'username_taken',
      });
      expect(await p.users.get(s.account.id, user.id)).toBeNull();
      expect((await p.invitations.get(s.account.id, inv.id))?.status).toBe('pending');
      expect((await p.units.getWithTree(s.account.id, unit.id)).unit?.memberCount).toBe(0);

      const join = joinOf({ ...inv, claimId: 'lease' }, user);
      await p.invitations.completeJoin(join);
      expect(await p.users.get(s.account.id, user.id)).toEqual(user);
      expect(await p.invitations.get(s.account.id, inv.id)).toMatchObject({ status: 'accepted', userId: user.id });
      expect((await p.units.getWithTree(s.account.id, unit.id)).unit?.memberCount).toBe(1);
      expect(await p.identities.getAccess(join.identity.id)).toEqual({
        identity: join.identity,
        memberships: [join.membership],
      });
      await expect(seedMember(p, s, s.root, { email: inv.email })).rejects.toMatchObject({ code: 'email_taken' });
    });

    it('a member’s new link replaces the current one only if that is the one read', async () => {
      const s = await seedAccount(p);
      const m = await seedMember(p, s);
      expect((await p.invitations.currentLinkOf(m.user))?.id).toBe(m.link.id);
      const next = setupLinkOf(m.user, at(10));
      await expect(
        p.invitations.issueForMember({
          user: m.user,
          invitation: next,
          previousId: uid('inv'),
          event: auditEvent(s.account.id),
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      await expect(
        p.invitations.issueForMember({
          user: { ...m.user, version: 7 },
          invitation: next,
          previousId: m.link.id,
          event: auditEvent(s.account.id),
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect((await p.invitations.currentLinkOf(m.user))?.id).toBe(m.link.id);
      await p.invitations.issueForMember({
        user: m.user,
        invitation: next,
        previousId: m.link.id,
        event: auditEvent(s.account.id),
      });
      expect((await p.invitations.currentLinkOf(m.user))?.id).toBe(next.id);
      expect(await p.invitations.findByTokenHash(next.tokenHash)).toEqual(next);
    });

    it('a delivery is recorded on the link as sent, never on a link that replaced it', async () => {
      const s = await seedAccount(p);
      const [a, b] = [invitationTo(s.account, s.root), invitationTo(s.account, s.root)];
      await p.invitations.createMany({ invitations: [a, b], quota, eventFor: () => auditEvent(s.account.id) }, T0);
      await p.invitations.setDelivery(a, 'sent');
      expect((await p.invitations.get(s.account.id, a.id))?.delivery).toBe('sent');
      const resent = { ...b, tokenHash: uid('hash'), delivery: 'pending' as const };
      await p.invitations.resend(b, resent, auditEvent(s.account.id), at(5));
      await p.invitations.recordDeliveries([
        { invitation: a, delivery: 'failed' },
        { invitation: b, delivery: 'sent' },
      ]);
      expect((await p.invitations.get(s.account.id, a.id))?.delivery).toBe('failed');
      expect((await p.invitations.get(s.account.id, b.id))?.delivery).toBe('pending');
      await p.invitations.setDelivery(b, 'failed');
      expect((await p.invitations.get(s.account.id, b.id))?.delivery).toBe('pending');
      for (const i of [a, resent]) await p.invitations.revoke(i, { ...i, status: 'revoked' }, auditEvent(s.account.id));
    });

    it('a reset link completes only for a member still active', async () => {
      const s = await seedAccount(p);
      const { user, identity } = await seedSignedIn(p, s.owner, s.ownerLink);
      const reset: Invitation = { ...setupLinkOf(user), kind: 'reset', claimId: 'r1' };
      const revoke = { identityId: identity.id, expectedMark: identity.tokensValidAfter, mark: 1_900_000_000 };
      await p.invitations.issueForMember({
        user,
        invitation: { ...reset, claimId: undefined },
        previousId: s.ownerLink.id,
        event: auditEvent(s.account.id),
      });
      await p.invitations.claimAcceptance(reset, 'r1', T0);
      await p.users.update({ ...user, status: 'deactivated', version: user.version + 1 }, user.version, []);
      await expect(
        p.invitations.completeReset({ invitation: reset, user, event: auditEvent(s.account.id), revoke }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect((await p.invitations.get(s.account.id, reset.id))?.status).toBe('pending');
      await p.users.update({ ...user, version: user.version + 2 }, user.version + 1, []);
      // a password change since the link was read (another mark) refuses it, changing nothing
      await expect(
        p.invitations.completeReset({
          invitation: reset,
          user,
          event: auditEvent(s.account.id),
          revoke: { ...revoke, expectedMark: revoke.expectedMark + 7 },
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect((await p.invitations.get(s.account.id, reset.id))?.status).toBe('pending');
      expect((await p.identities.getAccess(identity.id)).identity?.tokensValidAfter).toBe(identity.tokensValidAfter);
      await p.invitations.completeReset({ invitation: reset, user, event: auditEvent(s.account.id), revoke });
      expect((await p.invitations.get(s.account.id, reset.id))?.status).toBe('accepted');
      // every session of the person is revoked with it
      expect((await p.identities.getAccess(identity.id)).identity?.tokensValidAfter).toBe(revoke.mark);
    });
  });
}

export function defineCleanupContract(make: MakePorts) {
  describe('InvitationCleanupStore', () => {
    const p = freshPorts(make);

    it('marks the lapsed pending invitations expired with their events and frees their emails; the others stay', async () => {
      const s = await seedAccount(p);
      const [lapsed, open] = [
        invitationTo(s.account, s.root, { ttlSeconds: 60 }),
        invitationTo(s.account, s.root, { ttlSeconds: 3600 }),
      ];
      await p.invitations.createMany(
        { invitations: [lapsed, open], quota, eventFor: () => auditEvent(s.account.id) },
        T0,
      );
      const expiredEvent = (i: Invitation) =>
        auditEvent(i.accountId, { type: 'invitation.expired', target: { invitationId: i.id } });
      // the table is shared: other lapsed invitations may come first, so run until nothing is left
      let expired = 0;
      for (let run = 0; run < 50; run++) {
        const report = await p.cleanup.expireDue(at(120), 25, expiredEvent);
        expired += report.expired;
        if (!report.more) break;
      }
      expect(expired).toBeGreaterThanOrEqual(1);
      expect((await p.invitations.get(s.account.id, lapsed.id))?.status).toBe('expired');
      expect((await p.invitations.get(s.account.id, open.id))?.status).toBe('pending');
      expect((await p.invitations.get(s.account.id, s.ownerLink.id))?.status).toBe('pending');
      const events = await p.audit.list(s.account.id, { type: 'invitation.expired' }, { limit: 5 });
      expect(events.items.map((e) => e.target.invitationId)).toEqual([lapsed.id]);
      const checks = await p.invitations.inviteChecks(s.account.id, s.owner.id, [lapsed.email, open.email], quota.day);
      expect([...checks.holders.keys()]).toEqual([open.email]);
      await p.invitations.revoke(open, { ...open, status: 'revoked' }, auditEvent(s.account.id));
    });
  });
}

export function defineUnitMoveContract(make: MakePorts) {
  describe('UnitStore: a move in chunks, members moving between units', () => {
    const p = freshPorts(make);

    it('a member moved to another unit leaves one count and enters the other; a stale path moves nothing', async () => {
      const s = await seedAccount(p);
      const [a, b] = [await seedUnit(p, s.root, 'A'), await seedUnit(p, s.root, 'B')];
      const { user } = await seedMember(p, s, a);
      const count = async (id: string) => (await p.units.getWithTree(s.account.id, id)).unit?.memberCount;
      const stale = { ...user, unitId: b.id, unitPath: `${s.root.path}old/`, version: 2 };
      await expect(p.users.update(stale, 1, [], { movedFrom: a.id })).rejects.toMatchObject({ code: 'conflict' });
      expect([await count(a.id), await count(b.id)]).toEqual([1, 0]);
      expect((await p.users.get(s.account.id, user.id))?.unitId).toBe(a.id);
      await p.users.update({ ...stale, unitPath: b.path }, 1, [], { movedFrom: a.id });
      expect([await count(a.id), await count(b.id)]).toEqual([0, 1]);
    });

    it('while a move’s marker is on the tree: members cannot enter, only that move’s chunks apply, finish clears it', async () => {
      const s = await seedAccount(p);
      const a = await seedUnit(p, s.root, 'A');
      const a1 = await seedUnit(p, a, 'A1');
      const b = await seedUnit(p, s.root, 'B');
      const { user } = await seedMember(p, s, a1);
      const { tree } = await p.units.getWithTree(s.account.id, a.id);
      const toB = `${b.path}${a.id}/`;
      const marker = { moveId: uid('move'), unitId: a.id, fromPath: a.path, toPath: toB, startedAt: T0.toISOString() };
      const storedB = (await p.units.getWithTree(s.account.id, b.id)).unit!;
      await p.units.move({
        unit: { ...a, parentId: b.id, path: toB, depth: 2, version: 2 },
        expectedVersion: 1,
        fromPath: a.path,
        fromParentId: s.root.id,
        to: storedB,
        revision: tree.revision,
        inline: [],
        marker,
        events: [auditEvent(s.account.id)],
        at: at(1).toISOString(),
      });
      expect((await p.units.getWithTree(s.account.id, a.id)).tree.move).toEqual(marker);
      await expect(seedMember(p, s, b)).rejects.toMatchObject({ code: 'unit_move_in_progress' });

      const a1To = `${toB}${a1.id}/`;
      const rewrite = { unitId: a1.id, fromPath: a1.path, toPath: a1To, depth: 3 };
      await expect(
        p.units.rewritePaths(s.account.id, uid('move'), [rewrite], at(2).toISOString()),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      expect((await p.units.getWithTree(s.account.id, a1.id)).unit?.path).toBe(a1.path);
      await p.units.rewritePaths(s.account.id, marker.moveId, [rewrite], at(2).toISOString());
      expect((await p.units.getWithTree(s.account.id, a1.id)).unit).toMatchObject({ path: a1To, depth: 3, version: 2 });

      const found = await p.units.membersUnder(s.account.id, a.path);
      expect(found.members).toEqual([{ userId: user.id, username: user.username, unitPath: a1.path }]);
      const memberRewrite = { userId: user.id, username: user.username, fromPath: a1.path, toPath: a1To };
      await p.units.rewriteMemberPaths(s.account.id, marker.moveId, [memberRewrite], at(3).toISOString());
      expect((await p.users.get(s.account.id, user.id))?.unitPath).toBe(a1To);
      // a member no longer on the old path is skipped
      await p.units.rewriteMemberPaths(s.account.id, marker.moveId, [memberRewrite], at(4).toISOString());
      expect((await p.users.get(s.account.id, user.id))?.version).toBe(2);

      await p.units.finishMove(s.account.id, uid('move'));
      expect((await p.units.getWithTree(s.account.id, a.id)).tree.move).toEqual(marker);
      await p.units.finishMove(s.account.id, marker.moveId);
      expect((await p.units.getWithTree(s.account.id, a.id)).tree.move).toBeNull();
      await p.units.finishMove(s.account.id, marker.moveId);
      await seedMember(p, s, b);
    });
  });
}
