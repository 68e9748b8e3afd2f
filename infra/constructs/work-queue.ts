import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueWorkerDef } from '#config/jobs.ts';

/** AWS's advice for a queue behind a Lambda event source: a visibility timeout of six times the function's timeout. */
export const VISIBILITY_FACTOR = 6;

/** How long a dead letter waits for an operator (SQS's longest retention). */
const DEAD_LETTER_RETENTION = Duration.days(14);

/** A queue that holds what failed (encrypted with SQS-managed keys, TLS only), kept 14 days for an operator. */
export function deadLetterQueue(scope: Construct, id: string, options: { fifo?: boolean } = {}): Queue {
  return new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
    ...(options.fifo && { fifo: true }),
  });
}

/** In alarm while any message waits in `queue` (5 minutes), naming its runbook entry in docs/operations.md. */
export function deadLetterAlarm(scope: Construct, id: string, props: { queue: Queue; what: string; runbook: string }) {
  return new Alarm(scope, id, {
    alarmDescription: `${props.what} (runbook: docs/operations.md, "${props.runbook}")`,
    metric: props.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

export interface WorkQueueProps {
  stage: string;
  /** The function the queue feeds: its timeout sets the visibility timeout, its receive count the redrive. */
  worker: Pick<QueueWorkerDef, 'name' | 'timeoutSeconds' | 'maxReceiveCount'>;
  /** The runbook entry of the dead-letter alarm (a heading of docs/operations.md). */
  runbook: string;
  /**
   * FIFO in high-throughput mode: deduplication and throughput per message group, so groups (one per ordering key)
   * do not share a queue-wide quota; content-based deduplication off (senders give each message its id).
   */
  fifo?: boolean;
}

/**
 * The queue that hands work to a queue worker, with its dead-letter queue: a message that fails `maxReceiveCount`
 * deliveries is parked there (14 days) for an operator to look at and redrive. Both are encrypted (SQS-managed keys)
 * and refuse requests without TLS. In the root stack, beside the roles that use it.
 */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  /** In alarm while any message waits in the dead-letter queue. */
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    const { worker, fifo } = props;
    this.deadLetters = deadLetterQueue(this, 'DeadLetters', { fifo });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(worker.timeoutSeconds * VISIBILITY_FACTOR),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: worker.maxReceiveCount },
      ...(fifo && {
        fifo: true,
        contentBasedDeduplication: false,
        deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
        fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      }),
    });
    this.deadLetterAlarm = deadLetterAlarm(this, 'DeadLettersAlarm', {
      queue: this.deadLetters,
      what:
        `Switchboard ${props.stage}: a ${worker.name} message failed ${worker.maxReceiveCount} deliveries and waits ` +
        'in the dead-letter queue',
      runbook: props.runbook,
    });
  }
}
