import { ArnFormat, Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Grant } from '#http/route-types.ts';
import { functionLogPrefix } from './api-function.ts';
import type { MailSender } from './mail-sender.ts';

export interface AccessResources {
  stage: string;
  table: ITable;
  userPool: IUserPool;
  mail: MailSender;
  operatorKey: ISecret;
  sealingKey: ISecret;
  /** The import queue: sent to by uploads and by its worker, consumed by its worker. */
  importQueue: IQueue;
  /** Events out: the table's stream and where the fan-out reports batches it gave up on. */
  tableStreamArn: string;
  fanOutDeadLetters: IQueue;
  /** The two webhook delivery queues (first attempts FIFO, retries standard). */
  webhookQueues: readonly IQueue[];
  webhookKey: ISecret;
  eventBus: IEventBus;
  /** Context `tracing`: each function then adds X-Ray's write actions to its role (a policy of the role's own). */
  tracing: boolean;
}

type IdentityGrant = Extract<Grant, `identity:${string}`>;

/** The Cognito admin calls behind each identity grant: a function gets only the calls its use cases make. */
export const identityActions: Record<IdentityGrant, string[]> = {
  'identity:provision': ['AdminCreateUser', 'AdminGetUser', 'AdminSetUserPassword'],
  'identity:credentials': ['AdminSetUserPassword', 'AdminUserGlobalSignOut'],
  'identity:access': ['AdminDisableUser', 'AdminEnableUser', 'AdminUserGlobalSignOut'],
  'identity:remove': ['AdminDeleteUser'],
  'identity:mfa': ['AdminSetUserMFAPreference', 'AdminUserGlobalSignOut'],
  // the confidential app client's secret, for SECRET_HASH (sign-in, refresh, challenge answers, password checks)
  'identity:sign-in': ['DescribeUserPoolClient'],
};

/** What a Lambda event source mapping needs of an SQS queue. */
export const consumeActions = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
];

/** What a Lambda event source mapping needs of a DynamoDB stream. */
export const streamReadActions = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
];

/** IAM statement ids are alphanumeric: `identity:sign-in` → `IdentitySignIn`. */
const sidOf = (grant: IdentityGrant) =>
  `Identity${grant
    .slice('identity:'.length)
    .split('-')
    .map((w) => w.replace(/^./, (c) => c.toUpperCase()))
    .join('')}`;

/** What each grant allows. Transactions need no action of their own: IAM checks each item's Put/Update/Delete/ConditionCheck. */
function statementsFor(grant: Grant, r: AccessResources): PolicyStatement[] {
  const table = r.table.tableArn;
  switch (grant) {
    case 'table:read':
      return [
        new PolicyStatement({
          sid: 'TableRead',
          actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'],
          resources: [table],
        }),
        new PolicyStatement({ sid: 'TableQuery', actions: ['dynamodb:Query'], resources: [table, `${table}/index/*`] }),
      ];
    case 'table:write':
      return [
        new PolicyStatement({
          sid: 'TableWrite',
          actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          resources: [table],
        }),
      ];
    case 'identity:provision':
    case 'identity:credentials':
    case 'identity:access':
    case 'identity:remove':
    case 'identity:mfa':
    case 'identity:sign-in':
      return [
        new PolicyStatement({
          sid: sidOf(grant),
          actions: identityActions[grant].map((a) => `cognito-idp:${a}`),
          resources: [r.userPool.userPoolArn],
        }),
      ];
    case 'mail:send':
      return [r.mail.sendStatement()];
    case 'queue:send':
      return [
        new PolicyStatement({ sid: 'QueueSend', actions: ['sqs:SendMessage'], resources: [r.importQueue.queueArn] }),
      ];
    case 'queue:consume':
      // what a Lambda event source mapping needs of its queue
      return [
        new PolicyStatement({ sid: 'QueueConsume', actions: consumeActions, resources: [r.importQueue.queueArn] }),
      ];
    case 'secret:operator-key':
      return [
        new PolicyStatement({
          sid: 'OperatorKeyRead',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [r.operatorKey.secretArn],
        }),
      ];
    case 'secret:sealing-key':
      return [
        new PolicyStatement({
          sid: 'SealingKeyRead',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [r.sealingKey.secretArn],
        }),
      ];
    case 'secret:webhook-key':
      return [
        new PolicyStatement({
          sid: 'WebhookKeyRead',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [r.webhookKey.secretArn],
        }),
      ];
    case 'webhooks:send':
      // SendMessageBatch is authorized as SendMessage
      return [
        new PolicyStatement({
          sid: 'WebhookQueueSend',
          actions: ['sqs:SendMessage'],
          resources: r.webhookQueues.map((q) => q.queueArn),
        }),
      ];
    case 'webhooks:consume':
      return [
        new PolicyStatement({
          sid: 'WebhookQueueConsume',
          actions: consumeActions,
          resources: r.webhookQueues.map((q) => q.queueArn),
        }),
      ];
    case 'events:put':
      return [
        new PolicyStatement({ sid: 'EventBusPut', actions: ['events:PutEvents'], resources: [r.eventBus.eventBusArn] }),
      ];
    case 'stream:read':
      // what a Lambda event source mapping needs of a DynamoDB stream, and of its on-failure destination
      return [
        new PolicyStatement({
          sid: 'TableStreamRead',
          actions: streamReadActions,
          resources: [r.tableStreamArn],
        }),
        new PolicyStatement({
          sid: 'FanOutFailures',
          actions: ['sqs:SendMessage'],
          resources: [r.fanOutDeadLetters.queueArn],
        }),
      ];
  }
}

