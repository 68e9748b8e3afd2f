/**
 * A person member as a SCIM User (RFC 7643 §4.1 with the Enterprise User extension) and back. What is stored: the
 * member's own fields (userName ↔ username, or the provider's userName kept in the SCIM profile; names; the one
 * email; active ↔ status) and the SCIM profile (externalId, title, phone numbers, the enterprise attributes).
 * `displayName` and `name.formatted` are derived. Reading a document ignores what is not stored (password, roles,
 * entitlements, groups, unknown attributes); a value of the wrong shape is 400 invalidValue.
 */
import { normalizeEmail } from '../email.ts';
import { ConflictError } from '../errors.ts';
import { hasRefusedCharacter, NAME_MAX_LENGTH } from '../text.ts';
import { USERNAME_PATTERN, type User } from '../user.ts';
import { scimPhoneTypes, type ScimPhoneType, type ScimProfile } from './connection.ts';
import { ScimError } from './errors.ts';
import type { ScimDocument } from './patch.ts';
import { SCIM_ENTERPRISE_USER, SCIM_USER } from './schemas.ts';

/** The SCIM userName a member answers to: the provider's, casing kept, else their username. */
export const scimUserName = (user: Pick<User, 'username' | 'scimProfile'>): string =>
  user.scimProfile?.userName ?? user.username;

/** `active`: invited and active members are active; deactivated ones are not. */
export const isScimActive = (user: Pick<User, 'status'>): boolean => user.status !== 'deactivated';

const enterpriseKeys = ['employeeNumber', 'department', 'costCenter', 'organization', 'division'] as const;

/** The member as a SCIM User document (the `meta.location` under `baseUrl`, the SCIM base of the account). */
export function toScimUser(user: User, baseUrl: string): ScimDocument {
  const p = user.scimProfile ?? {};
  const enterprise: Record<string, unknown> = {};
  for (const k of enterpriseKeys) if (p[k] !== undefined) enterprise[k] = p[k];
  if (p.manager !== undefined) enterprise.manager = { value: p.manager };
  const hasEnterprise = Object.keys(enterprise).length > 0;
  const formatted = `${user.firstName} ${user.lastName}`.trim();
  return {
    schemas: hasEnterprise ? [SCIM_USER, SCIM_ENTERPRISE_USER] : [SCIM_USER],
    id: user.id,
    ...(p.externalId !== undefined ? { externalId: p.externalId } : {}),
    userName: scimUserName(user),
    name: { givenName: user.firstName, familyName: user.lastName, formatted },
    displayName: formatted || scimUserName(user),
    ...(p.title !== undefined ? { title: p.title } : {}),
    emails: [{ value: user.email, type: 'work', primary: true }],
    ...(p.phoneNumbers?.length ? { phoneNumbers: p.phoneNumbers.map((n) => ({ value: n.value, type: n.type })) } : {}),
    active: isScimActive(user),
    ...(hasEnterprise ? { [SCIM_ENTERPRISE_USER]: enterprise } : {}),
    meta: {
      resourceType: 'User',
      created: user.createdAt,
      lastModified: user.updatedAt,
      location: `${baseUrl}/Users/${user.id}`,
      version: `W/"${user.version}"`,
    },
  };
}

/** What a SCIM User document says about a member, validated. `active` absent: the status stays as it is. */
export interface ScimUserInput {
  userName: string;
  email: string;
  firstName: string;
  lastName: string;
  active?: boolean;
  /** The SCIM profile to store (userName and externalId included). */
  profile: ScimProfile;
}

/** At most this many characters in a SCIM userName, externalId or other stored string. */
export const SCIM_TEXT_MAX_LENGTH = 256;
/** At most this many UTF-8 bytes in a value that becomes part of a key (userName, externalId, email). */
export const SCIM_KEY_MAX_BYTES = 512;
/** At most this many phone numbers are kept. */
export const MAX_PHONE_NUMBERS = 10;

const invalid = (detail: string) => new ScimError(400, 'invalidValue', detail);

const utf8 = new TextEncoder();
/** A value that becomes part of a key: bounded in bytes too (DynamoDB bounds keys in bytes, not characters). */
function keyPart<T extends string | undefined>(value: T, path: string): T {
  if (value !== undefined && utf8.encode(value).length > SCIM_KEY_MAX_BYTES)
    throw invalid(`${path} must be at most ${SCIM_KEY_MAX_BYTES} bytes (UTF-8)`);
  return value;
}

