import { decodeTime, isValid, monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { encodeTime, incrementBase32, monotonicUlid } from '#adapters/ulid.ts';

describe('monotonic ULIDs', () => {
  it('are valid ULIDs whose time the ulid package decodes to the clock', () => {
    const at = Date.UTC(2026, 11, 4, 15, 30, 0, 123);
    const id = monotonicUlid(() => at)();
    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBe(at);
    expect(encodeTime(at)).toBe(monotonicFactory()(at).slice(0, 10));
  });

  it('within one millisecond, and when the clock steps back, are the previous id plus one', () => {
    const times = [1000, 1000, 999, 2000];
    const next = monotonicUlid(() => times.shift()!);
    const [a, b, c, d] = [next(), next(), next(), next()];
    expect(b.slice(0, 10)).toBe(a.slice(0, 10));
    expect(b.slice(10)).toBe(incrementBase32(a.slice(10)));
    expect(c.slice(0, 10)).toBe(a.slice(0, 10));
    expect(c.slice(10)).toBe(incrementBase32(b.slice(10)));
    expect(decodeTime(d)).toBe(2000);
    expect([d, c, b, a].sort()).toEqual([a, b, c, d]);
  });

  it('carry when incremented, and refuse to go past the largest value', () => {
    expect(incrementBase32('0Z')).toBe('10');
    expect(incrementBase32('7ZZ')).toBe('800');
    expect(incrementBase32('00')).toBe('01');
    expect(() => incrementBase32('ZZ')).toThrow();
    expect(() => encodeTime(-1)).toThrow();
  });

  it('differ in their random part from one millisecond to the next', () => {
    let t = 0;
    const next = monotonicUlid(() => ++t);
    const randoms = new Set(Array.from({ length: 200 }, () => next().slice(10)));
    expect(randoms.size).toBe(200);
    for (const r of randoms) expect(r).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });

  it('makes a first id at clock time 0 with fresh randomness, then counts up within that millisecond', () => {
    const next = monotonicUlid(() => 0);
    const first = next();
    expect(first).toMatch(/^0{10}[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(next() > first).toBe(true);
  });
});
