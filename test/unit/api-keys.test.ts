/**
 * API keys of system users over the in-memory ports, with an injected clock: the key's shape and hash, the limit of
 * live keys (expired ones do not count, the count stays exact under a concurrent change), revocation, and
 * authentication with a key (the same authorization as a token's, refused at once when revoked, expired or the user
 * is not active).
 */
import { describe, expect, it } from 'vitest';
import { MAX_LIVE_API_KEYS, parseApiKey, secretMatches } from '#domain/api-key.ts';
import { assertMayRequireMfa } from '#domain/authorization.ts';
import type { MemberCaller } from '#domain/caller.ts';
import {
  ApiKeyLimitReachedError,
  ForbiddenError,
  MfaEnrollmentRequiredError,
  NotASystemUserError,
  NotFoundError,
  UnauthenticatedError,
} from '#domain/errors.ts';
import { memberRoute } from '#http/authenticate.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '#use-cases/api-keys.ts';
import { deactivateUser, reactivateUser } from '#use-cases/lifecycle.ts';
import { createUser, listUsers } from '#use-cases/users.ts';
import { orgWorld } from '../builders/memory.ts';

async function world() {
  const w = await orgWorld();
  const deps = { ...w.deps, units: w.memory.store, apiKeys: w.dir.apiKeys.store };
  const [emea] = await w.chain(w.rootId, ['EMEA']);
  const [apac] = await w.chain(w.rootId, ['APAC']);
  const bot = await createUser(deps, w.manager(), {
    type: 'system',
    username: 'faxbot',
    firstName: 'Fax',
    lastName: 'Bot',
    role: 'admin',
    unitId: emea.id,
    adminUnitIds: [emea.id],
    capabilities: { manageUsers: true },
  });
  const auth = memberRoute(w.dir.identityStore, { now: () => w.clock.now() });
  const authenticate = (key: string, accountId: string | null = w.account.id) =>
    auth.authenticate(
      { authorization: `Bearer ${key}` },
      accountId === null ? {} : { accountId },
    ) as Promise<MemberCaller>;
  const stored = () => [...w.dir.apiKeys.keys.values()].filter((k) => k.userId === bot.id);
  const count = () => w.dir.apiKeys.counts.get(`${w.account.id}/${bot.id}`) ?? 0;
  return { ...w, deps, emea, apac, bot, authenticate, stored, count };
}

describe('creating API keys', () => {
  it('shows the key once: sbk_, 256 bits of secret, stored only as a hash; the event is recorded', async () => {
    const w = await world();
    const made = await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'fax relay' });
    expect(made.key).toMatch(/^sbk_/);
    const parsed = parseApiKey(made.key)!;
    expect(parsed).toMatchObject({ userId: w.bot.id, keyId: made.id });
    expect(parsed.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(made.key.startsWith(made.prefix)).toBe(true);
    const [record] = w.stored();
    expect(JSON.stringify(record)).not.toContain(parsed.secret);
    expect(secretMatches(parsed.secret, record.secretHash)).toBe(true);
    expect(
      secretMatches(
        parsed.secret.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        record.secretHash,
      ),
    ).toBe(false);
    expect(w.eventTypes().at(-1)).toBe('api_key.created');
    expect((await listApiKeys(w.deps, w.manager(), w.bot.id))[0]).not.toHaveProperty('key');
  });

  it('only system users hold keys; only those who may manage the member manage them', async () => {
    const w = await world();
    const person = await w.member('pat@acme.test');
    await expect(createApiKey(w.deps, w.manager(), person.user.id, { name: 'x' })).rejects.toThrow(NotASystemUserError);
    const plain = await w.member('plain@acme.test');
    await expect(createApiKey(w.deps, plain.caller(), w.bot.id, { name: 'x' })).rejects.toThrow(ForbiddenError);
    const apacAdmin = await w.adminIn('apac@acme.test', w.apac.id);
    await expect(createApiKey(w.deps, apacAdmin.caller(), w.bot.id, { name: 'x' })).rejects.toThrow(ForbiddenError);
    // positive control: an account manager may
    expect(await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'x' })).toMatchObject({ name: 'x' });
  });

  it('at most 10 live keys: the 11th is refused; expired keys do not count and the count stays exact', async () => {
    const w = await world();
    const soon = new Date(w.clock.now().getTime() + 60_000).toISOString();
    for (let i = 0; i < MAX_LIVE_API_KEYS - 1; i++)
      await createApiKey(w.deps, w.manager(), w.bot.id, { name: `k${i}` });
    await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'short-lived', expiresAt: soon });
    await expect(createApiKey(w.deps, w.manager(), w.bot.id, { name: 'eleventh' })).rejects.toThrow(
      ApiKeyLimitReachedError,
    );
    expect([w.stored().length, w.count()]).toEqual([10, 10]);
    w.clock.advance(61);
    // the expired key makes room, and the create purges it: the count is the stored keys, still exact
    await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'replacement' });
    expect([w.stored().length, w.count()]).toEqual([10, 10]);
    expect(w.stored().some((k) => k.name === 'short-lived')).toBe(false);
  });

  it('a concurrent change of the keys between the read and the write is read again, the count exact', async () => {
    const w = await world();
    await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'a' });
    const other = w.stored()[0];
    // a revoke that lands between the create's read and its write
    w.dir.apiKeys.beforeNextCreate = () => {
      w.dir.apiKeys.keys.delete(`${w.account.id}/${w.bot.id}/${other.id}`);
      w.dir.apiKeys.counts.set(`${w.account.id}/${w.bot.id}`, w.count() - 1);
    };
    await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'b' });
    expect(w.stored().map((k) => k.name)).toEqual(['b']);
    expect(w.count()).toBe(1);
  });

  it('revoking deletes the key (404 for an unknown one) and records the event', async () => {
    const w = await world();
    const made = await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'gone' });
    await revokeApiKey(w.deps, w.manager(), w.bot.id, made.id);
    expect(w.eventTypes().at(-1)).toBe('api_key.revoked');
    expect([w.stored().length, w.count()]).toEqual([0, 0]);
    await expect(revokeApiKey(w.deps, w.manager(), w.bot.id, made.id)).rejects.toThrow(NotFoundError);
  });
});

