/**
 * The two webhook delivery queues of `npm start`, as deployed: first attempts on a FIFO queue (one message group per
 * endpoint and member, so their deliveries go in order) and retries on a standard queue with delays. Both are local
 * SQS queues (local/sqs-queue.ts) served by the gateway's SQS endpoint, and both deliver to the delivery worker's
 * handler (`webhookDelivery`), with its batch size, concurrency and maxReceiveCount.
 */
import { webhookDelivery } from '../shared/config/events.ts';
import { localQueueUrl } from './import-queue.ts';
import { createSqsQueue, type SqsQueue, type SqsQueueOptions } from './sqs-queue.ts';

export const webhookQueueNames = {
  first: 'switchboard-local-webhooks.fifo',
  retries: 'switchboard-local-webhook-retries',
} as const;

export type WebhookQueueRole = keyof typeof webhookQueueNames;

/** The queues' URLs on the local endpoint: WEBHOOK_QUEUE_URL (first) and WEBHOOK_RETRY_QUEUE_URL (retries). */
export const webhookQueueUrls = (baseUrl: string): Record<WebhookQueueRole, string> => ({
  first: localQueueUrl(baseUrl, webhookQueueNames.first),
  retries: localQueueUrl(baseUrl, webhookQueueNames.retries),
});

export type WebhookQueueOptions = Pick<SqsQueueOptions, 'root' | 'log' | 'trace' | 'redeliveryDelayMs' | 'handler'>;

export function createWebhookQueues(options: WebhookQueueOptions): Record<WebhookQueueRole, SqsQueue> {
  const queue = (role: WebhookQueueRole, label: string) =>
    createSqsQueue({
      ...options,
      name: webhookQueueNames[role],
      label,
      worker: webhookDelivery,
      batchSize: webhookDelivery.batchSize,
      maxConcurrency: webhookDelivery.maxConcurrency,
      about: aboutDelivery,
    });
  return { first: queue('first', 'webhooks'), retries: queue('retries', 'webhook retries') };
}

/** What a delivery message is about, for the console: `delivery <id> (webhook <id>)`, or a replay. */
function aboutDelivery(body: string): string {
  try {
    const value = JSON.parse(body) as { kind?: unknown; webhookId?: unknown; deliveryId?: unknown };
    if (value.kind === 'replay') return `replay (webhook ${String(value.webhookId)})`;
    if (typeof value.deliveryId === 'string')
      return `delivery ${value.deliveryId} (webhook ${String(value.webhookId)})`;
  } catch {
    // not JSON: the worker drops it
  }
  return `message of ${body.length} characters`;
}
