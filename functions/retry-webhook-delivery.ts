import { deliveryStore } from '#adapters/dynamodb/delivery-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookReads } from '#adapters/dynamodb/webhook-store.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { sqsDeliveryQueue } from '#adapters/webhooks/sqs-delivery-queue.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/retry-webhook-delivery.ts';
import { asMember } from '#http/authenticate.ts';
import { json } from '#http/responses.ts';
import { toDeliveryDto } from '#http/webhooks-dto.ts';
import { retryDelivery } from '#use-cases/webhooks.ts';

const deps = { webhooks: webhookReads, deliveries: deliveryStore, queue: sqsDeliveryQueue, clock: systemClock };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const delivery = await retryDelivery(deps, asMember(caller), params.webhookId, params.deliveryId);
  return json(202, toDeliveryDto(delivery));
});
