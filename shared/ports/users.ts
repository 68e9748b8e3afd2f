/** Members of an account: their records, their changes, and closing them. */
import type { AuditEvent } from '#domain/audit.ts';
import type { Device } from '#domain/device.ts';
import type { Identity } from '#domain/identity.ts';
import type { Actor, Invitation } from '#domain/invitation.ts';
import type { User, UserStatus, UserType } from '#domain/user.ts';
import type { DailyMailQuota } from './invitations.ts';
import type { Page, PageRequest } from './paging.ts';

export interface UserStore {
  /**
   * One transaction: the user, username and email uniqueness, the setup link, the event, and a place of the day's
   * mail quota (the setup mail counts like an invitation). UsernameTakenError / EmailTakenError / RateLimitedError.
   * `device`: the member's first phone and its event, with its extension claim (ExtensionTakenError).
   */
  create(input: {
    user: User;
    invitation: Invitation;
    event: AuditEvent;
    quota: DailyMailQuota;
    device?: { device: Device; event: AuditEvent };
  }): Promise<void>;
  /**
   * A member without a sign-in (any type but person): the user, its username claim, its unit's count and the event
   * in one transaction; no email claim, no setup link, no mail quota. UsernameTakenError.
   */
  createWithoutSignIn(input: {
    user: User;
    event: AuditEvent;
    /** A phone with the member's extension (a call queue's, a conference bridge's), in the same transaction. */
    device?: { device: Device; event: AuditEvent };
  }): Promise<void>;
  get(accountId: string, userId: string): Promise<User | null>;
  /** `underPaths`: only members in these subtrees (an admin's scope roots), by unit path then username. */
  list(
    accountId: string,
    filter: { status?: UserStatus; type?: UserType; underPaths?: string[] },
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

export interface CloseMember {
  /** The member as it is after closing (status closed, version + 1). */
  user: User;
  expectedVersion: number;
  /** Set on the membership record: tokens issued before are refused. */
  revokeSessionsAt: number;
  activeManagersDelta: number;
  events: AuditEvent[];
  /** The identity belongs to no other account: its profile and email lookup go in the same transaction. */
  removeIdentity: Identity | null;
}

export interface LifecycleStore {
  /**
   * One transaction: the user (version condition), its membership record (closed, revoked), the freed username and
   * email claims, the manager count, the events, and everything attached to the member (the close-member hook).
   */
  closeMember(change: CloseMember): Promise<void>;
  /**
   * Finishes detaching a closed member's attachments (services, numbers, devices, group memberships, API keys) that
   * did not fit in the closing transaction or whose continuation was interrupted; clears `detachPending`. Returns
   * whether nothing is left attached.
   */
  finishClose(user: User, actor: Actor, at: string): Promise<boolean>;
  /** The scheduled job: finishes at most `max` pending closes, oldest first. */
  finishPendingCloses(max: number, actor: Actor, at: string): Promise<{ found: number; finished: number }>;
  /** Puts back an identity removed by a close that raced with that person joining another account. */
  restoreIdentity(identity: Identity): Promise<void>;
}

/** A member's email aliases: each a claim on the address in the account, as members' emails and pending invitations hold them. */
export interface AliasStore {
  /**
   * The address's claim (conditional: no member, alias or live invitation holds it) and the member (version) in one
   * transaction. EmailTakenError, PreconditionFailedError.
   */
  add(user: User, expectedVersion: number, alias: string, event: AuditEvent): Promise<void>;
  /** Frees the claim (held by this member as an alias) and writes the member (version), in one transaction. */
  remove(user: User, expectedVersion: number, alias: string, event: AuditEvent): Promise<void>;
}
