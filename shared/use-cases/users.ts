import { assertAccountManager, assertMayGrantRole, assertMayReadUser } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { ConflictError, NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import { applyUserPatch, type User, type UserPatch, type UserStatus } from '#domain/user.ts';
import { activeManagersDelta } from '#domain/lifecycle.ts';
import type { CreateUserInput } from '#http/schemas/users.ts';
import type { Page } from '#ports/stores.ts';
import { getAccount } from './accounts.ts';
import type { Deps } from './deps.ts';
import { auditEvent, newSetupLink, sendSetupMail } from './setup-link.ts';

export async function createUser(deps: Pick<Deps, 'accounts' | 'users' | 'mailer' | 'clock' | 'ids' | 'settings'> & { invitations: Pick<Deps['invitations'], 'setDelivery'> }, caller: MemberCaller, input: CreateUserInput): Promise<User> {
  assertAccountManager(caller);
  const role = input.role ?? 'user';
  assertMayGrantRole(caller, role);
  const at = deps.clock.now();
  const now = at.toISOString();
  const user: User = {
    id: deps.ids.next(), accountId: caller.membership.accountId, username: input.username, email: input.email,
    firstName: input.firstName, lastName: input.lastName, backupEmail: input.backupEmail ?? null, role, status: 'invited',
    countryCode: input.countryCode ?? null, language: input.language ?? null, identityId: null, createdAt: now, updatedAt: now, version: 1,
  };
  const actor = actorOf(caller);
  const { invitation, token } = newSetupLink(deps, user, actor, at);
  const event = auditEvent(deps, { accountId: user.accountId, type: 'user.created', at: now, actor, target: { userId: user.id }, details: { username: user.username, email: user.email, role } });
  await deps.users.create({ user, invitation, event });
  await sendSetupMail(deps, await getAccount(deps, caller), user, invitation, token);
  return user;
}

export async function listUsers(deps: Pick<Deps, 'users'>, caller: MemberCaller, query: { status?: UserStatus; limit?: number; cursor?: string }): Promise<Page<User>> {
  assertAccountManager(caller);
  return deps.users.list(caller.membership.accountId, { status: query.status }, { limit: query.limit ?? 50, cursor: query.cursor });
}

/** An id that is not a member of the caller's account is 404 for everyone; another member's record is 403 for a regular user. */
export async function getUser(deps: Pick<Deps, 'users'>, caller: MemberCaller, userId: string): Promise<User> {
  const user = await deps.users.get(caller.membership.accountId, userId);
  if (!user) throw new NotFoundError('No such user in this account');
  assertMayReadUser(caller, userId);
  return user;
}

export async function updateUser(deps: Pick<Deps, 'users' | 'clock' | 'ids'>, caller: MemberCaller, userId: string, patch: UserPatch, ifMatch?: number): Promise<User> {
  assertAccountManager(caller);
  if (patch.role !== undefined) assertMayGrantRole(caller, patch.role);
  const current = await getUser(deps, caller, userId);
  if (ifMatch !== undefined && ifMatch !== current.version) throw new PreconditionFailedError();
  if (current.status === 'closed') throw new ConflictError('A closed member cannot be edited');
  const at = deps.clock.now();
  const next = applyUserPatch(current, patch, at);
  const actor = actorOf(caller);
  const changed = (Object.keys(patch) as (keyof UserPatch)[]).filter((k) => patch[k] !== current[k]);
  const events = [auditEvent(deps, { accountId: current.accountId, type: 'user.updated', at: next.updatedAt, actor, target: { userId }, details: { changed } })];
  if (patch.role !== undefined && patch.role !== current.role) {
    events.push(auditEvent(deps, { accountId: current.accountId, type: 'user.role_changed', at: next.updatedAt, actor, target: { userId }, details: { from: current.role, to: patch.role } }));
  }
  // demoting the last active account manager is refused (409 last_account_manager), atomically with the write
  await deps.users.update(next, current.version, events, { activeManagersDelta: activeManagersDelta(current, next) });
  return next;
}
