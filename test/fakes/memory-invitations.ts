/** In-memory invitation workflow (bulk invite, resend, revoke, acceptance, cleanup): the same contracts as the DynamoDB adapters, over MemoryDirectory's maps. */
import {
  ConflictError,
  EmailTakenError,
  InvitationUsedError,
  RateLimitedError,
  UsernameTakenError,
} from '#domain/errors.ts';
import type { Invitation } from '#domain/invitation.ts';
import { effectiveStatus } from '#domain/invitation-rules.ts';
import type {
  CleanupReport,
  EmailHolder,
  InvitationCleanupStore,
  InvitationWorkflowStore,
  ReplaceOptions,
} from '#ports/invitations.ts';
import { moveActiveManagers } from './lifecycle.ts';
import type { MemoryDirectory } from './memory.ts';
import { pageOf } from './paging.ts';

export class MemoryInvitations {
  /** Holds of pending invitations on an address: `${accountId}/${email}`. */
  holds = new Map<string, { invitationId: string; expiresAt: string }>();
  /** A member's current link: `${accountId}/${email}` → invitation id. */
  pointers = new Map<string, string>();
  quota = new Map<string, number>();
  /** The next createMany throws this after writing nothing (a DynamoDB fault). */
  failNextCreate: Error | null = null;

  constructor(private dir: MemoryDirectory) {}

  private key = (i: { accountId: string; email: string }) => `${i.accountId}/${i.email}`;
  private stored = (i: Invitation) => this.dir.invitations.get(`${i.accountId}/${i.id}`);
  /** The stored link if pending, with this token, and still under this request's acceptance lease (the
   *  conditions of the completing transaction); else InvitationUsedError. */
  private underLease(invitation: Invitation): Invitation {
    const stored = this.stored(invitation);
    if (
      stored?.status !== 'pending' ||
      stored.tokenHash !== invitation.tokenHash ||
      (stored.claimId ?? null) !== (invitation.claimId ?? '-')
    )
      throw new InvitationUsedError();
    return stored;
  }
  private save(i: Invitation) {
    this.dir.invitations.set(`${i.accountId}/${i.id}`, i);
    this.dir.tokens.set(i.tokenHash, `${i.accountId}/${i.id}`);
  }
  private assertStill(previous: Invitation) {
    const current = this.stored(previous);
    if (!current || current.tokenHash !== previous.tokenHash || current.status !== previous.status)
      throw new ConflictError('changed meanwhile');
  }
  private holderOf(accountId: string, email: string, now: Date): EmailHolder | null {
    const k = `${accountId}/${email}`;
    const hold = this.holds.get(k);
    if (hold) return Date.parse(hold.expiresAt) > now.getTime() ? { kind: 'invitation', ...hold } : null;
    const member = [...this.dir.users.values()].find(
      (u) => u.accountId === accountId && u.email === email && u.status !== 'closed',
    );
    return member ? { kind: 'member', userId: member.id } : null;
  }
  private release(i: Invitation) {
    if (this.holds.get(this.key(i))?.invitationId !== i.id) return;
    this.holds.delete(this.key(i));
    this.dir.emails.delete(this.key(i));
  }
  private take(i: Invitation) {
    this.holds.set(this.key(i), { invitationId: i.id, expiresAt: i.expiresAt });
    this.dir.emails.add(this.key(i));
  }
  private revokeSessions(options?: ReplaceOptions) {
    const r = options?.revokeSessions;
    if (!r) return;
    const identity = this.dir.identities.get(r.identityId);
    if (!identity || identity.tokensValidAfter !== r.expectedMark) throw new ConflictError('sign-in changed');
    this.dir.identities.set(r.identityId, {
      ...identity,
      tokensValidAfter: r.mark,
      revocationCount: (identity.revocationCount ?? 0) + 1,
    });
  }

