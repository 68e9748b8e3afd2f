/**
 * The authenticator's lifecycle rules with real, locally signed tokens: a JWKS served on 127.0.0.1 stands in for
 * Cognito's, the stores are the in-memory ones.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaRequiredError, NotFoundError, UnauthenticatedError } from '#domain/errors.ts';
import { memberRoute } from '#http/authenticate.ts';
import { updateAccount } from '#use-cases/accounts.ts';
import { deactivateUser } from '#use-cases/lifecycle.ts';
import { getUser } from '#use-cases/users.ts';
import { nowSeconds, startJwks } from '../support/jwks.ts';
import { withMfa, world } from '../builders/memory.ts';

let jwks: Awaited<ReturnType<typeof startJwks>>;
let issuer: string;
const CLIENT = 'unit-client';

beforeAll(async () => {
  jwks = await startJwks();
  issuer = `${jwks.origin}/pool`;
  process.env.TOKEN_ISSUER = issuer;
  process.env.USER_POOL_CLIENT_ID = CLIENT;
});
afterAll(() => jwks.close());

const now = nowSeconds;
const token = (sub: string, claims: { iat?: number; auth_time?: number } = {}) =>
  new SignJWT({ token_use: 'access', client_id: CLIENT, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject(sub)
    .setIssuer(issuer)
    .setIssuedAt(claims.iat ?? now())
    .setExpirationTime('1h')
    .sign(jwks.privateKey);
const bearer = async (sub: string, claims?: { iat?: number; auth_time?: number }) => ({
  authorization: `Bearer ${await token(sub, claims)}`,
});

describe('member authentication and the lifecycle', () => {
  it('refuses a token whose sign-in (auth_time) predates a revocation, even when refreshed after it', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const auth = memberRoute(w.deps.identities);
    // revoked two minutes ago; a token issued (refreshed) now, from a sign-in before or after that (tokens from the
    // future are refused outright, so the times lie in the past)
    const revokedAt = now() - 120;
    w.dir.identities.set(user.identityId!, { ...w.dir.identities.get(user.identityId!)!, tokensValidAfter: revokedAt });
    await expect(
      auth.authenticate(await bearer(user.identityId!, { iat: now(), auth_time: revokedAt - 60 }), {
        accountId: w.account.id,
      }),
    ).rejects.toThrow(UnauthenticatedError);
    // positive control: a sign-in after the revocation
    await expect(
      auth.authenticate(await bearer(user.identityId!, { iat: now(), auth_time: revokedAt + 60 }), {
        accountId: w.account.id,
      }),
    ).resolves.toMatchObject({ kind: 'member' });
  });

  it('GET user: the path member rides in the authorization read and is used for that id only; without it the member is read', async () => {
    const w = await world();
    const { user: alice } = await w.member('alice@acme.test');
    const boss = w.dir.users.get(`${w.account.id}/${w.manager().membership.userId}`)!;
    const reads: string[] = [];
    const users = {
      ...w.deps.users,
      get: async (a: string, u: string) => (reads.push(`get ${u}`), w.deps.users.get(a, u)),
    };
    const deps = { ...w.deps, users };
    const headers = await bearer(boss.identityId!);
    const auth = memberRoute(w.deps.identities, { readsPathMember: true });
    const caller = await auth.authenticate(headers, { accountId: w.account.id, userId: alice.id });
    expect(caller).toMatchObject({ kind: 'member', pathMember: { userId: alice.id, user: { id: alice.id } } });
    expect((await getUser(deps, caller as never, alice.id)).user.email).toBe('alice@acme.test');
    expect(reads).toEqual([]);
    // another id than the one that rode along is read (never answered from the prefetch)
    expect((await getUser(deps, caller as never, boss.id)).user.id).toBe(boss.id);
    expect(reads).toEqual([`get ${boss.id}`]);
    // nobody's id: known to be nobody, 404 without a second read
    const none = await auth.authenticate(headers, { accountId: w.account.id, userId: 'nobody' });
    await expect(getUser(deps, none as never, 'nobody')).rejects.toThrow(NotFoundError);
    expect(reads).toHaveLength(1);
    // positive control of the plain route: no prefetch, one read
    const plain = await memberRoute(w.deps.identities).authenticate(headers, {
      accountId: w.account.id,
      userId: alice.id,
    });
    expect(plain).not.toHaveProperty('pathMember');
    expect((await getUser(deps, plain as never, alice.id)).user.id).toBe(alice.id);
    expect(reads).toEqual([`get ${boss.id}`, `get ${alice.id}`]);
  });

  it('routes without an account need an active membership the token is good for', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const auth = memberRoute(w.deps.identities);
    const headers = await bearer(user.identityId!, { iat: now() - 5 });
    await expect(auth.authenticate(headers, {})).resolves.toMatchObject({ kind: 'identity' });
    await deactivateUser(w.deps, w.manager(), user.id);
    await expect(auth.authenticate(headers, {})).rejects.toThrow(UnauthenticatedError);
    await expect(auth.authenticate(headers, { accountId: w.account.id })).rejects.toThrow(UnauthenticatedError);
  });

  it('mfaRequired: members without MFA get 403 except on enrollment routes; the policy costs no extra read', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    await updateAccount(w.deps, withMfa(w.manager()), { mfaRequired: true });
    const reads: string[] = [];
    const base = w.deps.identities;
    const identities = {
      ...base,
      getAccess: async (id: string) => (reads.push('getAccess'), base.getAccess(id)),
      getAccountAccess: async (id: string, a: string) => (reads.push('getAccountAccess'), base.getAccountAccess(id, a)),
      accountSummaries: async (ids: string[]) => (reads.push('accountSummaries'), base.accountSummaries(ids)),
      accountsRequiringMfa: async (ms: { accountId: string; userId: string }[]) => (
        reads.push('accountsRequiringMfa'), base.accountsRequiringMfa(ms)
      ),
    };
    const headers = await bearer(user.identityId!);
    const readsOf = async (run: () => Promise<unknown>) => {
      reads.length = 0;
      let error: unknown;
      await run().catch((e: unknown) => {
        error = e;
      });
      return { reads: [...reads], error };
    };
    // account route: one read carries identity, membership and the account's policy, MFA or not
    const refused = await readsOf(() => memberRoute(identities).authenticate(headers, { accountId: w.account.id }));
    expect(refused.error).toBeInstanceOf(MfaRequiredError);
    expect(refused.reads).toEqual(['getAccountAccess']);
    await expect(memberRoute(identities).authenticate(headers, {})).rejects.toThrow(MfaRequiredError);
    await expect(memberRoute(identities, { mfaEnrollment: true }).authenticate(headers, {})).resolves.toMatchObject({
      kind: 'identity',
    });

    w.dir.identities.set(user.identityId!, { ...w.dir.identities.get(user.identityId!)!, mfaEnabled: true });
    expect(await readsOf(() => memberRoute(identities).authenticate(headers, { accountId: w.account.id }))).toEqual({
      reads: ['getAccountAccess'],
      error: undefined,
    });
    await expect(memberRoute(identities).authenticate(headers, { accountId: w.account.id })).resolves.toMatchObject({
      kind: 'member',
    });
    // identity route with MFA: the identity partition only; without MFA the accounts are read once and handed on
    expect(await readsOf(() => memberRoute(identities).authenticate(headers, {}))).toEqual({
      reads: ['getAccess'],
      error: undefined,
    });
    w.dir.identities.set(user.identityId!, { ...w.dir.identities.get(user.identityId!)!, mfaEnabled: false });
    await updateAccount(w.deps, w.manager(), { mfaRequired: false });
    expect(await readsOf(() => memberRoute(identities).authenticate(headers, {}))).toEqual({
      reads: ['getAccess', 'accountSummaries'],
      error: undefined,
    });
    const caller = await memberRoute(identities).authenticate(headers, {});
    expect(caller).toMatchObject({
      kind: 'identity',
      accounts: [expect.objectContaining({ id: w.account.id, mfaRequired: false })],
    });
  });
});
