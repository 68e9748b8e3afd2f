import { phoneNumbering } from '#adapters/phone-numbering.ts';
import * as v from 'valibot';
import { MAX_CONTACT_EMAILS, MAX_CONTACT_GROUPS, MAX_CONTACT_NUMBERS } from '#domain/contact.ts';
import { Email, Id, PageQuery, Timestamp, described, tenantText } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

/**
 * An international number (`+` and the country code; spaces, dots, dashes and brackets allowed) as E.164, or null:
 * the numbers' own rules (libphonenumber-js, whose metadata the function ships as a data file, not in its bundle).
 */
export const toE164 = (text: string): string | null => phoneNumbering.toE164(text);

/** Validated and normalised with libphonenumber-js: `+1 (202) 555-0143` is stored as `+12025550143`. */
const E164 = schema(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(32),
    v.check((s) => toE164(s) !== null, 'must be a valid international phone number such as "+12025550143"'),
    described<string>({ type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164 (normalised)' }),
    v.transform((s) => toE164(s) as string),
  ),
);

const ContactName = schema(() => tenantText(1, 100));
const Company = schema(() => v.nullable(tenantText(1, 100)));
const Numbers = schema(() =>
  v.pipe(
    v.array(v.strictObject({ e164: E164, label: tenantText(1, 40) })),
    v.maxLength(MAX_CONTACT_NUMBERS, `at most ${MAX_CONTACT_NUMBERS} numbers`),
  ),
);
const Emails = schema(() =>
  v.pipe(v.array(Email), v.maxLength(MAX_CONTACT_EMAILS, `at most ${MAX_CONTACT_EMAILS} addresses`)),
);
const GroupIds = schema(() =>
  v.pipe(v.array(Id), v.maxLength(MAX_CONTACT_GROUPS, `shared with at most ${MAX_CONTACT_GROUPS} groups`)),
);

export const CreateContactBody = schema(() =>
  v.strictObject({
    name: ContactName,
    company: v.optional(Company),
    numbers: v.optional(Numbers),
    emails: v.optional(Emails),
    groupIds: v.optional(GroupIds),
  }),
);
/** Lists replace what is there; `groupIds: []` shares the contact with everyone. */
export const UpdateContactBody = schema(() =>
  v.strictObject({
    name: v.optional(ContactName),
    company: v.optional(Company),
    numbers: v.optional(Numbers),
    emails: v.optional(Emails),
    groupIds: v.optional(GroupIds),
  }),
);
export const ListContactsQuery = schema(() =>
  v.strictObject({ ...PageQuery, q: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))) }),
);

export const Contact = schema(() =>
  v.object({
    id: Id,
    accountId: Id,
    name: v.string(),
    company: v.nullable(v.string()),
    numbers: v.array(v.object({ e164: v.string(), label: v.string() })),
    emails: v.array(v.string()),
    /** Empty: visible to every member of the account. */
    groupIds: v.array(Id),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: v.number(),
  }),
);
