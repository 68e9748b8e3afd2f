import * as v from 'valibot';
import { serviceTypes } from '#domain/service.ts';
import { PIN_PATTERN } from '#domain/voicemail-pin.ts';
import { CountryCode, Phone, Timestamp } from './common.ts';
import { CoverPageText, Extension, HeaderLine, Retries, SenderId, Signature } from './service-settings.ts';
import { Resolution } from './settings-values.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const ServiceType = schema(() => v.picklist(serviceTypes));

/**
 * Every service setting with its rule. The names differ between types, so one object holds them all; the use case
 * refuses a field of another type than the service's (400 on `settings.<field>`).
 * fax: resolution, retries, coverPage, coverPageText, headerLine, notifyOnDelivery;
 * sms: senderId, deliveryReports, signature, defaultCountryCode; voice: voicemailEnabled, callerId, extension.
 */
const fields = schema(() => ({
  resolution: Resolution,
  retries: Retries,
  coverPage: v.boolean(),
  coverPageText: CoverPageText,
  headerLine: HeaderLine,
  notifyOnDelivery: v.boolean(),
  senderId: SenderId,
  deliveryReports: v.boolean(),
  signature: Signature,
  defaultCountryCode: CountryCode,
  voicemailEnabled: v.boolean(),
  callerId: Phone,
  extension: Extension,
}));
/** A new service's own settings (overrides of what it inherits). */
export const ServiceSettingsBody = schema(() =>
  v.strictObject({
    resolution: v.optional(fields.resolution),
    retries: v.optional(fields.retries),
    coverPage: v.optional(fields.coverPage),
    coverPageText: v.optional(fields.coverPageText),
    headerLine: v.optional(fields.headerLine),
    notifyOnDelivery: v.optional(fields.notifyOnDelivery),
    senderId: v.optional(fields.senderId),
    deliveryReports: v.optional(fields.deliveryReports),
    signature: v.optional(fields.signature),
    defaultCountryCode: v.optional(fields.defaultCountryCode),
    voicemailEnabled: v.optional(fields.voicemailEnabled),
    callerId: v.optional(fields.callerId),
    extension: v.optional(fields.extension),
  }),
);
/** A change: a value overrides, `null` removes the service's override (the inherited value shows again). */
export const ServiceSettingsPatchBody = schema(() =>
  v.strictObject({
    resolution: v.optional(v.nullable(fields.resolution)),
    retries: v.optional(v.nullable(fields.retries)),
    coverPage: v.optional(v.nullable(fields.coverPage)),
    coverPageText: v.optional(v.nullable(fields.coverPageText)),
    headerLine: v.optional(v.nullable(fields.headerLine)),
    notifyOnDelivery: v.optional(v.nullable(fields.notifyOnDelivery)),
    senderId: v.optional(v.nullable(fields.senderId)),
    deliveryReports: v.optional(v.nullable(fields.deliveryReports)),
    signature: v.optional(v.nullable(fields.signature)),
    defaultCountryCode: v.optional(v.nullable(fields.defaultCountryCode)),
    voicemailEnabled: v.optional(v.nullable(fields.voicemailEnabled)),
    callerId: v.optional(v.nullable(fields.callerId)),
    extension: v.optional(v.nullable(fields.extension)),
  }),
);

/** `welcomeEmail: true` mails the member that the service is ready (a voice service's mail: a voicemail PIN link). */
export const CreateServiceBody = schema(() =>
  v.strictObject({
    type: ServiceType,
    settings: v.optional(ServiceSettingsBody),
    welcomeEmail: v.optional(v.boolean()),
  }),
);
/** `welcomeEmail: true` sends the welcome mail again (a voice service's with a new PIN link, retiring the last). */
export const UpdateServiceBody = schema(() =>
  v.strictObject({ settings: v.optional(ServiceSettingsPatchBody), welcomeEmail: v.optional(v.boolean()) }),
);

const LinkToken = schema(() => v.pipe(v.string(), v.minLength(16), v.maxLength(512)));
export const VoicemailPinBody = schema(() =>
  v.strictObject({ token: LinkToken, pin: v.pipe(v.string(), v.regex(PIN_PATTERN, 'must be 4-8 digits')) }),
);

const Sourced = schema(() =>
  v.object({
    value: v.nullable(v.union([v.string(), v.number(), v.boolean()])),
    /** "account", "unit:<unitId>", "user" or "service". */
    source: v.string(),
  }),
);
const SettingValue = schema(() => v.union([v.string(), v.number(), v.boolean()]));

export const Service = schema(() =>
  v.object({
    /** The service's type: a member has at most one service of each. */
    id: ServiceType,
    type: ServiceType,
    status: v.picklist(['active', 'closed']),
    /** The service's own overrides. */
    settings: v.record(v.string(), SettingValue),
    /** Every setting of the type with its value and where it comes from. */
    effectiveSettings: v.record(v.string(), Sourced),
    /** Voice services: whether a voicemail PIN is set (the PIN itself is never returned). */
    voicemailPinSet: v.optional(v.boolean()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    closedAt: v.nullable(Timestamp),
    version: v.number(),
  }),
);
