import type { AuditEvent } from '#domain/audit.ts';
import { assertMayBrowse, isAccountManager, scopePaths, scopeRoots } from '#domain/authorization.ts';
import type { MemberCaller } from '#domain/caller.ts';
import type { Membership } from '#domain/identity.ts';
import type { Page } from '#ports/paging.ts';
import type { Deps, UserReads } from './deps.ts';
import { readFacts } from './access.ts';
import { readableMember } from './users.ts';

export interface EventQuery {
  userId?: string;
  type?: string;
  limit?: number;
  cursor?: string;
}

/**
 * The account's audit log, newest first: account managers all of it; an admin the events of their scope (events
 * record the unit path of what they are about when they happen; account-level events have none).
 */
export async function listAccountEvents(
  deps: Pick<Deps, 'audit' | 'access'>,
  caller: MemberCaller,
  query: EventQuery,
): Promise<Page<AuditEvent>> {
  assertMayBrowse(caller);
  const page = { limit: query.limit ?? 50, cursor: query.cursor };
  if (isAccountManager(caller))
    return deps.audit.list(caller.membership.accountId, { userId: query.userId, type: query.type }, page);
  const roots = scopeRoots(scopePaths(caller, await readFacts(deps, caller, {})));
  if (roots.length === 0) return { items: [], nextCursor: null };
  return deps.audit.list(
    caller.membership.accountId,
    { userId: query.userId, type: query.type, underPaths: roots },
    page,
  );
}

/** The events about one member: whoever may read the member (account managers, admins of their unit, their delegates, themself). */
export async function listUserEvents(
  deps: Pick<Deps, 'audit' | 'access'> & { users: UserReads },
  caller: MemberCaller,
  userId: string,
  query: Omit<EventQuery, 'userId'>,
): Promise<Page<AuditEvent>> {
  await readableMember(deps, caller, userId);
  return deps.audit.list(
    caller.membership.accountId,
    { userId, type: query.type },
    { limit: query.limit ?? 50, cursor: query.cursor },
  );
}

export const notClosed = (memberships: Membership[]) => memberships.filter((m) => m.status !== 'closed');
export const activeOnly = (memberships: Membership[]) => memberships.filter((m) => m.status === 'active');
