import * as z from 'zod/mini';
import { USERNAME_PATTERN } from '#domain/user.ts';

export const Email = z.pipe(
  z.string().check(z.trim(), z.maxLength(254), z.email({ error: 'must be a valid email address' })),
  z.transform((s) => s.toLowerCase()),
);
export const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
export const Username = z.string().check(z.regex(USERNAME_PATTERN, 'must be 3-20 characters: lowercase letters, digits, ".", "_", "-"'));
export const CountryCode = z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "US"'));
export const Language = z.string().check(z.regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag such as "en" or "en-US"'));
export const Phone = z.string().check(z.regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number such as "+15551234567"'));
export const Role = z.enum(['account_manager', 'admin', 'user']);
export const UserStatus = z.enum(['invited', 'active', 'deactivated', 'closed']);
export const Timestamp = z.string().check(z.iso.datetime());
export const Id = z.string().check(z.minLength(1), z.maxLength(64));

export const PageQuery = {
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
};

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

export const page = <T extends z.core.$ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
