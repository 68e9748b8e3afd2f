import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { CfnResource } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface PublicApiProps {
  stage: string;
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
  integrationError: '$context.integrationErrorMessage',
} as const;

/**
 * The HTTP API and its `$default` stage (throttling, access logs). Routes are added by the area stacks, with no
 * API Gateway authorizer: every function authenticates its caller itself (a Cognito access token, a system user's
 * API key, the operator key), so that API keys pass and every 401 is problem+json.
 */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: `switchboard-${props.stage}`,
      description: `Switchboard user-management API (${props.stage})`,
      createDefaultStage: false,
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

  /**
   * A throttle of their own for these route keys (`POST /v1/auth/token`), on top of the stage's default: the stage's
   * `RouteSettings`. API Gateway refuses settings for a route that does not exist yet, and the routes live in the
   * nested stacks, so the stage waits for the stacks that create them (`routeStacks`).
   */
  throttleRoutes(
    routeKeys: readonly string[],
    throttle: { rateLimit: number; burstLimit: number },
    routeStacks: readonly CfnResource[],
  ): void {
    if (routeKeys.length === 0) return;
    const stage = this.stage.node.defaultChild as CfnStage;
    stage.routeSettings = Object.fromEntries(
      [...routeKeys]
        .sort()
        .map((key) => [key, { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit }]),
    );
    for (const routeStack of routeStacks)
      stage.addResourceDependency(routeStack, 'API Gateway refuses the settings of a route that does not exist yet');
  }

  get url(): string {
    return this.stage.url;
  }
}
