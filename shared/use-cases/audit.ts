import type { AuditEvent } from '#domain/audit.ts';
import { assertAccountManager, assertMayReadUser } from '#domain/authorization.ts';
import type { MemberCaller } from '#domain/caller.ts';
import { NotFoundError } from '#domain/errors.ts';
import type { Membership } from '#domain/identity.ts';
import type { Actor } from '#domain/invitation.ts';
import type { Page } from '#ports/stores.ts';
import type { Deps } from './deps.ts';
import { auditEvent } from './setup-link.ts';

export interface EventQuery {
  userId?: string;
  type?: string;
  limit?: number;
  cursor?: string;
}

/** The account's audit log, newest first: account managers only. */
export async function listAccountEvents(deps: Pick<Deps, 'audit'>, caller: MemberCaller, query: EventQuery): Promise<Page<AuditEvent>> {
  assertAccountManager(caller);
  return deps.audit.list(caller.membership.accountId, { userId: query.userId, type: query.type }, { limit: query.limit ?? 50, cursor: query.cursor });
}

/** The events about one member: account managers, or the member themself. Another account's member is 404. */
export async function listUserEvents(deps: Pick<Deps, 'audit' | 'users'>, caller: MemberCaller, userId: string, query: Omit<EventQuery, 'userId'>): Promise<Page<AuditEvent>> {
  if (!(await deps.users.get(caller.membership.accountId, userId))) throw new NotFoundError('No such user in this account');
  assertMayReadUser(caller, userId);
  return deps.audit.list(caller.membership.accountId, { userId, type: query.type }, { limit: query.limit ?? 50, cursor: query.cursor });
}

/**
 * Something that happened to a person rather than to one membership (password, MFA, sign-in) is recorded in every
 * account the person is a member of, as an event about their user there. `actor: 'self'` makes each event's actor
 * that same user.
 */
export function eventsPerMembership(
  deps: Pick<Deps, 'ids'>,
  memberships: Membership[],
  e: { type: string; at: string; actor: Actor | 'self'; details?: AuditEvent['details'] },
): AuditEvent[] {
  return memberships.map((m) =>
    auditEvent(deps, {
      accountId: m.accountId,
      type: e.type,
      at: e.at,
      actor: e.actor === 'self' ? { kind: 'user', userId: m.userId } : e.actor,
      target: { userId: m.userId },
      details: e.details,
    }));
}

export const notClosed = (memberships: Membership[]) => memberships.filter((m) => m.status !== 'closed');
export const activeOnly = (memberships: Membership[]) => memberships.filter((m) => m.status === 'active');
