// The deployment's alarms: each exists with its threshold and pages through the one encrypted topic; the email
// subscription follows context `alarmEmail`; one dashboard shows them all.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, synthesize, type Resource, type Synthesized } from './support.ts';

let s: Synthesized;
let withEmail: Synthesized;
let topicId: string;
let alarms: Record<string, Resource>;

/** The alarm whose logical id starts with the construct path's ids (Monitoring + name, or the queue's own). */
const alarmNamed = (prefix: string) => {
  const found = Object.entries(alarms).filter(([id]) => id.startsWith(prefix));
  expect(
    found.map(([id]) => id),
    prefix,
  ).toHaveLength(1);
  return found[0][1].Properties!;
};

beforeAll(() => {
  s = synthesize();
  withEmail = synthesize({ context: { alarmEmail: 'oncall@example.com' } });
  [topicId] = Object.keys(s.root.findResources('AWS::SNS::Topic'));
  alarms = s.root.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>;
});

const GTE = 'GreaterThanOrEqualToThreshold';

describe('alarms', () => {
  // name, threshold, evaluation periods, datapoints to alarm, period (s), missing data
  const expected: Array<[string, number, number, number, number, string]> = [
    ['MonitoringApi5xxRate', 0.05, 3, 2, 300, 'notBreaching'],
    ['MonitoringApiLatencyP99', 3000, 3, 3, 300, 'notBreaching'],
    ['MonitoringLambdaErrors', 5, 1, 1, 300, 'notBreaching'],
    ['MonitoringLambdaThrottles', 5, 1, 1, 300, 'notBreaching'],
    ['MonitoringTableThrottles', 10, 2, 2, 300, 'notBreaching'],
    ['MonitoringTableSystemErrors', 5, 1, 1, 300, 'notBreaching'],
    ['MonitoringCleanupFailed', 1, 1, 1, 3600, 'notBreaching'],
    ['MonitoringCleanupLeftWork', 1, 2, 2, 3600, 'notBreaching'],
    ['MonitoringSesBounceRate', 0.05, 1, 1, 3600, 'notBreaching'],
    ['MonitoringSesComplaintRate', 0.001, 1, 1, 3600, 'notBreaching'],
    ['ImportQueueDeadLettersAlarm', 1, 1, 1, 300, 'notBreaching'],
  ];

  it('are exactly the documented ones', () => {
    expect(Object.keys(alarms)).toHaveLength(expected.length);
  });

  it.each(expected)(
    '%s: >= %s over %s periods (%s to alarm), period %s s, missing data %s',
    (name, threshold, periods, datapoints, period, missing) => {
      const alarm = alarmNamed(name);
      expect(alarm).toMatchObject({
        Threshold: threshold,
        EvaluationPeriods: periods,
        ComparisonOperator: GTE,
        TreatMissingData: missing,
      });
      expect(alarm.DatapointsToAlarm ?? periods).toBe(datapoints);
      const metricPeriods = alarm.Metrics
        ? alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period)
        : [alarm.Period];
      expect(new Set(metricPeriods)).toEqual(new Set([period]));
      // every alarm pages through the topic, and says when it is over
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.AlarmDescription).toMatch(/docs\/operations\.md/);
    },
  );

  it('watch the right metrics', () => {
    expect(alarmNamed('MonitoringApi5xxRate').Metrics.find((m: any) => m.ReturnData !== false).Expression).toBe(
      'IF(requests >= 20, errors / requests, 0)',
    );
    expect(alarmNamed('MonitoringApiLatencyP99')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      // too few requests for a p99 (a cold start or two) leave the state as it is
      EvaluateLowSampleCountPercentile: 'ignore',
    });
    expect(alarmNamed('MonitoringLambdaErrors')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors' });
    expect(alarmNamed('MonitoringLambdaErrors').Dimensions).toBeUndefined();
    expect(alarmNamed('MonitoringLambdaThrottles')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles' });
    // table and its four indexes, read and write: ten metrics, the most an alarm's math takes
    const throttles = alarmNamed('MonitoringTableThrottles').Metrics.filter((m: any) => m.MetricStat);
    expect(throttles).toHaveLength(10);
    expect(new Set(throttles.map((m: any) => m.MetricStat.Metric.MetricName))).toEqual(
      new Set(['ReadThrottleEvents', 'WriteThrottleEvents']),
    );
    const systemErrors = alarmNamed('MonitoringTableSystemErrors').Metrics.filter((m: any) => m.MetricStat);
    expect(systemErrors.length).toBeLessThanOrEqual(10);
    expect(systemErrors.every((m: any) => m.MetricStat.Metric.MetricName === 'SystemErrors')).toBe(true);
    expect(alarmNamed('MonitoringCleanupFailed')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors' });
    expect(alarmNamed('MonitoringCleanupLeftWork')).toMatchObject({
      Namespace: 'Switchboard',
      MetricName: 'CleanupLeftWork',
      Statistic: 'Maximum',
    });
    expect(alarmNamed('MonitoringSesBounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
    });
    expect(alarmNamed('MonitoringSesComplaintRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
    });
  });

  it("count the cleanup runs that stopped at their budget from the cleanup job's log", () => {
    s.root.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '"invitation cleanup stopped at its budget"',
      MetricTransformations: [
        { MetricNamespace: 'Switchboard', MetricName: 'CleanupLeftWork', MetricValue: '1', DefaultValue: 0 },
      ],
    });
  });
});

describe('alarm topic', () => {
  it('is one topic, encrypted with a rotated key CloudWatch may use, TLS only', () => {
    s.root.resourceCountIs('AWS::SNS::Topic', 1);
    s.root.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    s.root.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      }),
    });
    s.root.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('has no subscription without context alarmEmail, and an email one with it', () => {
    s.root.resourceCountIs('AWS::SNS::Subscription', 0);
    withEmail.root.resourceCountIs('AWS::SNS::Subscription', 1);
    withEmail.root.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('refuses an alarmEmail that is not an address, naming the key', () => {
    expect(() => build({ context: { alarmEmail: 'oncall at example' } })).toThrow(
      'Context value "alarmEmail" must be a bare email address (or unset), got oncall at example',
    );
    expect(() => build({ context: { alarmEmail: 42 } })).toThrow(/Context value "alarmEmail" must be a string/);
  });
});

describe('dashboard', () => {
  it('is one dashboard named after the stage, showing every alarm', () => {
    s.root.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const [dashboard] = Object.values(s.root.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard.Properties!.DashboardName).toBe(`switchboard-${s.settings.stage}`);
    const body = JSON.stringify(dashboard.Properties!.DashboardBody);
    for (const id of Object.keys(alarms)) expect(body, id).toContain(id);
  });
});
