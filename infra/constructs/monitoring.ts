import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
  type IAlarm,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Area } from '#config/deployment.ts';
import { cleanupLeftWorkMessage } from '#config/jobs.ts';
import { powertools } from './api-function.ts';

export interface MonitoringProps {
  stage: string;
  /** Subscribed by email to the topic when set (context `alarmEmail`). */
  alarmEmail?: string;
  api: IHttpApi;
  table: ITable;
  /** The table's global secondary indexes: their throttles count with the table's. */
  indexNames: readonly string[];
  /** The scheduled cleanup job, when the app has it (synthetic test apps may not). */
  cleanup?: { function: IFunction; logGroup: ILogGroup; everyMinutes: number };
  /** Alarms made elsewhere (the import queue's, events out's) that page through the same topic. */
  otherAlarms?: Alarm[];
  /** The areas that have routes: each gets a 5xx-rate and a p99-latency alarm on the metrics its functions publish. */
  areas: readonly Area[];
}

/**
 * The per-request metrics every API function publishes (EMF through Powertools, shared/observability/metrics.ts):
 * namespace `Switchboard`, dimensions `{service, area}`; `latency` in milliseconds.
 */
export const requestMetrics = {
  namespace: powertools.metricsNamespace,
  service: powertools.serviceName,
  requests: 'requests',
  serverErrors: 'serverErrors',
  latency: 'latency',
} as const;

/** The business counts (EMF, dimension `{service}` only), graphed on the dashboard. */
export const businessMetrics = [
  'signInSucceeded',
  'signInFailed',
  'invitationsSent',
  'mailsRefused',
  'tokensRefusedRevoked',
  'cleanupExpired',
  'cleanupLeftWork',
  'importRowsSucceeded',
  'importRowsFailed',
  'eventsFannedOut',
  'webhookDeliveriesSucceeded',
  'webhookDeliveriesFailed',
  'webhookEndpointsDisabled',
] as const;

/**
 * The p99 (ms, as the handler measures it) at which an area's latency alarm pages: what its slowest common call waits
 * on, with room for a cold first call (secret, JWKS). Cognito's admin and sign-in calls take hundreds of milliseconds,
 * an SES send about a hundred; the DynamoDB-only areas answer in tens (docs/operations.md, "<Area>LatencyP99").
 */
export const areaLatencyP99Ms: Record<Area, number> = {
  platform: 3000, // sign-in and token refresh wait on Cognito
  lifecycle: 3000, // Cognito admin calls: deactivate, reset, MFA, passwords
  pages: 3000, // the submitted sign-in, accept and reset forms wait on Cognito
  invitations: 3000, // every invitation is a mail (SES), several per request
  directory: 2000, // reads mostly; accepting an invitation makes three Cognito calls
  organization: 1000,
  telephony: 1000,
  groups: 1000,
  imports: 1000, // starting an import queues it; the rows run in the worker
  webhooks: 1000, // DynamoDB only: the routes write and queue; deliveries run in the worker, never in a request
  scim: 3000, // a created member gets its invitation mail (SES); a group's PATCH may write 1,000 members in chunks
};

/**
 * Below these counts in a five-minute period the per-area alarms stay quiet: one failure in two requests at night is
 * not a rate, and a p99 of a handful of requests is their slowest one (a cold start).
 */
export const areaAlarmFloors = { rateMinRequests: 20, rateMinErrors: 3, latencyMinRequests: 100 } as const;

const pascalArea = (area: Area) => `${area.charAt(0).toUpperCase()}${area.slice(1)}`;

const tableOperations = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.TRANSACT_GET_ITEMS,
];

/** Namespace and metric name of the count of cleanup runs that stopped at their budget (a metric filter). */
export const cleanupLeftWorkMetric = { namespace: 'Switchboard', metricName: 'CleanupLeftWork' } as const;

