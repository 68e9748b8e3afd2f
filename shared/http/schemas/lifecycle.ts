import * as v from 'valibot';
import { Email, Id, PageQuery, Timestamp } from './common.ts';
import { Tokens } from './auth.ts';

const Password = v.pipe(v.string(), v.minLength(1), v.maxLength(256));
const LinkToken = v.pipe(v.string(), v.minLength(16), v.maxLength(512));
const TotpCode = v.pipe(v.string(), v.regex(/^[0-9]{6}$/, 'must be the 6-digit code from the authenticator'));
const EventType = v.pipe(v.string(), v.regex(/^[a-z_]{1,40}\.[a-z_]{1,40}$/, 'must be an event type such as "user.deactivated"'));

/** Actions that take no input: any field sent is one the caller may not set (400), like on every write endpoint. */
export const NoBody = v.strictObject({});
/** DELETE user: the acting manager's own password. Missing or wrong is 403 reauthentication_required, not 400. */
export const CloseUserBody = v.strictObject({ password: v.optional(Password) });
export const SetPasswordBody = v.strictObject({ password: Password });
export const ForgotPasswordBody = v.strictObject({ email: Email });
export const ResetPasswordBody = v.strictObject({ token: LinkToken, password: Password });
export const TotpCodeBody = v.strictObject({ code: TotpCode });
export const MfaSignInBody = v.strictObject({ session: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)), code: TotpCode });

export const Challenge = v.object({ challenge: v.picklist(['SOFTWARE_TOKEN_MFA', 'MFA_SETUP']), session: v.string() });
export const SignInResponse = v.union([Tokens, Challenge]);
export const TotpEnrollment = v.object({ secret: v.string(), otpauthUri: v.string() });
export const MfaEnabled = v.object({ mfaEnabled: v.literal(true) });
export const Accepted = v.object({ status: v.literal('accepted') });
export const ResetAccepted = v.object({ status: v.literal('accepted'), delivery: v.picklist(['sent', 'failed']) });

export const AuditEvent = v.object({
  id: Id,
  type: v.string(),
  at: Timestamp,
  actor: v.object({ kind: v.picklist(['operator', 'user', 'system', 'anonymous']), userId: v.optional(Id) }),
  target: v.object({ userId: v.optional(Id), invitationId: v.optional(Id) }),
  details: v.record(v.string(), v.unknown()),
});

export const ListEventsQuery = v.strictObject({ ...PageQuery, userId: v.optional(Id), type: v.optional(EventType) });
export const ListUserEventsQuery = v.strictObject({ ...PageQuery, type: v.optional(EventType) });
