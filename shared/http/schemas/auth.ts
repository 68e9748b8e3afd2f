import * as z from 'zod/mini';
import { Email, Id, Name, Role, UserStatus } from './common.ts';

const Password = z.string().check(z.minLength(1), z.maxLength(256));
const Token = z.string().check(z.minLength(16), z.maxLength(512));

/** `firstName`/`lastName`: for invitations by email, whose member is created on acceptance (setup links ignore them). */
export const AcceptInvitationBody = z.strictObject({ token: Token, password: Password, firstName: z.optional(Name), lastName: z.optional(Name) });

export const SignInBody = z.strictObject({ email: Email, password: Password });
export const RefreshBody = z.strictObject({ refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)) });
export const Tokens = z.object({
  accessToken: z.string(),
  idToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number(),
});

export const Me = z.object({
  identity: z.object({ email: z.string(), mfaEnabled: z.boolean() }),
  memberships: z.array(z.object({ accountId: Id, accountName: z.string(), userId: Id, role: Role, status: UserStatus })),
});

export const Health = z.object({ status: z.literal('ok') });