/**
 * The deployment's alarms, their one SNS topic and one dashboard. Nothing here grows with the route table: the API is
 * watched as a whole and per area (two alarms per area, nine areas), Lambda at the region's aggregate, so the root
 * stack stays far from CloudFormation's 500 resources. Every alarm names its runbook entry in docs/operations.md.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms = new Map<string, Alarm>();
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { stage } = props;
    // CloudWatch cannot publish to a topic under the AWS managed SNS key, so the topic has a key of its own that
    // lets CloudWatch (this account's alarms only) encrypt to it
    const key = new Key(this, 'TopicKey', {
      description: `Switchboard ${stage}: encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: `Switchboard ${stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (
      name: string,
      metric: IMetric,
      options: {
        threshold: number;
        evaluationPeriods: number;
        datapointsToAlarm?: number;
        treatMissingData: TreatMissingData;
        what: string;
        /** The runbook entry, when one entry serves a family of alarms (one per area). */
        runbook?: string;
      },
    ) => {
      const entry = options.runbook ?? name;
      const created = new Alarm(this, name, {
        alarmDescription: `Switchboard ${stage}: ${options.what} (runbook: docs/operations.md, Runbook, "${entry}")`,
        metric,
        threshold: options.threshold,
        evaluationPeriods: options.evaluationPeriods,
        datapointsToAlarm: options.datapointsToAlarm ?? options.evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.treatMissingData,
      });
      this.alarms.set(name, created);
      return created;
    };
    const fiveMinutes = Duration.minutes(5);

    // the API as a whole (per-route metrics would need detailed metrics: a paid custom metric per route and kind)
    const apiMetric = (metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.api.apiId },
        statistic,
        period: fiveMinutes,
      });
    alarm(
      'Api5xxRate',
      new MathExpression({
        // below 20 requests in five minutes a single failure is not a rate worth waking anyone for
        expression: 'IF(requests >= 20, errors / requests, 0)',
        usingMetrics: { errors: apiMetric('5xx', Stats.SUM), requests: apiMetric('Count', Stats.SUM) },
        label: 'API 5xx rate',
        period: fiveMinutes,
      }),
      {
        threshold: 0.05,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        what: 'at least 5% of API requests answered 5xx in 2 of the last 3 five-minute periods (20 requests or more)',
      },
    );
    // a p99 alarm ignores periods of fewer than 1000 requests when told to ignore low samples (10 / (1 - 0.99)), so
    // the floor is metric math of our own: 100 requests in five minutes
    alarm(
      'ApiLatencyP99',
      new MathExpression({
        expression: `IF(requests >= ${areaAlarmFloors.latencyMinRequests}, latency, 0)`,
        usingMetrics: { latency: apiMetric('Latency', Stats.p(99)), requests: apiMetric('Count', Stats.SUM) },
        label: 'API p99 latency (ms)',
        period: fiveMinutes,
      }),
      {
        threshold: 3000,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        what: `the API's p99 latency was 3 s or more for 15 minutes (${areaAlarmFloors.latencyMinRequests} requests or more in each five)`,
      },
    );

    // per area, from the metrics the functions publish: which part of the API fails or slows down. They count what
    // the handler answered; what it never answered (a crash, a timeout, a throttle) is the API-wide alarms' and
    // Lambda's
    const areaMetric = (area: Area, metricName: string, statistic: string) =>
      new Metric({
        namespace: requestMetrics.namespace,
        metricName,
        dimensionsMap: { service: requestMetrics.service, area },
        statistic,
        period: fiveMinutes,
      });
    const { rateMinRequests, rateMinErrors, latencyMinRequests } = areaAlarmFloors;
    for (const area of props.areas) {
      const requests = areaMetric(area, requestMetrics.requests, Stats.SUM);
      alarm(
        `${pascalArea(area)}5xxRate`,
        new MathExpression({
          expression: `IF(requests >= ${rateMinRequests}, IF(errors >= ${rateMinErrors}, errors / requests, 0), 0)`,
          usingMetrics: { errors: areaMetric(area, requestMetrics.serverErrors, Stats.SUM), requests },
          label: `${area}: 5xx rate`,
          period: fiveMinutes,
        }),
        {
          threshold: 0.05,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          runbook: '<Area>5xxRate',
          what: `at least 5% of the ${area} area's requests answered 5xx in 2 of the last 3 five-minute periods (${rateMinRequests} requests and ${rateMinErrors} failures or more in each)`,
        },
      );
      const threshold = areaLatencyP99Ms[area];
      alarm(
        `${pascalArea(area)}LatencyP99`,
        new MathExpression({
          expression: `IF(requests >= ${latencyMinRequests}, latency, 0)`,
          usingMetrics: { latency: areaMetric(area, requestMetrics.latency, Stats.p(99)), requests },
          label: `${area}: p99 latency (ms)`,
          period: fiveMinutes,
        }),
        {
          threshold,
          evaluationPeriods: 3,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          runbook: '<Area>LatencyP99',
          what: `the ${area} area's p99 latency was ${threshold} ms or more for 15 minutes (${latencyMinRequests} requests or more in each five)`,
        },
      );
    }

    // Lambda at the region's aggregate (every function of the account there): an alarm's metric math takes at most
    // 10 metrics, fewer than one area's functions
    alarm('LambdaErrors', LambdaFunction.metricAllErrors({ statistic: Stats.SUM, period: fiveMinutes }), {
      threshold: 5,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      what: 'Lambda functions failed (uncaught error or timeout) 5 times or more in five minutes',
    });
    alarm('LambdaThrottles', LambdaFunction.metricAllThrottles({ statistic: Stats.SUM, period: fiveMinutes }), {
      threshold: 5,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      what: 'Lambda refused 5 invocations or more in five minutes for want of concurrency',
    });

    // the table and its indexes: read and write throttle events (10 metrics, metric math's limit)
    const tableMetric = (metricName: string, index?: string) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.table.tableName, ...(index && { GlobalSecondaryIndexName: index }) },
        statistic: Stats.SUM,
        period: fiveMinutes,
      });
    const throttleMetrics: Record<string, IMetric> = { tableRead: tableMetric('ReadThrottleEvents') };
    throttleMetrics.tableWrite = tableMetric('WriteThrottleEvents');
    props.indexNames.forEach((index, i) => {
      throttleMetrics[`index${i}Read`] = tableMetric('ReadThrottleEvents', index);
      throttleMetrics[`index${i}Write`] = tableMetric('WriteThrottleEvents', index);
    });
    alarm(
      'TableThrottles',
      new MathExpression({
        expression: Object.keys(throttleMetrics).join(' + '),
        usingMetrics: throttleMetrics,
        label: 'DynamoDB throttle events (table and indexes)',
        period: fiveMinutes,
      }),
      {
        threshold: 10,
        evaluationPeriods: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        what: 'DynamoDB throttled 10 requests or more in each of two five-minute periods',
      },
    );
    alarm(
      'TableSystemErrors',
      // SystemErrors is published per operation: those the service calls (9, under metric math's 10)
      props.table.metricSystemErrorsForOperations({ operations: tableOperations, period: fiveMinutes }),
      {
        threshold: 5,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        what: 'DynamoDB answered 5 requests or more with an internal error (HTTP 500) in five minutes',
      },
    );

    if (props.cleanup) {
      const { everyMinutes } = props.cleanup;
      const runPeriod = Duration.minutes(everyMinutes);
      alarm('CleanupFailed', props.cleanup.function.metricErrors({ statistic: Stats.SUM, period: runPeriod }), {
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        what: 'the scheduled invitation cleanup failed (an error or a timeout)',
      });
      // a run that stopped at its budget logs a line of its own (cleanupLeftWorkMessage); other lines count 0
      new MetricFilter(this, 'CleanupLeftWorkFilter', {
        logGroup: props.cleanup.logGroup,
        filterPattern: FilterPattern.allTerms(cleanupLeftWorkMessage),
        metricNamespace: cleanupLeftWorkMetric.namespace,
        metricName: cleanupLeftWorkMetric.metricName,
        metricValue: '1',
        defaultValue: 0,
      });
      alarm('CleanupLeftWork', new Metric({ ...cleanupLeftWorkMetric, statistic: Stats.MAXIMUM, period: runPeriod }), {
        threshold: 1,
        evaluationPeriods: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        what: 'two cleanup runs in a row stopped at their budget with expired invitations still left',
      });
    }

    // SES pauses sending at a 10% bounce or 0.5% complaint rate and reviews the account from 5% and 0.1%: alarm at
    // the review levels, while there is time to act (the rates are the account's, over its recent sending)
    const ses = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic: Stats.MAXIMUM, period: Duration.hours(1) });
    alarm('SesBounceRate', ses('Reputation.BounceRate'), {
      threshold: 0.05,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      what: "the SES account's bounce rate reached 5% (SES reviews the account at 5% and may pause sending at 10%)",
    });
    alarm('SesComplaintRate', ses('Reputation.ComplaintRate'), {
      threshold: 0.001,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      what: "the SES account's complaint rate reached 0.1% (SES reviews the account at 0.1% and may pause sending at 0.5%)",
    });

    const every: IAlarm[] = [...this.alarms.values(), ...(props.otherAlarms ?? [])];
    for (const a of [...this.alarms.values(), ...(props.otherAlarms ?? [])]) {
      a.addAlarmAction(action);
      a.addOkAction(action);
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `switchboard-${stage}`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: every, width: 24 }));
    this.dashboard.addWidgets(
      ...[...this.alarms.values(), ...(props.otherAlarms ?? [])].map(
        (a) => new AlarmWidget({ alarm: a, title: a.node.id, width: 8, height: 6 }),
      ),
    );

    // what the service does: the business counts, summed per hour (no alarm: see the runbook, "Sign-in failures")
    const business = (metricName: (typeof businessMetrics)[number]) =>
      new Metric({
        namespace: requestMetrics.namespace,
        metricName,
        dimensionsMap: { service: requestMetrics.service },
        statistic: Stats.SUM,
        period: Duration.hours(1),
        label: metricName,
      });
    const graph = (title: string, names: Array<(typeof businessMetrics)[number]>) =>
      new GraphWidget({ title, left: names.map(business), width: 8, height: 6 });
    this.dashboard.addWidgets(
      graph('Sign-ins', ['signInSucceeded', 'signInFailed']),
      graph('Invitations and mail', ['invitationsSent', 'mailsRefused']),
      graph('Tokens refused (revoked)', ['tokensRefusedRevoked']),
      graph('Invitation cleanup', ['cleanupExpired', 'cleanupLeftWork']),
      graph('Import rows', ['importRowsSucceeded', 'importRowsFailed']),
      graph('Events out', ['eventsFannedOut', 'webhookDeliveriesSucceeded', 'webhookDeliveriesFailed']),
      graph('Webhook endpoints disabled', ['webhookEndpointsDisabled']),
    );
  }
}
