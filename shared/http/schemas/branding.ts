import * as v from 'valibot';
import { BRAND_NAME_MAX_LENGTH, BRAND_URL_MAX_LENGTH, LOGO_DATA_URL_MAX_LENGTH } from '#domain/brand.ts';
import type { AccountBrand } from '#domain/brand.ts';
import type { Conforms } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

/**
 * PUT …/branding: the whole account brand (a field left out falls back to the deployment's). Shapes and lengths here;
 * the rules of each field (https or an image data URL, `#rrggbb`, no control characters) are the domain's
 * (`checkAccountBrand`), applied by the use case.
 */
export const AccountBrandingBody = schema(() =>
  v.strictObject({
    displayName: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(BRAND_NAME_MAX_LENGTH))),
    logoUrl: v.optional(
      v.pipe(
        v.string(),
        v.maxLength(Math.max(LOGO_DATA_URL_MAX_LENGTH, BRAND_URL_MAX_LENGTH)),
        v.description('https://…, or data:image/(png|jpeg|gif|webp|svg+xml);base64,… of at most 20 KB'),
      ),
    ),
    primaryColor: v.optional(v.pipe(v.string(), v.maxLength(7), v.description('#rrggbb'))),
    supportEmail: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254))),
  }),
);
export type AccountBrandingInput = Conforms<v.InferOutput<typeof AccountBrandingBody>, AccountBrand>;

export const AccountBranding = schema(() =>
  v.object({
    /** The fields the account set. */
    account: v.object({
      displayName: v.optional(v.string()),
      logoUrl: v.optional(v.string()),
      primaryColor: v.optional(v.string()),
      supportEmail: v.optional(v.string()),
    }),
    /** What the account's mails and pages show: its fields, the deployment's for the rest. */
    effective: v.object({
      name: v.string(),
      mailFromName: v.string(),
      logoUrl: v.nullable(v.string()),
      primaryColor: v.string(),
      supportEmail: v.nullable(v.string()),
      supportUrl: v.nullable(v.string()),
      legalFooter: v.nullable(v.string()),
    }),
  }),
);
