import type { MemberCaller } from './caller.ts';
import { ForbiddenError } from './errors.ts';
import type { Role } from './user.ts';

/** Account-wide management (users, account settings) is the account manager's. Scoped admins arrive with the org tree. */
export function assertAccountManager(caller: MemberCaller): void {
  if (caller.membership.role !== 'account_manager') throw new ForbiddenError('Only account managers may do this');
}

/** A member reads their own record; account managers read everyone's. */
export function assertMayReadUser(caller: MemberCaller, userId: string): void {
  if (caller.membership.role === 'account_manager' || caller.membership.userId === userId) return;
  throw new ForbiddenError('Members may read only their own record');
}

/** Nobody grants a role above their own. */
export function assertMayGrantRole(caller: MemberCaller, role: Role): void {
  if (role === 'account_manager' && caller.membership.role !== 'account_manager') throw new ForbiddenError('Only account managers may grant that role');
}