/** A key of a JSON object, found case-insensitively (SCIM attribute names are case-insensitive). */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored string: absent or null → undefined; otherwise trimmed, 1–256 characters, no control characters. */
function text(value: unknown, path: string, max = SCIM_TEXT_MAX_LENGTH): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${path} must be a string`);
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (trimmed.length > max) throw invalid(`${path} must be at most ${max} characters`);
  if (hasRefusedCharacter(trimmed)) throw invalid(`${path} must not contain control or bidirectional characters`);
  return trimmed;
}

/** A boolean as the providers send it: true/false, or "true"/"false" in any case (Entra sends "False"). */
export function scimBoolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalid(`${path} must be true or false`);
}

/** The email that is the member's sign-in: the primary one, else the first `work`, else the first. Required. */
function pickEmail(value: unknown): string {
  if (value === undefined || value === null) throw invalid('emails: a person needs an email to sign in with');
  if (!Array.isArray(value)) throw invalid('emails must be a list');
  const entries = value.map((e, i) => {
    if (!isObject(e)) throw invalid(`emails[${i}] must be an object`);
    const primary = field(e, 'primary');
    return {
      value: field(e, 'value'),
      type: field(e, 'type'),
      primary: primary === undefined || primary === null ? false : scimBoolean(primary, `emails[${i}].primary`),
    };
  });
  const chosen =
    entries.find((e) => e.primary) ??
    entries.find((e) => typeof e.type === 'string' && e.type.toLowerCase() === 'work') ??
    entries[0];
  if (!chosen) throw invalid('emails: a person needs an email to sign in with');
  const email = typeof chosen.value === 'string' ? normalizeEmail(chosen.value) : null;
  if (!email) throw invalid('emails: the value is not a valid email address');
  return keyPart(email, 'emails.value');
}

/** The phone numbers of the stored types (work, mobile, fax; no type means work); other types are not kept. */
function phones(value: unknown): ScimProfile['phoneNumbers'] {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid('phoneNumbers must be a list');
  const out: { value: string; type: ScimPhoneType }[] = [];
  value.forEach((e, i) => {
    if (!isObject(e)) throw invalid(`phoneNumbers[${i}] must be an object`);
    const number = text(field(e, 'value'), `phoneNumbers[${i}].value`, 64);
    const rawType = field(e, 'type');
    const type = rawType === undefined || rawType === null ? 'work' : String(rawType).toLowerCase();
    if (number && (scimPhoneTypes as readonly string[]).includes(type))
      out.push({ value: number, type: type as ScimPhoneType });
  });
  if (out.length > MAX_PHONE_NUMBERS) throw invalid(`phoneNumbers: at most ${MAX_PHONE_NUMBERS}`);
  return out.length ? out : undefined;
}

/** A member's first or last name: empty when not given, else the names' rules. */
function name(value: unknown, path: string): string {
  return text(value, path, NAME_MAX_LENGTH) ?? '';
}

/** The enterprise extension's object, under its URN key (any case). */
function enterpriseOf(doc: ScimDocument): Record<string, unknown> {
  const ext = field(doc, SCIM_ENTERPRISE_USER);
  if (ext === undefined || ext === null) return {};
  if (!isObject(ext)) throw invalid(`${SCIM_ENTERPRISE_USER} must be an object`);
  return ext;
}

/** `manager`: `{value}` (RFC 7643 §4.3), or the id alone as some providers send it in a PATCH. */
function managerOf(value: unknown): string | undefined {
  if (isObject(value)) return text(field(value, 'value'), 'manager.value');
  return text(value, 'manager');
}

/** A SCIM User document (a POST or PUT body, or a document a PATCH produced) → what is stored. */
export function fromScimUser(doc: unknown): ScimUserInput {
  if (!isObject(doc)) throw new ScimError(400, 'invalidSyntax', 'The body must be a SCIM User object');
  const userName = keyPart(text(field(doc, 'userName'), 'userName'), 'userName');
  if (!userName) throw invalid('userName is required');
  const names = field(doc, 'name');
  if (names !== undefined && names !== null && !isObject(names)) throw invalid('name must be an object');
  const n = (names ?? {}) as Record<string, unknown>;
  const activeValue = field(doc, 'active');
  const ext = enterpriseOf(doc);
  const profile: ScimProfile = { userName };
  const set = <K extends keyof ScimProfile>(key: K, value: ScimProfile[K] | undefined) => {
    if (value !== undefined) profile[key] = value;
  };
  set('externalId', keyPart(text(field(doc, 'externalId'), 'externalId'), 'externalId'));
  set('title', text(field(doc, 'title'), 'title'));
  set('phoneNumbers', phones(field(doc, 'phoneNumbers')));
  for (const k of enterpriseKeys) set(k, text(field(ext, k), k));
  set('manager', managerOf(field(ext, 'manager')));
  return {
    userName,
    email: pickEmail(field(doc, 'emails')),
    firstName: name(field(n, 'givenName'), 'name.givenName'),
    lastName: name(field(n, 'familyName'), 'name.familyName'),
    ...(activeValue === undefined || activeValue === null ? {} : { active: scimBoolean(activeValue, 'active') }),
    profile,
  };
}

/**
 * A username (handle) for a new member from a SCIM userName: its lower case when that is a valid username, then the
 * normalised local part (characters a username may not hold dropped, 3–20), then that with `-2`, `-3`… (the store
 * tries them in order until one is free).
 */
export function handleCandidates(userName: string, count = 12): string[] {
  const lower = userName.toLowerCase();
  const out: string[] = USERNAME_PATTERN.test(lower) ? [lower] : [];
  let base = lower
    .split('@')[0]
    .replace(/[^a-z0-9._-]/g, '')
    .slice(0, 20);
  if (base.length < 3) base = `${base}user`.slice(0, Math.max(3, base.length)).padEnd(3, '0');
  if (!out.includes(base)) out.push(base);
  for (let i = 2; out.length < count; i++) {
    const suffix = `-${i}`;
    out.push(`${base.slice(0, 20 - suffix.length)}${suffix}`);
  }
  return out.filter((c) => USERNAME_PATTERN.test(c));
}

/**
 * The handle a new member was to get is held by another member whose SCIM userName differs (their username claim is
 * `scimNamed`): the next candidate is tried. Never leaves the use case.
 */
export class ScimHandleTakenError extends ConflictError {}

/** The claim keys of a SCIM userName: case-insensitive, so the lower case. */
export const scimNameKey = (userName: string): string => userName.toLowerCase();
