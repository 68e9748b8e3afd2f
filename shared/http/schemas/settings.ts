import * as v from 'valibot';
import { isTimeZone } from '#domain/settings.ts';
import { CountryCode, Language, Phone } from './common.ts';
import { distinct } from './grants.ts';
import { CoverPageText, HeaderLine, Retries, SenderId, Signature } from './service-settings.ts';
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
    smsSettings: change(
      v.strictObject({
        senderId: change(SenderId),
        deliveryReports: change(v.boolean()),
        signature: change(Signature),
        defaultCountryCode: change(CountryCode),
      }),
    ),
    faxSettings: change(
      v.strictObject({
        resolution: change(Resolution),
        retries: change(Retries),
        coverPage: change(v.boolean()),
        coverPageText: change(CoverPageText),
        headerLine: change(HeaderLine),
        notifyOnDelivery: change(v.boolean()),
      }),
    ),
    voiceSettings: change(v.strictObject({ voicemailEnabled: change(v.boolean()), callerId: change(Phone) })),
    allowedModules: change(Modules),
    mfaRequired: change(v.boolean()),
  }),
);
export type SettingsPatchInput = v.InferOutput<typeof SettingsPatchBody>;

export { toSettingsDto } from '../organization-dto.ts';
