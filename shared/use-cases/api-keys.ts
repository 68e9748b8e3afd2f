/**
 * API keys of system users: whoever may manage the member manages their keys (but only account managers create the
 * keys of a system user with a SCIM connection). A key's secret is returned once, at
 * creation; only its hash is stored. At most MAX_LIVE_API_KEYS live keys per member: a create purges the expired
 * ones and sets the member's count on condition of the value read, in one transaction, so the limit is exact under
 * concurrent creates and revokes.
 */
import { isExpired, MAX_LIVE_API_KEYS, newApiKeySecret, type ApiKey } from '#domain/api-key.ts';
import { auditEvent } from '#domain/audit.ts';
import { isAccountManager } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import {
  ApiKeyLimitReachedError,
  ConflictError,
  NotASystemUserError,
  NotFoundError,
  ValidationError,
} from '#domain/errors.ts';
import { assertMayCreateKeyFor } from '#domain/scim/connection-settings.ts';
import type { User } from '#domain/user.ts';
import { ApiKeyCountChangedError, type ApiKeyStore } from '#ports/api-keys.ts';
import type { Deps, UserReads } from './deps.ts';
import { manageableMember } from './users.ts';
import { retrying } from './retries.ts';

export type ApiKeyDeps = Pick<Deps, 'access' | 'clock' | 'ids'> & { users: UserReads } & { apiKeys: ApiKeyStore };

/** How often a create reads again after a concurrent change of the member's keys. */
const ATTEMPTS = 8;

/** A system user the caller may manage, not closed (404, 403, then 409 not_a_system_user). */
async function systemUser(deps: ApiKeyDeps, caller: MemberCaller, userId: string): Promise<User> {
  const user = await manageableMember(deps, caller, userId);
  if (user.type !== 'system') throw new NotASystemUserError();
  return user;
}

const keyEvent = (deps: ApiKeyDeps, caller: MemberCaller, user: User, type: string, key: ApiKey, at: string) =>
  auditEvent(deps.ids, {
    accountId: user.accountId,
    type,
    at,
    actor: actorOf(caller),
    target: { userId: user.id },
    unitPath: user.unitPath,
    details: { keyId: key.id, name: key.name, prefix: key.prefix },
  });

export async function createApiKey(
  deps: ApiKeyDeps,
  caller: MemberCaller,
  userId: string,
  input: { name: string; expiresAt?: string | null },
): Promise<ApiKey & { key: string }> {
  const user = await systemUser(deps, caller, userId);
  assertMayCreateKeyFor(isAccountManager(caller), user);
  if (user.status === 'closed') throw new ConflictError('A closed member holds no API keys');
  const now = deps.clock.now();
  if (input.expiresAt && Date.parse(input.expiresAt) <= now.getTime())
    throw new ValidationError([{ path: 'expiresAt', message: 'must be in the future' }]);
  // the count of keys is written on condition of the value read: a concurrent create or revoke reads again
  return retrying(
    (error) => error instanceof ApiKeyCountChangedError,
    'The API keys of this member keep changing: try again',
    async () => {
      const { keys, count } = await deps.apiKeys.list(user.accountId, user.id);
      const expired = keys.filter((k) => isExpired(k, now));
      if (keys.length - expired.length >= MAX_LIVE_API_KEYS)
        throw new ApiKeyLimitReachedError(`A system user holds at most ${MAX_LIVE_API_KEYS} live API keys`);
      const id = deps.ids.next();
      const { key: text, prefix, secretHash } = newApiKeySecret(user.id, id);
      const at = now.toISOString();
      const key: ApiKey = {
        id,
        accountId: user.accountId,
        userId: user.id,
        name: input.name,
        prefix,
        secretHash,
        createdAt: at,
        expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
        lastUsedAt: null,
      };
      await deps.apiKeys.create({
        key,
        count,
        purge: expired,
        event: keyEvent(deps, caller, user, 'api_key.created', key, at),
      });
      return { ...key, key: text };
    },
    ATTEMPTS,
  );
}

/** The member's keys, newest first, without secrets (expired ones too, marked by their `expiresAt`). */
export async function listApiKeys(deps: ApiKeyDeps, caller: MemberCaller, userId: string): Promise<ApiKey[]> {
  const user = await systemUser(deps, caller, userId);
  const { keys } = await deps.apiKeys.list(user.accountId, user.id);
  return keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** One of a system user's keys (never its secret): what `Location` of a new key names. */
export async function getApiKey(
  deps: ApiKeyDeps,
  caller: MemberCaller,
  userId: string,
  keyId: string,
): Promise<ApiKey> {
  const key = (await listApiKeys(deps, caller, userId)).find((k) => k.id === keyId);
  if (!key) throw new NotFoundError('No such API key');
  return key;
}

/** Deletes the key: the next request with it is refused (the authorizer reads the record on every request). */
export async function revokeApiKey(deps: ApiKeyDeps, caller: MemberCaller, userId: string, keyId: string) {
  const user = await systemUser(deps, caller, userId);
  const { keys } = await deps.apiKeys.list(user.accountId, user.id);
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new NotFoundError('No such API key');
  await deps.apiKeys.revoke(key, keyEvent(deps, caller, user, 'api_key.revoked', key, deps.clock.now().toISOString()));
}
