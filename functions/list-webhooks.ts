import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookReads } from '#adapters/dynamodb/webhook-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-webhooks.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { toWebhookDto } from '#http/webhooks-dto.ts';
import { listWebhooks } from '#use-cases/webhooks.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller }) => {
  const webhooks = await listWebhooks({ webhooks: webhookReads }, asMember(caller));
  return ok({ items: webhooks.map(toWebhookDto), nextCursor: null });
});
