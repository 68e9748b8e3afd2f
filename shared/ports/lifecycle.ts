/** Ports of member lifecycle, credentials, MFA and the audit log (issue 4). */
import type { AuditEvent } from '#domain/audit.ts';
import type { Identity } from '#domain/identity.ts';
import type { PasswordReset } from '#domain/password-reset.ts';
import type { User } from '#domain/user.ts';
import type { SignInTokens } from './services.ts';
import type { Page, PageRequest } from './stores.ts';

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
  /** Puts back an identity removed by a close that raced with that person joining another account. */
  restoreIdentity(identity: Identity): Promise<void>;
}

export interface CredentialStore {
  /** Moves the identity's revocation mark (condition: it is still `expectedMark`), with the events, in one transaction. */
  revokeSessions(
    identityId: string,
    input: { expectedMark: number; mark: number; events: AuditEvent[] },
  ): Promise<void>;
  /** Sets the identity's MFA flag (and, when given, its revocation mark) with the events, in one transaction. */
  setMfa(
    identityId: string,
    input: { enabled: boolean; revokeSessionsAt?: number; events: AuditEvent[] },
  ): Promise<void>;
}

export interface PasswordResetStore {
  /**
   * Counts one reset request for this email (a hash of it) in a sliding hour. False when the limit is reached:
   * the request is then dropped. Always one conditional write, whether or not the email is anyone's.
   */
  admit(emailHash: string, now: Date): Promise<boolean>;
  /** Stores the link with its events; `revoke` also moves the identity's revocation mark (forced reset). */
  issue(input: {
    reset: PasswordReset;
    events: AuditEvent[];
    revoke?: { expectedMark: number; mark: number };
  }): Promise<void>;
  /** Stores a link that leads nowhere: forgot-password for an unknown email does the same writes as for a known one. */
  issueDecoy(tokenHash: string, now: Date): Promise<void>;
  find(tokenHash: string): Promise<PasswordReset | null>;
  /**
   * Takes the link for one completion (pending, or a stale claim) and moves the identity's revocation mark, in one
   * transaction conditional on the link and the mark being as read. ResetLinkUsedError when another request won.
   */
  claim(reset: PasswordReset, input: { claimId: string; claimedUntil: string; mark: number; now: Date }): Promise<void>;
  /** Marks the claimed link used, with the events. */
  complete(reset: PasswordReset, claimId: string, events: AuditEvent[]): Promise<void>;
  /** Gives a claimed link back after the password could not be set. */
  release(reset: PasswordReset, claimId: string): Promise<void>;
}

export interface AuditStore {
  /** Events of an account, newest first; one Query per page. */
  /** `underPaths`: only events whose unit path lies in one of these subtrees (an admin's scope). */
  list(
    accountId: string,
    filter: { userId?: string; type?: string; underPaths?: string[] },
    page: PageRequest,
  ): Promise<Page<AuditEvent>>;
  /** Events that record no state change of their own (sign-ins), written on their own. */
  record(events: AuditEvent[]): Promise<void>;
}

/** Admin actions on a person's sign-in (Cognito admin API). All converge when repeated. */
export interface SignInAdmin {
  disable(email: string): Promise<void>;
  enable(email: string): Promise<void>;
  /** Revokes the person's refresh tokens everywhere. */
  signOutEverywhere(email: string): Promise<void>;
  /** Deletes the sign-in; an already missing one is fine. */
  remove(email: string): Promise<void>;
  /** Replaces the password with a random one nobody knows: the current one stops working. */
  scramblePassword(email: string): Promise<void>;
  /** Turns TOTP off for the person (lost device). */
  removeMfa(email: string): Promise<void>;
}

/** TOTP through the sign-in provider, authorized by the person's own access token. */
export interface MfaProvider {
  associateTotp(accessToken: string): Promise<{ secret: string }>;
  /** True when the code matches the person's authenticator (the pending one during enrollment). */
  verifyTotp(accessToken: string, code: string): Promise<boolean>;
  setTotpEnabled(accessToken: string, enabled: boolean): Promise<void>;
  /**
   * Completes a SOFTWARE_TOKEN_MFA sign-in challenge. InvalidMfaCodeError for a wrong code (the email is then known
   * from the session), UnauthenticatedError for a forged or expired session.
   */
  answerTotpChallenge(session: string, code: string): Promise<{ email: string; tokens: SignInTokens }>;
  /** The email a (verified) challenge session belongs to, or null when forged or expired. */
  sessionEmail(session: string): string | null;
}
