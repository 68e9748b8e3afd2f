import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookStore } from '#adapters/dynamodb/webhook-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { webhookLoopbackAllowed } from '#adapters/webhook-settings.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-webhook.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toWebhookDto } from '#http/webhooks-dto.ts';
import { updateWebhook } from '#use-cases/webhooks.ts';

const deps = { webhooks: webhookStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, body, ifMatch }) => {
  const webhook = await updateWebhook(
    { ...deps, allowLoopback: webhookLoopbackAllowed() },
    asMember(caller),
    params.webhookId,
    body,
    ifMatch,
  );
  return ok(toWebhookDto(webhook), etag(webhook.version));
});
