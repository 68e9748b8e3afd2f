import type { Module, SettingOverrides } from './settings.ts';
import type { ScimConnection, ScimProfile } from './scim/connection.ts';
import { ValidationError, type FieldProblem } from './errors.ts';

export const roles = ['account_manager', 'admin', 'user'] as const;
export type Role = (typeof roles)[number];

export const userStatuses = ['invited', 'active', 'deactivated', 'closed'] as const;
export type UserStatus = (typeof userStatuses)[number];

/**
 * What a member is. Only a `person` has an email identity, a password, MFA and setup links; the other types are
 * directory destinations (an API integration, a conference bridge, an auto attendant, a call queue) created active,
 * with no sign-in. Set at creation, never changed; records from before types read as `person`.
 */
export const userTypes = ['person', 'system', 'conference_bridge', 'auto_attendant', 'call_queue'] as const;
export type UserType = (typeof userTypes)[number];

export const capabilityNames = ['manageUsers', 'manageE911', 'manageInternationalDialing'] as const;
export type CapabilityName = (typeof capabilityNames)[number];
/** Each granted separately. `manageUsers` lets an admin manage the members of their scope. */
export type Capabilities = Record<CapabilityName, boolean>;
export const NO_CAPABILITIES: Capabilities = {
  manageUsers: false,
  manageE911: false,
  manageInternationalDialing: false,
};

/**
 * What a member may do besides their role: the subtrees an admin administers, capabilities and portal modules.
 * Also on the membership record, which the authorizer reads on every request.
 */
export interface Grants {
  role: Role;
  /** Admins only: the units whose subtrees they administer. */
  adminUnitIds: string[];
  capabilities: Capabilities;
  modules: Module[];
}

/** A member of one account. The same person (email) may be a User in several accounts, sharing one Identity. */
export interface User extends Grants {
  id: string;
  accountId: string;
  type: UserType;
  username: string;
  /**
   * A person's sign-in email (unique in the account). For the other types an optional contact address that is no
   * sign-in and claims nothing: '' when none was given.
   */
  email: string;
  firstName: string;
  lastName: string;
  backupEmail: string | null;
  status: UserStatus;
  countryCode: string | null;
  language: string | null;
  /** The unit the member sits in (every member sits in exactly one; the root by default). */
  unitId: string;
  /**
   * A copy of that unit's path, kept for the subtree listing index (a move rewrites it). Authorization never trusts
   * it: scope checks read the unit itself.
   */
  unitPath: string;
  /** The member's own settings layer (the most specific one). */
  settings: SettingOverrides;
  /** The Cognito identity (sub), set when the person accepts their setup link. */
  identityId: string | null;
  /** The name mail from this member shows as its sender (and in its text); absent: first and last name. */
  friendlyName?: string | null;
  /** Managers' notes about the member: shown only to account managers and to the admins of the member. */
  notes?: string | null;
  /** Further addresses that reach this member (lower case), each unique in the account among aliases and members' emails. */
  emailAliases?: string[];
  /**
   * A closed member whose attachments (services, numbers, devices, group memberships, API keys) are not all detached
   * yet: closing them again, or the scheduled cleanup, finishes the job.
   */
  detachPending?: boolean;
  /** A system user's SCIM connection (shared/domain/scim/connection.ts); absent on other members and when never set. */
  scim?: ScimConnection;
  /** What SCIM stores about a person beyond the member's fields; absent when SCIM never wrote the member. */
  scimProfile?: ScimProfile;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,20}$/;
/** ISO 3166-1 alpha-2, upper case ("US"). */
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;
/** A language tag: a language, optionally with its region ("en", "en-US"). */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Z]{2})?$/;
/** System users (API integrations) are named with letters and digits only. */
export const SYSTEM_USERNAME_PATTERN = /^[a-z0-9]{3,20}$/;

export const isPerson = (u: { type?: UserType }): boolean => (u.type ?? 'person') === 'person';

/** A username from an email's local part, for owners created without one. */
export function usernameFromEmail(email: string): string {
  let base = email
    .split('@')[0]
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '');
  if (base.length < 3) base = `${base}user`.slice(0, 3).padEnd(3, '0');
  return base.slice(0, 20);
}

/** Profile fields anyone who manages the member may change. */
export type ProfilePatch = Partial<
  Pick<User, 'firstName' | 'lastName' | 'backupEmail' | 'countryCode' | 'language' | 'friendlyName' | 'notes'>
>;

/** At most this many email aliases per member. */
export const MAX_EMAIL_ALIASES = 20;

/** The name a member's mail goes out under: their friendly name, else first and last name. */
export const senderName = (u: Pick<User, 'firstName' | 'lastName' | 'friendlyName'>): string =>
  u.friendlyName || `${u.firstName} ${u.lastName}`.trim();
export type UserPatch = ProfilePatch &
  Partial<Pick<User, 'role' | 'unitId' | 'adminUnitIds' | 'modules'>> & { capabilities?: Partial<Capabilities> };

/** Where a member sits and what they hold, for the places that create members. */
export interface Placement extends Grants {
  unitId: string;
  unitPath: string;
}

export const grantsOf = (g: Grants): Grants => ({
  role: g.role,
  adminUnitIds: [...g.adminUnitIds],
  capabilities: { ...g.capabilities },
  modules: [...g.modules],
});

/**
 * What a member of this type may hold: any role for a person; `user` for the other types, except that a `system`
 * user (an integration) may be an admin with a scope and capabilities, to provision within one unit. Capabilities
 * and a scope come only with that admin role. 400 otherwise, naming the field.
 */
export function assertGrantsFitType(type: UserType, grants: Grants): void {
  if (type === 'person') return;
  const problems: FieldProblem[] = [];
  const adminAllowed = type === 'system';
  if (grants.role !== 'user' && !(adminAllowed && grants.role === 'admin'))
    problems.push({
      path: 'role',
      message: adminAllowed ? 'a system user is a user or an admin' : `a ${type} member has the role user only`,
    });
  if (grants.role === 'user' && capabilityNames.some((c) => grants.capabilities[c]))
    problems.push({ path: 'capabilities', message: `a ${type} member with the role user holds no capabilities` });
  if (problems.length)
    throw new ValidationError(problems, 'grants_not_allowed_for_type', 'Grants not allowed for this type');
}
