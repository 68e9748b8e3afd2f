import {
  AssociateSoftwareTokenCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidMfaCodeError, UnauthenticatedError } from '#domain/errors.ts';
import type { MfaProvider } from '#ports/identity-provider.ts';
import { env, settingNames } from '#config/env.ts';
import { openChallenge } from './challenge-session.ts';
import { cognitoClient } from './client.ts';
import { secretHashParameter } from './client-secret.ts';
import { tokens } from './identity-provider.ts';

const clientId = () => env(settingNames.userPoolClientId);
/** A code that does not match (AWS answers EnableSoftwareTokenMFAException during enrollment, CodeMismatch otherwise). */
const wrongCode = new Set(['CodeMismatchException', 'EnableSoftwareTokenMFAException', 'ExpiredCodeException']);
/** The access token or session is no longer good. */
const badAuth = new Set(['NotAuthorizedException', 'UserNotFoundException']);
/** No authenticator to check the code against (AWS: SoftwareTokenMFANotFound; cognito-local: InvalidParameter). */
const noAuthenticator = new Set(['SoftwareTokenMFANotFoundException', 'InvalidParameterException']);

/** Calls authorized by the person's access token: a token Cognito no longer accepts is a 401, like ours. */
async function withAccessToken<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (badAuth.has((error as Error).name))
      throw new UnauthenticatedError('The access token is no longer valid; sign in again');
    throw error;
  }
}

export const cognitoMfa: MfaProvider = {
  async associateTotp(accessToken) {
    const out = await withAccessToken(() =>
      cognitoClient.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken })),
    );
    if (!out.SecretCode) throw new Error('Cognito returned no TOTP secret');
    return { secret: out.SecretCode };
  },

  async verifyTotp(accessToken, code) {
    try {
      const out = await withAccessToken(() =>
        cognitoClient.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code })),
      );
      return out.Status === 'SUCCESS';
    } catch (error) {
      if (wrongCode.has((error as Error).name) || noAuthenticator.has((error as Error).name)) return false;
      throw error;
    }
  },

  async setTotpEnabled(accessToken, enabled) {
    await withAccessToken(() =>
      cognitoClient.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: accessToken,
          SoftwareTokenMfaSettings: { Enabled: enabled, PreferredMfa: enabled },
        }),
      ),
    );
  },

  async answerTotpChallenge(session, code) {
    const opened = openChallenge(session);
    if (!opened) throw new UnauthenticatedError('This sign-in session is invalid or has expired; sign in again');
    // the answer names (and hashes) the username Cognito named in its challenge
    const username = opened.username ?? opened.email;
    try {
      const out = await cognitoClient.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId(),
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: opened.cognitoSession,
          ChallengeResponses: {
            USERNAME: username,
            SOFTWARE_TOKEN_MFA_CODE: code,
            ...(await secretHashParameter(username)),
          },
        }),
      );
      return { email: opened.email, tokens: tokens(out.AuthenticationResult) };
    } catch (error) {
      const name = (error as Error).name;
      if (wrongCode.has(name)) throw new InvalidMfaCodeError();
      if (badAuth.has(name))
        throw new UnauthenticatedError('This sign-in session is invalid or has expired; sign in again');
      throw error;
    }
  },

  sessionEmail: (session) => openChallenge(session)?.email ?? null,
};
