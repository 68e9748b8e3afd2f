import { Duration, NestedStack, Validations } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { JobDef, QueueWorkerDef } from '#config/jobs.ts';
import type { DeploymentBrand } from '#domain/brand.ts';
import type { Area, Grant, RouteAuth, RouteDef } from '#http/route-types.ts';
import { ApiFunction, type ObservabilitySettings } from './api-function.ts';

export interface ApiAreaProps {
  stage: string;
  area: Area;
  routes: RouteDef[];
  /** Scheduled jobs of this area: a function and an EventBridge schedule each. */
  jobs?: JobDef[];
  /** Queue workers of this area: a function and the event source mapping of its queue each. */
  queueWorkers?: { worker: QueueWorkerDef; queue: IQueue }[];
  api: IHttpApi;
  roleFor: (grants: readonly Grant[]) => IRole;
  /** The deployment brand, shipped beside every function's bundle (routes, jobs and queue workers alike). */
  brand: DeploymentBrand;
  environmentFor: (needs: { grants: readonly Grant[] }) => Record<string, string>;
  entryFor: (operationId: string) => string;
  logRetention: RetentionDays;
  /**
   * Reserved concurrency of each flood-limited route's function (`floodLimited` in its declaration); undefined: none.
   */
  publicRouteConcurrency?: number;
  /** Powertools' environment and the tracing flag, for every function of the area. */
  observability: ObservabilitySettings;
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** No route has an API Gateway authorizer: each kind's function authenticates its caller itself, for these reasons. */
const noAuthorizerReason: Record<RouteAuth, string> = {
  member:
    "Member route: the function authenticates every request itself (a Cognito access token verified against the pool's JWKS, or a system user's API key), then authorizes from stored state; a JWT authorizer cannot pass API keys, and the function answers every 401 as problem+json.",
  public:
    'Public by the API contract (GET /v1/health, GET /v1/openapi.json, POST /v1/auth/*, POST /v1/invitations/accept, the hosted pages): the caller has no token yet. The function validates the body; stage throttling applies, and the routes that do work for anyone have a throttle of their own and reserved concurrency.',
  operator:
    'Operator route: the function compares X-Operator-Key with the key in Secrets Manager before doing anything; a JWT authorizer cannot check that key.',
  memberOrOperator:
    'Operator-or-member route: with X-Operator-Key the function compares it with the key in Secrets Manager, otherwise it verifies the token or API key as on member routes and authorizes from stored state; a JWT authorizer can check neither the key nor API keys.',
};

/**
 * The functions, integrations and routes of one area, in a nested stack of their own. A route costs five
 * resources here (function, log group, integration, route, one invoke permission) and none in the root stack.
 */
export class ApiArea extends NestedStack {
  readonly functions = new Map<string, ApiFunction>();

  constructor(scope: Construct, id: string, props: ApiAreaProps) {
    super(scope, id, { description: `Switchboard ${props.stage}: ${props.area} operations` });
    const none = new HttpNoneAuthorizer();
    /** An operation's or a job's function: same defaults, its own role by grants, its own log group. */
    const functionFor = (
      operationId: string,
      grants: readonly Grant[],
      description: string,
      dataFiles?: RouteDef['dataFiles'],
      size?: { timeout?: Duration; memorySize?: number; reservedConcurrentExecutions?: number },
    ) => {
      const fn = new ApiFunction(this, pascal(operationId), {
        stage: props.stage,
        area: props.area,
        operationId,
        entry: props.entryFor(operationId),
        description,
        role: props.roleFor(grants),
        environment: props.environmentFor({ grants }),
        brand: props.brand,
        logRetention: props.logRetention,
        observability: props.observability,
        dataFiles,
        ...size,
      });
      this.functions.set(operationId, fn);
      return fn;
    };
    for (const route of props.routes) {
      const name = pascal(route.operationId);
      const fn = functionFor(
        route.operationId,
        route.grants,
        `${route.method} ${route.path}: ${route.summary}`,
        route.dataFiles,
        route.floodLimited && props.publicRouteConcurrency !== undefined
          ? { reservedConcurrentExecutions: props.publicRouteConcurrency }
          : undefined,
      );
      const httpRoute = new HttpRoute(this, `${name}Route`, {
        httpApi: props.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        // one invoke permission per function, for this API only (a function serves exactly one route)
        integration: new HttpLambdaIntegration('Integration', fn.function, { scopePermissionToRoute: false }),
        authorizer: none,
      });
      Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: noAuthorizerReason[route.auth.kind] });
    }
    for (const job of props.jobs ?? []) {
      const name = pascal(job.name);
      const fn = functionFor(job.name, job.grants, `Scheduled every ${job.everyMinutes} min: ${job.summary}`);
      // a job costs four resources: function, log group, schedule rule, invoke permission
      new Rule(this, `${name}Schedule`, {
        description: `Switchboard ${props.stage}: runs ${job.name}`,
        schedule: Schedule.rate(Duration.minutes(job.everyMinutes)),
        targets: [new LambdaFunction(fn.function, { retryAttempts: 2 })],
      });
    }
    for (const { worker, queue } of props.queueWorkers ?? []) {
      const fn = functionFor(worker.name, worker.grants, `Queue worker: ${worker.summary}`, undefined, {
        timeout: Duration.seconds(worker.timeoutSeconds),
        memorySize: worker.memoryMb,
      });
      // a worker costs three resources: function, log group, event source mapping. The mapping is made by hand (not
      // SqsEventSource) so that the queue grants nothing beside the role's `queue:consume`.
      new EventSourceMapping(this, `${pascal(worker.name)}Source`, {
        target: fn.function,
        eventSourceArn: queue.queueArn,
        batchSize: 1,
        reportBatchItemFailures: true,
        // imports run side by side up to this many; more wait in the queue (each paces its own mails)
        maxConcurrency: worker.maxConcurrency,
      });
    }
  }
}
