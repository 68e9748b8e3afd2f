import { createHmac } from 'node:crypto';
import { DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { env, settingNames } from '#config/env.ts';
import { cognitoClient } from './client.ts';

/**
 * The app client is confidential: Cognito accepts a sign-in, a refresh or a challenge answer on it only with
 * SECRET_HASH, which only the functions can compute. The secret is read at run time from the client itself
 * (DescribeUserPoolClient, allowed to the functions that sign people in), once per container, and is never in a
 * function's environment. A client without a secret (a deployment from before) gets no hash.
 */
let secret: Promise<string | null> | undefined;

function clientSecret(): Promise<string | null> {
  secret ??= cognitoClient
    .send(
      new DescribeUserPoolClientCommand({
        UserPoolId: env(settingNames.userPoolId),
        ClientId: env(settingNames.userPoolClientId),
      }),
    )
    .then((out) => out.UserPoolClient?.ClientSecret ?? null)
    .catch((error: unknown) => {
      secret = undefined; // a failed read is tried again by the next request
      throw error;
    });
  return secret;
}

/** Base64(HMAC-SHA256(key = client secret, message = username + client id)), as Cognito computes it. */
export const secretHash = (username: string, clientId: string, key: string): string =>
  createHmac('sha256', key)
    .update(username + clientId)
    .digest('base64');

/**
 * `{ SECRET_HASH }` for a call about `username`, to spread into AuthParameters or ChallengeResponses. The username
 * is the one the call names: the email for a password sign-in, the Cognito username (the sub, in this pool where
 * the email is an alias) for a refresh and for answering a challenge (Cognito's USER_ID_FOR_SRP).
 */
export async function secretHashParameter(username: string): Promise<{ SECRET_HASH?: string }> {
  const key = await clientSecret();
  return key ? { SECRET_HASH: secretHash(username, env(settingNames.userPoolClientId), key) } : {};
}
