import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeliveryWorkerDef, StreamConsumerDef } from '#config/events.ts';
import { generatedSecret, hexKey } from './generated-secret.ts';
import { deadLetterAlarm, deadLetterQueue, WorkQueue } from './work-queue.ts';

export interface EventsOutProps {
  stage: string;
  fanOut: StreamConsumerDef;
  delivery: DeliveryWorkerDef;
}

/** The fan-out's iterator age (ms, maximum over 5 minutes) at which it pages: events reach endpoints a minute late. */
export const fanOutIteratorAgeAlarmMs = 60_000;
/** The delivery worker's crashes or timeouts in five minutes at which it pages (it fails messages one by one). */
export const deliveryErrorsAlarmCount = 3;

/**
 * Events out, the root stack's part (shared/config/events.ts): the two delivery queues (first attempts FIFO, in
 * order per endpoint and member; retries standard, with per-message delays), each with its dead-letter queue; the
 * fan-out's dead-letter queue (where its event source mapping reports batches it gave up on); the deployment's
 * EventBridge bus; the key webhook signing secrets are sealed with; and their alarms. The two functions live in the
 * `webhooks` area's nested stack; the roles that reach these resources are in AccessRoles.
 */
export class EventsOut extends Construct {
  readonly firstAttempts: WorkQueue;
  readonly retries: WorkQueue;
  readonly fanOutDeadLetters: Queue;
  readonly bus: EventBus;
  readonly webhookKey: Secret;
  /** Every alarm of events out, for the monitoring topic and dashboard (the functions' once `watch` has run). */
  readonly alarms: Alarm[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EventsOutProps,
  ) {
    super(scope, id);
    const { stage, delivery, fanOut } = props;
    this.firstAttempts = new WorkQueue(this, 'WebhookQueue', {
      stage,
      worker: delivery,
      fifo: true,
      runbook: 'EventsOutWebhookQueueDeadLettersAlarm',
    });
    this.retries = new WorkQueue(this, 'WebhookRetryQueue', {
      stage,
      worker: delivery,
      runbook: 'EventsOutWebhookRetryQueueDeadLettersAlarm',
    });
    this.fanOutDeadLetters = deadLetterQueue(this, 'FanOutDeadLetters');
    Validations.of(this.fanOutDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "It is a dead-letter queue: the on-failure destination of the fan-out's stream event source mapping, " +
        'which sends it a description of each batch it gave up on (shard, sequence numbers); only an operator reads it.',
    });
    this.alarms.push(
      this.firstAttempts.deadLetterAlarm,
      this.retries.deadLetterAlarm,
      deadLetterAlarm(this, 'FanOutDeadLettersAlarm', {
        queue: this.fanOutDeadLetters,
        what:
          `Switchboard ${stage}: ${fanOut.name} gave up on a batch of audit events after ${fanOut.maxRetryAttempts} ` +
          'attempts; their webhook deliveries and bus entries were not made',
        runbook: 'EventsOutFanOutDeadLettersAlarm',
      }),
    );

    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `switchboard-${stage}`,
      description: `Switchboard ${stage}: every audit event, source "switchboard", detail-type its type`,
    });
    this.webhookKey = generatedSecret(this, 'WebhookKey', {
      description: `Switchboard ${stage}: the AES-256 key (hex) webhook signing secrets are sealed with in the table`,
      generate: hexKey(32),
      // the table is retained with the sealed secrets in it; without this key they could never be opened again
      retain: true,
      manualRotation:
        'Rotating it makes every stored webhook signing secret unreadable (deliveries fail until each endpoint gets ' +
        'a new secret), so the operator re-seals or rotates them; docs/operations.md: "The webhook key".',
    });
  }

  /** The alarms on the two functions, once their area's nested stack has made them. */
  watch(functions: { fanOut: IFunction; delivery: IFunction }) {
    const { stage, fanOut, delivery } = this.props;
    const fiveMinutes = Duration.minutes(5);
    const runbook = (name: string) => `(runbook: docs/operations.md, "EventsOut${name}")`;
    this.alarms.push(
      new Alarm(this, 'FanOutIteratorAgeAlarm', {
        alarmDescription:
          `Switchboard ${stage}: ${fanOut.name} is ${fanOutIteratorAgeAlarmMs / 1000} s or more behind the table's ` +
          `stream ${runbook('FanOutIteratorAgeAlarm')}`,
        metric: functions.fanOut.metric('IteratorAge', { statistic: Stats.MAXIMUM, period: fiveMinutes }),
        threshold: fanOutIteratorAgeAlarmMs,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'DeliveryErrorsAlarm', {
        alarmDescription:
          `Switchboard ${stage}: ${delivery.name} ended in an error or a timeout ${deliveryErrorsAlarmCount} times ` +
          `or more in five minutes ${runbook('DeliveryErrorsAlarm')}`,
        metric: functions.delivery.metricErrors({ statistic: Stats.SUM, period: fiveMinutes }),
        threshold: deliveryErrorsAlarmCount,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
