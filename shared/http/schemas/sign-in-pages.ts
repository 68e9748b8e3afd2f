import * as v from 'valibot';
import { FormSecret, FormText } from './page-forms.ts';

/** The sign-in and account pages' forms: fields as browsers send them; what they must contain, the page checks. */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

/** A sealed session carried between steps (an identity provider's challenge session, or an enrolment's field). */
const FormSession = schema(() => v.optional(v.pipe(v.string(), v.maxLength(8192)), ''));

export const SignInPageQuery = schema(() => v.object({ done: v.optional(v.pipe(v.string(), v.maxLength(32))) }));

export const SignInPageForm = schema(() =>
  v.object({
    csrf: v.string(),
    step: v.picklist(['password', 'mfa', 'mfa-setup', 'new-password']),
    email: FormText,
    password: FormSecret,
    code: FormText,
    session: FormSession,
    setup: FormSession,
    newPassword: FormSecret,
  }),
);

export const AccountPageQuery = SignInPageQuery;

export const AccountPageForm = schema(() =>
  v.object({
    csrf: v.string(),
    action: v.picklist(['mfa-start', 'mfa-verify', 'mfa-disable']),
    password: FormSecret,
    code: FormText,
    setup: FormSession,
  }),
);

export const SignOutForm = schema(() => v.object({ csrf: v.string() }));
