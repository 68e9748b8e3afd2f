import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { deliveryStore } from '#adapters/dynamodb/delivery-store.ts';
import { webhookReads } from '#adapters/dynamodb/webhook-store.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { eventBusFor } from '#adapters/webhooks/eventbridge-bus.ts';
import { localEventBus } from '#adapters/webhooks/local-event-bus.ts';
import { sqsDeliveryQueue } from '#adapters/webhooks/sqs-delivery-queue.ts';
import { eventFanOut } from '#config/events.ts';
import { logger } from '#observability/logger.ts';
import { flushMetrics } from '#observability/metrics.ts';
import { endpointsReadOnce, type FanOutDeps, fanOutEvents } from '#use-cases/event-fan-out.ts';
import { fanOutStream } from './wiring/webhook-batches.ts';

const deps: FanOutDeps = {
  webhooks: webhookReads,
  deliveries: deliveryStore,
  queue: sqsDeliveryQueue,
  bus: eventBusFor(localEventBus),
  clock: systemClock,
};

/**
 * Stream-driven (the table's stream, new audit events only, partial batch responses): not an HTTP route. A batch
 * that fails is handed back from the first record of the chunk that failed, so Lambda retries from there (at least
 * once, in order). Each account's endpoints are read once per batch, shared by its chunks.
 */
export const handler = async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
  logger.startInvocation(context, { route: eventFanOut.name, area: eventFanOut.area });
  try {
    const once: FanOutDeps = { ...deps, webhooks: endpointsReadOnce(deps.webhooks) };
    return await fanOutStream(event, (events) => fanOutEvents(once, events));
  } finally {
    flushMetrics();
  }
};
