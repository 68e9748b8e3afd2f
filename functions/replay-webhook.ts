import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookStore } from '#adapters/dynamodb/webhook-store.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { sqsDeliveryQueue } from '#adapters/webhooks/sqs-delivery-queue.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/replay-webhook.ts';
import { asMember } from '#http/authenticate.ts';
import { json } from '#http/responses.ts';
import { replayWebhook } from '#use-cases/webhooks.ts';

const deps = { webhooks: webhookStore, queue: sqsDeliveryQueue, clock: systemClock };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, body }) =>
  json(202, await replayWebhook(deps, asMember(caller), params.webhookId, body)),
);
