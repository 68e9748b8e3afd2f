/**
 * Idempotently creates what the CDK stack would: the single table (from tableDefinition) with its stream of new
 * images (the events-out fan-out reads it), and the Cognito pool + app client (from userPoolDefinition/
 * appClientDefinition). Ids and local secrets are kept in DATA_DIR/local-state.json and reused on the next start, as
 * long as the emulators still know them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { tableDefinition } from '../shared/config/table.ts';
import { appClientDefinition, userPoolDefinition } from '../shared/config/user-pool.ts';
import { passwordPolicy } from '../shared/domain/password-policy.ts';

export const TABLE_NAME = 'switchboard';
const POOL_NAME = 'switchboard-local';

export interface LocalState {
  userPoolId: string;
  userPoolClientId: string;
  /** Generated once; OPERATOR_KEY in the environment takes precedence. */
  operatorKey: string;
  cursorSecret: string;
  /** The webhook key (64 hex characters) that seals the endpoints' signing secrets; generated once. */
  webhookKey: string;
}

export interface Endpoints {
  dynamodb: string;
  cognito: string;
}

/** The emulators accept any credentials; these only keep the SDK's credential chain from looking further. */
const clientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

const isNotFound = (err: unknown) => (err as Error).name === 'ResourceNotFoundException';
const secret = () => randomBytes(32).toString('base64url');

/** What the table's stream carries, as deployed: each changed item's new image (the fan-out reads audit events). */
const tableStream = { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } as const;

/** Creates the table, or brings one kept in DATA_DIR up to date (`tableName`: another table, for tests). */
export async function provisionTable(endpoint: string, tableName = TABLE_NAME): Promise<void> {
  const ddb = new DynamoDBClient(clientConfig(endpoint));
  try {
    const { partitionKey, sortKey, ttlAttribute, indexes } = tableDefinition;
    const keyNames = [partitionKey, sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    const attributes: AttributeDefinition[] = keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }));
    const gsi = (i: (typeof indexes)[number]): GlobalSecondaryIndex => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });

    const existing = await ddb.send(new DescribeTableCommand({ TableName: tableName })).catch((err) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (!existing) {
      await ddb.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: attributes,
          KeySchema: [
            { AttributeName: partitionKey, KeyType: 'HASH' },
            { AttributeName: sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: indexes.map(gsi),
          StreamSpecification: tableStream,
        }),
      );
    } else {
      // A table kept in DATA_DIR from before an index was added to tableDefinition gets it now (one per update, like AWS).
      const have = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
      for (const index of indexes.filter((i) => !have.has(i.name))) {
        await ddb.send(
          new UpdateTableCommand({
            TableName: tableName,
            AttributeDefinitions: attributes,
            GlobalSecondaryIndexUpdates: [{ Create: gsi(index) }],
          }),
        );
      }
    }
    // a table kept in DATA_DIR from before the stream gets it now
    if (existing && !existing.Table?.StreamSpecification?.StreamEnabled)
      await ddb.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: tableStream }));
    await waitUntilTableExists({ client: ddb, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });

    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await ddb.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
        }),
      );
    }
  } finally {
    ddb.destroy();
  }
}

/**
 * What the emulator still has of the saved pool and client. A client from before the app client became
 * confidential (no secret) counts as missing: a new one is created in the same pool, so its users stay.
 */
async function savedPoolAndClient(
  cognito: CognitoIdentityProviderClient,
  state: LocalState,
): Promise<'both' | 'pool' | 'none'> {
  try {
    await cognito.send(new DescribeUserPoolCommand({ UserPoolId: state.userPoolId }));
  } catch (err) {
    if (isNotFound(err)) return 'none';
    throw err;
  }
  try {
    const out = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: state.userPoolId, ClientId: state.userPoolClientId }),
    );
    return appClientDefinition.generateSecret && !out.UserPoolClient?.ClientSecret ? 'pool' : 'both';
  } catch (err) {
    if (isNotFound(err)) return 'pool';
    throw err;
  }
}

async function createPoolAndClient(
  cognito: CognitoIdentityProviderClient,
): Promise<Pick<LocalState, 'userPoolId' | 'userPoolClientId'>> {
  const policy = passwordPolicy;
  const pool = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: POOL_NAME,
      UsernameAttributes: [...userPoolDefinition.usernameAttributes],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: userPoolDefinition.mfa,
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.minLength,
          RequireLowercase: policy.requireLowercase,
          RequireUppercase: policy.requireUppercase,
          RequireNumbers: policy.requireDigits,
          RequireSymbols: policy.requireSymbols,
        },
      },
    }),
  );
  const userPoolId = pool.UserPool!.Id!;
  return { userPoolId, userPoolClientId: await createClient(cognito, userPoolId) };
}

/**
 * The API's app client, as the CDK stack defines it: confidential (GenerateSecret), so only the functions, which read
 * its secret with DescribeUserPoolClient at run time, can sign people in on it (cognito-local does not check
 * SECRET_HASH; AWS does).
 */
async function createClient(cognito: CognitoIdentityProviderClient, userPoolId: string): Promise<string> {
  const client = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: appClientDefinition.name,
      ExplicitAuthFlows: [...appClientDefinition.authFlows],
      GenerateSecret: appClientDefinition.generateSecret,
      PreventUserExistenceErrors: appClientDefinition.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
      AccessTokenValidity: appClientDefinition.accessTokenValidityMinutes,
      IdTokenValidity: appClientDefinition.idTokenValidityMinutes,
      RefreshTokenValidity: appClientDefinition.refreshTokenValidityDays,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    }),
  );
  return client.UserPoolClient!.ClientId!;
}

function readState(file: string): Partial<LocalState> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalState>;
  } catch {
    return {};
  }
}

/** Provisions table, pool and client; returns the (possibly reused) local state. */
export async function provision(dataDir: string, endpoints: Endpoints): Promise<LocalState> {
  const file = join(dataDir, 'local-state.json');
  const saved = readState(file);
  const cognito = new CognitoIdentityProviderClient(clientConfig(endpoints.cognito));
  try {
    const [ids] = await Promise.all([
      (async () => {
        const known =
          saved.userPoolId && saved.userPoolClientId ? await savedPoolAndClient(cognito, saved as LocalState) : 'none';
        if (known === 'both') return { userPoolId: saved.userPoolId!, userPoolClientId: saved.userPoolClientId! };
        if (known === 'pool')
          return { userPoolId: saved.userPoolId!, userPoolClientId: await createClient(cognito, saved.userPoolId!) };
        return createPoolAndClient(cognito);
      })(),
      provisionTable(endpoints.dynamodb),
    ]);
    const state: LocalState = {
      ...ids,
      operatorKey: saved.operatorKey ?? secret(),
      cursorSecret: saved.cursorSecret ?? secret(),
      webhookKey: saved.webhookKey ?? randomBytes(32).toString('hex'),
    };
    writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    return state;
  } finally {
    cognito.destroy();
  }
}
