import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface PublicApiProps {
  stage: string;
  userPool: IUserPool;
  client: IUserPoolClient;
  logRetention: RetentionDays;
  throttle: { rateLimit: number; burstLimit: number };
}

/**
 * One access-log line per request. No header is logged (so never Authorization), and no query string:
 * the path parameters are ids, never secrets.
 */
export const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  responseLength: '$context.responseLength',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
} as const;

/** The HTTP API, its `$default` stage (throttling, access logs) and the member authorizer. Routes are added by the area stacks. */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** Edge filter for `member` routes: a valid access token of this app client, or 401 before any function runs. */
  readonly memberAuthorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.memberAuthorizer = new HttpUserPoolAuthorizer('MemberAuthorizer', props.userPool, {
      userPoolClients: [props.client],
      authorizerName: 'member-access-token',
      identitySource: ['$request.header.Authorization'],
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: `switchboard-${props.stage}`,
      description: `Switchboard user-management API (${props.stage})`,
      createDefaultStage: false,
      // secure by default: a route that forgets to choose gets the member authorizer, not an open door
      defaultAuthorizer: this.memberAuthorizer,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });
  }

  get url(): string {
    return this.stage.url;
  }
}
