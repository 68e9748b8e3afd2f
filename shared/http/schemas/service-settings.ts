/**
 * The value rules of the service settings (fax, SMS, voice): one rule per field, shared by the settings chain's PATCH
 * (account, unit, member) and the services' own bodies, so that a level and a service cannot disagree on what is valid.
 */
import * as v from 'valibot';
import {
  COVER_PAGE_TEXT_MAX,
  FAX_HEADER_LINE_MAX,
  FAX_RETRIES_MAX,
  SENDER_ID_PATTERN,
  SMS_SIGNATURE_MAX,
} from '#domain/settings.ts';
import { EXTENSION_PATTERN } from '#domain/service.ts';
import { tenantText } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const SenderId = schema(() =>
  v.pipe(
    v.string(),
    v.regex(SENDER_ID_PATTERN, 'must be 1-11 letters, digits or spaces with a letter, or a number of 3-15 digits'),
  ),
);
export const Retries = schema(() => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(FAX_RETRIES_MAX)));
export const CoverPageText = schema(() => v.pipe(v.string(), v.maxLength(COVER_PAGE_TEXT_MAX)));
export const HeaderLine = schema(() => tenantText(1, FAX_HEADER_LINE_MAX));
export const Signature = schema(() => tenantText(1, SMS_SIGNATURE_MAX));
export const Extension = schema(() =>
  v.pipe(v.string(), v.regex(EXTENSION_PATTERN, 'must be 2-6 digits such as "201"')),
);
