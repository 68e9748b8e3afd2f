/**
 * A member's email aliases: further addresses that reach them (a fax-to-mail or SMS-to-mail route, a shared inbox).
 * Each address is unique in the account among aliases, members' emails and pending invitations: it takes the same
 * claim a member's email takes, in the transaction that writes the member. Those who may manage the member manage
 * their aliases; at most MAX_EMAIL_ALIASES each.
 */
import { auditEvent } from '#domain/audit.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { normalizeEmail } from '#domain/email.ts';
import {
  AliasLimitReachedError,
  ConflictError,
  EmailTakenError,
  NotFoundError,
  ValidationError,
} from '#domain/errors.ts';
import { MAX_EMAIL_ALIASES, type User } from '#domain/user.ts';
import type { AccessDeps } from './access.ts';
import type { Deps, UserReads } from './deps.ts';
import { retryWithoutIfMatch } from './retries.ts';
import { manageableMember } from './users.ts';

type AliasDeps = Pick<Deps, 'aliases' | 'clock' | 'ids'> & { users: UserReads } & AccessDeps;

function aliasFrom(raw: string): string {
  const alias = normalizeEmail(raw);
  if (!alias) throw new ValidationError([{ path: 'email', message: 'must be a valid email address' }]);
  return alias;
}

/** PUT …/users/{u}/aliases/{email}: the member with the alias (an alias they already have: unchanged). */
export async function addEmailAlias(deps: AliasDeps, caller: MemberCaller, userId: string, raw: string): Promise<User> {
  const alias = aliasFrom(raw);
  return retryWithoutIfMatch(undefined, async (attempt) => {
    const current = await manageableMember(deps, caller, userId, { prefetched: attempt === 1 });
    if (current.status === 'closed') throw new ConflictError('A closed member has no aliases');
    const aliases = current.emailAliases ?? [];
    if (aliases.includes(alias)) return current;
    if (alias === current.email) throw new EmailTakenError(`${alias} is this member's own email`);
    if (aliases.length >= MAX_EMAIL_ALIASES)
      throw new AliasLimitReachedError(`A member has at most ${MAX_EMAIL_ALIASES} email aliases`);
    const next = changed(deps, current, [...aliases, alias].sort());
    await deps.aliases.add(next, current.version, alias, aliasEvent(deps, caller, next, 'alias.added', alias));
    return next;
  });
}

/** DELETE …/users/{u}/aliases/{email}: frees the address (404 when it is not an alias of this member). */
export async function removeEmailAlias(
  deps: AliasDeps,
  caller: MemberCaller,
  userId: string,
  raw: string,
): Promise<User> {
  const alias = aliasFrom(raw);
  return retryWithoutIfMatch(undefined, async (attempt) => {
    const current = await manageableMember(deps, caller, userId, { prefetched: attempt === 1 });
    const aliases = current.emailAliases ?? [];
    if (!aliases.includes(alias)) throw new NotFoundError(`${alias} is not an alias of this member`);
    const next = changed(
      deps,
      current,
      aliases.filter((a) => a !== alias),
    );
    await deps.aliases.remove(next, current.version, alias, aliasEvent(deps, caller, next, 'alias.removed', alias));
    return next;
  });
}

const changed = (deps: Pick<Deps, 'clock'>, current: User, emailAliases: string[]): User => ({
  ...current,
  emailAliases,
  updatedAt: deps.clock.now().toISOString(),
  version: current.version + 1,
});

const aliasEvent = (deps: Pick<Deps, 'ids'>, caller: MemberCaller, user: User, type: string, alias: string) =>
  auditEvent(deps.ids, {
    accountId: user.accountId,
    type,
    at: user.updatedAt,
    actor: actorOf(caller),
    target: { userId: user.id },
    unitPath: user.unitPath,
    details: { alias },
  });
