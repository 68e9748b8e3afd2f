import type { Account } from './account.ts';
import type { Identity, Membership } from './identity.ts';
import type { Grants, User } from './user.ts';

export interface AccountSummary {
  id: string;
  name: string;
  mfaRequired: boolean;
}
import type { Actor } from './invitation.ts';

/** Who is calling, as established by the authentication middleware from stored state (never from token claims alone). */
export type Caller = OperatorCaller | IdentityCaller | MemberCaller | AnonymousCaller;

export interface AnonymousCaller {
  kind: 'anonymous';
}
export interface OperatorCaller {
  kind: 'operator';
}
/** A signed-in person, on a route that is not about one account (`/v1/me`). */
export interface IdentityCaller {
  kind: 'identity';
  identity: Identity;
  memberships: Membership[];
  /** Names and MFA policy of the accounts of those memberships, when the authenticator already read them. */
  accounts?: AccountSummary[];
  /**
   * When the person signed in (epoch seconds): the token's `auth_time`, which a refresh keeps, else its `iat`.
   * Absent when the caller was built elsewhere: then no sign-in counts as recent.
   */
  signedInAt?: number;
}
/**
 * What authorization decides from: a person's membership record, or, for a system user calling with an API key, the
 * same facts read from its User record (it has no identity, so no membership record and no revocation mark: its
 * status is read on every request, and its keys are revoked one by one).
 */
export type MemberAccess = Pick<Membership, 'accountId' | 'userId' | 'status' | keyof Grants> &
  Partial<Pick<Membership, 'identityId' | 'tokensValidAfter'>>;

/** An active member of the account named in the path: a signed-in person, or a system user with an API key. */
export interface MemberCaller {
  kind: 'member';
  /** The signed-in person; null for a system user calling with an API key (`apiKeyId`), which has no sign-in or MFA. */
  identity: Identity | null;
  /** The API key a system user called with; absent for a person. */
  apiKeyId?: string;
  membership: MemberAccess;
  /** The account of the path, as the authorization read found it (consistently); absent when built elsewhere. */
  account?: Account;
  /** The path's member, read with the authorization (consistently) on routes that ask for it; null: no such member. */
  pathMember?: { userId: string; user: User | null };
  /** A system user calling through its SCIM connection (`/scim/v2/…`): its audit events say `source: "scim"`. */
  via?: 'scim';
}

export const actorOf = (caller: Caller): Actor =>
  caller.kind === 'member'
    ? { kind: 'user', userId: caller.membership.userId, ...(caller.via ? { source: caller.via } : {}) }
    : caller.kind === 'operator'
      ? { kind: 'operator' }
      : { kind: 'system' };

/** How mail names the member who acted: a person by their sign-in email; a system user has none. */
export const callerContact = (caller: MemberCaller): string => caller.identity?.email ?? 'an API integration';
