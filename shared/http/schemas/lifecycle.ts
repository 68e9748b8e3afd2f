import * as v from 'valibot';
import { Email, Id, PageQuery, Timestamp } from './common.ts';
import { Tokens } from './auth.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

const Password = schema(() => v.pipe(v.string(), v.minLength(1), v.maxLength(256)));
const LinkToken = schema(() => v.pipe(v.string(), v.minLength(16), v.maxLength(512)));
const TotpCode = schema(() =>
  v.pipe(v.string(), v.regex(/^[0-9]{6}$/, 'must be the 6-digit code from the authenticator')),
);
const EventType = schema(() =>
  v.pipe(v.string(), v.regex(/^[a-z_]{1,40}\.[a-z_]{1,40}$/, 'must be an event type such as "user.deactivated"')),
);

/** Actions that take no input: any field sent is one the caller may not set (400), like on every write endpoint. */
export const NoBody = schema(() => v.strictObject({}));
/** DELETE user: the acting manager's own password. Missing or wrong is 403 reauthentication_required, not 400. */
export const CloseUserBody = schema(() => v.strictObject({ password: v.optional(Password) }));
/** `temporary` (default true): the person must choose their own password at their next sign-in. */
export const SetPasswordBody = schema(() => v.strictObject({ password: Password, temporary: v.optional(v.boolean()) }));
export const ForgotPasswordBody = schema(() => v.strictObject({ email: Email }));
export const ResetPasswordBody = schema(() => v.strictObject({ token: LinkToken, password: Password }));
export const TotpCodeBody = schema(() => v.strictObject({ code: TotpCode }));
/**
 * Starting a TOTP enrolment: the current password unless the sign-in was in the last 5 minutes, and a current code
 * of the enrolled authenticator to replace it. Missing or wrong is 403 reauthentication_required, not 400.
 */
export const StartTotpEnrollmentBody = schema(() =>
  v.strictObject({ password: v.optional(Password), code: v.optional(TotpCode) }),
);
export const MfaSignInBody = schema(() =>
  v.strictObject({ session: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)), code: TotpCode }),
);
export const NewPasswordBody = schema(() =>
  v.strictObject({ session: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)), password: Password }),
);

export const Challenge = schema(() =>
  v.object({
    challenge: v.picklist(['SOFTWARE_TOKEN_MFA', 'MFA_SETUP', 'NEW_PASSWORD_REQUIRED']),
    session: v.string(),
  }),
);
export const SignInResponse = schema(() => v.union([Tokens, Challenge]));
export const TotpEnrollment = schema(() => v.object({ secret: v.string(), otpauthUri: v.string() }));
export const MfaEnabled = schema(() => v.object({ mfaEnabled: v.literal(true) }));
export const Accepted = schema(() => v.object({ status: v.literal('accepted') }));
export const ResetAccepted = schema(() =>
  v.object({ status: v.literal('accepted'), delivery: v.picklist(['sent', 'failed']) }),
);

export const AuditEvent = schema(() =>
  v.object({
    id: Id,
    type: v.string(),
    at: Timestamp,
    actor: v.object({
      kind: v.picklist(['operator', 'user', 'system', 'anonymous']),
      userId: v.optional(Id),
      source: v.optional(v.picklist(['scim'])),
    }),
    target: v.object({ userId: v.optional(Id), invitationId: v.optional(Id) }),
    details: v.record(v.string(), v.unknown()),
  }),
);

export const ListEventsQuery = schema(() =>
  v.strictObject({ ...PageQuery, userId: v.optional(Id), type: v.optional(EventType) }),
);
export const ListUserEventsQuery = schema(() => v.strictObject({ ...PageQuery, type: v.optional(EventType) }));
