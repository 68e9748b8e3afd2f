import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueWorkerDef } from '#config/jobs.ts';

/** AWS's advice for a queue behind a Lambda event source: a visibility timeout of six times the function's timeout. */
export const VISIBILITY_FACTOR = 6;

/**
 * The queue that hands work to a queue worker (shared/config/jobs.ts), with its dead-letter queue: a message that
 * fails `maxReceiveCount` deliveries is parked there (14 days) for an operator to look at and redrive. Both are
 * encrypted (SQS-managed keys) and refuse requests without TLS. In the root stack, beside the roles that use it.
 */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  /** In alarm while any message waits in the dead-letter queue (runbook: docs/operations.md, the import queue). */
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: { stage: string; worker: QueueWorkerDef }) {
    super(scope, id);
    const { worker } = props;
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(worker.timeoutSeconds * VISIBILITY_FACTOR),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: worker.maxReceiveCount },
    });
    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `Switchboard ${props.stage}: a ${worker.name} message failed ${worker.maxReceiveCount} deliveries and waits in the dead-letter queue (see the import queue runbook in docs/operations.md)`,
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