describe('authenticating with an API key', () => {
  it('is the system user, with its role and scope, and no identity (so it cannot require MFA)', async () => {
    const w = await world();
    const { key, id } = await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'k' });
    const caller = await w.authenticate(key);
    expect(caller).toMatchObject({
      kind: 'member',
      identity: null,
      apiKeyId: id,
      membership: { userId: w.bot.id, role: 'admin', adminUnitIds: [w.emea.id], status: 'active' },
    });
    // scoped like a token's caller: its unit's members only
    const page = await listUsers(w.deps, caller, {});
    expect(page.items.map((u) => u.username)).toEqual(['faxbot']);
    expect(() => assertMayRequireMfa(caller, undefined, true)).toThrow(MfaEnrollmentRequiredError);
  });

  it('refuses a wrong secret, an expired, revoked or foreign key, and /v1/me; a deactivated user until reactivated', async () => {
    const w = await world();
    const { key, id } = await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'k' });
    const refused = (p: Promise<unknown>) => expect(p).rejects.toThrow(UnauthenticatedError);
    await refused(w.authenticate(key.replace(/.$/, (c) => (c === '0' ? '1' : '0'))));
    await refused(w.authenticate(key, null));
    const other = await w.secondAccount('Other', 'other@other.test');
    await refused(w.authenticate(key, other.account.id));
    await refused(w.authenticate('sbk_not-a-key'));

    await deactivateUser(w.deps, w.manager(), w.bot.id);
    await refused(w.authenticate(key));
    await reactivateUser(w.deps, w.manager(), w.bot.id);
    expect(await w.authenticate(key)).toMatchObject({ apiKeyId: id });

    const expiring = await createApiKey(w.deps, w.manager(), w.bot.id, {
      name: 'e',
      expiresAt: new Date(w.clock.now().getTime() + 1000).toISOString(),
    });
    expect(await w.authenticate(expiring.key)).toMatchObject({ apiKeyId: expiring.id });
    w.clock.advance(1);
    await refused(w.authenticate(expiring.key));

    await revokeApiKey(w.deps, w.manager(), w.bot.id, id);
    await refused(w.authenticate(key));
  });

  it('records the last use at most once a minute per key', async () => {
    const w = await world();
    const { key } = await createApiKey(w.deps, w.manager(), w.bot.id, { name: 'k' });
    await w.authenticate(key);
    await w.authenticate(key);
    await Promise.resolve();
    expect(w.dir.apiKeys.touches).toBe(1);
    const first = w.stored()[0].lastUsedAt;
    expect(first).toBe(w.clock.now().toISOString());
    w.clock.advance(61);
    await w.authenticate(key);
    await Promise.resolve();
    expect(w.dir.apiKeys.touches).toBe(2);
    expect((await listApiKeys(w.deps, w.manager(), w.bot.id))[0].lastUsedAt).toBe(w.clock.now().toISOString());
  });
});

describe('keys are never logged', () => {
  it('the logger cuts any key text out of a line; other text stays (positive control)', async () => {
    const { logger } = await import('#observability/logger.ts');
    const { captureLogLines } = await import('../support/log-lines.ts');
    const { lines, restore } = captureLogLines();
    logger.setLevel('info');
    try {
      const key = `sbk_01ABC_01DEF_${'a'.repeat(64)}`;
      logger.info('request', { path: `/v1/x?k=${key}`, note: 'kept' });
    } finally {
      restore();
      logger.setLevel(process.env.LOG_LEVEL || 'info');
    }
    expect(lines.join()).not.toContain('a'.repeat(64));
    expect(lines.join()).toContain('sbk_[redacted]');
    expect(lines.join()).toContain('kept');
  });
});
