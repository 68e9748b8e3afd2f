import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookStore } from '#adapters/dynamodb/webhook-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/delete-webhook.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { deleteWebhook } from '#use-cases/webhooks.ts';

const deps = { webhooks: webhookStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, ifMatch }) => {
  await deleteWebhook(deps, asMember(caller), params.webhookId, ifMatch);
  return noContent();
});
