/** Webhook endpoints and deliveries → response bodies (apart from the schemas: read handlers bundle no valibot). */
import type { Webhook, WebhookDelivery } from '#domain/webhook.ts';

/** Never a secret, sealed or not: the new one is added to the answers of a create and a rotation only. */
export const toWebhookDto = (w: Webhook) => ({
  id: w.id,
  accountId: w.accountId,
  url: w.url,
  eventTypes: w.eventTypes,
  description: w.description ?? null,
  status: w.status,
  disabledReason: w.disabledReason ?? null,
  failingSince: w.failingSince ?? null,
  createdAt: w.createdAt,
  updatedAt: w.updatedAt,
  version: w.version,
});

export const toWebhookWithSecretDto = (w: Webhook & { secret: string }) => ({ ...toWebhookDto(w), secret: w.secret });

/** What a delivery shows: its outcome so far, not its body. */
export const toDeliveryDto = (d: WebhookDelivery) => ({
  id: d.id,
  webhookId: d.webhookId,
  eventId: d.eventId,
  type: d.type,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode ?? null,
  lastError: d.lastError ?? null,
  lastResponse: d.lastResponse ?? null,
  nextAttemptAt: d.status === 'pending' ? (d.nextAttemptAt ?? null) : null,
  durationMs: d.durationMs ?? null,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});
