import { randomBytes } from 'node:crypto';
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SignInAdmin } from '#ports/identity-provider.ts';
import { env, settingNames } from '#config/env.ts';
import { cognitoClient } from './client.ts';
import { tolerateEmulatorGap } from './emulator-gaps.ts';

const poolId = () => env(settingNames.userPoolId);
const ignoreMissing = (error: Error) => {
  if (error.name !== 'UserNotFoundException') throw error;
};

/** A password nobody knows that still satisfies the pool policy (upper, lower, digit; 256 bits of randomness). */
const unknowablePassword = () => `Aa1-${randomBytes(32).toString('base64url')}`;

export const cognitoSignInAdmin: SignInAdmin = {
  async disable(email) {
    await cognitoClient
      .send(new AdminDisableUserCommand({ UserPoolId: poolId(), Username: email }))
      .catch(ignoreMissing);
  },

  async enable(email) {
    await cognitoClient
      .send(new AdminEnableUserCommand({ UserPoolId: poolId(), Username: email }))
      .catch(ignoreMissing);
  },

  async signOutEverywhere(email) {
    await tolerateEmulatorGap('AdminUserGlobalSignOut', () =>
      cognitoClient
        .send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId(), Username: email }))
        .catch(ignoreMissing),
    );
  },

  async remove(email) {
    await cognitoClient
      .send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username: email }))
      .catch(ignoreMissing);
  },

  async scramblePassword(email) {
    await cognitoClient.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId(),
        Username: email,
        Password: unknowablePassword(),
        Permanent: true,
      }),
    );
  },

  async removeMfa(email) {
    await tolerateEmulatorGap('AdminSetUserMFAPreference', () =>
      cognitoClient.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: poolId(),
          Username: email,
          SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
        }),
      ),
    );
  },
};
