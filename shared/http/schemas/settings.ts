import * as v from 'valibot';
import { COVER_PAGE_TEXT_MAX, FAX_RETRIES_MAX, isTimeZone, SENDER_ID_PATTERN } from '#domain/settings.ts';
import { CountryCode, Language } from './common.ts';
import { distinct } from './grants.ts';
import { Module, Resolution } from './settings-values.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export { AccountSettings, EffectiveSettings, UnitSettings } from './settings-values.ts';

const TimeZone = schema(() =>
  v.pipe(v.string(), v.check(isTimeZone, 'must be an IANA time zone name such as "Europe/Berlin" or "UTC"')),
);
const SenderId = schema(() =>
  v.pipe(
    v.string(),
    v.regex(SENDER_ID_PATTERN, 'must be 1-11 letters, digits or spaces with a letter, or a number of 3-15 digits'),
  ),
);
const Retries = schema(() => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(FAX_RETRIES_MAX)));
const CoverPageText = schema(() => v.pipe(v.string(), v.maxLength(COVER_PAGE_TEXT_MAX)));
const Modules = schema(() => v.pipe(v.array(Module), distinct('module')));

const change = /* @__NO_SIDE_EFFECTS__ */ <T extends v.GenericSchema>(t: T) => v.optional(v.nullable(t));

/**
 * PATCH of a level's settings: a value sets it, `null` removes that level's value (a unit's override; at the
 * account level, back to the default). Nested objects are patched field by field.
 */
export const SettingsPatchBody = schema(() =>
  v.strictObject({
    countryCode: change(CountryCode),
    language: change(Language),
    timezone: change(TimeZone),
    smsSettings: change(v.strictObject({ senderId: change(SenderId), deliveryReports: change(v.boolean()) })),
    faxSettings: change(
      v.strictObject({
        resolution: change(Resolution),
        retries: change(Retries),
        coverPage: change(v.boolean()),
        coverPageText: change(CoverPageText),
      }),
    ),
    allowedModules: change(Modules),
    mfaRequired: change(v.boolean()),
  }),
);
export type SettingsPatchInput = v.InferOutput<typeof SettingsPatchBody>;

export { toSettingsDto } from '../organization-dto.ts';
