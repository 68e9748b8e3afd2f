import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { activeAccountManagers } from '#adapters/dynamodb/account-managers.ts';
import { deliveryStore } from '#adapters/dynamodb/delivery-store.ts';
import { eventSource } from '#adapters/dynamodb/event-source.ts';
import { webhookStore } from '#adapters/dynamodb/webhook-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { webhookSecretBox } from '#adapters/webhook-secret-box.ts';
import { httpWebhookSender } from '#adapters/webhooks/http-sender.ts';
import { sqsDeliveryQueue } from '#adapters/webhooks/sqs-delivery-queue.ts';
import { envInt, eventSettingNames } from '#config/env.ts';
import { webhookDelivery } from '#config/events.ts';
import { DEFAULT_RETRY_SCHEDULE_SECONDS, DISABLE_AFTER_FAILING_SECONDS } from '#domain/webhook.ts';
import { logger } from '#observability/logger.ts';
import { flushMetrics } from '#observability/metrics.ts';
import { attemptDelivery, continueReplay, type DeliveryDeps } from '#use-cases/webhook-delivery.ts';
import { deliverBatch, retryScheduleFrom } from './wiring/webhook-batches.ts';

const deps: DeliveryDeps = withSettings({
  deliveries: deliveryStore,
  webhooks: webhookStore,
  queue: sqsDeliveryQueue,
  sender: httpWebhookSender,
  secretBox: webhookSecretBox,
  events: eventSource,
  clock: systemClock,
  ids: ulidIds,
  get retrySchedule() {
    return retryScheduleFrom(process.env[eventSettingNames.webhookRetrySchedule], DEFAULT_RETRY_SCHEDULE_SECONDS);
  },
  get disableAfterSeconds() {
    return envInt(eventSettingNames.webhookDisableAfterSeconds, DISABLE_AFTER_FAILING_SECONDS);
  },
  managers: activeAccountManagers,
  accounts: accountReads,
  mailer: sesMailer,
  translators,
});

/**
 * Queue-driven (the FIFO first-attempt queue and the standard retry queue, partial batch responses): not an HTTP
 * route. A message that fails on an error of ours is reported back with the rest of its group; SQS delivers them
 * again, and parks a message in the dead-letter queue after its maxReceiveCount.
 */
export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  logger.startInvocation(context, { route: webhookDelivery.name, area: webhookDelivery.area });
  try {
    return await deliverBatch(event, async (message, messageId) =>
      'kind' in message
        ? `replayed ${(await continueReplay(deps, message)).queued}`
        : attemptDelivery(deps, message, messageId),
    );
  } finally {
    flushMetrics();
  }
};