/** Canonical key of a grant set: order and duplicates do not make a new role. */
export const grantSetKey = (grants: readonly Grant[]): string => [...new Set(grants)].sort().join(',') || 'none';

const pascal = (key: string) =>
  key
    .split(/[^a-zA-Z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/**
 * One least-privilege role per distinct grant set, shared by every function with that set. Roles live in the
 * root stack, so 100 operations cost a handful of roles instead of 100 (and 100 policies).
 */
export class AccessRoles extends Construct {
  private readonly roles = new Map<string, Role>();

  constructor(
    scope: Construct,
    id: string,
    private readonly resources: AccessResources,
  ) {
    super(scope, id);
  }

  roleFor(grants: readonly Grant[]): IRole {
    const key = grantSetKey(grants);
    const existing = this.roles.get(key);
    if (existing) return existing;

    const stack = Stack.of(this);
    const logGroups = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${functionLogPrefix(this.resources.stage)}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const statements = [
      new PolicyStatement({
        sid: 'FunctionLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logGroups}:*`],
      }),
      ...[...new Set(grants)].sort().flatMap((grant) => statementsFor(grant, this.resources)),
    ];
    const role = new Role(this, pascal(key), {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Switchboard ${this.resources.stage} functions with grants: ${key}`,
      inlinePolicies: { access: new PolicyDocument({ statements }) },
    });
    this.acknowledgeWildcards(role, grants);
    this.roles.set(key, role);
    return role;
  }

  /** cdk-nag IAM5, finding by finding: the two wildcards these roles carry, and why each is as narrow as it gets. */
  private acknowledgeWildcards(role: Role, grants: readonly Grant[]) {
    const acknowledge = (resource: string, reason: string) =>
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
    acknowledge(
      `arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:${functionLogPrefix(this.resources.stage)}*:*`,
      "Log streams are named by Lambda at run time, and the group part covers only this deployment's function log groups. Naming each group would add a line per operation to this shared role, toward IAM's 10,240-character inline policy limit.",
    );
    if (this.resources.tracing)
      acknowledge(
        '*',
        "X-Ray's PutTraceSegments and PutTelemetryRecords take no resource (the service authorizes them only with *); Lambda adds them for active tracing (context tracing), and they write trace data, reading nothing.",
      );
    if (grants.includes('table:read')) {
      const table = Stack.of(this).getLogicalId(this.resources.table.node.defaultChild as CfnResource);
      acknowledge(
        `<${table}.Arn>/index/*`,
        "Query on this table's own GSIs (GSI1-GSI4, overloaded by design); index/* names exactly those and nothing outside the table.",
      );
    }
  }
}
