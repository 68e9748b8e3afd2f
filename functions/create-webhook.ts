import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookStore } from '#adapters/dynamodb/webhook-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { sealingIdempotency } from '#adapters/sealed-idempotency.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { webhookSecretBox } from '#adapters/webhook-secret-box.ts';
import { webhookLoopbackAllowed } from '#adapters/webhook-settings.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-webhook.ts';
import { asMember } from '#http/authenticate.ts';
import { created, etag } from '#http/responses.ts';
import { toWebhookWithSecretDto } from '#http/webhooks-dto.ts';
import { createWebhook } from '#use-cases/webhooks.ts';

const deps = { webhooks: webhookStore, secrets: webhookSecretBox, clock: systemClock, ids: ulidIds };

// a replayed answer carries the same signing secret: kept sealed in the idempotency record, never in clear
const idempotency = sealingIdempotency(idempotencyStore, webhookSecretBox, 'secret');

export const handler = api(
  route,
  { identity: accountAuthentication, idempotency: idempotencyWith(idempotency, systemClock) },
  async ({ caller, body, location }) => {
    const made = await createWebhook({ ...deps, allowLoopback: webhookLoopbackAllowed() }, asMember(caller), body);
    return created(location(made.id), toWebhookWithSecretDto(made), etag(made.version));
  },
);
