/**
 * The voicemail PIN of a voice service and the mailed link that sets it. The PIN is kept as a secret is: a salted
 * scrypt hash on the service item, never returned, never logged. The link follows the setup links' rules: a 256-bit
 * token of which only the SHA-256 is stored, single use, the invitation lifetime, its record kept 30 days after
 * expiry so that a used or expired link answers 410 (then 404, like any unknown token).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { addSeconds } from './clock.ts';
import { VoicemailPinLinkExpiredError, VoicemailPinLinkUsedError, WeakPinError } from './errors.ts';
import { INVITATION_RETENTION_SECONDS } from './invitation.ts';
import type { Service } from './service.ts';
import { newLinkToken } from './tokens.ts';

export const PIN_PATTERN = /^[0-9]{4,8}$/;

/** Refuses the PINs anyone tries first: one digit repeated, a straight run up or down (1234, 9876, 7890). */
export function assertStrongPin(pin: string): void {
  const digits = [...pin].map(Number);
  if (digits.every((d) => d === digits[0])) throw new WeakPinError('must not be one digit repeated');
  const steps = digits.slice(1).map((d, i) => (d - digits[i] + 10) % 10);
  if (steps.every((s) => s === 1) || steps.every((s) => s === 9))
    throw new WeakPinError('must not be a straight run of digits such as 1234 or 9876');
}

/** scrypt (N = 2^14, r = 8, p = 1: ~16 MB, tens of ms) with a 16-byte salt; the parameters travel with the hash. */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** For the voice platform (and the tests): whether `pin` is the one hashed. */
export function pinMatches(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(expected, actual);
}

export interface VoicemailPinLink {
  tokenHash: string;
  accountId: string;
  userId: string;
  status: 'pending' | 'used';
  createdAt: string;
  expiresAt: string;
  purgeAt: string;
}

export function newVoicemailPinLink(
  service: Pick<Service, 'accountId' | 'userId'>,
  now: Date,
  ttlSeconds: number,
): { link: VoicemailPinLink; token: string } {
  const { token, hash } = newLinkToken();
  const expiresAt = addSeconds(now, ttlSeconds);
  return {
    token,
    link: {
      tokenHash: hash,
      accountId: service.accountId,
      userId: service.userId,
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      purgeAt: addSeconds(expiresAt, INVITATION_RETENTION_SECONDS).toISOString(),
    },
  };
}

/**
 * A link that may set the PIN now: pending, not expired, and still the voice service's current link (a newer link,
 * or the service closed or re-opened since, retires it: 410 used).
 */
export function assertPinLinkUsable(link: VoicemailPinLink, service: Service | null, now: Date): Service {
  if (link.status === 'used') throw new VoicemailPinLinkUsedError();
  if (now.getTime() >= Date.parse(link.expiresAt)) throw new VoicemailPinLinkExpiredError();
  if (service?.status !== 'active' || service.pinLinkHash !== link.tokenHash)
    throw new VoicemailPinLinkUsedError('A newer link replaced this one, or the voice service was closed');
  return service;
}

export const voicemailPinLink = (appUrl: string, token: string) =>
  `${appUrl.replace(/\/+$/, '')}/voicemail-pin?token=${token}`;
