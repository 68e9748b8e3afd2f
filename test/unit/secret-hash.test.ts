/**
 * The app client is confidential: every Cognito call that names it carries SECRET_HASH =
 * Base64(HMAC-SHA256(key = client secret, message = username + client id)). cognito-local never checks the hash, so
 * this proves it on what the adapters send: an SDK middleware records each command's input and answers in
 * Cognito's place. The client secret comes from DescribeUserPoolClient at run time, read once per container.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cognitoClient } from '#adapters/cognito/client.ts';
import { sealChallenge } from '#adapters/cognito/challenge-session.ts';
import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { cognitoMfa } from '#adapters/cognito/mfa.ts';

const POOL = 'us-east-1_pool';
const CLIENT = 'client-123';
const SECRET = 'the-client-secret';
const SUB = '0b7e3f5a-1111-4c2d-9e8f-000000000001';
const EMAIL = 'alice@acme.test';
const expectedHash = (username: string) =>
  createHmac('sha256', SECRET)
    .update(username + CLIENT)
    .digest('base64');

const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const result = {
  AccessToken: jwt({ sub: SUB, username: SUB }),
  IdToken: 'id',
  RefreshToken: 'refresh',
  ExpiresIn: 3600,
};

let sent: { command: string; input: Record<string, any> }[] = [];
/** DescribeUserPoolClient calls over the whole file. */
let describes = 0;
/** What "Cognito" answers next to InitiateAuth / RespondToAuthChallenge. */
let answer: Record<string, unknown> = { AuthenticationResult: result };

const RECORDER = 'unitTestCognitoRecorder';
beforeAll(() => {
  Object.assign(process.env, {
    USER_POOL_ID: POOL,
    USER_POOL_CLIENT_ID: CLIENT,
    CURSOR_SECRET: 'unit-test-secret',
    AWS_REGION: 'us-east-1',
  });
  cognitoClient.middlewareStack.add(
    (_next, context) => async (args) => {
      const command = context.commandName as string;
      sent.push({ command, input: args.input as Record<string, any> });
      if (command === 'DescribeUserPoolClientCommand') describes++;
      const output =
        command === 'DescribeUserPoolClientCommand'
          ? { UserPoolClient: { ClientId: CLIENT, UserPoolId: POOL, ClientSecret: SECRET } }
          : answer;
      return { output: { $metadata: {}, ...output }, response: {} };
    },
    { step: 'initialize', name: RECORDER, priority: 'low' },
  );
});
afterAll(() => {
  cognitoClient.middlewareStack.remove(RECORDER);
});
beforeEach(() => {
  sent = [];
  answer = { AuthenticationResult: result };
});

const authCalls = () => sent.filter((c) => c.command !== 'DescribeUserPoolClientCommand');
const hashOf = (input: Record<string, any>) =>
  input.AuthParameters?.SECRET_HASH ?? input.ChallengeResponses?.SECRET_HASH;

describe('SECRET_HASH on every call that names the app client', () => {
  it('sign-in (USER_PASSWORD_AUTH): hash of the email it signs in with', async () => {
    await cognitoIdentityProvider.signIn(EMAIL, 'Password-123');
    const [call] = authCalls();
    expect(call.command).toBe('InitiateAuthCommand');
    expect(call.input).toMatchObject({ ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH' });
    expect(call.input.AuthParameters).toMatchObject({ USERNAME: EMAIL, SECRET_HASH: expectedHash(EMAIL) });
  });

  it('a password check (closing, accepting a link): the same', async () => {
    expect(await cognitoIdentityProvider.verifyPassword(EMAIL, 'Password-123')).toBe(true);
    expect(hashOf(authCalls()[0].input)).toBe(expectedHash(EMAIL));
  });

  it('refresh (REFRESH_TOKEN_AUTH): hash of the Cognito username (the sub), which AWS checks there, not the email', async () => {
    await cognitoIdentityProvider.refresh('refresh', SUB);
    const [call] = authCalls();
    expect(call.input).toMatchObject({ ClientId: CLIENT, AuthFlow: 'REFRESH_TOKEN_AUTH' });
    expect(call.input.AuthParameters).toMatchObject({ REFRESH_TOKEN: 'refresh', SECRET_HASH: expectedHash(SUB) });
  });

  it('the TOTP step and the new-password step answer with the username Cognito named in its challenge', async () => {
    answer = {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: 'cognito-session',
      ChallengeParameters: { USER_ID_FOR_SRP: SUB },
    };
    const challenge = await cognitoIdentityProvider.signIn(EMAIL, 'Password-123');
    expect(challenge).toMatchObject({ kind: 'challenge', challenge: 'SOFTWARE_TOKEN_MFA' });
    answer = { AuthenticationResult: result };
    sent = [];
    await cognitoMfa.answerTotpChallenge((challenge as { session: string }).session, '123456');
    const [mfa] = authCalls();
    expect(mfa.command).toBe('RespondToAuthChallengeCommand');
    expect(mfa.input.ChallengeResponses).toMatchObject({ USERNAME: SUB, SECRET_HASH: expectedHash(SUB) });

    answer = {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 'cognito-session-2',
      ChallengeParameters: { USER_ID_FOR_SRP: SUB },
    };
    const newPassword = await cognitoIdentityProvider.signIn(EMAIL, 'Temporary-Pass-1');
    answer = { AuthenticationResult: result };
    sent = [];
    await cognitoIdentityProvider.completeNewPassword((newPassword as { session: string }).session, 'Chosen-Pass-12');
    const [np] = authCalls();
    expect(np.input.ChallengeResponses).toMatchObject({
      USERNAME: SUB,
      NEW_PASSWORD: 'Chosen-Pass-12',
      SECRET_HASH: expectedHash(SUB),
    });
  });

  it('a session sealed without Cognito’s username answers with the email (and its hash)', async () => {
    await cognitoMfa.answerTotpChallenge(sealChallenge(EMAIL, 'cognito-session'), '123456');
    expect(authCalls()[0].input.ChallengeResponses).toMatchObject({
      USERNAME: EMAIL,
      SECRET_HASH: expectedHash(EMAIL),
    });
  });

  it('reads the client secret from Cognito once per container, never from the environment', async () => {
    await cognitoIdentityProvider.signIn(EMAIL, 'Password-123');
    await cognitoIdentityProvider.refresh('refresh', SUB);
    expect(describes).toBe(1);
    expect(sent.find((c) => c.command === 'DescribeUserPoolClientCommand')).toBeUndefined();
    expect(Object.values(process.env)).not.toContain(SECRET);
  });
});
