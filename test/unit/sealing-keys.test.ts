import { afterEach, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '#adapters/dynamodb/cursor.ts';
import { sealedRefreshGrants } from '#adapters/refresh-grant.ts';
import { sealer } from '#adapters/sealed.ts';
import { deriveSealingKey, sealingKey, useSealingSecret } from '#adapters/sealing-keys.ts';
import { sealingSecretLoader } from '#adapters/sealing-secret.ts';
import { sealChallenge, openChallenge } from '#adapters/cognito/challenge-session.ts';
import { ValidationError } from '#domain/errors.ts';

const LOCAL = process.env.CURSOR_SECRET;
afterEach(() => {
  if (LOCAL === undefined) delete process.env.CURSOR_SECRET;
  else process.env.CURSOR_SECRET = LOCAL;
});

describe('sealing keys', () => {
  it('are not there until loaded when no local setting exists (deployed functions hold no key in their environment)', () => {
    delete process.env.CURSOR_SECRET;
    expect(() => sealingKey('cursor')).toThrow(/not loaded/);
    useSealingSecret('loaded-from-secrets-manager');
    expect(sealingKey('cursor')).toEqual(deriveSealingKey('loaded-from-secrets-manager', 'cursor'));
  });

  it('one key per purpose, derived from one secret: none equals another or the secret', () => {
    useSealingSecret('one-secret');
    const keys = (['cursor', 'refresh-grant', 'mfa-session'] as const).map((p) => sealingKey(p).toString('hex'));
    expect(new Set(keys).size).toBe(3);
    expect(keys).not.toContain(Buffer.from('one-secret').toString('hex'));
    expect(sealingKey('cursor')).toHaveLength(32);
  });

  it('a value sealed for one purpose does not open for another, even under the same label (positive control: its own)', () => {
    useSealingSecret('one-secret');
    const data = { r: 'token', i: 'identity', t: 1 };
    const asCursor = sealer('switchboard/shared-label', 'cursor').seal(data);
    expect(sealer('switchboard/shared-label', 'refresh-grant').open(asCursor)).toBeNull();
    expect(sealer('switchboard/shared-label', 'mfa-session').open(asCursor)).toBeNull();
    expect(sealer('switchboard/shared-label', 'cursor').open(asCursor)).toEqual(data);
  });

  it('a cursor does not open as a refresh grant, nor a refresh grant or MFA session as a cursor (positive controls)', () => {
    useSealingSecret('one-secret');
    const cursor = encodeCursor({ r: 'token', i: 'identity', t: 1 }, 'GSI1|USERS|')!;
    expect(sealedRefreshGrants.open(cursor)).toBeNull();
    expect(decodeCursor(cursor, 'GSI1|USERS|')).toEqual({ r: 'token', i: 'identity', t: 1 });

    const grant = sealedRefreshGrants.seal({ refreshToken: 'token', identityId: 'identity', signedInAt: 1 });
    expect(() => decodeCursor(grant, 'GSI1|USERS|')).toThrow(ValidationError);
    expect(sealedRefreshGrants.open(grant)).toEqual({ refreshToken: 'token', identityId: 'identity', signedInAt: 1 });

    const session = sealChallenge('a@b.test', 'cognito-session');
    expect(sealedRefreshGrants.open(session)).toBeNull();
    expect(() => decodeCursor(session, 'GSI1|USERS|')).toThrow(ValidationError);
    expect(openChallenge(session)).toEqual({ email: 'a@b.test', cognitoSession: 'cognito-session' });
  });

  it('a rotated secret voids what was sealed before (positive control: what is sealed after opens)', () => {
    useSealingSecret('before-rotation');
    const grant = sealedRefreshGrants.seal({ refreshToken: 't', identityId: 'i', signedInAt: 1 });
    useSealingSecret('after-rotation');
    expect(sealedRefreshGrants.open(grant)).toBeNull();
    const fresh = sealedRefreshGrants.seal({ refreshToken: 't', identityId: 'i', signedInAt: 1 });
    expect(sealedRefreshGrants.open(fresh)).not.toBeNull();
  });
});

describe('the sealing secret loader', () => {
  it('fetches once per container however many requests (concurrent ones share the fetch), again after five minutes', async () => {
    let fetched = 0;
    let now = 1_000_000;
    const load = sealingSecretLoader(
      async () => {
        fetched++;
        return `secret-${fetched}`;
      },
      5 * 60_000,
      () => now,
    );
    await Promise.all([load(), load(), load()]);
    for (let i = 0; i < 10; i++) await load();
    expect(fetched).toBe(1);
    expect(sealingKey('cursor')).toEqual(deriveSealingKey('secret-1', 'cursor'));
    now += 5 * 60_000 - 1;
    await load();
    expect(fetched).toBe(1);
    now += 1;
    await load();
    expect(fetched).toBe(2);
    expect(sealingKey('cursor')).toEqual(deriveSealingKey('secret-2', 'cursor'));
  });

  it('a failed or empty fetch is not cached: the next request tries again', async () => {
    let calls = 0;
    const load = sealingSecretLoader(async () => {
      calls++;
      if (calls === 1) throw new Error('throttled');
      return calls === 2 ? '' : 'the-secret';
    });
    await expect(load()).rejects.toThrow('throttled');
    await expect(load()).rejects.toThrow(/empty/);
    await load();
    await load();
    expect(calls).toBe(3);
    expect(sealingKey('refresh-grant')).toEqual(deriveSealingKey('the-secret', 'refresh-grant'));
  });
});
