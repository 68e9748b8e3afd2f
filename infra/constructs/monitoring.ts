import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
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
import { cleanupLeftWorkMessage } from '#config/jobs.ts';

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
  /** Alarms made elsewhere (the import dead-letter queue's) that page through the same topic. */
  otherAlarms?: Alarm[];
}

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
 * The deployment's alarms, their one SNS topic and one dashboard. Fixed in number: nothing here grows with the
 * route table (the API is watched as a whole, Lambda at the region's aggregate), so the root stack stays far from
 * CloudFormation's 500 resources. Every alarm names its runbook entry in docs/operations.md (Runbook).
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
        /** Percentile alarms only: 'ignore' keeps a handful of requests (a cold start) from deciding the state. */
        evaluateLowSampleCountPercentile?: 'ignore' | 'evaluate';
        what: string;
      },
    ) => {
      const created = new Alarm(this, name, {
        alarmDescription: `Switchboard ${stage}: ${options.what} (runbook: docs/operations.md, Runbook, "${name}")`,
        metric,
        threshold: options.threshold,
        evaluationPeriods: options.evaluationPeriods,
        datapointsToAlarm: options.datapointsToAlarm ?? options.evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.treatMissingData,
        evaluateLowSampleCountPercentile: options.evaluateLowSampleCountPercentile,
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
    alarm('ApiLatencyP99', apiMetric('Latency', Stats.p(99)), {
      threshold: 3000,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      evaluateLowSampleCountPercentile: 'ignore',
      what: "the API's p99 latency was 3 s or more for 15 minutes",
    });

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
  }
}
