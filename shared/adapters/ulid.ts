/**
 * Monotonic ULIDs (https://github.com/ulid/spec), as the `ulid` package's `monotonicFactory` makes them: 10
 * characters of millisecond time and 16 random ones in Crockford's base 32; within one millisecond (or when the clock
 * steps back) the previous id's random part plus one, so ids from one container sort in the order they were made.
 * Written out here because the package's module keeps its error table and PRNG detection in every bundle (~2.4 KB).
 */
import { randomBytes } from 'node:crypto';

const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_MAX = 2 ** 48 - 1;

export function encodeTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > TIME_MAX) throw new Error(`Cannot encode ${ms} as a ULID time`);
  let out = '';
  for (let i = 0, t = ms; i < 10; i++, t = Math.floor(t / 32)) out = ENCODING[t % 32] + out;
  return out;
}

/** 16 random characters: each byte's low 5 bits (256 is a multiple of 32, so every character is equally likely). */
const randomPart = () => Array.from(randomBytes(16), (b) => ENCODING[b & 31]).join('');

/** The base-32 string plus one; all Z (2^80 ids in one millisecond) cannot happen in use. */
export function incrementBase32(s: string): string {
  for (let i = s.length - 1; i >= 0; i--) {
    const at = ENCODING.indexOf(s[i]);
    if (at < 0) throw new Error('Not a base-32 string');
    if (at < 31) return s.slice(0, i) + ENCODING[at + 1] + '0'.repeat(s.length - 1 - i);
  }
  throw new Error('Cannot increment the largest base-32 string');
}

/** A generator of monotonic ULIDs; `now` is the clock (milliseconds). */
export function monotonicUlid(now: () => number = Date.now): () => string {
  // below any clock reading, so the first id (even at time 0) draws fresh randomness
  let lastTime = -1;
  let lastRandom = '';
  return () => {
    const time = now();
    if (time <= lastTime) {
      lastRandom = incrementBase32(lastRandom);
      return encodeTime(lastTime) + lastRandom;
    }
    lastTime = time;
    lastRandom = randomPart();
    return encodeTime(time) + lastRandom;
  };
}
