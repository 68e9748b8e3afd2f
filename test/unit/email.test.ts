import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '#domain/email.ts';
import { Email } from '#http/schemas/common.ts';

const samples = [
  'Alice@Example.COM',
  '  bob@example.com  ',
  'first.last+tag@sub.example.co.uk',
  "o'brien@example.ie",
  'x_y-z@example-domain.io',
  'not-an-email',
  'a@b',
  'a@b.c',
  '@example.com',
  'a@@example.com',
  'a b@example.com',
  'a.@example.com',
  '.a@example.com',
  'a@-example.com',
  'a@example..com',
  `${'a'.repeat(250)}@example.com`,
  'ünï@example.com',
  '',
];

describe('email normalization', () => {
  it.each(samples)('the domain rule and the request schema agree on %j', (raw) => {
    const parsed = v.safeParse(Email, raw);
    expect(normalizeEmail(raw)).toBe(parsed.success ? parsed.output : null);
  });

  it('trims and lowercases valid addresses; refuses invalid ones', () => {
    expect(normalizeEmail('  Alice@Example.COM ')).toBe('alice@example.com');
    expect(normalizeEmail('nope')).toBeNull();
  });
});
