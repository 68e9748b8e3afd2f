import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { appClientDefinition, userPoolDefinition } from '#config/user-pool.ts';
import { passwordPolicy } from '#domain/password-policy.ts';

/** The Cognito user pool and the API's app client, shaped by the shared definitions (the local provisioner reads them too). */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** Issuer of the pool's tokens; the functions (TOKEN_ISSUER) verify tokens against it. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    const { mfaTypes } = userPoolDefinition;
    const mfaType = (type: string) => (mfaTypes as readonly string[]).includes(type);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `switchboard-${props.stage}`,
      signInAliases: { email: userPoolDefinition.usernameAttributes.includes('email') },
      signInCaseSensitive: false,
      selfSignUpEnabled: false,
      autoVerify: { email: true },
      // an address change waits for verification instead of replacing the sign-in address at once
      keepOriginal: { email: true },
      // no customAttributes: nothing a user can write to their own profile decides what they may do
      mfa: Mfa[userPoolDefinition.mfa],
      mfaSecondFactor: { otp: mfaType('SOFTWARE_TOKEN_MFA'), sms: mfaType('SMS_MFA'), email: false },
      passwordPolicy: {
        minLength: passwordPolicy.minLength,
        requireLowercase: passwordPolicy.requireLowercase,
        requireUppercase: passwordPolicy.requireUppercase,
        requireDigits: passwordPolicy.requireDigits,
        requireSymbols: passwordPolicy.requireSymbols,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const flows = new Set<string>(appClientDefinition.authFlows);
    this.client = this.userPool.addClient('AppClient', {
      userPoolClientName: appClientDefinition.name,
      generateSecret: appClientDefinition.generateSecret,
      // ALLOW_REFRESH_TOKEN_AUTH is always on in Cognito; the definition lists it for the local provisioner
      authFlows: { userPassword: flows.has('ALLOW_USER_PASSWORD_AUTH'), userSrp: flows.has('ALLOW_USER_SRP_AUTH') },
      disableOAuth: true,
      preventUserExistenceErrors: appClientDefinition.preventUserExistenceErrors,
      accessTokenValidity: Duration.minutes(appClientDefinition.accessTokenValidityMinutes),
      idTokenValidity: Duration.minutes(appClientDefinition.idTokenValidityMinutes),
      refreshTokenValidity: Duration.days(appClientDefinition.refreshTokenValidityDays),
      enableTokenRevocation: true,
      // Cognito reads an empty list as "all standard attributes writable": name one harmless attribute so a
      // user's access token cannot rewrite their email (the sign-in name) through UpdateUserAttributes
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
    });

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;

    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG1',
        reason:
          'The password policy is the product rule in shared/domain/password-policy.ts (12+ characters, upper, lower, digit; no symbol rule: length over composition, per NIST SP 800-63B); the API enforces the same rule before Cognito sees a password.',
      },
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is OPTIONAL by requirement: members enrol TOTP themselves (POST /v1/me/mfa/totp). REQUIRED would force an MFA_SETUP challenge at first sign-in that the API contract does not offer.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Essentials plan: the Plus plan (threat protection, billed per monthly active user) is a deployer decision. Without it the stage throttles sign-in and the functions reject revoked sessions themselves.',
      },
    );
  }
}