  store: InvitationWorkflowStore = {
    get: async (a, id) => this.dir.invitations.get(`${a}/${id}`) ?? null,
    // newest first: pending and expired by link expiry, accepted and revoked by creation (as the status index sorts)
    list: async (a, status, now, page, underPaths) =>
      pageOf(
        [...this.dir.invitations.values()].filter(
          (i) =>
            i.accountId === a &&
            effectiveStatus(i, now) === status &&
            (!underPaths || underPaths.some((p) => i.placement?.unitPath.startsWith(p))),
        ),
        page,
        `invitations|${a}|${status}|${underPaths?.join(',') ?? ''}`,
        (i) => `${status === 'pending' || status === 'expired' ? i.expiresAt : i.createdAt}#${i.id}`,
        true,
      ),
    inviteChecks: async (a, inviterUserId, emails, day) => {
      const holders = new Map<string, EmailHolder>();
      for (const email of emails) {
        const hold = this.holds.get(`${a}/${email}`);
        const member = [...this.dir.users.values()].find(
          (u) => u.accountId === a && u.email === email && u.status !== 'closed',
        );
        if (member) holders.set(email, { kind: 'member', userId: member.id });
        else if (hold) holders.set(email, { kind: 'invitation', ...hold });
      }
      return {
        account: this.dir.accounts.get(a) ?? null,
        inviter: this.dir.users.get(`${a}/${inviterUserId}`) ?? null,
        usedToday: this.quota.get(`${a}/${day}`) ?? 0,
        holders,
      };
    },
    createMany: async (input, now) => {
      if (this.failNextCreate) {
        const error = this.failNextCreate;
        this.failNextCreate = null;
        throw error;
      }
      const a = input.invitations[0]?.accountId;
      const created: Invitation[] = [];
      const refused: { email: string; reason: 'already_member' | 'already_invited' }[] = [];
      for (const invitation of input.invitations) {
        const holder = this.holderOf(invitation.accountId, invitation.email, now);
        if (holder)
          refused.push({
            email: invitation.email,
            reason: holder.kind === 'member' ? 'already_member' : 'already_invited',
          });
        else created.push(invitation);
      }
      // the quota counts what is written: refused emails give their place back, past the limit nothing is written
      const used = this.quota.get(`${a}/${input.quota.day}`) ?? 0;
      if (used + created.length > input.quota.limit) throw new RateLimitedError(60);
      this.quota.set(`${a}/${input.quota.day}`, used + created.length);
      for (const invitation of created) {
        this.save(invitation);
        this.take(invitation);
      }
      if (created.length) this.dir.events.push(input.eventFor(created));
      return { created, refused, failure: null };
    },
    recordDeliveries: async (entries) => {
      for (const { invitation, delivery } of entries) {
        const current = this.stored(invitation);
        if (current && current.tokenHash === invitation.tokenHash) this.save({ ...current, delivery });
      }
    },
    resend: async (previous, next, event, now, options) => {
      this.assertStill(previous);
      if (next.kind === 'invite') {
        const holder = this.holderOf(next.accountId, next.email, now);
        if (holder && !(holder.kind === 'invitation' && holder.invitationId === next.id))
          throw new ConflictError('taken');
        this.take(next);
      } else {
        const user = this.dir.users.get(`${next.accountId}/${next.userId}`);
        if (user?.status !== (next.kind === 'reset' ? 'active' : 'invited')) throw new ConflictError('member changed');
      }
      this.revokeSessions(options);
      this.save(next);
      this.dir.events.push(event);
    },
    revoke: async (previous, next, event) => {
      this.assertStill(previous);
      this.save(next);
      if (previous.kind === 'invite') this.release(previous);
      this.dir.events.push(event);
    },
    currentLinkOf: async (user) => {
      const id = this.pointers.get(this.key(user));
      if (id) return this.dir.invitations.get(`${user.accountId}/${id}`) ?? null;
      const links = [...this.dir.invitations.values()]
        .filter((i) => i.userId === user.id)
        .sort((x, y) => y.createdAt.localeCompare(x.createdAt));
      return links[0] ?? null;
    },
    issueForMember: async ({ user, invitation, previousId, event }, options) => {
      const current = this.dir.users.get(`${user.accountId}/${user.id}`);
      if (!current || current.version !== user.version || current.status !== user.status)
        throw new ConflictError('member changed');
      // the member's current link must still be the one the caller replaces
      if (((await this.store.currentLinkOf(user))?.id ?? null) !== previousId) throw new ConflictError('link changed');
      this.revokeSessions(options);
      this.save(invitation);
      this.pointers.set(this.key(user), invitation.id);
      this.dir.events.push(event);
    },
    completeJoin: async ({ invitation, user, identity, identityIsNew, membership, event }) => {
      const stored = this.underLease(invitation);
      if (this.dir.users.has(`${user.accountId}/${user.id}`)) throw new ConflictError('User id collision');
      if (this.dir.usernames.has(`${user.accountId}/${user.username}`)) throw new UsernameTakenError();
      if (this.holds.get(this.key(invitation))?.invitationId !== invitation.id) throw new EmailTakenError();
      const existing = this.dir.memberships.get(`${membership.identityId}/${membership.accountId}`);
      if (existing && existing.status !== 'closed') throw new EmailTakenError();
      if (identityIsNew && this.dir.identities.has(identity.id)) throw new ConflictError();
      if (user.unitId) this.dir.moveMemberCount(user.accountId, user.unitId, 1, user.unitPath);
      moveActiveManagers(this.dir, user.accountId, user.role === 'account_manager' ? 1 : 0);
      this.holds.delete(this.key(invitation));
      this.dir.acceptanceLeases.delete(`${invitation.accountId}/${invitation.id}`);
      this.save({ ...stored, status: 'accepted', userId: user.id, claimId: null });
      this.dir.users.set(`${user.accountId}/${user.id}`, user);
      this.dir.usernames.add(`${user.accountId}/${user.username}`);
      this.dir.memberships.set(`${membership.identityId}/${membership.accountId}`, membership);
      if (identityIsNew) {
        this.dir.identities.set(identity.id, identity);
        this.dir.identityByEmail.set(identity.email, identity.id);
      }
      this.dir.events.push(event);
    },
    completeReset: async ({ invitation, user, event, revoke }) => {
      const stored = this.underLease(invitation);
      const member = this.dir.users.get(`${user.accountId}/${user.id}`);
      if (member?.status !== 'active' || member.identityId !== user.identityId) throw new ConflictError();
      this.revokeSessions({ revokeSessions: revoke });
      this.dir.acceptanceLeases.delete(`${invitation.accountId}/${invitation.id}`);
      this.save({ ...stored, status: 'accepted', claimId: null });
      this.dir.events.push(event);
    },
  };

  cleanup: InvitationCleanupStore = {
    expireDue: async (now, budget, eventFor) => {
      const report: CleanupReport = {
        expired: 0,
        skipped: 0,
        more: false,
        queries: 1,
        itemsRead: 0,
        readUnits: 0,
        writeUnits: 0,
        transactions: 0,
      };
      const due = [...this.dir.invitations.values()]
        .filter((i) => i.status === 'pending' && Date.parse(i.expiresAt) <= now.getTime())
        .sort((x, y) => x.expiresAt.localeCompare(y.expiresAt));
      for (const invitation of due.slice(0, budget)) {
        this.save({ ...invitation, status: 'expired' });
        if (invitation.kind === 'invite') this.release(invitation);
        this.dir.events.push(eventFor(invitation));
        report.expired += 1;
        report.itemsRead += 1;
      }
      report.more = due.length > budget;
      return report;
    },
  };
}
