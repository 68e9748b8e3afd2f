import type { Membership } from './identity.ts';
import type { User } from './user.ts';

/** Audit event types of member lifecycle, credentials and MFA (others: account.*, user.created/updated/role_changed, invitation.*). */
export const lifecycleEvents = {
  deactivated: 'user.deactivated',
  reactivated: 'user.reactivated',
  closed: 'user.closed',
  resetRequested: 'password.reset_requested',
  resetCompleted: 'password.reset_completed',
  passwordSetByAdmin: 'password.set_by_admin',
  /** The person replaced a temporary password (set by a manager) with their own. */
  passwordChanged: 'password.changed',
  mfaEnabled: 'mfa.enabled',
  mfaDisabled: 'mfa.disabled',
  mfaReset: 'mfa.reset',
  signInSucceeded: 'sign_in.succeeded',
  signInFailed: 'sign_in.failed',
} as const;

const isActiveManager = (u: Pick<User, 'status' | 'role'>) => u.status === 'active' && u.role === 'account_manager';

/**
 * How a change moves the account's count of active account managers (-1, 0 or +1). A -1 is only written
 * together with the condition that another active manager remains: that is the last-manager guard.
 */
export const activeManagersDelta = (
  before: Pick<User, 'status' | 'role'>,
  after: Pick<User, 'status' | 'role'>,
): number => Number(isActiveManager(after)) - Number(isActiveManager(before));

/** The identity's memberships in other accounts that still count: not closed (and, with `activeOnly`, active). */
export const otherMemberships = (memberships: Membership[], accountId: string, activeOnly = false): Membership[] =>
  memberships.filter((m) => m.accountId !== accountId && (activeOnly ? m.status === 'active' : m.status !== 'closed'));

/** A member's state change: a new version of the user, stamped now. */
export const withStatus = (user: User, status: User['status'], at: Date): User => ({
  ...user,
  status,
  updatedAt: at.toISOString(),
  version: user.version + 1,
});

/**
 * Where reactivating takes a deactivated member: a person who never set up their sign-in goes back to invited (their
 * setup link); everyone else (a person with a sign-in, the other types, which have none) to active.
 */
export const reactivatedStatus = (user: Pick<User, 'identityId' | 'type'>): 'active' | 'invited' =>
  (user.type ?? 'person') === 'person' && !user.identityId ? 'invited' : 'active';
