import { deliveryStore } from '#adapters/dynamodb/delivery-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookReads } from '#adapters/dynamodb/webhook-store.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-webhook-deliveries.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { toDeliveryDto } from '#http/webhooks-dto.ts';
import { listDeliveries } from '#use-cases/webhooks.ts';

const deps = { webhooks: webhookReads, deliveries: deliveryStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const page = await listDeliveries(deps, asMember(caller), params.webhookId, query);
  return ok({ items: page.items.map(toDeliveryDto), nextCursor: page.nextCursor });
});
