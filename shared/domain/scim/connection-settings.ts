/**
 * Changing a system user's SCIM connection (`PATCH …/users/{u}` `{scim: {…}}`): what may change it and how a partial
 * change lands on the stored one (or on the defaults, the first time).
 */
import { ForbiddenError, ValidationError } from '../errors.ts';
import { isWithin } from '../org-unit.ts';
import type { Grants, User } from '../user.ts';
import { DEFAULT_SCIM_CONNECTION, type ScimConnection } from './connection.ts';

export type ScimConnectionPatch = Partial<ScimConnection>;

/**
 * The connection's `unitId` must lie in the system user's admin scope (its grants after the change): outside it the
 * connection could not place anyone there, and creates would silently fall back elsewhere. 400 naming the field.
 */
export function assertScimUnitInScope(
  grants: Pick<Grants, 'role' | 'adminUnitIds'>,
  pathOf: (unitId: string) => string | undefined,
  unitId: string,
): void {
  const path = pathOf(unitId);
  const scope = grants.role === 'admin' ? grants.adminUnitIds.map(pathOf) : [];
  if (path === undefined || !scope.some((p) => p !== undefined && isWithin(path, p)))
    throw new ValidationError([
      {
        path: 'scim.unitId',
        message: "must be a unit within the system user's admin scope (one of its admin units' subtrees)",
      },
    ]);
}

/** The connection as it is read: the defaults filled in for a system user that never set one; none on others. */
export const scimConnectionOf = (user: Pick<User, 'type' | 'scim'>): ScimConnection | undefined =>
  user.type === 'system' ? { ...DEFAULT_SCIM_CONNECTION, ...user.scim } : undefined;

/**
 * A connection is a system user's (400 on any other type), set by account managers only (403): it opens the
 * account's members to an identity provider, whatever scope the system user holds.
 */
export function assertMaySetScimConnection(callerIsAccountManager: boolean, target: Pick<User, 'type'>): void {
  if (target.type !== 'system')
    throw new ValidationError([
      { path: 'scim', message: 'is for system users only (an identity provider connection)' },
    ]);
  if (!callerIsAccountManager) throw new ForbiddenError('Only account managers may change a SCIM connection');
}

/**
 * A key of a system user whose connection is enabled is the identity provider's credential: only account managers,
 * who set the connection, create one (403 for an admin who manages the system user). Otherwise an admin could act
 * through the connection, recorded as the identity provider. Listing and revoking stay with whoever manages the member.
 */
export function assertMayCreateKeyFor(callerIsAccountManager: boolean, target: Pick<User, 'type' | 'scim'>): void {
  if (!callerIsAccountManager && scimConnectionOf(target)?.enabled)
    throw new ForbiddenError('Only account managers may create API keys of a system user with a SCIM connection');
}

/** The stored connection with the patch applied (fields left out keep their value). */
export const patchedScimConnection = (
  user: Pick<User, 'type' | 'scim'>,
  patch: ScimConnectionPatch,
): ScimConnection => ({
  ...DEFAULT_SCIM_CONNECTION,
  ...user.scim,
  ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
});
