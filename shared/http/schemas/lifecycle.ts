import * as z from 'zod/mini';
import { Email, Id, PageQuery, Timestamp } from './common.ts';
import { Tokens } from './auth.ts';

const Password = z.string().check(z.minLength(1), z.maxLength(256));
const LinkToken = z.string().check(z.minLength(16), z.maxLength(512));
const TotpCode = z.string().check(z.regex(/^[0-9]{6}$/, 'must be the 6-digit code from the authenticator'));
const EventType = z.string().check(z.regex(/^[a-z_]{1,40}\.[a-z_]{1,40}$/, 'must be an event type such as "user.deactivated"'));

/** Actions that take no input: any field sent is one the caller may not set (400), like on every write endpoint. */
export const NoBody = z.strictObject({});
/** DELETE user: the acting manager's own password. Missing or wrong is 403 reauthentication_required, not 400. */
export const CloseUserBody = z.strictObject({ password: z.optional(Password) });
export const SetPasswordBody = z.strictObject({ password: Password });
export const ForgotPasswordBody = z.strictObject({ email: Email });
export const ResetPasswordBody = z.strictObject({ token: LinkToken, password: Password });
export const TotpCodeBody = z.strictObject({ code: TotpCode });
export const MfaSignInBody = z.strictObject({ session: z.string().check(z.minLength(1), z.maxLength(8192)), code: TotpCode });

export const Challenge = z.object({ challenge: z.enum(['SOFTWARE_TOKEN_MFA', 'MFA_SETUP']), session: z.string() });
export const SignInResponse = z.union([Tokens, Challenge]);
export const TotpEnrollment = z.object({ secret: z.string(), otpauthUri: z.string() });
export const MfaEnabled = z.object({ mfaEnabled: z.literal(true) });
export const Accepted = z.object({ status: z.literal('accepted') });
export const ResetAccepted = z.object({ status: z.literal('accepted'), delivery: z.enum(['sent', 'failed']) });

export const AuditEvent = z.object({
  id: Id,
  type: z.string(),
  at: Timestamp,
  actor: z.object({ kind: z.enum(['operator', 'user', 'system', 'anonymous']), userId: z.optional(Id) }),
  target: z.object({ userId: z.optional(Id), invitationId: z.optional(Id) }),
  details: z.record(z.string(), z.unknown()),
});

export const ListEventsQuery = z.strictObject({ ...PageQuery, userId: z.optional(Id), type: z.optional(EventType) });
export const ListUserEventsQuery = z.strictObject({ ...PageQuery, type: z.optional(EventType) });
