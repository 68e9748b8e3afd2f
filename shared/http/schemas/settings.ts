import * as z from 'zod/mini';
import { COVER_PAGE_TEXT_MAX, FAX_RETRIES_MAX, faxResolutions, isTimeZone, modules, SENDER_ID_PATTERN } from '#domain/settings.ts';
import { CountryCode, Language } from './common.ts';

const TimeZone = z.string().check(z.refine(isTimeZone, 'must be an IANA time zone name such as "Europe/Berlin" or "UTC"'));
const SenderId = z.string().check(z.regex(SENDER_ID_PATTERN, 'must be 1-11 letters, digits or spaces with a letter, or a number of 3-15 digits'));
const Retries = z.int().check(z.minimum(0), z.maximum(FAX_RETRIES_MAX));
const CoverPageText = z.string().check(z.maxLength(COVER_PAGE_TEXT_MAX));
const Module = z.enum(modules);
const Modules = z.array(Module).check(z.refine((list) => new Set(list).size === list.length, 'must not name a module twice'));
const Resolution = z.enum(faxResolutions);

const change = <T extends z.ZodMiniType>(t: T) => z.optional(z.nullable(t));

/**
 * PATCH of a level's settings: a value sets it, `null` removes that level's value (a unit's override; at the
 * account level, back to the default). Nested objects are patched field by field.
 */
export const SettingsPatchBody = z.strictObject({
  countryCode: change(CountryCode),
  language: change(Language),
  timezone: change(TimeZone),
  smsSettings: change(z.strictObject({ senderId: change(SenderId), deliveryReports: change(z.boolean()) })),
  faxSettings: change(z.strictObject({ resolution: change(Resolution), retries: change(Retries), coverPage: change(z.boolean()), coverPageText: change(CoverPageText) })),
  allowedModules: change(Modules),
  mfaRequired: change(z.boolean()),
});
export type SettingsPatchInput = z.infer<typeof SettingsPatchBody>;

const SmsValues = { senderId: z.nullable(z.string()), deliveryReports: z.boolean() };
const FaxValues = { resolution: Resolution, retries: z.number(), coverPage: z.boolean(), coverPageText: z.nullable(z.string()) };
const values = {
  countryCode: z.nullable(z.string()),
  language: z.string(),
  timezone: z.string(),
  smsSettings: z.object(SmsValues),
  faxSettings: z.object(FaxValues),
  allowedModules: z.array(Module),
  mfaRequired: z.boolean(),
};
const partial = <S extends Record<string, z.ZodMiniType>>(shape: S) => z.object(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, z.optional(v)])));

/** "account", "unit:<unitId>" or (members, later) "user". */
const Source = z.string();
const sourced = (value: z.ZodMiniType) => z.object({ value, source: Source });
const sourcedObject = (shape: Record<string, z.ZodMiniType>) =>
  z.object({ value: z.object(shape), source: Source, fields: z.object(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, sourced(v)]))) });

export const EffectiveSettings = z.object({
  countryCode: sourced(values.countryCode),
  language: sourced(values.language),
  timezone: sourced(values.timezone),
  smsSettings: sourcedObject(SmsValues),
  faxSettings: sourcedObject(FaxValues),
  allowedModules: sourced(values.allowedModules),
  mfaRequired: sourced(values.mfaRequired),
});

/** The account level is complete: what the account has not set shows the default. */
export const AccountSettings = z.object({ settings: z.object(values), effectiveSettings: EffectiveSettings });
/** A unit's own overrides only; what it inherits is in effectiveSettings. */
export const UnitSettings = z.object({
  settings: z.object({ ...partial({ countryCode: z.string(), language: z.string(), timezone: z.string(), allowedModules: z.array(Module), mfaRequired: z.boolean() }).shape, smsSettings: z.optional(partial(SmsValues)), faxSettings: z.optional(partial(FaxValues)) }),
  effectiveSettings: EffectiveSettings,
});

export { toSettingsDto } from '../organization-dto.ts';
