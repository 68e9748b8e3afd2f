import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookReads } from '#adapters/dynamodb/webhook-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-webhook.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toWebhookDto } from '#http/webhooks-dto.ts';
import { getWebhook } from '#use-cases/webhooks.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const webhook = await getWebhook({ webhooks: webhookReads }, asMember(caller), params.webhookId);
  return ok(toWebhookDto(webhook), etag(webhook.version));
});
