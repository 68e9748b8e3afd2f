export const roles = ['account_manager', 'user'] as const;
export type Role = (typeof roles)[number];

export const userStatuses = ['invited', 'active', 'deactivated', 'closed'] as const;
export type UserStatus = (typeof userStatuses)[number];

/** A member of one account. The same person (email) may be a User in several accounts, sharing one Identity. */
export interface User {
  id: string;
  accountId: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  backupEmail: string | null;
  role: Role;
  status: UserStatus;
  countryCode: string | null;
  language: string | null;
  /** The Cognito identity (sub), set when the person accepts their setup link. */
  identityId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,20}$/;

/** A username from an email's local part, for owners created without one. */
export function usernameFromEmail(email: string): string {
  let base = email.split('@')[0].toLowerCase().replace(/[^a-z0-9._-]/g, '');
  if (base.length < 3) base = `${base}user`.slice(0, 3).padEnd(3, '0');
  return base.slice(0, 20);
}

export type UserPatch = Partial<Pick<User, 'firstName' | 'lastName' | 'backupEmail' | 'countryCode' | 'language' | 'role'>>;

export function applyUserPatch(user: User, patch: UserPatch, at: Date): User {
  return { ...user, ...patch, updatedAt: at.toISOString(), version: user.version + 1 };
}
