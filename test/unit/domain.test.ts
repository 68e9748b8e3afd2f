import { describe, expect, it } from 'vitest';
import { InvitationExpiredError, InvitationRevokedError, InvitationUsedError } from '#domain/errors.ts';
import { revocationMark } from '#domain/identity.ts';
import { assertUsable, isPurged, type Invitation } from '#domain/invitation.ts';
import { passwordProblems } from '#domain/password-policy.ts';
import { hashToken, newLinkToken } from '#domain/tokens.ts';
import { setupMail } from '#domain/setup-mail.ts';
import { USERNAME_PATTERN, usernameFromEmail } from '#domain/user.ts';
import { mailContextFor } from '../fakes/translators.ts';

const invitation = (over: Partial<Invitation> = {}): Invitation => ({
  id: 'i1',
  accountId: 'a1',
  email: 'x@example.com',
  role: 'user',
  kind: 'setup',
  userId: 'u1',
  message: null,
  status: 'pending',
  tokenHash: 'h',
  invitedBy: { kind: 'operator' },
  createdAt: '2026-11-22T00:00:00.000Z',
  expiresAt: '2026-11-29T00:00:00.000Z',
  purgeAt: '2026-12-29T00:00:00.000Z',
  delivery: 'sent',
  resendCount: 0,
  resentAt: null,
  recentResends: [],
  placement: null,
  ...over,
});

describe('password policy', () => {
  it.each([
    ['Short1a', 'must be at least 12 characters'],
    ['alllowercase123', 'must contain an uppercase letter'],
    ['ALLUPPERCASE123', 'must contain a lowercase letter'],
    ['NoDigitsAtAllHere', 'must contain a digit'],
  ])('refuses %s', (pw, problem) => expect(passwordProblems(pw)).toContain(problem));

  it('accepts a password meeting every rule', () => expect(passwordProblems('Correct-Horse-9')).toEqual([]));
});

describe('usernames', () => {
  it('derives a valid username from an email', () => {
    for (const email of ['Jane.Doe+tag@example.com', 'a@b.co', 'very.long.local.part.beyond.twenty@x.io']) {
      expect(usernameFromEmail(email)).toMatch(USERNAME_PATTERN);
    }
    expect(usernameFromEmail('jane.doe@example.com')).toBe('jane.doe');
  });
  it('pattern refuses uppercase, spaces and short names, accepts the allowed set', () => {
    expect(USERNAME_PATTERN.test('Jane')).toBe(false);
    expect(USERNAME_PATTERN.test('ja')).toBe(false);
    expect(USERNAME_PATTERN.test('j d')).toBe(false);
    expect(USERNAME_PATTERN.test('j.d_x-9')).toBe(true);
  });
});

describe('link usability (injected time)', () => {
  const now = new Date('2026-11-23T00:00:00.000Z');
  it('a pending link with its own token is usable before expiry', () =>
    expect(() => assertUsable(invitation(), 'h', now)).not.toThrow());
  it('is expired at and after expiresAt even though the record exists', () => {
    expect(() => assertUsable(invitation(), 'h', new Date('2026-11-29T00:00:00.000Z'))).toThrow(InvitationExpiredError);
  });
  it('refuses used, revoked and replaced links with 410 codes', () => {
    expect(() => assertUsable(invitation({ status: 'accepted' }), 'h', now)).toThrow(InvitationUsedError);
    expect(() => assertUsable(invitation({ status: 'revoked' }), 'h', now)).toThrow(InvitationRevokedError);
    expect(() => assertUsable(invitation(), 'other', now)).toThrow(InvitationUsedError);
  });
  it('is purged (404) only after its retention', () => {
    expect(isPurged(invitation(), new Date('2026-12-28T23:59:59.000Z'))).toBe(false);
    expect(isPurged(invitation(), new Date('2026-12-29T00:00:00.000Z'))).toBe(true);
  });
});

describe('tokens', () => {
  it('are 256-bit URL-safe and stored only as a hash', () => {
    const { token, hash } = newLinkToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token);
    expect(newLinkToken().token).not.toBe(token);
  });
  it('a revocation refuses every token issued in the same second', () => {
    const at = new Date('2026-11-23T00:00:00.500Z');
    const iatSameSecond = Math.floor(at.getTime() / 1000);
    expect(iatSameSecond < revocationMark(at)).toBe(true);
    expect(iatSameSecond + 1 < revocationMark(at)).toBe(false);
  });
});

describe('setup mail', () => {
  it('escapes names in HTML and carries the link and expiry', () => {
    const m = setupMail(mailContextFor(), {
      to: 'x@y.z',
      firstName: '<script>',
      accountName: 'Acme & Co',
      link: 'https://a/accept-invitation?token=abc',
      expiresAt: '2026-11-29T00:00:00.000Z',
    });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('Acme &amp; Co');
    expect(m.text).toContain('https://a/accept-invitation?token=abc');
    expect(m.text).toContain('November 29, 2026');
  });
});
