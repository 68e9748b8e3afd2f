// The deployment's alarms: each exists with its threshold and pages through the one encrypted topic; the email
// subscription follows context `alarmEmail`; one dashboard shows them all. And context `tracing` on: every function
// traced and built with the tracer branch (off, the default, is checked on the default app in routes.test.ts). The
// second app carries every non-default context value at once: one synthesis less for the infra project.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Area } from '#config/deployment.ts';
import { eventFanOut, webhookDelivery } from '#config/events.ts';
import { jobs, queueWorkers } from '#config/jobs.ts';
import { routes } from '#http/routes.ts';
import { areaLatencyP99Ms, businessMetrics } from '../../infra/constructs/monitoring.ts';
import { allowedActions, build, synthesize, type Resource, type Synthesized } from './support.ts';

let s: Synthesized;
/** alarmEmail, tracing and debugLogSampleRate set (as `-c` passes them: text). */
let custom: Synthesized;
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
  custom = synthesize({
    context: { alarmEmail: 'oncall@example.com', tracing: 'true', debugLogSampleRate: '0.25' },
  });
  [topicId] = Object.keys(s.root.findResources('AWS::SNS::Topic'));
  alarms = s.root.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>;
});

const GTE = 'GreaterThanOrEqualToThreshold';

/** An alarm's metric math inputs by id: namespace, name, statistic and dimensions (names, or sorted pairs). */
const stats = (metrics: any[], withValues = false) =>
  Object.fromEntries(
    metrics
      .filter((m) => m.MetricStat)
      .map((m) => {
        const dims = [...(m.MetricStat.Metric.Dimensions ?? [])].sort((a: any, b: any) => a.Name.localeCompare(b.Name));
        return [
          m.Id,
          {
            namespace: m.MetricStat.Metric.Namespace,
            name: m.MetricStat.Metric.MetricName,
            stat: m.MetricStat.Stat,
            dimensions: withValues ? dims : dims.map((d: any) => d.Name),
          },
        ];
      }),
  );

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
    // events out (test/infra/events-out.test.ts checks their metrics)
    ['EventsOutWebhookQueueDeadLettersAlarm', 1, 1, 1, 300, 'notBreaching'],
    ['EventsOutWebhookRetryQueueDeadLettersAlarm', 1, 1, 1, 300, 'notBreaching'],
    ['EventsOutFanOutDeadLettersAlarm', 1, 1, 1, 300, 'notBreaching'],
    ['EventsOutFanOutIteratorAgeAlarm', 60_000, 1, 1, 300, 'notBreaching'],
    ['EventsOutDeliveryErrorsAlarm', 3, 1, 1, 300, 'notBreaching'],
  ];
  // per area with routes: the 5xx rate (2 of 3 five-minute periods) and the p99 latency (3 in a row)
  const areas = [...new Set(routes.map((r) => r.area))];
  const pascal = (area: Area) => `Monitoring${area.charAt(0).toUpperCase()}${area.slice(1)}`;
  for (const area of areas) {
    expected.push([`${pascal(area)}5xxRate`, 0.05, 3, 2, 300, 'notBreaching']);
    expected.push([`${pascal(area)}LatencyP99`, areaLatencyP99Ms[area], 3, 3, 300, 'notBreaching']);
  }

  it('are exactly the documented ones: 16 for the deployment, two for each area with routes', () => {
    expect(areas).toHaveLength(11);
    expect(Object.keys(alarms)).toHaveLength(16 + 2 * areas.length);
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
    // too few requests for a p99 (a cold start or two) read as 0: a floor of its own, since CloudWatch's low-sample
    // rule for p99 would wait for 1000 requests in a period
    const apiLatency = alarmNamed('MonitoringApiLatencyP99').Metrics;
    expect(apiLatency.find((m: any) => m.ReturnData !== false).Expression).toBe('IF(requests >= 100, latency, 0)');
    expect(stats(apiLatency)).toEqual({
      latency: { namespace: 'AWS/ApiGateway', name: 'Latency', stat: 'p99', dimensions: ['ApiId'] },
      requests: { namespace: 'AWS/ApiGateway', name: 'Count', stat: 'Sum', dimensions: ['ApiId'] },
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

  it.each([...new Set(routes.map((r) => r.area))])(
    "%s: 5xx rate and p99 latency from the area's own request metrics, with floors",
    (area) => {
      const pascal = `Monitoring${area.charAt(0).toUpperCase()}${area.slice(1)}`;
      const rate = alarmNamed(`${pascal}5xxRate`);
      expect(rate.Metrics.find((m: any) => m.ReturnData !== false).Expression).toBe(
        'IF(requests >= 20, IF(errors >= 3, errors / requests, 0), 0)',
      );
      const dimensions = [
        { Name: 'area', Value: area },
        { Name: 'service', Value: 'switchboard' },
      ];
      expect(stats(rate.Metrics, true)).toEqual({
        errors: { namespace: 'Switchboard', name: 'serverErrors', stat: 'Sum', dimensions },
        requests: { namespace: 'Switchboard', name: 'requests', stat: 'Sum', dimensions },
      });
      expect(rate.AlarmDescription).toContain('"<Area>5xxRate"');
      const latency = alarmNamed(`${pascal}LatencyP99`);
      expect(latency.Threshold).toBe(areaLatencyP99Ms[area]);
      expect(latency.Metrics.find((m: any) => m.ReturnData !== false).Expression).toBe(
        'IF(requests >= 100, latency, 0)',
      );
      expect(stats(latency.Metrics, true)).toEqual({
        latency: { namespace: 'Switchboard', name: 'latency', stat: 'p99', dimensions },
        requests: { namespace: 'Switchboard', name: 'requests', stat: 'Sum', dimensions },
      });
      expect(latency.AlarmDescription).toContain('"<Area>LatencyP99"');
    },
  );

  it('every area of the declarations has a latency threshold, from 1 to 3 s', () => {
    for (const threshold of Object.values(areaLatencyP99Ms)) {
      expect(threshold).toBeGreaterThanOrEqual(1000);
      expect(threshold).toBeLessThanOrEqual(3000);
    }
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
    custom.root.resourceCountIs('AWS::SNS::Subscription', 1);
    custom.root.hasResourceProperties('AWS::SNS::Subscription', {
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

  it('graphs every business count, summed per hour, by service only (no account or user dimension)', () => {
    const [dashboard] = Object.values(s.root.findResources('AWS::CloudWatch::Dashboard'));
    // the body is JSON joined with tokens (the region); a placeholder stands in for each
    const [, parts] = dashboard.Properties!.DashboardBody['Fn::Join'] as [string, unknown[]];
    const body = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'token')).join(''));
    const graphed = (body.widgets as any[])
      .flatMap((w) => w.properties.metrics ?? [])
      .filter((m: any[]) => m[0] === 'Switchboard');
    expect(graphed.map((m: any[]) => m[1]).sort()).toEqual([...businessMetrics].sort());
    for (const m of graphed)
      expect(m, m[1]).toEqual([
        'Switchboard',
        m[1],
        'service',
        'switchboard',
        expect.objectContaining({ stat: 'Sum', period: 3600 }),
      ]);
  });
});

const xray = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

describe('context tracing on', () => {
  it('traces every function (routes, jobs, workers) actively and builds it with the tracer branch', () => {
    expect(custom.settings.tracing).toBe(true);
    const all = custom.functions();
    expect(all).toHaveLength(routes.length + jobs.length + queueWorkers.length + [eventFanOut, webhookDelivery].length);
    for (const { name, construct, resource } of all) {
      expect(resource.Properties!.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(construct.bundling.define?.['process.env.SB_TRACING'], name).toBe('"on"');
      // the sampling rate travels alongside, from its own context value
      expect(resource.Properties!.Environment.Variables.POWERTOOLS_LOGGER_SAMPLE_RATE, name).toBe('0.25');
      expect(resource.Properties!.Environment.Variables.POWERTOOLS_TRACER_CAPTURE_RESPONSE, name).toBe('false');
    }
  });

  it("lets every function's role write traces, and nothing more of X-Ray", () => {
    const policies = Object.values(custom.root.findResources('AWS::IAM::Policy')) as Resource[];
    const roles = custom.functions().map(({ area, resource }) => custom.fromRoot(area, resource.Properties!.Role));
    const roleIds = new Set(roles.map((role) => (role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]));
    expect(roleIds.size).toBeGreaterThan(1);
    for (const roleId of roleIds) {
      const attached = policies.filter((p) => p.Properties!.Roles.some((r: { Ref: string }) => r.Ref === roleId));
      const actions = attached.flatMap((p) => allowedActions({ Properties: { Policies: [p.Properties] } }));
      expect(actions.filter((a) => a.startsWith('xray:')).sort(), roleId).toEqual([...xray].sort());
    }
    // contrast: with tracing off (the default app) no role may write traces
    const offActions = Object.values(s.root.findResources('AWS::IAM::Policy')).flatMap((p) =>
      allowedActions({ Properties: { Policies: [p.Properties] } }),
    );
    expect(offActions.filter((a) => a.startsWith('xray:'))).toEqual([]);
  });

  it('leaves cdk-nag nothing unacknowledged (the X-Ray wildcard is acknowledged only when tracing is on)', () => {
    const report = custom.nag.validateScope(custom.app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources[0]?.constructPath}`)).toEqual([]);
    expect(report.success).toBe(true);
  });
});
