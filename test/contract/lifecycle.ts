/** Contract of closing members, session revocation, password resets and the audit log. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '#domain/audit.ts';
import { MFA_CODE_ATTEMPTS, MFA_CODE_WINDOW_SECONDS } from '#domain/code-attempts.ts';
import { RateLimitedError } from '#domain/errors.ts';
import type { PasswordReset } from '#domain/password-reset.ts';
import { allPages, at, auditEvent, seedAccount, seedMember, seedSignedIn, T0, uid } from './fixtures.ts';
import { freshPorts, type MakePorts } from './ports.ts';

export function defineLifecycleContract(make: MakePorts) {
  describe('LifecycleStore and CredentialStore', () => {
    const p = freshPorts(make);

    it('closing frees the username and email, closes the membership, and needs the version read', async () => {
      const s = await seedAccount(p);
      await seedSignedIn(p, s.owner, s.ownerLink);
      const m = await seedMember(p, s);
      const { user, identity } = await seedSignedIn(p, m.user, m.link);
      const closed = { ...user, status: 'closed' as const, version: user.version + 1, updatedAt: at(10).toISOString() };
      const change = {
        user: closed,
        expectedVersion: user.version,
        revokeSessionsAt: 999,
        activeManagersDelta: 0,
        events: [auditEvent(s.account.id)],
        removeIdentity: null,
      };
      await expect(p.lifecycle.closeMember({ ...change, expectedVersion: user.version - 1 })).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      expect((await p.users.get(s.account.id, user.id))?.status).toBe('active');
      await p.lifecycle.closeMember(change);
      expect(await p.users.get(s.account.id, user.id)).toEqual(closed);
      const { membership } = await p.identities.getAccountAccess(identity.id, s.account.id);
      expect(membership).toMatchObject({ status: 'closed', tokensValidAfter: 999 });
      // the same username and email make a new member
      await seedMember(p, s, s.root, { username: user.username, email: user.email });
    });

    it('the last active account manager cannot be closed, and the refused close changes nothing', async () => {
      const s = await seedAccount(p);
      const { user: owner, identity } = await seedSignedIn(p, s.owner, s.ownerLink);
      const closed = { ...owner, status: 'closed' as const, version: owner.version + 1 };
      await expect(
        p.lifecycle.closeMember({
          user: closed,
          expectedVersion: owner.version,
          revokeSessionsAt: 5,
          activeManagersDelta: -1,
          events: [auditEvent(s.account.id)],
          removeIdentity: identity,
        }),
      ).rejects.toMatchObject({ code: 'last_account_manager' });
      expect(await p.users.get(s.account.id, owner.id)).toEqual(owner);
      expect(await p.identities.findByEmail(owner.email)).toEqual(identity);
      await expect(seedMember(p, s, s.root, { username: owner.username })).rejects.toMatchObject({
        code: 'username_taken',
      });
    });

    it('closing can remove the identity; restoreIdentity puts it back', async () => {
      const s = await seedAccount(p);
      await seedSignedIn(p, s.owner, s.ownerLink);
      const m = await seedMember(p, s);
      const { user, identity } = await seedSignedIn(p, m.user, m.link);
      await p.lifecycle.closeMember({
        user: { ...user, status: 'closed', version: user.version + 1 },
        expectedVersion: user.version,
        revokeSessionsAt: 7,
        activeManagersDelta: 0,
        events: [],
        removeIdentity: identity,
      });
      expect(await p.identities.findByEmail(identity.email)).toBeNull();
      await p.lifecycle.restoreIdentity(identity);
      expect(await p.identities.findByEmail(identity.email)).toEqual(identity);
    });

    it('moves the revocation mark only from the mark read; MFA on an unknown identity is a conflict', async () => {
      const s = await seedAccount(p);
      const { identity } = await seedSignedIn(p, s.owner, s.ownerLink);
      await expect(
        p.credentials.revokeSessions(identity.id, { expectedMark: 42, mark: 100, events: [] }),
      ).rejects.toMatchObject({ code: 'conflict' });
      await p.credentials.revokeSessions(identity.id, {
        expectedMark: 0,
        mark: 100,
        events: [auditEvent(s.account.id)],
      });
      expect((await p.identities.getAccess(identity.id)).identity?.tokensValidAfter).toBe(100);
      await p.credentials.setMfa(identity.id, { enabled: true, revokeSessionsAt: 200, events: [] });
      expect((await p.identities.getAccess(identity.id)).identity).toMatchObject({
        mfaEnabled: true,
        tokensValidAfter: 200,
      });
      await expect(
        p.credentials.revokeSessions(uid('idn'), { expectedMark: 0, mark: 1, events: [] }),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(p.credentials.setMfa(uid('idn'), { enabled: true, events: [] })).rejects.toMatchObject({
        code: 'conflict',
      });
    });
  });
}

export function defineResetContract(make: MakePorts) {
  describe('PasswordResetStore', () => {
    const p = freshPorts(make);

    const resetFor = (identity: { id: string; email: string }, mark = 0): PasswordReset => ({
      tokenHash: createHash('sha256').update(uid('token')).digest('base64url'),
      identityId: identity.id,
      email: identity.email,
      status: 'pending',
      requestedBy: { kind: 'anonymous' },
      sessionsValidAfter: mark,
      createdAt: T0.toISOString(),
      expiresAt: at(3600).toISOString(),
      purgeAt: at(3600 + 24 * 3600).toISOString(),
      claimId: null,
      claimedUntil: null,
    });

    it('admits five requests per email in a sliding hour', async () => {
      const email = uid('hash');
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await p.resets.admit(email, at(i * 60)));
      expect(answers).toEqual([true, true, true, true, true, false]);
      expect(await p.resets.admit(uid('hash'), at(400))).toBe(true);
      expect(await p.resets.admit(email, at(3599))).toBe(false);
      expect(await p.resets.admit(email, at(3600))).toBe(true);
    });

    it('stores a link and finds it by hash; a decoy or an unknown hash finds nothing', async () => {
      const s = await seedAccount(p);
      const { identity } = await seedSignedIn(p, s.owner, s.ownerLink);
      const reset = resetFor(identity);
      await p.resets.issue({ reset, events: [auditEvent(s.account.id)] });
      expect(await p.resets.find(reset.tokenHash)).toEqual(reset);
      const decoy = uid('decoy');
      await p.resets.issueDecoy(decoy, T0);
      expect(await p.resets.find(decoy)).toBeNull();
      expect(await p.resets.find(uid('hash'))).toBeNull();
    });

    it('a forced reset moves the mark with the link, or writes neither when the mark moved meanwhile', async () => {
      const s = await seedAccount(p);
      const { identity } = await seedSignedIn(p, s.owner, s.ownerLink);
      const refused = resetFor(identity);
      await expect(
        p.resets.issue({ reset: refused, events: [], revoke: { expectedMark: 3, mark: 10 } }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect(await p.resets.find(refused.tokenHash)).toBeNull();
      const forced = resetFor(identity, 10);
      await p.resets.issue({ reset: forced, events: [], revoke: { expectedMark: 0, mark: 10 } });
      expect((await p.identities.getAccess(identity.id)).identity?.tokensValidAfter).toBe(10);
    });

    it('claim, complete, release: one completion per link, a stale claim can be taken over', async () => {
      const s = await seedAccount(p);
      const { identity } = await seedSignedIn(p, s.owner, s.ownerLink);
      const reset = resetFor(identity);
      await p.resets.issue({ reset, events: [] });
      const claim = { claimId: 'c1', claimedUntil: at(60).toISOString(), mark: 50, now: T0 };
      await p.resets.claim(reset, claim);
      expect(await p.resets.find(reset.tokenHash)).toMatchObject({
        status: 'claimed',
        claimId: 'c1',
        sessionsValidAfter: 50,
      });
      expect((await p.identities.getAccess(identity.id)).identity?.tokensValidAfter).toBe(50);
      const stored = (await p.resets.find(reset.tokenHash))!;
      await expect(
        p.resets.claim(stored, { claimId: 'c2', claimedUntil: at(90).toISOString(), mark: 51, now: at(30) }),
      ).rejects.toMatchObject({ code: 'reset_link_used' });
      // after the claim lapsed, another request takes it over
      await p.resets.claim(stored, { claimId: 'c2', claimedUntil: at(130).toISOString(), mark: 51, now: at(70) });
      await expect(p.resets.complete(stored, 'c1', [])).rejects.toMatchObject({ code: 'reset_link_used' });
      await p.resets.release(stored, 'c1');
      expect((await p.resets.find(reset.tokenHash))?.status).toBe('claimed');
      await p.resets.release(stored, 'c2');
      expect(await p.resets.find(reset.tokenHash)).toMatchObject({ status: 'pending', claimId: null });
      const again = (await p.resets.find(reset.tokenHash))!;
      await p.resets.claim(again, { claimId: 'c3', claimedUntil: at(200).toISOString(), mark: 52, now: at(140) });
      await p.resets.complete(again, 'c3', [auditEvent(s.account.id)]);
      expect((await p.resets.find(reset.tokenHash))?.status).toBe('used');
      await expect(
        p.resets.claim(again, { claimId: 'c4', claimedUntil: at(400).toISOString(), mark: 53, now: at(300) }),
      ).rejects.toMatchObject({ code: 'reset_link_used' });
    });

    it('a counted link cannot be claimed after a change in the same second (mark unchanged, count moved)', async () => {
      const s = await seedAccount(p);
      const { identity } = await seedSignedIn(p, s.owner, s.ownerLink);
      // positive control: a counted link is claimed while the count is the one it expects; the link follows the count
      const first = { ...resetFor(identity), revocationCount: 0 };
      await p.resets.issue({ reset: first, events: [] });
      await p.resets.claim(first, { claimId: 'c1', claimedUntil: at(60).toISOString(), mark: 30, now: T0 });
      expect(await p.resets.find(first.tokenHash)).toMatchObject({ sessionsValidAfter: 30, revocationCount: 1 });
      expect((await p.identities.getAccess(identity.id)).identity).toMatchObject({ tokensValidAfter: 30 });
      const second = { ...resetFor(identity, 30), revocationCount: 1 };
      await p.resets.issue({ reset: second, events: [] });
      // a revocation in the same second: the whole-second mark stays 30, the count moves
      await p.credentials.revokeSessions(identity.id, { expectedMark: 30, mark: 30, events: [] });
      await expect(
        p.resets.claim(second, { claimId: 'c2', claimedUntil: at(60).toISOString(), mark: 30, now: T0 }),
      ).rejects.toMatchObject({ code: 'reset_link_used' });
      expect((await p.resets.find(second.tokenHash))?.status).toBe('pending');
    });

    it('a link issued before a newer password change cannot be claimed', async () => {
      const s = await seedAccount(p);
      const { identity } = await seedSignedIn(p, s.owner, s.ownerLink);
      const reset = resetFor(identity);
      await p.resets.issue({ reset, events: [] });
      await p.credentials.revokeSessions(identity.id, { expectedMark: 0, mark: 20, events: [] });
      await expect(
        p.resets.claim(reset, { claimId: 'c1', claimedUntil: at(60).toISOString(), mark: 21, now: T0 }),
      ).rejects.toMatchObject({ code: 'reset_link_used' });
      expect((await p.resets.find(reset.tokenHash))?.status).toBe('pending');
    });
  });
}

export function defineAuditContract(make: MakePorts) {
  describe('AuditStore', () => {
    const p = freshPorts(make);

    it('aggregates occurrences into one event per account: at the first one, the latest details, their count', async () => {
      const [acme, beta] = [uid('acct'), uid('acct')];
      const alice = uid('u');
      const key = `sign_in.failed\n${uid('e')}@example.com\n${Math.floor(T0.getTime() / 60_000)}`;
      const occurrence = (seconds: number, reason: string) =>
        p.audit.aggregate(key, at(seconds), uid('ev'), (id) =>
          [acme, beta].map((accountId) =>
            auditEvent(accountId, {
              id,
              type: 'sign_in.failed',
              at: at(seconds).toISOString(),
              actor: { kind: 'anonymous' },
              target: { userId: alice },
              details: { reason },
            }),
          ),
        );
      await occurrence(0, 'invalid_password');
      await Promise.all([1, 2, 3].map((s) => occurrence(s, 'invalid_password')));
      await occurrence(4, 'not_active');
      for (const accountId of [acme, beta]) {
        const listed = (await p.audit.list(accountId, {}, { limit: 10 })).items;
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({
          type: 'sign_in.failed',
          at: T0.toISOString(),
          target: { userId: alice },
          details: { reason: 'not_active', count: 5 },
        });
        // the member's and the type's listings show the same one event
        expect((await p.audit.list(accountId, { userId: alice }, { limit: 10 })).items).toEqual(listed);
        expect((await p.audit.list(accountId, { type: 'sign_in.failed' }, { limit: 10 })).items).toEqual(listed);
      }
      // another key (the next minute) is another event
      await p.audit.aggregate(`${key}+1`, at(60), uid('ev'), (id) => [
        auditEvent(acme, { id, type: 'sign_in.failed', target: { userId: alice }, details: { reason: 'x' } }),
      ]);
      expect((await p.audit.list(acme, {}, { limit: 10 })).items).toHaveLength(2);
    });

    it('lists newest first, page by page, by member, by type, both, and by an admin scope', async () => {
      const accountId = uid('acct');
      const [alice, bob] = [uid('u'), uid('u')];
      const events: AuditEvent[] = [
        auditEvent(accountId, { type: 'user.updated', target: { userId: alice }, unitPath: '/r/a/' }),
        auditEvent(accountId, { type: 'user.updated', target: { userId: bob }, unitPath: '/r/b/' }),
        auditEvent(accountId, { type: 'account.updated' }),
        auditEvent(accountId, { type: 'user.closed', target: { userId: alice }, unitPath: '/r/a/x/' }),
        auditEvent(accountId, { type: 'user.updated', target: { userId: alice }, unitPath: '/r/a/' }),
      ];
      await p.audit.record(events.slice(0, 3));
      await p.audit.record(events.slice(3));
      await p.audit.record([auditEvent(uid('acct'), { target: { userId: alice } })]);
      const ids = (list: AuditEvent[]) => list.map((e) => e.id);
      const newest = [...events].reverse();

      const all = await allPages((cursor) => p.audit.list(accountId, {}, { limit: 2, cursor }));
      // ids only: the DynamoDB mapping reads an event without a unit path back as `unitPath: null` (reported)
      expect(ids(all.items)).toEqual(ids(newest));
      expect(all.items[0]).toEqual(newest[0]);
      expect(all.pages).toBe(3);
      const byAlice = await allPages((cursor) => p.audit.list(accountId, { userId: alice }, { limit: 2, cursor }));
      expect(ids(byAlice.items)).toEqual([events[4].id, events[3].id, events[0].id]);
      const updates = await allPages((cursor) =>
        p.audit.list(accountId, { type: 'user.updated' }, { limit: 2, cursor }),
      );
      expect(ids(updates.items)).toEqual([events[4].id, events[1].id, events[0].id]);
      const both = await allPages((cursor) =>
        p.audit.list(accountId, { userId: alice, type: 'user.updated' }, { limit: 1, cursor }),
      );
      expect(ids(both.items)).toEqual([events[4].id, events[0].id]);
      const scoped = await allPages((cursor) =>
        p.audit.list(accountId, { underPaths: ['/r/a/'] }, { limit: 2, cursor }),
      );
      expect(ids(scoped.items)).toEqual([events[4].id, events[3].id, events[0].id]);
      expect((await p.audit.list(uid('acct'), {}, { limit: 5 })).items).toEqual([]);
    });
  });
}

export function defineCodeAttemptContract(make: MakePorts) {
  describe('CodeAttemptStore', () => {
    const p = freshPorts(make);
    const limited = (identityId: string, now: Date) =>
      p.codeAttempts.reserve(identityId, now).then(
        () => null,
        (error: unknown) => error,
      );

    it(`takes at most ${MFA_CODE_ATTEMPTS} places per window; then RateLimitedError until the window ends`, async () => {
      const identity = uid('sub');
      for (let i = 0; i < MFA_CODE_ATTEMPTS; i++)
        expect(await p.codeAttempts.reserve(identity, at(i * 10))).toEqual({ windowStart: epochOf(at(0)) });
      const refused = await limited(identity, at(100));
      expect(refused).toBeInstanceOf(RateLimitedError);
      expect((refused as RateLimitedError).retryAfterSeconds).toBe(MFA_CODE_WINDOW_SECONDS - 100);
      // another identity is not affected
      await expect(p.codeAttempts.reserve(uid('sub'), at(100))).resolves.toEqual({ windowStart: epochOf(at(100)) });
      // an expired window counts as gone (before TTL deletes it)
      await expect(p.codeAttempts.reserve(identity, at(MFA_CODE_WINDOW_SECONDS))).resolves.toEqual({
        windowStart: epochOf(at(MFA_CODE_WINDOW_SECONDS)),
      });
    });

    it('a released place can be taken again; a release of an older window leaves the current one alone', async () => {
      const identity = uid('sub');
      const first = await p.codeAttempts.reserve(identity, at(0));
      for (let i = 1; i < MFA_CODE_ATTEMPTS; i++) await p.codeAttempts.reserve(identity, at(i));
      expect(await limited(identity, at(10))).toBeInstanceOf(RateLimitedError);
      await p.codeAttempts.release(identity, first.windowStart);
      await expect(p.codeAttempts.reserve(identity, at(11))).resolves.toEqual(first);
      expect(await limited(identity, at(12))).toBeInstanceOf(RateLimitedError);
      // a new window; releasing a place of the old one gives nothing back in it
      const later = at(MFA_CODE_WINDOW_SECONDS + 1);
      for (let i = 0; i < MFA_CODE_ATTEMPTS; i++) await p.codeAttempts.reserve(identity, later);
      await p.codeAttempts.release(identity, first.windowStart);
      expect(await limited(identity, later)).toBeInstanceOf(RateLimitedError);
    });

    it(`concurrent attempts cannot all take the last places: ${MFA_CODE_ATTEMPTS} of 12 succeed`, async () => {
      const identity = uid('sub');
      const outcomes = await Promise.all(Array.from({ length: 12 }, () => limited(identity, at(0))));
      expect(outcomes.filter((o) => o === null)).toHaveLength(MFA_CODE_ATTEMPTS);
      expect(outcomes.filter((o) => o instanceof RateLimitedError)).toHaveLength(12 - MFA_CODE_ATTEMPTS);
    });
  });
}

const epochOf = (d: Date) => Math.floor(d.getTime() / 1000);
