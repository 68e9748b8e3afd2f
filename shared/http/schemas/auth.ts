import * as v from 'valibot';
import { Email, Id, Name, Role, UserStatus } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

const Password = schema(() => v.pipe(v.string(), v.minLength(1), v.maxLength(256)));
const Token = schema(() => v.pipe(v.string(), v.minLength(16), v.maxLength(512)));

/** `firstName`/`lastName`: for invitations by email, whose member is created on acceptance (setup links ignore them). */
export const AcceptInvitationBody = schema(() =>
  v.strictObject({ token: Token, password: Password, firstName: v.optional(Name), lastName: v.optional(Name) }),
);

export const SignInBody = schema(() => v.strictObject({ email: Email, password: Password }));
export const RefreshBody = schema(() =>
  v.strictObject({ refreshToken: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)) }),
);
export const Tokens = schema(() =>
  v.object({
    accessToken: v.string(),
    idToken: v.string(),
    refreshToken: v.string(),
    expiresIn: v.number(),
  }),
);

export const Me = schema(() =>
  v.object({
    identity: v.object({ email: v.string(), mfaEnabled: v.boolean() }),
    memberships: v.array(
      v.object({ accountId: Id, accountName: v.string(), userId: Id, role: Role, status: UserStatus }),
    ),
  }),
);

export const Health = schema(() => v.object({ status: v.literal('ok') }));
