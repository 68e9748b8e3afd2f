import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidCredentialsError, UnauthenticatedError, WeakPasswordError } from '#domain/errors.ts';
import type { IdentityProvider, SignInResult, SignInTokens } from '#ports/identity-provider.ts';
import { env, settingNames } from '#config/env.ts';
import { challengeKind, openChallenge, sealChallenge } from './challenge-session.ts';
import { cognitoClient } from './client.ts';
import { secretHashParameter } from './client-secret.ts';
import { cognitoPasswordAdmin } from './password-admin.ts';

const poolId = () => env(settingNames.userPoolId);
const clientId = () => env(settingNames.userPoolClientId);

/**
 * Wrong password and unknown user look different in Cognito; clients never see the difference.
 * (cognito-local answers a wrong password with InvalidPasswordException, AWS with NotAuthorizedException: both are credential failures.)
 */
const credentialErrors = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
  'InvalidPasswordException',
]);

const sub = (attributes: { Name?: string; Value?: string }[] | undefined): string => {
  const value = attributes?.find((a) => a.Name === 'sub')?.Value;
  if (!value) throw new Error('Cognito user has no sub');
  return value;
};

export function tokens(result: AuthenticationResultType | undefined, refreshToken?: string): SignInTokens {
  if (!result?.AccessToken || !result.IdToken) throw new Error('Cognito returned no tokens');
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    refreshToken: result.RefreshToken ?? refreshToken ?? '',
    expiresIn: result.ExpiresIn ?? 3600,
  };
}

/**
 * What Cognito answered to a password (sign-in or a new password): tokens, or the next challenge. The client answers
 * a challenge with `{ session, ... }` only: the session carries the email, signed per challenge (challenge-session.ts).
 */
const resultOf = (
  email: string,
  out: Pick<InitiateAuthCommandOutput, 'ChallengeName' | 'Session' | 'AuthenticationResult' | 'ChallengeParameters'>,
): SignInResult =>
  out.ChallengeName
    ? {
        kind: 'challenge',
        challenge: out.ChallengeName,
        session: sealChallenge(
          email,
          out.Session ?? '',
          Date.now(),
          challengeKind(out.ChallengeName),
          out.ChallengeParameters?.USER_ID_FOR_SRP,
        ),
      }
    : { kind: 'tokens', tokens: tokens(out.AuthenticationResult) };

/** A password sign-in on the app client (confidential: with SECRET_HASH of the email it names). */
const passwordAuth = async (email: string, password: string) =>
  cognitoClient.send(
    new InitiateAuthCommand({
      ClientId: clientId(),
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password, ...(await secretHashParameter(email)) },
    }),
  );

const expiredSession = () => new UnauthenticatedError('This sign-in session is invalid or has expired; sign in again');

const ensureUser: IdentityProvider['ensureUser'] = async (email) => {
  try {
    const out = await cognitoClient.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId(),
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    return { identityId: sub(out.User?.Attributes), created: true };
  } catch (error) {
    if ((error as Error).name !== 'UsernameExistsException') throw error;
    // an earlier attempt created it and failed later: converge on the same identity
    const out = await cognitoClient.send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: email }));
    return { identityId: sub(out.UserAttributes), created: false };
  }
};

// a function, not a spread: a spread at load keeps this whole provider in every bundle importing the module (mfa.ts
// imports `tokens` from it)
const setPassword: IdentityProvider['setPassword'] = (email, password, temporary) =>
  cognitoPasswordAdmin.setPassword(email, password, temporary);

const verifyPassword: IdentityProvider['verifyPassword'] = async (email, password) => {
  try {
    await passwordAuth(email, password);
    return true;
  } catch (error) {
    if (credentialErrors.has((error as Error).name)) return false;
    throw error;
  }
};

/** What accepting a link takes: the Cognito user made or found, a password proved or set. No sign-in. */
export const cognitoAccountSetup: Pick<IdentityProvider, 'ensureUser' | 'setPassword' | 'verifyPassword'> = {
  ensureUser,
  setPassword,
  verifyPassword,
};

export const cognitoIdentityProvider: IdentityProvider = {
  ensureUser,
  setPassword,
  verifyPassword,

  async signIn(email, password) {
    try {
      return resultOf(email, await passwordAuth(email, password));
    } catch (error) {
      if (credentialErrors.has((error as Error).name)) throw new InvalidCredentialsError();
      throw error;
    }
  },

  async refresh(refreshToken, username) {
    try {
      const out = await cognitoClient.send(
        new InitiateAuthCommand({
          ClientId: clientId(),
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          // Cognito checks a refresh's hash against the user's own username, never the email alias
          AuthParameters: { REFRESH_TOKEN: refreshToken, ...(await secretHashParameter(username)) },
        }),
      );
      return tokens(out.AuthenticationResult, refreshToken);
    } catch (error) {
      if (credentialErrors.has((error as Error).name))
        throw new UnauthenticatedError('The refresh token is invalid, expired or revoked');
      throw error;
    }
  },

  async completeNewPassword(session, password) {
    const opened = openChallenge(session, Date.now(), 'newPassword');
    if (!opened) throw expiredSession();
    const username = opened.username ?? opened.email;
    try {
      const out = await cognitoClient.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId(),
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: opened.cognitoSession,
          ChallengeResponses: {
            USERNAME: username,
            NEW_PASSWORD: password,
            ...(await secretHashParameter(username)),
          },
        }),
      );
      return resultOf(opened.email, out);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'InvalidPasswordException') throw new WeakPasswordError(['is not accepted by the password policy']);
      if (credentialErrors.has(name) || name === 'CodeMismatchException' || name === 'ExpiredCodeException')
        throw expiredSession();
      throw error;
    }
  },

  newPasswordSessionEmail: (session) => openChallenge(session, Date.now(), 'newPassword')?.email ?? null,
};
