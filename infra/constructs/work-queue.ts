import { Duration } from 'aws-cdk-lib';
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
  }
}
