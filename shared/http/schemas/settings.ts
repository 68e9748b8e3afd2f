import * as z from 'zod/mini';
import { COVER_PAGE_TEXT_MAX, FAX_RETRIES_MAX, isTimeZone, SENDER_ID_PATTERN } from '#domain/settings.ts';
import { CountryCode, Language } from './common.ts';
import { Module, Resolution } from './settings-values.ts';

export { AccountSettings, EffectiveSettings, UnitSettings } from './settings-values.ts';

const TimeZone = z.string().check(z.refine(isTimeZone, 'must be an IANA time zone name such as "Europe/Berlin" or "UTC"'));
const SenderId = z.string().check(z.regex(SENDER_ID_PATTERN, 'must be 1-11 letters, digits or spaces with a letter, or a number of 3-15 digits'));
const Retries = z.int().check(z.minimum(0), z.maximum(FAX_RETRIES_MAX));
const CoverPageText = z.string().check(z.maxLength(COVER_PAGE_TEXT_MAX));
const Modules = z.array(Module).check(z.refine((list) => new Set(list).size === list.length, 'must not name a module twice'));

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

export { toSettingsDto } from '../organization-dto.ts';
