import type { Account } from '#domain/account.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { AccountSummary } from '#domain/caller.ts';
import type { Identity, IdentityAccess, Membership } from '#domain/identity.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { OrgUnit } from '#domain/org-unit.ts';
import type { User, UserStatus } from '#domain/user.ts';
import type { InvitationWorkflowStore } from './invitations.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface AccountStore {
  /** Creates the account with its first user, that user's setup link and the root of its organisation tree, atomically. */
  createWithOwner(input: {
    account: Account;
    owner: User;
    invitation: Invitation;
    event: AuditEvent;
    rootUnit: OrgUnit;
  }): Promise<void>;
  get(accountId: string): Promise<Account | null>;
  getMany(accountIds: string[]): Promise<Account[]>;
  /** Throws PreconditionFailedError when the stored version is not `expectedVersion`. */
  update(account: Account, expectedVersion: number, event: AuditEvent): Promise<void>;
}

export interface UserStore {
  /** One transaction: the user, username and email uniqueness, the setup link, the event. UsernameTakenError / EmailTakenError. */
  create(input: { user: User; invitation: Invitation; event: AuditEvent }): Promise<void>;
  get(accountId: string, userId: string): Promise<User | null>;
  /** `underPaths`: only members in these subtrees (an admin's scope roots), by unit path then username. */
  list(
    accountId: string,
    filter: { status?: UserStatus; underPaths?: string[] },
    page: PageRequest,
  ): Promise<Page<User>>;
  /** Members (not closed) of the unit at `unitPath`, and with `includeDescendants` of its subtree: one Query per page. */
  listUnder(accountId: string, unitPath: string, includeDescendants: boolean, page: PageRequest): Promise<Page<User>>;
  /** Several users at once (BatchGetItem); missing ones are left out. */
  getMany(refs: { accountId: string; userId: string }[], options?: { consistent?: boolean }): Promise<User[]>;
  /**
   * Writes the user and its membership record together. PreconditionFailedError on a version mismatch.
   * `revokeSessionsAt` sets the membership's revocation mark; `activeManagersDelta` moves the account's count of
   * active account managers, and a -1 fails with LastAccountManagerError when it would leave none.
   */
  update(user: User, expectedVersion: number, events: AuditEvent[], options?: UserUpdateOptions): Promise<void>;
}

export interface UserUpdateOptions {
  revokeSessionsAt?: number;
  /** The member's unit before this change, when it moves them: the counts of both units move in the same transaction. */
  movedFrom?: string;
  /** Moves the account's count of MFA overrides (the member's own mfaRequired appeared or went). */
  mfaOverrideDelta?: number;
  activeManagersDelta?: number;
}

/** Links and invitations; the workflow of issue 3 (bulk invite, resend, revoke, acceptance of invitations) in ./invitations.ts. */
export interface InvitationStore extends InvitationWorkflowStore {
  /** The invitation a link token hash points to, or null when unknown or purged. */
  findByTokenHash(tokenHash: string): Promise<Invitation | null>;
  /** Takes the acceptance lease on a pending link: AcceptanceInProgressError while another request holds it. */
  claimAcceptance(invitation: Invitation, claimId: string, now: Date): Promise<void>;
  /** Gives the lease back after a failed attempt, so an immediate retry can converge. */
  releaseAcceptance(invitation: Invitation, claimId: string): Promise<void>;
  setDelivery(invitation: Invitation, delivery: Invitation['delivery']): Promise<void>;
}

export interface IdentityStore {
  /** The identity and all its memberships, read consistently: the per-request authorization read. */
  getAccess(identityId: string): Promise<IdentityAccess>;
  findByEmail(email: string): Promise<Identity | null>;
  /** getAccess for the identity an email is: one GetItem and one Query, whether or not the email is anyone's. */
  getAccessByEmail(email: string): Promise<IdentityAccess>;
  /** Which of these accounts require MFA (the authenticator asks only for identities without MFA). */
  accountsRequiringMfa(memberships: { accountId: string; userId: string }[]): Promise<string[]>;
  /** Name and MFA policy of each of these accounts, read consistently (absent accounts are left out). */
  accountSummaries(accountIds: string[]): Promise<AccountSummary[]>;
  /**
   * The per-request authorization read of an account route, in ONE round trip: the identity, its membership
   * in that account and the account (its MFA policy; handed on to the use case), BatchGetItem, consistent.
   * `member`: a member of that account whose record the route reads anyway (the path's user), read in the same
   * round trip (null: no such member). Authorization is still decided first; the record only rides along.
   */
  getAccountAccess(
    identityId: string,
    accountId: string,
    options?: { member?: string },
  ): Promise<{
    identity: Identity | null;
    membership: Membership | null;
    account: Account | null;
    mfaOverrides?: number;
    member?: User | null;
  }>;
  /**
   * The MFA rule below the account for one member: their own override, else the nearest unit's on their path, else
   * undefined (the account's flag decides). Read only when the account has overrides and the identity has no MFA.
   */
  memberMfaOverride?(accountId: string, userId: string): Promise<boolean | undefined>;
}

/**
 * Acceptance touches every aggregate at once: the identity (created on first acceptance), the membership,
 * the user (active) and the invitation (accepted), written in one transaction that only succeeds while the
 * invitation is still pending with this token.
 */
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

export interface IdempotencyRecord {
  requestHash: string;
  state: 'in_progress' | 'completed';
  response?: { statusCode: number; headers: Record<string, string>; body: string };
}

export interface IdempotencyStore {
  /** Claims the key; returns the existing record when the key is already claimed (and not expired). */
  claim(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyRecord | null>;
  complete(scope: string, key: string, response: NonNullable<IdempotencyRecord['response']>, now: Date): Promise<void>;
  release(scope: string, key: string): Promise<void>;
}
