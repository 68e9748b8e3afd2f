import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookStore } from '#adapters/dynamodb/webhook-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { webhookSecretBox } from '#adapters/webhook-secret-box.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/rotate-webhook-secret.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toWebhookWithSecretDto } from '#http/webhooks-dto.ts';
import { rotateWebhookSecret } from '#use-cases/webhooks.ts';

const deps = { webhooks: webhookStore, secrets: webhookSecretBox, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, ifMatch }) => {
  const rotated = await rotateWebhookSecret(deps, asMember(caller), params.webhookId, ifMatch);
  return ok(toWebhookWithSecretDto(rotated), etag(rotated.version));
});
