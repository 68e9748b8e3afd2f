/**
 * The delivery queues (SQS): first attempts on the FIFO queue, in order per message group (the delivery's order
 * key), deduplicated per delivery and version; retries and the steps of long waits on the standard queue with a
 * delay. Locally both URLs name the SQS-compatible endpoint of `npm start`.
 */
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { env, eventSettingNames } from '#config/env.ts';
import type { DeliveryMessage } from '#domain/webhook.ts';
import type { DeliveryQueue } from '#ports/webhooks.ts';
import { traceClient } from '#observability/tracing.ts';

/** One client per container. */
const sqs = traceClient(new SQSClient({ maxAttempts: 3 }));

/** SendMessageBatch takes at most ten entries. */
const BATCH = 10;
/** SQS DelaySeconds: 0 to 900. */
const MAX_DELAY_SECONDS = 900;

type FirstAttempt = Parameters<DeliveryQueue['sendFirst']>[0][number];

/** The body of a first attempt: which delivery, and the version it is sent for. */
const firstMessage = (d: FirstAttempt): DeliveryMessage => ({
  accountId: d.accountId,
  webhookId: d.webhookId,
  deliveryId: d.id,
  version: d.version,
});

/**
 * The deduplication id: the delivery (its endpoint and event) and its version, so that a copy of the same first
 * attempt is dropped by SQS, while a retry (a new version) goes out. The endpoint is in it although the order key
 * (the message group) already names it: two endpoints' deliveries of one event never collide, whatever the queue's
 * deduplication scope.
 */
export const deduplicationId = (d: FirstAttempt): string => `${d.webhookId}.${d.id}.${d.version}`;

export const sqsDeliveryQueue: DeliveryQueue = {
  async sendFirst(deliveries) {
    // one batch after another: the order between batches is the order within each message group
    for (let i = 0; i < deliveries.length; i += BATCH) {
      const chunk = deliveries.slice(i, i + BATCH);
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: env(eventSettingNames.webhookQueueUrl),
          Entries: chunk.map((d, n) => ({
            Id: String(n),
            MessageBody: JSON.stringify(firstMessage(d)),
            MessageGroupId: d.orderKey,
            MessageDeduplicationId: deduplicationId(d),
          })),
        }),
      );
      if (out.Failed?.length) {
        const codes = [...new Set(out.Failed.map((f) => f.Code ?? 'unknown'))].join(', ');
        throw new Error(`The webhook queue refused ${out.Failed.length} of ${chunk.length} messages (${codes})`);
      }
    }
  },

  async sendLater(message, delaySeconds) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: env(eventSettingNames.webhookRetryQueueUrl),
        MessageBody: JSON.stringify(message),
        DelaySeconds: Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.ceil(delaySeconds))),
      }),
    );
  },
};
