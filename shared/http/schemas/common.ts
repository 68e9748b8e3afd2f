import * as v from 'valibot';
import { EMAIL_PATTERN } from '#domain/email.ts';
import {
  hasRefusedCharacter,
  NAME_MAX_LENGTH,
  REFUSED_CHARACTER_IN_LINES_MESSAGE,
  REFUSED_CHARACTER_MESSAGE,
} from '#domain/text.ts';
import { COUNTRY_CODE_PATTERN, LANGUAGE_PATTERN, roles, USERNAME_PATTERN, userTypes } from '#domain/user.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

/**
 * How the OpenAPI document describes a value whose pipe JSON Schema cannot follow (a query string turned into a
 * number): placed last before the transform, it replaces what the pipe said up to there.
 */
export const described = /* @__NO_SIDE_EFFECTS__ */ <T>(jsonSchema: Record<string, unknown>) =>
  v.metadata<T, { readonly jsonSchema: Record<string, unknown> }>({ jsonSchema });

/** The same pattern the domain applies to addresses judged one by one (`normalizeEmail`): one rule, not two. */
export const Email = schema(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(254),
    v.regex(EMAIL_PATTERN, 'must be a valid email address'),
    v.toLowerCase(),
  ),
);
/**
 * Text a tenant writes that others read in mail (names, account and unit names, an inviter's message): trimmed,
 * `min`–`max` characters, no control or bidirectional formatting character (`400 validation_failed`). `lines`: line
 * breaks (LF, CR) are kept.
 */
export const tenantText = /* @__NO_SIDE_EFFECTS__ */ (min: number, max: number, options: { lines?: boolean } = {}) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(min),
    v.maxLength(max),
    v.check(
      (s) => !hasRefusedCharacter(s, options.lines === true),
      options.lines ? REFUSED_CHARACTER_IN_LINES_MESSAGE : REFUSED_CHARACTER_MESSAGE,
    ),
  );

export const Name = schema(() => tenantText(1, NAME_MAX_LENGTH));
/** The name a member's mail goes out under. */
export const FriendlyName = schema(() => tenantText(1, 100));
/** Managers' notes about a member: several lines allowed. */
export const Notes = schema(() => tenantText(1, 2000, { lines: true }));
export const Username = schema(() =>
  v.pipe(v.string(), v.regex(USERNAME_PATTERN, 'must be 3-20 characters: lowercase letters, digits, ".", "_", "-"')),
);
export const CountryCode = schema(() =>
  v.pipe(v.string(), v.regex(COUNTRY_CODE_PATTERN, 'must be an ISO 3166-1 alpha-2 code such as "US"')),
);
export const Language = schema(() =>
  v.pipe(v.string(), v.regex(LANGUAGE_PATTERN, 'must be a language tag such as "en" or "en-US"')),
);
export const Phone = schema(() =>
  v.pipe(v.string(), v.regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number such as "+15551234567"')),
);
export const Role = schema(() => v.picklist(roles));
export const UserStatus = schema(() => v.picklist(['invited', 'active', 'deactivated', 'closed']));
export const UserType = schema(() => v.picklist(userTypes));
export const Timestamp = schema(() => v.pipe(v.string(), v.isoTimestamp()));
export const Id = schema(() => v.pipe(v.string(), v.minLength(1), v.maxLength(64)));

/** A whole number in a query string (query values arrive as strings). */
const queryInt = /* @__NO_SIDE_EFFECTS__ */ (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^[0-9]{1,6}$/, 'must be a whole number'),
    described<string>({ type: 'integer', minimum: min, maximum: max }),
    v.transform(Number),
    v.minValue(min),
    v.maxValue(max),
  );

export const PageQuery = schema(() => ({
  limit: v.optional(queryInt(1, 100)),
  cursor: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(2048))),
}));

/** `true` or `false` in a query string. */
export const QueryFlag = schema(() =>
  v.pipe(
    v.picklist(['true', 'false']),
    described<'true' | 'false'>({ type: 'boolean' }),
    v.transform((s) => s === 'true'),
  ),
);

export const Problem = schema(() =>
  v.object({
    type: v.string(),
    title: v.string(),
    status: v.number(),
    code: v.string(),
    detail: v.optional(v.string()),
    errors: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
  }),
);

export const page = /* @__NO_SIDE_EFFECTS__ */ <T extends v.GenericSchema>(item: T) =>
  v.object({ items: v.array(item), nextCursor: v.nullable(v.string()) });

/** `T`, provided it is assignable to `Target`: a parsed body that stops fitting its use case's input fails to compile. */
export type Conforms<T extends Target, Target> = T;
