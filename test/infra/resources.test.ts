import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '#config/table.ts';
import { appClientDefinition } from '#config/user-pool.ts';
import { passwordPolicy } from '#domain/password-policy.ts';
import { accessLogFields } from '../../infra/constructs/http-api.ts';
import { synthesize, type Synthesized } from './support.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

describe('stack', () => {
  it('is named after the stage', () => {
    expect(s.stack.stackName).toBe(`Switchboard-${s.settings.stage}`);
  });

  it('is environment-agnostic (no account or region baked in, no lookups)', () => {
    expect(s.stack.environment).toBe('aws://unknown-account/unknown-region');
    expect(JSON.stringify(s.rootJson)).not.toMatch(/\b\d{12}\b/);
  });

  it('outputs what a deployer needs', () => {
    const outputs = s.rootJson.Outputs!;
    expect(Object.keys(outputs).sort()).toEqual([
      'ApiUrl',
      'EventBusArn',
      'EventBusName',
      'OperatorKeySecretArn',
      'TableName',
      'UserPoolClientId',
      'UserPoolId',
    ]);
    const [poolId] = Object.keys(s.root.findResources('AWS::Cognito::UserPool'));
    expect(outputs.UserPoolId.Value).toEqual({ Ref: poolId });
  });
});

describe('table', () => {
  it('is on-demand, point-in-time recoverable, protected, retained, encrypted with the AWS managed key', () => {
    s.root.resourceCountIs('AWS::DynamoDB::Table', 1);
    s.root.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // SSE on without a key of our own: KMS with the AWS managed key (aws/dynamodb)
        SSESpecification: Match.exact({ SSEEnabled: true }),
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
        // new images only: the event fan-out reads inserted audit events (keys and old images are not needed)
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
      }),
    });
  });

  it('has exactly the GSIs of the table definition, string keys, ALL projection', () => {
    const [table] = Object.values(s.root.findResources('AWS::DynamoDB::Table'));
    const types = Object.fromEntries(
      table.Properties.AttributeDefinitions.map((a: { AttributeName: string; AttributeType: string }) => [
        a.AttributeName,
        a.AttributeType,
      ]),
    );
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      tableDefinition.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    for (const index of tableDefinition.indexes)
      expect([types[index.partitionKey], types[index.sortKey]]).toEqual(['S', 'S']);
  });
});

describe('user pool', () => {
  it('signs in by email, no self sign-up, no custom attributes, email recovery, protected and retained', () => {
    s.root.resourceCountIs('AWS::Cognito::UserPool', 1);
    const [pool] = Object.values(s.root.findResources('AWS::Cognito::UserPool'));
    expect(pool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(pool.Properties).toMatchObject({
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      DeletionProtection: 'ACTIVE',
    });
    expect(pool.Properties.Schema ?? []).toEqual([]);
  });

  it('has the password policy of the shared definition', () => {
    const [pool] = Object.values(s.root.findResources('AWS::Cognito::UserPool'));
    const p = passwordPolicy;
    expect(pool.Properties.Policies.PasswordPolicy).toEqual({
      MinimumLength: p.minLength,
      RequireLowercase: p.requireLowercase,
      RequireUppercase: p.requireUppercase,
      RequireNumbers: p.requireDigits,
      RequireSymbols: p.requireSymbols,
    });
  });

  it('offers optional TOTP MFA and never SMS', () => {
    const [pool] = Object.values(s.root.findResources('AWS::Cognito::UserPool'));
    expect(pool.Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
  });

  it('has one app client as defined: confidential, password + refresh flows only, no user-existence leaks, token validity', () => {
    s.root.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [client] = Object.values(s.root.findResources('AWS::Cognito::UserPoolClient'));
    expect(client.Properties).toMatchObject({
      ClientName: appClientDefinition.name,
      GenerateSecret: true,
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlowsUserPoolClient: false,
      EnableTokenRevocation: true,
      AccessTokenValidity: appClientDefinition.accessTokenValidityMinutes,
      IdTokenValidity: appClientDefinition.idTokenValidityMinutes,
      RefreshTokenValidity: appClientDefinition.refreshTokenValidityDays * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
    expect([...client.Properties.ExplicitAuthFlows].sort()).toEqual([...appClientDefinition.authFlows].sort());
    // users cannot rewrite their own sign-in address with their access token
    expect(client.Properties.WriteAttributes.length).toBeGreaterThan(0);
    expect(client.Properties.WriteAttributes).not.toContain('email');
  });
});

describe('secrets', () => {
  /** A secret's generator, by the start of its logical id. */
  const generator = (prefix: string) => {
    const found = Object.entries(s.root.findResources('AWS::SecretsManager::Secret')).filter(([id]) =>
      id.startsWith(prefix),
    );
    expect(found, prefix).toHaveLength(1);
    return found[0][1].Properties.GenerateSecretString;
  };

  it('generates a 48-character operator key and a 64-character sealing key without punctuation', () => {
    s.root.resourceCountIs('AWS::SecretsManager::Secret', 3);
    expect(generator('OperatorKey')).toEqual({ PasswordLength: 48, ExcludePunctuation: true });
    expect(generator('SealingKey')).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
  });

  it('generates the webhook key as 64 hex digits (32 random bytes): no uppercase, punctuation or letter past f', () => {
    const webhookKey = generator('EventsOutWebhookKey');
    expect(webhookKey).toEqual({
      PasswordLength: 64,
      ExcludeUppercase: true,
      ExcludePunctuation: true,
      ExcludeCharacters: 'ghijklmnopqrstuvwxyz',
    });
    // what Secrets Manager may draw from (printable ASCII less what is excluded) is exactly the 16 hex digits
    const printable = Array.from({ length: 126 - 33 + 1 }, (_, i) => String.fromCharCode(33 + i));
    const punctuation = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
    const left = printable.filter(
      (c) => !punctuation.has(c) && !/[A-Z]/.test(c) && !webhookKey.ExcludeCharacters.includes(c),
    );
    expect(left.join('')).toBe('0123456789abcdef');
  });
});

describe('HTTP API', () => {
  it('has a $default stage with throttling from context', () => {
    s.root.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    s.root.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: s.settings.throttleRateLimit,
        ThrottlingBurstLimit: s.settings.throttleBurstLimit,
      },
    });
    expect([s.settings.throttleRateLimit, s.settings.throttleBurstLimit]).toEqual([50, 100]);
  });

  it('writes JSON access logs with the request essentials and no Authorization header', () => {
    const [stage] = Object.values(s.root.findResources('AWS::ApiGatewayV2::Stage'));
    const { DestinationArn, Format } = stage.Properties.AccessLogSettings;
    const fields = JSON.parse(Format);
    expect(fields).toEqual(accessLogFields);
    for (const key of ['requestId', 'ip', 'method', 'routeKey', 'status', 'latency'])
      expect(fields[key]).toMatch(/^\$context\./);
    expect(Format.toLowerCase()).not.toContain('authorization');
    expect(Format).not.toContain('$request.header');
    const logGroupId = DestinationArn['Fn::GetAtt'][0];
    expect(s.rootJson.Resources[logGroupId]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 30 },
    });
  });
});
