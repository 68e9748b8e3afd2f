import { Duration, NestedStack, Validations } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping, FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StreamConsumerDef } from '#config/events.ts';
import type { JobDef, QueueWorkerDef } from '#config/jobs.ts';
import type { DeploymentBrand } from '#domain/brand.ts';
import type { Area, Grant, RouteAuth, RouteDef } from '#http/route-types.ts';
import { ApiFunction, type ObservabilitySettings } from './api-function.ts';

/** A function fed by SQS queues (the import worker, the webhook delivery worker): what its mappings need. */
export type QueueConsumerDef = Pick<
  QueueWorkerDef,
  'name' | 'grants' | 'timeoutSeconds' | 'memoryMb' | 'maxConcurrency' | 'summary'
> & {
  /** Messages per invocation; 1 when unset. */
  batchSize?: number;
};

/** A queue worker and its queues: one event source mapping each, named `<Worker>Source<label>`. */
export interface QueueWorker {
  worker: QueueConsumerDef;
  queues: { queue: IQueue; label?: string }[];
}

/** A function fed by the table's stream, with the filter of its mapping and where it reports what it gave up on. */
export interface StreamConsumer {
  consumer: StreamConsumerDef;
  streamArn: string;
  /** A Lambda event filter pattern (its `FilterCriteria`): records that do not match never reach the function. */
  filter: Record<string, unknown>;
  deadLetters: IQueue;
}

export interface ApiAreaProps {
  stage: string;
  area: Area;
  routes: RouteDef[];
  /** Scheduled jobs of this area: a function and an EventBridge schedule each. */
  jobs?: JobDef[];
  /** Queue workers of this area: a function and the event source mapping of each of its queues. */
  queueWorkers?: QueueWorker[];
  /** Stream consumers of this area: a function and the event source mapping of the stream each. */
  streamConsumers?: StreamConsumer[];
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
  scim: 'SCIM route: the function checks the bearer API key of a system user with an enabled SCIM connection (key record, user and account read from the table) and answers every 401 as a SCIM error; a JWT authorizer cannot pass API keys.',
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
        // `ANY` (the SCIM fallback): every method no other route of the path declares
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
    for (const { worker, queues } of props.queueWorkers ?? []) {
      const fn = functionFor(worker.name, worker.grants, `Queue worker: ${worker.summary}`, undefined, {
        timeout: Duration.seconds(worker.timeoutSeconds),
        memorySize: worker.memoryMb,
      });
      // a worker costs two resources and one per queue: function, log group, an event source mapping each. The
      // mappings are made by hand (not SqsEventSource) so that a queue grants nothing beside the role's grants.
      for (const { queue, label } of queues)
        new EventSourceMapping(this, `${pascal(worker.name)}Source${label ?? ''}`, {
          target: fn.function,
          eventSourceArn: queue.queueArn,
          batchSize: worker.batchSize ?? 1,
          reportBatchItemFailures: true,
          // workers run side by side up to this many per queue; more messages wait in it
          maxConcurrency: worker.maxConcurrency,
        });
    }
    for (const { consumer, streamArn, filter, deadLetters } of props.streamConsumers ?? []) {
      const fn = functionFor(consumer.name, consumer.grants, `Stream consumer: ${consumer.summary}`, undefined, {
        timeout: Duration.seconds(consumer.timeoutSeconds),
        memorySize: consumer.memoryMb,
      });
      // three resources: function, log group, event source mapping (by hand, like the queues': the role's
      // `stream:read` reads the stream and may send to the dead-letter queue, nothing is granted beside it)
      new EventSourceMapping(this, `${pascal(consumer.name)}Source`, {
        target: fn.function,
        eventSourceArn: streamArn,
        // only what is written from the deployment on; one shard's records in order (no parallelization)
        startingPosition: StartingPosition.LATEST,
        batchSize: consumer.batchSize,
        maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
        filters: [FilterCriteria.filter(filter)],
        // the function names the first record of the chunk that failed (those before it are done) and the retry
        // starts there; halving applies only when the function itself fails (a timeout, a crash)
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: consumer.maxRetryAttempts,
        onFailure: { bind: () => ({ destination: deadLetters.queueArn }) },
      });
    }
  }
}
