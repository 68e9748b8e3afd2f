/**
 * Phone numbers (telephony). A number is given in international format (`+` and the country code; spaces, dashes,
 * dots and brackets allowed); the use case checks it with libphonenumber-js (PhoneNumbering) and stores its E.164.
 */
import * as v from 'valibot';
import { INTERNATIONAL_NUMBER_PATTERN } from '#domain/phone-number.ts';
import { serviceTypes } from '#domain/service.ts';
import type { NewNumberInput } from '#use-cases/numbers.ts';
import { type Conforms, Id, PageQuery, Timestamp, tenantText } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

/** The shape of an international number; whether it is a valid number is the use case's check (PhoneNumbering). */
export const E164Input = schema(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(32),
    v.regex(
      INTERNATIONAL_NUMBER_PATTERN,
      'must be a phone number in international format, such as "+1 212 734 5678" or "+12127345678"',
    ),
  ),
);
const Label = schema(() => tenantText(1, 100));
/** A member's service is named by its type (one of each per member). */
const ServiceId = schema(() => v.picklist(serviceTypes));

export const CreateNumberBody = schema(() => v.strictObject({ e164: E164Input, label: v.optional(v.nullable(Label)) }));
export type CreateNumberInput = Conforms<v.InferOutput<typeof CreateNumberBody>, NewNumberInput>;
/** Only the label changes: a number's e164 is what it is (delete it and add another). */
export const UpdateNumberBody = schema(() => v.strictObject({ label: v.optional(v.nullable(Label)) }));
export const AssignNumberBody = schema(() =>
  v.strictObject({ userId: Id, serviceId: v.optional(v.nullable(ServiceId)) }),
);
export const ListNumbersQuery = schema(() => v.strictObject({ ...PageQuery }));

export const PhoneNumber = schema(() =>
  v.object({
    id: Id,
    accountId: Id,
    e164: v.string(),
    label: v.nullable(v.string()),
    assignment: v.nullable(v.object({ userId: Id, serviceId: v.nullable(v.string()), assignedAt: Timestamp })),
    /** The groups the number is shared with (PUT …/numbers/{n}/groups/{g}), sorted; at most 20. */
    groupIds: v.array(Id),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: v.number(),
  }),
);
