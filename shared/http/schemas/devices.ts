/** Members' phones (telephony): extension (2–6 digits), model, MAC address (accepted in the usual forms, stored canonical). */
import * as v from 'valibot';
import { EXTENSION_PATTERN, normalizeMac, type DevicePatch } from '#domain/device.ts';
import type { NewDeviceInput } from '#use-cases/device-events.ts';
import { type Conforms, described, Id, PageQuery, Timestamp, tenantText } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const Extension = schema(() => v.pipe(v.string(), v.regex(EXTENSION_PATTERN, 'must be 2-6 digits')));
const Model = schema(() => tenantText(1, 100));
const MacAddress = schema(() =>
  v.pipe(
    v.string(),
    v.maxLength(20),
    v.check(
      (s) => normalizeMac(s) !== null,
      'must be a MAC address such as "aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF" or "aabbccddeeff"',
    ),
    described<string>({ type: 'string', examples: ['AA:BB:CC:DD:EE:FF'] }),
    v.transform((s) => normalizeMac(s) as string),
  ),
);

export const CreateDeviceBody = schema(() =>
  v.strictObject({
    extension: Extension,
    model: v.optional(v.nullable(Model)),
    macAddress: v.optional(v.nullable(MacAddress)),
  }),
);
export type CreateDeviceInput = Conforms<v.InferOutput<typeof CreateDeviceBody>, NewDeviceInput>;
export const UpdateDeviceBody = schema(() =>
  v.strictObject({
    extension: v.optional(Extension),
    model: v.optional(v.nullable(Model)),
    macAddress: v.optional(v.nullable(MacAddress)),
  }),
);
export type UpdateDeviceInput = Conforms<v.InferOutput<typeof UpdateDeviceBody>, DevicePatch>;
export const ListDevicesQuery = schema(() => v.strictObject({ ...PageQuery }));

export const Device = schema(() =>
  v.object({
    id: Id,
    accountId: Id,
    userId: Id,
    extension: v.string(),
    model: v.nullable(v.string()),
    macAddress: v.nullable(v.string()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: v.number(),
  }),
);
