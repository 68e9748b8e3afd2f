/** Invitations and setup links: bulk invite, resend, revoke, acceptance, and the expiry of old links. */
import type { Account } from '#domain/account.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { Identity, Membership } from '#domain/identity.ts';
import type { Delivery, Invitation, InvitationStatus } from '#domain/invitation.ts';
import type { User } from '#domain/user.ts';
import type { Page, PageRequest } from './paging.ts';

/** Who holds an email in an account: its member, or its pending invitation (a hold that lapses at `expiresAt`). */
export type EmailHolder =
  | { kind: 'member'; userId: string }
  | { kind: 'invitation'; invitationId: string; expiresAt: string };

/** What a bulk invite needs to know before it writes, read together (BatchGetItem). */
export interface InviteChecks {
  account: Account | null;
  inviter: User | null;
  /** New invitations already counted against today. */
  usedToday: number;
  /** By email; absent: nobody holds it. */
  holders: Map<string, EmailHolder>;
}

export type RefusalReason = 'already_member' | 'already_invited';

/** The account's daily mail quota: the UTC day counted, its limit, and when it ends. */
export interface DailyMailQuota {
  day: string;
  limit: number;
  endsAt: Date;
}

export interface CreateInvitationsInput {
  invitations: Invitation[];
  /** Reserves the batch against the daily limit, race-safe; RateLimitedError when it does not fit. */
  quota: DailyMailQuota;
  /** The audit event written in the same transaction as these invitations. */
  eventFor(invitations: Invitation[]): AuditEvent;
}

export interface CreateInvitationsResult {
  created: Invitation[];
  /** Emails another request took between the checks and the write: the conditional claim refused them. */
  refused: { email: string; reason: RefusalReason }[];
  /** A write that failed for another reason (its invitations were not created); rethrown after mail went out. */
  failure: unknown;
}

export interface ReplaceOptions {
  /**
   * Revoke the identity's sessions in the same transaction (a member's sign-in being set up again), only from the
   * mark the caller read (a concurrent password change wins: ConflictError).
   */
  revokeSessions?: { identityId: string; expectedMark: number; mark: number };
}

export interface InvitationWorkflowStore {
  /** Consistent read of one invitation of an account. */
  get(accountId: string, invitationId: string): Promise<Invitation | null>;
  /** One Query per page; "pending" and "expired" are decided by the key range at `now`. */
  /** `underPaths`: only invitations placing their member in these subtrees (an admin's scope). */
  list(
    accountId: string,
    status: InvitationStatus,
    now: Date,
    page: PageRequest,
    underPaths?: string[],
  ): Promise<Page<Invitation>>;
  inviteChecks(accountId: string, inviterUserId: string, emails: string[], day: string): Promise<InviteChecks>;
  createMany(input: CreateInvitationsInput, now: Date): Promise<CreateInvitationsResult>;
  recordDeliveries(entries: { invitation: Invitation; delivery: Delivery }[]): Promise<void>;
  /** New token and expiry; conditional on `previous` being what is stored. ConflictError otherwise. */
  resend(previous: Invitation, next: Invitation, event: AuditEvent, now: Date, options?: ReplaceOptions): Promise<void>;
  revoke(previous: Invitation, next: Invitation, event: AuditEvent): Promise<void>;
  /** The member's current link (the email claim points at it), or null. */
  currentLinkOf(user: User): Promise<Invitation | null>;
  /** A new link for a member, replacing `previous` as the current one. */
  issueForMember(
    input: { user: User; invitation: Invitation; previousId: string | null; event: AuditEvent },
    options?: ReplaceOptions,
  ): Promise<void>;
  /** Accepting an `invite`: the new member, its claims, membership and (new) identity, in one transaction. */
  completeJoin(input: JoinRecords): Promise<void>;
  /**
   * Accepting a `reset` link: the link is used and every session of the identity revoked (its mark moves from
   * `expectedMark` to `mark`, so a password change meanwhile refuses the acceptance), the member unchanged (the
   * password was set before).
   */
  completeReset(input: {
    invitation: Invitation;
    user: User;
    event: AuditEvent;
    revoke: { identityId: string; expectedMark: number; mark: number };
  }): Promise<void>;
}

/** Links and invitations: the workflow (bulk invite, resend, revoke, acceptance) and the link lookups. */
export interface InvitationStore extends InvitationWorkflowStore {
  /** The invitation a link token hash points to, or null when unknown or purged. */
  findByTokenHash(tokenHash: string): Promise<Invitation | null>;
  /** Takes the acceptance lease on a pending link: AcceptanceInProgressError while another request holds it. */
  claimAcceptance(invitation: Invitation, claimId: string, now: Date): Promise<void>;
  /** Gives the lease back after a failed attempt, so an immediate retry can converge. */
  releaseAcceptance(invitation: Invitation, claimId: string): Promise<void>;
  setDelivery(invitation: Invitation, delivery: Invitation['delivery']): Promise<void>;
}

/**
 * Acceptance touches every aggregate at once: the identity (created on first acceptance), the membership,
 * the user (active) and the invitation (accepted), written in one transaction that only succeeds while the
 * invitation is still pending with this token.
 */
/** What sending an invitation or a member's link takes of the store (invite, resend, a user's invitation). */
export type InvitationSending = Omit<
  InvitationStore,
  'findByTokenHash' | 'claimAcceptance' | 'releaseAcceptance' | 'completeJoin' | 'completeReset' | 'list' | 'revoke'
>;

/** What resending one invitation takes of the store. */
export type InvitationResending = Pick<InvitationStore, 'get' | 'resend' | 'recordDeliveries' | 'setDelivery'>;

/** What accepting a link takes of the invitation store: find it, hold it while accepting, complete it. */
export type InvitationLinkAcceptance = Pick<
  InvitationStore,
  'findByTokenHash' | 'claimAcceptance' | 'releaseAcceptance' | 'completeJoin' | 'completeReset'
>;

export interface AcceptanceStore {
  completeAcceptance(input: {
    identity: Identity;
    identityIsNew: boolean;
    membership: Membership;
    user: User;
    invitation: Invitation;
    event: AuditEvent;
  }): Promise<void>;
}

export interface CleanupReport {
  /** Invitations this run marked expired. */
  expired: number;
  /** Candidates another writer had already changed (accepted, resent, revoked, expired by a parallel run). */
  skipped: number;
  /** True when the run stopped at its budget: the next run carries on. */
  more: boolean;
  queries: number;
  itemsRead: number;
  readUnits: number;
  writeUnits: number;
  transactions: number;
}

export interface InvitationCleanupStore {
  /** Marks at most `budget` pending invitations whose link expired before `now` as expired, with their events. */
  expireDue(now: Date, budget: number, eventFor: (invitation: Invitation) => AuditEvent): Promise<CleanupReport>;
}

/** A maintained list of disposable-mail domains. */
export interface DisposableDomains {
  isDisposable(domain: string): boolean;
}

/** What accepting an `invite` writes: the link, the new member, their (possibly new) identity, membership and event. */
export interface JoinRecords {
  invitation: Invitation;
  user: User;
  identity: Identity;
  identityIsNew: boolean;
  membership: Membership;
  event: AuditEvent;
}
