/** Settings as responses show them (values, sources), apart from the PATCH schema: readers bundle no validation rules. */
import * as z from 'zod/mini';
import { faxResolutions, modules } from '#domain/settings.ts';

export const Module = z.enum(modules);
export const Resolution = z.enum(faxResolutions);

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

