/**
 * Delegated access: an account manager makes member D a delegate of member U; D then administers U (and
 * only U) as an admin with manageUsers would. Never of an account manager; never oneself.
 */
import { assertAccountManager } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { ConflictError, NotFoundError } from '#domain/errors.ts';
import type { Delegation } from '#ports/delegations.ts';
import type { Page } from '#ports/paging.ts';
import type { Deps, UserReads } from './deps.ts';
import { auditEvent } from '#domain/audit.ts';
import { readableMember } from './users.ts';

type DelegationDeps = Pick<Deps, 'delegations' | 'clock' | 'ids'> & { users: UserReads };

export async function addDelegate(
  deps: DelegationDeps,
  caller: MemberCaller,
  userId: string,
  delegateUserId: string,
): Promise<{ delegation: Delegation; created: boolean }> {
  assertAccountManager(caller);
  const accountId = caller.membership.accountId;
  const [user, delegate] = await deps.users
    .getMany(
      [
        { accountId, userId },
        { accountId, userId: delegateUserId },
      ],
      { consistent: true },
    )
    .then((found) => [userId, delegateUserId].map((id) => found.find((u) => u.id === id)));
  if (!user || !delegate) throw new NotFoundError('No such user in this account');
  if (userId === delegateUserId) throw new ConflictError('A member cannot be their own delegate');
  if (user.role !== 'user')
    throw new ConflictError(
      'Only regular members take delegates: admins and account managers are managed by those above them',
    );
  if (user.status === 'closed' || delegate.status === 'closed')
    throw new ConflictError('A closed member takes part in no delegation');
  const now = deps.clock.now().toISOString();
  const event = auditEvent(deps.ids, {
    accountId,
    type: 'user.delegate_added',
    at: now,
    actor: actorOf(caller),
    target: { userId },
    unitPath: user.unitPath,
    details: { delegateUserId },
  });
  return deps.delegations.put({ accountId, userId, delegateUserId, createdAt: now }, event);
}

export async function removeDelegate(
  deps: DelegationDeps,
  caller: MemberCaller,
  userId: string,
  delegateUserId: string,
): Promise<void> {
  assertAccountManager(caller);
  const accountId = caller.membership.accountId;
  const user = await deps.users.get(accountId, userId);
  if (!user) throw new NotFoundError('No such user in this account');
  const event = auditEvent(deps.ids, {
    accountId,
    type: 'user.delegate_removed',
    at: deps.clock.now().toISOString(),
    actor: actorOf(caller),
    target: { userId },
    unitPath: user.unitPath,
    details: { delegateUserId },
  });
  if (!(await deps.delegations.remove(accountId, userId, delegateUserId, event)))
    throw new NotFoundError('That member is not a delegate of this user');
}

export async function listDelegates(
  deps: Pick<Deps, 'delegations' | 'access'> & { users: UserReads },
  caller: MemberCaller,
  userId: string,
  query: { limit?: number; cursor?: string },
): Promise<Page<Delegation>> {
  await readableMember(deps, caller, userId);
  return deps.delegations.list(caller.membership.accountId, userId, { limit: query.limit ?? 50, cursor: query.cursor });
}
