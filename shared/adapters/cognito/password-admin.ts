import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { WeakPasswordError } from '#domain/errors.ts';
import type { IdentityProvider } from '#ports/identity-provider.ts';
import { env, settingNames } from '#config/env.ts';
import { cognitoClient } from './client.ts';

const poolId = () => env(settingNames.userPoolId);

/**
 * Setting a password is an admin call (IAM), not a sign-in on the app client: the functions that only set passwords
 * (a manager's set, a completed reset) import this alone, so their bundles and roles hold nothing of the client's
 * secret.
 */
export const cognitoPasswordAdmin: Pick<IdentityProvider, 'setPassword'> = {
  async setPassword(email, password, temporary = false) {
    try {
      await cognitoClient.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId(),
          Username: email,
          Password: password,
          Permanent: !temporary,
        }),
      );
    } catch (error) {
      // the pool's policy is ours (shared/domain/password-policy.ts); anything it still refuses is a weak password, not a 500
      if ((error as Error).name === 'InvalidPasswordException')
        throw new WeakPasswordError(['is not accepted by the password policy']);
      throw error;
    }
  },
};
