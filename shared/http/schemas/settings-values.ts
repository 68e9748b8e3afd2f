/** Settings as responses show them (values, sources), apart from the PATCH schema: readers bundle no validation rules. */
import * as v from 'valibot';
import { faxResolutions, modules } from '#domain/settings.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const Module = schema(() => v.picklist(modules));
export const Resolution = schema(() => v.picklist(faxResolutions));

export const SmsValues = schema(() => ({
  senderId: v.nullable(v.string()),
  deliveryReports: v.boolean(),
  signature: v.nullable(v.string()),
  defaultCountryCode: v.nullable(v.string()),
}));
export const FaxValues = schema(() => ({
  resolution: Resolution,
  retries: v.number(),
  coverPage: v.boolean(),
  coverPageText: v.nullable(v.string()),
  headerLine: v.nullable(v.string()),
  notifyOnDelivery: v.boolean(),
}));
export const VoiceValues = schema(() => ({ voicemailEnabled: v.boolean(), callerId: v.nullable(v.string()) }));
const values = schema(() => ({
  countryCode: v.nullable(v.string()),
  language: v.string(),
  timezone: v.string(),
  smsSettings: v.object(SmsValues),
  faxSettings: v.object(FaxValues),
  voiceSettings: v.object(VoiceValues),
  allowedModules: v.array(Module),
  mfaRequired: v.boolean(),
}));

/** "account", "unit:<unitId>" or "user". */
const Source = schema(() => v.string());
const sourced = /* @__NO_SIDE_EFFECTS__ */ (value: v.GenericSchema) => v.object({ value, source: Source });
const sourcedObject = /* @__NO_SIDE_EFFECTS__ */ (shape: Record<string, v.GenericSchema>) =>
  v.object({
    value: v.object(shape),
    source: Source,
    fields: v.object(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, sourced(s)]))),
  });

export const EffectiveSettings = schema(() =>
  v.object({
    countryCode: sourced(values.countryCode),
    language: sourced(values.language),
    timezone: sourced(values.timezone),
    smsSettings: sourcedObject(SmsValues),
    faxSettings: sourcedObject(FaxValues),
    voiceSettings: sourcedObject(VoiceValues),
    allowedModules: sourced(values.allowedModules),
    mfaRequired: sourced(values.mfaRequired),
  }),
);

/** The account level is complete: what the account has not set shows the default. */
export const AccountSettings = schema(() =>
  v.object({ settings: v.object(values), effectiveSettings: EffectiveSettings }),
);
/** A unit's own overrides only; what it inherits is in effectiveSettings. */
export const UnitSettings = schema(() =>
  v.object({
    settings: v.object({
      ...v.partial(
        v.object({
          countryCode: v.string(),
          language: v.string(),
          timezone: v.string(),
          allowedModules: v.array(Module),
          mfaRequired: v.boolean(),
        }),
      ).entries,
      smsSettings: v.optional(v.partial(v.object(SmsValues))),
      faxSettings: v.optional(v.partial(v.object(FaxValues))),
      voiceSettings: v.optional(v.partial(v.object(VoiceValues))),
    }),
    effectiveSettings: EffectiveSettings,
  }),
);
