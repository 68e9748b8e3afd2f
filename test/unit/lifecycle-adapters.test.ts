import { createHmac } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openChallenge, sealChallenge } from '#adapters/cognito/challenge-session.ts';
import { tolerateEmulatorGap } from '#adapters/cognito/emulator-gaps.ts';
import { ResetLinkExpiredError, ResetLinkUsedError } from '#domain/errors.ts';
import { assertResetUsable, type PasswordReset } from '#domain/password-reset.ts';
import { logger } from '#observability/logger.ts';

beforeAll(() => {
  process.env.CURSOR_SECRET = 'unit-test-secret';
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('MFA challenge session', () => {
  const at = Date.parse('2026-11-22T08:00:00Z');

  it('carries the email with the Cognito session, and refuses a tampered, foreign or expired one', () => {
    const sealed = sealChallenge('alice@acme.test', 'cognito-session', at);
    expect(openChallenge(sealed, at)).toEqual({ email: 'alice@acme.test', cognitoSession: 'cognito-session' });
    const [payload, signature] = sealed.split('.');
    const swapped = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), e: 'bob@acme.test' }),
    ).toString('base64url');
    expect(openChallenge(`${swapped}.${signature}`, at)).toBeNull();
    expect(openChallenge(`${payload}.${signature.slice(1)}`, at)).toBeNull();
    expect(openChallenge(`${payload}`, at)).toBeNull();
    expect(openChallenge(`${payload}.${signature}.x`, at)).toBeNull();
    // five minutes
    expect(openChallenge(sealed, at + 299_000)).not.toBeNull();
    expect(openChallenge(sealed, at + 300_000)).toBeNull();
  });

  it('is signed under a label of its own: a cursor-style signature over the same payload does not open it', () => {
    const payload = Buffer.from(JSON.stringify({ e: 'a@b.test', s: 's', x: at / 1000 + 60 })).toString('base64url');
    const cursorStyle = createHmac('sha256', 'unit-test-secret').update(`x\n${payload}`).digest().toString('base64url');
    expect(openChallenge(`${payload}.${cursorStyle}`, at)).toBeNull();
  });
});

describe('emulator gaps', () => {
  it('an Unsupported answer is noted once per operation and treated as done; other errors propagate', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const unsupported = () => Promise.reject(Object.assign(new Error('Unsupported'), { name: 'Unsupported' }));
    await tolerateEmulatorGap('UnitGapOperation', unsupported);
    await tolerateEmulatorGap('UnitGapOperation', unsupported);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][1]).toEqual({ operation: 'UnitGapOperation' });
    await expect(
      tolerateEmulatorGap('UnitGapOperation', () =>
        Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' })),
      ),
    ).rejects.toThrow('denied');
    let ran = false;
    await tolerateEmulatorGap('UnitGapOperation', async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});

describe('reset link rules', () => {
  const reset: PasswordReset = {
    tokenHash: 'h',
    identityId: 'i',
    email: 'a@b.test',
    status: 'pending',
    requestedBy: { kind: 'anonymous' },
    sessionsValidAfter: 100,
    createdAt: '2026-11-22T08:00:00.000Z',
    expiresAt: '2026-11-22T09:00:00.000Z',
    purgeAt: '2026-11-23T09:00:00.000Z',
    claimId: null,
    claimedUntil: null,
  };
  const before = new Date('2026-11-22T08:59:59.000Z');
  const mark = (tokensValidAfter: number) => ({ tokensValidAfter });

  it('usable while pending, unexpired and the identity’s mark unchanged', () => {
    expect(() => assertResetUsable(reset, mark(100), before)).not.toThrow();
    expect(() => assertResetUsable(reset, mark(100), new Date('2026-11-22T09:00:00.000Z'))).toThrow(
      ResetLinkExpiredError,
    );
    expect(() => assertResetUsable(reset, mark(101), before)).toThrow(ResetLinkUsedError);
    expect(() => assertResetUsable(reset, null, before)).toThrow(ResetLinkUsedError);
    expect(() => assertResetUsable({ ...reset, status: 'used' }, mark(100), before)).toThrow(ResetLinkUsedError);
    expect(() =>
      assertResetUsable({ ...reset, status: 'claimed', claimedUntil: '2026-11-22T09:00:00.000Z' }, mark(100), before),
    ).toThrow(ResetLinkUsedError);
    // an abandoned claim may be taken over
    expect(() =>
      assertResetUsable({ ...reset, status: 'claimed', claimedUntil: '2026-11-22T08:30:00.000Z' }, mark(100), before),
    ).not.toThrow();
  });

  it('with a revocation count kept, a change in the same second (same mark, count moved) retires it', () => {
    const counted = { ...reset, revocationCount: 3 };
    expect(() => assertResetUsable(counted, { tokensValidAfter: 100, revocationCount: 3 }, before)).not.toThrow();
    expect(() => assertResetUsable(counted, { tokensValidAfter: 100, revocationCount: 4 }, before)).toThrow(
      ResetLinkUsedError,
    );
    // a link stored before counts were kept (null from the store) follows the mark alone
    const legacy = { ...reset, revocationCount: null as unknown as undefined };
    expect(() => assertResetUsable(legacy, { tokensValidAfter: 100, revocationCount: 9 }, before)).not.toThrow();
  });
});
