/**
 * The Cognito pool and app client, read by the CDK stack and by the local provisioner. The password policy is the
 * domain's (#domain/password-policy.ts, which also answers weak_password): both apply it to the pool beside this.
 */
export const userPoolDefinition = {
  /** People sign in with their email; the Cognito username is the lowercased email. */
  usernameAttributes: ['email'] as const,
  mfa: 'OPTIONAL' as const,
  mfaTypes: ['SOFTWARE_TOKEN_MFA'] as const,
};

export const appClientDefinition = {
  name: 'switchboard-api',
  authFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const,
  accessTokenValidityMinutes: 60,
  idTokenValidityMinutes: 60,
  refreshTokenValidityDays: 30,
  preventUserExistenceErrors: true,
  /** Confidential: only the functions, which read the secret at run time, can sign people in on it. */
  generateSecret: true,
};
