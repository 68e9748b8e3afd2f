/** People (identities) across accounts: their memberships, sessions, MFA flag and password resets. */
import type { Account } from '#domain/account.ts';
import type { ApiKey } from '#domain/api-key.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { AccountSummary } from '#domain/caller.ts';
import type { Identity, IdentityAccess, Membership } from '#domain/identity.ts';
import type { PasswordReset } from '#domain/password-reset.ts';
import type { User } from '#domain/user.ts';

export interface IdentityStore {
  /** The identity and all its memberships, read consistently: the per-request authorization read. */
  getAccess(identityId: string): Promise<IdentityAccess>;
  findByEmail(email: string): Promise<Identity | null>;
  /** getAccess for the identity an email is: one GetItem and one Query, whether or not the email is anyone's. */
  getAccessByEmail(email: string): Promise<IdentityAccess>;
  /** Which of these accounts require MFA of these members, as #domain/mfa-policy.ts decides (asked only without MFA). */
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
   * The authorization read of an account route called with an API key, in the same ONE round trip as a token's: the
   * key record (the key text names its user and id), that user (its status, type and grants stand in for a
   * membership record) and the account, BatchGetItem, consistent; `member` as in getAccountAccess.
   */
  getApiKeyAccess(
    accountId: string,
    ref: { userId: string; keyId: string },
    options?: { member?: string },
  ): Promise<{ key: ApiKey | null; user: User | null; account: Account | null; member?: User | null }>;
  /** Records a key's use (ApiKeyStore.touch): a conditional write, at most once a minute per key. */
  touchApiKey(key: ApiKey, at: Date, staleBefore: Date): Promise<void>;
  /**
   * The MFA rule below the account for one member (mfaRuleBelowAccount: their own override, else the nearest unit's
   * on their path, else undefined and the account's flag decides). Read only when the account has overrides
   * (mayOverrideBelow) and the identity has no MFA.
   */
  memberMfaOverride?(accountId: string, userId: string): Promise<boolean | undefined>;
}

/**
 * What authenticating on an account route reads of the identity store (shared/http/authenticate.ts): such a route's
 * wiring needs only these, so a function that does nothing else with identities bundles none of the rest.
 */
export type AccountAuthentication = Pick<
  IdentityStore,
  'getAccountAccess' | 'getApiKeyAccess' | 'touchApiKey' | 'memberMfaOverride'
>;

/** The same for every member route, those without an account in the path (`/v1/me…`, the pages' sessions) too. */
export type IdentityAuthentication = AccountAuthentication & Pick<IdentityStore, 'getAccess' | 'accountSummaries'>;

/** The identity's TOTP code attempts (#domain/code-attempts.ts): one conditional write each way. */
export interface CodeAttemptStore {
  /**
   * Takes a place for a code about to be checked; RateLimitedError (retry after the window's end) when the window
   * holds MFA_CODE_ATTEMPTS already. Returns the window's start, for `release`.
   */
  reserve(identityId: string, now: Date): Promise<{ windowStart: number }>;
  /** A right code gives its place back, in the window it was taken in (a later window is left alone). */
  release(identityId: string, windowStart: number): Promise<void>;
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
