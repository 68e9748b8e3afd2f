import * as v from 'valibot';

/**
 * What every page form carries besides its own fields: the CSRF token (checked by the page pipeline before the
 * schema). Fields are strings as browsers send them, with generous limits; what they must contain, the page checks
 * and shows beside the field.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const FormText = schema(() => v.optional(v.pipe(v.string(), v.maxLength(1024)), ''));
export const FormSecret = schema(() => v.optional(v.pipe(v.string(), v.maxLength(4096)), ''));

export const ForgotPasswordForm = schema(() => v.object({ csrf: v.string(), email: FormText }));
