import * as v from 'valibot';
import { Email, Id, Name, Role, UserStatus } from './common.ts';

const Password = v.pipe(v.string(), v.minLength(1), v.maxLength(256));
const Token = v.pipe(v.string(), v.minLength(16), v.maxLength(512));

/** `firstName`/`lastName`: for invitations by email, whose member is created on acceptance (setup links ignore them). */
export const AcceptInvitationBody = v.strictObject({ token: Token, password: Password, firstName: v.optional(Name), lastName: v.optional(Name) });

export const SignInBody = v.strictObject({ email: Email, password: Password });
export const RefreshBody = v.strictObject({ refreshToken: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)) });
export const Tokens = v.object({
  accessToken: v.string(),
  idToken: v.string(),
  refreshToken: v.string(),
  expiresIn: v.number(),
});

export const Me = v.object({
  identity: v.object({ email: v.string(), mfaEnabled: v.boolean() }),
  memberships: v.array(v.object({ accountId: Id, accountName: v.string(), userId: Id, role: Role, status: UserStatus })),
});

export const Health = v.object({ status: v.literal('ok') });
